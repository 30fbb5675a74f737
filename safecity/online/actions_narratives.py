"""Every write about narratives: create, edit (status changes kept in the log with their reason),
matching settings, counter-messages, confirming and rejecting suggestions, and the suggestion job.

Each action checks the permission through access_insight.py, runs in one transaction and writes the
access log (the audit trail: changed fields as [old, new]); a refusal is logged after the rollback.
"""

from __future__ import annotations

from django.utils import timezone

from safecity.core.access_log import Action, diff, snapshot
from safecity.core.actions import Refused, transactional_action
from safecity.core.jobs import start_job
from safecity.organisation.access import log_access

from . import access_insight as access
from . import similarity
from .models import CounterMessage, Narrative, NarrativeLink

NARRATIVE_FIELDS = ["unit", "title", "claim", "keywords", "first_seen", "where", "status"]


action = transactional_action("online.narrative")


def _require_unit(user, unit, obj, detail: str) -> None:
    if unit is None or not access.can_use_unit(user, unit.pk):
        raise Refused(obj, detail)


@action
def do_create_narrative(user, *, tactics=(), **fields) -> Narrative:
    _require_unit(user, fields.get("unit"), None, "new narrative")
    narrative = Narrative(created_by=user, **fields)
    narrative.full_clean(exclude=["created_by"])
    narrative.save()
    narrative.tactics.set(tactics)
    log_access(
        user,
        Action.CREATE,
        obj=narrative,
        changes={"status": [None, narrative.status]},
        grant=access.coordinator_grant(user),
    )
    return narrative


@action
def do_update_narrative(
    user, narrative: Narrative, *, tactics=None, status_reason: str = "", **fields
) -> Narrative:
    """Change a narrative; a status change (forwards or back) is logged with its reason."""
    _require_unit(user, narrative.unit, narrative, "change")
    _require_unit(user, fields.get("unit", narrative.unit), narrative, "move to unit")
    before = snapshot(narrative, NARRATIVE_FIELDS)
    before_tactics = sorted(str(t) for t in narrative.tactics.all())
    for name, value in fields.items():
        setattr(narrative, name, value)
    narrative.full_clean(exclude=["created_by"])
    narrative.save()
    changes = diff(narrative, before, NARRATIVE_FIELDS)
    if tactics is not None:
        narrative.tactics.set(tactics)
        after_tactics = sorted(str(t) for t in narrative.tactics.all())
        if after_tactics != before_tactics:
            changes["tactics"] = [", ".join(before_tactics), ", ".join(after_tactics)]
    if changes:
        detail = f"status: {status_reason}" if "status" in changes and status_reason else ""
        log_access(user, Action.CHANGE, obj=narrative, changes=changes, detail=detail)
    return narrative


@action
def do_set_matching(
    user, narrative: Narrative, *, similarity_threshold: float, window_days: int
) -> Narrative:
    _require_unit(user, narrative.unit, narrative, "matching")
    before = snapshot(narrative, ["similarity_threshold", "window_days"])
    narrative.similarity_threshold = similarity_threshold
    narrative.window_days = window_days
    narrative.full_clean(exclude=["created_by"])
    narrative.save(update_fields=["similarity_threshold", "window_days", "updated_at"])
    changes = diff(narrative, before, ["similarity_threshold", "window_days"])
    if changes:
        log_access(user, Action.CHANGE, obj=narrative, changes=changes, detail="matching")
    return narrative


@action
def do_add_counter_message(user, narrative: Narrative, **fields) -> CounterMessage:
    _require_unit(user, narrative.unit, narrative, "counter-message")
    message = CounterMessage(narrative=narrative, created_by=user, **fields)
    message.full_clean(exclude=["created_by"])
    message.save()
    log_access(user, Action.CREATE, obj=message, label=f"{narrative}: {message.get_kind_display()}")
    return message


def _decide(user, link: NarrativeLink, state: str) -> NarrativeLink:
    _require_unit(user, link.narrative.unit, link, state)
    before = link.state
    link.state = state
    link.decided_by = user
    link.decided_at = timezone.now()
    link.save(update_fields=["state", "decided_by", "decided_at"])
    log_access(user, Action.CHANGE, obj=link, changes={"state": [before, state]})
    return link


@action
def do_confirm_link(user, link: NarrativeLink) -> NarrativeLink:
    return _decide(user, link, NarrativeLink.State.CONFIRMED)


@action
def do_reject_link(user, link: NarrativeLink) -> NarrativeLink:
    return _decide(user, link, NarrativeLink.State.REJECTED)


@action
def do_start_suggestions(user, narrative: Narrative):
    """Look for similar items in a background job; the person follows it on the job page."""
    _require_unit(user, narrative.unit, narrative, "suggest")
    job = start_job(
        user,
        "online.suggest",
        f"Suggestions: {narrative.title}",
        similarity.suggest_for_narrative_job,
        narrative.pk,
        unit=narrative.unit,
    )
    log_access(user, Action.CHANGE, obj=narrative, detail="suggest")
    return job
