"""Who may see and change which partner records. Every fetch is checked and logged.

Rules (PRODUCT.md "need to know", issue 7):
- the registry, network and indicators are for the city's staff who work with partners: the central
  coordinator, unit coordinators, managers and employees (not intake, the DPO or administrators);
- a unit coordinator registers and edits partners, agreements and meetings of their own units; the
  central coordinator all of them. An agreement belongs to its responsible unit; a meeting may be
  changed by whoever could have recorded it (a coordinator of every one of its units, or central);
- a unit coordinator links partners to the measures of their own unit's plan (central to any plan);
  the links are read by those who may read the plan (safecity.plans.access);
- a partner with an account sees only what is shared with them: their own organisation's record,
  the meetings it took part in, and measures linked to it that are shared with partners in
  approved plans.
Each condition sits on its own line so the tests can reach every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import grants, log_access, unit_ids_for
from safecity.organisation.models import Role
from safecity.plans import access as plans_access
from safecity.plans.access import FOLLOWED_UP

from .models import Agreement, MeasurePartner, Meeting, Partner

READERS = frozenset({Role.CENTRAL_COORDINATOR, Role.UNIT_COORDINATOR, Role.MANAGER, Role.EMPLOYEE})


def can_use_registry(user) -> bool:
    return any(g.role in READERS for g in grants(user))


def is_central(user) -> bool:
    return any(g.role == Role.CENTRAL_COORDINATOR for g in grants(user))


def editable_unit_ids(user) -> set[int]:
    return unit_ids_for(user, Role.UNIT_COORDINATOR)


def can_create_partner(user) -> bool:
    if is_central(user):
        return True
    return bool(editable_unit_ids(user))


def can_edit_partner(user, partner: Partner) -> bool:
    if is_central(user):
        return True
    own = editable_unit_ids(user)
    if not own:
        return False
    return any(unit.pk in own for unit in partner.units.all())


def is_partner_account(user) -> bool:
    return any(g.role == Role.PARTNER for g in grants(user))


def require_registry(user, label: str) -> None:
    if not can_use_registry(user):
        log_access(user, Action.REFUSED, object_type="alliances.partner", label=label)
        raise PermissionDenied
    log_access(user, Action.VIEW, object_type="alliances.partner", label=label)


def require_create(user) -> None:
    if not can_create_partner(user):
        log_access(user, Action.REFUSED, object_type="alliances.partner", label="create partner")
        raise PermissionDenied


def get_partner_for_user(user, partner_id: int, *, purpose: str = "view") -> Partner:
    """A partner's record: staff readers see every one; editing needs a unit in common (or central)."""
    partner = get_object_or_404(Partner, pk=partner_id)
    if not can_use_registry(user):
        log_access(user, Action.REFUSED, obj=partner, detail=purpose)
        raise PermissionDenied
    if purpose == "edit" and not can_edit_partner(user, partner):
        log_access(user, Action.REFUSED, obj=partner, detail=purpose)
        raise PermissionDenied
    log_access(user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=partner, detail=purpose)
    return partner


def shared_with_partner(user):
    """(organisations, meetings, measure links) shared with a partner account; refused for others."""
    if not is_partner_account(user):
        log_access(user, Action.REFUSED, object_type="alliances.partner", label="shared with partner")
        raise PermissionDenied
    log_access(user, Action.VIEW, object_type="alliances.partner", label="shared with partner")
    organisations = Partner.objects.filter(accounts=user).prefetch_related("units", "areas")
    meetings = (
        Meeting.objects.filter(partners__accounts=user).distinct().prefetch_related("units", "partners")
    )
    links = MeasurePartner.objects.filter(
        partner__accounts=user,
        measure__shared_with_partners=True,
        measure__plan__status__in=FOLLOWED_UP,
    ).select_related("partner", "measure", "measure__plan", "measure__plan__unit", "measure__plan__year")
    return organisations, meetings, links


# --- agreements ------------------------------------------------------------------------------------------


def can_edit_agreement(user, agreement: Agreement) -> bool:
    if is_central(user):
        return True
    return agreement.unit_id in editable_unit_ids(user)


