from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.parsing.helpers import LONDON, NOW, at, parse, window


def hours(result) -> float:
    return (result.ends_at - result.starts_at).total_seconds() / 3600


@pytest.mark.parametrize("text", ["taxi now", "taxi asap", "taxi rn", "locksmith right now"])
def test_now_means_a_short_window_starting_now(text):
    result = parse(text)
    assert result.starts_at == NOW
    assert hours(result) <= 3


@pytest.mark.parametrize(
    ("text", "moment", "longest"),
    [
        ("plumber in the next three hours", at(3, 14, 14), 4),
        ("plumber within the hour", at(3, 14, 12, 15), 2),
        ("taxi in 20 minutes", at(3, 14, 11, 50), 2),
        ("dinner tonight", at(3, 14, 20), 8),
        ("haircut this afternoon", at(3, 14, 15), 8),
        ("taxi tomorrow at 5am", at(3, 15, 5), 3),
        ("taxi at 5am tomorrow", at(3, 15, 5), 3),
        ("dinner saturday", at(3, 21, 19), 30),
        ("cottage this weekend", at(3, 15, 12), 60),
        ("cat sitter for next weekend", at(3, 21, 12), 80),
        ("dinner next friday", at(3, 20, 19), 30),
        ("photographer on 12 September", at(9, 12, 14), 30),
        ("hotel Aug 3", at(8, 3, 12), 30),
        ("cake by friday", at(3, 19, 12), 160),
        ("villa July 20-27", at(7, 24, 12), 200),
        ("physio this week", at(3, 15, 12), 200),
        ("movers next week", at(3, 18, 12), 192),
        ("tutor next month", at(4, 15, 12), 744),
        ("dj for new years eve", at(12, 31, 21), 30),
        ("cleaner between 2 and 4pm tomorrow", at(3, 15, 15), 3),
        ("dinner at 8", at(3, 14, 20), 2),
        ("taxi at 7 tonight", at(3, 14, 19), 2),
        ("cab at 23:15", at(3, 14, 23, 15), 2),
        ("massage tomorrow evening", at(3, 15, 19), 8),
        ("assemble a wardrobe tomorrow morning", at(3, 15, 9, 30), 8),
        ("dentist in 2 days", at(3, 16, 12), 30),
        ("flowers for mother's day", at(3, 15, 12), 30),
        ("hotel 3-6 June", at(6, 4, 22), 110),
        ("wedding in August", at(8, 15, 12), 750),
    ],
)
def test_window_contains_the_moment_meant(text, moment, longest):
    result = parse(text)
    assert result.starts_at <= moment <= result.ends_at, window(result)
    assert hours(result) <= longest


@pytest.mark.parametrize(
    "text",
    [
        "wheel rims for a 1967 Peugeot 404",
        "someone to walk my dog weekdays at noon",
        "house cleaner every week",
        "maths tutor twice a week",
        "personal trainer 3 times a week",
        "swimming lessons saturday mornings",
        "change the locks, moved in last week",
        "accounts for my company, year end 31 march",
        "afternoon tea for two",
        "minicab for a night out",
        "electric car hire for 3 days",
        "i may need a plumber",
        "sat nav for my car",
    ],
)
def test_no_time_stated_gives_no_window(text):
    result = parse(text)
    assert result.starts_at is None
    assert result.ends_at is None


def test_windows_are_aware_and_in_the_requests_zone():
    tokyo = ZoneInfo("Asia/Tokyo")
    result = parse("dinner tomorrow at 7pm", now=NOW.astimezone(tokyo), tz=tokyo)
    assert result.starts_at.tzinfo == tokyo
    assert result.ends_at.tzinfo == tokyo
    assert result.starts_at.hour == 19


def test_a_window_never_starts_in_the_past():
    result = parse("plumber today")
    assert result.starts_at == NOW
    assert result.ends_at == at(3, 15)


def test_next_weekday_is_in_next_week():
    assert parse("dinner next sunday").starts_at.date() == at(3, 22).date()
    assert parse("dinner this sunday").starts_at.date() == at(3, 15).date()


