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
from .models import Agreement, Meeting, Partner

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
