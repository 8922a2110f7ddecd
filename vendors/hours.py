"""Weekly opening hours, kept as the API shows them: [{weekday, opens, closes}].

Weekdays count from Monday = 0. Times are wall-clock times in the vendor's zone. A span
whose `closes` is at or before `opens` runs past midnight into the next day ("18:00" to
"02:00"); "00:00" to "00:00" is open all day; "24:00" is accepted as a closing time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_SPANS = 50


@dataclass(frozen=True)
class Span:
    weekday: int
    opens: time
    closes: time

    def interval_on(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The span as aware datetimes, for a `day` that falls on its weekday."""
        start = datetime.combine(day, self.opens, tzinfo=zone)
        end_day = day if self.closes > self.opens else day + timedelta(days=1)
        return start, datetime.combine(end_day, self.closes, tzinfo=zone)

    def label(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def as_dict(self) -> dict:
        return {
            "weekday": self.weekday,
            "opens": f"{self.opens:%H:%M}",
            "closes": f"{self.closes:%H:%M}",
        }


def _parse_time(value: object, field: str) -> time:
    if value == "24:00" and field == "closes":
        return time(0, 0)
    match = _HHMM.match(value) if isinstance(value, str) else None
    if not match:
        raise ValidationError(f"{field} must be a time like 09:30 (24-hour clock).")
    return time(int(match[1]), int(match[2]))


def parse_hours(raw: object) -> list[Span]:
    """Validate the API's list of spans; raises ValidationError with a readable message."""
    if not isinstance(raw, list):
        raise ValidationError("Opening hours must be a list of {weekday, opens, closes}.")
    if len(raw) > MAX_SPANS:
        raise ValidationError(f"At most {MAX_SPANS} opening-hour spans.")
    spans = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or set(item) != {"weekday", "opens", "closes"}:
            raise ValidationError(
                f"Span {position}: give exactly weekday (0 = Monday … 6 = Sunday), opens, closes."
            )
        weekday = item["weekday"]
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise ValidationError(f"Span {position}: weekday must be 0 (Monday) to 6 (Sunday).")
        try:
            spans.append(
                Span(
                    weekday,
                    _parse_time(item["opens"], "opens"),
                    _parse_time(item["closes"], "closes"),
                )
            )
        except ValidationError as error:
            raise ValidationError(f"Span {position}: {error.messages[0]}") from error
    return spans


def spans_from_json(raw: list[dict]) -> list[Span]:
    """Spans from what is stored (already validated)."""
    return [
        Span(
            item["weekday"],
            _parse_time(item["opens"], "opens"),
            _parse_time(item["closes"], "closes"),
        )
        for item in raw
    ]


def first_open_span(
    spans: list[Span], zone: ZoneInfo, start: datetime, end: datetime
) -> tuple[Span, datetime] | None:
    """The first span open at some moment in [start, end), with when it opens; None if
    the business is closed throughout. No spans at all means always open."""
    if not spans:
        return None
    # Compare absolute instants: with start/end in UTC and the spans in the vendor's
    # zone, Python compares through UTC, which keeps DST changes honest.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    local_start = start.astimezone(zone)
    # Start a day early: yesterday's late span may run past midnight into the window.
    day = local_start.date() - timedelta(days=1)
    last_day = end.astimezone(zone).date()
    best: tuple[Span, datetime] | None = None
    while day <= last_day:
        for span in spans:
            if span.weekday != day.weekday():
                continue
            opens, closes = span.interval_on(day, zone)
            if opens < end and closes > start and (best is None or opens < best[1]):
                best = (span, opens)
        if best is not None:
            return best
        day += timedelta(days=1)
    return None


def is_open_during(spans: list[Span], zone: ZoneInfo, start: datetime, end: datetime) -> bool:
    return not spans or first_open_span(spans, zone, start, end) is not None
