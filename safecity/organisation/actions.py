"""Every write to the organisation, people and roles: one transaction and an audit entry each."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from safecity.core.access_log import Action, diff, snapshot

from .access import can_administer, log_access
from .models import Function, RoleAssignment, Unit

UNIT_FIELDS = ["name", "name_en", "kind", "valid_from", "valid_to"]


def _require_admin(user) -> None:
    if not can_administer(user):
        log_access(user, Action.REFUSED, object_type="organisation", label="administration")
        raise PermissionDenied


@transaction.atomic
def do_create_unit(user, city, **fields) -> Unit:
    _require_admin(user)
    unit = Unit.objects.create(city=city, **fields)
    log_access(user, Action.CREATE, obj=unit, changes={k: str(v) for k, v in fields.items()})
    return unit


@transaction.atomic
def do_update_unit(user, unit: Unit, **fields) -> Unit:
    _require_admin(user)
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save(update_fields=list(fields) or None)
    log_access(user, Action.CHANGE, obj=unit, changes=diff(unit, before, UNIT_FIELDS))
    return unit


@transaction.atomic
def do_create_function(user, city, code: str, name: str, name_en: str = "") -> Function:
    _require_admin(user)
    function = Function.objects.create(city=city, code=code, name=name, name_en=name_en)
    log_access(user, Action.CREATE, obj=function)
    return function


@transaction.atomic
def do_create_person(user, username: str, first_name: str, last_name: str, email: str):
    _require_admin(user)
    person = get_user_model().objects.create_user(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    log_access(user, Action.CREATE, obj=person, label=username)
    return person


@transaction.atomic
def do_assign_role(
    user, person, role: str, unit: Unit | None, function: Function | None = None
) -> RoleAssignment:
    _require_admin(user)
    assignment = RoleAssignment(user=person, role=role, unit=unit, function=function)
    assignment.full_clean()
    assignment.save()
    log_access(user, Action.CREATE, obj=assignment, label=f"{person.username}: {assignment}")
    return assignment


@transaction.atomic
def do_remove_role(user, assignment: RoleAssignment) -> None:
    _require_admin(user)
    log_access(user, Action.DELETE, obj=assignment, label=f"{assignment.user.username}: {assignment}")
    assignment.delete()
