"""Writing the access log. Called by every app's access.py and actions.py, never by views directly."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AccessLogEntry

Action = AccessLogEntry.Action


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def log_access(
    user,
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    label: str = "",
    unit=None,
    role: str = "",
    detail: str = "",
    changes: dict[str, Any] | None = None,
) -> AccessLogEntry:
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or obj.pk
        label = label or str(obj)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AccessLogEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        unit=unit,
        role=role,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=label[:200],
        detail=detail[:300],
        changes=changes or {},
    )


def diff(instance: models.Model, before: dict[str, Any], fields) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}, for the audit trail."""
    changed = {}
    for field in fields:
        new = getattr(instance, field)
        old = before.get(field)
        if old != new:
            changed[field] = [_plain(old), _plain(new)]
    return changed


def snapshot(instance: models.Model, fields) -> dict[str, Any]:
    return {field: getattr(instance, field) for field in fields}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
