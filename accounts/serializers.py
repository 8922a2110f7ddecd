from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from core.timezones import validate_time_zone
from vendors.permissions import membership_of


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "role"]


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=128, style={"input_type": "password"}
    )
    role = serializers.ChoiceField(choices=[User.Role.CUSTOMER, User.Role.VENDOR])
    name = serializers.CharField(
        max_length=120, help_text="Your name, or the business name for a vendor."
    )

    def validate_email(self, email: str) -> str:
        email = email.lower()
        if User.objects.filter(email__iexact=email).exists():
            raise serializers.ValidationError("An account with this email already exists.")
        return email

    def validate(self, data: dict) -> dict:
        try:
            password_validation.validate_password(
                data["password"], User(email=data["email"], name=data["name"])
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error
        return data


class RegisteredSerializer(serializers.Serializer):
    user = UserSummarySerializer()
    token = serializers.CharField()


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="vendor.id")
    name = serializers.CharField(source="vendor.name")
    role = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    vendor = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "role",
            "name",
            "alias",
            "phone",
            "time_zone",
            "date_joined",
            "vendor",
        ]
        read_only_fields = ["id", "email", "role", "alias", "date_joined", "vendor"]
        extra_kwargs = {"time_zone": {"validators": [validate_time_zone]}}

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_vendor(self, user: User) -> dict | None:
        membership = membership_of(self.context["request"])
        return MembershipSerializer(membership).data if membership else None
