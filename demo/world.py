"""A believable demo world: vendors across the taxonomy in real cities, customers, and
intents in every state, made through the same lifecycle functions the API uses.

Everything is keyed by demo email addresses, so running it again adds nothing that is
already there, and a larger `vendors` count only adds the missing vendors.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from intents.models import Category, Intent, Term
from intents.services import create_intent, expire_intent, withdraw_intent
from matching.engine import create_leads_for_intent
from offers.services import accept_offer, make_offer
from vendors.models import Membership, Subscription, Vendor
from vendors.services import save_subscription

DEMO_DOMAIN = "demo.beckon.test"
DEMO_PASSWORD = "beckon-demo"  # noqa: S105 - printed for everyone: demo data only
OPERATOR_EMAIL = f"admin@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class City:
    name: str
    lat: float
    lng: float
    zone: str
    currency: str
    weight: int  # share of vendors and customers


CITIES = (
    City("London", 51.5074, -0.1278, "Europe/London", "GBP", 6),
    City("Manchester", 53.4808, -2.2426, "Europe/London", "GBP", 3),
    City("Glasgow", 55.8642, -4.2518, "Europe/London", "GBP", 3),
    City("Edinburgh", 55.9533, -3.1883, "Europe/London", "GBP", 2),
    City("Bristol", 51.4545, -2.5879, "Europe/London", "GBP", 2),
    City("Dublin", 53.3498, -6.2603, "Europe/Dublin", "EUR", 2),
    City("Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam", "EUR", 2),
    City("New York", 40.7128, -74.0060, "America/New_York", "USD", 3),
)

WEEK = range(7)
WORKDAYS = range(6)  # Monday to Saturday


def _spans(days: Iterable[int], opens: str, closes: str) -> list[dict]:
    return [{"weekday": d, "opens": opens, "closes": closes} for d in days]


# Opening-hour templates by category group; bars run past midnight.
HOURS = {
    "food-drink": _spans(WEEK, "08:00", "23:00"),
    "home-services": _spans(WORKDAYS, "08:00", "18:00"),
    "auto": _spans(WORKDAYS, "08:00", "19:00"),
    "retail": _spans(WEEK, "09:00", "20:00"),
    "travel": [],
    "personal-care": _spans(WORKDAYS, "09:00", "20:00"),
    "pets": _spans(WEEK, "07:00", "21:00"),
    "professional": _spans(range(5), "09:00", "17:30"),
    "events": _spans(WEEK, "10:00", "22:00"),
    "repairs": _spans(WORKDAYS, "09:00", "18:00"),
    "health": _spans(range(5), "08:30", "18:00"),
}
ALWAYS_OPEN = {"locksmith", "towing", "taxi-ride", "hotel", "takeaway-delivery"}
LATE_NIGHT = {"drinks-nightlife": _spans(WEEK, "17:00", "02:00")}

NAME_WORDS = (
    "Bramble", "Harbour", "Copper", "Juniper", "Northside", "Lantern", "Maple", "Saltire",
    "Riverside", "Thistle", "Foxglove", "Granite", "Kestrel", "Orchard", "Quay", "Willow",
)  # fmt: skip
CUSTOMER_NAMES = (
    "Ava", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Jack", "Kai",
    "Layla", "Max", "Nia", "Oscar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera",
    "Will", "Xena", "Yusuf", "Zoe", "Aoife", "Bram", "Cara", "Dara",
)  # fmt: skip
REQUESTS = (
    "Looking for {example} today",
    "Need {example}, {city}, as soon as possible",
    "{example} for {n} this weekend",
    "Can anyone help with {example}? In {city}",
    "{example} near me, budget around {budget}",
)


@dataclass
class Report:
    vendors: int = 0
    customers: int = 0
    intents: int = 0
    offers: int = 0


def _pick_city(rng: random.Random) -> City:
    return rng.choices(CITIES, weights=[c.weight for c in CITIES])[0]


def _near(rng: random.Random, city: City, spread_km: float) -> tuple[float, float]:
    # About spread_km of scatter around the centre, good enough for a demo.
    return (
        round(city.lat + rng.gauss(0, spread_km / 111), 5),
        round(city.lng + rng.gauss(0, spread_km / 70), 5),
    )


def ensure_operator(password_hash: str) -> User:
    user = User.objects.filter(email=OPERATOR_EMAIL).first()
    if user is None:
        user = User.objects.create_superuser(email=OPERATOR_EMAIL, name="Demo operator")
        User.objects.filter(pk=user.pk).update(password=password_hash)
    return user


def _make_vendor(number: int, category: Category, password_hash: str, rng: random.Random) -> None:
    city = _pick_city(rng)
    name = f"{rng.choice(NAME_WORDS)} {category.name.split(' &')[0].split(' ')[0]} {number}"
    lat, lng = _near(rng, city, 3)
    with transaction.atomic():
        owner = User.objects.create(
            email=f"vendor{number:03d}@{DEMO_DOMAIN}",
            name=f"Owner of {name}",
            role=User.Role.VENDOR,
            password=password_hash,
            time_zone=city.zone,
            email_verified_at=timezone.now(),
        )
        vendor = Vendor.objects.create(
            name=name,
            email=owner.email,
            phone=f"+44 20 7946 {number % 10000:04d}",
            address=f"{rng.randint(1, 200)} High Street, {city.name}",
            lat=lat,
            lng=lng,
            time_zone=city.zone,
            rating=Decimal(rng.randint(35, 50)) / 10,
        )
        Membership.objects.create(vendor=vendor, user=owner, role=Membership.Role.OWNER)
        every_term = list(Term.objects.all())
        defaults = [t for t in every_term if t.is_default]
        if category.slug in ALWAYS_OPEN:
            hours = []
        else:
            hours = LATE_NIGHT.get(category.slug, HOURS[category.group.slug])
        whole_group = rng.random() < 0.15
        save_subscription(
            Subscription(
                vendor=vendor,
                lat=lat,
                lng=lng,
                radius_km=rng.choice([3, 5, 5, 8, 10, 15]),
                hours=hours,
                daily_cap=rng.choice([10, 20, 30, 50]),
                min_budget=Decimal(rng.choice([10, 20, 50])) if rng.random() < 0.2 else None,
                currency=city.currency,
            ),
            categories=[] if whole_group else [category],
            groups=[category.group] if whole_group else [],
            accepted_terms=every_term if rng.random() < 0.8 else defaults,
        )


def ensure_vendors(count: int, password_hash: str, progress: Callable) -> int:
    categories = list(Category.objects.active().select_related("group").order_by("group", "pk"))
    existing = set(
        User.objects.filter(
            email__startswith="vendor", email__endswith=f"@{DEMO_DOMAIN}"
        ).values_list("email", flat=True)
    )
    made = 0
    for number in progress(range(1, count + 1), "Vendors"):
        if f"vendor{number:03d}@{DEMO_DOMAIN}" in existing:
            continue
        # Round-robin over the taxonomy so every category has vendors.
        category = categories[(number - 1) % len(categories)]
        _make_vendor(number, category, password_hash, random.Random(number))  # noqa: S311
        made += 1
    return made


def ensure_customers(count: int, password_hash: str) -> list[User]:
    customers = []
    for number in range(1, count + 1):
        rng = random.Random(10_000 + number)  # noqa: S311
        city = _pick_city(rng)
        user, _ = User.objects.get_or_create(
            email=f"customer{number:02d}@{DEMO_DOMAIN}",
            defaults={
                "name": f"{CUSTOMER_NAMES[(number - 1) % len(CUSTOMER_NAMES)]} Demo",
                "role": User.Role.CUSTOMER,
                "password": password_hash,
                "time_zone": city.zone,
                "phone": f"+44 7700 900{number:03d}",
                # Demo people have confirmed their addresses (nobody reads their mail).
                "email_verified_at": timezone.now(),
            },
        )
        user.demo_city = city
        customers.append(user)
    return customers


def _post_intent(customer: User, rng: random.Random, categories: list[Category]) -> Intent:
    city: City = customer.demo_city
    category = rng.choice(categories)
    example = rng.choice(category.examples or [category.name.lower()])
    budget = Decimal(rng.choice([25, 40, 60, 120, 300]))
    text = rng.choice(REQUESTS).format(
        example=example, city=city.name, n=rng.randint(2, 6), budget=f"{budget} {city.currency}"
    )
    lat, lng = _near(rng, city, 2)
    starts = timezone.now() + timedelta(hours=rng.choice([0, 0, 2, 24]))
    return create_intent(
        customer=customer,
        text=text[0].upper() + text[1:],
        category=category,
        lat=lat,
        lng=lng,
        radius_km=rng.choice([5, 10, 15]),
        starts_at=starts,
        ends_at=starts + timedelta(hours=rng.choice([3, 8, 48])),
        budget_max=budget if rng.random() < 0.6 else None,
        currency=city.currency,
        quantity=rng.choice([None, 1, 2, 4]),
        disclosure=rng.choice(list(Intent.Disclosure.values)),
        place_name=city.name,
    )


def _answer(intent: Intent, rng: random.Random) -> list:
    """The first few matched vendors answer, each with an offer under the budget."""
    offers = []
    for lead in intent.leads.select_related("vendor").order_by("rank")[:3]:
        owner = lead.vendor.memberships.get(role=Membership.Role.OWNER).user
        ceiling = intent.budget_max or Decimal(100)
        price = (ceiling * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("0.01"))
        offers.append(
            make_offer(
                lead,
                owner,
                price=price,
                currency=intent.currency or "GBP",
                message=rng.choice(
                    [
                        "Happy to help, can be with you within the hour.",
                        "We have availability today. Price includes everything.",
                        "Local, insured and well reviewed. Just say when.",
                    ]
                ),
                terms_accepted=True,
            )
        )
    return offers


def ensure_intents(customers: list[User], per_customer: int, progress: Callable) -> Report:
    """Intents in every state for customers who have none yet."""
    report = Report()
    categories = list(
        Category.objects.active()
        .filter(Q(subscriptions__isnull=False) | Q(group__subscriptions__isnull=False))
        .distinct()
    )
    outcomes = ["open", "accepted", "withdrawn", "expired"]
    turn = 0  # whose turn it is in that cycle, so every state shows up
    for customer in progress(customers, "Customers"):
        if customer.intents.exists():
            continue
        rng = random.Random(customer.pk)  # noqa: S311
        for _ in range(per_customer):
            intent = _post_intent(customer, rng, categories)
            create_leads_for_intent(intent.pk)  # also on the real stack, without a worker
            offers = _answer(intent, rng)
            report.intents += 1
            report.offers += len(offers)
            outcome = outcomes[turn % len(outcomes)]
            if outcome == "accepted" and not offers:
                continue  # stays open; the next intent with offers is accepted instead
            turn += 1
            if outcome == "accepted":
                accept_offer(offers[0])
            elif outcome == "withdrawn":
                withdraw_intent(intent)
            elif outcome == "expired":
                expire_intent(intent)
    return report


def seed(*, vendors: int, customers: int, per_customer: int, progress: Callable) -> Report:
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    ensure_operator(password_hash)
    report = Report(vendors=ensure_vendors(vendors, password_hash, progress))
    people = ensure_customers(customers, password_hash)
    made = ensure_intents(people, per_customer, progress)
    report.customers, report.intents, report.offers = len(people), made.intents, made.offers
    for email in (f"customer01@{DEMO_DOMAIN}", f"vendor001@{DEMO_DOMAIN}"):
        Token.objects.get_or_create(user=User.objects.get(email=email))
    return report
