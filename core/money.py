"""Money is a Decimal amount with an ISO 4217 currency code."""

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency, list_currencies

CURRENCY_CODES = frozenset(list_currencies())
MAX_AMOUNT = Decimal("100000000")  # far above any real intent; stops overflow games


def is_currency(code: str) -> bool:
    return code in CURRENCY_CODES


@lru_cache(maxsize=4096)
def format_money(amount: Decimal, currency: str, locale: str = "en_GB") -> str:
    """Cached: Babel takes about 0.1 ms a call and matching words budgets in its reasons."""
    return format_currency(amount, currency, locale=locale)
