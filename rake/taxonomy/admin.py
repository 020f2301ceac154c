from django.contrib import admin

from rake.core.admin import AuditedModelAdmin

from .models import ClientGroup, ObservationType, Phenomenon, ServiceArea, SupportNeed

TERM_FIELDS = ("label_fi", "label_sv", "label_en", "sort_order", "valid_from", "valid_to")


class TermAdmin(AuditedModelAdmin):
    audit_action = "taxonomy.change"
    list_display = ("code", "label_fi", "label_sv", "label_en", "sort_order", "valid_from", "valid_to")
    search_fields = ("code", "label_fi", "label_sv", "label_en")
    ordering = ("sort_order", "pk")
    fields = ("code",) + TERM_FIELDS


class ChildInline(admin.TabularInline):
    model = Phenomenon
    fk_name = "parent"
    fields = ("code", "label_fi", "label_sv", "label_en", "national_code", "county_code", "sort_order")
    extra = 0
    show_change_link = True


@admin.register(Phenomenon)
class PhenomenonAdmin(TermAdmin):
    list_display = ("code", "label_fi", "label_sv", "label_en", "parent", "national_code", "county_code",
                    "sort_order", "valid_from", "valid_to")
    list_filter = ("national_code", "county_code", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    ordering = ("national_code", "parent__sort_order", "sort_order", "pk")
    fields = ("code", "parent", "national_code", "county_code") + TERM_FIELDS
    autocomplete_fields = ("parent",)
    inlines = [ChildInline]


@admin.register(SupportNeed)
class SupportNeedAdmin(TermAdmin):
    ordering = ("code",)


@admin.register(ClientGroup)
class ClientGroupAdmin(TermAdmin):
    pass


@admin.register(ServiceArea)
class ServiceAreaAdmin(TermAdmin):
    pass


@admin.register(ObservationType)
class ObservationTypeAdmin(TermAdmin):
    pass
