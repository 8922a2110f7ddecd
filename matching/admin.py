from django.contrib import admin

from matching.models import Lead


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    """Read-only: leads are made by matching and moved by vendors."""

    list_display = [
        "id",
        "intent",
        "vendor",
        "status",
        "rank",
        "score",
        "distance_km",
        "matched_at",
    ]
    list_filter = ["status", "matched_at"]
    search_fields = ["vendor__name", "intent__text"]
    list_select_related = ["intent", "vendor"]
    date_hierarchy = "matched_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
