"""`manage.py eval_parser FILE.jsonl`: how well the intent text parser reads labelled samples.

Prints per-field accuracy and every miss (expected vs got), and exits non-zero below the
bar, so CI can run it on ../shared/intent-samples.jsonl. What counts as right for each field
is defined in intents/parsing/evaluation.py and docs/parsing.md.
"""

from django.core.management.base import BaseCommand, CommandError

from intents.parsing.evaluation import evaluate, load_samples


class Command(BaseCommand):
    help = "Score the intent text parser on a JSON-lines file of labelled samples."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON lines: text, now, tz and the expected fields")
        parser.add_argument(
            "--min-category", type=float, default=0.95, help="lowest category accuracy (0-1)"
        )
        parser.add_argument(
            "--min-fields",
            type=float,
            default=0.95,
            help="lowest accuracy over budget, quantity, when, place and near_me (0-1)",
        )

    def handle(self, *args, file: str, min_category: float, min_fields: float, **options):
        try:
            samples = load_samples(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read samples from {file}: {error}") from error
        report = evaluate(samples)
        for line in report.lines():
            self.stdout.write(line)
        if not report.passes(min_category, min_fields):
            raise CommandError(
                f"below the bar: category {report.category_accuracy:.1%} "
                f"(min {min_category:.0%}), other fields {report.fields_accuracy:.1%} "
                f"(min {min_fields:.0%}), invented budgets {report.invented_budgets} (max 0)"
            )
        self.stdout.write(self.style.SUCCESS("parser meets the bar"))
