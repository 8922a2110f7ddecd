"""Filters for the portal's pages: money, times in the business's zone, distances as
disclosed, rates and durations."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.timezones import zone_or_none
from portal import describe
from website import formatting
from website.templatetags import customer

register = template.Library()

NONE = "\u2013"  # an en dash where there is no number yet


# The same money, time-left and distance wording as the customer pages.
register.filter(customer.money)
register.filter(customer.time_left)
register.filter(customer.distance)


@register.filter
def shown_distance(lead):
    """From the lead's service point to what the customer disclosed."""
    return formatting.distance(describe.shown_distance(lead))


@register.filter
def hours(spans):
    return describe.hours_summary(spans)


@register.filter
def pct(rate):
    return NONE if rate is None else f"{rate * 100:.0f}%"


@register.filter
def minutes(value):
    if value is None:
        return NONE
    if value < 1:
        return "under a minute"
    return formatting.duration(timedelta(minutes=value))


@register.simple_tag(takes_context=True)
def window(context, starts, ends):
    zone = zone_or_none(context.get("vendor_zone")) or ZoneInfo("UTC")
    return formatting.window(starts, ends, zone, timezone.now())


@register.simple_tag(takes_context=True)
def nav_current(context, *names):
    """aria-current for the nav link of the page being shown."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match and match.url_name in names:
        return mark_safe('aria-current="page"')
    return ""


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template; nothing when it is missing."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
