import pytest
from django.core.management import call_command

from accounts.models import User
from intents.models import Category, Intent, Term
from offers.models import Offer
from vendors.models import Subscription, Vendor

pytestmark = pytest.mark.django_db


def seed(capsys, **options) -> str:
    call_command("seed_demo", **options)
    return capsys.readouterr().out


def test_it_builds_a_believable_world_and_prints_the_logins(capsys):
    out = seed(capsys, vendors=60, customers=8)
    assert Vendor.objects.count() == 60
    cities = {v.address.rsplit(", ", 1)[1] for v in Vendor.objects.all()}
    assert len(cities) >= 5
    assert Subscription.objects.exclude(hours=[]).exists()
    assert User.objects.filter(role=User.Role.CUSTOMER).count() == 8
    statuses = set(Intent.objects.values_list("status", flat=True))
    assert {"open", "accepted", "withdrawn", "expired"} <= statuses
    assert Offer.objects.exists()
    assert "admin@demo.beckon.test" in out
    assert "customer01@demo.beckon.test" in out
    assert "beckon-demo" in out


def test_running_it_again_adds_nothing(capsys):
    seed(capsys, vendors=20, customers=4)
    counts = (Vendor.objects.count(), Intent.objects.count(), Offer.objects.count())
    seed(capsys, vendors=20, customers=4)
    assert (Vendor.objects.count(), Intent.objects.count(), Offer.objects.count()) == counts


def test_more_vendors_tops_up_the_world(capsys):
    seed(capsys, vendors=10, customers=2)
    seed(capsys, vendors=15, customers=2)
    assert Vendor.objects.count() == 15


def test_the_demo_logins_work(client, capsys):
    seed(capsys, vendors=5, customers=1)
    response = client.post(
        "/api/v1/auth/token/", {"email": "customer01@demo.beckon.test", "password": "beckon-demo"}
    )
    assert response.status_code == 200


def test_load_taxonomy_is_idempotent_and_keeps_operator_edits(capsys):
    category = Category.objects.get(slug="vet")
    category.name = "Vets (emergency too)"
    category.save()
    call_command("load_taxonomy")
    call_command("load_taxonomy")
    assert Category.objects.count() == 57
    assert Term.objects.count() == 5
    assert Category.objects.get(slug="vet").name == "Vets (emergency too)"
    call_command("load_taxonomy", update=True)
    assert Category.objects.get(slug="vet").name == "Vet"
