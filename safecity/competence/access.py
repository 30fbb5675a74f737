"""Who may see coverage, register sessions, import, edit the e-learning and take it.

- the central coordinator: coverage of every unit, sessions and imports for any unit, targets and
  the e-learning questions;
- a unit coordinator: coverage, sessions and imports for their own unit(s);
- every staff member: takes the e-learning;
- the central coordinator alone: programmes and coverage targets;
- a unit coordinator of the plan's unit (and the central coordinator): links a plan's measures to
  programmes and sees their reach; the plan itself is always fetched through plans/access.py.
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


def can_manage_programmes(user) -> bool:
    """Programmes and coverage targets: the central coordinator."""
    return _central_grant(user) is not None


def require_programme_manager(user, what: str) -> None:
    if not can_manage_programmes(user):
        log_access(user, Action.REFUSED, object_type="competence.programme", label=what)
        raise PermissionDenied


def get_target_for_user(user, target_id: int):
    from django.shortcuts import get_object_or_404

    from .models import CoverageTarget

    require_programme_manager(user, "coverage target")
    return get_object_or_404(CoverageTarget.objects.select_related("function", "programme"), pk=target_id)


def get_programme_for_user(user, programme_id: int):
    from django.shortcuts import get_object_or_404

    from .models import Programme

    require_programme_manager(user, "programme")
    return get_object_or_404(Programme, pk=programme_id)


def can_link_for_plan(user, plan) -> bool:
    """Link measures to programmes and see their reach: the plan's unit coordinator or central."""
    if _central_grant(user):
        return True
    return plan.unit_id in coordinated_unit_ids(user)


def _require_plan_competence(user, plan, obj, purpose: str) -> None:
    if not can_link_for_plan(user, plan):
        log_access(user, Action.REFUSED, obj=obj, detail=purpose)
        raise PermissionDenied


def get_measure_for_linking(user, measure_id: int):
    """A measure whose programmes `user` may set: plans decides who reads it, then the unit check."""
    from safecity.plans import access as plans_access

    require_competence(user, "measure programmes")
    measure = plans_access.get_measure_for_user(user, measure_id, purpose="view")
    _require_plan_competence(user, measure.plan, measure, "programmes")
    return measure


def get_plan_for_reach(user, plan_id: int):
    """A plan whose training reach `user` may see: plans decides who reads it, then the unit check."""
    from safecity.plans import access as plans_access

    require_competence(user, "training reach")
    plan = plans_access.get_plan_for_user(user, plan_id, purpose="view")
    _require_plan_competence(user, plan, plan, "training reach")
    return plan
