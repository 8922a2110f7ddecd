"""Daily caps that hold exactly under concurrency.

A lead is only created after its subscription's quota row for the vendor's local day
was claimed by one conditional upsert: insert `used = 1`, or add one to `used` only
while it is under the cap. PostgreSQL row-locks the row for the rest of the
transaction, so concurrent claims queue on it and each sees the count the previous one
committed; a claim past the cap returns no row. A rolled-back transaction gives its
claims back. The same statement runs on SQLite (3.35+), which serialises writers. It
lives in matching/sql.py, where matching also folds it into the statement that records
the leads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from matching import sql
from matching.rules import SubscriptionFacts


def local_day(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def claim(subscriptions: Iterable[SubscriptionFacts], now: datetime) -> set[int]:
    """Take one lead from each subscription's quota today; returns the ids that had room.
    Rows are claimed in id order, so two claimers never lock the same rows crosswise."""
    subscriptions = sorted(subscriptions, key=lambda s: s.id)
    if not subscriptions:
        return set()
    return sql.claim_quotas(
        [(sub.id, sub.vendor_id, local_day(now, sub.zone), sub.daily_cap) for sub in subscriptions]
    )


@dataclass
class LeadsToday:
    """Leads received since midnight in the vendor's time zone: per subscription (its
    daily cap) and per vendor across all its subscriptions (fairness in ranking)."""

    by_subscription: Counter = field(default_factory=Counter)
    by_vendor: Counter = field(default_factory=Counter)


def used_today(subscriptions: Iterable[SubscriptionFacts], now: datetime) -> LeadsToday:
    return used_today_by_vendors({sub.vendor_id: sub.zone.key for sub in subscriptions}, now)


def used_today_by_vendors(zones: dict[int, str], now: datetime) -> LeadsToday:
    """Leads today for the vendors in {vendor id: its time zone's name}."""
    by_vendor, by_subscription = sql.leads_today(zones, now)
    return LeadsToday(by_subscription=by_subscription, by_vendor=by_vendor)
