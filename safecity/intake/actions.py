"""Every write to signals: one transaction each, the access log, events, e-mails with a link only.

Views fetch the signal through access.py first; each action checks the permission again (a refusal is
logged after the rollback, so it stays) and runs the personal-data guard on any free text it stores.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.notify import notify
from safecity.core.pii import explain, find_personal_data
from safecity.organisation.access import log_access
from safecity.organisation.models import Area, Role, RoleAssignment, Unit

from . import access, receipts, routing
from .geo import round_coordinate
from .models import InternalNote, Label, Message, Signal, SignalEvent, SignalPhoto, Source, Status
from .photos import CleanPhoto

Event = SignalEvent.Kind


class Refused(PermissionDenied):
    """Raised inside an action; written to the access log by @action after the rollback."""

    def __init__(self, signal, detail: str):
        super().__init__(detail)
        self.signal = signal
        self.detail = detail


def _require(allowed: bool, signal, detail: str) -> None:
    if not allowed:
        raise Refused(signal, detail)


def action(func):
    @functools.wraps(func)
    def wrapper(user, *args, **kwargs):
        try:
            with transaction.atomic():
                return func(user, *args, **kwargs)
        except Refused as refused:
            log_access(user, Action.REFUSED, obj=refused.signal, detail=refused.detail)
            raise

    return wrapper


def guard(text: str, field_name: str) -> None:
    """Refuse text that looks like personal data (the forms show where; this is the last line)."""
    if text and find_personal_data(text):
        raise ValidationError({field_name: explain(find_personal_data(text))})


# --- who to tell ---------------------------------------------------------------------------------------


def coordinators_of(unit: Unit):
    """The people who handle `unit`'s signals: its unit coordinators, or the central coordinators."""
    role = Role.CENTRAL_COORDINATOR if unit.kind == Unit.Kind.CENTRAL else Role.UNIT_COORDINATOR
    assignments = RoleAssignment.objects.active().filter(role=role)
    if role == Role.UNIT_COORDINATOR:
        assignments = assignments.filter(unit=unit)
    return get_user_model().objects.filter(role_assignments__in=assignments, is_active=True).distinct()


