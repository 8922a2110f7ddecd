"""The privacy page: who received and opened each intent; download; delete."""

import json

import pytest
from django.utils import timezone

from accounts.models import User
from intents.models import Intent
from tests.factories import IntentFactory, LeadFactory, UserFactory, VendorFactory
from tests.website.helpers import text_of
from website.models import SavedPlace

pytestmark = pytest.mark.django_db


def test_it_lists_the_vendors_that_received_and_opened_each_intent(site, customer, someone_else):
    intent = IntentFactory(customer=customer, text="Lunch for 2")
    LeadFactory(intent=intent, vendor=VendorFactory(name="Opened It"), viewed_at=timezone.now())
    LeadFactory(intent=intent, vendor=VendorFactory(name="Not Yet"))
    LeadFactory(intent=IntentFactory(customer=someone_else), vendor=VendorFactory(name="Theirs"))

    page = text_of(site.get("/privacy/"))

    assert "Opened It" in page
    assert "Not Yet" in page
    assert "Theirs" not in page
    assert page.count("Not opened") == 1
    assert "a new one for each intent" in page


def test_an_intent_no_vendor_received_says_so(site, customer):
    IntentFactory(customer=customer)

    assert "No vendor has received it yet." in text_of(site.get("/privacy/"))


def test_download_gives_all_my_data_as_a_json_file(site, customer):
    intent = IntentFactory(customer=customer)
    LeadFactory(intent=intent, vendor=VendorFactory(name="Opened It"), viewed_at=timezone.now())
    SavedPlace.objects.create(user=customer, name="Glasgow", lat=55.86, lng=-4.25)

    answer = site.get("/privacy/export/")

    assert answer["Content-Type"] == "application/json"
    assert answer["Content-Disposition"] == 'attachment; filename="beckon-my-data.json"'
    data = json.loads(answer.content)
    assert data["profile"]["email"] == customer.email
    assert data["intents"][0]["leads"][0]["vendor"] == "Opened It"
    assert data["saved_place"]["name"] == "Glasgow"


def test_forgetting_the_saved_place_forgets_it(site, customer):
    SavedPlace.objects.create(user=customer, name="Glasgow", lat=55.86, lng=-4.25)

    answer = site.post("/privacy/forget-place/", follow=True)

    assert not SavedPlace.objects.exists()
    assert "Your saved place is forgotten." in text_of(answer)


def test_deleting_asks_once_then_everything_is_gone_and_i_am_signed_out(site, customer):
    intent = IntentFactory(customer=customer)
    SavedPlace.objects.create(user=customer, name="Glasgow", lat=55.86, lng=-4.25)
    other = UserFactory()

    assert "Delete your account?" in text_of(site.get("/privacy/delete/"))
    assert User.objects.filter(pk=customer.pk).exists()

    answer = site.post("/privacy/delete/", follow=True)

    assert not User.objects.filter(pk=customer.pk).exists()
    scrubbed = Intent.objects.get(pk=intent.pk)  # kept for vendors' counts, naming nobody
    assert (scrubbed.customer, scrubbed.text) == (None, "")
    assert not SavedPlace.objects.exists()
    assert User.objects.filter(pk=other.pk).exists()
    assert "Your account and everything it held are deleted." in text_of(answer)
    assert site.get("/intents/").status_code == 302
