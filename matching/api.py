"""The vendor's inbox: leads routed to its business, and nothing else."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ErrorSerializer
from intents.models import Term
from matching.leads import open_lead, pass_lead
from matching.models import Lead
from matching.serializers import LeadSerializer
from offers.services import accept_terms
from vendors.permissions import IsVendorMember, vendor_of


class LeadFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Lead.Status.choices)
    category = django_filters.CharFilter(field_name="intent__category__slug")

    class Meta:
        model = Lead
        fields = ["status", "category"]


def leads_for(request):
    """Every lead query for a vendor starts here, scoped to the vendor's business."""
    return (
        Lead.objects.for_vendor(vendor_of(request))
        .with_disclosure()
        .select_related("intent__category", "intent__customer", "subscription", "vendor")
        .prefetch_related(Prefetch("intent__terms", queryset=Term.objects.only("slug")))
    )


def lead_for_vendor(request, lead_id) -> Lead:
    return get_object_or_404(leads_for(request), pk=lead_id)


class VendorLeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LeadSerializer
    permission_classes = [IsVendorMember]
    filterset_class = LeadFilter
    throttle_scope = "writes"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Lead.objects.none()
        return leads_for(self.request)

    @extend_schema(responses={200: LeadSerializer, 403: ErrorSerializer})
    def retrieve(self, request, *args, **kwargs):
        """The request itself, once your business accepted the customer's terms (403
        before: accept them with accept-terms/ or with your offer). Opening it marks the
        lead viewed and goes in the customer's access log."""
        lead = open_lead(self.get_object(), request.user)
        return Response(self.get_serializer(lead).data)

    @extend_schema(request=None, responses=LeadSerializer)
    @action(detail=True, methods=["post"], url_path="accept-terms")
    def accept_terms(self, request, pk=None):
        """Accept the intent's terms, at the versions it carries (kept as evidence:
        who, when, which versions). Answers with the lead, text included."""
        lead = self.get_object()
        accept_terms(lead, request.user)
        lead = self.get_object()  # re-read: terms_accepted is an annotation
        return Response(self.get_serializer(lead).data)

    @extend_schema(request=None, responses=LeadSerializer)
    @action(detail=True, methods=["post"], url_path="pass")
    def pass_(self, request, pk=None):
        lead = pass_lead(self.get_object())
        return Response(self.get_serializer(lead).data)
