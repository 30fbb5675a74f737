"""Administrators configure routing rules, labels and retention policies here. Signals and concern
notices themselves are not in the admin: they are read only through the checked, logged pages
(access.py)."""

from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import Label, RetentionPolicy, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["position", "name", "kind", "source", "target", "is_active"]
    list_display_links = ["name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "kind", "source"]
    autocomplete_fields = ["target"]
    filter_horizontal = ["areas"]
    search_fields = ["name"]


@admin.register(Label)
class LabelAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(AuditedAdmin):
    """One row per record type (made by a migration): the months can change, the types cannot."""

    list_display = ["record_type", "months", "warning_days"]
    list_editable = ["months", "warning_days"]
    list_display_links = ["record_type"]
    readonly_fields = ["record_type"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
