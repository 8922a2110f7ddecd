"""Beckon under load: customers and vendors using the REST API as apps would.

Customers sign in for a token, post everyday requests near their city, and watch each
request and its offers arrive (polling, as the API's clients do), now and then accepting
or declining an offer. Vendors watch their inbox of new leads, accept a customer's terms,
open the lead and answer it with an offer, and look over their own offers.

The accounts come from `manage.py seed_load` (var/loadtest/world.json, or LOAD_WORLD).
Run it through bin/loadtest, which starts the real stack first; see docs/performance.md.

Every user signs in once as it starts; PBKDF2 makes that cost as much CPU as a hundred
API calls, so the statistics restart when the last user has signed in, and measure the
steady mix. The sign-ins' own times are printed to the log before the restart.

A 409 is a right answer here, not a failure: two vendors race for an intent's last
offer slot, a customer accepts an offer the moment another one closed the intent.
"""

from __future__ import annotations

import json
import os
import random
import time
from decimal import Decimal
from pathlib import Path

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

WORLD = json.loads(
    Path(
        os.environ.get("LOAD_WORLD", Path(__file__).parent.parent / "var/loadtest/world.json")
    ).read_text()
)

# What people ask for, as they would type it; places come from the customer's location.
EVERYDAY = (
    "Lunch for 2 near me",
    "Dinner for 4 tonight, under £80",
    "A table for two at 8pm",
    "Coffee and a croissant delivered to the office",
    "Pizza delivered tonight for 3 people",
    "A plumber to fix a leaking kitchen tap today",
    "Emergency electrician, the fuse box keeps tripping",
    "Someone to assemble an IKEA wardrobe this weekend",
    "End of tenancy cleaning for a 2 bed flat on Friday",
    "Locksmith, locked out of my flat",
    "Haircut this afternoon",
    "Gel nails on Saturday morning",
    "Dog walker for the week, budget £60",
    "MOT and service for my car next week",
    "Flat tyre, need it fixed today",
    "Taxi to the airport at 6am tomorrow",
    "Man with a van to move a sofa on Sunday",
    "Birthday cake for 12 people, Saturday, under £50",
    "Flowers delivered to my mum tomorrow",
    "Phone screen repair today",
    "Laptop won't turn on, need it looked at",
    "Personal trainer twice a week",
    "Photographer for a christening in two weeks",
    "Hotel room for 2 nights this weekend",
    "Tutor for GCSE maths, Thursdays after school",
    "Bike service before Saturday",
    "Window cleaner for a terraced house",
    "Catering for an office lunch for 20, Friday",
)
MESSAGES = (
    "We can do this today, just reply to confirm.",
    "Happy to help: price includes everything.",
    "Available as asked; we have done this many times.",
)


def near(lat: float, lng: float) -> tuple[float, float]:
    """A point a few km from the centre: a customer somewhere in town."""
    return round(lat + random.gauss(0, 0.02), 5), round(lng + random.gauss(0, 0.03), 5)


SIGNED_IN = {"users": 0}
CPU_AT_START: dict = {}


def cpu_seconds() -> dict[str, float]:
    """CPU used so far by the processes bin/loadtest names in LOAD_CPU
    ("web:pid,pid;worker:pid"), by group, from /proc (user + system time)."""
    groups = {}
    for part in filter(None, os.environ.get("LOAD_CPU", "").split(";")):
        name, _, pids = part.partition(":")
        ticks = 0
        for pid in filter(None, pids.split(",")):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        groups[name] = ticks / os.sysconf("SC_CLK_TCK")
    return groups


def all_signed_in(environment: Environment) -> None:
    """Count a signed-in user; with the last one, report sign-ins and restart the stats."""
    SIGNED_IN["users"] += 1
    if SIGNED_IN["users"] != environment.runner.target_user_count:
        return
    signing = environment.stats.get("sign in (token)", "POST")
    print(  # the run's log, where bin/loadtest keeps it
        f"sign-ins: {signing.num_requests}, median {signing.median_response_time:.0f} ms, "
        f"p95 {signing.get_response_time_percentile(0.95)} ms; statistics restart now"
    )
    environment.stats.reset_all()
    CPU_AT_START.update(cpu_seconds(), at=time.monotonic())


