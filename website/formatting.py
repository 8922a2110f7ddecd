"""Words for numbers and times, as customers read them: "US$30", "Now until 12:40",
"2 h 5 min left"."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.money import format_money

DASH = "\u2013"  # an en dash between two times


def money(amount: Decimal | None, currency: str | None) -> str:
    if amount is None or not currency:
        return ""
    text = format_money(amount, currency)
    return text.removesuffix(".00")


def duration(delta: timedelta) -> str:
    """A short, rounded-down length of time: "45 min", "2 h 5 min", "3 days"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


def time_left(until: datetime | None, now: datetime) -> str:
    if until is None:
        return ""
    if until <= now:
        return "ended"
    return f"{duration(until - now)} left"


def _day(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.date()).days
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days == -1:
        return "Yesterday"
    if 1 < days < 7:
        return moment.strftime("%A")
    return f"{moment:%a} {moment.day} {moment:%b}"


def window(starts: datetime | None, ends: datetime | None, zone: ZoneInfo, now: datetime) -> str:
    """'Now until 12:40', 'Today 18:00 to 23:00' (with a dash), 'Tomorrow'."""
    if not starts or not ends:
        return ""
    starts, ends, now = starts.astimezone(zone), ends.astimezone(zone), now.astimezone(zone)
    last = ends - timedelta(microseconds=1)
    if starts.time() == ends.time() == datetime.min.time():  # whole days
        first_day, last_day = _day(starts, now), _day(last, now)
        return first_day if starts.date() == last.date() else f"{first_day} {DASH} {last_day}"
    end = f"{ends:%H:%M}" if starts.date() == last.date() else f"{_day(ends, now)} {ends:%H:%M}"
    if starts <= now + timedelta(minutes=1) and now < ends:
        if ends.date() == now.date():
            return f"Now until {ends:%H:%M}"
        return f"Now until {_day(ends, now)} {ends:%H:%M}"
    return f"{_day(starts, now)} {starts:%H:%M} {DASH} {end}"


def distance(km: float | None) -> str:
    if km is None:
        return ""
    if km < 1:
        return f"{round(km * 1000, -1):.0f} m"
    return f"{km:.1f} km"
