"""Offers as customers and vendors see them, and what a vendor sends to make one."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intents.serializers import CurrencyField, MoneyField
from matching.serializers import CONTACT_HIDING_TERM
from offers.models import Offer

AVAILABLE_AT_SLACK = timedelta(minutes=5)  # "right now" typed a moment ago is still fine


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
        if any(term.slug == CONTACT_HIDING_TERM for term in offer.intent.terms.all()):
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
    available_at = serializers.DateTimeField(required=False, allow_null=True)
    valid_until = serializers.DateTimeField(required=False, allow_null=True)
    accept_terms = serializers.BooleanField(
        help_text="Must be true: you accept the customer's terms at their current versions."
    )

    def validate_accept_terms(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Accept the customer's terms to answer this intent.")
        return value

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
