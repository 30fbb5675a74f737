"""Who may see and handle which signal. Every fetch is checked here and written to the access log.

Rules (PRODUCT.md rule 3, need to know):
- the central coordinator sees and handles every signal;
- a unit coordinator sees and handles the signals of their own unit (routed or forwarded to it);
- a member of staff sees the signals they reported themselves: status and messages, not the triage;
- a citizen sees their own signal through the receipt code (status and messages);
- nobody else sees signals: managers, intake officers, partners, the data protection officer and
  administrators see none (aggregates reach them through stats.py, with suppression).
Each condition sits on its own line so the tests reach every branch.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import Grant, grants, is_staff_member, log_access
from safecity.organisation.models import Role

from .models import ConcernNotice, Signal, SignalPhoto, Source

OBJECT_TYPE = "intake.signal"


def central_grant(user) -> Grant | None:
    for grant in grants(user):
        if grant.role == Role.CENTRAL_COORDINATOR:
            return grant
    return None


def coordinator_grant(user, signal: Signal) -> Grant | None:
    """The grant through which `user` handles `signal` as a coordinator, or None."""
    central = central_grant(user)
    if central:
        return central
    for grant in grants(user):
        if grant.role == Role.UNIT_COORDINATOR and grant.unit_id == signal.unit_id:
            return grant
    return None


def is_reporter(user, signal: Signal) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if signal.source != Source.STAFF:
        return False
    return signal.reporter_id == user.pk


def can_triage(user, signal: Signal) -> bool:
    return coordinator_grant(user, signal) is not None


def can_view_signal(user, signal: Signal) -> bool:
    if can_triage(user, signal):
        return True
    return is_reporter(user, signal)


def can_report_as_staff(user) -> bool:
    """Staff report under their own account; anyone else reports as a member of the public."""
    return is_staff_member(user)


def queue_unit_ids(user) -> set[int] | None:
    """The units whose queue the person works: None for every unit (central), a set otherwise."""
    if central_grant(user):
        return None
    return {g.unit_id for g in grants(user) if g.role == Role.UNIT_COORDINATOR and g.unit_id}


def can_use_queue(user) -> bool:
    ids = queue_unit_ids(user)
    return ids is None or bool(ids)


@dataclass(frozen=True)
class SignalAccess:
    signal: Signal
    grant: Grant | None
    as_coordinator: bool


def _refuse(user, signal: Signal | None, detail: str, label: str = ""):
    if signal is not None:
        log_access(user, Action.REFUSED, obj=signal, detail=detail)
    else:
        log_access(user, Action.REFUSED, object_type=OBJECT_TYPE, label=label, detail=detail)
    raise PermissionDenied


def get_signal_for_user(user, signal_id: int, *, purpose: str = "view") -> SignalAccess:
    """A signal for `purpose`: "view" (coordinators and the staff reporter), "message" (the same) or
    "triage" (coordinators only). 404 for an unknown id, 403 and a REFUSED entry otherwise."""
    signal = get_object_or_404(
        Signal.objects.select_related("area", "unit", "district", "assigned_to", "reporter", "duplicate_of"),
        pk=signal_id,
    )
    grant = coordinator_grant(user, signal)
    if purpose == "triage" and grant is None:
        _refuse(user, signal, purpose)
    if grant is None and not is_reporter(user, signal):
        _refuse(user, signal, purpose)
    as_coordinator = grant is not None
    action = Action.VIEW if purpose == "view" else Action.CHANGE
    log_access(
        user, action, obj=signal, grant=grant, detail=purpose if as_coordinator else f"{purpose} (reporter)"
    )
    return SignalAccess(signal, grant, as_coordinator)


def get_photo_for_user(user, signal_id: int, photo_id: int) -> SignalPhoto:
    """A photo of a signal: for its coordinators and the staff member who sent it. Logged."""
    photo = get_object_or_404(SignalPhoto.objects.select_related("signal"), pk=photo_id, signal_id=signal_id)
    signal = photo.signal
    grant = coordinator_grant(user, signal)
    if grant is None and not is_reporter(user, signal):
        _refuse(user, signal, "photo")
    log_access(user, Action.VIEW, obj=signal, grant=grant, detail=f"photo {photo.pk}")
    return photo


def signals_visible_to(user):
    """The signals in the person's queue (not their own reports)."""
    signals = Signal.objects.select_related("area", "unit", "assigned_to")
    ids = queue_unit_ids(user)
    if ids is None:
        return signals
    return signals.filter(unit_id__in=ids)


def get_queue_for_user(user, filters: str = ""):
    if not can_use_queue(user):
        _refuse(user, None, "queue", label="signal queue")
    log_access(user, Action.VIEW, object_type=OBJECT_TYPE, label="signal queue", detail=filters)
    return signals_visible_to(user)


