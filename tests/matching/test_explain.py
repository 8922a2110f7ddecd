"""Operators can see, for any intent, every subscription near it and the rule that
passed or failed it: from the command line and in the admin."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from matching.engine import create_leads_for_intent
from matching.explain import explain
from tests.domain.helpers import north_of
from tests.factories import IntentFactory, SubscriptionFactory, UserFactory, category
from vendors.services import suspend_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    fits = SubscriptionFactory(**north_of(1))
    too_far = SubscriptionFactory(radius_km=2, **north_of(4))
    wrong_trade = SubscriptionFactory(categories=[category("plumbing")], **north_of(2))
    suspended = SubscriptionFactory(**north_of(3))
    suspend_vendor(suspended.vendor)
    elsewhere = SubscriptionFactory(**north_of(300))
    intent = IntentFactory()
    create_leads_for_intent(intent.pk)
    return intent, fits, too_far, wrong_trade, suspended, elsewhere


def test_explain_lists_each_nearby_subscription_with_the_rule_that_decided(scene):
    intent, fits, too_far, wrong_trade, suspended, _elsewhere = scene

    rows = {row.subscription_id: row for row in explain(intent)}

    assert set(rows) == {fits.pk, too_far.pk, wrong_trade.pk, suspended.pk}
    assert rows[fits.pk].fits
    assert rows[fits.pk].lead is not None
    assert rows[too_far.pk].rule == "intent_within_service_area"
    assert rows[wrong_trade.pk].rule == "category_fits"
    assert rows[suspended.pk].rule == "vendor_can_receive"
    assert rows[suspended.pk].words == "Vendor is suspended"


def test_explain_can_narrow_to_one_vendor(scene):
    intent, fits, *_ = scene
    rows = explain(intent, vendor_id=fits.vendor_id)
    assert [row.subscription_id for row in rows] == [fits.pk]


def test_the_command_prints_every_verdict(scene, capsys):
    intent, *_ = scene

    call_command("explain_match", intent.pk, "--reasons")
    out = capsys.readouterr().out

    assert "FITS" in out
    assert "fails intent_within_service_area" in out
    assert "Subscribed to Restaurant meal" in out  # --reasons lists the passed rules
    assert "4 subscriptions near, 1 fit." in out


def test_the_command_refuses_an_unknown_intent():
    with pytest.raises(CommandError, match="No intent 999999"):
        call_command("explain_match", 999999)


def test_the_admin_page_shows_the_same_verdicts(client, scene):
    intent, *_ = scene
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:intents_intent_explain", args=[intent.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert "4 subscriptions near, 1 fit." in body
    assert "intent_within_service_area" in body
    change = client.get(reverse("admin:intents_intent_change", args=[intent.pk]))
    assert reverse("admin:intents_intent_explain", args=[intent.pk]) in change.content.decode()


def test_the_admin_page_is_for_operators_only(client, scene):
    intent, *_ = scene
    client.force_login(UserFactory())
    page = client.get(reverse("admin:intents_intent_explain", args=[intent.pk]))
    assert page.status_code == 302
