"""Training programmes and coverage targets in the admin (sessions, headcounts and the e-learning
have their own pages)."""

from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import CoverageTarget, Programme


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ["title", "title_en", "code", "position"]
    filter_horizontal = ["target_functions"]
    search_fields = ["title", "title_en", "code"]


@admin.register(CoverageTarget)
class CoverageTargetAdmin(AuditedAdmin):
    list_display = ["programme", "function", "share", "set_at"]
    list_filter = ["programme", "function"]
    exclude = ["set_by", "set_at"]

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
