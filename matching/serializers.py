"""A lead as its vendor sees it: the intent at the customer's chosen precision."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.geo import distance_km
from intents.disclosure import customer_alias, customer_contact, customer_signals, disclosed_point
from intents.models import Intent
from intents.serializers import MoneyField
from matching.models import Lead


class AreaSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    precision_km = serializers.FloatField()


class CustomerContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()


class CustomerSignalsSerializer(serializers.Serializer):
    email_verified = serializers.BooleanField()
    account_age = serializers.CharField(help_text="under a month | 1 to 12 months | over a year")
    intents_accepted = serializers.IntegerField(
        help_text="How many of the customer's intents ended in an accepted offer."
    )


class LeadIntentSerializer(serializers.ModelSerializer):
    """Never the customer's name, email or true point (unless they chose exact), and
    not the free text until the business accepted the intent's terms. Needs `lead` (from
    LeadQuerySet.with_disclosure) in its context: distances are from its service point."""

    text = serializers.SerializerMethodField(
        help_text="Null until your business accepts the customer's terms."
    )
    status = serializers.CharField(source="current_status")
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    budget_max = MoneyField(allow_null=True)
    terms = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    customer_alias = serializers.SerializerMethodField()
    customer_signals = serializers.SerializerMethodField()
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
            "customer_signals",
            "area",
            "distance_km",
        ]
        read_only_fields = fields

    def get_text(self, intent: Intent) -> str | None:
        return intent.text if self.context["lead"].terms_accepted else None

    def get_customer_alias(self, intent: Intent) -> str:
        return customer_alias(intent, recognised=self.context["lead"].recognised)

    @extend_schema_field(CustomerSignalsSerializer(allow_null=True))
    def get_customer_signals(self, intent: Intent) -> dict | None:
        lead = self.context["lead"]
        return customer_signals(
            intent, accepted_before=lead.customer_accepted_intents, now=timezone.now()
        )

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
    """Needs a lead from LeadQuerySet.with_disclosure."""

    terms_accepted = serializers.BooleanField(read_only=True)
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
            "terms_accepted",
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
        allow contact outside Beckon (intents.disclosure.customer_contact)."""
        return customer_contact(lead.intent, won=lead.won)
