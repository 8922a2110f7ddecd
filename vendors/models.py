"""Businesses that answer intents, the people who work for them, and their opt-ins."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.timezones import validate_time_zone
from intents.models import Category, CategoryGroup, Term


class VendorQuerySet(models.QuerySet):
    def not_suspended(self) -> VendorQuerySet:
        return self.filter(suspended_at__isnull=True)


class Vendor(models.Model):
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    email = models.EmailField(blank=True, help_text="Shown to a customer who accepts an offer.")
    phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=240, blank=True)
    lat = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lng = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    rating = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="vendors"
    )
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=240, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = VendorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


class Membership(models.Model):
    """A person's place in a business. One business per person keeps every vendor request
    unambiguous about whose leads it means."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        STAFF = "staff", "Staff"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) at {self.vendor}"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class SubscriptionQuerySet(models.QuerySet):
    def for_vendor(self, vendor: Vendor) -> SubscriptionQuerySet:
        return self.filter(vendor=vendor)

    def live(self) -> SubscriptionQuerySet:
        """Active subscriptions of vendors that are not suspended."""
        return self.filter(active=True, vendor__suspended_at__isnull=True)

    def covering_category(self, category: Category) -> SubscriptionQuerySet:
        """Subscribed to the leaf itself or to its whole group."""
        leaf = Subscription.categories.through.objects.filter(
            subscription=OuterRef("pk"), category=category
        )
        group = Subscription.groups.through.objects.filter(
            subscription=OuterRef("pk"), categorygroup=category.group_id
        )
        return self.filter(Q(Exists(leaf)) | Q(Exists(group)))


class Subscription(models.Model):
    """A vendor's opt-in: which intents it wants to hear about, where, when, how many."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="subscriptions")
    categories = models.ManyToManyField(Category, blank=True, related_name="subscriptions")
    groups = models.ManyToManyField(CategoryGroup, blank=True, related_name="subscriptions")
    lat = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lng = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    radius_km = models.FloatField(validators=[MinValueValidator(0.1), MaxValueValidator(200)])
    min_budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # [{"weekday": 0-6 (Monday is 0), "opens": "HH:MM", "closes": "HH:MM"}] in the
    # vendor's time zone; closes at or before opens runs past midnight; empty = always.
    hours = models.JSONField(default=list, blank=True)
    daily_cap = models.PositiveIntegerField(
        default=20, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    accepted_terms = models.ManyToManyField(Term, blank=True, related_name="subscriptions")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["lat", "lng"], name="subscription_point")]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_budget__isnull=True) | ~Q(currency=""),
                name="subscription_min_budget_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} within {self.radius_km:g} km of ({self.lat:.3f}, {self.lng:.3f})"
