"""A seeded synthetic world for the matching benchmark, written with COPY.

Vendors cluster around real cities (weighted by size) with a rural share spread over
the same countries; categories follow a skewed (Zipf) mix with some whole-group
subscriptions; radii are log-normal with a 3 km median, capped at 25 km; opening hours
come from templates (daytime, shops, late bars past midnight, always open); about a
fifth set a minimum budget; caps are high enough that a benchmark run never exhausts
them (the cap logic is proved by tests, not here). Intents are written beforehand, in
the same places and categories, and only queued during the timed runs.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from intents.models import Category, CategoryGroup, Term
from matching.routes import covering_cells, hours_key
from matching.rules import terms_mask

CITIES = [  # name, lat, lng, zone, currency, weight (roughly population)
    ("London", 51.5074, -0.1278, "Europe/London", "GBP", 9),
    ("Manchester", 53.4808, -2.2426, "Europe/London", "GBP", 3),
    ("Birmingham", 52.4862, -1.8904, "Europe/London", "GBP", 3),
    ("Glasgow", 55.8642, -4.2518, "Europe/London", "GBP", 2),
    ("Edinburgh", 55.9533, -3.1883, "Europe/London", "GBP", 1),
    ("Leeds", 53.8008, -1.5491, "Europe/London", "GBP", 2),
    ("Bristol", 51.4545, -2.5879, "Europe/London", "GBP", 1),
    ("Dublin", 53.3498, -6.2603, "Europe/Dublin", "EUR", 2),
    ("Paris", 48.8566, 2.3522, "Europe/Paris", "EUR", 8),
    ("Lyon", 45.7640, 4.8357, "Europe/Paris", "EUR", 2),
    ("Berlin", 52.5200, 13.4050, "Europe/Berlin", "EUR", 5),
    ("Munich", 48.1351, 11.5820, "Europe/Berlin", "EUR", 2),
    ("Madrid", 40.4168, -3.7038, "Europe/Madrid", "EUR", 5),
    ("Barcelona", 41.3874, 2.1686, "Europe/Madrid", "EUR", 4),
    ("Rome", 41.9028, 12.4964, "Europe/Rome", "EUR", 4),
    ("Milan", 45.4642, 9.1900, "Europe/Rome", "EUR", 3),
    ("Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam", "EUR", 2),
    ("Brussels", 50.8503, 4.3517, "Europe/Brussels", "EUR", 2),
    ("Vienna", 48.2082, 16.3738, "Europe/Vienna", "EUR", 2),
    ("Lisbon", 38.7223, -9.1393, "Europe/Lisbon", "EUR", 2),
    ("New York", 40.7128, -74.0060, "America/New_York", "USD", 9),
    ("Chicago", 41.8781, -87.6298, "America/Chicago", "USD", 4),
    ("Los Angeles", 34.0522, -118.2437, "America/Los_Angeles", "USD", 6),
    ("Toronto", 43.6532, -79.3832, "America/Toronto", "CAD", 3),
]
RURAL_SHARE = 0.1
RURAL_BOXES = [  # lat, lng ranges of the countries above, for the rural share
    ((50.0, 57.0), (-5.5, 1.5), "Europe/London", "GBP"),
    ((43.0, 50.0), (-1.0, 7.0), "Europe/Paris", "EUR"),
    ((48.0, 54.0), (7.0, 14.0), "Europe/Berlin", "EUR"),
    ((34.0, 44.0), (-100.0, -75.0), "America/Chicago", "USD"),
]
HOURS_TEMPLATES = [
    (0.25, []),
    (0.30, [{"weekday": d, "opens": "09:00", "closes": "17:30"} for d in range(5)]),
    (0.25, [{"weekday": d, "opens": "08:00", "closes": "22:00"} for d in range(7)]),
    (0.10, [{"weekday": d, "opens": "17:00", "closes": "02:00"} for d in range(7)]),
    (0.10, [{"weekday": d, "opens": "10:00", "closes": "16:00"} for d in (5, 6)]),
]


@dataclass
class Place:
    lat: float
    lng: float
    zone: str
    currency: str


def pick_place(rng: random.Random, spread_km: float = 8.0) -> Place:
    if rng.random() < RURAL_SHARE:
        (lat0, lat1), (lng0, lng1), zone, currency = rng.choice(RURAL_BOXES)
        return Place(rng.uniform(lat0, lat1), rng.uniform(lng0, lng1), zone, currency)
    _, lat, lng, zone, currency, _ = rng.choices(CITIES, weights=[c[5] for c in CITIES])[0]
    # Denser in the centre: half-normal distance, uniform bearing.
    km, bearing = abs(rng.gauss(0, spread_km)), rng.uniform(0, 2 * math.pi)
    dlat = km * math.cos(bearing) / 111.2
    dlng = km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
    return Place(lat + dlat, lng + dlng, zone, currency)


class Mix:
    """The skewed category mix: Zipf weights over the leaves in a seeded order."""

    def __init__(self, rng: random.Random):
        leaves = list(Category.objects.values_list("pk", "group_id"))
        rng.shuffle(leaves)
        self.leaves = leaves
        self.weights = [1 / (rank + 1) ** 0.9 for rank in range(len(leaves))]
        self.groups = list(CategoryGroup.objects.values_list("pk", flat=True))

    def leaf(self, rng: random.Random) -> tuple[int, int]:
        return rng.choices(self.leaves, weights=self.weights)[0]


def radius(rng: random.Random) -> float:
    return round(min(25.0, max(0.5, rng.lognormvariate(math.log(3), 0.7))), 2)


def copy_rows(table: str, columns: list[str], rows) -> int:
    count = 0
    with connection.cursor() as cursor, cursor.connection.cursor() as raw:  # noqa: SIM117
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def forget_matching() -> None:
    """Back to before any intent was matched, so a kept world can be measured again:
    no leads, quotas or offers, every intent open and unmatched for another day."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE offers_termsacceptance, offers_offer, matching_lead, matching_quota,"
            " matching_pendingmatch"
        )
        cursor.execute(
            "UPDATE intents_intent SET matched_at = NULL, exhausted_at = NULL, fanout_rounds = 0,"
            " status = 'open', expires_at = now() + interval '1 day'"
        )
        cursor.execute("VACUUM (ANALYZE) intents_intent")
        cursor.execute("CHECKPOINT")


