"""The quality bar, on the shared samples and on our own held-out everyday set, through the
same evaluation code `manage.py eval_parser` uses. development.jsonl, category_probes.txt and
the fresh_round*.jsonl batches were each written before the parser was run on them, and then
tuned against: they guard against regressions; only their first runs (docs/parsing.md) say
anything about unseen text."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intents.catalogue import SEED_DIR
from intents.parsing.evaluation import evaluate, load_samples
from tests.parsing.helpers import parse

HERE = Path(__file__).resolve().parent
SHARED_SAMPLES = HERE.parents[2] / "shared" / "intent-samples.jsonl"
EVERYDAY = HERE / "everyday.jsonl"
DEVELOPMENT = HERE / "development.jsonl"
CATEGORY_PROBES = HERE / "category_probes.txt"
FRESH_ROUNDS = sorted(HERE.glob("fresh_round*.jsonl"))
BAR = 0.95


def leaf_slugs() -> set[str]:
    taxonomy = json.loads((SEED_DIR / "taxonomy.json").read_text())
    return {c["slug"] for group in taxonomy["groups"] for c in group["categories"]}


@pytest.mark.skipif(not SHARED_SAMPLES.exists(), reason="shared samples not checked out")
def test_parser_meets_the_bar_on_the_shared_samples():
    report = evaluate(load_samples(SHARED_SAMPLES))
    assert report.passes(BAR, BAR), "\n".join(report.lines())


def test_parser_meets_the_bar_on_the_everyday_set():
    report = evaluate(load_samples(EVERYDAY))
    assert report.passes(BAR, BAR), "\n".join(report.lines())


def test_parser_stays_above_the_bar_on_the_development_set():
    report = evaluate(load_samples(DEVELOPMENT))
    assert report.passes(BAR, BAR), "\n".join(report.lines())


@pytest.mark.parametrize("path", FRESH_ROUNDS, ids=lambda path: path.stem)
def test_parser_stays_above_the_bar_on_each_fresh_batch(path):
    report = evaluate(load_samples(path))
    assert report.passes(BAR, BAR), "\n".join(report.lines())
    for field in ("budget", "quantity", "when", "place", "near_me"):
        assert report.accuracy(field) >= BAR, f"{field}: {report.accuracy(field):.1%}"


def test_fresh_batches_cover_every_category_evenly():
    assert len(FRESH_ROUNDS) >= 3
    for path in FRESH_ROUNDS:
        samples = load_samples(path)
        counts = Counter(sample["category"] for sample in samples)
        assert len(samples) >= 300, path.name
        assert set(counts) == leaf_slugs(), path.name
        assert min(counts.values()) >= 6, path.name
        for sample in samples:
            assert (sample["budget_max"] is None) == (sample["currency"] is None), sample["text"]


def test_category_probes_stay_above_ninety_seven_percent():
    probes = [line.split("|", 1) for line in CATEGORY_PROBES.read_text().splitlines() if line]
    wrong = [(slug, text) for slug, text in probes if parse(text).category != slug]
    assert len(wrong) <= 0.03 * len(probes), wrong


def test_everyday_set_covers_every_category_at_least_five_times():
    samples = load_samples(EVERYDAY)
    counts = Counter(sample["category"] for sample in samples)
    assert len(samples) >= 300
    assert set(counts) == leaf_slugs()
    assert min(counts.values()) >= 5


def test_everyday_set_budgets_always_name_a_currency():
    for sample in load_samples(EVERYDAY):
        assert (sample["budget_max"] is None) == (sample["currency"] is None), sample["text"]


def test_eval_command_prints_accuracy_and_passes_on_the_everyday_set(capsys):
    call_command("eval_parser", str(EVERYDAY))
    out = capsys.readouterr().out
    assert "category" in out
    assert "parser meets the bar" in out


def test_eval_command_fails_below_the_bar(tmp_path):
    wrong = tmp_path / "wrong.jsonl"
    sample = {
        "text": "plumber for a leaking tap", "now": "2026-03-14T11:30", "tz": "Europe/London",
        "category": "vet", "budget_max": None, "currency": None, "quantity": None,
        "when": None, "place": None, "near_me": False,
    }  # fmt: skip
    wrong.write_text(json.dumps(sample) + "\n")
    with pytest.raises(CommandError, match="below the bar"):
        call_command("eval_parser", str(wrong))


def test_an_invented_budget_fails_the_bar_even_when_everything_else_is_right(tmp_path):
    samples = tmp_path / "budget.jsonl"
    sample = {
        "text": "plumber for a leaking tap, max £80", "now": "2026-03-14T11:30",
        "tz": "Europe/London", "category": "plumbing", "budget_max": None, "currency": None,
        "quantity": None, "when": None, "place": None, "near_me": False,
    }  # fmt: skip
    samples.write_text(json.dumps(sample) + "\n")
    report = evaluate(load_samples(samples))
    assert report.invented_budgets == 1
    assert not report.passes(0.0, 0.0)
