"""Filters for the customer pages: money, time left, time windows, distances."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from core.timezones import zone_or_none
from website import formatting

register = template.Library()


@register.filter
def money(amount, currency):
    return formatting.money(amount, currency)


@register.filter
def time_left(until):
    return formatting.time_left(until, timezone.now())


@register.filter
def distance(km):
    return formatting.distance(km)


@register.simple_tag(takes_context=True)
def window(context, starts, ends):
    zone = zone_or_none(context.get("user_zone")) or ZoneInfo("UTC")
    return formatting.window(starts, ends, zone, timezone.now())
