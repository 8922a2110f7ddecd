"""Offers on the API: customers see and decide on offers to their intents; vendors make
and withdraw their own."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from intents.api import intent_for_customer, status_filter
from intents.models import Term
from matching.api import lead_for_vendor
from offers import services
from offers.models import Offer
from offers.serializers import MakeOfferSerializer, OfferSerializer, VendorOfferSerializer
from vendors.permissions import IsVendorMember, business_budget, vendor_of


class OfferFilter(django_filters.FilterSet):
    status = status_filter(Offer.Status.choices)

    class Meta:
        model = Offer
        fields = ["status"]


def customer_offers(user):
    return (
        Offer.objects.for_customer(user)
        .with_current_status()
        .select_related("vendor", "lead", "intent")
        .prefetch_related(Prefetch("intent__terms", queryset=Term.objects.only("slug")))
    )


class IntentOfferList(generics.ListAPIView):
    """Offers on one of the customer's intents."""

    serializer_class = OfferSerializer
    filterset_class = OfferFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Offer.objects.none()
        intent = intent_for_customer(self.request.user, self.kwargs["intent_id"])
        return customer_offers(self.request.user).filter(intent=intent)


class OfferDecision(APIView):
    """Accept or decline an offer: the intent's customer only."""

    throttle_scope = "writes"
    decide = None  # set per URL: services.accept_offer or services.decline_offer

    @extend_schema(request=None, responses=OfferSerializer)
    def post(self, request, offer_id: int):
        offer = get_object_or_404(customer_offers(request.user), pk=offer_id)
        self.decide(offer)
        return Response(OfferSerializer(customer_offers(request.user).get(pk=offer.pk)).data)


class AcceptOffer(OfferDecision):
    decide = staticmethod(services.accept_offer)


class DeclineOffer(OfferDecision):
    decide = staticmethod(services.decline_offer)


class MakeOffer(APIView):
    """A vendor answers one of its leads, accepting the customer's terms."""

    permission_classes = [IsVendorMember]
    throttle_scope = "offers"  # per business: its whole team shares one budget
    throttle_ident = staticmethod(business_budget)

    @extend_schema(request=MakeOfferSerializer, responses={201: VendorOfferSerializer})
    def post(self, request, lead_id: int):
        lead = lead_for_vendor(request, lead_id)
        incoming = MakeOfferSerializer(data=request.data, context={"intent": lead.intent})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        offer = services.make_offer(
            lead,
            request.user,
            price=data["price"],
            currency=data["currency"],
            message=data["message"],
            available_at=data.get("available_at"),
            valid_until=data.get("valid_until"),
            terms_accepted=data["accept_terms"],
        )
        return Response(VendorOfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class VendorOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VendorOfferSerializer
    permission_classes = [IsVendorMember]
    filterset_class = OfferFilter
    throttle_scope = "writes"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Offer.objects.none()
        return Offer.objects.for_vendor(vendor_of(self.request)).with_current_status()

    @extend_schema(request=None, responses=VendorOfferSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        offer = services.withdraw_offer(self.get_object())
        return Response(self.get_serializer(offer).data)
