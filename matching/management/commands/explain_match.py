from django.core.management.base import BaseCommand, CommandError

from intents.models import Intent
from matching.explain import explain


class Command(BaseCommand):
    help = "List every subscription near an intent with the rule that passed or failed it."

    def add_arguments(self, parser):
        parser.add_argument("intent", type=int, help="Intent id.")
        parser.add_argument("--vendor", type=int, help="Only this vendor's subscriptions.")
        parser.add_argument("--reasons", action="store_true", help="Also list passed rules.")

    def handle(self, *args, intent: int, vendor: int | None, reasons: bool, **options):
        found = Intent.objects.select_related("category__group").filter(pk=intent).first()
        if found is None:
            raise CommandError(f"No intent {intent}.")
        self.stdout.write(
            f"Intent {found.pk} ({found.current_status}): {found.text!r}\n"
            f"  {found.category.slug}, {found.radius_km:g} km around "
            f"({found.lat:.4f}, {found.lng:.4f}), {found.starts_at:%Y-%m-%d %H:%M}"
            f" to {found.ends_at:%Y-%m-%d %H:%M} UTC\n"
        )
        rows = explain(found, vendor_id=vendor)
        if not rows:
            self.stdout.write("No subscriptions near this intent.")
        for row in rows:
            lead = f"lead #{row.lead.rank} {row.lead.status}" if row.lead else "no lead"
            verdict = "FITS" if row.fits else f"fails {row.rule}"
            self.stdout.write(
                f"{row.distance_km:8.2f} km  sub {row.subscription_id:<7} "
                f"{row.vendor_name[:28]:<28} {verdict:<32} {lead}\n"
                f"{'':12}{row.words}"
            )
            if reasons:
                for words in row.reasons:
                    self.stdout.write(f"{'':14}+ {words}")
        fits = sum(row.fits for row in rows)
        self.stdout.write(f"\n{len(rows)} subscriptions near, {fits} fit.")
