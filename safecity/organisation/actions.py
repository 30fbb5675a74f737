"""Every write to the organisation, people and roles: one transaction and an audit entry each.

Each action checks the permission before it looks anything up, so that someone without it learns
nothing from the answer, not even whether a code or a user name exists. The check runs before the
transaction starts, so the refusal stays in the access log when the transaction is rolled back.
The administrators' lists of people and roles are checked and logged here too.
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from safecity.core.access_log import Action, diff, snapshot

from .access import can_administer, log_access
from .models import Function, Role, RoleAssignment, Unit

UNIT_FIELDS = ["name", "name_en", "kind", "valid_from", "valid_to"]
PERSON_FIELDS = ["username", "first_name", "last_name", "email"]


class Conflict(Exception):
    """The object exists already (the API answers 409)."""


def _require_admin(user, object_type: str = "organisation", label: str = "administration") -> None:
    if not can_administer(user):
        log_access(user, Action.REFUSED, object_type=object_type, label=label)
        raise PermissionDenied


def _administration(action):
    """An administrator's write: the permission is checked (and a refusal logged), then one transaction."""
    atomic_action = transaction.atomic(action)

    @functools.wraps(action)
    def checked(user, *args, **kwargs):
        _require_admin(user)
        return atomic_action(user, *args, **kwargs)

    return checked


def get_people_for_user(user):
    _require_admin(user, "accounts.user", "people")
    log_access(user, Action.VIEW, object_type="accounts.user", label="people list")
    return get_user_model().objects.order_by("username")


def get_role_assignments_for_user(user):
    _require_admin(user, "organisation.roleassignment", "role assignments")
    log_access(user, Action.VIEW, object_type="organisation.roleassignment", label="role assignments list")
    return RoleAssignment.objects.select_related("user", "unit", "function").order_by(
        "user__username", "role", F("unit__name").asc(nulls_first=True)
    )


@_administration
def do_create_unit(user, city, code: str, **fields) -> Unit:
    if Unit.objects.filter(city=city, code=code).exists():
        raise Conflict(f"A unit with code '{code}' exists already.")
    unit = Unit(city=city, code=code, **fields)
    unit.full_clean()
    unit.save()
    log_access(user, Action.CREATE, obj=unit, changes=diff(unit, {}, ["code", *UNIT_FIELDS]))
    return unit


@_administration
def do_update_unit(user, code: str, **fields) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save(update_fields=list(fields))
    log_access(user, Action.CHANGE, obj=unit, changes=diff(unit, before, UNIT_FIELDS))
    return unit


@_administration
def do_create_function(user, city, code: str, name: str, name_en: str = "") -> Function:
    if Function.objects.filter(city=city, code=code).exists():
        raise Conflict(f"A function with code '{code}' exists already.")
    function = Function(city=city, code=code, name=name, name_en=name_en)
    function.full_clean()
    function.save()
    log_access(user, Action.CREATE, obj=function)
    return function


@_administration
def do_create_person(user, username: str, first_name: str = "", last_name: str = "", email: str = ""):
    model = get_user_model()
    username = model.normalize_username(username)
    if model.objects.filter(username=username).exists():
        raise Conflict(f"The user name '{username}' is taken.")
    person = model(username=username, first_name=first_name, last_name=last_name)
    person.email = model.objects.normalize_email(email)
    person.set_unusable_password()
    person.full_clean()
    person.save()
    log_access(user, Action.CREATE, obj=person, label=username, changes=diff(person, {}, PERSON_FIELDS))
    return person


def _assignment_target(username: str, unit_code: str | None, function_code: str | None):
    person = get_object_or_404(get_user_model(), username=username)
    unit = get_object_or_404(Unit, code=unit_code) if unit_code else None
    function = get_object_or_404(Function, code=function_code) if function_code else None
    return person, unit, function


@_administration
def do_assign_role(
    user, username: str, role: str, unit_code: str | None = None, function_code: str | None = None
) -> RoleAssignment:
    person, unit, function = _assignment_target(username, unit_code, function_code)
    if RoleAssignment.objects.filter(user=person, role=role, unit=unit).exists():
        raise Conflict("The person has this role in this unit already.")
    if person.pk == user.pk:
        raise ValidationError(_("Nobody gives themselves a role; ask another administrator."))
    assignment = RoleAssignment(user=person, role=role, unit=unit, function=function)
    assignment.full_clean()
    assignment.save()
    log_access(user, Action.CREATE, obj=assignment, label=f"{person.username}: {assignment}")
    return assignment


@_administration
def do_remove_role(user, assignment_id: int) -> None:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "unit"), pk=assignment_id)
    if assignment.role == Role.ADMINISTRATOR:
        others = RoleAssignment.objects.active().filter(role=Role.ADMINISTRATOR).exclude(pk=assignment.pk)
        if not others.filter(user__is_active=True).exists():
            raise ValidationError(_("This is the last administrator; give someone else the role first."))
    log_access(user, Action.DELETE, obj=assignment, label=f"{assignment.user.username}: {assignment}")
    assignment.delete()
