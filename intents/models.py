"""What customers want: categories, personal terms, and intents (personal RFPs)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from accounts.aliases import random_alias


class CategoryGroup(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CategoryQuerySet(models.QuerySet):
    def active(self) -> CategoryQuerySet:
        return self.filter(active=True)


class Category(models.Model):
    """A leaf of the taxonomy: intents are filed under exactly one."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    group = models.ForeignKey(CategoryGroup, on_delete=models.PROTECT, related_name="categories")
    examples = models.JSONField(default=list, blank=True, help_text="Words people use for it.")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Retired categories take no new intents.")

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["group__position", "position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


MAX_TERM_BIT = 62


class Term(models.Model):
    """A personal term from the catalogue. Editing its text means a new version."""

    slug = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=120)
    summary = models.TextField()
    version = models.PositiveIntegerField(default=1)
    is_default = models.BooleanField(default=False, help_text="Carried by every intent.")
    # Matching compares terms as bits of one integer (needed & ~accepted); see
    # matching.rules.terms_mask. Assigned once, never reused while the term exists.
    bit = models.PositiveSmallIntegerField(
        unique=True, editable=False, validators=[MaxValueValidator(MAX_TERM_BIT)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "slug"]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    def save(self, *args, **kwargs):
        if self.bit is None:
            used = set(Term.objects.values_list("bit", flat=True))
            free = [bit for bit in range(MAX_TERM_BIT + 1) if bit not in used]
            if not free:
                raise ValueError(f"At most {MAX_TERM_BIT + 1} personal terms.")
            self.bit = free[0]
        super().save(*args, **kwargs)


class IntentQuerySet(models.QuerySet):
    def owned_by(self, user) -> IntentQuerySet:
        return self.filter(customer=user)

    def open(self, now: datetime | None = None) -> IntentQuerySet:
        """Open and not yet past expiry: still taking offers."""
        return self.filter(status=Intent.Status.OPEN, expires_at__gt=now or timezone.now())

    def due_to_expire(self, now: datetime | None = None) -> IntentQuerySet:
        return self.filter(status=Intent.Status.OPEN, expires_at__lte=now or timezone.now())

    def with_current_status(self, now: datetime | None = None) -> IntentQuerySet:
        """Annotate `status_now`: an open intent past its expiry reads as expired even
        before the expiry sweep has written it (the same rule as Intent.current_status)."""
        return self.annotate(
            status_now=Case(
                When(
                    status=Intent.Status.OPEN,
                    expires_at__lte=now or timezone.now(),
                    then=Value(Intent.Status.EXPIRED.value),
                ),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def with_counts(self) -> IntentQuerySet:
        return self.annotate(
            leads_count=Count("leads", distinct=True),
            offers_count=Count(
                "offers",
                filter=~Q(offers__status="withdrawn"),
                distinct=True,
            ),
        )


class Intent(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"

    class Disclosure(models.TextChoices):
        EXACT = "exact", "Exact point"
        APPROXIMATE = "approximate", "Approximate (about 1 km)"
        AREA = "area", "Area (about 5 km)"

    # Null once the customer erased their account: what is left (category, times, budget,
    # a coarse area) keeps vendors' statistics true and points at nobody.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="intents"
    )
    # What vendors call the customer on this intent only, so two intents of one customer
    # cannot be linked (unless the customer chose to be recognised; see intents.disclosure).
    alias = models.CharField(max_length=64, default=random_alias, editable=False)
    text = models.TextField(max_length=1000)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="intents")
    lat = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lng = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    radius_km = models.FloatField(validators=[MinValueValidator(0.1), MaxValueValidator(200)])
    place_name = models.CharField(max_length=120, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    budget_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    quantity = models.PositiveIntegerField(null=True, blank=True)
    terms = models.ManyToManyField(Term, through="IntentTerm", related_name="intents")
    disclosure = models.CharField(
        max_length=16, choices=Disclosure.choices, default=Disclosure.APPROXIMATE
    )
    max_offers = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    matched_at = models.DateTimeField(null=True, blank=True, help_text="Last matching run.")
    fanout_rounds = models.PositiveSmallIntegerField(
        default=0, help_text="Times matching reached further down the ranking for more offers."
    )
    exhausted_at = models.DateTimeField(
        null=True, blank=True, help_text="When no fitting vendor without a lead was left."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    awaiting_verification = models.BooleanField(
        default=False, help_text="Held, not routed, until the customer confirms their email."
    )
    personal_data_purged_at = models.DateTimeField(
        null=True, blank=True, help_text="Free text and exact point deleted (retention/erasure)."
    )
    contact_purged_at = models.DateTimeField(
        null=True, blank=True, help_text="Contact details no longer given to the vendor."
    )

    objects = IntentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="intent_status_expiry"),
            models.Index(fields=["customer", "-created_at"], name="intent_customer_recent"),
            models.Index(fields=["category", "lat"], name="intent_category_lat"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="intent_window"),
            models.CheckConstraint(
                condition=Q(budget_max__isnull=True) | Q(budget_max__gt=Decimal(0)),
                name="intent_budget_positive",
            ),
            models.CheckConstraint(
                condition=Q(budget_max__isnull=True) | ~Q(currency=""),
                name="intent_budget_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.text[:60]}"

    @property
    def current_status(self) -> str:
        if self.status == self.Status.OPEN and self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.status

    @property
    def is_open(self) -> bool:
        return self.current_status == self.Status.OPEN

    @property
    def lead_limit(self) -> int:
        return self.max_offers * settings.LEADS_PER_OFFER_WANTED

    def term_versions(self) -> dict[str, int]:
        return dict(self.intent_terms.values_list("term__slug", "version"))

    def carries(self, slug: str) -> bool:
        """Uses the prefetched terms when there are some."""
        return any(term.slug == slug for term in self.terms.all())


class IntentTerm(models.Model):
    """A term on an intent, at the version the customer saw when posting."""

    intent = models.ForeignKey(Intent, on_delete=models.CASCADE, related_name="intent_terms")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intent", "term"], name="intent_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.term.slug} v{self.version}"


class AccessEvent(models.Model):
    """A vendor's person looked: the customer sees every one of these, per intent."""

    class What(models.TextChoices):
        DETAIL = "detail", "Opened the intent"
        CONTACT = "contact", "Saw your contact details"

    intent = models.ForeignKey(Intent, on_delete=models.CASCADE, related_name="access_events")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    what = models.CharField(max_length=16, choices=What.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["intent", "-at"], name="access_event_intent_recent")]

    def __str__(self) -> str:
        return f"{self.vendor} {self.what} intent {self.intent_id} at {self.at:%Y-%m-%d %H:%M}"
