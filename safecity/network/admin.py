"""The profile's versions and the good practices in the admin, read only: publishing, approving and
returning go through the pages (actions.py), so a published version is never edited afterwards."""

from django.contrib import admin

from safecity.core.admin import AuditedAdmin

from .models import GoodPractice, ProfileVersion


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProfileVersion)
class ProfileVersionAdmin(ReadOnlyAdmin):
    list_display = ["profile", "number", "published_at"]
    exclude = ["published_by"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "state", "proposed_at", "decided_at"]
    list_filter = ["state", "unit"]
    search_fields = ["title", "title_en"]
    exclude = ["proposed_by", "decided_by"]
