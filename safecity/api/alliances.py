"""Alliances: partners, agreements, meetings and the alliance indicators, read-only.

The same rules as the pages, through safecity.alliances.access (fetch, refuse and log): the city's
staff who work with partners (central and unit coordinators, managers, employees) read the registry;
a partner's token sees only what is shared with it — its own organisation, the meetings it took part
in and its measures shared with partners in approved plans; agreements and indicators are not shared.
Lists are paged (`page`, `page_size`).
"""

import datetime as dt
from typing import Literal

from django.db.models import Prefetch, Q
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from safecity.alliances import access
from safecity.alliances import indicators as computing
from safecity.alliances.models import Agreement, Meeting, Partner

router = Router(tags=["alliances"])

# Literal types, not the models' TextChoices: three enums all named "Kind" would share one schema name.
PartnerKind = Literal[tuple(Partner.Kind.values)]
AgreementKind = Literal[tuple(Agreement.Kind.values)]
MeetingKind = Literal[tuple(Meeting.Kind.values)]

PAGE_SIZE = 50
LINK_RELATED = ("measure", "measure__plan", "measure__plan__unit", "measure__plan__year")


# --- what comes out ------------------------------------------------------------------------------------


class PartnerOut(Schema):
    id: int
    name: str
    kind: PartnerKind
    active: bool
    units: list[str]
    areas: list[str]

    @staticmethod
    def resolve_units(obj):
        return [unit.code for unit in obj.units.all()]

    @staticmethod
    def resolve_areas(obj):
        return [area.code for area in obj.areas.all()]


class MeasureLinkOut(Schema):
    measure: int = Field(..., alias="measure_id")
    title: str = Field(..., alias="measure.title")
    plan: int = Field(..., alias="measure.plan_id")
    unit: str = Field(..., alias="measure.plan.unit.code")
    year: int = Field(..., alias="measure.plan.year.year")
    role: str


class AgreementOut(Schema):
    id: int
    partner: int = Field(..., alias="partner_id")
    partner_name: str = Field(..., alias="partner.name")
    unit: str = Field(..., alias="unit.code")
    kind: AgreementKind
    title: str
    valid_from: dt.date
    valid_to: dt.date | None
    document_reference: str
    dpia_reference: str
    state: str = Field(..., description="not_yet_in_force, valid or expired")
    days_left: int | None = Field(
        ..., description="days until the last valid day; null: until further notice"
    )

    @staticmethod
    def resolve_state(obj):
        today = timezone.localdate()
        if obj.valid_from > today:
            return "not_yet_in_force"
        if obj.valid_to is not None and obj.valid_to < today:
            return "expired"
        return "valid"

    @staticmethod
    def resolve_days_left(obj):
        return obj.days_left()


class PartnerDetail(PartnerOut):
    description: str
    phone: str
    email: str
    website: str
    measures: list[MeasureLinkOut] = Field(..., alias="linked_measures")
    agreements: list[AgreementOut] | None = Field(
        ..., alias="agreement_list", description="null for partner accounts"
    )


class MeetingPartnerOut(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    id: int
    date: dt.date
    kind: MeetingKind
    topic: str
    outcome: str
    units: list[str]
    partners: list[MeetingPartnerOut]

    @staticmethod
    def resolve_units(obj):
        return [unit.code for unit in obj.units.all()]

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.all())


class IndicatorsOut(Schema):
    unit: str
    unit_name: str
    year: int
    active_partners: int
    meetings_per_tertial: list[int] = Field(..., description="January–April, May–August, September–December")
    meetings: int
    shared_measures: int = Field(..., description="the unit's measures of the year linked to a partner")


# --- reading -------------------------------------------------------------------------------------------


@router.get("/partners", response=list[PartnerOut], summary="Partners, filtered by kind, unit, area and name")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_partners(
    request,
    kind: PartnerKind | None = None,
    unit: str | None = None,
    area: str | None = None,
    q: str | None = None,
):
    partners = access.partners_for_user(request.user)
    if kind:
        partners = partners.filter(kind=kind)
    if unit:
        partners = partners.filter(units__code=unit)
    if area:
        partners = partners.filter(areas__code=area)
    if q:
        partners = partners.filter(name__icontains=q.strip())
    return partners.distinct().order_by("name", "pk").prefetch_related("units", "areas")


