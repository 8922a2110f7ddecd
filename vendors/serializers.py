"""A subscription on the API: `categories` holds leaf and group slugs alike."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.fields import CatalogueSlugsField
from intents.models import Category, CategoryGroup, Term
from intents.serializers import MAX_TERMS, CurrencyField, MoneyField
from vendors.hours import MAX_SPANS, parse_hours
from vendors.models import Subscription


class HoursSpanSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday")
    opens = serializers.CharField(max_length=5, help_text="HH:MM, vendor's time zone")
    closes = serializers.CharField(
        max_length=5, help_text="HH:MM; at or before opens = past midnight"
    )


class CategorySlugsField(serializers.ListField):
    """Reads as group slugs then leaf slugs; writes any mix of both."""

    def get_attribute(self, subscription: Subscription) -> list[str]:
        return [g.slug for g in subscription.groups.all()] + [
            c.slug for c in subscription.categories.all()
        ]


class SubscriptionSerializer(serializers.ModelSerializer):
    categories = CategorySlugsField(
        child=serializers.SlugField(max_length=64),
        min_length=1,
        max_length=100,
        help_text="Leaf category slugs, or group slugs for a whole group.",
    )
    accepted_terms = CatalogueSlugsField(
        queryset=Term.objects.all(),
        max_length=MAX_TERMS,
        required=False,
        error_messages={"max_length": f"At most {MAX_TERMS} terms."},
    )
    min_budget = MoneyField(min_value=Decimal(0), required=False, allow_null=True)
    currency = CurrencyField(required=False, allow_blank=True)
    hours = HoursSpanSerializer(many=True, required=False, max_length=MAX_SPANS)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "categories",
            "lat",
            "lng",
            "radius_km",
            "min_budget",
            "currency",
            "hours",
            "daily_cap",
            "accepted_terms",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "lat": {"min_value": -90, "max_value": 90},
            "lng": {"min_value": -180, "max_value": 180},
            "radius_km": {"min_value": 0.1, "max_value": 200},
            "daily_cap": {"min_value": 1, "max_value": 10000},
        }

    def validate_categories(self, slugs: list[str]) -> dict:
        slugs = list(dict.fromkeys(slugs))
        groups = list(CategoryGroup.objects.filter(slug__in=slugs))
        leaves = list(Category.objects.active().filter(slug__in=slugs))
        unknown = set(slugs) - {g.slug for g in groups} - {c.slug for c in leaves}
        if unknown:
            raise serializers.ValidationError(
                "Unknown category: " + ", ".join(sorted(unknown)) + ". See /api/v1/categories/."
            )
        return {"groups": groups, "categories": leaves}

    def validate_hours(self, spans: list[dict]) -> list[dict]:
        try:
            return [span.as_dict() for span in parse_hours([dict(s) for s in spans])]
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, data: dict) -> dict:
        min_budget = data.get("min_budget", getattr(self.instance, "min_budget", None))
        currency = data.get("currency", getattr(self.instance, "currency", ""))
        if min_budget is not None and not currency:
            raise serializers.ValidationError(
                {"currency": "Give the currency of the minimum budget."}
            )
        return data
