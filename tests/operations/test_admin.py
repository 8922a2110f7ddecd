"""Operators see and manage everything in the Django admin."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from accounts.models import VendorBlock
from intents.access import record_access
from intents.models import Intent
from matching.models import Lead
from offers.models import Offer
from offers.services import accept_terms
from portal.models import ReplyTemplate
from tests.factories import (
    IntentFactory,
    OfferFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    operator = UserFactory(is_staff=True, is_superuser=True, role="operator")
    client.force_login(operator)
    return client


@pytest.fixture
def world():
    offer = OfferFactory()
    SubscriptionFactory(vendor=offer.vendor)
    accept_terms(offer.lead, offer.vendor.owner)
    ReplyTemplate.objects.create(vendor=offer.vendor, title="Lunch", message="A table for two.")
    VendorBlock.objects.create(customer=offer.intent.customer, vendor=VendorFactory())
    record_access(offer.intent, vendor=offer.vendor, user=offer.vendor.owner, what="detail")
    return offer


@pytest.mark.parametrize("model", list(site._registry), ids=lambda m: m._meta.label)
def test_every_model_has_a_working_list_and_search(operator_client, world, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert operator_client.get(url).status_code == 200
    assert operator_client.get(url, {"q": "a"}).status_code == 200


@pytest.mark.parametrize("model", list(site._registry), ids=lambda m: m._meta.label)
def test_every_model_has_a_working_detail_page(operator_client, world, model):
    obj = model.objects.first()
    if obj is None:
        pytest.skip(f"no {model._meta.label} in the world")
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert operator_client.get(url).status_code == 200


def test_the_intent_page_shows_its_leads_and_offers_inline(operator_client, world):
    url = reverse("admin:intents_intent_change", args=[world.intent_id])
    page = operator_client.get(url).content.decode()
    assert world.vendor.name in page
    assert "24.50" in page


def test_non_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:intents_intent_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def run_action(client, model_url: str, action: str, ids) -> None:
    response = client.post(
        reverse(model_url), {"action": action, "_selected_action": [str(i) for i in ids]}
    )
    assert response.status_code == 302


def test_suspending_a_vendor_stops_its_leads_and_lifting_it_restores_them(
    operator_client, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()
    SubscriptionFactory(vendor=vendor)
    run_action(operator_client, "admin:vendors_vendor_changelist", "suspend", [vendor.pk])
    assert Vendor.objects.get(pk=vendor.pk).is_suspended

    from matching.engine import create_leads_for_intent

    intent = IntentFactory()
    create_leads_for_intent(intent.pk)
    assert not Lead.objects.filter(intent=intent).exists()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(operator_client, "admin:vendors_vendor_changelist", "unsuspend", [vendor.pk])
    assert not Vendor.objects.get(pk=vendor.pk).is_suspended
    # Lifting the suspension matches its subscriptions against the open intents again.
    assert Lead.objects.filter(intent=intent, vendor=vendor).exists()


def test_expiring_intents_from_the_admin_closes_their_offers(operator_client, world):
    run_action(operator_client, "admin:intents_intent_changelist", "expire_now", [world.intent_id])
    assert Intent.objects.get(pk=world.intent_id).status == Intent.Status.EXPIRED
    assert Offer.objects.get(pk=world.pk).status == Offer.Status.CLOSED


def test_rerunning_matching_from_the_admin_routes_an_intent_to_a_new_vendor(
    operator_client, after_commit
):
    intent = IntentFactory()
    subscription = SubscriptionFactory()
    assert not Lead.objects.filter(intent=intent).exists()
    with after_commit():  # owed, then queued once the action's writes commit
        changelist = "admin:intents_intent_changelist"
        run_action(operator_client, changelist, "rerun_matching", [intent.pk])
    assert Lead.objects.filter(intent=intent, vendor=subscription.vendor).exists()


def test_statuses_cannot_be_edited_in_the_admin(operator_client, world):
    url = reverse("admin:intents_intent_change", args=[world.intent_id])
    form = operator_client.get(url).context["adminform"].form
    assert "status" not in form.fields
    assert "text" in form.fields  # moderation


def test_rewording_a_term_raises_its_version(operator_client):
    from intents.models import Term

    term = Term.objects.get(slug="no-resale")
    url = reverse("admin:intents_term_change", args=[term.pk])
    response = operator_client.post(
        url,
        {"slug": term.slug, "title": term.title, "summary": "Reworded.", "is_default": "on"},
    )
    assert response.status_code == 302
    assert Term.objects.get(pk=term.pk).version == term.version + 1