def test_a_date_already_past_this_year_is_next_year():
    result = parse("ski chalet on 3 February")
    assert result.starts_at.year == 2027


def test_us_dates_are_month_first_elsewhere_day_first():
    new_york = ZoneInfo("America/New_York")
    us = parse("hotel on 04/05", now=NOW.astimezone(new_york), tz=new_york)
    uk = parse("hotel on 04/05")
    assert (us.starts_at.month, us.starts_at.day) == (4, 5)
    assert (uk.starts_at.month, uk.starts_at.day) == (5, 4)


def test_from_a_day_for_nights_spans_the_stay():
    result = parse("hotel for 2 nights from friday")
    assert result.starts_at == at(3, 20)
    assert result.ends_at - result.starts_at >= timedelta(days=2)


def test_both_ends_or_neither():
    for text in ("lunch now", "lunch", "", "hotel 20-22 may", "by 5pm"):
        result = parse(text)
        assert (result.starts_at is None) == (result.ends_at is None)


def test_deadline_runs_from_now_to_the_end_of_that_day():
    result = parse("boots in size 9E by tomorrow")
    assert result.starts_at == NOW
    assert result.ends_at == at(3, 16).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "moment", "longest"),
    [
        ("repaint the fence before christmas", at(12, 20, 12), 6900),  # a deadline, not the day
        ("clean the house before my in-laws arrive tomorrow", at(3, 14, 20), 40),
        ("spray tan before a wedding friday", at(3, 20, 8), 160),
        ("paella for 6 tomorrow at 14h", at(3, 15, 14), 3),
        ("thanksgiving dinner catered for 18", at(11, 26, 14), 30),
        ("cottage for the august bank holiday weekend", at(8, 30, 12), 80),
        ("photographer, march 2027", at(3, 15, 12).replace(year=2027), 750),
        ("deep clean before diwali", at(10, 1, 12), 5800),
        ("hotel in Edinburgh for hogmanay", at(12, 31, 22), 30),
        ("dog boarding over presidents day weekend", at(2, 15, 12).replace(year=2027), 80),
        ("move a sofa across town sat", at(3, 21, 12), 30),
    ],
)
def test_named_days_deadlines_and_written_hours(text, moment, longest):
    result = parse(text)
    assert result.starts_at is not None, text
    assert result.starts_at <= moment <= result.ends_at, window(result)
    assert hours(result) <= longest


@pytest.mark.parametrize(
    "text",
    [
        "dog walker for my spaniel, lunchtimes mon-fri",
        "midday walker for my pup mon-fri",
        "dog walker needed morning and evening",
        "overnight pet sitter for a diabetic cat",
        "pub with a quiz on a wednesday",
        "hot water system died this morning",
        "late night chemist",
    ],
)
def test_schedules_kinds_of_day_and_past_facts_give_no_window(text):
    assert window(parse(text)) is None


@pytest.mark.parametrize(
    ("text", "moment", "longest"),
    [
        ("someone to feed the cats twice a day next week", at(3, 18, 12), 170),
        ("van hire from the 20th to the 23rd", at(3, 21, 12), 100),
        ("taxi tomorrow at 6 in the morning", at(3, 15, 6, 30), 2),
        ("lake house for easter weekend", at(4, 4, 12), 100),
        ("update my will before the end of the year", at(12, 10, 12), 7000),
    ],
)
def test_more_windows(text, moment, longest):
    result = parse(text)
    assert window(result) is not None, text
    assert result.starts_at <= moment <= result.ends_at
    assert hours(result) <= longest


@pytest.mark.parametrize(
    "text",
    [
        "dropped my phone in the bath and now the screen has lines on it",
        "coffee spilt on my laptop this morning and it won't turn on",
        "help to carry furniture to the 4th floor",
        "photographer for christmas family photos",
    ],
)
def test_stories_and_floors_are_not_windows(text):
    assert window(parse(text)) is None
