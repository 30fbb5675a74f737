"""Who may compose and publish the city's profile, and who may see which good practice.

Rules (issue 8):
- the central coordinator composes, previews and publishes the profile and decides on proposals;
- a unit coordinator proposes measures of their own unit's plans as good practice, and sees,
  edits, resubmits and withdraws their unit's proposals;
- everyone on the staff with a role (not partners) searches the APPROVED good practices;
- the public reads only what was published (views.public_*), never through these helpers.
Each condition sits on its own line so the tests reach every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import grants, is_staff_member, log_access
from safecity.organisation.models import Role
from safecity.plans.access import FOLLOWED_UP
from safecity.plans.models import Measure

from .models import GoodPractice, Profile, ProfileVersion

EDITABLE_STATES = {GoodPractice.State.PROPOSED, GoodPractice.State.RETURNED}


def is_central(user) -> bool:
    return any(g.role == Role.CENTRAL_COORDINATOR for g in grants(user))


def coordinated_unit_ids(user) -> set[int]:
    return {g.unit_id for g in grants(user) if g.role == Role.UNIT_COORDINATOR and g.unit_id}


def can_compose_profile(user) -> bool:
    return is_central(user)


def can_search_good_practice(user) -> bool:
    return is_staff_member(user)


def can_propose_good_practice(user) -> bool:
    return bool(coordinated_unit_ids(user))


def can_propose_measure(user, measure: Measure) -> bool:
    if measure.plan.status not in FOLLOWED_UP:
        return False
    return measure.plan.unit_id in coordinated_unit_ids(user)


def can_view_practice(user, practice: GoodPractice) -> bool:
    if practice.state == GoodPractice.State.APPROVED and can_search_good_practice(user):
        return True
    if is_central(user):
        return True
    return practice.unit_id in coordinated_unit_ids(user)


def can_edit_practice(user, practice: GoodPractice) -> bool:
    if practice.state not in EDITABLE_STATES:
        return False
    return practice.unit_id in coordinated_unit_ids(user)


def can_decide_practice(user, practice: GoodPractice) -> bool:
    if practice.state != GoodPractice.State.PROPOSED:
        return False
    return is_central(user)


def _refuse(user, label: str, obj=None, detail: str = ""):
    if obj is not None:
        log_access(user, Action.REFUSED, obj=obj, detail=detail)
    else:
        log_access(user, Action.REFUSED, object_type="network.profile", label=label, detail=detail)
    raise PermissionDenied


def get_profile_for_user(user, city, *, purpose: str = "compose") -> Profile:
    """The city's working profile (created empty on first use) for the central coordinator."""
    if not can_compose_profile(user):
        _refuse(user, "profile", detail=purpose)
    profile, _created = Profile.objects.get_or_create(city=city)
    log_access(user, Action.VIEW, obj=profile, detail=purpose)
    return profile


def get_version_for_user(user, city, number: int) -> ProfileVersion:
    profile = get_profile_for_user(user, city, purpose="versions")
    return get_object_or_404(ProfileVersion, profile=profile, number=number)


def get_measure_to_propose(user, measure_id: int) -> Measure:
    measure = get_object_or_404(
        Measure.objects.select_related("plan", "plan__unit", "plan__year"), pk=measure_id
    )
    if not can_propose_measure(user, measure):
        _refuse(user, "measure", obj=measure, detail="propose good practice")
    log_access(user, Action.VIEW, obj=measure, detail="propose good practice")
    return measure


def measures_to_propose(user):
    """Measures of approved plans of the units the person coordinates."""
    if not can_propose_good_practice(user):
        _refuse(user, "measures to propose")
    return (
        Measure.objects.filter(plan__status__in=FOLLOWED_UP, plan__unit_id__in=coordinated_unit_ids(user))
        .select_related("plan", "plan__unit", "plan__year", "status")
        .prefetch_related("themes")
        .order_by("-plan__year__year", "plan__unit__name", "position", "pk")
    )


def get_good_practice_for_user(user, practice_id: int, *, purpose: str = "view") -> GoodPractice:
    """Fetch a good practice for `purpose` (view, edit, decide); 404, 403, logged."""
    practice = get_object_or_404(
        GoodPractice.objects.select_related("unit", "measure", "measure__plan"), pk=practice_id
    )
    checks = {"view": can_view_practice, "edit": can_edit_practice, "decide": can_decide_practice}
    if not checks[purpose](user, practice):
        _refuse(user, "good practice", obj=practice, detail=purpose)
    log_access(user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=practice, detail=purpose)
    return practice


def get_good_practices_for_user(user):
    """Approved practices for every staff member; plus proposals of own units (coordinators) or all (central)."""
    if not can_search_good_practice(user):
        _refuse(user, "good practice library")
    log_access(user, Action.VIEW, object_type="network.goodpractice", label="good practice library")
    return GoodPractice.objects.filter(state=GoodPractice.State.APPROVED)


def get_proposals_for_user(user):
    """Proposals not yet approved that the person may follow: all for central, own units' for coordinators."""
    if not can_search_good_practice(user):
        _refuse(user, "good practice proposals")
    pending = GoodPractice.objects.exclude(state=GoodPractice.State.APPROVED).select_related("unit")
    if is_central(user):
        return pending.exclude(state=GoodPractice.State.WITHDRAWN)
    return pending.filter(unit_id__in=coordinated_unit_ids(user))
