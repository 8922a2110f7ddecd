from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.load_world import seed_load_world, write_manifest


class Command(BaseCommand):
    help = "Create (or top up) the load test's world and write its manifest. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=400, help="How many (400).")
        parser.add_argument("--vendors", type=int, default=240, help="How many (240).")
        parser.add_argument(
            "--manifest",
            type=Path,
            default=settings.BASE_DIR / "var" / "loadtest" / "world.json",
            help="Where the Locust file reads the accounts (var/loadtest/world.json).",
        )

    def handle(self, *args, customers: int, vendors: int, manifest: Path, **options):
        world = seed_load_world(customers=customers, vendors=vendors)
        write_manifest(world, manifest)
        self.stdout.write(
            f"Load world: {len(world.customers)} customers ({world.new_customers} new), "
            f"{len(world.vendors)} vendors ({world.new_vendors} new); manifest {manifest}"
        )
