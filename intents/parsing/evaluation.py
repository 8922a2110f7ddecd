"""Scoring the parser against labelled samples (JSON lines), shared by `manage.py
eval_parser` and the tests.

Each line: {"text", "now" (local ISO time), "tz", "category", "budget_max", "currency",
"quantity", "when": {"at", "max_window_hours"} | null, "place": city name | null,
"near_me"}. Scored fields:
- category: the slug equals the expected one.
- the five "other fields", each right or wrong for every sample:
  budget (amount and currency both equal; expected null means no budget may come out),
  quantity (equal, null included), when (expected null: no window; otherwise `at` lies in
  [starts_at, ends_at] and the window is at most max_window_hours long), place (same city:
  equal folded names or the same gazetteer city; null means none), near_me (equal).
The bar: category accuracy and other-field accuracy (right fields / all field checks) at
least the minimums, and no budget invented where the sample states none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from intents.parsing import currencies, places
from intents.parsing.parser import parse_intent_text
from intents.parsing.result import ParsedIntent
from intents.parsing.text import fold

OTHER_FIELDS = ("budget", "quantity", "when", "place", "near_me")
SAME_CITY_KM = 30


@dataclass
class Miss:
    line: int
    text: str
    field: str
    expected: object
    got: object


@dataclass
class Report:
    samples: int = 0
    right: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("category", *OTHER_FIELDS), 0)
    )
    misses: list[Miss] = field(default_factory=list)
    invented_budgets: int = 0

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.samples if self.samples else 0.0

    @property
    def category_accuracy(self) -> float:
        return self.accuracy("category")

    @property
    def fields_accuracy(self) -> float:
        checks = self.samples * len(OTHER_FIELDS)
        return sum(self.right[name] for name in OTHER_FIELDS) / checks if checks else 0.0

    def passes(self, min_category: float, min_fields: float) -> bool:
        return (
            self.samples > 0
            and self.category_accuracy >= min_category
            and self.fields_accuracy >= min_fields
            and self.invented_budgets == 0
        )

    def lines(self) -> list[str]:
        out = [f"samples: {self.samples}"]
        for name in ("category", *OTHER_FIELDS):
            out.append(
                f"{name:<10} {self.accuracy(name):7.1%}  ({self.right[name]}/{self.samples})"
            )
        out.append(f"other fields (all five together): {self.fields_accuracy:.1%}")
        out.append(f"budgets invented where none stated: {self.invented_budgets}")
        if self.misses:
            out.append(f"misses ({len(self.misses)}):")
        for miss in self.misses:
            out.append(
                f"  line {miss.line} [{miss.field}] {miss.text!r}\n"
                f"      expected {miss.expected!r}\n      got      {miss.got!r}"
            )
        return out


def load_samples(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(samples: list[dict]) -> Report:
    report = Report()
    for number, sample in enumerate(samples, start=1):
        tz = ZoneInfo(sample["tz"])
        now = datetime.fromisoformat(sample["now"]).replace(tzinfo=tz)
        got = parse_intent_text(sample["text"], now=now, tz=tz)
        report.samples += 1
        for name, (right, expected, shown) in _checks(sample, got, tz).items():
            if right:
                report.right[name] += 1
            else:
                report.misses.append(Miss(number, sample["text"], name, expected, shown))
        if sample.get("budget_max") is None and got.budget_max is not None:
            report.invented_budgets += 1
    return report


def _checks(
    sample: dict, got: ParsedIntent, tz: ZoneInfo
) -> dict[str, tuple[bool, object, object]]:
    expected_budget = sample.get("budget_max")
    budget = (
        (Decimal(str(expected_budget)), sample.get("currency"))
        if expected_budget is not None
        else None
    )
    got_budget = (got.budget_max, got.currency) if got.budget_max is not None else None
    return {
        "category": (got.category == sample["category"], sample["category"], got.category),
        "budget": (budget == got_budget, budget, got_budget),
        "quantity": (got.quantity == sample.get("quantity"), sample.get("quantity"), got.quantity),
        "when": (_when_right(sample.get("when"), got, tz), sample.get("when"), _window(got)),
        "place": (_place_right(sample.get("place"), got, tz), sample.get("place"), got.place),
        "near_me": (got.near_me == bool(sample.get("near_me")), sample.get("near_me"), got.near_me),
    }


def _window(got: ParsedIntent) -> tuple[str, str] | None:
    if got.starts_at is None or got.ends_at is None:
        return None
    return got.starts_at.isoformat(), got.ends_at.isoformat()


def _when_right(expected: dict | None, got: ParsedIntent, tz: ZoneInfo) -> bool:
    if expected is None:
        return got.starts_at is None and got.ends_at is None
    if got.starts_at is None or got.ends_at is None:
        return False
    at = datetime.fromisoformat(expected["at"]).replace(tzinfo=tz)
    longest = timedelta(hours=expected["max_window_hours"])
    return got.starts_at <= at <= got.ends_at and got.ends_at - got.starts_at <= longest


def _place_right(expected: str | None, got: ParsedIntent, tz: ZoneInfo) -> bool:
    if expected is None or got.place is None:
        return expected is None and got.place is None
    if fold(expected) == fold(got.place.name):
        return True
    # "Newcastle" and "Newcastle upon Tyne", "Zurich" and "Zürich": the same city
    home = currencies.country_for_zone(tz.key)
    resolved = places.find_place(f"in {expected}", home, frozenset())
    return (
        resolved is not None
        and _km(resolved.lat, resolved.lng, got.place.lat, got.place.lng) < SAME_CITY_KM
    )


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    from math import asin, cos, radians, sin, sqrt

    dlat, dlng = radians(lat2 - lat1), radians(lng2 - lng1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlng / 2) ** 2
    return 6371 * 2 * asin(sqrt(a))
