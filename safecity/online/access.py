"""Who may work with online content: import, review, read items, care for the classifier's versions.

Rules (need to know; the content is special-category personal data in many cases):
- the central coordinator works with every unit's items and alone manages the classifier's versions;
- a unit coordinator works with their own unit's items, including items of units merged into it;
- nobody else sees online content: managers, employees, intake officers, partners, administrators
  and the data protection officer are refused (the DPO reads the access log, not the content).
Every fetch of an item or an import is written to the access log; every refusal too.
Each condition sits on its own line so the tests reach every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, log_access
from safecity.organisation.models import Role, Unit

from .models import ContentImport, OnlineItem

OBJECT_TYPE = "online.onlineitem"


def central_grant(user) -> Grant | None:
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return grant
    return None


def unit_grants(user) -> list[Grant]:
    return [g for g in grants(user) if g.role == Role.UNIT_COORDINATOR and g.unit_id]


def online_grant(user) -> Grant | None:
    """The grant through which a person works with online content (central first), or None."""
    central = central_grant(user)
    if central:
        return central
    coordinated = unit_grants(user)
    return coordinated[0] if coordinated else None


def can_use_online(user) -> bool:
    return online_grant(user) is not None


def can_manage_models(user) -> bool:
    return central_grant(user) is not None


def _with_predecessors(unit_ids: set[int]) -> set[int]:
    """The units and, recursively, the units merged into them (their items belong to the successor)."""
    merged_into: dict[int, list[int]] = {}
    for pk, successor_id in Unit.objects.filter(successor__isnull=False).values_list("pk", "successor_id"):
        merged_into.setdefault(successor_id, []).append(pk)
    found, todo = set(), list(unit_ids)
    while todo:
        unit_id = todo.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        todo.extend(merged_into.get(unit_id, []))
    return found


def unit_ids_for_user(user) -> set[int] | None:
    """The ids of the units whose items `user` sees: None means every unit (central coordinator)."""
    if central_grant(user):
        return None
    cached = getattr(user, "_online_unit_ids", None)
    if cached is None:
        cached = _with_predecessors({g.unit_id for g in unit_grants(user)})
        user._online_unit_ids = cached
    return cached


def units_for_user(user):
    """The units whose items `user` sees (including merged predecessors), for filters."""
    ids = unit_ids_for_user(user)
    units = Unit.objects.order_by("kind", "name")
    if ids is None:
        return units
    return units.filter(pk__in=ids)


def upload_units_for_user(user):
    """The units `user` may import content into: today's units they coordinate (all for central)."""
    units = Unit.objects.valid_on().order_by("kind", "name")
    if central_grant(user):
        return units
    return units.filter(pk__in={g.unit_id for g in unit_grants(user)})


def can_see_unit(user, unit_id: int) -> bool:
    ids = unit_ids_for_user(user)
    if ids is None:
        return can_use_online(user)
    return unit_id in ids


def require_online(user, label: str = "online content") -> Grant:
    """Let coordinators through; log and refuse everyone else."""
    grant = online_grant(user)
    if grant is None:
        log_access(user, Action.REFUSED, object_type=OBJECT_TYPE, label=label)
        raise PermissionDenied
    return grant


def require_model_care(user, label: str = "classifier versions") -> Grant:
    grant = central_grant(user)
    if grant is None:
        log_access(user, Action.REFUSED, object_type="online.classifiermodel", label=label)
        raise PermissionDenied
    return grant


def items_for_user(user):
    """The items `user` may see, unlogged: callers showing content log it (see log_items_viewed)."""
    if not can_use_online(user):
        return OnlineItem.objects.none()
    items = OnlineItem.objects.select_related("unit")
    ids = unit_ids_for_user(user)
    if ids is None:
        return items
    return items.filter(unit_id__in=ids)


def log_items_viewed(user, items, label: str) -> None:
    """One access-log entry for a page of items whose text was shown (ids in the detail)."""
    ids = [str(item.pk) for item in items]
    if ids:
        log_access(user, Action.VIEW, object_type=OBJECT_TYPE, label=label, detail="items " + ",".join(ids))


def get_item_for_user(user, item_id: int, *, purpose: str = "view") -> OnlineItem:
    """One item to read ("view") or to review ("review"). 404 for an unknown id; 403 and a
    REFUSED entry for anyone who may not see it; every successful fetch is logged."""
    item = get_object_or_404(
        OnlineItem.objects.select_related("unit", "classifier", "content_import", "signal"), pk=item_id
    )
    grant = online_grant(user)
    if grant is None:
        log_access(user, Action.REFUSED, obj=item, detail=purpose)
        raise PermissionDenied
    if not can_see_unit(user, item.unit_id):
        log_access(user, Action.REFUSED, obj=item, detail=purpose)
        raise PermissionDenied
    log_access(user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=item, detail=purpose)
    return item


def get_import_for_user(user, import_id: int) -> ContentImport:
    run = get_object_or_404(ContentImport.objects.select_related("unit", "uploaded_by"), pk=import_id)
    if not can_use_online(user):
        log_access(user, Action.REFUSED, obj=run, detail="import")
        raise PermissionDenied
    if not can_see_unit(user, run.unit_id):
        log_access(user, Action.REFUSED, obj=run, detail="import")
        raise PermissionDenied
    log_access(user, Action.VIEW, obj=run, detail="import")
    return run


def imports_for_user(user):
    runs = ContentImport.objects.select_related("unit", "uploaded_by").defer("file")
    ids = unit_ids_for_user(user)
    if ids is None:
        return runs
    return runs.filter(unit_id__in=ids)
