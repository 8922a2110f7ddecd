"""Customer-facing API for intents, plus the public catalogues and the parser."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from intents import services
from intents.access import access_log
from intents.models import Category, Intent, Term
from intents.parsing import parse_intent_text
from intents.serializers import (
    AccessEventSerializer,
    CategorySerializer,
    IntentCreateSerializer,
    IntentSerializer,
    ParseRequestSerializer,
    ParseResultSerializer,
    TermSerializer,
)


class CategoryList(generics.ListAPIView):
    queryset = Category.objects.active().select_related("group")
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []


class TermList(generics.ListAPIView):
    queryset = Term.objects.all()
    serializer_class = TermSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []


class ParseView(APIView):
    """Read a sentence into intent fields. Open to visitors too, so the landing page can
    preview a parse before sign-up."""

    permission_classes = [AllowAny]
    throttle_scope = "parse"

    @extend_schema(request=ParseRequestSerializer, responses=ParseResultSerializer)
    def post(self, request):
        params = ParseRequestSerializer(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        zone = params.validated_data["tz"]
        parsed = parse_intent_text(
            params.validated_data["text"], now=params.validated_data["now"], tz=zone
        )
        with timezone.override(zone):  # times answer in the request's zone, with offset
            return Response(ParseResultSerializer(parsed).data)


def status_filter(choices):
    """`?status=` on the status an object reads as now (expired before the sweep too)."""
    return django_filters.ChoiceFilter(
        choices=choices, field_name="status_now", label="Status (as it reads now)"
    )


class IntentFilter(django_filters.FilterSet):
    status = status_filter(Intent.Status.choices)
    category = django_filters.CharFilter(field_name="category__slug")

    class Meta:
        model = Intent
        fields = ["status", "category"]


def intent_for_customer(user, intent_id) -> Intent:
    """The one way to fetch a customer's intent: someone else's is a 404."""
    # DRF's get_object_or_404: a router id like "abc" is a 404 too, not a ValueError.
    return generics.get_object_or_404(Intent.objects.owned_by(user), pk=intent_id)


class IntentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IntentSerializer
    filterset_class = IntentFilter
    throttle_scope = "intents"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Intent.objects.none()
        return (
            Intent.objects.owned_by(self.request.user)
            .with_current_status()
            .with_counts()
            .select_related("category")
            .prefetch_related(Prefetch("terms", queryset=Term.objects.only("slug")))
            .order_by("-created_at", "-id")  # the counts' GROUP BY drops Meta.ordering
        )

    @extend_schema(request=IntentCreateSerializer, responses={201: IntentSerializer})
    def create(self, request, *args, **kwargs):
        incoming = IntentCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        intent = services.create_intent(customer=request.user, **incoming.validated_data)
        return Response(
            IntentSerializer(self.get_queryset().get(pk=intent.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=IntentSerializer)
    @action(detail=True, methods=["post"], throttle_scope="writes")
    def withdraw(self, request, pk=None):
        intent = services.withdraw_intent(intent_for_customer(request.user, pk))
        return Response(IntentSerializer(self.get_queryset().get(pk=intent.pk)).data)

    @extend_schema(responses=AccessEventSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request, pk=None):
        """Every time someone at a vendor opened this intent or your contact, newest
        first."""
        events = access_log(intent_for_customer(request.user, pk))
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AccessEventSerializer(page, many=True).data)
