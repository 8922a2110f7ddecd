from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User, VendorBlock
from core.fields import CatalogueSlugsField, WallClockField
from core.timezones import validate_time_zone
from intents.models import Term
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
    email_verified = serializers.BooleanField(read_only=True)
    preferred_terms = CatalogueSlugsField(
        queryset=Term.objects.all(),
        max_length=20,
        required=False,
        error_messages={"max_length": "At most 20 terms."},
        help_text="Added to every intent you post, besides the defaults.",
    )
    quiet_hours_start = WallClockField(required=False, allow_null=True)
    quiet_hours_end = WallClockField(required=False, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "email_verified",
            "role",
            "name",
            "alias",
            "phone",
            "time_zone",
            "date_joined",
            "vendor",
            *User.PREFERENCE_FIELDS,
        ]
        read_only_fields = ["id", "email", "role", "alias", "date_joined", "vendor"]
        extra_kwargs = {
            "time_zone": {"validators": [validate_time_zone]},
            "default_max_offers": {"min_value": 1, "max_value": 20},
        }

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_vendor(self, user: User) -> dict | None:
        membership = membership_of(self.context["request"])
        return MembershipSerializer(membership).data if membership else None

    def validate(self, data: dict) -> dict:
        start = data.get("quiet_hours_start", getattr(self.instance, "quiet_hours_start", None))
        end = data.get("quiet_hours_end", getattr(self.instance, "quiet_hours_end", None))
        if (start is None) != (end is None):
            raise serializers.ValidationError(
                {"quiet_hours_end": "Give quiet hours as a start and an end, or neither."}
            )
        return data


class KnownVendorField(serializers.PrimaryKeyRelatedField):
    """A business that received one of the customer's intents: the only ones the
    customer knows of (naming any other would tell them which ids exist)."""

    def get_queryset(self):
        from accounts.blocks import vendors_known_to

        return vendors_known_to(self.context["request"].user)


class VendorBlockSerializer(serializers.ModelSerializer):
    vendor = KnownVendorField(help_text="A business that received one of your intents.")
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)

    class Meta:
        model = VendorBlock
        fields = ["vendor", "vendor_name", "created_at"]
        read_only_fields = ["vendor_name", "created_at"]


class VerifyEmailSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500)
