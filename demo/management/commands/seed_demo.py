import logging

from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token
from tqdm import tqdm

from demo.world import DEMO_DOMAIN, DEMO_PASSWORD, OPERATOR_EMAIL, seed


class Command(BaseCommand):
    help = "Create (or top up) the demo world: vendors, customers, intents, offers. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--vendors", type=int, default=200, help="How many vendors (200).")
        parser.add_argument("--customers", type=int, default=30, help="How many customers (30).")
        parser.add_argument(
            "--intents-per-customer", type=int, default=3, help="Intents per new customer (3)."
        )

    def handle(self, *args, vendors: int, customers: int, intents_per_customer: int, **options):
        # One line per matched intent is useful in a worker's log, noise under a progress bar.
        for name in ("matching.engine", "celery.app.trace"):
            logging.getLogger(name).setLevel(logging.WARNING)

        def progress(items, label):
            return tqdm(items, desc=label, unit="", file=self.stderr, leave=False)

        report = seed(
            vendors=vendors,
            customers=customers,
            per_customer=intents_per_customer,
            progress=progress,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world ready: {report.vendors} new vendors, {report.intents} new intents, "
                f"{report.offers} new offers ({report.customers} customers)."
            )
        )
        tokens = dict(
            Token.objects.filter(user__email__endswith=DEMO_DOMAIN).values_list(
                "user__email", "key"
            )
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for role, email in [
            ("Operator (admin at /admin/)", OPERATOR_EMAIL),
            ("Customer", f"customer01@{DEMO_DOMAIN}"),
            ("Vendor", f"vendor001@{DEMO_DOMAIN}"),
        ]:
            token = f"  API token: {tokens[email]}" if email in tokens else ""
            self.stdout.write(f"  {role:<28} {email}{token}")
        self.stdout.write(
            f"  More: customer02..{customers:02d}, vendor002..{vendors:03d} @{DEMO_DOMAIN}"
        )
