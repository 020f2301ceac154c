from django.contrib import admin

from .models import Area, Population


class ReferenceDataAdmin(admin.ModelAdmin):
    """Read-only: reference data comes from its source files, loaded by migrations."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Area)
class AreaAdmin(ReferenceDataAdmin):
    """Read-only: areas come from Statistics Finland's classification, loaded by migrations."""

    list_display = ("code", "name_fi", "name_sv", "kind", "year", "county_code")
    list_filter = ("kind", "year", "county_code")
    search_fields = ("code", "name_fi", "name_sv")
    ordering = ("-year", "kind", "code")


@admin.register(Population)
class PopulationAdmin(ReferenceDataAdmin):
    """Read-only: the population comes from THL Sotkanet / Statistics Finland, loaded by a migration."""

    list_display = ("municipality_code", "year", "population")
    list_filter = ("year",)
    search_fields = ("municipality_code",)
    ordering = ("-year", "municipality_code")
