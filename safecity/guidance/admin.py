from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import Guide, Situation


@admin.register(Situation)
class SituationAdmin(AuditedAdmin):
    list_display = ["title", "title_en", "code", "position"]
    search_fields = ["title", "title_en", "code"]


@admin.register(Guide)
class GuideAdmin(AuditedAdmin):
    """Read-only: guides are written and published in the guide editor, where each step is logged."""

    list_display = ["situation", "audience", "version", "state", "review_by", "published_at"]
    list_filter = ["audience", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
