"""Who may read, write, review and follow up which action plan. Every fetch is checked and logged.

Rules (PRODUCT.md "need to know", issue: action plans):
- a unit coordinator writes their own unit's plan while it is a draft or returned, and follows it up
  once approved; a manager reads it and takes it to the board;
- the central coordinator reads every plan, reviews, returns and approves;
- other units' coordinators, managers and employees read approved plans only;
- partners see only measures shared with partners, in approved plans of the units they work with;
- the overview and the status board are for the central coordinator and managers (read-only).
Each condition sits on its own line so the tests can reach every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, is_staff_member, log_access
from safecity.organisation.models import Role

from .models import Guideline, Measure, Plan, PlanTemplate, PublicationState

EDITABLE = {Plan.Status.DRAFT, Plan.Status.RETURNED}
REVIEWABLE = {Plan.Status.ADOPTED, Plan.Status.IN_REVIEW}
FOLLOWED_UP = {Plan.Status.APPROVED, Plan.Status.FOLLOW_UP}
READERS_OF_PUBLISHED = {Role.UNIT_COORDINATOR, Role.MANAGER, Role.EMPLOYEE, Role.INTAKE}


def _own_unit_grant(user, plan: Plan, *roles: str) -> Grant | None:
    for grant in grants(user):
        if grant.role in roles and grant.unit_id == plan.unit_id:
            return grant
    return None


def _central_grant(user) -> Grant | None:
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return grant
    return None


def read_grant(user, plan: Plan) -> Grant | None:
    """The grant through which `user` may read `plan`, or None."""
    central = _central_grant(user)
    if central:
        return central
    own = _own_unit_grant(user, plan, Role.UNIT_COORDINATOR, Role.MANAGER)
    if own:
        return own
    if not plan.is_published:
        return None
    for grant in grants(user):
        if grant.role in READERS_OF_PUBLISHED:
            return grant
    return None


def can_view_plan(user, plan: Plan) -> bool:
    return read_grant(user, plan) is not None


def can_edit_plan(user, plan: Plan) -> bool:
    if plan.status not in EDITABLE:
        return False
    return _own_unit_grant(user, plan, Role.UNIT_COORDINATOR) is not None


def can_take_to_board(user, plan: Plan) -> bool:
    """Send to the board and record its decision: the unit's coordinator or manager."""
    if plan.status not in {Plan.Status.DRAFT, Plan.Status.SENT_TO_BOARD}:
        return False
    return _own_unit_grant(user, plan, Role.UNIT_COORDINATOR, Role.MANAGER) is not None


def can_review(user, plan: Plan) -> bool:
    if plan.status not in REVIEWABLE:
        return False
    return _central_grant(user) is not None


def can_answer_review(user, plan: Plan) -> bool:
    if plan.status != Plan.Status.RETURNED:
        return False
    return _own_unit_grant(user, plan, Role.UNIT_COORDINATOR) is not None


def can_follow_up(user, plan: Plan) -> bool:
    if plan.status not in FOLLOWED_UP:
        return False
    return _own_unit_grant(user, plan, Role.UNIT_COORDINATOR) is not None


def can_see_overview(user) -> bool:
    return any(g.role in {Role.CENTRAL_COORDINATOR, Role.MANAGER} for g in grants(user))


def can_run_planning(user) -> bool:
    """Publish guidelines and the template, open a planning year, see the status board."""
    return _central_grant(user) is not None


def can_see_shared_measures(user) -> bool:
    return any(g.role == Role.PARTNER for g in grants(user))


def partner_unit_ids(user) -> set[int]:
    return {g.unit_id for g in grants(user) if g.role == Role.PARTNER and g.unit_id}


def plans_visible_to(user):
    """The plans a person may list: all for central, own unit's plus published ones for unit roles."""
    plans = Plan.objects.select_related("unit", "year")
    if _central_grant(user):
        return plans
    own_units = {
        g.unit_id for g in grants(user) if g.role in {Role.UNIT_COORDINATOR, Role.MANAGER} and g.unit_id
    }
    reads_published = any(g.role in READERS_OF_PUBLISHED for g in grants(user))
    from django.db.models import Q

    condition = Q(unit_id__in=own_units)
    if reads_published:
        condition |= Q(status__in=FOLLOWED_UP)
    return plans.filter(condition)


def can_list_plans(user) -> bool:
    """Someone who may read at least some plans: central, or a unit role that reads published ones."""
    if _central_grant(user):
        return True
    return any(g.role in READERS_OF_PUBLISHED for g in grants(user))


