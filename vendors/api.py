"""A vendor's subscriptions: owners change them, staff may read them."""

from __future__ import annotations

from rest_framework import viewsets

from vendors.models import Subscription
from vendors.permissions import IsVendorOwnerOrReadOnly, vendor_of
from vendors.serializers import SubscriptionSerializer
from vendors.services import save_subscription


class SubscriptionViewSet(viewsets.ModelViewSet):
    serializer_class = SubscriptionSerializer
    permission_classes = [IsVendorOwnerOrReadOnly]
    throttle_scope = "writes"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Subscription.objects.none()
        return (
            Subscription.objects.for_vendor(vendor_of(self.request))
            .prefetch_related("categories", "groups", "accepted_terms")
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.instance = self._save(Subscription(vendor=vendor_of(self.request)), serializer)

    def perform_update(self, serializer):
        serializer.instance = self._save(serializer.instance, serializer)

    def _save(self, subscription: Subscription, serializer) -> Subscription:
        data = dict(serializer.validated_data)
        chosen = data.pop("categories", None)
        accepted_terms = data.pop("accepted_terms", None)
        categories = groups = None  # None: leave as they are (a PATCH without them)
        if chosen is not None:
            categories, groups = chosen["categories"], chosen["groups"]
        for field, value in data.items():
            setattr(subscription, field, value)
        return save_subscription(
            subscription, categories=categories, groups=groups, accepted_terms=accepted_terms
        )
