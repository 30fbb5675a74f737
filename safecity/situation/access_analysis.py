"""Who may see a unit's situational dashboard, and whether the figures they see are suppressed.

- the central coordinator: every unit, unsuppressed (their working view);
- a unit coordinator: their own unit, unsuppressed (their working view);
- a manager: their own unit, read-only and suppressed (PRODUCT.md rule 4: the figures leave the
  coordinators).
Everyone else is refused, and the refusal is logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import grants, log_access
from safecity.organisation.models import Role, Unit


@dataclass
class DashboardAccess:
    unit: Unit
    suppressed: bool
    is_coordinator: bool


def dashboard_units(user) -> list[int] | None:
    """The unit ids whose dashboard the user may see; None means every unit."""
    ids: list[int] = []
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return None
        if grant.role in {Role.UNIT_COORDINATOR, Role.MANAGER} and grant.unit_id:
            ids.append(grant.unit_id)
    return ids


def get_unit_dashboard_for_user(user, unit_id: int) -> DashboardAccess:
    unit = get_object_or_404(Unit, pk=unit_id)
    roles = grants(user)
    if any(g.role == Role.CENTRAL_COORDINATOR for g in roles):
        return DashboardAccess(unit, suppressed=False, is_coordinator=True)
    if any(g.role == Role.UNIT_COORDINATOR and g.unit_id == unit.pk for g in roles):
        return DashboardAccess(unit, suppressed=False, is_coordinator=True)
    if any(g.role == Role.MANAGER and g.unit_id == unit.pk for g in roles):
        return DashboardAccess(unit, suppressed=True, is_coordinator=False)
    log_access(user, Action.REFUSED, obj=unit, detail="situation dashboard")
    raise PermissionDenied
