"""The benchmark's measurements. Each takes its own slice of the pre-written intents, so
no intent is matched twice."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis
from django.conf import settings
from django.db import connection, transaction

from core.geo import bounding_box
from intents.models import Intent
from matching.bench.worker import DONE_KEY
from matching.engine import create_leads_for_intent, lock_open_intent, rank
from matching.reference import reference_rank
from matching.routes import search_cells
from matching.rules import IntentFacts
from matching.tasks import match_intent


def percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {
        "n": len(ordered),
        "mean": round(statistics.fmean(ordered), 3),
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": round(ordered[-1], 3),
    }


def sizes() -> dict:
    tables = [
        "matching_route",
        "matching_reach",
        "vendors_subscription",
        "vendors_subscription_categories",
        "vendors_subscription_accepted_terms",
        "matching_lead",
        "matching_quota",
        "intents_intent",
    ]
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT pg_relation_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s)",
                [table, table, table],
            )
            heap, indexes, total = cursor.fetchone()
            out[table] = {"table_mb": mb(heap), "indexes_mb": mb(indexes), "total_mb": mb(total)}
        cursor.execute("SELECT pg_relation_size('reach_topic_cell')")
        out["reach_topic_cell_index_mb"] = mb(cursor.fetchone()[0])
    return out


def mb(size: int) -> float:
    return round(size / 2**20, 2)


def in_process(intent_ids: list[int]) -> dict:
    """The whole engine path in this process, one intent after another (ms)."""
    times, leads = [], 0
    for intent_id in intent_ids:
        start = time.perf_counter()
        leads += len(create_leads_for_intent(intent_id))
        times.append((time.perf_counter() - start) * 1000)
    return {"ms": percentiles(times), "leads_per_intent": round(leads / len(intent_ids), 2)}


FLOOR_SQL = """
SELECT r.subscription_id, r.vendor_id, r.lat, r.lng, r.radius_km, r.hours_key
FROM matching_reach x JOIN matching_route r ON r.subscription_id = x.route_id
WHERE x.topic = ANY(%(topics)s) AND x.cell = ANY(%(cells)s)
  AND r.lat BETWEEN %(min_lat)s AND %(max_lat)s AND r.lng BETWEEN %(min_lng)s AND %(max_lng)s
  AND (r.terms_mask & %(mask)s) = %(mask)s
  AND (%(budget)s::numeric IS NULL OR r.min_budget IS NULL
       OR (r.currency = %(currency)s AND r.min_budget <= %(budget)s::numeric))
