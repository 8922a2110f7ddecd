"""parse_intent_text never raises and always keeps the ParsedIntent contract."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intents.parsing import ParsedIntent, parse_intent_text
from tests.parsing.helpers import LONDON, NOW, parse

ODD_TEXTS = [
    "",
    "   ",
    "🍕🍕🍕",
    "\x00\x01\x02\x1b[31m\x7f",
    "a" * 10_000,
    "lunch " * 2_000,
    "£££$$$€€€ 999999999999999999999",
    "12/99/2026 31/31 99:99 25pm",
    "tomorrow tomorrow tomorrow next next next",
    "\uff2c\uff35\uff2e\uff23\uff28\u3000\uff46\uff4f\uff52\u3000\uff12",  # full-width
    "\u202ereversed text\u202c",
]


def check_contract(result: ParsedIntent, tz: ZoneInfo) -> None:
    assert isinstance(result, ParsedIntent)
    assert (result.starts_at is None) == (result.ends_at is None)
    if result.starts_at is not None:
        assert result.starts_at.tzinfo is not None
        assert result.starts_at.utcoffset() == result.starts_at.astimezone(tz).utcoffset()
        assert result.starts_at <= result.ends_at
    assert (result.budget_max is None) == (result.currency is None)
    if result.budget_max is not None:
        assert isinstance(result.budget_max, Decimal)
        assert len(result.currency) == 3
    assert 0 <= result.confidence <= 1
    if result.category is None:
        assert result.alternatives == ()
    else:
        assert len(result.alternatives) >= 2


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_input_never_raises(text):
    check_contract(parse(text), LONDON)


def test_empty_text_gives_an_empty_result():
    assert parse("") == ParsedIntent()


def test_non_text_input_gives_an_empty_result():
    assert parse_intent_text(None, now=NOW, tz=LONDON) == ParsedIntent()  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["Europe/London", "America/Los_Angeles", "UTC"]))
def test_any_text_in_any_zone_keeps_the_contract(text, zone):
    tz = ZoneInfo(zone)
    result = parse_intent_text(text, now=datetime(2026, 3, 29, 0, 30, tzinfo=tz), tz=tz)
    check_contract(result, tz)
