"""What the vendor portal keeps beyond the domain: a business's saved replies."""

from django.db import models
from django.utils import timezone

from vendors.models import Vendor


class ReplyTemplateQuerySet(models.QuerySet):
    def for_vendor(self, vendor: Vendor) -> "ReplyTemplateQuerySet":
        return self.filter(vendor=vendor)


class ReplyTemplate(models.Model):
    """A message the business sends often ("Table for two, by the window…"), to start an
    offer from. Owned by the business: every member may use and edit them."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="reply_templates")
    title = models.CharField(max_length=60)
    message = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReplyTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "title"], name="reply_template_title_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.vendor})"
