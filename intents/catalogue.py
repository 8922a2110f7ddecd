"""Seed data for the two catalogues: the category taxonomy and the personal terms.

Loading is idempotent and never overwrites what operators changed in the admin: it
creates what is missing and leaves existing rows alone, unless `update=True`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent / "seed"


@dataclass
class LoadReport:
    groups_created: int = 0
    categories_created: int = 0
    terms_created: int = 0
    updated: int = 0


def load_catalogues(models=None, *, update: bool = False) -> LoadReport:
    """`models` is a migration's app registry, or None for the live models."""
    if models is None:
        from django.apps import apps as models
    CategoryGroup = models.get_model("intents", "CategoryGroup")
    Category = models.get_model("intents", "Category")
    Term = models.get_model("intents", "Term")
    report = LoadReport()

    taxonomy = json.loads((SEED_DIR / "taxonomy.json").read_text())
    for g_pos, group_data in enumerate(taxonomy["groups"]):
        group, created = CategoryGroup.objects.get_or_create(
            slug=group_data["slug"], defaults={"name": group_data["name"], "position": g_pos}
        )
        report.groups_created += created
        if update and not created:
            group.name, group.position = group_data["name"], g_pos
            group.save(update_fields=["name", "position"])
            report.updated += 1
        for c_pos, cat in enumerate(group_data["categories"]):
            values = {
                "name": cat["name"],
                "group": group,
                "examples": cat.get("examples", []),
                "position": c_pos,
            }
            category, created = Category.objects.get_or_create(slug=cat["slug"], defaults=values)
            report.categories_created += created
            if update and not created:
                for field, value in values.items():
                    setattr(category, field, value)
                category.save()
                report.updated += 1

    catalogue = json.loads((SEED_DIR / "terms.json").read_text())
    for term_data in catalogue["terms"]:
        values = {
            "title": term_data["title"],
            "summary": term_data["summary"],
            "version": term_data["version"],
            "is_default": term_data["default"],
        }
        term = Term.objects.filter(slug=term_data["slug"]).first()
        created = term is None
        if created:
            # Historical models in migrations lack Term.save(): give the bit here.
            used = set(Term.objects.values_list("bit", flat=True))
            bit = min(set(range(63)) - used)
            term = Term.objects.create(slug=term_data["slug"], bit=bit, **values)
        report.terms_created += created
        if update and not created and term.version < term_data["version"]:
            for field, value in values.items():
                setattr(term, field, value)
            term.save()
            report.updated += 1
    return report
