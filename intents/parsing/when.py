"""When: a window [start, end] in the customer's zone from what they typed.

The text is read for four kinds of phrase (patterns in `when_patterns`, readers that turn
a match into days or hours in `when_readers`):
- days: "today", "tomorrow", "next friday", "12 September", "this weekend", "next month";
- times of day: "5am", "at 7", "this afternoon", "between 2 and 4pm";
- spans from now: "in the next three hours", "within the hour", "in 20 minutes";
- "now", "asap", "rn".
A day and a time combine ("tomorrow at 5am"); "by"/"before" make a deadline ("by friday"
is now until the end of Friday). Repeating schedules ("every week", "weekdays at noon",
"twice a week") are not one window, so they give none, and so does text with no time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from intents.parsing import dates
from intents.parsing import when_patterns as patterns
from intents.parsing.when_readers import DAY_READERS, IGNORED, TIME_READERS, DaySpan, TimeOfDay

IMMEDIATE_HOURS = 2  # "now": someone should be on it within two hours
EVENING_WORDS = re.compile(
    r"\b(?:dinner|supper|tonight|evening|night|drinks|bar|pub|party|gig|concert|club|"
    r"cocktails?|date night|show)\b"
)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    spans: tuple[tuple[int, int], ...] = ()


@dataclass
class _Found:
    days: list[DaySpan] = field(default_factory=list)
    times: list[TimeOfDay] = field(default_factory=list)
    relative: list[tuple[datetime, datetime, tuple[int, int]]] = field(default_factory=list)
    immediate: list[tuple[int, int]] = field(default_factory=list)
    ranges: list[tuple[date, date, tuple[int, int]]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, span: tuple[int, int]) -> bool:
        return not any(s < span[1] and span[0] < e for s, e in self.taken)

    def claim(self, span: tuple[int, int]) -> None:
        self.taken.append(span)

    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple(self.taken)


SCHEDULE_PERIOD = timedelta(hours=20)  # a day or more: "tomorrow", "next week", "3-10 june"


def _after_hours(now: datetime, hours: float) -> datetime:
    """`now` plus elapsed hours (through UTC, so a DST change does not bend it)."""
    return (now.astimezone(UTC) + timedelta(hours=hours)).astimezone(now.tzinfo)


def find_window(text: str, now: datetime, tz: ZoneInfo) -> Window | None:
    """The window stated in lower-case working text, or None if no time is stated."""
    if patterns.RECURRING.search(text):
        return _period_of_a_schedule(text, now, tz)
    found = _Found()
    for finder in (_ranges, _relative, _days, _times, _immediate):
        finder(text, now, found)
    window = _resolve(found, text, now, tz)
    if window is None:
        return None
    start, end = window
    if end <= now:
        return None
    start = max(start, now)
    return Window(start, end, found.spans())


def _period_of_a_schedule(text: str, now: datetime, tz: ZoneInfo) -> Window | None:
    """'feed the cats twice a day next week': a daily schedule within a stated period of a
    day or more is that period. Any other repeating schedule ('every week', 'weekdays') is not
    one window."""
    if not patterns.DAILY.search(text):
        return None
    rest = patterns.DAILY.sub(lambda m: " " * len(m.group()), text)
    if patterns.RECURRING.search(rest):
        return None
    window = find_window(rest, now, tz)
    if window is None or window.end - window.start < SCHEDULE_PERIOD:
        return None
    return window


# --- finders ---------------------------------------------------------------------------


def _deadline_before(text: str, start: int, one_day: bool = False) -> str | None:
    match = patterns.DEADLINE_PREFIX.search(text[:start])
    if not match:
        # "before my in-laws arrive tomorrow", "before a wedding friday": done by that day
        # ("before exams next month" still means next month)
        return "by" if one_day and patterns.BEFORE_EVENT.search(text[:start]) else None
    return "before" if match["word"] == "before" else "by"


def _ranges(text: str, now: datetime, found: _Found) -> None:
    today = now.date()
    for pattern in (patterns.RANGE_MONTH_DAYS, patterns.RANGE_DAYS_MONTH):
        for match in pattern.finditer(text):
            first_month = dates.MONTHS[match["m1"] or match["m2"]]
            last_month = dates.MONTHS[match["m2"] or match["m1"]]
            first = dates.next_date(today, first_month, int(match["d1"]))
            if not first:
                continue
            last = dates.next_date(first, last_month, int(match["d2"]))
            if last and last >= first and found.free(match.span()):
                found.ranges.append((first, last + timedelta(days=1), match.span()))
                found.claim(match.span())
    for match in patterns.RANGE_ORDINALS.finditer(text):  # "from the 20th to the 23rd"
        first = dates.nth_of_month(today, int(match["d1"]))
        if not first or not found.free(match.span()):
            continue
        last = dates.nth_of_month(first, int(match["d2"]))
        if last and last >= first:
            found.ranges.append((first, last + timedelta(days=1), match.span()))
            found.claim(match.span())
    for match in patterns.RANGE_WEEKDAYS.finditer(text):
        if not found.free(match.span()):
            continue
        first = dates.coming_weekday(today, dates.WEEKDAYS[match["w1"]], allow_today=True)
        last = dates.coming_weekday(first, dates.WEEKDAYS[match["w2"]], allow_today=True)
        found.ranges.append((first, last + timedelta(days=1), match.span()))
        found.claim(match.span())


def _relative(text: str, now: datetime, found: _Found) -> None:
    for match in patterns.NEXT_SPAN.finditer(text):
        count = _count(match["n"])
        if match["n"] is None and match["unit"].startswith(("day", "week")):
            continue  # "next week" is a calendar week, read by the day patterns
        hours = count * patterns.UNIT_HOURS[_unit(match["unit"])]
        _add_relative(found, now, _after_hours(now, hours), match.span())
    for match in patterns.WITHIN.finditer(text):
        hours = _count(match["n"]) * patterns.UNIT_HOURS[_unit(match["unit"])]
        _add_relative(found, now, _after_hours(now, hours), match.span())
    for match in patterns.IN_TIME.finditer(text):
        count, unit = match["n"] or match["n2"], match["unit"] or match["unit2"]
        hours = _count(count) * patterns.UNIT_HOURS[_unit(unit)]
        target = _after_hours(now, hours)
        _add_relative(found, now, target + max(timedelta(minutes=30), target - now), match.span())
    for match in patterns.IN_DAYS.finditer(text):
        if not found.free(match.span()):
            continue
        today = now.date()
        unit = _unit(match["unit"])
        if "few" in (match["n"], match["few"]):
            first, after = today + timedelta(days=2), today + timedelta(days=5)
        elif unit == "day":
            first = today + timedelta(days=_count(match["n"]))
            after = first + timedelta(days=1)
        else:
            weeks = _count(match["n"]) * (2 if unit == "fortnight" else 1)
            middle = today + timedelta(days=7 * weeks)
            first, after = middle - timedelta(days=3), middle + timedelta(days=4)
        found.days.append(DaySpan(first, after, match.span()))
        found.claim(match.span())


def _add_relative(found: _Found, now: datetime, end: datetime, span: tuple[int, int]) -> None:
    if found.free(span):
        found.relative.append((now, end, span))
        found.claim(span)


def _count(raw: str | None) -> float:
    if raw in (None, "a", "an", "the", "1"):
        return 1
    if raw in ("few",):
        return 3
    if raw.startswith("half"):
        return 0.5
    if raw.startswith("couple"):
        return 2
    return float(raw)


def _unit(raw: str) -> str:
    for unit in ("min", "hour", "day", "week", "fortnight", "month"):
        if raw.startswith(unit) or (unit == "hour" and raw in ("hr", "hrs", "h")):
            return unit
    return "hour"


def _days(text: str, now: datetime, found: _Found) -> None:
    for pattern, reader in DAY_READERS:
        for match in pattern.finditer(text):
            if not found.free(match.span()):
                continue
            if patterns.NOT_A_WINDOW_BEFORE.search(text[: match.start()]) or (
                match.group().endswith("this morning")
                and patterns.PAST_THIS_MORNING.search(text[: match.start()])
            ):
                found.claim(match.span())  # "year end 31 march", "since 3 may": a fact, no window
                continue
            day = reader(match, now, text)
            if day is None:
                continue
            if day is not IGNORED:
                said = patterns.DEADLINE_WORDS.get(match.groupdict().get("mod") or "")
                one_day = day.after - day.first == timedelta(days=1)
                day.deadline = said or _deadline_before(text, match.start(), one_day)
                found.days.append(day)
            found.claim(match.span())


def _times(text: str, now: datetime, found: _Found) -> None:
    for pattern, reader in TIME_READERS:
        for match in pattern.finditer(text):
            if not found.free(match.span()):
                continue
            moment = reader(match, now, text)
            if moment is not None:
                found.times.append(moment)
                found.claim(match.span())


def _immediate(text: str, now: datetime, found: _Found) -> None:
    for match in patterns.IMMEDIATE.finditer(text):
        if match.group() == "now" and (
            patterns.NARRATIVE_NOW_BEFORE.search(text[: match.start()])
            or patterns.NARRATIVE_NOW_AFTER.match(text[match.end() :])
        ):
            continue  # "and now it won't charge": the story so far, not "come now"
        if found.free(match.span()):
            found.immediate.append(match.span())
            found.claim(match.span())


# --- resolution -----------------------------------------------------------------------------


def _resolve(
    found: _Found, text: str, now: datetime, tz: ZoneInfo
) -> tuple[datetime, datetime] | None:
    if found.ranges:
        first, after, _ = found.ranges[0]
        return dates.local(first, tz), dates.local(after, tz)
    day = _pick_day(found.days)
    if day is not None and not (_is_today(day, now) and (found.relative or found.immediate)):
        return _day_window(day, found.times, text, now, tz)
    if found.relative:
        return found.relative[0][0], found.relative[0][1]
    if found.immediate:
        return now, _after_hours(now, IMMEDIATE_HOURS)
    if found.times:
        moment, part = _moment_and_part(found.times, None)
        return _time_today_or_tomorrow(moment, text, now, tz, part)
    return None


def _is_today(day: DaySpan, now: datetime) -> bool:
    """Plain "today": "now" or "in the next hour" said with it is the sharper window."""
    today = now.date()
    return day.first == today and day.after == today + timedelta(days=1) and day.part is None


def _pick_day(days: list[DaySpan]) -> DaySpan | None:
    """The narrowest day that lies inside all the others ("this weekend, saturday"), else
    the first one named."""
    if not days:
        return None
    for day in sorted(days, key=lambda d: d.after - d.first):
        if all(other.first <= day.first and day.after <= other.after for other in days):
            return day
    return days[0]


def _day_window(
    day: DaySpan, times: list[TimeOfDay], text: str, now: datetime, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    single = day.after - day.first == timedelta(days=1)
    if single and (times or day.part):
        moment, part = _moment_and_part(times, day.part)
        return _on_day(day.first, moment, part, text, now, tz)
    start, end = dates.local(day.first, tz), dates.local(day.after, tz)
    if day.deadline:
        return now, start if day.deadline == "before" else end
    nights = patterns.FOR_NIGHTS.search(text)
    if single and nights:
        count = int(nights["n"]) if nights["n"].isdigit() else 1
        end = dates.local(day.first + timedelta(days=count), tz, 12)
    return start, end


def _moment_and_part(
    times: list[TimeOfDay], part: tuple[float, float] | None
) -> tuple[TimeOfDay | None, tuple[float, float] | None]:
    """'tomorrow at 6 in the morning': the hour is the moment, the part of the day says which
    6 it is."""
    clocks = [t for t in times if t.mode != "part"]
    parts = [t for t in times if t.mode == "part"]
    if clocks and parts and clocks[0].ambiguous:
        return clocks[0], part or (parts[0].start, parts[0].end)
    return (times[0] if times else None), part


def _on_day(
    day: date,
    moment: TimeOfDay | None,
    part: tuple[float, float] | None,
    text: str,
    now: datetime,
    tz: ZoneInfo,
) -> tuple[datetime, datetime]:
    if moment is None:
        return _hours_on(day, part[0], part[1], tz)
    start, end = moment.start, moment.end
    if moment.ambiguous:
        start = _disambiguate(start, part, bool(EVENING_WORDS.search(text)), day, now)
        end = start + (moment.end - moment.start)
    if moment.mode == "by":  # "by 5pm": from now (or that morning) until then
        opens = now if day == now.date() else dates.local(day, tz)
        return opens, _hours_on(day, start, start, tz)[0]
    if moment.mode == "after":
        return _hours_on(day, start, max(end, 24), tz)
    return _hours_on(day, start, end, tz)


def _hours_on(day: date, start: float, end: float, tz: ZoneInfo) -> tuple[datetime, datetime]:
    def at(hours: float) -> datetime:
        whole_minutes = round(hours * 60)
        return dates.local(day, tz) + timedelta(minutes=whole_minutes)

    return at(start), at(end)


def _disambiguate(
    hour: float, part: tuple[float, float] | None, evening: bool, day: date, now: datetime
) -> float:
    """'at 7': the 7 that fits the part of day, else 1-6 are afternoon, 7-11 morning
    unless the text speaks of an evening, and today's past hours move to the afternoon."""
    later = hour + 12 if hour < 12 else hour
    if part:
        return later if part[0] <= later < part[1] + 1 and not part[0] <= hour < part[1] else hour
    if hour >= 12:
        return hour
    if hour < 7 or evening:
        return later
    if day == now.date() and hour <= now.hour + now.minute / 60 < later:
        return later
    return hour


def _time_today_or_tomorrow(
    moment: TimeOfDay,
    text: str,
    now: datetime,
    tz: ZoneInfo,
    part: tuple[float, float] | None = None,
) -> tuple[datetime, datetime]:
    today = now.date()
    if moment.relative_day is not None:
        return _on_day(today + timedelta(days=moment.relative_day), moment, part, text, now, tz)
    for day in (today, today + timedelta(days=1)):
        start, end = _on_day(day, moment, part, text, now, tz)
        if end > now:
            return start, end
    return _on_day(today + timedelta(days=1), moment, part, text, now, tz)
