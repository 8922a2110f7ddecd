from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import User, VendorBlock


class UserChangeFormForEmail(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationFormForEmail(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name", "role"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeFormForEmail
    add_form = UserCreationFormForEmail
    list_display = ["email", "name", "role", "alias", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name", "alias"]
    ordering = ["-date_joined"]
    readonly_fields = ["alias", "date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "role", "alias", "phone", "time_zone"]}),
        (
            "Privacy and contact rules",
            {"fields": ["email_verified_at", *User.PREFERENCE_FIELDS]},
        ),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "role", "password1", "password2"],
            },
        )
    ]


@admin.register(VendorBlock)
class VendorBlockAdmin(admin.ModelAdmin):
    """Read-only: a block is the customer's decision, made and lifted by them."""

    list_display = ["customer", "vendor", "created_at"]
    search_fields = ["customer__email", "vendor__name"]
    list_select_related = ["customer", "vendor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
