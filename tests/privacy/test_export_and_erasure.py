"""Take your data, or leave with it: the export holds every row tied to the person, and
erasure leaves no row anywhere that names them or says where they were."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.export import EXPORTED, NOT_EXPORTED
from accounts.models import User, VendorBlock
from intents.models import AccessEvent, Intent
from matching.models import Lead
from offers.models import Offer
from tests.api.helpers import lead_for
from tests.conftest import client_for
from tests.factories import IntentFactory, OfferFactory, VendorFactory, terms
from tests.privacy.helpers import LEADS
from website.models import SavedPlace

pytestmark = pytest.mark.django_db

EXACT = (55.871234, -4.263456)


def relations_to_people() -> set[str]:
    """Every foreign key in the project that points at a person or at their intent."""
    found = {"accounts.User"}
    for model in apps.get_models():
        if model._meta.auto_created or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (User, Intent):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_relation_to_a_person_is_exported_or_says_why_not():
    missing = relations_to_people() - set(EXPORTED) - set(NOT_EXPORTED)

    assert not missing, f"Export these (accounts/export.py) or say why not: {sorted(missing)}"


@pytest.fixture
def world(customer):
    """One row of everything that can be tied to a customer."""
    customer.preferred_terms.set(terms("delete-within-30-days"))
    vendor = VendorFactory()
    intent = IntentFactory(customer=customer, lat=EXACT[0], lng=EXACT[1])
    IntentFactory(customer=customer, text="A second request")
    offer = OfferFactory(lead__vendor=vendor, lead__intent=intent)
    lead_for(VendorFactory(), intent=intent)
    client_for(vendor.owner).get(f"{LEADS}{offer.lead_id}/")  # an access event
    VendorBlock.objects.create(customer=customer, vendor=VendorFactory())
    SavedPlace.objects.create(user=customer, name="Home", lat=EXACT[0], lng=EXACT[1])
    return {"vendor": vendor, "intent": intent, "offer": offer}


def exported_count(data: dict, path: str) -> int:
    if path.startswith("intents[]."):
        key = path.removeprefix("intents[].")
        return sum(len(intent[key]) for intent in data["intents"])
    value = data[path]
    return len(value) if isinstance(value, list) else int(value is not None)


def rows_for(label: str, person: User) -> int:
    if label == "accounts.User":
        return 1
    app_model, field_name = label.rsplit(".", 1)
    model = apps.get_model(app_model)
    if model._meta.get_field(field_name).related_model is Intent:
        return model.objects.filter(**{f"{field_name}__customer": person}).count()
    return model.objects.filter(**{field_name: person}).count()


def test_the_export_holds_every_row_tied_to_the_customer(world, customer):
    data = client_for(customer).get("/api/v1/me/export/").json()

    for label, path in EXPORTED.items():
        assert exported_count(data, path) == rows_for(label, customer), label
    assert data["preferences"]["preferred_terms"] == ["delete-within-30-days"]
    [opened] = [i for i in data["intents"] if i["id"] == world["intent"].pk]
    assert opened["access_log"][0]["vendor"] == world["vendor"].name


def test_a_vendor_persons_export_holds_their_offers_and_acceptances(world):
    owner = world["vendor"].owner
    data = client_for(owner).get("/api/v1/me/export/").json()

    for label in ("offers.Offer.created_by", "offers.TermsAcceptance.accepted_by"):
        assert exported_count(data, EXPORTED[label]) == rows_for(label, owner)
    assert data["vendor_membership"]["vendor"] == world["vendor"].name


def text_columns():
    kinds = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, kinds):
                yield model, field


def test_after_erasure_no_row_anywhere_names_the_customer_or_their_exact_point(customer):
    customer.name, customer.phone = "Zebedee Quillfeather", "+44 7700 900987"
    customer.save()
    email = customer.email
    intent = IntentFactory(customer=customer, lat=EXACT[0], lng=EXACT[1], text="Zebedee's cake")
    offer = OfferFactory(lead__intent=intent)
    client_for(customer).post(f"/api/v1/offers/{offer.pk}/accept/")
    client_for(offer.vendor.owner).get(f"{LEADS}{offer.lead_id}/")  # saw the contact
    SavedPlace.objects.create(user=customer, name="Home", lat=EXACT[0], lng=EXACT[1])

    assert client_for(customer).delete("/api/v1/me/").status_code == 204

    for model, field in text_columns():
        as_text = model.objects.annotate(t=Cast(field.name, models.TextField()))
        for needle in (email, "Zebedee", "Quillfeather", "900987"):
            assert not as_text.filter(t__icontains=needle).exists(), (model, field.name)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FloatField):
                for exact in EXACT:
                    near = (exact - 1e-4, exact + 1e-4)
                    assert not model.objects.filter(**{f"{field.name}__range": near}).exists()


def test_erasure_takes_effect_at_once_and_the_vendors_are_told(vendor, customer):
    open_intent = IntentFactory(customer=customer)
    lead = lead_for(vendor, intent=open_intent)
    api = client_for(customer)

    api.delete("/api/v1/me/")

    lead.refresh_from_db()
    assert lead.status == Lead.Status.CLOSED  # the vendor's inbox heard it end
    kept = Intent.objects.get(pk=open_intent.pk)
    assert kept.status == Intent.Status.WITHDRAWN
    assert (kept.customer, kept.text, kept.place_name) == (None, "", "")
    assert kept.alias != open_intent.alias  # nothing links it to what the vendor saw
    # The vendor's own view still counts the lead, and shows nobody.
    shown = client_for(vendor.owner).get(f"{LEADS}{lead.pk}/").json()
    assert shown["intent"]["customer_signals"] is None
    assert shown["customer_contact"] is None


def test_after_erasure_the_person_cannot_sign_in_and_the_email_is_free_again(customer, anon):
    email = customer.email
    client_for(customer).delete("/api/v1/me/")

    signin = anon.post(
        "/api/v1/auth/token/", {"email": email, "password": "a long enough passphrase"}
    )
    again = anon.post(
        "/api/v1/auth/register/",
        {"email": email, "password": "another long passphrase", "role": "customer", "name": "New"},
    )

    assert signin.status_code == 400
    assert again.status_code == 201
    assert User.objects.get(email=email).intents.count() == 0  # a new person


def test_vendors_keep_true_numbers_after_a_customer_leaves(vendor, customer):
    offer = OfferFactory(lead__vendor=vendor, lead__intent=IntentFactory(customer=customer))
    client_for(customer).post(f"/api/v1/offers/{offer.pk}/accept/")

    client_for(customer).delete("/api/v1/me/")

    assert Offer.objects.filter(vendor=vendor, status=Offer.Status.ACCEPTED).count() == 1
    assert Lead.objects.filter(vendor=vendor).count() == 1
    assert not AccessEvent.objects.filter(intent__customer__isnull=True).exists()
    assert timezone.now() - Intent.objects.get().closed_at < timedelta(minutes=1)
