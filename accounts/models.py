"""People: one user model for customers, vendor staff and operators, signing in by email."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.aliases import random_alias
from core.timezones import validate_time_zone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True, role=User.Role.OPERATOR)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        VENDOR = "vendor", "Vendor"
        OPERATOR = "operator", "Operator"

    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CUSTOMER)
    # What vendors see instead of the name: not derived from anything about the person.
    alias = models.CharField(max_length=64, unique=True, default=random_alias, editable=False)
    phone = models.CharField(max_length=32, blank=True)
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    email_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person proved the address is theirs."
    )
    # Contact rules: how Beckon may reach the customer, and when not to.
    notify_by_email = models.BooleanField(default=True, help_text="E-mail me new offers.")
    notify_on_site = models.BooleanField(
        default=True, help_text="Show how many offers wait, on every page."
    )
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    default_max_offers = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    preferred_terms = models.ManyToManyField(
        "intents.Term", blank=True, related_name="+", help_text="Added to every new intent."
    )
    # Off by default: each intent shows vendors a fresh alias, so none can link two of
    # them. On, a vendor whose offer this customer accepted before sees the same name.
    recognisable = models.BooleanField(
        default=False, help_text="Let vendors I've accepted an offer from recognise me."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    # What a customer sets about being reached and what their intents carry: one list for
    # the API (MeSerializer), the privacy page's form and the admin.
    PREFERENCE_FIELDS = (
        "notify_by_email",
        "notify_on_site",
        "quiet_hours_start",
        "quiet_hours_end",
        "default_max_offers",
        "preferred_terms",
        "recognisable",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def in_quiet_hours(self, at: datetime) -> bool:
        """Whether `at` falls in the customer's quiet hours, read on their own clock;
        hours that cross midnight (22:00-07:00) included."""
        start, end = self.quiet_hours_start, self.quiet_hours_end
        if start is None or end is None or start == end:
            return False
        local = at.astimezone(self.zone).time()
        return start <= local < end if start < end else local >= start or local < end


class VendorBlock(models.Model):
    """A customer never wants to hear from this business again: matching skips it."""

    customer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="vendor_blocks")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "vendor"], name="vendor_block_once")
        ]

    def __str__(self) -> str:
        return f"{self.customer} blocks {self.vendor}"
