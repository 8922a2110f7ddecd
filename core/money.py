"""Money is a Decimal amount with an ISO 4217 currency code."""

from decimal import Decimal

from babel.numbers import format_currency, list_currencies

CURRENCY_CODES = frozenset(list_currencies())
MAX_AMOUNT = Decimal("100000000")  # far above any real intent; stops overflow games


def is_currency(code: str) -> bool:
    return code in CURRENCY_CODES


def format_money(amount: Decimal, currency: str, locale: str = "en_GB") -> str:
    return format_currency(amount, currency, locale=locale)
