"""Which currency a symbol or word means, given where the customer is.

"$" is the local dollar for someone in Toronto or Sydney and USD elsewhere; "kr" is SEK in
Stockholm and NOK in Oslo; an amount with no currency at all ("budget 500") is in the
currency of the customer's time zone. The zone's country comes from tzdata's zone.tab and
the country's currency from Babel's CLDR data, both installed packages.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

FALLBACK = "USD"  # no country for the zone (UTC, Etc/*): the most quoted currency

DOLLARS = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "JMD", "TTD", "BSD", "BBD"}
CROWNS = {"SEK", "NOK", "DKK", "ISK"}
POUNDS = {"GBP", "EGP", "GIP", "FKP", "SHP"}

# Written before or after the amount. Longest first so "us$" wins over "$".
SYMBOLS: dict[str, str | None] = {
    "us$": "USD", "u.s.$": "USD", "usd$": "USD", "c$": "CAD", "ca$": "CAD", "can$": "CAD",
    "cad$": "CAD", "a$": "AUD", "au$": "AUD", "aud$": "AUD", "nz$": "NZD", "hk$": "HKD",
    "s$": "SGD", "sg$": "SGD", "r$": "BRL", "mx$": "MXN", "$": None, "£": None, "€": "EUR",
    "¥": None, "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "₱": "PHP",
    "₦": "NGN", "฿": "THB", "zł": "PLN", "kč": "CZK", "kr": None, "kr.": None, "chf": "CHF",
    "fr.": "CHF", "sfr": "CHF", "rs": "INR", "rs.": "INR", "ksh": "KES", "kshs": "KES",
    "ksh.": "KES", "dhs": "AED",
}  # fmt: skip

# ISO codes people type ("CAD 250", "40 eur"); codes that are English words (TRY, PEN, COP)
# are left out: "2 pen" is two pens.
CODES = {
    "usd", "eur", "gbp", "cad", "aud", "nzd", "chf", "sek", "nok", "dkk", "isk", "jpy",
    "cny", "rmb", "inr", "pln", "czk", "huf", "bgn", "zar", "sgd", "hkd", "mxn",
    "brl", "aed", "ils", "krw", "thb", "php", "myr", "idr", "ngn", "kes", "ars",
    "clp", "sar", "qar", "egp", "twd", "vnd", "uah", "rub",
}  # fmt: skip

# Currency words after the amount ("40 bucks", "120 euros"); None = resolve by zone.
WORDS: dict[str, str | None] = {
    "pounds": None, "pound": None, "quid": "GBP", "sterling": "GBP", "gbp": "GBP",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "dollars": None, "dollar": None,
    "bucks": None, "buck": None, "dollaz": None, "francs": "CHF", "franc": "CHF",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "rupee": "INR",
    "kronor": "SEK", "krona": "SEK", "kroner": None, "krone": None, "zloty": "PLN",
    "zlotys": "PLN", "złoty": "PLN", "zł": "PLN", "pesos": "MXN", "peso": "MXN",
    "reais": "BRL", "reals": "BRL", "rand": "ZAR", "dirhams": "AED", "dirham": "AED",
    "lira": "TRY", "liras": "TRY", "baht": "THB", "won": "KRW", "ringgit": "MYR",
    "shekels": "ILS", "shekel": "ILS", "forint": "HUF", "koruna": "CZK", "lei": "RON",
    "riyals": "SAR", "riyal": "SAR", "rubles": "RUB", "roubles": "RUB",
}  # fmt: skip

# "canadian dollars", "aussie dollars", "swiss francs": the adjective decides.
QUALIFIED = {
    "us": "USD", "american": "USD", "usd": "USD", "canadian": "CAD", "can": "CAD",
    "australian": "AUD", "aussie": "AUD", "kiwi": "NZD", "nz": "NZD", "new zealand": "NZD",
    "singapore": "SGD", "hong kong": "HKD", "swiss": "CHF", "mexican": "MXN",
    "swedish": "SEK", "norwegian": "NOK", "danish": "DKK", "british": "GBP",
    "egyptian": "EGP", "indian": "INR", "hk": "HKD", "sg": "SGD",
}  # fmt: skip


@cache
def _zone_countries() -> dict[str, str]:
    table = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text()
    countries = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coords, zone, *_ = line.split("\t")
            countries[zone] = code
    return countries


# Old link names that zone.tab leaves out but browsers still send.
_ZONE_LINKS = {"GB": "GB", "Europe/Belfast": "GB", "Eire": "IE", "US/Eastern": "US",
               "US/Central": "US", "US/Mountain": "US", "US/Pacific": "US", "Canada/Eastern": "CA",
               "Australia/ACT": "AU", "Asia/Calcutta": "IN", "Europe/Kiev": "UA"}  # fmt: skip


def country_for_zone(zone_name: str) -> str | None:
    return _zone_countries().get(zone_name) or _ZONE_LINKS.get(zone_name)


@cache
def local_currency(zone_name: str) -> str:
    country = country_for_zone(zone_name)
    if not country:
        return FALLBACK
    from babel.numbers import get_territory_currencies

    try:
        found = get_territory_currencies(country)
    except Exception:  # Babel has no data for a rare territory code; USD is a sane guess.
        return FALLBACK
    return found[0] if found else FALLBACK


def resolve(family: str, zone_name: str) -> str:
    """A family symbol ('$', '£', 'kr', '¥', 'pounds', 'dollars') for this zone."""
    local = local_currency(zone_name)
    if family in ("$", "dollars", "dollar", "bucks", "buck", "dollaz"):
        return local if local in DOLLARS else "USD"
    if family in ("£", "pounds", "pound"):
        return local if local in POUNDS else "GBP"
    if family in ("kr", "kr.", "kroner", "krone"):
        return local if local in CROWNS else ("NOK" if family.startswith("krone") else "SEK")
    if family == "¥":
        return "CNY" if local == "CNY" else "JPY"
    return local


def warm_up() -> None:
    local_currency("Europe/London")
