"""Admin: classifier versions and imports read-only (no text in clear anywhere), tactics editable."""

from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import ClassifierModel, ContentImport, Tactic


@admin.register(ClassifierModel)
class ClassifierModelAdmin(AuditedAdmin):
    list_display = ["version", "is_active", "created_at", "activated_at", "created_by"]
    list_filter = ["is_active"]
    exclude = ["weights"]
    readonly_fields = [
        "version",
        "created_at",
        "created_by",
        "is_active",
        "activated_at",
        "config",
        "evaluation",
    ]
    fields = [*readonly_fields, "notes"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("weights")


@admin.register(ContentImport)
class ContentImportAdmin(AuditedAdmin):
    list_display = ["filename", "unit", "status", "rows", "created", "duplicates", "created_at"]
    list_filter = ["status", "unit"]
    exclude = ["file"]
    readonly_fields = [
        "unit",
        "uploaded_by",
        "created_at",
        "source",
        "filename",
        "status",
        "job_id",
        "rows",
        "created",
        "duplicates",
        "errors",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("file")


@admin.register(Tactic)
class TacticAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name", "name_en"]
