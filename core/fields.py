"""Serializer fields that bound what a client may send: a moment must be one a person
could mean (not the year 9999, which overflows the first time arithmetic touches it), and
a list of catalogue slugs is counted before it is looked up, in one query, so a list of
ten thousand slugs costs one 400 and no database work."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class MomentField(serializers.DateTimeField):
    """A date and time no earlier than `past` before now and no later than `ahead` after
    it (`past=None`: any time before now will do, and the caller judges it). Pass the
    messages a person should read as `error_messages={"too_early": ..., "too_late": ...}`."""

    default_error_messages = {
        "too_early": "This time is too far in the past.",
        "too_late": "This time is too far ahead.",
    }

    def __init__(self, *, ahead: timedelta, past: timedelta | None = None, **kwargs):
        self.ahead, self.past = ahead, past
        super().__init__(**kwargs)

    def to_internal_value(self, value) -> datetime:
        moment = super().to_internal_value(value)
        now = timezone.now()
        if self.past is not None and moment < now - self.past:
            self.fail("too_early")
        if moment > now + self.ahead:
            self.fail("too_late")
        return moment


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "22:00"}
)
class WallClockField(serializers.TimeField):
    """A time of day on the person's own clock, with no zone ("22:00"). Plain TimeField
    is described as JSON Schema's `time`, which demands an offset DRF never writes."""


class CatalogueSlugsField(serializers.ListField):
    """Slugs of catalogue rows (personal terms, say) in, the rows out, in the order given
    and without repeats. Reads back as the slugs of a related manager."""

    default_error_messages = {
        "does_not_exist": serializers.SlugRelatedField.default_error_messages["does_not_exist"],
    }

    def __init__(self, *, queryset: QuerySet, max_length: int, **kwargs):
        self.queryset = queryset
        kwargs.setdefault("child", serializers.SlugField(max_length=64))
        super().__init__(max_length=max_length, **kwargs)

    def to_internal_value(self, data) -> list:
        if isinstance(data, list | tuple) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)  # before any child or query
        slugs = list(dict.fromkeys(super().to_internal_value(data)))
        found = {row.slug: row for row in self.queryset.filter(slug__in=slugs)}
        for slug in slugs:
            if slug not in found:
                self.fail("does_not_exist", slug_name="slug", value=slug)
        return [found[slug] for slug in slugs]

    def to_representation(self, rows) -> list[str]:
        rows = rows.all() if hasattr(rows, "all") else rows
        return [row.slug for row in rows]
