"""Factories for every model. Categories and terms come from the seeded catalogues."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from intents.models import Category, CategoryGroup, Intent, IntentTerm, Term
from matching.models import Lead
from matching.quota import claim
from matching.routes import rebuild_routes
from matching.rules import SubscriptionFacts
from offers.models import Offer, TermsAcceptance
from vendors.models import Membership, Subscription, Vendor

GLASGOW = (55.8642, -4.2518)
PASSWORD = "a long enough passphrase"


def category(slug: str = "restaurant-meal") -> Category:
    return Category.objects.get(slug=slug)


def group(slug: str = "food-drink") -> CategoryGroup:
    return CategoryGroup.objects.get(slug=slug)


def terms(*slugs: str) -> list[Term]:
    return list(Term.objects.filter(slug__in=slugs))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    role = User.Role.CUSTOMER
    password = factory.django.Password(PASSWORD)
    # An established account has confirmed its address; tests of the hold pass None.
    email_verified_at = factory.LazyFunction(timezone.now)


class VendorFactory(factory.django.DjangoModelFactory):
    """A business with an owner (`vendor.owner` is set for convenience)."""

    class Meta:
        model = Vendor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Vendor {n}")
    email = factory.Sequence(lambda n: f"hello@vendor{n}.example.com")
    phone = "+44 141 000 0000"
    time_zone = "Europe/London"
    lat, lng = GLASGOW

    @factory.post_generation
    def owner(vendor, create, extracted, **kwargs):
        user = extracted or UserFactory(role=User.Role.VENDOR)
        if create:
            Membership.objects.create(vendor=vendor, user=user, role=Membership.Role.OWNER)
        vendor.owner = user


def add_staff(vendor: Vendor) -> User:
    user = UserFactory(role=User.Role.VENDOR)
    Membership.objects.create(vendor=vendor, user=user, role=Membership.Role.STAFF)
    return user


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """Restaurant meals within 5 km of central Glasgow, always open, pre-accepting every
    term; pass `categories=[...]`, `groups=[...]`, `accepted_terms=[...]` to change."""

    class Meta:
        model = Subscription
        skip_postgeneration_save = True

    vendor = factory.SubFactory(VendorFactory)
    lat, lng = GLASGOW
    radius_km = 5.0
    hours = factory.LazyFunction(list)
    daily_cap = 20

    @factory.post_generation
    def categories(sub, create, extracted, **kwargs):
        if create:
            sub.categories.set(extracted if extracted is not None else [category()])

    @factory.post_generation
    def groups(sub, create, extracted, **kwargs):
        if create and extracted:
            sub.groups.set(extracted)

    @factory.post_generation
    def accepted_terms(sub, create, extracted, **kwargs):
        if create:
            sub.accepted_terms.set(extracted if extracted is not None else Term.objects.all())

    @factory.post_generation
    def routes(sub, create, extracted, **kwargs):
        """Last: the routing rows read the categories and terms set above."""
        if create:
            rebuild_routes(sub.pk)


class IntentFactory(factory.django.DjangoModelFactory):
    """An open intent for a restaurant meal in central Glasgow, for the next three hours,
    carrying the default terms (pass `terms=[...]` for others)."""

    class Meta:
        model = Intent
        skip_postgeneration_save = True

    customer = factory.SubFactory(UserFactory)
    text = "Lunch for 2 near me"
    category = factory.LazyFunction(category)
    lat, lng = GLASGOW
    radius_km = 10.0
    starts_at = factory.LazyFunction(timezone.now)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    expires_at = factory.LazyAttribute(lambda o: o.ends_at)

    @factory.post_generation
    def terms(intent, create, extracted, **kwargs):
        if create:
            chosen = extracted if extracted is not None else Term.objects.filter(is_default=True)
            IntentTerm.objects.bulk_create(
                IntentTerm(intent=intent, term=t, version=t.version) for t in chosen
            )


class LeadFactory(factory.django.DjangoModelFactory):
    """A lead; one with a subscription counts against its quota on its matched_at day,
    as a lead routed by matching does."""

    class Meta:
        model = Lead
        skip_postgeneration_save = True

    intent = factory.SubFactory(IntentFactory)
    vendor = factory.SubFactory(VendorFactory)
    subscription = None
    score = 0.9
    rank = 1
    distance_km = 0.5
    reasons = factory.LazyFunction(lambda: ["made by a factory"])

    @factory.post_generation
    def quota(lead, create, extracted, **kwargs):
        if create and lead.subscription_id:
            sub = Subscription.objects.select_related("vendor").get(pk=lead.subscription_id)
            claim([SubscriptionFacts.of(sub)], lead.matched_at)


class OfferFactory(factory.django.DjangoModelFactory):
    """A pending offer; its lead (and so its intent and vendor) is made to fit."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    lead = factory.SubFactory(LeadFactory, status=Lead.Status.OFFERED)
    intent = factory.SelfAttribute("lead.intent")
    vendor = factory.SelfAttribute("lead.vendor")
    price = Decimal("24.50")
    currency = "GBP"
    message = "A table by the window"
    valid_until = factory.SelfAttribute("intent.expires_at")

    @factory.post_generation
    def terms_acceptance(offer, create, extracted, **kwargs):
        """An offer is only ever made after accepting the intent's terms."""
        if create:
            TermsAcceptance.objects.get_or_create(
                intent=offer.intent,
                vendor=offer.vendor,
                defaults={"term_versions": offer.intent.term_versions()},
            )
