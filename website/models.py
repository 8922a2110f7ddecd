"""What the website remembers for a customer beyond the domain: a saved default place."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class SavedPlace(models.Model):
    """Where a customer's intents are, unless they say otherwise. Only ever saved when the
    customer ticks "remember", shown on the privacy page, and forgotten on request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_place"
    )
    name = models.CharField(max_length=120)
    lat = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lng = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    def as_data(self) -> dict:
        return {
            "name": self.name,
            "lat": self.lat,
            "lng": self.lng,
            "updated_at": self.updated_at.isoformat(),
        }
