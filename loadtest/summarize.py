"""Read the CSV statistics of bin/loadtest's Locust runs (one per user count) and print
the table for docs/performance.md, the highest sustained rate with p95 under the bound
and no errors, and the endpoints of that run. Usage: summarize.py var/loadtest/u*_stats.csv

The CPU columns come from u<N>.cpu.json (the Locust file writes it): CPU seconds the web
workers used per request and the Celery worker used per intent posted, while measuring.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

P95_BOUND_MS = 300


def read(path: Path) -> dict:
    rows = list(csv.DictReader(path.open()))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    users = int(re.search(r"u(\d+)_stats\.csv$", path.name)[1])
    cpu_file = path.with_name(f"u{users}.cpu.json")
    cpu = json.loads(cpu_file.read_text()) if cpu_file.exists() else {}
    intents = sum(int(r["Request Count"]) for r in rows if r["Name"] == "intents")
    requests = int(total["Request Count"])
    return {
        "users": users,
        "requests": requests,
        "web_cpu_ms": 1000 * cpu["web"] / requests if cpu.get("web") and requests else None,
        "worker_cpu_ms": 1000 * cpu["worker"] / intents if cpu.get("worker") and intents else None,
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "endpoints": [
            {
                "name": f"{row['Type']} {row['Name']}".strip(),
                "requests": int(row["Request Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
            }
            for row in rows
            if row["Name"] != "Aggregated" and int(row["Request Count"])
        ],
    }


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def main(paths: list[str]) -> int:
    runs = sorted((read(Path(p)) for p in paths), key=lambda run: run["users"])
    print(
        "| users | requests | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| web CPU ms/request | worker CPU ms/intent |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        print(
            f"| {run['users']} | {run['requests']} | {run['rps']:.1f} | {run['p50']:.0f} "
            f"| {run['p95']:.0f} | {run['p99']:.0f} | {run['failures']} "
            f"| {_ms(run['web_cpu_ms'])} | {_ms(run['worker_cpu_ms'])} |"
        )
    good = [r for r in runs if r["p95"] < P95_BOUND_MS and r["failures"] == 0 and r["requests"]]
    best = max(good, key=lambda run: run["rps"], default=None)
    if best is None:
        print(f"\nNo run kept p95 under {P95_BOUND_MS} ms with zero errors.")
    else:
        print(
            f"\nHighest sustained: {best['rps']:.1f} req/s at {best['users']} users "
            f"(p95 {best['p95']:.0f} ms, 0 errors)."
        )
        print("\n| endpoint | req/s | p50 ms | p95 ms |")
        print("| --- | ---: | ---: | ---: |")
        for row in sorted(best["endpoints"], key=lambda r: -r["rps"]):
            print(f"| {row['name']} | {row['rps']:.1f} | {row['p50']:.0f} | {row['p95']:.0f} |")
    summary = Path(paths[0]).parent / "summary.json"
    summary.write_text(json.dumps({"runs": runs, "best": best}, indent=1))
    return 0 if all(run["failures"] == 0 for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