def get_plans_for_user(user, label: str = "action plans"):
    """The plans a person may list, as plans_visible_to; refused and logged for the others."""
    if not can_list_plans(user):
        log_access(user, Action.REFUSED, object_type="plans.plan", label=label)
        raise PermissionDenied
    log_access(user, Action.VIEW, object_type="plans.plan", label=label)
    return plans_visible_to(user)


def get_plan_for_user(user, plan_id: int, *, purpose: str = "view") -> Plan:
    """Fetch a plan for `purpose` (view, edit, board, review, answer, follow_up); 404, 403, logged."""
    related = ("unit", "year", "year__template", "year__guideline", "previous__year")
    plan = get_object_or_404(Plan.objects.select_related(*related), pk=plan_id)
    checks = {
        "view": can_view_plan,
        "edit": can_edit_plan,
        "board": can_take_to_board,
        "review": can_review,
        "answer": can_answer_review,
        "follow_up": can_follow_up,
    }
    allowed = checks[purpose](user, plan)
    if not allowed:
        log_access(user, Action.REFUSED, obj=plan, detail=purpose)
        raise PermissionDenied
    grant = read_grant(user, plan)
    log_access(
        user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=plan, grant=grant, detail=purpose
    )
    return plan


def get_measure_for_user(user, measure_id: int, *, purpose: str = "view") -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("plan", "plan__unit", "status"), pk=measure_id)
    plan = measure.plan
    if purpose == "view" and not can_view_plan(user, plan):
        log_access(user, Action.REFUSED, obj=measure, detail=purpose)
        raise PermissionDenied
    if purpose == "edit" and not can_edit_plan(user, plan):
        log_access(user, Action.REFUSED, obj=measure, detail=purpose)
        raise PermissionDenied
    log_access(user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=measure, detail=purpose)
    return measure


def shared_measures_for_user(user):
    """Measures shared with partners in approved plans of the partner's units."""
    if not can_see_shared_measures(user):
        log_access(user, Action.REFUSED, object_type="plans.measure", label="shared measures")
        raise PermissionDenied
    log_access(user, Action.VIEW, object_type="plans.measure", label="shared measures")
    return Measure.objects.filter(
        shared_with_partners=True, plan__status__in=FOLLOWED_UP, plan__unit_id__in=partner_unit_ids(user)
    ).select_related("plan", "plan__unit", "plan__year", "status")


def require_overview(user, label: str = "city overview") -> None:
    if not can_see_overview(user):
        log_access(user, Action.REFUSED, object_type="plans.plan", label=label)
        raise PermissionDenied
    log_access(user, Action.VIEW, object_type="plans.plan", label=label)


def require_planning(user, label: str = "planning") -> None:
    if not can_run_planning(user):
        log_access(user, Action.REFUSED, object_type="plans.plan", label=label)
        raise PermissionDenied


# --- guidelines and the plan template ------------------------------------------------------------------


def can_read_setup(user) -> bool:
    """Published guidelines and templates: every member of staff (not partners, not the public)."""
    return is_staff_member(user)


def require_setup_reader(user, label: str) -> None:
    if not can_read_setup(user):
        log_access(user, Action.REFUSED, object_type="plans.guideline", label=label)
        raise PermissionDenied


def _setup_object_for_user(user, model, object_id: int, purpose: str):
    obj = get_object_or_404(model, pk=object_id)
    if purpose == "edit" and not can_run_planning(user):
        log_access(user, Action.REFUSED, obj=obj, detail=purpose)
        raise PermissionDenied
    if obj.state == PublicationState.DRAFT and not can_run_planning(user):
        log_access(user, Action.REFUSED, obj=obj, detail="draft")
        raise PermissionDenied
    if not can_read_setup(user):
        log_access(user, Action.REFUSED, obj=obj, detail=purpose)
        raise PermissionDenied
    return obj


def get_guideline_for_user(user, guideline_id: int, *, purpose: str = "view") -> Guideline:
    """A version of the guidelines: published ones for staff, drafts and editing for the central coordinator."""
    return _setup_object_for_user(user, Guideline, guideline_id, purpose)


def get_template_for_user(user, template_id: int, *, purpose: str = "view") -> PlanTemplate:
    return _setup_object_for_user(user, PlanTemplate, template_id, purpose)


# --- the list of plans (views/plan.py) ------------------------------------------------------------------


def own_plan_unit_ids(user) -> set[int]:
    """The units whose plan the person writes or takes to the board."""
    return {g.unit_id for g in grants(user) if g.role in {Role.UNIT_COORDINATOR, Role.MANAGER} and g.unit_id}
