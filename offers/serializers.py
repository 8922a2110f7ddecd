"""Offers as customers and vendors see them, and what a vendor sends to make one."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import MomentField
from intents.disclosure import CONTACT_HIDING_TERM
from intents.serializers import CurrencyField, MoneyField
from offers.models import Offer

AVAILABLE_AT_SLACK = timedelta(minutes=5)  # "right now" typed a moment ago is still fine
HORIZON = timedelta(days=365)  # no offer is about something further ahead than this


class OfferVendorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="vendor.id")
    name = serializers.CharField(source="vendor.name")
    rating = serializers.DecimalField(
        source="vendor.rating", max_digits=2, decimal_places=1, allow_null=True
    )
    distance_km = serializers.SerializerMethodField()

    def get_distance_km(self, offer: Offer) -> float:
        return round(offer.lead.distance_km, 1)


class VendorContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    address = serializers.CharField()


class OfferSerializer(serializers.ModelSerializer):
    """The customer's view of an offer on one of their intents."""

    status = serializers.CharField(source="current_status", read_only=True)
    price = MoneyField()
    vendor = serializers.SerializerMethodField()
    vendor_contact = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "status",
            "price",
            "currency",
            "message",
            "available_at",
            "valid_until",
            "created_at",
            "vendor",
            "vendor_contact",
        ]
        read_only_fields = fields

    @extend_schema_field(OfferVendorSerializer)
    def get_vendor(self, offer: Offer) -> dict:
        return OfferVendorSerializer(offer).data

    @extend_schema_field(VendorContactSerializer(allow_null=True))
    def get_vendor_contact(self, offer: Offer) -> dict | None:
        """After acceptance, how to reach the vendor, unless the customer keeps all
        talk on Beckon."""
        if offer.status != Offer.Status.ACCEPTED:
            return None
        if offer.intent.carries(CONTACT_HIDING_TERM):
            return None
        vendor = offer.vendor
        return {
            "name": vendor.name,
            "email": vendor.email,
            "phone": vendor.phone,
            "address": vendor.address,
        }


class VendorOfferSerializer(serializers.ModelSerializer):
    """The vendor's view of its own offer."""

    status = serializers.CharField(source="current_status", read_only=True)
    price = MoneyField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "status",
            "price",
            "currency",
            "message",
            "available_at",
            "valid_until",
            "created_at",
            "decided_at",
            "lead",
            "intent",
        ]
        read_only_fields = fields


class MakeOfferSerializer(serializers.Serializer):
    price = MoneyField(min_value=Decimal(0))
    currency = CurrencyField(required=False)
    message = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    available_at = MomentField(
        ahead=HORIZON,
        required=False,
        allow_null=True,
        error_messages={"too_late": "When you can deliver must be within a year from now."},
    )
    valid_until = MomentField(
        ahead=HORIZON,
        required=False,
        allow_null=True,
        error_messages={"too_late": "An offer can be valid for at most a year."},
    )
    accept_terms = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True accepts the customer's terms, at the versions the intent carries, "
        "with this offer. Without it (or an earlier accept-terms) the answer is 403.",
    )

    def validate_available_at(self, value):
        if value is not None and value < timezone.now() - AVAILABLE_AT_SLACK:
            raise serializers.ValidationError("When you can deliver cannot be in the past.")
        return value

    def validate_valid_until(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError("An offer must be valid for some time from now.")
        return value

    def validate(self, data: dict) -> dict:
        """Currency defaults to the customer's budget currency (context `intent`)."""
        if not data.get("currency"):
            data["currency"] = self.context["intent"].currency
            if not data["currency"]:
                raise serializers.ValidationError({"currency": "Give the offer's currency."})
        return data
