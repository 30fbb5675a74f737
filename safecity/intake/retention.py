"""Retention (PRODUCT.md rule 5): content is kept for a set time per record type, the people responsible
are warned first, a legal hold stops it, and a tombstone keeps what the statistics need.

| record type   | clock starts                          | what goes                                   |
|---------------|---------------------------------------|---------------------------------------------|
| closed_signal | the signal was closed                 | description, photos, messages, notes,       |
|               |                                       | receipt, reasons, labels, exact time/place  |
| messages      | closed, or the last message if later  | the messages with the person who reported   |
| notice_note   | the notice's last entry               | the note on a concern notice                |

A tombstoned signal keeps kind, milieu, area, district, unit, source, status and the month it
happened (the day becomes the 1st), so every count in stats.py stays the same.

Nothing is deleted without a warning: the signal's coordinators (for notes: the unit's intake
officers) get an e-mail with a link `warning_days` before the due date, once per record and due date,
and content goes no sooner than `warning_days` after that warning. Running `apply_retention` twice
is harmless: a second run finds nothing new to warn about or delete. Each deletion runs in its own
transaction and is written to the access log (action "delete", no content).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.notify import notify
from safecity.organisation.access import log_access
from safecity.organisation.models import Role, RoleAssignment, Unit

from . import access
from .actions import Refused, coordinators_of, guard
from .models import (
    ConcernNotice,
    InternalNote,
    LegalHold,
    Message,
    Receipt,
    RecordType,
    RetentionPolicy,
    RetentionWarning,
    Signal,
    SignalEvent,
    SignalPhoto,
    Status,
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day where it is shorter."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _latest_start(policy: RetentionPolicy, today: dt.date) -> dt.datetime:
    """Clocks that started before this moment may be due within the warning time (a loose bound; the
    exact due date is worked out per record)."""
    horizon = today + dt.timedelta(days=policy.warning_days)
    return _start_of(add_months(horizon, -policy.months) + dt.timedelta(days=4))


# --- what is held ----------------------------------------------------------------------------------------


def _held_signal():
    return Exists(LegalHold.objects.filter(signal=OuterRef("pk"), released_at__isnull=True))


def _held_notice():
    return Exists(LegalHold.objects.filter(notice=OuterRef("pk"), released_at__isnull=True))


def active_hold(record) -> LegalHold | None:
    holds = LegalHold.objects.filter(released_at__isnull=True)
    if isinstance(record, Signal):
        return holds.filter(signal=record).select_related("set_by").first()
    return holds.filter(notice=record).select_related("set_by").first()


# --- due dates -------------------------------------------------------------------------------------------


def signal_due_on(signal: Signal, policy: RetentionPolicy | None = None) -> dt.date | None:
    """When a signal's content is due for deletion (None while it is open or already deleted)."""
    if signal.status != Status.CLOSED or signal.closed_at is None or signal.tombstoned_at is not None:
        return None
    policy = policy or RetentionPolicy.for_type(RecordType.CLOSED_SIGNAL)
    return add_months(_local_day(signal.closed_at), policy.months)


def messages_due_on(
    closed_at: dt.datetime | None, last_message_at: dt.datetime | None, policy: RetentionPolicy
) -> dt.date | None:
    if closed_at is None or last_message_at is None:
        return None
    return add_months(_local_day(max(closed_at, last_message_at)), policy.months)


def note_due_on(notice: ConcernNotice, policy: RetentionPolicy | None = None) -> dt.date | None:
    if not notice.note:
        return None
    policy = policy or RetentionPolicy.for_type(RecordType.NOTICE_NOTE)
    return add_months(_local_day(notice.last_entry_at), policy.months)


@dataclass(frozen=True)
class Due:
    record_type: str
    pk: int
    unit_id: int
    due_on: dt.date


def _due_signals(policy: RetentionPolicy, today: dt.date):
    rows = (
        Signal.objects.filter(status=Status.CLOSED, tombstoned_at__isnull=True, closed_at__isnull=False)
        .filter(closed_at__lt=_latest_start(policy, today))
        .exclude(_held_signal())
        .order_by("pk")
        .values_list("pk", "unit_id", "closed_at")
    )
    for pk, unit_id, closed_at in rows.iterator(chunk_size=1000):
        yield Due(policy.record_type, pk, unit_id, add_months(_local_day(closed_at), policy.months))


def _due_messages(policy: RetentionPolicy, today: dt.date):
    rows = (
        Signal.objects.filter(status=Status.CLOSED, tombstoned_at__isnull=True, closed_at__isnull=False)
        .filter(closed_at__lt=_latest_start(policy, today))
        .exclude(_held_signal())
        .annotate(last_message_at=Max("messages__created_at"))
        .filter(last_message_at__isnull=False, last_message_at__lt=_latest_start(policy, today))
        .order_by("pk")
        .values_list("pk", "unit_id", "closed_at", "last_message_at")
    )
    for pk, unit_id, closed_at, last_message_at in rows.iterator(chunk_size=1000):
        yield Due(policy.record_type, pk, unit_id, messages_due_on(closed_at, last_message_at, policy))