def get_own_signals_for_user(user):
    """The signals a member of staff reported themselves."""
    if not can_report_as_staff(user):
        _refuse(user, None, "own signals", label="own signals")
    log_access(user, Action.VIEW, object_type=OBJECT_TYPE, label="own signals")
    return Signal.objects.filter(source=Source.STAFF, reporter=user).select_related("area", "unit")


def get_signal_for_receipt(request) -> Signal | None:
    """The signal whose receipt code the visitor entered in this session; every look is logged."""
    from .models import Receipt

    receipt_id = request.session.get(RECEIPT_SESSION_KEY)
    if not receipt_id:
        return None
    receipt = Receipt.objects.select_related("signal", "signal__area").filter(pk=receipt_id).first()
    if receipt is None:
        request.session.pop(RECEIPT_SESSION_KEY, None)
        return None
    log_access(None, Action.VIEW, obj=receipt.signal, detail="receipt code")
    return receipt.signal


RECEIPT_SESSION_KEY = "intake_receipt"


# --- concern notices ------------------------------------------------------------------------------------
# Social services secrecy (OSL 26:1) applies between the city's own boards: a single notice is for the
# intake officers of its unit only. Coordinators of the unit and the central coordinator see counts, with
# small numbers suppressed (stats.suppressed_notice_counts); nobody else sees anything of them.

NOTICE_TYPE = "intake.concernnotice"


def intake_grants(user) -> list[Grant]:
    return [g for g in grants(user) if g.role == Role.INTAKE and g.unit_id]


def can_record_notices(user) -> bool:
    return bool(intake_grants(user))


def intake_grant_for(user, notice) -> Grant | None:
    for grant in intake_grants(user):
        if grant.unit_id == notice.unit_id:
            return grant
    return None


def _refuse_notice(user, notice, detail: str, label: str = ""):
    if notice is not None:
        log_access(user, Action.REFUSED, obj=notice, detail=detail)
    else:
        log_access(user, Action.REFUSED, object_type=NOTICE_TYPE, label=label, detail=detail)
    raise PermissionDenied


def get_notices_for_user(user, filters: str = ""):
    """The notices of the units where the person works in social services intake."""
    if not can_record_notices(user):
        _refuse_notice(user, None, "list", label="concern notices")
    log_access(user, Action.VIEW, object_type=NOTICE_TYPE, label="concern notices", detail=filters)
    unit_ids = {g.unit_id for g in intake_grants(user)}
    return ConcernNotice.objects.filter(unit_id__in=unit_ids).select_related("unit")


def require_notice_recording(user) -> None:
    """Before the form for a new notice is shown or saved."""
    if not can_record_notices(user):
        _refuse_notice(user, None, "record", label="new concern notice")


def get_notice_for_user(user, notice_id: int, *, purpose: str = "view"):
    """One notice, for its unit's intake officers only ("view" or "edit"); 404, or 403 and logged."""
    notice = get_object_or_404(ConcernNotice.objects.select_related("unit"), pk=notice_id)
    grant = intake_grant_for(user, notice)
    if grant is None:
        _refuse_notice(user, notice, purpose)
    log_access(
        user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=notice, grant=grant, detail=purpose
    )
    return notice


def notice_count_grant(user) -> Grant | None:
    """The grant through which a person sees counts of notices: central first, then the unit roles."""
    central = central_grant(user)
    if central:
        return central
    for grant in grants(user):
        if grant.role in (Role.UNIT_COORDINATOR, Role.INTAKE) and grant.unit_id:
            return grant
    return None


def notice_count_unit_ids(user) -> set[int] | None:
    """Whose counts the person sees: None for every unit (central), their own units otherwise."""
    if central_grant(user):
        return None
    return {g.unit_id for g in grants(user) if g.role in (Role.UNIT_COORDINATOR, Role.INTAKE) and g.unit_id}


def can_see_notice_counts(user) -> bool:
    ids = notice_count_unit_ids(user)
    return ids is None or bool(ids)


def check_notice_counts_for_user(user, unit=None, detail: str = "") -> None:
    """Counts of notices (all units for the central coordinator, else own units); logged, 403 otherwise."""
    ids = notice_count_unit_ids(user)
    if ids is not None and (not ids or unit is None or unit.pk not in ids):
        _refuse_notice(
            user, None, f"counts {getattr(unit, 'code', '')}".strip(), label="concern notice counts"
        )
    log_access(
        user,
        Action.VIEW,
        object_type=NOTICE_TYPE,
        label="concern notice counts",
        grant=notice_count_grant(user),
        detail=detail,
    )
