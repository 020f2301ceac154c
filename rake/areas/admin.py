from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Read-only: areas come from Statistics Finland's classification, loaded by migrations."""

    list_display = ("code", "name_fi", "name_sv", "kind", "year", "county_code")
    list_filter = ("kind", "year", "county_code")
    search_fields = ("code", "name_fi", "name_sv")
    ordering = ("-year", "kind", "code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