def _due_notes(policy: RetentionPolicy, today: dt.date):
    rows = (
        ConcernNotice.objects.exclude(note="")
        .filter(last_entry_at__lt=_latest_start(policy, today))
        .exclude(_held_notice())
        .order_by("pk")
        .values_list("pk", "unit_id", "last_entry_at")
    )
    for pk, unit_id, last_entry_at in rows.iterator(chunk_size=1000):
        yield Due(policy.record_type, pk, unit_id, add_months(_local_day(last_entry_at), policy.months))


FINDERS = {
    RecordType.CLOSED_SIGNAL: _due_signals,
    RecordType.MESSAGES: _due_messages,
    RecordType.NOTICE_NOTE: _due_notes,
}


# --- warnings --------------------------------------------------------------------------------------------


def intake_officers_of(unit_id: int):
    assignments = RoleAssignment.objects.active().filter(role=Role.INTAKE, unit_id=unit_id)
    return get_user_model().objects.filter(role_assignments__in=assignments, is_active=True).distinct()


def _warn(due: Due, existing: RetentionWarning | None) -> bool:
    """Record the warning and e-mail it; False when a run at the same time got there first."""
    key = "notice" if due.record_type == RecordType.NOTICE_NOTE else "signal"
    if existing is None:
        try:
            with transaction.atomic():
                RetentionWarning.objects.create(
                    record_type=due.record_type, due_on=due.due_on, **{f"{key}_id": due.pk}
                )
        except IntegrityError:
            return False
    else:
        updated = RetentionWarning.objects.filter(pk=existing.pk, due_on=existing.due_on).update(
            due_on=due.due_on, sent_at=timezone.now()
        )
        if not updated:
            return False
    with translation.override(settings.LANGUAGE_CODE):
        if key == "notice":
            people = intake_officers_of(due.unit_id)
            subject = _("The note on a concern notice will be deleted")
            link = reverse("intake:notice_edit", args=[due.pk])
        else:
            people = coordinators_of(Unit.objects.get(pk=due.unit_id))
            subject = (
                _("Messages about a signal will be deleted")
                if due.record_type == RecordType.MESSAGES
                else _("The content of a signal will be deleted")
            )
            link = reverse("intake:signal", args=[due.pk])
        notify(people, subject, link)
    return True


# --- deleting --------------------------------------------------------------------------------------------


def tombstone_signal(signal_id: int) -> bool:
    """Delete a closed signal's content and keep its statistics; False if it is no longer due (reopened,
    held or already done)."""
    with transaction.atomic():
        signal = (
            Signal.objects.select_for_update()
            .filter(pk=signal_id, status=Status.CLOSED, tombstoned_at__isnull=True)
            .exclude(_held_signal())
            .first()
        )
        if signal is None:
            return False
        SignalPhoto.objects.filter(signal=signal).delete()
        Message.objects.filter(signal=signal).delete()
        InternalNote.objects.filter(signal=signal).delete()
        Receipt.objects.filter(signal=signal).delete()
        signal.labels.clear()
        SignalEvent.objects.filter(signal=signal).update(reason="")
        SignalEvent.objects.filter(signal=signal, kind=SignalEvent.Kind.LABELS).update(
            from_value="", to_value=""
        )
        signal.description = ""
        signal.occurred_on = signal.occurred_on.replace(day=1)
        signal.occurred_time = None
        signal.latitude = None
        signal.longitude = None
        signal.reporter = None
        signal.assigned_to = None
        signal.tombstoned_at = timezone.now()
        signal.save(
            update_fields=[
                "description",
                "occurred_on",
                "occurred_time",
                "latitude",
                "longitude",
                "reporter",
                "assigned_to",
                "tombstoned_at",
                "updated_at",
            ]
        )
        RetentionWarning.objects.filter(signal=signal).delete()
        log_access(None, Action.DELETE, obj=signal, detail="retention: content deleted, statistics kept")
    return True


def delete_messages(signal_id: int, policy: RetentionPolicy, today: dt.date) -> bool:
    with transaction.atomic():
        # Lock the row first; PostgreSQL refuses FOR UPDATE together with the aggregate's GROUP BY.
        signal = (
            Signal.objects.select_for_update()
            .filter(pk=signal_id, status=Status.CLOSED, tombstoned_at__isnull=True)
            .exclude(_held_signal())
            .first()
        )
        if signal is None:
            return False
        last_message_at = Message.objects.filter(signal=signal).aggregate(last=Max("created_at"))["last"]
        due = messages_due_on(signal.closed_at, last_message_at, policy)
        if due is None or due > today:
            return False
        count, _by_model = Message.objects.filter(signal=signal).delete()
        RetentionWarning.objects.filter(signal=signal, record_type=RecordType.MESSAGES).delete()
        log_access(None, Action.DELETE, obj=signal, detail=f"retention: {count} messages deleted")
    return True


