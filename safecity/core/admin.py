from django.contrib import admin
from django.forms.models import model_to_dict

from safecity.core.access_log import Action

from .models import AccessLogEntry


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete through the admin also lands in the access log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {}
        if change:
            for name in form.changed_data:
                initial = form.initial.get(name)
                changed[name] = [_plain(initial), _plain(form.cleaned_data.get(name))]
        _log(request.user, Action.CHANGE if change else Action.CREATE, obj, changed)

    def delete_model(self, request, obj):
        _log(
            request.user,
            Action.DELETE,
            obj,
            {"before": {k: _plain(v) for k, v in model_to_dict(obj).items()}},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _log(request.user, Action.DELETE, obj, {})
        super().delete_queryset(request, queryset)


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__iter__") and not isinstance(value, dict):
        return [str(v) for v in value]
    return str(value)


def _log(user, action, obj, changes):
    from safecity.organisation.access import log_access

    sensitive = {"password"}
    changes = {k: (["***", "***"] if k in sensitive else v) for k, v in changes.items()}
    log_access(user, action, obj=obj, changes=changes, detail="admin")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "role", "unit", "action", "object_type", "object_id", "object_label"]
    list_filter = ["action", "object_type", "unit"]
    search_fields = ["username", "object_id", "object_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
