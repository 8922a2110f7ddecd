"""Calendar arithmetic for time windows: which date "next friday" or "Aug 3" is.

All functions take the request's local `today` (a date) and return dates; `when.py` turns
dates into aware datetimes in the customer's zone.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.easter import easter

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2,
    "wed": 2, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip


def local(day: date, tz: ZoneInfo, hour: int = 0, minute: int = 0) -> datetime:
    """Wall-clock time on `day` in `tz`; hour 24 means the next midnight."""
    extra, hour = divmod(hour, 24)
    return datetime.combine(day + timedelta(days=extra), time(hour, minute), tzinfo=tz)


def coming_weekday(today: date, weekday: int, *, allow_today: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not allow_today:
        ahead = 7
    return today + timedelta(days=ahead)


def next_week_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def weekday_next_week(today: date, weekday: int) -> date:
    """'next friday' = the friday of next calendar week (weeks start on Monday)."""
    return next_week_monday(today) + timedelta(days=weekday)


def next_date(today: date, month: int, day: int, year: int | None = None) -> date | None:
    """The coming `day month` (this year unless already past); None if no such date."""
    years = [year] if year else [today.year, today.year + 1]
    for candidate_year in years:
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            return None
        if year or found >= today:
            return found
    return None


def nth_of_month(today: date, day: int) -> date | None:
    """'the 12th': this month if still to come, else next month."""
    for offset in (0, 1):
        year, month = divmod(today.month - 1 + offset, 12)
        try:
            found = date(today.year + year, month + 1, day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


def month_bounds(today: date, month: int, year: int | None = None) -> tuple[date, date]:
    """First day of the coming `month` and the first day after it."""
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last) + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def holiday(name: str, today: date, country: str | None = None) -> tuple[date, date] | None:
    """The coming occurrence of a named day, as [first day, day after the last). Mother's
    and Father's Day depend on the country (UK Mothering Sunday is three weeks before Easter)."""
    if name in ("bank holiday", "bank holiday monday"):  # the next one, whichever it is
        spans = [_bank_holidays(year, country) for year in (today.year, today.year + 1)]
        return next((span for year in spans for span in year if span[1] > today), None)
    for year in (today.year, today.year + 1):
        span = _holiday_in(name, year, country)
        if span and span[1] > today:
            return span
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _holiday_in(name: str, year: int, country: str | None = None) -> tuple[date, date] | None:
    fixed = {
        "christmas eve": (12, 24), "christmas": (12, 25), "xmas": (12, 25),
        "christmas day": (12, 25), "boxing day": (12, 26), "new year's eve": (12, 31),
        "new years eve": (12, 31), "nye": (12, 31), "new year's day": (1, 1),
        "new years day": (1, 1), "valentine's day": (2, 14), "valentines day": (2, 14),
        "valentine's": (2, 14), "valentines": (2, 14), "halloween": (10, 31),
        "bonfire night": (11, 5), "st patrick's day": (3, 17), "st patricks day": (3, 17),
        "st. patricks day": (3, 17), "paddys day": (3, 17), "st paddys day": (3, 17),
        "st. paddys day": (3, 17), "australia day": (1, 26), "anzac day": (4, 25),
        "waitangi day": (2, 6), "canada day": (7, 1), "independence day": (7, 4),
        "4th of july": (7, 4), "fourth of july": (7, 4), "the 4th of july": (7, 4),
        "the fourth of july": (7, 4),
    }  # fmt: skip
    if name in fixed:
        start = date(year, *fixed[name])
        return start, start + timedelta(days=1)
    if name in ("christmas holidays", "christmas break"):  # the days off around it
        return date(year, 12, 22), date(year + 1, 1, 2)
    if name in ("carnival", "carnaval"):  # Saturday to Shrove Tuesday, before Lent
        sunday = easter(year)
        return sunday - timedelta(days=50), sunday - timedelta(days=46)
    if name == "mardi gras":
        tuesday = easter(year) - timedelta(days=47)
        return tuesday, tuesday + timedelta(days=1)
    if name.startswith("over"):  # "over christmas": the 24th to the 26th
        return date(year, 12, 24), date(year, 12, 27)
    if name.startswith("easter"):
        sunday = easter(year)
        if "weekend" in name:
            return sunday - timedelta(days=2), sunday + timedelta(days=2)
        return sunday, sunday + timedelta(days=1)
    if name == "thanksgiving":  # US: fourth Thursday of November; Canada: second Monday of October
        day = _nth_weekday(year, 10, 0, 2) if country == "CA" else _nth_weekday(year, 11, 3, 4)
        return day, day + timedelta(days=1)
    if name in ("labor day", "labour day"):  # first Monday of September (US, Canada)
        monday = _nth_weekday(year, 9, 0, 1)
        return monday, monday + timedelta(days=1)
    if name in (
        "presidents day",
        "president's day",
        "presidents' day",
        "presidents day",
        "mlk day",
        "martin luther king day",
        "family day",
    ):
        month = 1 if name.startswith(("mlk", "martin")) else 2  # third Monday
        monday = _nth_weekday(year, month, 0, 3)
        return monday, monday + timedelta(days=1)
    if name == "victoria day":  # the Monday before 25 May
        day = date(year, 5, 24)
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=1)
    if name == "civic holiday":  # first Monday of August
        monday = _nth_weekday(year, 8, 0, 1)
        return monday, monday + timedelta(days=1)
    if name in ("good friday", "easter monday"):
        day = easter(year) + timedelta(days=-2 if name == "good friday" else 1)
        return day, day + timedelta(days=1)
    if "bank holiday" in name:
        return _bank_holiday(name, year, country)
    if name in _LUNAR:
        day = _LUNAR[name].get(year)
        return (day, day + timedelta(days=1)) if day else None
    if name == "new year":  # "over new year": New Year's Eve and Day
        return date(year, 12, 31), date(year + 1, 1, 2)
    if name == "hogmanay":
        return date(year, 12, 31), date(year + 1, 1, 1)
    if name == "memorial day":  # last Monday of May
        monday = _nth_weekday(year, 5, 0, 4)
        if (monday + timedelta(days=7)).month == 5:
            monday += timedelta(days=7)
        return monday, monday + timedelta(days=1)
    if name.startswith(("mother", "mothering")):
        if country in ("GB", "IE") or name.startswith("mothering"):
            sunday = easter(year) - timedelta(days=21)
        else:
            sunday = _nth_weekday(year, 5, 6, 2)
        return sunday, sunday + timedelta(days=1)
    if name.startswith("father"):
        sunday = (
            _nth_weekday(year, 9, 6, 1) if country in ("AU", "NZ") else _nth_weekday(year, 6, 6, 3)
        )
        return sunday, sunday + timedelta(days=1)
    return None


