"""A fixed clock for parser tests: Saturday 14 March 2026, 11:30 in London, as in the
shared samples."""

from datetime import datetime
from zoneinfo import ZoneInfo

from intents.parsing import ParsedIntent, parse_intent_text

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 14, 11, 30, tzinfo=LONDON)


def parse(text: str, *, now: datetime = NOW, tz: ZoneInfo = LONDON) -> ParsedIntent:
    return parse_intent_text(text, now=now.astimezone(tz), tz=tz)


def at(month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = LONDON) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=tz)


def window(result: ParsedIntent) -> tuple[datetime, datetime] | None:
    if result.starts_at is None:
        return None
    return result.starts_at, result.ends_at
