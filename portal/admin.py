from django.contrib import admin

from portal.models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "vendor", "updated_at"]
    search_fields = ["title", "vendor__name"]
    raw_id_fields = ["vendor"]
