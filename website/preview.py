"""The live parse preview: what Beckon read from the words, and what the customer set
by hand, as the intent would be posted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from core.timezones import zone_or_none
from intents.models import Category
from intents.parsing import parse_intent_text
from website import formatting
from website.models import SavedPlace

WORDS, YOU, USUAL, MISSING = "words", "you", "usual", "missing"


@dataclass(frozen=True)
class Item:
    label: str
    value: str
    source: str  # WORDS: read from the text; YOU: set in a field; USUAL: a default; MISSING
    field: str  # the id of the form field that changes it


def zone_for(user, data: QueryDict) -> ZoneInfo:
    """The customer's zone; for a visitor, the browser's (sent as `tz`)."""
    if user.is_authenticated:
        return user.zone
    return zone_or_none(data.get("tz")) or timezone.get_default_timezone()


def _local(value: str, zone: ZoneInfo) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=zone) if timezone.is_naive(moment) else moment


def build(data: QueryDict, user) -> list[Item]:
    """The preview items for the form `data`; empty when there are no words yet."""
    text = (data.get("text") or "").strip()
    if not text:
        return []
    zone = zone_for(user, data)
    now = timezone.now().astimezone(zone)
    parsed = parse_intent_text(text, now=now, tz=zone)
    return [
        _category(data, parsed),
        _when(data, parsed, zone, now),
        _budget(data, parsed),
        _quantity(data, parsed),
        _where(data, parsed, user),
    ]


def _category(data, parsed) -> Item:
    chosen = data.get("category")
    category = Category.objects.active().filter(slug=chosen).first() if chosen else None
    if category:
        return Item("What", category.name, YOU, "id_category")
    found = parsed.category and Category.objects.active().filter(slug=parsed.category).first()
    if found:
        return Item("What", found.name, WORDS, "id_category")
    return Item("What", "Not sure yet: choose a category", MISSING, "id_category")


def _when(data, parsed, zone: ZoneInfo, now: datetime) -> Item:
    starts = _local(data.get("starts_at") or "", zone)
    ends = _local(data.get("ends_at") or "", zone)
    if starts or ends:
        starts = starts or now
        ends = ends or starts + settings.INTENT_DEFAULT_WINDOW
        if ends > starts:
            return Item("When", formatting.window(starts, ends, zone, now), YOU, "id_starts_at")
    if parsed.starts_at and parsed.ends_at:
        return Item(
            "When",
            formatting.window(parsed.starts_at, parsed.ends_at, zone, now),
            WORDS,
            "starts_at",
        )
    hours = int(settings.INTENT_DEFAULT_WINDOW.total_seconds() // 3600)
    return Item("When", f"Any time in the next {hours} hours", USUAL, "id_starts_at")


def _budget(data, parsed) -> Item:
    try:
        amount = Decimal(data.get("budget_max") or "")
    except InvalidOperation:
        amount = None
    if amount is not None and amount.is_finite() and amount > 0:
        currency = data.get("currency") or parsed.currency or ""
        text = formatting.money(amount, currency) if currency else f"{amount} (which currency?)"
        return Item("Budget", f"Up to {text}", YOU, "id_budget_max")
    if parsed.budget_max is not None and parsed.currency:
        money = formatting.money(parsed.budget_max, parsed.currency)
        return Item("Budget", f"Up to {money}", WORDS, "id_budget_max")
    return Item("Budget", "None given: vendors name their price", USUAL, "id_budget_max")


def _quantity(data, parsed) -> Item:
    chosen = (data.get("quantity") or "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return Item("How many", chosen, YOU, "id_quantity")
    if parsed.quantity:
        return Item("How many", str(parsed.quantity), WORDS, "id_quantity")
    return Item("How many", "Not said", USUAL, "id_quantity")


def _where(data, parsed, user) -> Item:
    where = data.get("where") or "here"
    if where == "city" and (data.get("city") or "").strip():
        return Item("Where", data["city"].strip(), YOU, "id_where_1")
    if where == "saved" and user.is_authenticated:
        saved = SavedPlace.objects.filter(user=user).first()
        if saved:
            return Item("Where", f"{saved.name} (your saved place)", YOU, "id_where_2")
    if data.get("lat") and data.get("lng"):
        return Item("Where", "Near you (your current location)", YOU, "id_where_0")
    if parsed.place:
        return Item("Where", parsed.place.name, WORDS, "id_where_1")
    if parsed.near_me:
        return Item("Where", "Near you (we will ask your browser)", WORDS, "id_where_0")
    return Item("Where", "Not said: use your location or type a city", MISSING, "id_where_0")
