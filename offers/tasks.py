from celery import shared_task

from offers.models import Offer
from offers.notifications import email_about_offer


# A mail server that is down costs a retry later, never the offer (already committed).
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_customer_about_offer(offer_id: int) -> bool:
    offer = Offer.objects.select_related("intent__customer", "vendor").filter(pk=offer_id).first()
    return bool(offer) and email_about_offer(offer)