def delete_note(notice_id: int, policy: RetentionPolicy, today: dt.date) -> bool:
    with transaction.atomic():
        notice = (
            ConcernNotice.objects.select_for_update().filter(pk=notice_id).exclude(_held_notice()).first()
        )
        if notice is None or not notice.note:
            return False
        due = note_due_on(notice, policy)
        if due is None or due > today:
            return False
        notice.note = ""
        notice.note_deleted_at = timezone.now()
        notice.save(update_fields=["note", "note_deleted_at"])
        RetentionWarning.objects.filter(notice=notice).delete()
        log_access(None, Action.DELETE, obj=notice, detail="retention: note deleted")
    return True


def _delete(due: Due, policy: RetentionPolicy, today: dt.date) -> bool:
    if due.record_type == RecordType.CLOSED_SIGNAL:
        signal = Signal.objects.filter(pk=due.pk).only("closed_at", "status", "tombstoned_at").first()
        if signal is None or signal_due_on(signal, policy) != due.due_on:
            return False
        return tombstone_signal(due.pk)
    if due.record_type == RecordType.MESSAGES:
        return delete_messages(due.pk, policy, today)
    return delete_note(due.pk, policy, today)


# --- the run ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    warned: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"warned": self.warned, "deleted": self.deleted, "waiting": self.waiting, "held": self.held}


def apply_retention(today: dt.date | None = None, *, dry_run: bool = False) -> Outcome:
    """Warn about content coming due and delete what is due and was warned about long enough ago."""
    today = today or timezone.localdate()
    outcome = Outcome()
    for record_type, finder in FINDERS.items():
        policy = RetentionPolicy.for_type(record_type)
        key = "notice_id" if record_type == RecordType.NOTICE_NOTE else "signal_id"
        warnings = {getattr(w, key): w for w in RetentionWarning.objects.filter(record_type=record_type)}
        warned = deleted = waiting = 0
        for due in list(finder(policy, today)):
            if due.due_on > today + dt.timedelta(days=policy.warning_days):
                continue
            warning = warnings.get(due.pk)
            if warning is None or warning.due_on != due.due_on:
                if dry_run or _warn(due, warning):
                    warned += 1
                continue
            warned_on = _local_day(warning.sent_at)
            if due.due_on > today or warned_on + dt.timedelta(days=policy.warning_days) > today:
                waiting += 1
                continue
            if dry_run or _delete(due, policy, today):
                deleted += 1
        holds = LegalHold.objects.filter(released_at__isnull=True)
        held = (
            holds.filter(notice__isnull=False) if key == "notice_id" else holds.filter(signal__isnull=False)
        )
        outcome.warned[record_type] = warned
        outcome.deleted[record_type] = deleted
        outcome.waiting[record_type] = waiting
        outcome.held[record_type] = held.count()
    return outcome


# --- legal holds -----------------------------------------------------------------------------------------


def can_hold(user, record) -> bool:
    """Signals: their coordinators (the unit's, the central). Notices: the unit's intake officers, the
    only people who see single notices."""
    if isinstance(record, Signal):
        return access.can_triage(user, record)
    return access.intake_grant_for(user, record) is not None


def _hold_action(func):
    @functools.wraps(func)
    def wrapper(user, record, *args, **kwargs):
        try:
            with transaction.atomic():
                return func(user, record, *args, **kwargs)
        except Refused as refused:
            log_access(user, Action.REFUSED, obj=record, detail=refused.detail)
            raise

    return wrapper


def _record_filter(record) -> dict:
    return {"signal": record} if isinstance(record, Signal) else {"notice": record}


@_hold_action
def do_set_legal_hold(user, record, reason: str) -> LegalHold:
    """Keep a signal or notice whatever its retention says, until the hold is released."""
    if not can_hold(user, record):
        raise Refused(record, "legal hold")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record must be kept.")})
    guard(reason, "reason")
    if isinstance(record, Signal) and record.is_tombstoned:
        raise ValidationError({"reason": _("The content of this signal has already been deleted.")})
    if LegalHold.objects.filter(released_at__isnull=True, **_record_filter(record)).exists():
        raise ValidationError({"reason": _("There is already a legal hold on this record.")})
    hold = LegalHold.objects.create(set_by=user, reason=reason, **_record_filter(record))
    log_access(user, Action.CHANGE, obj=record, detail="legal hold set")
    return hold


@_hold_action
def do_release_legal_hold(user, record) -> LegalHold:
    """End the hold. Retention starts over with a fresh warning before anything is deleted."""
    if not can_hold(user, record):
        raise Refused(record, "release legal hold")
    hold = (
        LegalHold.objects.select_for_update()
        .filter(released_at__isnull=True, **_record_filter(record))
        .first()
    )
    if hold is None:
        raise ValidationError({"reason": _("There is no legal hold on this record.")})
    hold.released_at = timezone.now()
    hold.released_by = user
    hold.save(update_fields=["released_at", "released_by"])
    RetentionWarning.objects.filter(**_record_filter(record)).delete()
    log_access(user, Action.CHANGE, obj=record, detail="legal hold released")
    return hold
