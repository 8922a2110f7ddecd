"""`manage.py bench_parser [--repeat N]`: parse latency of the intent text parser.

Cold start (import, lexicon, gazetteer and the first parse) is measured in a fresh Python
process, so nothing this process already loaded flatters it. Then a varied set of texts is
parsed `repeat` times in-process and the latency percentiles are printed against the bar
(p50 <= 5 ms, p99 <= 20 ms).
"""

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError

from intents.parsing import parse_intent_text, warm_up

PROJECT_ROOT = Path(__file__).resolve().parents[3]
BAR_P50_MS, BAR_P99_MS = 5.0, 20.0

TEXTS = [
    "lunch near me now",
    "Lunch for 2 near me in the next hour, under £25",
    "wheel rims for a 1967 Peugeot 404",
    "rent a minivan that seats six with a roof rack in Salt Lake City next week",
    "need a 200 watt power converter in Copenhagen this afternoon",
    "table for 4 tonight, italian, max 120 euros",
    "my dog ate chocolate what do i do",
    "plumer needed asap, water everywhere!!",
    "taxi to the airport at 5am tomorrow for 3 people",
    "wedding photographer in Lisbon on 12 September",
    "hotel in Rome 3-6 June, max 150 euros per night",
    "cheap hotel room for tonight in Edinburgh, up to £90",
    "cottage that sleeps 8 in the peak district for easter",
    "up to CAD 250 for a deep clean by friday",
    "$1,500 budget for a used road bike, Aug 3",
    "personal trainer 3 times a week, $60/hr",
    "a dozen red roses delivered today",
    "need a tow now, broke down on the M6",
    "website for my coffee shop, about 2k",
    "translate a 5 page contract from German to English",
    "kids party entertainer for 15 kids, Saturday 2pm",
    "sushi in Nice this weekend for a family of 7",
    "emergency vet open now, my cat got hit by a car",
    "iphone screen cracked, fix today under 80 quid",
    "",
    "🍕🍕🍕 🚕 now!!",
    "\x00\x01\x1b[31m boiler \x7f broken",
    "THE WIFI IS DOWN AGAIN PLEASE HELP",
    "lunch " * 1700,
]


class Command(BaseCommand):
    help = "Benchmark the intent text parser: cold start and p50/p95/p99/max latency."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=200, help="passes over the texts")
        parser.add_argument(
            "--strict", action="store_true", help="exit non-zero when over the latency bar"
        )

    def handle(self, *args, repeat: int, strict: bool, **options):
        self.stdout.write(
            f"cold start (fresh process, first parse): {self._cold_start_ms():.0f} ms"
        )
        warm_up()
        tz = ZoneInfo("Europe/London")
        now = datetime(2026, 3, 14, 11, 30, tzinfo=tz)
        timings = []
        for _ in range(max(1, repeat)):
            for text in TEXTS:
                started = time.perf_counter()
                parse_intent_text(text, now=now, tz=tz)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50, p95, p99 = (_percentile(timings, q) for q in (50, 95, 99))
        self.stdout.write(f"parses: {len(timings)} ({len(TEXTS)} texts x {max(1, repeat)})")
        self.stdout.write(
            f"p50 {p50:.3f} ms  p95 {p95:.3f} ms  p99 {p99:.3f} ms  max {timings[-1]:.3f} ms"
        )
        within = p50 <= BAR_P50_MS and p99 <= BAR_P99_MS
        verdict = "within" if within else "OVER"
        self.stdout.write(f"{verdict} the bar (p50 <= {BAR_P50_MS} ms, p99 <= {BAR_P99_MS} ms)")
        if strict and not within:
            raise CommandError("parser latency over the bar")

    def _cold_start_ms(self) -> float:
        script = (
            "import time; t = time.perf_counter()\n"
            "from datetime import datetime; from zoneinfo import ZoneInfo\n"
            "from intents.parsing import parse_intent_text\n"
            "tz = ZoneInfo('Europe/London')\n"
            "parse_intent_text('lunch for 2 in Leeds now', now=datetime.now(tz), tz=tz)\n"
            "print((time.perf_counter() - t) * 1000)\n"
        )
        result = subprocess.run(  # noqa: S603 - our own interpreter running our own code
            [sys.executable, "-c", script],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return float(result.stdout.strip().splitlines()[-1])


def _percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, round(q / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]
