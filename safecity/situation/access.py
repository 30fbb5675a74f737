"""Who may see and import the data behind the situational picture.

Public statistics and police events are not confidential, but importing, mapping columns and
following imports is coordinator work: unit coordinators and the central coordinator. Everyone
else is refused, and the refusal is logged. Looking at public figures is not logged (it is not
confidential and would drown the log); every import and mapping change is (actions.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, log_access
from safecity.organisation.models import Role

from .models import Dataset, ImportRun

COORDINATOR_ROLES = {Role.CENTRAL_COORDINATOR, Role.UNIT_COORDINATOR}


def coordinator_grant(user) -> Grant | None:
    """The grant through which a person works with the situational picture (central first)."""
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return grant
    for grant in grants(user):
        if grant.role == Role.UNIT_COORDINATOR:
            return grant
    return None


def can_use_situation(user) -> bool:
    return coordinator_grant(user) is not None


def can_import(user) -> bool:
    return coordinator_grant(user) is not None


def require_situation(user, label: str = "situational picture") -> Grant:
    grant = coordinator_grant(user)
    if grant is None:
        log_access(user, Action.REFUSED, object_type="situation.dataset", label=label)
        raise PermissionDenied
    return grant


def require_import(user, label: str = "import") -> Grant:
    if not can_import(user):
        log_access(user, Action.REFUSED, object_type="situation.importrun", label=label)
        raise PermissionDenied
    return coordinator_grant(user)


def get_dataset_for_user(user, dataset_id: int, *, purpose: str = "view") -> Dataset:
    """A data source to look at ("view") or to change its column mapping ("map"); 404, 403, logged."""
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    if not can_use_situation(user):
        log_access(user, Action.REFUSED, obj=dataset, detail=purpose)
        raise PermissionDenied
    if purpose == "map" and dataset.is_police_events:
        log_access(user, Action.REFUSED, obj=dataset, detail=purpose)
        raise PermissionDenied
    return dataset


def get_import_for_user(user, import_id: int) -> ImportRun:
    run = get_object_or_404(ImportRun.objects.select_related("dataset", "created_by", "job"), pk=import_id)
    if not can_use_situation(user):
        log_access(user, Action.REFUSED, obj=run, label=run.file_name, detail="import")
        raise PermissionDenied
    return run
