"""Shared REST plumbing: pagination and the mapping of domain errors to HTTP."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from core.errors import Conflict, TermsNotAccepted


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_* settings at import time, and
    # those name classes in this module, so importing it at the top would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Conflict):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, TermsNotAccepted):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": "The request body is too large."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoValidationError):
        # A model-level rule that slipped past the serializer: still a 400 per field.
        exc = ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    return drf_exception_handler(exc, context)


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, whose budget is the signed-in person's, else the client
    address's, unless the view names whose it is with `throttle_ident(request)`
    (offers: the business's, whoever of its team sends them)."""

    def get_cache_key(self, request, view) -> str:
        ident = getattr(view, "throttle_ident", None)
        if ident is None:
            return super().get_cache_key(request, view)
        return self.cache_format % {"scope": self.scope, "ident": ident(request)}


class WriteThrottle(ScopedThrottle):
    """Throttles writes only, by the view's `throttle_scope`: reading your own inbox
    or offers as often as you like costs nothing, posting does."""

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class ErrorSerializer(serializers.Serializer):
    """The body of a 403 or 409 from a domain rule."""

    detail = serializers.CharField()
    code = serializers.CharField()
