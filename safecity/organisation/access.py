"""Every permission decision about the organisation, people and roles, and every logged fetch.

Views and the API call these helpers; they never check roles themselves. Each rule is written out
on its own line so the matrix test in tests/test_access_matrix.py covers every branch.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst

from safecity.core.access_log import Action
from safecity.core.access_log import log_access as _write_log

from .models import CITY_WIDE_ROLES, PRIVILEGED_ROLES, Role, RoleAssignment, Unit

STAFF_ROLES = frozenset(Role) - {Role.PARTNER}


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int | None


def grants(user) -> list[Grant]:
    """The user's active role assignments, cached on the user object for one request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_safecity_grants", None)
    if cached is None:
        cached = [Grant(a.role, a.unit_id) for a in RoleAssignment.objects.active().filter(user=user)]
        user._safecity_grants = cached
    return cached


def roles(user) -> set[str]:
    return {g.role for g in grants(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def unit_ids_for(user, *wanted: str) -> set[int]:
    return {g.unit_id for g in grants(user) if g.role in wanted and g.unit_id is not None}


def home_unit(user) -> Unit | None:
    """The unit a person works in (the first unit-bound assignment), for the log and contacts."""
    for grant in grants(user):
        if grant.unit_id is not None:
            return Unit.objects.filter(pk=grant.unit_id).first()
    return None


def needs_second_factor(user) -> bool:
    if user.is_superuser:
        return True
    return has_role(user, *PRIVILEGED_ROLES)


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def can_view_internal_directory(user) -> bool:
    return is_staff_member(user)


def can_view_access_log(user) -> bool:
    return has_role(user, Role.DPO)


def can_administer(user) -> bool:
    if user.is_superuser:
        return True
    return has_role(user, Role.ADMINISTRATOR)


def can_use_api(user) -> bool:
    return bool(grants(user)) or user.is_superuser


def _unit_grant_for_people(user, unit: Unit) -> Grant | None:
    """Which grant lets `user` see the people of `unit` (None: no access)."""
    for grant in grants(user):
        if grant.role in CITY_WIDE_ROLES and grant.role != Role.DPO:
            return grant
        if grant.role in {Role.UNIT_COORDINATOR, Role.MANAGER} and grant.unit_id == unit.pk:
            return grant
    return None


def can_view_unit_people(user, unit: Unit) -> bool:
    return _unit_grant_for_people(user, unit) is not None


def get_unit_people_for_user(user, unit_code: str):
    """The people and role assignments of one unit: personal data, so checked and logged."""
    unit = get_object_or_404(Unit, code=unit_code)
    grant = _unit_grant_for_people(user, unit)
    if grant is None:
        log_access(
            user, Action.REFUSED, obj=unit, object_type="organisation.unitpeople", detail="unit people"
        )
        raise PermissionDenied
    log_access(user, Action.VIEW, obj=unit, object_type="organisation.unitpeople", grant=grant)
    assignments = (
        RoleAssignment.objects.active()
        .filter(unit=unit)
        .select_related("user", "function")
        .order_by("role", "user__last_name", "user__first_name")
    )
    return unit, assignments


def get_internal_directory_for_user(user):
    if not can_view_internal_directory(user):
        log_access(user, Action.REFUSED, object_type="organisation.directory", label="internal directory")
        raise PermissionDenied
    log_access(user, Action.VIEW, object_type="organisation.directory", label="internal directory")
    return Unit.objects.valid_on().select_related("city").prefetch_related("contacts", "populations")


def _grant_unit(grant: Grant | None) -> Unit | None:
    return Unit.objects.filter(pk=grant.unit_id).first() if grant and grant.unit_id else None


def log_access(user, action: str, *, grant: Grant | None = None, **fields):
    """Write the access log, naming the role and unit through which the user acted."""
    grant = grant or primary_grant(user)
    fields.setdefault("role", grant.role if grant else "")
    fields.setdefault("unit", _grant_unit(grant))
    return _write_log(user, action, **fields)


def primary_grant(user) -> Grant | None:
    """The grant shown as "your role": city-wide roles first, then unit roles."""
    order = list(Role)
    ranked = sorted(grants(user), key=lambda g: order.index(Role(g.role)))
    return ranked[0] if ranked else None


def units_with_people_access(user) -> list[Unit]:
    """Units whose people a unit coordinator or manager may see (their own units)."""
    ids = unit_ids_for(user, Role.UNIT_COORDINATOR, Role.MANAGER)
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def role_label(grant: Grant) -> str:
    label = capfirst(str(Role(grant.role).label))
    if grant.unit_id:
        unit = Unit.objects.filter(pk=grant.unit_id).first()
        if unit:
            return f"{label}, {unit.display_name}"
    return label