def assignable_people(signal: Signal):
    """Who a signal can be assigned to: its unit's coordinators and the central coordinators."""
    assignments = RoleAssignment.objects.active().filter(role=Role.CENTRAL_COORDINATOR) | (
        RoleAssignment.objects.active().filter(role=Role.UNIT_COORDINATOR, unit_id=signal.unit_id)
    )
    return (
        get_user_model()
        .objects.filter(role_assignments__in=assignments, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _link(signal: Signal) -> str:
    return reverse("intake:signal", args=[signal.pk])


def _event(signal: Signal, user, kind: str, **fields) -> SignalEvent:
    return SignalEvent.objects.create(
        signal=signal, by=user if getattr(user, "pk", None) else None, kind=kind, **fields
    )


# --- reporting ------------------------------------------------------------------------------------------


@dataclass
class Report:
    kind: str
    occurred_on: dt.date
    occurred_time: dt.time | None = None
    area: Area | None = None
    latitude: float | None = None
    longitude: float | None = None
    milieu: str = "unknown"
    description: str = ""
    photos: list[CleanPhoto] = field(default_factory=list)


@dataclass
class Submitted:
    signal: Signal
    receipt_code: str | None  # for a citizen: shown once, then forgotten


def do_submit_signal(user, report: Report) -> Submitted:
    """Save a signal with its photos (and a citizen's receipt) in one transaction, route it and tell
    the unit's coordinators by a link. `user` is None (or not staff) for a member of the public."""
    guard(report.description, "description")
    as_staff = user is not None and access.can_report_as_staff(user)
    source = Source.STAFF if as_staff else Source.CITIZEN
    with transaction.atomic():
        way = routing.route(kind=report.kind, source=source, area=report.area, occurred_on=report.occurred_on)
        signal = Signal(
            kind=report.kind,
            occurred_on=report.occurred_on,
            occurred_time=report.occurred_time,
            area=report.area,
            milieu=report.milieu,
            description=report.description,
            source=source,
            reporter=user if as_staff else None,
            unit=way.unit,
            district=way.district,
            routed_by=way.rule,
        )
        if report.latitude is not None and report.longitude is not None:
            signal.latitude = round_coordinate(report.latitude)
            signal.longitude = round_coordinate(report.longitude)
        signal.full_clean(exclude=["description"])
        signal.save()
        for position, photo in enumerate(report.photos):
            SignalPhoto.objects.create(
                signal=signal,
                data=photo.data,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
                size=len(photo.data),
                position=position,
            )
        code = None if as_staff else receipts.issue(signal)
        _event(
            signal,
            user if as_staff else None,
            Event.RECEIVED,
            to_unit=way.unit,
            to_value=way.rule.name if way.rule else "",
        )
        log_access(user if as_staff else None, Action.CREATE, obj=signal, detail=source)
        notify(coordinators_of(way.unit), _("A new signal"), _link(signal))
    return Submitted(signal, code)


# --- triage ---------------------------------------------------------------------------------------------


@action
def do_set_status(user, signal: Signal, status: str) -> Signal:
    _require(access.can_triage(user, signal), signal, "status")
    if status not in signal.next_statuses():
        raise ValidationError(
            {
                "status": _("A signal that is %(now)s cannot become %(next)s.")
                % {
                    "now": signal.get_status_display(),
                    "next": Status(status).label if status in Status.values else status,
                }
            }
        )
    old = signal.status
    signal.status = status
    signal.closed_at = timezone.now() if status == Status.CLOSED else None
    signal.save(update_fields=["status", "closed_at", "updated_at"])
    _event(signal, user, Event.STATUS, from_value=old, to_value=status)
    log_access(user, Action.CHANGE, obj=signal, detail=f"status {old} → {status}")
    return signal


@action
def do_assign(user, signal: Signal, person) -> Signal:
    _require(access.can_triage(user, signal), signal, "assign")
    if person is not None and not assignable_people(signal).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Only a coordinator of the signal's unit can be assigned.")})
    old = signal.assigned_to
    signal.assigned_to = person
    signal.save(update_fields=["assigned_to", "updated_at"])
    _event(
        signal,
        user,
        Event.ASSIGNED,
        from_value=old.get_username() if old else "",
        to_value=person.get_username() if person else "",
    )
    log_access(user, Action.CHANGE, obj=signal, detail="assigned")
    if person is not None and person.pk != user.pk:
        notify([person], _("A signal was assigned to you"), _link(signal))
    return signal


@action
def do_set_labels(user, signal: Signal, labels, new_label: str = "") -> Signal:
    _require(access.can_triage(user, signal), signal, "labels")
    labels = list(labels)
    new_label = (new_label or "").strip()
    if new_label:
        guard(new_label, "new_label")
        label, _created = Label.objects.get_or_create(name__iexact=new_label, defaults={"name": new_label})
        labels.append(label)
    before = sorted(signal.labels.values_list("name", flat=True))
    signal.labels.set(labels)
    after = sorted({label.name for label in labels})
    if before != after:
        _event(
            signal, user, Event.LABELS, from_value=", ".join(before)[:200], to_value=", ".join(after)[:200]
        )
        log_access(user, Action.CHANGE, obj=signal, detail="labels")
    return signal


@action
def do_add_note(user, signal: Signal, body: str) -> InternalNote:
    _require(access.can_triage(user, signal), signal, "note")
    guard(body, "body")
    note = InternalNote.objects.create(signal=signal, author=user, body=body)
    log_access(user, Action.CHANGE, obj=signal, detail="internal note")
    return note


def root_of(signal: Signal) -> Signal:
    seen = set()
    while signal.duplicate_of_id and signal.pk not in seen:
        seen.add(signal.pk)
        signal = signal.duplicate_of
    return signal


@action
def do_merge(user, signal: Signal, into: Signal) -> Signal:
    """Mark `signal` as a duplicate of `into` (both must be the user's to handle) and close it."""
    _require(access.can_triage(user, signal), signal, "merge")
    _require(access.can_triage(user, into), into, "merge into")
    target = root_of(into)
    if target.pk == signal.pk:
        raise ValidationError({"into": _("A signal cannot be merged into itself.")})
    if signal.duplicates.exists():
        raise ValidationError(
            {"into": _("Other signals are merged into this one; merge the other way round.")}
        )
    old = signal.status
    signal.duplicate_of = target
    signal.status = Status.CLOSED
    signal.closed_at = timezone.now()
    signal.save(update_fields=["duplicate_of", "status", "closed_at", "updated_at"])
    _event(signal, user, Event.MERGED, other=target, from_value=old, to_value=Status.CLOSED)
    _event(target, user, Event.MERGED_INTO, other=signal)
    log_access(user, Action.CHANGE, obj=signal, detail=f"merged into {target.reference}")
    return signal


@action
def do_forward(user, signal: Signal, unit: Unit, reason: str) -> Signal:
    """Send the signal to another unit's queue, with the reason; the new unit's coordinators are told."""
    _require(access.can_triage(user, signal), signal, "forward")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the signal goes to another unit.")})
    guard(reason, "reason")
    if unit.pk == signal.unit_id:
        raise ValidationError(
            {"unit": _("The signal is already with %(unit)s.") % {"unit": unit.display_name}}
        )
    if not unit.is_valid_on():
        raise ValidationError({"unit": _("%(unit)s no longer exists.") % {"unit": unit.display_name}})
    old = signal.unit
    signal.unit = unit
    signal.assigned_to = None
    signal.save(update_fields=["unit", "assigned_to", "updated_at"])
    _event(signal, user, Event.FORWARDED, from_unit=old, to_unit=unit, reason=reason)
    log_access(user, Action.CHANGE, obj=signal, detail=f"forwarded {old.code} → {unit.code}")
    notify(coordinators_of(unit), _("A signal was forwarded to your unit"), _link(signal))
    return signal


# --- messages -------------------------------------------------------------------------------------------


@action
def do_reply(user, signal: Signal, body: str) -> Message:
    """A coordinator's message to the person who reported."""
    _require(access.can_triage(user, signal), signal, "reply")
    _require(not signal.is_tombstoned, signal, "reply to deleted content")
    guard(body, "body")
    message = Message.objects.create(signal=signal, side=Message.Side.COORDINATOR, author=user, body=body)
    _event(signal, user, Event.REPLIED)
    log_access(user, Action.CHANGE, obj=signal, detail="reply")
    if signal.source == Source.STAFF and signal.reporter_id:
        notify([signal.reporter], _("An answer to your signal"), _link(signal))
    return message


@action
def do_reporter_message(user, signal: Signal, body: str) -> Message:
    """A member of staff writes to the coordinators about a signal they reported."""
    _require(access.is_reporter(user, signal), signal, "message")
    _require(not signal.is_tombstoned, signal, "message to deleted content")
    guard(body, "body")
    message = Message.objects.create(signal=signal, side=Message.Side.REPORTER, author=user, body=body)
    log_access(user, Action.CHANGE, obj=signal, detail="message (reporter)")
    _tell_handlers(signal)
    return message


def do_citizen_message(signal: Signal, body: str) -> Message:
    """A member of the public writes through their receipt (no account, nothing recorded about them)."""
    guard(body, "body")
    if signal.is_tombstoned:
        raise ValidationError({"body": _("This signal has been closed and its content deleted.")})
    with transaction.atomic():
        message = Message.objects.create(signal=signal, side=Message.Side.REPORTER, body=body)
        log_access(None, Action.CHANGE, obj=signal, detail="message (receipt code)")
        _tell_handlers(signal)
    return message


def _tell_handlers(signal: Signal) -> None:
    people = [signal.assigned_to] if signal.assigned_to_id else coordinators_of(signal.unit)
    notify(people, _("A new message about a signal"), _link(signal))


def assignable_people_for_units(unit_ids: set[int] | None):
    """Everyone who can hold signals of these units (None: all units), for the queue's filter."""
    unit_roles = RoleAssignment.objects.active().filter(role=Role.UNIT_COORDINATOR)
    if unit_ids is not None:
        unit_roles = unit_roles.filter(unit_id__in=unit_ids)
    assignments = RoleAssignment.objects.active().filter(role=Role.CENTRAL_COORDINATOR) | unit_roles
    return (
        get_user_model()
        .objects.filter(role_assignments__in=assignments, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