def get_agreement_for_user(user, agreement_id: int, *, purpose: str = "edit") -> Agreement:
    """An agreement to change or end: its responsible unit's coordinators or central; 404, 403, logged."""
    agreement = get_object_or_404(Agreement.objects.select_related("partner", "unit"), pk=agreement_id)
    if not can_use_registry(user):
        log_access(user, Action.REFUSED, obj=agreement, detail=purpose)
        raise PermissionDenied
    if purpose != "view" and not can_edit_agreement(user, agreement):
        log_access(user, Action.REFUSED, obj=agreement, detail=purpose)
        raise PermissionDenied
    log_access(user, Action.VIEW if purpose == "view" else Action.CHANGE, obj=agreement, detail=purpose)
    return agreement


# --- meetings --------------------------------------------------------------------------------------------


def can_edit_meeting(user, meeting: Meeting) -> bool:
    if is_central(user):
        return True
    own = editable_unit_ids(user)
    if not own:
        return False
    unit_ids = {unit.pk for unit in meeting.units.all()}
    return bool(unit_ids) and unit_ids <= own


def get_meeting_for_user(user, meeting_id: int, *, purpose: str = "edit") -> Meeting:
    """A meeting to change or delete: a coordinator of all its units, or central; 404, 403, logged."""
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    if not can_use_registry(user):
        log_access(user, Action.REFUSED, obj=meeting, detail=purpose)
        raise PermissionDenied
    if not can_edit_meeting(user, meeting):
        log_access(user, Action.REFUSED, obj=meeting, detail=purpose)
        raise PermissionDenied
    log_access(user, Action.CHANGE, obj=meeting, detail=purpose)
    return meeting


# --- measures done with partners -----------------------------------------------------------------------


def can_link_measure(user, measure) -> bool:
    if is_central(user):
        return True
    return measure.plan.unit_id in editable_unit_ids(user)


def get_measure_for_linking(user, measure_id: int):
    """A measure whose partners the person may set: read through the plans' rules, then own unit or central."""
    measure = plans_access.get_measure_for_user(user, measure_id)
    if not can_link_measure(user, measure):
        log_access(user, Action.REFUSED, obj=measure, detail="link partners")
        raise PermissionDenied
    return measure


def visible_measure_links(user):
    """Measure links of the plans the person may read (a draft's measures stay with its own unit)."""
    return MeasurePartner.objects.filter(measure__plan__in=plans_access.plans_visible_to(user))


# --- lists for the API: the same rules as the pages -------------------------------------------------------


def partners_for_user(user, label: str = "partners"):
    """Staff readers: every partner; a partner account: its own organisations; refused for the others."""
    if can_use_registry(user):
        log_access(user, Action.VIEW, object_type="alliances.partner", label=label)
        return Partner.objects.all()
    if is_partner_account(user):
        log_access(user, Action.VIEW, object_type="alliances.partner", label=label)
        return Partner.objects.filter(accounts=user)
    log_access(user, Action.REFUSED, object_type="alliances.partner", label=label)
    raise PermissionDenied


def get_partner_record_for_user(user, partner_id: int) -> Partner:
    """One partner's record: staff readers any, a partner account only its own; 404, 403, logged."""
    partner = get_object_or_404(Partner, pk=partner_id)
    if can_use_registry(user):
        log_access(user, Action.VIEW, obj=partner)
        return partner
    if is_partner_account(user) and partner.accounts.filter(pk=user.pk).exists():
        log_access(user, Action.VIEW, obj=partner)
        return partner
    log_access(user, Action.REFUSED, obj=partner)
    raise PermissionDenied


def meetings_for_user(user, label: str = "meetings"):
    """Staff readers: every meeting; a partner account: the meetings its organisations took part in."""
    if can_use_registry(user):
        log_access(user, Action.VIEW, object_type="alliances.meeting", label=label)
        return Meeting.objects.all()
    if is_partner_account(user):
        log_access(user, Action.VIEW, object_type="alliances.meeting", label=label)
        return Meeting.objects.filter(pk__in=Meeting.objects.filter(partners__accounts=user).values("pk"))
    log_access(user, Action.REFUSED, object_type="alliances.meeting", label=label)
    raise PermissionDenied


def measure_links_for_user(user):
    """Staff: links of the plans they may read; a partner account: its own links to measures shared with
    partners in approved plans (as on its page)."""
    if can_use_registry(user):
        return visible_measure_links(user)
    if is_partner_account(user):
        return MeasurePartner.objects.filter(
            partner__accounts=user, measure__shared_with_partners=True, measure__plan__status__in=FOLLOWED_UP
        )
    return MeasurePartner.objects.none()


def agreements_for_user(user, label: str = "agreements"):
    """Agreements are for the city's staff who work with partners (not shared with partner accounts)."""
    require_registry(user, label)
    return Agreement.objects.all()