"""
FLOOR_INSERT = (
    "INSERT INTO matching_lead (intent_id, vendor_id, subscription_id, status, score, rank,"
    " reasons, distance_km, matched_at) VALUES {} ON CONFLICT DO NOTHING"
)


def raw_floor(intent_ids: list[int]) -> dict:
    """The least the database must do per intent: the same candidate query and a
    multi-row insert of as many leads, through bare psycopg, rolled back (ms)."""
    intents = list(Intent.objects.select_related("category").filter(pk__in=intent_ids))
    masks = {i.pk: IntentFacts.of(i).terms_mask for i in intents}
    dsn = connection.get_connection_params()
    dsn.pop("cursor_factory", None)
    dsn.pop("context", None)
    dsn.pop("prepare_threshold", None)
    times = []
    with psycopg.connect(**dsn) as raw:
        for intent in intents:
            start = time.perf_counter()
            box = bounding_box(intent.lat, intent.lng, intent.radius_km)
            with raw.transaction(force_rollback=True), raw.cursor() as cursor:
                cursor.execute(
                    FLOOR_SQL,
                    {
                        "topics": [intent.category_id, -intent.category.group_id],
                        "cells": search_cells(intent.lat, intent.lng),
                        "min_lat": box.min_lat,
                        "max_lat": box.max_lat,
                        "min_lng": box.min_lng,
                        "max_lng": box.max_lng,
                        "mask": masks[intent.pk],
                        "budget": intent.budget_max,
                        "currency": intent.currency,
                    },
                )
                rows = cursor.fetchall()[: intent.lead_limit]
                if rows:
                    values = ", ".join(
                        ["(%s, %s, %s, 'new', 1.0, 1, '[]', 1.0, now())"] * len(rows)
                    )
                    params = [p for row in rows for p in (intent.pk, row[1], row[0])]
                    cursor.execute(FLOOR_INSERT.format(values), params)
            times.append((time.perf_counter() - start) * 1000)
    return {"ms": percentiles(times)}


def brute_force(intent_ids: list[int]) -> dict:
    """The reference matcher against the indexed ranking on the same intents (ms), and
    whether they agreed."""
    brute, indexed, agree = [], [], 0
    for intent_id in intent_ids:
        with transaction.atomic():
            intent = lock_open_intent(intent_id)
            start = time.perf_counter()
            expected = reference_rank(intent)
            brute.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            got = rank(intent)
            indexed.append((time.perf_counter() - start) * 1000)
        agree += [v.subscription.id for v in got] == [v.subscription.id for v in expected]
    return {
        "brute_force_ms": percentiles(brute),
        "indexed_rank_ms": percentiles(indexed),
        "agreed": f"{agree}/{len(intent_ids)}",
    }


class Worker:
    """A real Celery worker process consuming the matching queue."""

    def __init__(
        self,
        concurrency: int,
        prefetch: int,
        log: Path,
        *,
        pool: str = "prefork",
        acks_late: bool = False,
        name: str = "bench",
    ):
        self.command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "matching.bench.worker",
            "worker",
            "-Q",
            "matching",
            "--concurrency",
            str(concurrency),
            "--prefetch-multiplier",
            str(prefetch),
            "-O",
            "fair",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
            "--pool",
            pool,
            "-n",
            f"{name}@%h",
        ]
        self.log = log
        self.env = {**os.environ, "CELERY_ACKS_LATE": "true" if acks_late else "false"}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Worker:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our arguments
            self.command, stdout=self.log.open("w"), stderr=subprocess.STDOUT, env=self.env
        )
        wait_until_ready()
        return self

    def peak_rss_mb(self) -> dict:
        """VmHWM (peak resident set) of the worker's main process and each child."""
        pids = [self.process.pid, *children(self.process.pid)]
        peaks = {pid: peak_rss_kb(pid) / 1024 for pid in pids}
        main = peaks.pop(self.process.pid)
        return {
            "main_mb": round(main, 1),
            "children_mb": [round(v, 1) for v in peaks.values()],
            "max_process_mb": round(max([main, *peaks.values()]), 1),
            "total_mb": round(main + sum(peaks.values()), 1),
        }

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Workers:
    """`count` worker processes side by side: each has its own interpreter (and GIL),
    without prefork's parent relaying every task to a child over a pipe."""

    def __init__(self, count: int, *args, **kwargs):
        log = args[2]
        self.workers = [
            Worker(*args[:2], log.with_suffix(f".{n}.log") if count > 1 else log, *args[3:],
                   name=f"bench{n}", **kwargs)
            for n in range(count)
        ]  # fmt: skip

    def __enter__(self) -> Workers:
        for worker in self.workers:
            worker.__enter__()
        return self

    def peak_rss_mb(self) -> dict:
        each = [worker.peak_rss_mb() for worker in self.workers]
        return {
            "processes": len(each),
            "max_process_mb": max(w["max_process_mb"] for w in each),
            "total_mb": round(sum(w["total_mb"] for w in each), 1),
            "each": each,
        }

    def __exit__(self, *exc) -> None:
        for worker in self.workers:
            worker.__exit__(*exc)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def wait_until_ready(timeout: float = 60.0) -> None:
    from config.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the benchmark's Celery worker did not start")


def open_loop(intent_ids: list[int], rate: float) -> dict:
    """Queue the intents at a fixed rate whatever the worker does (open loop), then wait
    for every one to be matched; latency = enqueue -> leads committed."""
    store = redis.Redis.from_url(settings.REDIS_URL)
    store.delete(DONE_KEY)
    queued: dict[int, float] = {}
    start = time.monotonic()
    wall_start = time.time()
    for n, intent_id in enumerate(intent_ids):
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        queued[intent_id] = time.time()
        match_intent.apply_async((intent_id,), queue="matching")
    offered_for = time.monotonic() - start
    deadline = time.monotonic() + 120
    while store.hlen(DONE_KEY) < len(intent_ids) and time.monotonic() < deadline:
        time.sleep(0.05)
    done = {int(k): float(v) for k, v in store.hgetall(DONE_KEY).items()}
    latencies = [(done[i] - queued[i]) * 1000 for i in intent_ids if i in done]
    finished = max(done.values()) if done else wall_start
    return {
        "offered_per_s": round(len(intent_ids) / offered_for, 1),
        "completed": len(done),
        "matched_per_s": round(len(done) / (finished - wall_start), 1),
        "latency_ms": percentiles(latencies),
    }
