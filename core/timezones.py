from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError

ZONE_NAMES = frozenset(available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in ZONE_NAMES:
        raise ValidationError(f"'{value}' is not an IANA time zone name, like Europe/London.")


def zone_or_none(value: str | None) -> ZoneInfo | None:
    if not value or value not in ZONE_NAMES:
        return None
    try:
        return ZoneInfo(value)
    except ZoneInfoNotFoundError:
        return None
