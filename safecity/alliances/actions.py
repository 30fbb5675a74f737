"""Every write to partners and meetings, and the agreement reminders.

Each action checks the permission through access.py, runs in one transaction and writes the access
log; a refusal is logged after the rollback so it stays. E-mails carry a link only.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.notify import notify
from safecity.organisation.access import log_access
from safecity.organisation.models import Role, RoleAssignment

from . import access
from .models import Agreement, MeasurePartner, Meeting, Partner

REMINDER_DAYS = (60, 30)


class Refused(PermissionDenied):
    def __init__(self, detail: str, obj=None):
        super().__init__(detail)
        self.detail = detail
        self.obj = obj


def action(func):
    @functools.wraps(func)
    def wrapper(user, *args, **kwargs):
        try:
            with transaction.atomic():
                return func(user, *args, **kwargs)
        except Refused as refused:
            if refused.obj is not None:
                log_access(user, Action.REFUSED, obj=refused.obj, detail=refused.detail)
            else:
                log_access(user, Action.REFUSED, object_type="alliances.partner", label=refused.detail)
            raise

    return wrapper


@action
def do_save_partner(user, form) -> Partner:
    """Create or edit a partner from a bound, valid PartnerForm; a coordinator keeps one of their units on it."""
    partner = form.instance
    if partner.pk and not access.can_edit_partner(user, Partner.objects.get(pk=partner.pk)):
        raise Refused("edit partner", partner)
    if not partner.pk and not access.can_create_partner(user):
        raise Refused("create partner")
    units = form.cleaned_data["units"]
    if not access.is_central(user) and not any(u.pk in access.editable_unit_ids(user) for u in units):
        raise Refused("partner without own unit", partner if partner.pk else None)
    created = partner.pk is None
    partner = form.save()
    log_access(user, Action.CREATE if created else Action.CHANGE, obj=partner)
    return partner


@action
def do_record_meeting(user, form) -> Meeting:
    """Record a meeting or joint activity; coordinators for their own units, the central coordinator for all."""
    units = form.cleaned_data["units"]
    if not access.is_central(user):
        own = access.editable_unit_ids(user)
        if not own or any(u.pk not in own for u in units):
            raise Refused("record meeting")
    meeting = form.save(commit=False)
    meeting.created_by = user
    meeting.save()
    form.save_m2m()
    log_access(user, Action.CREATE, obj=meeting)
    return meeting


@action
def do_edit_meeting(user, form) -> Meeting:
    """Change a meeting: who may change it (access.can_edit_meeting) before and after the change."""
    meeting = form.instance
    if not access.can_edit_meeting(user, Meeting.objects.get(pk=meeting.pk)):
        raise Refused("edit meeting", meeting)
    units = form.cleaned_data["units"]
    if not access.is_central(user) and any(u.pk not in access.editable_unit_ids(user) for u in units):
        raise Refused("edit meeting", meeting)
    meeting = form.save()
    log_access(user, Action.CHANGE, obj=meeting)
    return meeting


@action
def do_delete_meeting(user, meeting: Meeting) -> None:
    if not access.can_edit_meeting(user, meeting):
        raise Refused("delete meeting", meeting)
    log_access(user, Action.DELETE, obj=meeting)
    meeting.delete()


@action
def do_save_agreement(user, form) -> Agreement:
    """Create or change an agreement from a bound, valid AgreementForm; the responsible unit must be the
    person's own (central: any). A new end date means new reminders."""
    agreement = form.instance
    if agreement.pk and not access.can_edit_agreement(user, Agreement.objects.get(pk=agreement.pk)):
        raise Refused("edit agreement", agreement)
    if not access.can_edit_agreement(user, agreement):
        raise Refused("agreement for another unit", agreement if agreement.pk else None)
    created = agreement.pk is None
    if not created and "valid_to" in form.changed_data:
        agreement.reminded_60_at = None
        agreement.reminded_30_at = None
    agreement = form.save()
    log_access(user, Action.CREATE if created else Action.CHANGE, obj=agreement)
    return agreement


@action
def do_end_agreement(user, agreement: Agreement, day: dt.date) -> Agreement:
    """End an agreement on `day` (its last valid day); no reminders are sent for it afterwards."""
    if not access.can_edit_agreement(user, agreement):
        raise Refused("end agreement", agreement)
    agreement.valid_to = day
    now = timezone.now()
    agreement.reminded_60_at = agreement.reminded_60_at or now
    agreement.reminded_30_at = agreement.reminded_30_at or now
    agreement.full_clean()
    agreement.save(update_fields=["valid_to", "reminded_60_at", "reminded_30_at"])
    log_access(user, Action.CHANGE, obj=agreement, detail="end")
    return agreement


@action
def do_link_partner(user, measure, partner: Partner, role: str) -> MeasurePartner:
    """Link a partner to a measure of the person's own unit's plan, or change its role if linked."""
    if not access.can_link_measure(user, measure):
        raise Refused("link partner", measure)
    link, created = MeasurePartner.objects.update_or_create(
        measure=measure, partner=partner, defaults={"role": role}
    )
    log_access(user, Action.CREATE if created else Action.CHANGE, obj=link)
    return link


@action
def do_unlink_partner(user, link: MeasurePartner) -> None:
    if not access.can_link_measure(user, link.measure):
        raise Refused("unlink partner", link.measure)
    log_access(user, Action.DELETE, obj=link)
    link.delete()


def _coordinators(unit):
    return (
        get_user_model()
        .objects.filter(
            role_assignments__in=RoleAssignment.objects.active().filter(unit=unit, role=Role.UNIT_COORDINATOR)
        )
        .distinct()
    )


def send_agreement_reminders(today: dt.date | None = None) -> int:
    """E-mail the responsible unit's coordinators a link 60 and 30 days before an agreement ends, once each.

    Safe to run twice a day: the sent time is stored per reminder. Returns the number of reminders sent.
    """
    today = today or timezone.localdate()
    sent = 0
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    due = Agreement.objects.filter(valid_to__gte=today, valid_to__lte=horizon).select_related("unit")
    for agreement in due:
        days_left = (agreement.valid_to - today).days
        field = None
        if days_left <= 30 and agreement.reminded_30_at is None:
            field = "reminded_30_at"
        elif days_left <= 60 and days_left > 30 and agreement.reminded_60_at is None:
            field = "reminded_60_at"
        if field is None:
            continue
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if getattr(locked, field) is not None:
                continue
            setattr(locked, field, timezone.now())
            updated = [field]
            if field == "reminded_30_at" and locked.reminded_60_at is None:
                # Too late for the first reminder: it is not sent afterwards.
                locked.reminded_60_at = locked.reminded_30_at
                updated.append("reminded_60_at")
            locked.save(update_fields=updated)
            notify(
                _coordinators(agreement.unit),
                _("an agreement is about to expire"),
                reverse("alliances:partner", args=[agreement.partner_id]),
            )
        sent += 1
    return sent