def reset() -> None:
    """Empty every table the world fills (categories and terms stay)."""
    tables = [
        "offers_termsacceptance",
        "offers_offer",
        "matching_lead",
        "matching_quota",
        "matching_reach",
        "matching_route",
        "intents_intentterm",
        "intents_intent",
        "vendors_subscription_categories",
        "vendors_subscription_groups",
        "vendors_subscription_accepted_terms",
        "vendors_subscription",
        "vendors_membership",
        "vendors_vendor",
        "authtoken_token",
        "accounts_user",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def build(subscriptions: int, intents: int, seed: int, progress) -> dict:
    rng = random.Random(seed)
    mix = Mix(rng)
    terms = list(Term.objects.values_list("pk", "bit", "is_default"))
    all_terms = [pk for pk, _, _ in terms]
    default_terms = [pk for pk, _, default in terms if default]
    bit_of = {pk: bit for pk, bit, _ in terms}
    now = timezone.now()
    vendors_count = max(1, int(subscriptions / 1.5))

    vendor_places = [pick_place(rng) for _ in range(vendors_count)]
    copy_rows(
        "vendors_vendor",
        [
            "id",
            "name",
            "description",
            "email",
            "phone",
            "address",
            "lat",
            "lng",
            "time_zone",
            "suspension_reason",
            "created_at",
        ],
        progress(
            (
                (i + 1, f"Bench vendor {i + 1}", "", "", "", "", p.lat, p.lng, p.zone, "", now)
                for i, p in enumerate(vendor_places)
            ),
            "vendors",
            vendors_count,
        ),
    )

    subs, cats, groups, accepted, routes, reach = [], [], [], [], [], []
    for sub_id in progress(range(1, subscriptions + 1), "subscriptions", subscriptions):
        vendor_id = rng.randint(1, vendors_count)
        home = vendor_places[vendor_id - 1]
        # A vendor's service areas sit near its own place.
        lat = home.lat + rng.gauss(0, 0.01)
        lng = home.lng + rng.gauss(0, 0.01)
        r = radius(rng)
        hours = rng.choices([t for _, t in HOURS_TEMPLATES], [w for w, _ in HOURS_TEMPLATES])[0]
        min_budget = Decimal(rng.choice([10, 20, 50, 100])) if rng.random() < 0.2 else None
        cap = rng.choice([500, 1000, 5000])
        chosen_terms = all_terms if rng.random() < 0.85 else default_terms
        leaf, group = mix.leaf(rng)
        topics = [-group] if rng.random() < 0.1 else [leaf]
        if topics[0] > 0 and rng.random() < 0.2:
            topics.append(mix.leaf(rng)[0])
        topics = list(dict.fromkeys(topics))
        subs.append(
            (
                sub_id,
                vendor_id,
                lat,
                lng,
                r,
                min_budget,
                home.currency if min_budget else "",
                json.dumps(hours),
                cap,
                True,
                now,
                now,
            )
        )
        for topic in topics:
            (cats if topic > 0 else groups).append((sub_id, abs(topic)))
        accepted.extend((sub_id, term) for term in chosen_terms)
        mask = terms_mask(bit_of[t] for t in chosen_terms)
        routes.append(
            (
                sub_id,
                vendor_id,
                lat,
                lng,
                r,
                min_budget,
                home.currency if min_budget else "",
                mask,
                cap,
                home.zone,
                hours_key(hours),
            )
        )
        cells = covering_cells(lat, lng, r)
        reach.extend((sub_id, topic, cell) for topic in topics for cell in cells)

    copy_rows(
        "vendors_subscription",
        [
            "id",
            "vendor_id",
            "lat",
            "lng",
            "radius_km",
            "min_budget",
            "currency",
            "hours",
            "daily_cap",
            "active",
            "created_at",
            "updated_at",
        ],
        subs,
    )
    copy_rows("vendors_subscription_categories", ["subscription_id", "category_id"], cats)
    copy_rows("vendors_subscription_groups", ["subscription_id", "categorygroup_id"], groups)
    copy_rows("vendors_subscription_accepted_terms", ["subscription_id", "term_id"], accepted)
    copy_rows(
        "matching_route",
        [
            "subscription_id",
            "vendor_id",
            "lat",
            "lng",
            "radius_km",
            "min_budget",
            "currency",
            "terms_mask",
            "daily_cap",
            "time_zone",
            "hours_key",
        ],
        routes,
    )
    copy_rows("matching_reach", ["route_id", "topic", "cell"], progress(reach, "reach", len(reach)))
    write_intents(rng, mix, intents, default_terms, all_terms, now)
    with connection.cursor() as cursor:
        for table in ("vendors_vendor", "vendors_subscription", "intents_intent", "accounts_user"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        # A long-lived database is vacuumed and checkpointed: without this the first
        # reads of every fresh page write hint bits, index-only scans are off, and the
        # bulk load's checkpoint lands in the middle of the measurements.
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
    return {"vendors": vendors_count, "subscriptions": subscriptions, "reach_rows": len(reach)}


def write_intents(rng, mix, count, default_terms, all_terms, now: datetime) -> None:
    customers = 500
    copy_rows(
        "accounts_user",
        [
            "id",
            "password",
            "is_superuser",
            "email",
            "name",
            "role",
            "alias",
            "phone",
            "time_zone",
            "is_active",
            "is_staff",
            "date_joined",
            "email_verified_at",
            "notify_by_email",
            "notify_on_site",
            "default_max_offers",
            "recognisable",
        ],
        (
            (
                i,
                "!",
                False,
                f"bench-{i}@example.com",
                f"Bench customer {i}",
                "customer",
                f"Bench Alias {i}",
                "",
                "UTC",
                True,
                False,
                now,
                now,
                False,
                False,
                5,
                False,
            )
            for i in range(1, customers + 1)
        ),
    )
    intents, intent_terms = [], []
    for intent_id in range(1, count + 1):
        place = pick_place(rng, spread_km=6)
        leaf, _ = mix.leaf(rng)
        starts = now + timedelta(hours=rng.choice([0, 0, 0, 1, 5, 24]))
        ends = starts + timedelta(hours=rng.choice([1, 3, 3, 8, 48]))
        budget = Decimal(rng.choice([15, 30, 60, 150, 400])) if rng.random() < 0.6 else None
        intents.append(
            (
                intent_id,
                rng.randint(1, customers),
                "Bench intent",
                leaf,
                place.lat,
                place.lng,
                rng.choice([3.0, 5.0, 10.0, 10.0, 20.0]),
                "",
                starts,
                ends,
                budget,
                place.currency if budget else "",
                None,
                "approximate",
                5,
                "open",
                now + timedelta(days=1),
                now,
                0,
                f"Bench intent alias {intent_id}",
                False,
            )
        )
        extra = [t for t in all_terms if t not in default_terms and rng.random() < 0.1]
        intent_terms.extend((intent_id, term, 1) for term in default_terms + extra)
    copy_rows(
        "intents_intent",
        [
            "id",
            "customer_id",
            "text",
            "category_id",
            "lat",
            "lng",
            "radius_km",
            "place_name",
            "starts_at",
            "ends_at",
            "budget_max",
            "currency",
            "quantity",
            "disclosure",
            "max_offers",
            "status",
            "expires_at",
            "created_at",
            "fanout_rounds",
            "alias",
            "awaiting_verification",
        ],
        intents,
    )
    copy_rows("intents_intentterm", ["intent_id", "term_id", "version"], intent_terms)