@events.test_stop.add_listener
def write_cpu_used(environment: Environment, **kwargs) -> None:
    """The CPU each process group used while the statistics ran, beside the CSV files."""
    prefix = environment.parsed_options.csv_prefix if environment.parsed_options else None
    if not CPU_AT_START or not prefix:
        return
    now, start = cpu_seconds(), dict(CPU_AT_START)
    used = {name: round(now[name] - start[name], 2) for name in now}
    used["seconds"] = round(time.monotonic() - start["at"], 1)
    Path(f"{prefix}.cpu.json").write_text(json.dumps(used))


class SignedIn(FastHttpUser):
    abstract = True
    accounts: list[dict] = []

    def on_start(self) -> None:
        self.account = random.choice(self.accounts)  # noqa: S311
        answer = self.client.post(
            "/api/v1/auth/token/",
            json={"email": self.account["email"], "password": WORLD["password"]},
            name="sign in (token)",
        ).json()
        self.headers = {"Authorization": f"Token {answer['token']}"}
        all_signed_in(self.environment)

    def get(self, url: str, name: str):
        return self.client.get(url, headers=self.headers, name=name)

    def post(self, url: str, name: str, body: dict | None = None, *, conflict_ok: bool = False):
        with self.client.post(
            url, json=body or {}, headers=self.headers, name=name, catch_response=True
        ) as response:
            if response.status_code == 409 and conflict_ok:
                response.success()
            return response


class Customer(SignedIn):
    weight = 3
    wait_time = between(1, 3)
    accounts = WORLD["customers"]

    def on_start(self) -> None:
        super().on_start()
        self.intents: list[int] = []

    @task(1)
    def post_an_intent(self) -> None:
        lat, lng = near(self.account["lat"], self.account["lng"])
        text = random.choice(EVERYDAY)  # noqa: S311
        response = self.post("/api/v1/intents/", "intents", {"text": text, "lat": lat, "lng": lng})
        if response.status_code == 201:
            self.intents = [response.json()["id"], *self.intents][:3]

    @task(8)
    def watch_an_intent(self) -> None:
        if not self.intents:
            return self.post_an_intent()
        intent = random.choice(self.intents)  # noqa: S311
        self.get(f"/api/v1/intents/{intent}/", "intents/[id]")
        offers = self.get(f"/api/v1/intents/{intent}/offers/", "intents/[id]/offers")
        if offers.status_code == 200 and random.random() < 0.1:  # noqa: S311
            self.decide([o for o in offers.json()["results"] if o["status"] == "pending"])
        return None

    def decide(self, pending: list[dict]) -> None:
        if not pending:
            return
        offer = random.choice(pending)  # noqa: S311
        verb = "accept" if random.random() < 0.5 else "decline"  # noqa: S311
        url = f"/api/v1/offers/{offer['id']}/{verb}/"
        self.post(url, f"offers/[id]/{verb}", conflict_ok=True)

    @task(1)
    def list_my_open_intents(self) -> None:
        self.get("/api/v1/intents/?status=open", "intents?status=open")


class Vendor(SignedIn):
    weight = 2
    wait_time = between(1, 3)
    accounts = WORLD["vendors"]

    def on_start(self) -> None:
        super().on_start()
        self.new_leads: list[dict] = []

    @task(6)
    def watch_the_inbox(self) -> None:
        response = self.get("/api/v1/vendor/leads/?status=new", "vendor/leads?status=new")
        if response.status_code == 200:
            self.new_leads = response.json()["results"]

    @task(3)
    def answer_a_lead(self) -> None:
        if not self.new_leads:
            return
        lead = self.new_leads.pop(0)
        base = f"/api/v1/vendor/leads/{lead['id']}"
        terms = self.post(f"{base}/accept-terms/", "vendor/leads/[id]/accept-terms")
        if terms.status_code != 200:
            return
        shown = self.get(f"{base}/", "vendor/leads/[id]")
        if shown.status_code != 200 or shown.json()["intent"]["status"] != "open":
            return
        budget = shown.json()["intent"]["budget_max"]
        price = Decimal(budget) * Decimal("0.9") if budget else Decimal(random.randint(20, 200))  # noqa: S311
        self.post(
            f"{base}/offers/",
            "vendor/leads/[id]/offers",
            {
                "price": f"{price:.2f}",
                "currency": "GBP",
                "message": random.choice(MESSAGES),  # noqa: S311
                "accept_terms": True,
            },
            conflict_ok=True,
        )

    @task(1)
    def look_over_my_offers(self) -> None:
        self.get("/api/v1/vendor/offers/?status=pending", "vendor/offers?status=pending")
