"""Shapes of intents, categories and terms on the API, and validation of what customers send."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from rest_framework import serializers

from core.fields import CatalogueSlugsField, MomentField
from core.money import MAX_AMOUNT, is_currency
from core.timezones import zone_or_none
from intents.models import AccessEvent, Category, Intent, Term
from intents.parsing import ParsedIntent, parse_intent_text

MAX_LEAD_TIME = timedelta(days=365)  # how far ahead an intent may start
MAX_WINDOW = timedelta(days=90)
# A start the customer typed may be this far behind the clock (the form took a while),
# no further: a window that began long ago is a mistake, not a request.
START_SLACK = timedelta(hours=1)
# Beyond this from now a time is not a plan but a typo (or an attack on date arithmetic:
# the year 9999 overflows as soon as a day is added); the rules above say why it fails.
PLAUSIBLE = timedelta(days=3650)
MAX_TERMS = 20


class CategorySerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "group", "group_name"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["slug", "title", "summary", "version", "is_default"]


class CurrencyField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_length", 3)
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if not is_currency(code):
            raise serializers.ValidationError(f"'{code}' is not an ISO 4217 currency code.")
        return code


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)


class IntentSerializer(serializers.ModelSerializer):
    """The customer's own view of an intent."""

    status = serializers.CharField(source="current_status", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    terms = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    leads_count = serializers.IntegerField(read_only=True)
    offers_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Intent
        fields = [
            "id",
            "status",
            "text",
            "category",
            "lat",
            "lng",
            "radius_km",
            "place_name",
            "starts_at",
            "ends_at",
            "budget_max",
            "currency",
            "quantity",
            "terms",
            "disclosure",
            "max_offers",
            "expires_at",
            "created_at",
            "leads_count",
            "offers_count",
            "alias",
            "awaiting_verification",
        ]
        read_only_fields = fields


class IntentCreateSerializer(serializers.Serializer):
    """What a customer may send. Every field but `text` is optional: what is omitted is
    read from the text, and what the text does not say takes the intent's defaults."""

    text = serializers.CharField(max_length=1000)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.active(), required=False
    )
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False)
    lng = serializers.FloatField(min_value=-180, max_value=180, required=False)
    radius_km = serializers.FloatField(min_value=0.1, max_value=200, required=False)
    starts_at = MomentField(
        past=PLAUSIBLE,
        ahead=PLAUSIBLE,
        required=False,
        error_messages={
            "too_early": "A time window cannot start in the past.",
            "too_late": "An intent can start at most a year ahead.",
        },
    )
    ends_at = MomentField(
        past=PLAUSIBLE,
        ahead=PLAUSIBLE,
        required=False,
        error_messages={
            "too_early": "The time window is already over.",
            "too_late": "An intent can end at most a year and 90 days ahead.",
        },
    )
    budget_max = MoneyField(min_value=Decimal("0.01"), required=False, allow_null=True)
    currency = CurrencyField(required=False, allow_null=True)
    quantity = serializers.IntegerField(
        min_value=1, max_value=10000, required=False, allow_null=True
    )
    terms = CatalogueSlugsField(
        queryset=Term.objects.all(),
        max_length=MAX_TERMS,
        required=False,
        error_messages={"max_length": f"At most {MAX_TERMS} terms."},
    )
    disclosure = serializers.ChoiceField(choices=Intent.Disclosure.choices, required=False)
    max_offers = serializers.IntegerField(min_value=1, max_value=20, required=False)

    def given(self, name: str) -> bool:
        return name in self.initial_data

    def validate(self, data: dict) -> dict:
        user = self.context["request"].user
        now = timezone.now()
        zone = zone_or_none(getattr(user, "time_zone", None)) or timezone.get_default_timezone()
        parsed = parse_intent_text(data["text"], now=now.astimezone(zone), tz=zone)
        errors: dict[str, str] = {}

        if "category" not in data:
            category = (
                parsed.category and Category.objects.active().filter(slug=parsed.category).first()
            )
            if category:
                data["category"] = category
            else:
                errors["category"] = "Could not tell the category from the text; choose one."

        self._fill_location(data, parsed, errors)
        self._fill_window(data, parsed, now, errors)
        self._fill_budget(data, parsed, errors)
        if not self.given("quantity") and parsed.quantity:
            data["quantity"] = parsed.quantity
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def _fill_location(self, data: dict, parsed: ParsedIntent, errors: dict) -> None:
        has_lat, has_lng = "lat" in data, "lng" in data
        if has_lat != has_lng:
            errors["lng" if has_lat else "lat"] = "Give lat and lng together."
        elif not has_lat:
            if parsed.place:
                data.update(
                    lat=parsed.place.lat, lng=parsed.place.lng, place_name=parsed.place.name
                )
            else:
                errors["location"] = (
                    "Say where: send lat and lng (for 'near me'), or name a city in the text."
                )

    def _fill_window(self, data: dict, parsed: ParsedIntent, now: datetime, errors: dict) -> None:
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at is None and ends_at is None and parsed.starts_at and parsed.ends_at:
            starts_at, ends_at = parsed.starts_at, parsed.ends_at
        if starts_at is None and ends_at is None:
            return  # the intent's default window applies
        starts_at = starts_at or min(now, ends_at)
        ends_at = ends_at or starts_at + timedelta(hours=24)
        if ends_at <= starts_at:
            errors["ends_at"] = "The end of the time window must be after its start."
        elif ends_at <= now:
            errors["ends_at"] = "The time window is already over."
        elif self.given("starts_at") and starts_at < now - START_SLACK:
            errors["starts_at"] = "A time window cannot start in the past."
        elif starts_at > now + MAX_LEAD_TIME:
            errors["starts_at"] = "An intent can start at most a year ahead."
        elif ends_at - starts_at > MAX_WINDOW:
            errors["ends_at"] = "A time window can be at most 90 days long."
        data["starts_at"], data["ends_at"] = starts_at, ends_at

    def _fill_budget(self, data: dict, parsed: ParsedIntent, errors: dict) -> None:
        if not self.given("budget_max") and parsed.budget_max is not None:
            data["budget_max"] = parsed.budget_max
            data.setdefault("currency", parsed.currency)
        if data.get("budget_max") is not None and not data.get("currency"):
            if parsed.currency:
                data["currency"] = parsed.currency
            else:
                errors["currency"] = "Give the currency of the budget, like GBP or EUR."


class ParseRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000)
    now = serializers.CharField(
        required=False, max_length=40, help_text="ISO 8601 local time, like 2026-03-14T11:30."
    )
    tz = serializers.CharField(required=False, max_length=64, help_text="IANA zone name.")
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False)
    lng = serializers.FloatField(min_value=-180, max_value=180, required=False)

    def validate_tz(self, value: str) -> ZoneInfo:
        zone = zone_or_none(value)
        if zone is None:
            raise serializers.ValidationError(
                f"'{value}' is not an IANA time zone, like Europe/London."
            )
        return zone

    def validate_now(self, value: str) -> datetime:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise serializers.ValidationError(
                "Give a local time in ISO 8601, like 2026-03-14T11:30."
            ) from None
        # Compared as wall-clock times: a zone's offset is nothing at this scale.
        if abs(moment.replace(tzinfo=None) - timezone.now().replace(tzinfo=None)) > PLAUSIBLE:
            raise serializers.ValidationError("Give a time within ten years of today.")
        return moment

    def validate(self, data: dict) -> dict:
        """Settle the zone first (given, else the customer's, else the server's), then read
        `now` in it: a naive time is wall-clock time there, an aware one is converted."""
        user = self.context["request"].user
        zone = data.get("tz") or zone_or_none(getattr(user, "time_zone", None))
        data["tz"] = zone = zone or timezone.get_default_timezone()
        now = data.get("now") or timezone.now()
        data["now"] = now.replace(tzinfo=zone) if timezone.is_naive(now) else now.astimezone(zone)
        return data


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField()
    lat = serializers.FloatField()
    lng = serializers.FloatField()


class ParseResultSerializer(serializers.Serializer):
    category = serializers.CharField(allow_null=True)
    confidence = serializers.FloatField()
    alternatives = serializers.ListField(child=serializers.CharField())
    budget_max = MoneyField(allow_null=True)
    currency = serializers.CharField(allow_null=True)
    quantity = serializers.IntegerField(allow_null=True)
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    place = PlaceSerializer(allow_null=True)
    near_me = serializers.BooleanField()


class AccessEventSerializer(serializers.ModelSerializer):
    vendor = serializers.CharField(source="vendor.name", help_text="The business.")
    by = serializers.SerializerMethodField(help_text="The person at the business.")
    description = serializers.CharField(source="get_what_display")

    class Meta:
        model = AccessEvent
        fields = ["id", "what", "description", "vendor", "by", "at"]
        read_only_fields = fields

    def get_by(self, event: AccessEvent) -> str | None:
        return event.user.name if event.user else None
