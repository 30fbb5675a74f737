"""Who may see coverage, register sessions, import, edit the e-learning and take it.

- the central coordinator: coverage of every unit, sessions and imports for any unit, targets and
  the e-learning questions;
- a unit coordinator: coverage, sessions and imports for their own unit(s);
- every staff member: takes the e-learning.
Refusals are logged. Each condition on its own line so the tests reach every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, is_staff_member, log_access
from safecity.organisation.models import Role, Unit

OBJECT_TYPE = "competence.coverage"


def _central_grant(user) -> Grant | None:
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return grant
    return None


def coordinated_unit_ids(user) -> set[int]:
    return {g.unit_id for g in grants(user) if g.role == Role.UNIT_COORDINATOR and g.unit_id}


def can_use_competence(user) -> bool:
    if _central_grant(user):
        return True
    return bool(coordinated_unit_ids(user))


def can_edit_quizzes(user) -> bool:
    return _central_grant(user) is not None


def can_take_quiz(user) -> bool:
    return is_staff_member(user)


def units_for(user):
    """The units whose coverage and sessions `user` works with (all for the central coordinator)."""
    units = Unit.objects.valid_on().exclude(kind=Unit.Kind.CENTRAL)
    if _central_grant(user):
        return units
    return units.filter(pk__in=coordinated_unit_ids(user))


def can_register_for(user, unit: Unit) -> bool:
    if _central_grant(user):
        return True
    return unit.pk in coordinated_unit_ids(user)


def require_competence(user, what: str) -> None:
    """Let central and unit coordinators through; log and refuse everyone else."""
    if not can_use_competence(user):
        log_access(user, Action.REFUSED, object_type=OBJECT_TYPE, label=what)
        raise PermissionDenied


def require_quiz_editor(user) -> None:
    if not can_edit_quizzes(user):
        log_access(user, Action.REFUSED, object_type="competence.quiz", label="quiz editor")
        raise PermissionDenied


def require_quiz_taker(user) -> None:
    if not can_take_quiz(user):
        log_access(user, Action.REFUSED, object_type="competence.quiz", label="e-learning")
        raise PermissionDenied


def get_coverage_for_user(user, *, export: bool = False):
    """The units whose coverage `user` may see; the view is logged (an export as an export)."""
    require_competence(user, "coverage")
    log_access(user, Action.EXPORT if export else Action.VIEW, object_type=OBJECT_TYPE, label="coverage")
    return list(units_for(user))
