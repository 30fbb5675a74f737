"""Who reads which guide, and who writes them. Every refusal is logged.

Rules (issue 5, "Guidance"):
- published public guides are for everyone, without logging in;
- published staff guides are for every member of staff (not partners, who read the public ones);
- drafts, older versions and every change are the central coordinator's alone;
- a guide past its review date is flagged to the central coordinator.
Each condition sits on its own line so the tests can reach every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, is_staff_member, log_access
from safecity.organisation.models import City, Role

from .models import Audience, Guide, Situation


def _central_grant(user) -> Grant | None:
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return grant
    return None


def can_edit_guidance(user) -> bool:
    """Write, publish and see every version: the central coordinator only."""
    return _central_grant(user) is not None


def can_read_staff_guides(user) -> bool:
    return is_staff_member(user)


def audience_for(user) -> str:
    """The version a logged-in person reads: staff for staff roles, public for everyone else."""
    return Audience.STAFF if can_read_staff_guides(user) else Audience.PUBLIC


def current_guide(situation: Situation, audience: str) -> Guide | None:
    """The newest published version for the situation and audience (None: nothing published)."""
    return (
        Guide.objects.published().filter(situation=situation, audience=audience).order_by("-version").first()
    )


def current_guides(city: City | None) -> dict[tuple[int, str], Guide]:
    """The current guide of every situation and audience of the city, in one query."""
    if city is None:
        return {}
    guides = (
        Guide.objects.published()
        .filter(situation__city=city)
        .select_related("situation")
        .order_by("situation__position", "situation__title", "audience", "-version")
    )
    current: dict[tuple[int, str], Guide] = {}
    for guide in guides:
        current.setdefault((guide.situation_id, guide.audience), guide)
    return current


def situations_with_guides(city: City | None, audience: str) -> list[tuple[Situation, Guide]]:
    """The situations with a published guide for `audience` (staff fall back to public), in order."""
    current = current_guides(city)
    shown: dict[int, Guide] = {}
    for (situation_id, guide_audience), guide in current.items():
        if guide_audience == audience:
            shown[situation_id] = guide
        elif audience == Audience.STAFF:
            shown.setdefault(situation_id, guide)
    ordered = sorted(shown.values(), key=lambda g: (g.situation.position, g.situation.title))
    return [(g.situation, g) for g in ordered]


def get_reader_guide(user, city: City | None, code: str) -> Guide:
    """The current guide of a situation for `user` (anonymous: the public one); 404 if none is published."""
    situation = get_object_or_404(Situation, city=city, code=code)
    audience = audience_for(user)
    guide = current_guide(situation, audience)
    if guide is None and audience == Audience.STAFF:
        guide = current_guide(situation, Audience.PUBLIC)
    if guide is None:
        raise Http404
    return guide


def require_editor(user, label: str = "guidance") -> None:
    if not can_edit_guidance(user):
        log_access(user, Action.REFUSED, object_type="guidance.guide", label=label)
        raise PermissionDenied


def get_guide_version_for_user(user, guide_id: int, *, purpose: str = "view") -> Guide:
    """Any version by its id (drafts, older versions): the central coordinator only; refusals logged."""
    guide = get_object_or_404(Guide.objects.select_related("situation", "published_by"), pk=guide_id)
    if not can_edit_guidance(user):
        log_access(user, Action.REFUSED, obj=guide, detail=purpose)
        raise PermissionDenied
    return guide


def overdue_guides(city: City | None) -> list[Guide]:
    """Current guides past their review date, for the central coordinator's attention."""
    return [guide for guide in current_guides(city).values() if guide.review_overdue]
