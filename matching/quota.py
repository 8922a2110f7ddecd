"""Daily caps that hold exactly under concurrency.

A lead is only created after its subscription's quota row for the vendor's local day
was claimed by one conditional upsert: insert `used = 1`, or add one to `used` only
while it is under the cap. PostgreSQL row-locks the row for the rest of the
transaction, so concurrent claims queue on it and each sees the count the previous one
committed; a claim past the cap returns no row. A rolled-back transaction gives its
claims back. The same statement runs on SQLite (3.35+), which serialises writers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from matching import sql
from matching.models import Quota
from matching.rules import SubscriptionFacts, zone

CLAIM_SQL = """
INSERT INTO {table} (subscription_id, vendor_id, day, used, cap)
VALUES {values}
ON CONFLICT (subscription_id, day)
DO UPDATE SET used = {table}.used + 1, cap = excluded.cap
WHERE {table}.used < excluded.cap
RETURNING subscription_id
"""


def local_day(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def claim(subscriptions: Iterable[SubscriptionFacts], now: datetime) -> set[int]:
    """Take one lead from each subscription's quota today; returns the ids that had room.
    Rows are claimed in id order, so two claimers never lock the same rows crosswise."""
    subscriptions = sorted(subscriptions, key=lambda s: s.id)
    if not subscriptions:
        return set()
    rows = [
        (sub.id, sub.vendor_id, local_day(now, sub.zone), sub.daily_cap) for sub in subscriptions
    ]
    values = ", ".join(["(%s, %s, %s, 1, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    claimed = sql.run(CLAIM_SQL.format(table=Quota._meta.db_table, values=values), params)
    return {row[0] for row in claimed}


@dataclass
class LeadsToday:
    """Leads received since midnight in the vendor's time zone: per subscription (its
    daily cap) and per vendor across all its subscriptions (fairness in ranking)."""

    by_subscription: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    by_vendor: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def used_today(subscriptions: Iterable[SubscriptionFacts], now: datetime) -> LeadsToday:
    return used_today_by_vendors({sub.vendor_id: sub.zone.key for sub in subscriptions}, now)


def used_today_by_vendors(zones: dict[int, str], now: datetime) -> LeadsToday:
    """Leads today for the vendors in {vendor id: its time zone's name}."""
    today_in = {name: local_day(now, zone(name)) for name in set(zones.values())}
    days = {vendor_id: today_in[name] for vendor_id, name in zones.items()}
    counts = LeadsToday()
    if not days:
        return counts
    rows = sql.quota_rows(list(days), min(days.values()), max(days.values()))
    for vendor_id, subscription_id, day, used in rows:
        if day == days[vendor_id]:
            counts.by_vendor[vendor_id] += used
            counts.by_subscription[subscription_id] += used
    return counts
