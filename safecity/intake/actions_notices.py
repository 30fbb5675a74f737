"""Writes to concern notices: one transaction each, the personal-data guard, the access log.

Only the intake officers of the notice's unit write (access.intake_grant_for); a refusal is logged
after the rollback, as for signals (actions.action).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.organisation.access import log_access
from safecity.organisation.models import Unit

from . import access
from .actions import Refused, guard
from .models import ConcernNotice, Decision

FIELDS = ["received_on", "unit", "age_band", "sector", "milieu", "decision", "decided_on", "note"]


@dataclass
class NoticeData:
    received_on: dt.date
    unit: Unit
    sector: str
    age_band: str = "unknown"
    milieu: str = "unknown"
    decision: str = Decision.PENDING
    decided_on: dt.date | None = None
    note: str = ""


def action(func):
    """One transaction; a refusal is written to the access log after the rollback, so it stays."""

    @functools.wraps(func)
    def wrapper(user, *args, **kwargs):
        try:
            with transaction.atomic():
                return func(user, *args, **kwargs)
        except Refused as refused:
            if refused.signal is not None:
                log_access(user, Action.REFUSED, obj=refused.signal, detail=refused.detail)
            else:
                log_access(
                    user,
                    Action.REFUSED,
                    object_type=access.NOTICE_TYPE,
                    label="concern notice",
                    detail=refused.detail,
                )
            raise

    return wrapper


def _check(user, notice: ConcernNotice, data: NoticeData, detail: str) -> None:
    # Refused carries the object in its `signal` attribute (shared with the signal actions).
    if access.intake_grant_for(user, notice) is None:
        raise Refused(notice if notice.pk else None, detail)
    if not any(g.unit_id == data.unit.pk for g in access.intake_grants(user)):
        raise Refused(notice if notice.pk else None, f"{detail} for {data.unit.code}")
    guard(data.note, "note")
    today = timezone.localdate()
    errors = {}
    if data.received_on > today:
        errors["received_on"] = _("The date received cannot be in the future.")
    if data.decision == Decision.PENDING and data.decided_on is not None:
        errors["decided_on"] = _("A notice without a decision has no decision date. Choose the decision.")
    if data.decision != Decision.PENDING and data.decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    if data.decided_on is not None and data.decided_on > today:
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if data.decided_on is not None and data.decided_on < data.received_on:
        errors["decided_on"] = _("The decision cannot come before the notice was received.")
    if errors:
        raise ValidationError(errors)


def _fill(notice: ConcernNotice, data: NoticeData) -> None:
    for name in FIELDS:
        setattr(notice, name, getattr(data, name))
    notice.note = (data.note or "").strip()
    notice.last_entry_at = timezone.now()


@action
def do_record_notice(user, data: NoticeData) -> ConcernNotice:
    """A new notice in one of the person's intake units."""
    notice = ConcernNotice(unit=data.unit, recorded_by=user)
    _check(user, notice, data, "record")
    _fill(notice, data)
    notice.full_clean(exclude=["note", "recorded_by"])
    notice.save()
    log_access(user, Action.CREATE, obj=notice, grant=access.intake_grant_for(user, notice))
    return notice


@action
def do_update_notice(user, notice: ConcernNotice, data: NoticeData) -> ConcernNotice:
    """Correct a notice or record its decision; the audit entry names the fields, never their values."""
    _check(user, notice, data, "edit")
    before = {name: getattr(notice, name) for name in FIELDS}
    _fill(notice, data)
    changed = [name for name in FIELDS if getattr(notice, name) != before[name]]
    if not changed:
        return notice
    notice.full_clean(exclude=["note", "recorded_by"])
    notice.save(update_fields=[*changed, "last_entry_at"])
    log_access(
        user,
        Action.CHANGE,
        obj=notice,
        grant=access.intake_grant_for(user, notice),
        detail="changed: " + ", ".join(changed),
    )
    return notice
