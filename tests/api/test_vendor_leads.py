"""/api/v1/vendor/leads/: the vendor's inbox. Opening a lead marks it viewed; passing
says the vendor will not answer."""

from datetime import datetime

import pytest

from matching.models import Lead
from tests.api.helpers import conflict, ids, lead_for, page
from tests.conftest import client_for
from tests.factories import IntentFactory, VendorFactory, add_staff, category

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/vendor/leads/"
LEAD_FIELDS = {"id", "status", "score", "matched_at", "intent"}
LEAD_INTENT_FIELDS = {
    "id",
    "text",
    "category",
    "starts_at",
    "ends_at",
    "budget_max",
    "currency",
    "quantity",
    "terms",
    "customer_alias",
    "area",
    "distance_km",
}


def detail(lead) -> str:
    return f"{LEADS}{lead.pk}/"


def pass_(api, lead):
    return api.post(f"{LEADS}{lead.pk}/pass/")


def test_it_lists_the_vendors_leads_with_the_contract_fields(vendor_api, vendor):
    intent = IntentFactory(
        text="Dinner for 4 tonight", budget_max="80.00", currency="GBP", quantity=4
    )
    lead = lead_for(vendor, intent=intent, score=0.75)

    [listed] = page(vendor_api.get(LEADS))

    assert set(listed) >= LEAD_FIELDS
    assert set(listed["intent"]) >= LEAD_INTENT_FIELDS
    assert listed["id"] == lead.pk
    assert listed["status"] == "new"
    assert listed["score"] == 0.75
    shown = listed["intent"]
    assert shown["id"] == intent.pk
    assert shown["text"] == "Dinner for 4 tonight"
    assert shown["category"] == "restaurant-meal"
    assert shown["budget_max"] == "80.00"
    assert shown["currency"] == "GBP"
    assert shown["quantity"] == 4
    assert set(shown["terms"]) == {"answer-only", "no-resale"}
    assert set(shown["area"]) == {"lat", "lng", "precision_km"}


def test_it_lists_newest_leads_first(vendor_api, vendor):
    older = lead_for(vendor)
    newer = lead_for(vendor)

    assert [lead["id"] for lead in page(vendor_api.get(LEADS))] == [newer.pk, older.pk]


def test_it_filters_leads_by_status(vendor_api, vendor):
    new = lead_for(vendor)
    viewed = lead_for(vendor, status=Lead.Status.VIEWED)
    passed = lead_for(vendor, status=Lead.Status.PASSED)

    assert ids(vendor_api.get(LEADS, {"status": "new"})) == {new.pk}
    assert ids(vendor_api.get(LEADS, {"status": "viewed"})) == {viewed.pk}
    assert ids(vendor_api.get(LEADS, {"status": "passed"})) == {passed.pk}


def test_it_filters_leads_by_category(vendor_api, vendor):
    meal = lead_for(vendor)
    lead_for(vendor, intent=IntentFactory(category=category("plumbing")))

    assert ids(vendor_api.get(LEADS, {"category": "restaurant-meal"})) == {meal.pk}


def test_listing_leads_does_not_mark_them_viewed(vendor_api, vendor):
    lead = lead_for(vendor)

    vendor_api.get(LEADS)

    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW


def test_opening_a_new_lead_marks_it_viewed(vendor_api, vendor):
    lead = lead_for(vendor)

    response = vendor_api.get(detail(lead))

    assert response.status_code == 200
    assert response.json()["status"] == "viewed"
    assert response.json()["viewed_at"] is not None
    assert ids(vendor_api.get(LEADS, {"status": "viewed"})) == {lead.pk}


def test_opening_a_lead_again_keeps_the_first_viewing_time(vendor_api, vendor):
    lead = lead_for(vendor)
    first = vendor_api.get(detail(lead)).json()["viewed_at"]

    again = vendor_api.get(detail(lead)).json()

    assert again["status"] == "viewed"
    assert datetime.fromisoformat(again["viewed_at"]) == datetime.fromisoformat(first)


@pytest.mark.parametrize("status", [Lead.Status.OFFERED, Lead.Status.PASSED, Lead.Status.CLOSED])
def test_opening_an_answered_lead_leaves_its_status(vendor_api, vendor, status):
    lead = lead_for(vendor, status=status)

    assert vendor_api.get(detail(lead)).json()["status"] == status


def test_passing_a_new_lead_marks_it_passed(vendor_api, vendor):
    lead = lead_for(vendor)

    response = pass_(vendor_api, lead)

    assert response.status_code == 200
    assert response.json()["status"] == "passed"
    assert ids(vendor_api.get(LEADS, {"status": "passed"})) == {lead.pk}


def test_passing_a_viewed_lead_marks_it_passed(vendor_api, vendor):
    lead = lead_for(vendor)
    vendor_api.get(detail(lead))

    assert pass_(vendor_api, lead).json()["status"] == "passed"


@pytest.mark.parametrize("status", [Lead.Status.OFFERED, Lead.Status.PASSED, Lead.Status.CLOSED])
def test_it_refuses_to_pass_a_lead_that_is_not_new_or_viewed(vendor_api, vendor, status):
    lead = lead_for(vendor, status=status)

    assert status in conflict(pass_(vendor_api, lead))
    lead.refresh_from_db()
    assert lead.status == status


def test_a_lead_on_a_withdrawn_intent_reads_closed(vendor_api, vendor, customer, customer_api):
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    customer_api.post(f"/api/v1/intents/{lead.intent_id}/withdraw/")

    body = vendor_api.get(detail(lead)).json()
    assert body["status"] == "closed"
    assert body["intent"]["status"] == "withdrawn"


def test_the_customer_sees_that_the_vendor_viewed_the_intent(vendor_api, vendor, customer):
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    vendor_api.get(detail(lead))

    export = client_for(customer).get("/api/v1/me/export/").json()
    [shown] = export["intents"][0]["leads"]
    assert shown["vendor"] == vendor.name
    assert shown["status"] == "viewed"
    assert shown["viewed_at"] is not None


def test_staff_can_list_open_and_pass_leads(vendor):
    lead = lead_for(vendor)
    staff = client_for(add_staff(vendor))

    assert ids(staff.get(LEADS)) == {lead.pk}
    assert staff.get(detail(lead)).json()["status"] == "viewed"
    assert pass_(staff, lead).json()["status"] == "passed"


def test_a_customer_gets_403_on_the_inbox(customer_api):
    assert customer_api.get(LEADS).status_code == 403


def test_it_answers_404_for_a_lead_that_does_not_exist(vendor_api):
    assert vendor_api.get(f"{LEADS}999999/").status_code == 404
    assert vendor_api.post(f"{LEADS}999999/pass/").status_code == 404


def test_leads_cannot_be_created_or_deleted_through_the_api(vendor_api, vendor):
    lead = lead_for(vendor)

    assert vendor_api.post(LEADS, {}).status_code == 405
    assert vendor_api.delete(detail(lead)).status_code == 405


def test_a_vendor_with_no_leads_sees_an_empty_inbox():
    assert page(client_for(VendorFactory().owner).get(LEADS)) == []
