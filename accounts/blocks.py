"""A customer blocks a business: it is never matched with them again, and what it has
open with them now ends (its pending offers are declined, its leads closed)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User, VendorBlock
from core import live
from matching.models import Lead
from offers.models import Offer
from vendors.models import Vendor


def block_vendor(customer: User, vendor) -> VendorBlock:
    now = timezone.now()
    with transaction.atomic():
        block, created = VendorBlock.objects.get_or_create(customer=customer, vendor=vendor)
        if created:
            Offer.objects.filter(
                intent__customer=customer, vendor=vendor, status=Offer.Status.PENDING
            ).update(status=Offer.Status.DECLINED, decided_at=now)
            closing = Lead.objects.filter(
                intent__customer=customer, vendor=vendor, status__in=Lead.UNANSWERED
            )
            if closing.update(status=Lead.Status.CLOSED, closed_at=now):
                live.announce_to_vendors([vendor.pk], "lead.closed")
    return block


def unblock_vendor(customer: User, vendor_id: int) -> bool:
    """Future intents may reach the business again; nothing past comes back."""
    deleted, _ = VendorBlock.objects.filter(customer=customer, vendor_id=vendor_id).delete()
    return bool(deleted)


def vendors_known_to(customer: User):
    """The businesses that received one of the customer's intents: the only ones the
    customer knows of, and so the only ones they can block."""
    return Vendor.objects.filter(
        pk__in=Lead.objects.filter(intent__customer=customer).values("vendor")
    )


def blocks_of(customer: User):
    return VendorBlock.objects.filter(customer=customer).select_related("vendor")
