"""Races on one intent, from real threads on their own PostgreSQL connections: exactly
one accept wins, and the loser gets a Conflict (HTTP 409), never a half-done write."""

from decimal import Decimal
from functools import partial

import pytest

from core.errors import Conflict
from intents.models import Intent
from intents.services import withdraw_intent
from matching.models import Lead
from offers.models import Offer
from offers.services import accept_offer, make_offer, withdraw_offer
from tests.domain.helpers import race
from tests.factories import IntentFactory, LeadFactory, OfferFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


def offers_on_one_intent(count: int) -> list[Offer]:
    intent = IntentFactory()
    return [
        OfferFactory(lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED))
        for _ in range(count)
    ]


def winners(outcomes) -> list:
    return [outcome for outcome in outcomes if not isinstance(outcome, Exception)]


def assert_only_conflicts(outcomes) -> None:
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(error, Conflict) for error in errors), errors


def test_two_customers_tabs_accepting_different_offers_at_once_accept_exactly_one():
    for _ in range(ROUNDS):
        first, second = offers_on_one_intent(2)

        outcomes = race(partial(accept_offer, first), partial(accept_offer, second))

        assert len(winners(outcomes)) == 1
        assert_only_conflicts(outcomes)
        (winner,) = winners(outcomes)
        loser = second if winner.pk == first.pk else first
        intent = Intent.objects.get(pk=first.intent_id)
        assert intent.status == Intent.Status.ACCEPTED
        assert Offer.objects.get(pk=winner.pk).status == Offer.Status.ACCEPTED
        assert Offer.objects.get(pk=loser.pk).status == Offer.Status.CLOSED


def test_many_accepts_racing_on_one_intent_leave_exactly_one_accepted_offer():
    offers = offers_on_one_intent(5)

    outcomes = race(*[partial(accept_offer, offer) for offer in offers])

    assert len(winners(outcomes)) == 1
    assert_only_conflicts(outcomes)
    statuses = sorted(
        Offer.objects.filter(intent_id=offers[0].intent_id).values_list("status", flat=True)
    )
    assert statuses == ["accepted", "closed", "closed", "closed", "closed"]


def test_the_same_offer_accepted_twice_at_once_is_accepted_once():
    (offer,) = offers_on_one_intent(1)

    outcomes = race(partial(accept_offer, offer), partial(accept_offer, offer))

    assert len(winners(outcomes)) == 1
    assert_only_conflicts(outcomes)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED


def test_accept_racing_the_vendors_withdraw_of_the_same_offer_lets_exactly_one_through():
    for _ in range(ROUNDS):
        offer, other = offers_on_one_intent(2)

        accepted, withdrawn = race(partial(accept_offer, offer), partial(withdraw_offer, offer))

        assert_only_conflicts([accepted, withdrawn])
        assert isinstance(accepted, Conflict) != isinstance(withdrawn, Conflict)
        intent = Intent.objects.get(pk=offer.intent_id)
        final = Offer.objects.get(pk=offer.pk).status
        if isinstance(accepted, Conflict):
            # The withdraw won: the accept rolled back whole, the intent is still open.
            assert (final, intent.status) == (Offer.Status.WITHDRAWN, Intent.Status.OPEN)
            assert Offer.objects.get(pk=other.pk).status == Offer.Status.PENDING
        else:
            assert (final, intent.status) == (Offer.Status.ACCEPTED, Intent.Status.ACCEPTED)
            assert Offer.objects.get(pk=other.pk).status == Offer.Status.CLOSED


def test_accept_racing_the_customers_withdraw_of_the_intent_lets_exactly_one_through():
    for _ in range(ROUNDS):
        (offer,) = offers_on_one_intent(1)
        intent = Intent.objects.get(pk=offer.intent_id)

        outcomes = race(partial(accept_offer, offer), partial(withdraw_intent, intent))

        assert len(winners(outcomes)) == 1
        assert_only_conflicts(outcomes)
        intent.refresh_from_db()
        final = Offer.objects.get(pk=offer.pk).status
        assert (intent.status, final) in {
            (Intent.Status.ACCEPTED, Offer.Status.ACCEPTED),
            (Intent.Status.WITHDRAWN, Offer.Status.CLOSED),
        }


def test_two_vendors_racing_for_the_last_offer_slot_get_one_offer_in():
    intent = IntentFactory(max_offers=1)
    leads = [LeadFactory(intent=intent) for _ in range(2)]

    def answer(lead):
        return make_offer(
            lead, lead.vendor.owner, price=Decimal("20"), currency="GBP", terms_accepted=True
        )

    outcomes = race(*[partial(answer, lead) for lead in leads])

    assert len(winners(outcomes)) == 1
    assert_only_conflicts(outcomes)
    assert Offer.objects.filter(intent=intent, status=Offer.Status.PENDING).count() == 1
