"""A business's own numbers over the last 7, 30 or 90 days, in its own time zone.

The period is the last N calendar days in the vendor's zone, today included (local
midnight N-1 days ago until now). Its leads are those matched in the period, and every
number follows those leads (a cohort), so the numbers of one period always agree:

- leads per day: leads matched on each local day;
- response rate: leads answered with at least one offer (withdrawn ones too: it was an
  answer) / leads;
- median time to offer: the median, over answered leads, of the time from the lead's
  matching to the business's first offer on it;
- win rate: offers accepted / offers made on those leads (offers the business withdrew
  are left out, as the customer's page leaves them out; pending offers count as made);
- all of these by the intent's category too.

Counting happens in the database (one grouped query); the median is taken in Python over
one duration per answered lead, which both PostgreSQL and SQLite can hand over.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from matching.models import Lead
from offers.models import Offer
from vendors.models import Vendor

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


@dataclass
class Tally:
    leads: int = 0
    answered: int = 0
    offers: int = 0
    accepted: int = 0
    minutes_to_offer: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.leads += other.leads
        self.answered += other.answered
        self.offers += other.offers
        self.accepted += other.accepted
        self.minutes_to_offer += other.minutes_to_offer

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.leads if self.leads else None

    @property
    def win_rate(self) -> float | None:
        return self.accepted / self.offers if self.offers else None

    @property
    def median_minutes(self) -> float | None:
        return median(self.minutes_to_offer) if self.minutes_to_offer else None


@dataclass
class Insights:
    days: int
    zone: ZoneInfo
    first_day: date
    last_day: date
    total: Tally
    per_day: list[tuple[date, Tally]]  # every day of the period, oldest first
    by_category: list[tuple[str, Tally]]  # most leads first
    cells: dict[tuple[date, str], Tally]  # (day, category) with at least one lead

    @property
    def leads_per_day(self) -> float:
        return self.total.leads / self.days


def period_start(days: int, zone: ZoneInfo, now: datetime) -> tuple[date, datetime]:
    """The first local day of the period and the moment it starts (local midnight)."""
    first_day = now.astimezone(zone).date() - timedelta(days=days - 1)
    return first_day, datetime.combine(first_day, time(0), tzinfo=zone)


def compute(vendor: Vendor, days: int = DEFAULT_PERIOD, now: datetime | None = None) -> Insights:
    if days not in PERIODS:
        raise ValueError(f"insights cover {PERIODS} days, not {days}")
    now = now or timezone.now()
    zone = vendor.zone
    first_day, start = period_start(days, zone, now)
    leads = (
        Lead.objects.for_vendor(vendor)
        .filter(matched_at__gte=start, matched_at__lte=now)
        .annotate(day=TruncDate("matched_at", tzinfo=zone))
    )
    made = ~Q(offers__status=Offer.Status.WITHDRAWN) & Q(offers__isnull=False)
    rows = (
        leads.order_by()
        .values("day", "intent__category__name")
        .annotate(
            n_leads=Count("pk", distinct=True),
            n_answered=Count("pk", filter=Q(offers__isnull=False), distinct=True),
            n_offers=Count("offers", filter=made, distinct=True),
            n_accepted=Count(
                "offers", filter=Q(offers__status=Offer.Status.ACCEPTED), distinct=True
            ),
        )
    )
    cells: dict[tuple[date, str], Tally] = {}
    for row in rows:
        cells[row["day"], row["intent__category__name"]] = Tally(
            row["n_leads"], row["n_answered"], row["n_offers"], row["n_accepted"]
        )
    firsts = (
        leads.filter(offers__isnull=False)
        .order_by()
        .values("pk", "day", "intent__category__name", "matched_at")
        .annotate(first_offer=Min("offers__created_at"))
    )
    for row in firsts:
        waited = (row["first_offer"] - row["matched_at"]).total_seconds() / 60
        cells[row["day"], row["intent__category__name"]].minutes_to_offer.append(max(waited, 0))

    total = Tally()
    daily: dict[date, Tally] = defaultdict(Tally)
    categories: dict[str, Tally] = defaultdict(Tally)
    for (day, category), tally in sorted(cells.items()):
        total.add(tally)
        daily[day].add(tally)
        categories[category].add(tally)
    every_day = [first_day + timedelta(days=n) for n in range(days)]
    return Insights(
        days=days,
        zone=zone,
        first_day=first_day,
        last_day=every_day[-1],
        total=total,
        per_day=[(day, daily.get(day, Tally())) for day in every_day],
        by_category=sorted(categories.items(), key=lambda item: (-item[1].leads, item[0])),
        cells=cells,
    )


CSV_HEADER = [
    "date",
    "category",
    "leads",
    "answered_with_offer",
    "response_rate",
    "offers_made",
    "offers_accepted",
    "win_rate",
    "median_minutes_to_offer",
]


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _cell(text: str) -> str:
    """Text a spreadsheet must not read as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _csv_row(day: str, category: str, tally: Tally) -> list:
    return [
        day,
        _cell(category),
        tally.leads,
        tally.answered,
        _number(tally.response_rate, 3),
        tally.offers,
        tally.accepted,
        _number(tally.win_rate, 3),
        _number(tally.median_minutes, 1),
    ]


def as_csv(insights: Insights) -> str:
    """One row per local day and category with leads, then one per category over the
    whole period (date "total"), then the period's total (category "all")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for (day, category), tally in sorted(insights.cells.items()):
        writer.writerow(_csv_row(day.isoformat(), category, tally))
    for category, tally in sorted(insights.by_category):
        writer.writerow(_csv_row("total", category, tally))
    writer.writerow(_csv_row("total", "all", insights.total))
    return out.getvalue()
