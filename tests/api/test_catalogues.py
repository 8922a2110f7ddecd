"""The public catalogues: categories and personal terms."""

import json

import pytest

from intents.catalogue import SEED_DIR
from intents.models import Category

pytestmark = pytest.mark.django_db


def seeded_slugs() -> set[str]:
    taxonomy = json.loads((SEED_DIR / "taxonomy.json").read_text())
    return {c["slug"] for g in taxonomy["groups"] for c in g["categories"]}


def test_it_lists_every_seeded_category_with_slug_name_and_group(anon):
    response = anon.get("/api/v1/categories/")

    assert response.status_code == 200
    categories = response.json()
    assert isinstance(categories, list)
    assert {c["slug"] for c in categories} == seeded_slugs()
    meal = next(c for c in categories if c["slug"] == "restaurant-meal")
    assert {"slug", "name", "group"} <= set(meal)
    assert meal["group"] == "food-drink"
    assert meal["name"]


def test_it_leaves_retired_categories_out(anon):
    Category.objects.filter(slug="locksmith").update(active=False)

    slugs = {c["slug"] for c in anon.get("/api/v1/categories/").json()}

    assert "locksmith" not in slugs
    assert "plumbing" in slugs


def test_it_lists_the_personal_terms_with_their_versions(anon):
    response = anon.get("/api/v1/terms/")

    assert response.status_code == 200
    terms = {t["slug"]: t for t in response.json()}
    assert set(terms) == {
        "answer-only",
        "no-contact-after-close",
        "delete-within-30-days",
        "platform-contact-only",
        "no-resale",
    }
    for term in terms.values():
        assert {"slug", "title", "summary", "version"} <= set(term)
        assert term["title"]
        assert term["summary"]
        assert term["version"] >= 1


def test_it_marks_answer_only_and_no_resale_as_the_defaults(anon):
    terms = anon.get("/api/v1/terms/").json()

    assert {t["slug"] for t in terms if t["is_default"]} == {"answer-only", "no-resale"}
