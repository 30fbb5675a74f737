"""The plan configuration in the admin: focus areas, target groups and measure statuses.

Plans, measures and follow-ups themselves are never edited here: they go through the pages and
actions.py, where the workflow and its audit apply.
"""

from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import FocusArea, MeasureStatus, TargetGroup, Theme


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ["number", "name", "name_en"]


@admin.register(FocusArea)
class FocusAreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "position", "city"]
    list_filter = ["city"]


@admin.register(TargetGroup)
class TargetGroupAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "position", "city"]
    list_filter = ["city"]


@admin.register(MeasureStatus)
class MeasureStatusAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "default_progress", "is_closed", "position"]
    list_editable = ["default_progress", "is_closed", "position"]
    list_filter = ["city"]
