"""Shared REST plumbing: pagination and the mapping of domain errors to HTTP."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from core.errors import Conflict


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_* settings at import time, and
    # those name classes in this module, so importing it at the top would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Conflict):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        # A model-level rule that slipped past the serializer: still a 400 per field.
        exc = ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    return drf_exception_handler(exc, context)


class WriteThrottle(ScopedRateThrottle):
    """Throttles writes only, by the view's `throttle_scope`: reading your own inbox
    or offers as often as you like costs nothing, posting does."""

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
