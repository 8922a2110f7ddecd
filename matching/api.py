"""The vendor's inbox: leads routed to its business, and nothing else."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from intents.models import Term
from matching.leads import pass_lead, view_lead
from matching.models import Lead
from matching.serializers import LeadSerializer
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
        .with_outcome()
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

    def retrieve(self, request, *args, **kwargs):
        """Opening a lead marks it viewed: the customer can see that it was."""
        lead = view_lead(self.get_object())
        return Response(self.get_serializer(lead).data)

    @extend_schema(request=None, responses=LeadSerializer)
    @action(detail=True, methods=["post"], url_path="pass")
    def pass_(self, request, pk=None):
        lead = pass_lead(self.get_object())
        return Response(self.get_serializer(lead).data)
