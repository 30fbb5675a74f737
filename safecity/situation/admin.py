from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .actions import apply_category_mappings
from .models import (
    AreaName,
    Category,
    CategoryMapping,
    ColumnMapping,
    Dataset,
    ImportRun,
    Observation,
    PoliceApiCall,
    PoliceEvent,
)
from .police import place_events_again


class RegroupingAdmin(AuditedAdmin):
    """After a change to the grouping, stored figures and events are grouped again."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        apply_category_mappings()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        apply_category_mappings()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        apply_category_mappings()


@admin.register(Dataset)
class DatasetAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "publisher", "licence"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "publisher"]


@admin.register(Category)
class CategoryAdmin(RegroupingAdmin):
    list_display = ["name", "name_en", "code", "parent", "position"]
    search_fields = ["name", "name_en", "code"]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(RegroupingAdmin):
    list_display = ["source_value", "category", "dataset"]
    list_filter = ["category", "dataset"]
    search_fields = ["source_value"]


@admin.register(AreaName)
class AreaNameAdmin(AuditedAdmin):
    list_display = ["name", "area", "case_sensitive", "note"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        place_events_again()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        place_events_again()


@admin.register(ColumnMapping)
class ColumnMappingAdmin(AuditedAdmin):
    list_display = [
        "dataset",
        "place_column",
        "place_level",
        "category_column",
        "period_column",
        "value_column",
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by imports only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "kind", "dataset", "origin", "created_by", "created_at", "state", "rows"]
    list_filter = ["kind", "state", "origin", "dataset"]
    search_fields = ["file_name", "file_hash"]
    date_hierarchy = "created_at"


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = [
        "dataset",
        "source_category",
        "category",
        "place_key",
        "period_start",
        "value",
        "value_unit",
    ]
    list_filter = ["dataset", "granularity", "value_unit", "category"]
    show_full_result_count = False


@admin.register(PoliceEvent)
class PoliceEventAdmin(ReadOnlyAdmin):
    list_display = ["police_id", "occurred_at", "type", "location_name", "level", "area", "attribution"]
    list_filter = ["level", "attribution", "category"]
    search_fields = ["name", "summary", "police_id"]
    date_hierarchy = "occurred_at"


@admin.register(PoliceApiCall)
class PoliceApiCallAdmin(ReadOnlyAdmin):
    """Deleting a 404 entry lets the poller try that address again (only when the police say so)."""

    list_display = ["at", "url", "status", "events", "new_events", "error"]
    list_filter = ["status"]
