from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from rake.core.admin import AuditedAdminMixin, AuditedModelAdmin

from .models import Membership, Organisation, User

# Changing any of these changes what the user may do.
PERMISSION_FIELDS = {"is_active", "is_staff", "is_superuser", "groups", "user_permissions"}


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    fields = ("organisation", "role")
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Rake"), {"fields": ("preferred_language", "usual_service_area", "usual_municipality",
                                 "email_notifications")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    inlines = [MembershipInline]
    audit_action = "user.change"
    # Memberships edited inline are permission changes too.
    inline_audit_actions = {"accounts.membership": "permission_change"}

    def audit_action_for(self, obj, operation, fields):
        if operation in ("create", "delete") or set(fields) & PERMISSION_FIELDS:
            return "permission_change"
        return "user.change"


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    audit_action = "organisation.change"
    list_display = ("name", "county_code", "is_national")
    list_filter = ("is_national", "county_code")
    search_fields = ("name",)
    fields = ("name", "county_code", "is_national")


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    audit_action = "permission_change"
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    fields = ("user", "organisation", "role")
    list_select_related = ("user", "organisation")
