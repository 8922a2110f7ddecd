"""Readers for the day and time-of-day phrases in `when_patterns`: each turns a match into
a DaySpan (whole days) or a TimeOfDay (hours), or None when the match is not a time after
all ("sat nav", "i may"). `DAY_READERS` and `TIME_READERS` list them in the order they are
tried; a longer, more specific phrase comes first and claims its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from intents.parsing import currencies, dates
from intents.parsing import when_patterns as patterns

IGNORED = object()  # a phrase that names a time but no window ("last week"): claim, skip


@dataclass
class DaySpan:
    first: date
    after: date  # the day after the last one
    span: tuple[int, int]
    deadline: str | None = None  # "by" (end of the day) or "before" (its start)
    part: tuple[float, float] | None = None  # "tonight" carries its own part of day


@dataclass
class TimeOfDay:
    """Hours from midnight; an unresolved 1-12 o'clock keeps `ambiguous` set."""

    start: float
    end: float
    span: tuple[int, int]
    mode: str = "at"  # at | by | after | range | part
    ambiguous: bool = False
    relative_day: int | None = None  # "in the morning" said after breakfast is tomorrow's


# --- days ------------------------------------------------------------------------------


# After "for <named day>", a word that makes the day a kind of thing rather than a date.
_MODIFIER_AFTER = re.compile(
    r"\s(?!day\b|eve\b|weekend\b|long\b|week\b|holidays?\b|break\b|morning\b|afternoon\b|"
    r"evening\b|night\b|lunch\b|dinner\b|and\b|or\b|in\b|at\b|on\b|with\b|this\b|next\b|"
    r"please\b|pls\b|for\b|from\b|to\b|until\b|till\b|if\b|so\b|but\b|we\b|i\b|my\b|"
    r"our\b|the\b|a\b|it\b|is\b|are\b|will\b|\d)[a-z]{3,}"
)


