from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from intents.models import AccessEvent, Category, CategoryGroup, Intent, IntentTerm, Term
from intents.services import expire_intent
from matching.explain import NEAR_KM, explain
from matching.models import Lead
from matching.pending import owe_intent
from offers.models import Offer
from vendors.services import publish_term_version


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ["slug", "name", "position", "active"]
    extra = 0


@admin.register(CategoryGroup)
class CategoryGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "category_count"]
    search_fields = ["name", "slug"]
    inlines = [CategoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(category_count=Count("categories"))

    @admin.display(ordering="category_count", description="Categories")
    def category_count(self, group):
        return group.category_count


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "group", "active", "intent_count"]
    list_filter = ["group", "active"]
    search_fields = ["name", "slug", "examples"]
    list_select_related = ["group"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(intent_count=Count("intents"))

    @admin.display(ordering="intent_count", description="Intents")
    def intent_count(self, category):
        return category.intent_count


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "version", "is_default", "updated_at"]
    readonly_fields = ["version", "updated_at"]

    def save_model(self, request, term, form, change):
        # New wording is a new version: earlier acceptances keep the version they were
        # given for, intents posted from now on carry the new one, and subscriptions
        # must accept it afresh (vendors.services.publish_term_version).
        super().save_model(request, term, form, change)
        if change and {"title", "summary"} & set(form.changed_data):
            dropped = publish_term_version(term)
            self.message_user(
                request,
                f"{term.slug} is now version {term.version}; {dropped} subscriptions "
                "must accept the new wording before they receive intents carrying it.",
            )


class IntentTermInline(admin.TabularInline):
    model = IntentTerm
    fields = ["term", "version"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AccessEventInline(admin.TabularInline):
    model = AccessEvent
    fields = ["at", "vendor", "user", "what"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LeadInline(admin.TabularInline):
    model = Lead
    fields = ["vendor", "status", "rank", "score", "distance_km", "matched_at", "viewed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["rank"]

    def has_add_permission(self, request, obj=None):
        return False


class OfferInline(admin.TabularInline):
    model = Offer
    fields = ["vendor", "status", "price", "currency", "valid_until", "created_at", "decided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Intent)
class IntentAdmin(admin.ModelAdmin):
    """Operators moderate text and category; every status change goes through the
    lifecycle functions (the actions below), never an edited field."""

    list_display = [
        "id",
        "short_text",
        "customer",
        "category",
        "current_status",
        "lead_count",
        "offer_count",
        "created_at",
        "expires_at",
    ]
    list_filter = ["status", "category__group", "disclosure", "created_at"]
    search_fields = ["text", "customer__email", "customer__alias", "place_name"]
    list_select_related = ["customer", "category"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "explain_link",
        "customer",
        "status",
        "current_status",
        "lat",
        "lng",
        "radius_km",
        "starts_at",
        "ends_at",
        "expires_at",
        "created_at",
        "matched_at",
        "closed_at",
        "alias",
        "awaiting_verification",
        "personal_data_purged_at",
        "contact_purged_at",
    ]
    fields = [
        "explain_link",
        ("customer", "alias"),
        "text",
        "category",
        "current_status",
        "status",
        ("lat", "lng", "radius_km"),
        "place_name",
        "disclosure",
        ("starts_at", "ends_at"),
        ("budget_max", "currency"),
        "quantity",
        "max_offers",
        ("created_at", "matched_at", "expires_at", "closed_at"),
        ("awaiting_verification", "personal_data_purged_at", "contact_purged_at"),
    ]
    inlines = [IntentTermInline, LeadInline, OfferInline, AccessEventInline]
    actions = ["expire_now", "rerun_matching"]

    def has_add_permission(self, request):
        return False  # intents are posted by customers

    def get_urls(self):
        explain_view = self.admin_site.admin_view(self.explain_view)
        return [
            path("<int:intent_id>/explain/", explain_view, name="intents_intent_explain"),
            *super().get_urls(),
        ]

    def explain_view(self, request, intent_id: int):
        intent = get_object_or_404(Intent.objects.select_related("category__group"), pk=intent_id)
        if not self.has_view_permission(request, intent):
            raise PermissionDenied
        rows = explain(intent)
        context = {
            **self.admin_site.each_context(request),
            "intent": intent,
            "rows": rows,
            "fits": sum(row.fits for row in rows),
            "near_km": NEAR_KM,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/matching/explain.html", context)

    @admin.display(description="Matching")
    def explain_link(self, intent):
        url = reverse("admin:intents_intent_explain", args=[intent.pk])
        return format_html(
            '<a href="{}">Why these vendors? (every rule, every subscription near)</a>', url
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                lead_count=Count("leads", distinct=True), offer_count=Count("offers", distinct=True)
            )
        )

    @admin.display(description="Text")
    def short_text(self, intent):
        return intent.text[:60]

    @admin.display(description="Status")
    def current_status(self, intent):
        return intent.current_status

    @admin.display(ordering="lead_count", description="Leads")
    def lead_count(self, intent):
        return intent.lead_count

    @admin.display(ordering="offer_count", description="Offers")
    def offer_count(self, intent):
        return intent.offer_count

    @admin.action(description="Expire the selected open intents now")
    def expire_now(self, request, queryset):
        expired = sum(expire_intent(intent) for intent in queryset)
        self.message_user(request, f"Expired {expired} intent(s); the others were not open.")

    @admin.action(description="Re-run matching for the selected intents")
    def rerun_matching(self, request, queryset):
        open_ids = list(queryset.filter(status=Intent.Status.OPEN).values_list("pk", flat=True))
        for intent_id in open_ids:  # owed first: a re-run that was matched before still runs
            owe_intent(intent_id)
        level = messages.SUCCESS if open_ids else messages.WARNING
        self.message_user(request, f"Matching queued for {len(open_ids)} open intent(s).", level)
