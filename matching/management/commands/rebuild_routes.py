from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.routes import rebuild_routes
from vendors.models import Subscription


class Command(BaseCommand):
    help = "Rebuild the routing table from the subscriptions (idempotent)."

    def handle(self, *args, **options):
        ids = list(Subscription.objects.values_list("pk", flat=True))
        rows = sum(rebuild_routes(pk) for pk in tqdm(ids, desc="Subscriptions", file=self.stderr))
        self.stdout.write(self.style.SUCCESS(f"{rows} reach rows for {len(ids)} subscriptions."))