def read_holiday(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    if match["mod"] == "for" and _MODIFIER_AFTER.match(text[match.end() :]):
        return IGNORED  # "for christmas family photos", "for halloween costumes": a kind of thing
    if match["hw"]:  # "anzac weekend", "labor day weekend": the weekend around the day
        name = match["hw"].replace("'", "") + " day"
    else:
        name = (match["h"] or match["h2"]).replace("xmas", "christmas").replace("'", "")
    country = currencies.country_for_zone(getattr(now.tzinfo, "key", ""))
    span = dates.holiday(name, now.date(), country)
    if span is None:
        return None
    first, after = span
    tail = re.match(r"\s(?:day\s)?(?:long\s)?weekend\b", text[match.end() :])
    if tail and after - first == timedelta(days=1):
        # "the australia day long weekend": the weekend the day falls on or next to
        weekday = first.weekday()
        if weekday == 0:  # a Monday holiday: Saturday to Monday
            first -= timedelta(days=2)
        elif weekday == 4:  # a Friday: Friday to Sunday
            after += timedelta(days=2)
        elif weekday in (5, 6):  # on the weekend itself: that Saturday and Sunday
            first -= timedelta(days=weekday - 5)
            after = first + timedelta(days=2)
        return DaySpan(first, after, (match.start(), match.end() + len(tail[0])))
    # New Year's Eve is its evening; Christmas Eve is the whole day (shops, visits, Santa)
    evening = "eve" in name and "christmas" not in name
    return DaySpan(first, after, match.span(), part=(18, 24) if evening else None)


def read_iso(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return DaySpan(day, day + timedelta(days=1), match.span())


def read_day_month(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    year = int(match["y"]) if match["y"] else None
    day = dates.next_date(now.date(), dates.MONTHS[match["m"]], int(match["d"]), year)
    return DaySpan(day, day + timedelta(days=1), match.span()) if day else None


def read_numeric(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    a = int(match["a"] or match["a2"] or match["a3"])
    b = int(match["b"] or match["b2"] or match["b3"])
    if (a, b) == (24, 7):
        return None
    raw_year = match["y"] or match["y2"]
    year = int(raw_year) if raw_year else None
    if year is not None and year < 100:
        year += 2000
    month_first = getattr(now.tzinfo, "key", "").startswith(("America/", "US/"))
    day, month = (b, a) if month_first else (a, b)
    if not 0 < month < 13:
        day, month = month, day  # 25/12 typed in New York is still Christmas
    if not 0 < month < 13:
        return None
    found = dates.next_date(now.date(), month, day, year)
    return DaySpan(found, found + timedelta(days=1), match.span()) if found else None


def read_nth(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    day = dates.nth_of_month(now.date(), int(match["d"]))
    return DaySpan(day, day + timedelta(days=1), match.span()) if day else None


def read_weekday(match: re.Match[str], now: datetime, text: str) -> DaySpan | object | None:
    word, mod, post = match["wd"], match["mod"] or "", match["post"] or ""
    if mod == "last" or post.strip() == "last week":
        return IGNORED
    if not mod and _ANY_BEFORE.search(text[: match.start()]):
        return IGNORED  # "a quiz on a wednesday", "any saturday": a kind of day, not a date
    if (
        word in patterns.RISKY_WEEKDAYS
        and not mod
        and not patterns.PART_AFTER.match(text[match.end() :])
        and not _last_word_day(match, text)
    ):
        return None  # "sat nav", "sun cream": only a day with "on", "this", "next"...
    weekday, today = dates.WEEKDAYS[word], now.date()
    if mod == "next" or "next week" in post:
        day = dates.weekday_next_week(today, weekday)
        if "after next" in post:
            day += timedelta(days=7)
    else:
        # "this saturday" said on a Saturday is today; plain "saturday" is the next one
        # (today would have been "today").
        day = dates.coming_weekday(today, weekday, allow_today=mod == "this")
        if post.strip() in ("week", "after next"):  # "saturday week": a week on saturday
            day += timedelta(days=7)
    return DaySpan(day, day + timedelta(days=1), match.span())


_ANY_BEFORE = re.compile(r"\b(?:a|any|one|some)\s$")
_ENDS = re.compile(r"^[\s.,!?;)]*$")
_PRONOUN_BEFORE = re.compile(r"\b(?:i|we|he|she|they|it|you|who|dog|cat)\s$")


def _last_word_day(match: re.Match[str], text: str) -> bool:
    """'move a sofa across town sat': a short day name closing the request is the day
    ('sun' never: 'somewhere in the sun'); 'where i sat' is not."""
    return (
        match["wd"] in ("sat", "wed", "mon")
        and bool(_ENDS.match(text[match.end() :]))
        and not _PRONOUN_BEFORE.search(text[: match.start()])
    )


def read_relative_day(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    word, today = match["w"], now.date()
    if word in patterns.TODAY_WORDS:
        return DaySpan(today, today + timedelta(days=1), match.span())
    if word in patterns.TONIGHT_WORDS:
        return DaySpan(today, today + timedelta(days=1), match.span(), part=patterns.PARTS["night"])
    if word.startswith("this ") or word == "later today":
        part = patterns.PARTS.get(word.split()[-1]) if word != "later today" else None
        return DaySpan(today, today + timedelta(days=1), match.span(), part=part)
    offset = 2 if word.startswith("day after") else 1
    day = today + timedelta(days=offset)
    return DaySpan(day, day + timedelta(days=1), match.span())


def read_period(match: re.Match[str], now: datetime, text: str) -> DaySpan | object | None:
    phrase = " ".join(match["p"].split())
    today = now.date()
    span = dates.period_bounds(phrase, today, now)
    if span is None:
        return IGNORED if phrase.startswith("last") else None
    return DaySpan(span[0], span[1], match.span())


def read_month(match: re.Match[str], now: datetime, text: str) -> DaySpan | None:
    word, mod = match["m"], (match["mod"] or "").strip()
    if not mod and not match["y"] and word in patterns.RISKY_MONTHS:
        return None  # "i may need", "march": a month only with "in", "early", "by", a year...
    year = int(match["y"]) if match["y"] else None
    first, after = dates.month_bounds(now.date(), dates.MONTHS[word], year)
    if mod == "next" and first <= now.date() and year is None:
        first, after = dates.month_bounds(first.replace(year=first.year + 1), first.month)
    if mod in ("early", "beginning of", "start of", "the start of", "the beginning of"):
        after = first + timedelta(days=10)
    elif mod == "mid":
        first, after = first + timedelta(days=9), first + timedelta(days=21)
    elif mod in ("late", "end of", "the end of"):
        first = after - timedelta(days=7)
    return DaySpan(first, after, match.span())


# --- times of day --------------------------------------------------------------------


def _hour(raw: str, minutes: str | None, meridiem: str | None) -> tuple[float, bool] | None:
    hour = int(raw)
    value = hour + (int(minutes) / 60 if minutes else 0)
    if meridiem and meridiem.startswith("p"):
        return (value + 12 if hour < 12 else value), False
    if meridiem and meridiem.startswith("a"):
        return (value - 12 if hour == 12 else value), False
    if hour > 24 or (minutes and int(minutes) > 59):
        return None
    return value, 1 <= hour <= 12


def _mode(prefix: str | None) -> str:
    if prefix in ("by", "before", "until", "till", "til", "no later than", "latest"):
        return "by"
    if prefix in ("after", "from"):
        return "after"
    return "at"


def read_clock_range(match: re.Match[str], now: datetime, text: str) -> TimeOfDay | None:
    second = _hour(match["h2"], match["m2"], match["ap2"])
    first = _hour(match["h1"], match["m1"], match["ap1"] or match["ap2"])
    if not first or not second:
        return None
    start, end = first[0], second[0]
    if end <= start and not match["ap1"] and start - 12 < end:
        start -= 12 if start >= 12 else 0
    if end <= start:
        return None
    return TimeOfDay(start, end, match.span(), mode="range")


def read_clock(match: re.Match[str], now: datetime, text: str) -> TimeOfDay | None:
    meridiem = match["ap"] if match["ap"] and match["ap"][0] in "ap" else None
    parsed = _hour(match["h"], match["mm"], meridiem)
    if parsed is None or parsed[0] >= 24:
        return None
    value, ambiguous = parsed
    return TimeOfDay(
        value, value + 1, match.span(), _mode(match["pre"]), ambiguous and not meridiem
    )


def read_named_time(match: re.Match[str], now: datetime, text: str) -> TimeOfDay | None:
    name = match["n"]
    if name in ("noon", "midday"):
        value, ambiguous = 12.0, False
    elif name == "midnight":
        value, ambiguous = 23.99, False
    else:
        hour = int(match["hh"] or match["hp"] or match["qp"] or match["qt"])
        offset = 0.5 if match["hh"] or match["hp"] else (0.25 if match["qp"] else -0.25)
        if not 1 <= hour <= 12:
            return None
        value, ambiguous = hour + offset, True
    return TimeOfDay(value, value + 1, match.span(), _mode(match["pre"]), ambiguous)


def read_part(match: re.Match[str], now: datetime, text: str) -> TimeOfDay | None:
    part, prefix = " ".join(match["p"].split()), (match["pre"] or "").strip()
    if prefix == "late" and part == "night":  # "late night chemist": a kind of shop
        part, prefix = "late night", ""
    start, end = patterns.PARTS[part]
    relative_day = None
    if prefix in ("in the", "") and part not in ("night", "late night", "overnight"):
        relative_day = 0 if now.hour + now.minute / 60 < end - 1 else 1
    elif (
        prefix == ""
        and part in ("night", "late night", "overnight")
        and not patterns.DAY_BEFORE.search(text[: match.start()])
    ):
        return None  # "night out", "overnight sitter": not a time of day; "friday night" is
    mode = {"before": "by", "by": "by", "after": "after"}.get(prefix, "part")
    return TimeOfDay(start, end, match.span(), mode, relative_day=relative_day)


DAY_READERS = (
    (patterns.HOLIDAY, read_holiday),
    (patterns.ISO_DATE, read_iso),
    (patterns.DAY_MONTH, read_day_month),
    (patterns.MONTH_DAY, read_day_month),
    (patterns.NUMERIC_DATE, read_numeric),
    (patterns.NTH_OF_MONTH, read_nth),
    (patterns.WEEKDAY, read_weekday),
    (patterns.RELATIVE_DAY, read_relative_day),
    (patterns.PERIOD, read_period),
    (patterns.MONTH, read_month),
)
TIME_READERS = (
    (patterns.CLOCK_RANGE, read_clock_range),
    (patterns.CLOCK, read_clock),
    (patterns.CLOCK_24H, read_clock),
    (patterns.CLOCK_H, read_clock),
    (patterns.AT_HOUR, read_clock),
    (patterns.NAMED_TIME, read_named_time),
    (patterns.PART_OF_DAY, read_part),
)
