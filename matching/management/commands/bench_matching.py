"""manage.py bench_matching: the matching engine on a synthetic world, measured.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL) and a database whose name
contains "bench": the world replaces everything in it. See docs/performance.md.
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from intents.models import Intent
from matching.bench import measure, world
from vendors.models import Subscription


class Command(BaseCommand):
    help = "Benchmark matching on a synthetic world with a real Celery worker."

    def add_arguments(self, parser):
        parser.add_argument("--subscriptions", type=int, default=100_000)
        parser.add_argument("--intents", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reuse", action="store_true", help="Keep a world of this size, matching forgotten."
        )
        parser.add_argument("--rate", type=float, default=100, help="Latency run, intents/s.")
        parser.add_argument("--burst-rate", type=float, default=400, help="Throughput run.")
        parser.add_argument("--concurrency", type=int, default=2, help="Threads per worker.")
        parser.add_argument(
            "--processes", type=int, default=2, help="Worker processes side by side."
        )
        parser.add_argument(
            "--prefetch", type=int, default=settings.CELERY_WORKER_PREFETCH_MULTIPLIER
        )
        # Defaults: the best of the configurations measured in docs/performance.md.
        parser.add_argument("--pool", default="threads", choices=["prefork", "threads", "solo"])
        parser.add_argument(
            "--acks-late",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Ack after the task runs (--no-acks-late to ack on receipt).",
        )
        parser.add_argument("--brute-force-sample", type=int, default=3)
        parser.add_argument(
            "--warm-up", type=int, default=300, help="Intents matched before the timed runs."
        )
        parser.add_argument("--sample", type=int, default=300, help="In-process and floor runs.")
        parser.add_argument("--out", default="var/bench/matching.json")

    def handle(self, *args, **opts):
        self.check_environment()
        started = time.monotonic()
        report: dict = {
            "when": timezone.now().isoformat(),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "settings": {
                k: opts[k]
                for k in (
                    "subscriptions",
                    "intents",
                    "seed",
                    "rate",
                    "burst_rate",
                    "processes",
                    "concurrency",
                    "prefetch",
                    "pool",
                    "acks_late",
                )
            },
        }
        report["world"] = self.world(opts)
        report["sizes"] = measure.sizes()
        self.say("table and index sizes", report["sizes"])

        ids = list(
            Intent.objects.filter(status="open", matched_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sample, brute_n = opts["sample"], opts["brute_force_sample"]
        needed = sample + brute_n + opts["warm_up"] + 2
        if len(ids) < needed:
            raise CommandError(f"Only {len(ids)} unmatched intents; rebuild without --reuse.")
        brute_ids, ids = ids[:brute_n], ids[brute_n:]
        process_ids, ids = ids[:sample], ids[sample:]

        report["in_process"] = measure.in_process(process_ids)
        self.say("engine in-process, per intent", report["in_process"])
        report["raw_sql_floor"] = measure.raw_floor(process_ids)
        self.say("raw-SQL floor (bare psycopg), per intent", report["raw_sql_floor"])
        report["floor_ratio_p50"] = round(
            report["in_process"]["ms"]["p50"] / report["raw_sql_floor"]["ms"]["p50"], 2
        )
        if brute_ids:
            report["brute_force"] = measure.brute_force(brute_ids)
            b = report["brute_force"]
            b["speedup_p50"] = round(b["brute_force_ms"]["p50"] / b["indexed_rank_ms"]["p50"], 1)
            self.say("brute force vs indexed ranking", b)

        warm_ids, ids = ids[: opts["warm_up"]], ids[opts["warm_up"] :]
        latency_n = min(len(ids) // 2, int(opts["rate"] * 15))
        latency_ids, burst_ids = ids[:latency_n], ids[latency_n:]
        log = Path(opts["out"]).with_suffix(".worker.log")
        with measure.Workers(
            opts["processes"],
            opts["concurrency"],
            opts["prefetch"],
            log,
            pool=opts["pool"],
            acks_late=opts["acks_late"],
        ) as worker:
            # Long-lived workers are warm: connections open, statements prepared, caches
            # filled. A cold start would otherwise open the latency run with a backlog.
            report["warm_up"] = measure.open_loop(warm_ids, opts["rate"])
            self.say(f"warm-up, {len(warm_ids)} intents (not counted)", report["warm_up"])
            report["latency_run"] = measure.open_loop(latency_ids, opts["rate"])
            self.say(f"open loop at {opts['rate']:g}/s", report["latency_run"])
            report["throughput_run"] = measure.open_loop(burst_ids, opts["burst_rate"])
            self.say(f"open loop at {opts['burst_rate']:g}/s", report["throughput_run"])
            report["worker_rss"] = worker.peak_rss_mb()
            self.say("worker peak RSS", report["worker_rss"])
        report["took_s"] = round(time.monotonic() - started, 1)

        out = Path(opts["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, default=str))
        self.stdout.write(self.style.SUCCESS(f"Report written to {out} ({report['took_s']} s)."))

    def check_environment(self):
        if connection.vendor != "postgresql" or not settings.REDIS_URL:
            raise CommandError(
                "The benchmark needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL."
            )
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError(
                "The benchmark replaces everything in its database: use one whose name "
                "contains 'bench' (e.g. createdb beckon_bench)."
            )

    def world(self, opts) -> dict:
        existing = Subscription.objects.count()
        if opts["reuse"] and existing == opts["subscriptions"]:
            self.stdout.write(f"Reusing the world of {existing} subscriptions, unmatched again.")
            world.forget_matching()
            return {"reused": True, "subscriptions": existing}
        started = time.monotonic()
        world.reset()

        def progress(items, label, total):
            return tqdm(items, desc=label, total=total, file=self.stderr, leave=False)

        built = world.build(opts["subscriptions"], opts["intents"], opts["seed"], progress)
        built["build_s"] = round(time.monotonic() - started, 1)
        self.say("world", built)
        return built

    def say(self, title: str, data) -> None:
        self.stdout.write(f"\n{title}:\n  " + json.dumps(data, default=str))
