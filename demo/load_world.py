"""The world the load test (loadtest/locustfile.py) plays in: customers and vendors
around a few cities, each vendor with one subscription to a few whole category groups,
open at all hours and with the largest daily cap, so that everyday requests find vendors and
the test measures the site, not an empty inbox.

Keyed by email like the demo world: running it again adds only what is missing. It
writes a manifest (accounts, their cities, the shared password) for the Locust file,
which has no database of its own.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo.world import CITIES, City
from intents.models import CategoryGroup, Term
from vendors.models import Membership, Subscription, Vendor
from vendors.services import save_subscription

LOAD_DOMAIN = "load.beckon.test"
LOAD_PASSWORD = "beckon-load"  # noqa: S105 - a synthetic world on a throwaway database
# British cities, so every budget written with "£" is in the vendors' currency.
LOAD_CITIES = tuple(city for city in CITIES if city.currency == "GBP")


@dataclass
class LoadWorld:
    customers: list[dict]
    vendors: list[dict]
    new_customers: int = 0
    new_vendors: int = 0

    def manifest(self) -> dict:
        return {"password": LOAD_PASSWORD, "customers": self.customers, "vendors": self.vendors}


def _city(number: int) -> City:
    return LOAD_CITIES[number % len(LOAD_CITIES)]


def _ensure_customer(number: int, password_hash: str) -> tuple[dict, bool]:
    city = _city(number)
    email = f"customer{number:04d}@{LOAD_DOMAIN}"
    _, made = User.objects.get_or_create(
        email=email,
        defaults={
            "name": f"Load customer {number}",
            "role": User.Role.CUSTOMER,
            "password": password_hash,
            "time_zone": city.zone,
            "email_verified_at": timezone.now(),  # held intents would route nowhere
        },
    )
    return {"email": email, "city": city.name, "lat": city.lat, "lng": city.lng}, made


def _ensure_vendor(number: int, password_hash: str, groups: list, terms: list) -> bool:
    email = f"vendor{number:04d}@{LOAD_DOMAIN}"
    if User.objects.filter(email=email).exists():
        return False
    rng = random.Random(number)  # noqa: S311 - synthetic data, repeatable
    city = _city(number)
    lat = round(city.lat + rng.gauss(0, 3 / 111), 5)
    lng = round(city.lng + rng.gauss(0, 3 / 70), 5)
    with transaction.atomic():
        owner = User.objects.create(
            email=email,
            name=f"Owner of load vendor {number}",
            role=User.Role.VENDOR,
            password=password_hash,
            time_zone=city.zone,
            email_verified_at=timezone.now(),
        )
        vendor = Vendor.objects.create(
            name=f"Load vendor {number}",
            email=email,
            lat=lat,
            lng=lng,
            time_zone=city.zone,
        )
        Membership.objects.create(vendor=vendor, user=owner, role=Membership.Role.OWNER)
        save_subscription(
            Subscription(
                vendor=vendor,
                lat=lat,
                lng=lng,
                radius_km=20,
                hours=[],
                daily_cap=10_000,  # the most allowed: a cap is not what is measured
                currency=city.currency,
            ),
            categories=[],
            groups=rng.sample(groups, k=min(4, len(groups))),
            accepted_terms=terms,
        )
    return True


def seed_load_world(*, customers: int, vendors: int) -> LoadWorld:
    password_hash = make_password(LOAD_PASSWORD)  # hashed once: PBKDF2 is slow on purpose
    groups = list(CategoryGroup.objects.order_by("pk"))
    terms = list(Term.objects.all())
    world = LoadWorld(customers=[], vendors=[])
    for number in range(1, customers + 1):
        account, made = _ensure_customer(number, password_hash)
        world.customers.append(account)
        world.new_customers += made
    for number in range(1, vendors + 1):
        world.new_vendors += _ensure_vendor(number, password_hash, groups, terms)
        city = _city(number)
        world.vendors.append({"email": f"vendor{number:04d}@{LOAD_DOMAIN}", "city": city.name})
    return world


def write_manifest(world: LoadWorld, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(world.manifest(), indent=1))