@router.get(
    "/partners/{partner_id}", response=PartnerDetail, summary="A partner with its measures and agreements"
)
def get_partner(request, partner_id: int):
    partner = access.get_partner_record_for_user(request.user, partner_id)
    staff = access.can_use_registry(request.user)
    links = access.measure_links_for_user(request.user).filter(partner=partner).select_related(*LINK_RELATED)
    partner = Partner.objects.prefetch_related("units", "areas").get(pk=partner.pk)
    partner.linked_measures = list(links.order_by("measure__plan__year__year", "measure__title"))
    partner.agreement_list = (
        list(Agreement.objects.filter(partner=partner).select_related("partner", "unit")) if staff else None
    )
    return partner


@router.get("/agreements", response=list[AgreementOut], summary="Agreements, the first to end first")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_agreements(
    request,
    partner: int | None = None,
    unit: str | None = None,
    state: str | None = None,
    expiring_within: int | None = None,
):
    """`state`: valid, expired or not_yet_in_force; `expiring_within`: days, the ones ending that soon."""
    agreements = access.agreements_for_user(request.user).select_related("partner", "unit")
    today = timezone.localdate()
    if partner:
        agreements = agreements.filter(partner_id=partner)
    if unit:
        agreements = agreements.filter(unit__code=unit)
    if state == "valid":
        agreements = agreements.filter(valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
    elif state == "expired":
        agreements = agreements.filter(valid_to__lt=today)
    elif state == "not_yet_in_force":
        agreements = agreements.filter(valid_from__gt=today)
    elif state:
        raise HttpError(422, "state: give valid, expired or not_yet_in_force.")
    if expiring_within is not None:
        if not 0 <= expiring_within <= 3650:
            raise HttpError(422, "expiring_within: give a number of days from 0 to 3650.")
        agreements = agreements.filter(
            valid_to__gte=today, valid_to__lte=today + dt.timedelta(days=expiring_within)
        )
    return agreements.order_by("valid_to", "pk")


@router.get("/meetings", response=list[MeetingOut], summary="Meetings and joint activities, newest first")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_meetings(
    request,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    unit: str | None = None,
):
    meetings = access.meetings_for_user(request.user)
    if date_from and date_to and date_to < date_from:
        raise HttpError(422, "date_to: the end of the range is before its start.")
    if date_from:
        meetings = meetings.filter(date__gte=date_from)
    if date_to:
        meetings = meetings.filter(date__lte=date_to)
    if unit:
        meetings = meetings.filter(pk__in=Meeting.objects.filter(units__code=unit).values("pk"))
    partners = Partner.objects.order_by("name")
    if not access.can_use_registry(request.user):
        # A partner's token sees its own organisations among the participants, not the others.
        partners = partners.filter(accounts=request.user)
    return meetings.order_by("-date", "pk").prefetch_related("units", Prefetch("partners", queryset=partners))


@router.get(
    "/indicators",
    response=list[IndicatorsOut],
    summary="Alliance indicators per unit for a year: active partners, meetings per tertial, shared measures",
)
def list_indicators(request, year: int | None = None, unit: str | None = None):
    access.require_registry(request.user, "alliance indicators")
    this_year = timezone.localdate().year
    year = year or this_year
    if not 2000 <= year <= this_year + 1:
        raise HttpError(422, f"year: give a year from 2000 to {this_year + 1}.")
    rows = computing.unit_indicators(year)
    if unit:
        rows = [row for row in rows if row.unit.code == unit]
    return [
        {
            "unit": row.unit.code,
            "unit_name": row.unit.name,
            "year": year,
            "active_partners": row.active_partners,
            "meetings_per_tertial": row.meetings,
            "meetings": row.meetings_total,
            "shared_measures": row.shared_measures,
        }
        for row in rows
    ]