# Days that move with a lunar calendar, for the years a request can name (first day).
_DIWALI = {2026: date(2026, 11, 8), 2027: date(2027, 10, 29), 2028: date(2028, 10, 17),
           2029: date(2029, 11, 5), 2030: date(2030, 10, 26)}  # fmt: skip
_LUNAR_NEW_YEAR = {2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
                   2029: date(2029, 2, 13), 2030: date(2030, 2, 3)}  # fmt: skip
_EID_FITR = {2026: date(2026, 3, 20), 2027: date(2027, 3, 10), 2028: date(2028, 2, 27),
             2029: date(2029, 2, 14), 2030: date(2030, 2, 4)}  # fmt: skip
_EID_ADHA = {2026: date(2026, 5, 27), 2027: date(2027, 5, 16), 2028: date(2028, 5, 5),
             2029: date(2029, 4, 24), 2030: date(2030, 4, 13)}  # fmt: skip
_LUNAR = {
    "diwali": _DIWALI, "deepavali": _DIWALI, "lunar new year": _LUNAR_NEW_YEAR,
    "chinese new year": _LUNAR_NEW_YEAR, "eid al fitr": _EID_FITR, "eid al-fitr": _EID_FITR,
    "eid ul fitr": _EID_FITR, "eid ul-fitr": _EID_FITR, "eid al adha": _EID_ADHA,
    "eid al-adha": _EID_ADHA, "eid ul adha": _EID_ADHA, "eid ul-adha": _EID_ADHA,
    "bakrid": _EID_ADHA,
}  # fmt: skip


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=last.weekday())


def _bank_holiday(name: str, year: int, country: str | None) -> tuple[date, date] | None:
    """A UK or Irish Monday bank holiday by name ('august bank holiday': the last Monday of
    August in the UK, the first in Ireland)."""
    irish = country == "IE"
    named = {
        "may": _nth_weekday(year, 5, 0, 1),
        "early may": _nth_weekday(year, 5, 0, 1),
        "late may": _last_monday(year, 5),
        "spring": _last_monday(year, 5),
        "june": _nth_weekday(year, 6, 0, 1),
        "august": _nth_weekday(year, 8, 0, 1) if irish else _last_monday(year, 8),
        "summer": _nth_weekday(year, 8, 0, 1) if irish else _last_monday(year, 8),
        "october": _last_monday(year, 10),
    }
    which = name.replace("bank holiday", "").replace("monday", "").strip()
    if which not in named:
        return None
    day = named[which]
    return day, day + timedelta(days=1)


