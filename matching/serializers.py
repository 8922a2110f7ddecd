"""A lead as its vendor sees it: the intent at the customer's chosen precision."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.geo import distance_km
from intents.disclosure import disclosed_point
from intents.models import Intent
from intents.serializers import MoneyField
from matching.models import Lead

CONTACT_HIDING_TERM = "platform-contact-only"


class AreaSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    precision_km = serializers.FloatField()


class CustomerContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()


class LeadIntentSerializer(serializers.ModelSerializer):
    """Never the customer's name, email or true point (unless they chose exact).
    Needs `lead` in its context: distances are from that lead's service point."""

    status = serializers.CharField(source="current_status")
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    budget_max = MoneyField(allow_null=True)
    terms = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    customer_alias = serializers.CharField(source="customer.alias")
    area = serializers.SerializerMethodField()
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Intent
        fields = [
            "id",
            "status",
            "text",
            "category",
            "starts_at",
            "ends_at",
            "budget_max",
            "currency",
            "quantity",
            "terms",
            "max_offers",
            "expires_at",
            "customer_alias",
            "area",
            "distance_km",
        ]
        read_only_fields = fields

    @extend_schema_field(AreaSerializer)
    def get_area(self, intent: Intent) -> dict:
        return disclosed_point(intent)._asdict()

    def get_distance_km(self, intent: Intent) -> float | None:
        """From the vendor's service point to the disclosed point, never the true one."""
        lead: Lead = self.context["lead"]
        origin = lead.subscription or lead.vendor
        if origin.lat is None:
            return None
        point = disclosed_point(intent)
        return round(distance_km(origin.lat, origin.lng, point.lat, point.lng), 1)


class LeadSerializer(serializers.ModelSerializer):
    intent = serializers.SerializerMethodField()
    customer_contact = serializers.SerializerMethodField()

    class Meta:
        model = Lead
        fields = [
            "id",
            "status",
            "score",
            "rank",
            "reasons",
            "matched_at",
            "viewed_at",
            "intent",
            "customer_contact",
        ]
        read_only_fields = fields

    @extend_schema_field(LeadIntentSerializer)
    def get_intent(self, lead: Lead) -> dict:
        return LeadIntentSerializer(lead.intent, context={**self.context, "lead": lead}).data

    @extend_schema_field(CustomerContactSerializer(allow_null=True))
    def get_customer_contact(self, lead: Lead) -> dict | None:
        """Only for the vendor whose offer the customer accepted, and only if the terms
        allow contact outside Beckon. Needs the `won` annotation (LeadQuerySet)."""
        if not getattr(lead, "won", False):
            return None
        if any(term.slug == CONTACT_HIDING_TERM for term in lead.intent.terms.all()):
            return None
        customer = lead.intent.customer
        return {"name": customer.name, "email": customer.email, "phone": customer.phone}
