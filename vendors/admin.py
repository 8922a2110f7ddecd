from django.contrib import admin
from django.db.models import Count

from matching.routes import rebuild_routes, rebuild_vendor_routes
from vendors.models import Membership, Subscription, Vendor
from vendors.services import rematch_after_commit, suspend_vendor, unsuspend_vendor


class SuspendedFilter(admin.SimpleListFilter):
    title = "suspended"
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", "Suspended"), ("no", "Not suspended")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(suspended_at__isnull=self.value() == "no")
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]
    extra = 0


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["lat", "lng", "radius_km", "daily_cap", "active"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "time_zone",
        "rating",
        "is_suspended",
        "subscription_count",
        "lead_count",
        "created_at",
    ]
    list_filter = [SuspendedFilter, "time_zone", "created_at"]
    search_fields = ["name", "email", "phone", "memberships__user__email"]
    readonly_fields = ["suspended_at", "suspension_reason", "created_at"]
    inlines = [MembershipInline, SubscriptionInline]
    actions = ["suspend", "unsuspend"]

    def save_model(self, request, vendor, form, change):
        super().save_model(request, vendor, form, change)
        if "time_zone" in form.changed_data:  # routes carry the zone for opening hours
            rebuild_vendor_routes(vendor.pk)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                subscription_count=Count("subscriptions", distinct=True),
                lead_count=Count("leads", distinct=True),
            )
        )

    @admin.display(boolean=True, description="Suspended", ordering="suspended_at")
    def is_suspended(self, vendor):
        return vendor.is_suspended

    @admin.display(ordering="subscription_count", description="Subscriptions")
    def subscription_count(self, vendor):
        return vendor.subscription_count

    @admin.display(ordering="lead_count", description="Leads")
    def lead_count(self, vendor):
        return vendor.lead_count

    @admin.action(description="Suspend the selected vendors (no new leads)")
    def suspend(self, request, queryset):
        done = sum(suspend_vendor(vendor, reason=f"By {request.user}") for vendor in queryset)
        self.message_user(request, f"Suspended {done} vendor(s).")

    @admin.action(description="Lift the suspension of the selected vendors")
    def unsuspend(self, request, queryset):
        done = sum(unsuspend_vendor(vendor) for vendor in queryset)
        self.message_user(request, f"Unsuspended {done} vendor(s).")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["id", "vendor", "category_summary", "radius_km", "daily_cap", "active"]
    list_filter = ["active", "groups", "categories__group"]
    search_fields = ["vendor__name"]
    list_select_related = ["vendor"]
    raw_id_fields = ["vendor"]
    filter_horizontal = ["categories", "groups", "accepted_terms"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories", "groups")

    @admin.display(description="Categories")
    def category_summary(self, subscription):
        names = [g.name for g in subscription.groups.all()]
        names += [c.name for c in subscription.categories.all()]
        return ", ".join(names[:4]) + (" …" if len(names) > 4 else "")

    def save_related(self, request, form, formsets, change):
        # Categories and terms are saved here, after the row: only now can its routes
        # be rebuilt and the subscription matched against open intents.
        super().save_related(request, form, formsets, change)
        rebuild_routes(form.instance.pk)
        if form.instance.active:
            rematch_after_commit(form.instance.pk)
