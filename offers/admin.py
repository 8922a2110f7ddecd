from django.contrib import admin

from offers.models import Offer, TermsAcceptance


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Read-only: vendors make offers and customers decide on them."""

    list_display = ["id", "intent", "vendor", "price", "currency", "current_status", "created_at"]
    list_filter = ["status", "currency", "created_at"]
    search_fields = ["vendor__name", "intent__text", "message"]
    list_select_related = ["intent", "vendor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Status")
    def current_status(self, offer):
        return offer.current_status


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(admin.ModelAdmin):
    """The evidence of who accepted which terms, when: never edited."""

    list_display = ["intent", "vendor", "accepted_by", "accepted_at", "term_versions"]
    search_fields = ["vendor__name"]
    list_select_related = ["intent", "vendor", "accepted_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
