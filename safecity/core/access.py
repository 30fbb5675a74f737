"""Fetching the access log: only the data protection officer, and every look is itself logged."""

from django.core.exceptions import PermissionDenied

from safecity.core.access_log import Action
from safecity.organisation.access import can_view_access_log, log_access

from .models import AccessLogEntry


def get_access_log_for_user(user, *, export: bool = False, filters: str = ""):
    if not can_view_access_log(user):
        log_access(user, Action.REFUSED, object_type="core.accesslogentry", label="access log")
        raise PermissionDenied
    log_access(
        user,
        Action.EXPORT if export else Action.VIEW,
        object_type="core.accesslogentry",
        label="access log",
        detail=filters,
    )
    return AccessLogEntry.objects.select_related("user", "unit")
