"""Who may see the online module's insight pages, narratives and the shared summary.

- Insight, themes, triggers and narratives (coordinators' working views, exact counts, texts of
  items): the central coordinator for every unit, a unit coordinator for their own unit(s) and the
  units merged into it — the same rule as the module's access.py, which these helpers reuse.
  Everyone else is refused, and the refusal is logged.
- The shared summary (suppressed aggregates only, no texts or items): coordinators as above,
  managers for their own unit, partners for the whole city.

Views call these helpers; they never check roles themselves. Each rule is on its own line.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, log_access
from safecity.organisation.models import Role, Unit

from . import access as online_access
from .models import Narrative, NarrativeLink


def coordinator_grant(user) -> Grant | None:
    """The grant through which a person works with online content (central first); the module's rule."""
    return online_access.online_grant(user)


def insight_unit_ids(user) -> set[int] | None:
    """None: every unit; a set: these units (and units merged into them) only; empty: none at all."""
    if coordinator_grant(user) is None:
        return set()
    return online_access.unit_ids_for_user(user)


def can_use_insight(user) -> bool:
    return coordinator_grant(user) is not None


def require_insight(user, label: str) -> Grant:
    grant = coordinator_grant(user)
    if grant is None:
        log_access(user, Action.REFUSED, object_type="online.insight", label=label)
        raise PermissionDenied
    return grant


def insight_units(user):
    """The units whose items the user may analyse, for the filter's choices."""
    ids = insight_unit_ids(user)
    units = Unit.objects.valid_on().order_by("kind", "name")
    if ids is not None:
        units = Unit.objects.filter(pk__in=ids).order_by("name")
    return units


# --- the shared summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryScope:
    """The summary is shared: its counts are always suppressed, for coordinators too."""

    unit_ids: frozenset[int] | None  # None: the whole city
    grant: Grant


def can_see_summary(user) -> bool:
    """Managers and partners (the summary is their view of online hate; coordinators have more)."""
    return any(g.role in {Role.PARTNER, Role.MANAGER} for g in grants(user))


def summary_scope(user) -> SummaryScope:
    """What the shared summary shows to `user`; refused (logged) for everyone not listed above."""
    grant = coordinator_grant(user)
    if grant is not None:
        ids = insight_unit_ids(user)
        return SummaryScope(None if ids is None else frozenset(ids), grant)
    for grant in grants(user):
        if grant.role == Role.PARTNER:
            return SummaryScope(None, grant)
    managed = frozenset(g.unit_id for g in grants(user) if g.role == Role.MANAGER and g.unit_id)
    if managed:
        manager = next(g for g in grants(user) if g.role == Role.MANAGER)
        return SummaryScope(managed, manager)
    log_access(user, Action.REFUSED, object_type="online.summary", label="online summary")
    raise PermissionDenied


# --- narratives ---------------------------------------------------------------------------------------


def narratives_for_user(user):
    """The narratives the user may see (the query set; the list page logs nothing confidential)."""
    ids = insight_unit_ids(user)
    rows = Narrative.objects.select_related("unit")
    if not can_use_insight(user):
        return rows.none()
    if ids is not None:
        rows = rows.filter(unit_id__in=ids)
    return rows


def can_use_unit(user, unit_id: int) -> bool:
    ids = insight_unit_ids(user)
    if not can_use_insight(user):
        return False
    if ids is None:
        return True
    return unit_id in ids


def get_narrative_for_user(user, narrative_id: int, *, purpose: str = "view") -> Narrative:
    """A narrative to look at ("view") or change ("change"); 404, 403, and the view is logged."""
    narrative = get_object_or_404(Narrative.objects.select_related("unit"), pk=narrative_id)
    if not can_use_insight(user):
        log_access(user, Action.REFUSED, obj=narrative, detail=purpose)
        raise PermissionDenied
    if not can_use_unit(user, narrative.unit_id):
        log_access(user, Action.REFUSED, obj=narrative, detail=purpose)
        raise PermissionDenied
    if purpose == "view":
        log_access(user, Action.VIEW, obj=narrative, grant=coordinator_grant(user))
    return narrative


def get_link_for_user(user, link_id: int) -> NarrativeLink:
    """A suggested or confirmed link, to confirm or reject it (the narrative's rules apply)."""
    link = get_object_or_404(NarrativeLink.objects.select_related("narrative", "item"), pk=link_id)
    if not can_use_insight(user):
        log_access(user, Action.REFUSED, obj=link, detail="decide")
        raise PermissionDenied
    if not can_use_unit(user, link.narrative.unit_id):
        log_access(user, Action.REFUSED, obj=link, detail="decide")
        raise PermissionDenied
    return link
