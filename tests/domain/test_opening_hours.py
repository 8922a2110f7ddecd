"""Weekly opening hours: spans in the vendor's zone, checked against absolute windows.

Dates used: Monday 2025-01-06 and Monday 2025-07-07; in Europe/London the clocks go
forward on Sunday 2025-03-30 (01:00 GMT becomes 02:00 BST) and back on Sunday
2025-10-26 (02:00 BST becomes 01:00 GMT).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from tests.domain.helpers import LONDON, UTC, local
from vendors.hours import Span, first_open_span, is_open_during, parse_hours

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def spans(*triples):
    return parse_hours([{"weekday": d, "opens": o, "closes": c} for d, o, c in triples])


def open_during(hours, zone, start: datetime, minutes: int) -> bool:
    return is_open_during(hours, zone, start, start + timedelta(minutes=minutes))


# --- Plain daytime spans ---------------------------------------------------------------


def test_a_window_overlapping_the_last_minute_before_closing_finds_the_business_open():
    hours = spans((MON, "09:00", "17:00"))

    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 16, 59), 60)
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 17, 0), 60)


def test_a_window_ending_exactly_at_opening_time_finds_the_business_closed():
    hours = spans((MON, "09:00", "17:00"))

    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 8, 0), 60)
    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 8, 0), 61)


def test_a_span_on_another_weekday_does_not_open_the_business():
    hours = spans((TUE, "09:00", "17:00"))

    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 10, 0), 60)
    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 7, 10, 0), 60)


def test_no_spans_at_all_means_always_open():
    assert is_open_during([], LONDON, local(LONDON, 2025, 1, 6, 3), local(LONDON, 2025, 1, 6, 4))


# --- Spans across midnight ---------------------------------------------------------------


def test_a_span_closing_before_it_opens_runs_past_midnight_into_the_next_day():
    hours = spans((FRI, "22:00", "02:00"))
    saturday = (2025, 1, 11)

    assert open_during(hours, LONDON, local(LONDON, *saturday, 1, 59), 30)
    assert not open_during(hours, LONDON, local(LONDON, *saturday, 2, 0), 60)
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 10, 21, 0), 60)
    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 10, 21, 0), 61)


def test_a_sunday_night_span_runs_into_monday_morning():
    hours = spans((SUN, "20:00", "03:00"))

    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 2, 30), 10)
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 6, 3, 0), 10)
    # ...and only into Monday.
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 7, 2, 30), 10)


def test_a_window_spanning_midnight_finds_a_span_on_either_side():
    early_tuesday = spans((TUE, "00:30", "06:00"))
    late_monday = spans((MON, "23:00", "23:30"))
    start = local(LONDON, 2025, 1, 6, 23, 45)

    assert open_during(early_tuesday, LONDON, start, 60)
    assert not open_during(late_monday, LONDON, start, 60)


def test_midnight_to_midnight_is_open_all_day_and_only_that_day():
    hours = spans((WED, "00:00", "00:00"))

    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 8, 0, 0), 1)
    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 8, 23, 59), 1)
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 9, 0, 0), 60)
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 7, 23, 0), 60)


def test_twenty_four_hundred_closes_at_the_end_of_the_day():
    hours = spans((WED, "18:00", "24:00"))

    assert hours == [Span(WED, time(18, 0), time(0, 0))]
    assert open_during(hours, LONDON, local(LONDON, 2025, 1, 8, 23, 59), 1)
    assert not open_during(hours, LONDON, local(LONDON, 2025, 1, 9, 0, 0), 60)


def test_an_overnight_span_reports_the_day_it_opened():
    hours = spans((MON, "18:00", "02:00"))

    span, opens = first_open_span(
        hours, LONDON, local(LONDON, 2025, 1, 7, 1, 0), local(LONDON, 2025, 1, 7, 1, 30)
    )

    assert span.label() == "Mon 18:00-02:00"
    assert opens == local(LONDON, 2025, 1, 6, 18, 0)


def test_the_first_span_to_open_in_the_window_is_the_one_reported():
    hours = spans((MON, "15:00", "16:00"), (MON, "12:00", "13:00"))

    span, opens = first_open_span(
        hours, LONDON, local(LONDON, 2025, 1, 6, 11), local(LONDON, 2025, 1, 6, 18)
    )

    assert span.label() == "Mon 12:00-13:00"
    assert opens == local(LONDON, 2025, 1, 6, 12)


# --- Time zones ----------------------------------------------------------------------------


def test_hours_are_wall_clock_times_in_the_vendors_zone():
    hours = spans((MON, "09:00", "17:00"))
    # 09:00 in New York is 14:00 UTC in winter (EST) and 13:00 UTC in summer (EDT).
    assert open_during(hours, NEW_YORK, local(UTC, 2025, 1, 6, 14, 0), 10)
    assert not open_during(hours, NEW_YORK, local(UTC, 2025, 1, 6, 13, 30), 30)
    assert open_during(hours, NEW_YORK, local(UTC, 2025, 7, 7, 13, 0), 10)
    assert not open_during(hours, NEW_YORK, local(UTC, 2025, 7, 7, 12, 30), 30)


def test_a_vendor_ahead_of_utc_is_open_on_its_own_weekday():
    # Tuesday 08:00-09:00 in Tokyo is Monday 23:00-24:00 UTC.
    hours = spans((TUE, "08:00", "09:00"))

    assert open_during(hours, TOKYO, local(UTC, 2025, 1, 6, 23, 30), 10)
    assert not open_during(hours, TOKYO, local(UTC, 2025, 1, 7, 23, 30), 10)


def test_a_vendor_behind_utc_is_open_late_on_its_own_weekday():
    # Friday 20:00 to 23:00 in New York is Saturday 01:00 to 04:00 UTC in winter.
    hours = spans((FRI, "20:00", "23:00"))

    assert open_during(hours, NEW_YORK, local(UTC, 2025, 1, 11, 3, 30), 10)
    assert not open_during(hours, NEW_YORK, local(UTC, 2025, 1, 11, 4, 0), 10)


# --- A day when the clocks change -------------------------------------------------------


def test_on_the_spring_forward_day_opening_time_is_in_summer_time():
    hours = spans((SUN, "09:00", "10:00"))
    # 09:00 BST is 08:00 UTC on Sunday 2025-03-30 (and 09:00 UTC the Sunday before).
    assert open_during(hours, LONDON, local(UTC, 2025, 3, 30, 8, 30), 15)
    assert not open_during(hours, LONDON, local(UTC, 2025, 3, 30, 9, 0), 30)
    assert open_during(hours, LONDON, local(UTC, 2025, 3, 23, 9, 0), 30)


def test_a_span_across_the_missing_hour_is_an_hour_shorter():
    # 00:30 GMT to 03:00 BST on 2025-03-30 is 00:30 to 02:00 UTC: an hour and a half.
    hours = spans((SUN, "00:30", "03:00"))

    assert open_during(hours, LONDON, local(UTC, 2025, 3, 30, 1, 45), 15)
    assert not open_during(hours, LONDON, local(UTC, 2025, 3, 30, 2, 0), 30)


def test_all_day_on_the_fall_back_day_lasts_twenty_five_hours():
    hours = spans((SUN, "00:00", "00:00"))
    # Sunday 2025-10-26 runs from 23:00 UTC on Saturday (BST) to 00:00 UTC on Monday (GMT).
    assert not open_during(hours, LONDON, local(UTC, 2025, 10, 25, 22, 30), 30)
    assert open_during(hours, LONDON, local(UTC, 2025, 10, 25, 23, 0), 10)
    assert open_during(hours, LONDON, local(UTC, 2025, 10, 26, 23, 50), 10)
    assert not open_during(hours, LONDON, local(UTC, 2025, 10, 27, 0, 0), 60)


# --- Validation of what vendors send --------------------------------------------------------


def test_parse_hours_accepts_the_api_shape_and_keeps_it_round_trip():
    raw = [{"weekday": 0, "opens": "09:30", "closes": "24:00"}]

    (span,) = parse_hours(raw)

    assert span.as_dict() == {"weekday": 0, "opens": "09:30", "closes": "00:00"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("09:00-17:00", "Opening hours must be a list"),
        ([{"weekday": 7, "opens": "09:00", "closes": "17:00"}], "weekday must be 0"),
        ([{"weekday": -1, "opens": "09:00", "closes": "17:00"}], "weekday must be 0"),
        ([{"weekday": True, "opens": "09:00", "closes": "17:00"}], "weekday must be 0"),
        ([{"weekday": 0, "opens": "9:00", "closes": "17:00"}], "opens must be a time"),
        ([{"weekday": 0, "opens": "24:00", "closes": "02:00"}], "opens must be a time"),
        ([{"weekday": 0, "opens": "09:00", "closes": "24:30"}], "closes must be a time"),
        ([{"weekday": 0, "opens": "09:00"}], "give exactly weekday"),
        ([{"weekday": 0, "opens": "09:00", "closes": "17:00", "note": "x"}], "give exactly"),
        ([{"weekday": 0, "opens": "09:00", "closes": "17:00"}] * 51, "At most 50"),
    ],
)
def test_parse_hours_refuses_what_is_not_a_weekly_span(raw, message):
    with pytest.raises(ValidationError, match=message):
        parse_hours(raw)


def test_parse_hours_names_the_span_that_is_wrong():
    raw = [
        {"weekday": 0, "opens": "09:00", "closes": "17:00"},
        {"weekday": 1, "opens": "25:00", "closes": "17:00"},
    ]

    with pytest.raises(ValidationError, match="Span 2: opens must be a time"):
        parse_hours(raw)