def _bank_holidays(year: int, country: str | None) -> list[tuple[date, date]]:
    """The Monday bank holidays of a year, in order (UK, or Ireland's)."""
    mondays = [easter(year) + timedelta(days=1), _nth_weekday(year, 5, 0, 1)]
    if country == "IE":
        mondays += [
            _nth_weekday(year, 6, 0, 1),
            _nth_weekday(year, 8, 0, 1),
            _last_monday(year, 10),
        ]
    else:
        mondays += [_last_monday(year, 5), _last_monday(year, 8)]
    return sorted((day, day + timedelta(days=1)) for day in mondays)


def period_bounds(phrase: str, today: date, now: datetime) -> tuple[date, date] | None:
    """[first day, day after the last) for 'this week', 'next weekend', 'end of the month'..."""
    if phrase.startswith("last"):
        return None
    part, _, rest = phrase.partition(" ")
    if part in ("early", "late", "later", "mid"):
        whole = period_bounds(rest, today, now)
        return _part_of(whole, part, today) if whole else None
    monday = today - timedelta(days=today.weekday())
    next_monday = monday + timedelta(days=7)
    month_start = today.replace(day=1)
    next_month = add_months(today, 1)
    if phrase in ("this week", "the coming week"):
        sunday_after = next_monday
        # On a Saturday "this week" means the days ahead, not the one day left.
        return today, sunday_after if (sunday_after - today).days >= 3 else today + timedelta(
            days=7
        )
    if phrase == "next week":
        return next_monday, next_monday + timedelta(days=7)
    if phrase in ("week after next", "the week after"):
        return next_monday + timedelta(days=7), next_monday + timedelta(days=14)
    if phrase in ("end of the week", "end of this week", "end of week"):
        return max(today, monday + timedelta(days=4)), next_monday
    if phrase == "end of next week":
        return next_monday + timedelta(days=4), next_monday + timedelta(days=7)
    if "weekend" in phrase:
        saturday = monday + timedelta(days=5)
        if phrase.startswith("next") or phrase == "weekend after next":
            saturday += timedelta(days=7)
        if phrase == "weekend after next":
            saturday += timedelta(days=7)
        return saturday, saturday + timedelta(days=2)
    if phrase in ("this month", "the coming month"):
        return today, next_month
    if phrase == "next month":
        return next_month, add_months(next_month, 1)
    if phrase in ("end of the month", "end of this month", "end of month"):
        return max(today, next_month - timedelta(days=7)), next_month
    if phrase == "end of next month":
        after = add_months(next_month, 1)
        return after - timedelta(days=7), after
    if phrase.startswith(("beginning of", "start of")):
        first = next_month if "next" in phrase else month_start
        if "week" in phrase:
            first = next_monday if "next" in phrase else monday
            return max(today, first), first + timedelta(days=3)
        return max(today, first), first + timedelta(days=7)
    if phrase in ("end of the year", "end of this year", "end of year"):
        new_year = date(today.year + 1, 1, 1)
        return max(today, new_year - timedelta(days=14)), new_year
    if phrase == "end of next year":
        new_year = date(today.year + 2, 1, 1)
        return new_year - timedelta(days=14), new_year
    if phrase in ("this year", "the coming year"):
        return today, date(today.year + 1, 1, 1)
    if phrase == "next year":
        return date(today.year + 1, 1, 1), date(today.year + 2, 1, 1)
    if phrase in ("this fortnight", "the coming fortnight"):
        return today, today + timedelta(days=14)
    if phrase == "next fortnight":
        return today, today + timedelta(days=14)
    return None


def _part_of(span: tuple[date, date], part: str, today: date) -> tuple[date, date]:
    """'early next week': its first three days; 'later this week': its last three; 'mid
    month': the middle third."""
    first, after = span
    third = max(1, (after - first).days // 3)
    if part == "early":
        return first, max(first + timedelta(days=third), today + timedelta(days=1))
    if part == "mid":
        return first + timedelta(days=third), after - timedelta(days=third)
    return max(first, after - timedelta(days=third + 1), today), after
