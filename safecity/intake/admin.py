"""Administrators configure routing rules and labels here. Signals themselves are not in the admin:
they are read only through the checked, logged pages (access.py)."""

from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import Label, RoutingRule


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
