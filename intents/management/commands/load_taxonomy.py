from django.core.management.base import BaseCommand

from intents.catalogue import load_catalogues


class Command(BaseCommand):
    help = "Load the category taxonomy and the personal-terms catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite names and examples operators may have edited in the admin.",
        )

    def handle(self, *args, update: bool, **options):
        report = load_catalogues(update=update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Groups created: {report.groups_created}, categories created: "
                f"{report.categories_created}, terms created: {report.terms_created}, "
                f"updated: {report.updated}."
            )
        )
