"""Action plans: plans, measures and indicators to read; indicator values and measure statuses to write.

For units that keep their progress in another system. The same rules as the pages, through
safecity.plans.access (fetch, refuse and log) and safecity.plans.actions (every write):
a unit coordinator writes their own unit's plan while it is a draft or returned, and follows it up
once approved; other staff read approved plans; the central coordinator reads every plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.6 takes a (status, body) tuple

    def Status(status_code, value):
        return status_code, value


from safecity.plans import access, actions
from safecity.plans.models import (
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Period,
    Plan,
    PlanSection,
)

router = Router(tags=["action plans"])


# --- what comes out ------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    year: int = Field(..., alias="year.year")
    unit: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    status: Plan.Status
    board_decision_date: dt.date | None
    board_reference: str
    approved_at: dt.datetime | None
    previous: int | None = Field(None, alias="previous_id")


class SectionOut(Schema):
    code: str = Field(..., alias="section.code")
    title: str = Field(..., alias="section.title")
    title_en: str = Field(..., alias="section.title_en")
    kind: str = Field(..., alias="section.kind")
    body: str


class IndicatorValueOut(Schema):
    year: int
    period: Period
    value: float
    note: str


class IndicatorOut(Schema):
    id: int
    measure: int = Field(..., alias="measure_id")
    name: str
    unit: str
    baseline: float | None
    target: float | None
    direction: Indicator.Direction
    values: list[IndicatorValueOut]

    @staticmethod
    def resolve_values(obj):
        return list(obj.values.all())


class MilestoneOut(Schema):
    title: str
    due: dt.date
    done_on: dt.date | None


class MeasureOut(Schema):
    id: int
    plan: int = Field(..., alias="plan_id")
    parent: int | None = Field(None, alias="parent_id")
    weight: float
    position: int
    title: str
    description: str
    prevention_level: str
    themes: list[int]
    focus_areas: list[str]
    target_groups: list[str]
    responsible_function: str | None
    partners: str = Field(..., alias="partners_text")
    start: dt.date | None
    end: dt.date | None
    status: str = Field(..., alias="status.code")
    manual_progress: int | None
    progress: int | None
    shared_with_partners: bool
    carried_from: int | None = Field(None, alias="carried_from_id")
    milestones: list[MilestoneOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_themes(obj):
        return [theme.number for theme in obj.themes.all()]

    @staticmethod
    def resolve_focus_areas(obj):
        return [area.code for area in obj.focus_areas.all()]

    @staticmethod
    def resolve_target_groups(obj):
        return [group.code for group in obj.target_groups.all()]

    @staticmethod
    def resolve_responsible_function(obj):
        return obj.responsible_function.code if obj.responsible_function else None

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())


class PlanDetail(PlanOut):
    sections: list[SectionOut]
    measures: list[MeasureOut]

    @staticmethod
    def resolve_sections(obj):
        return list(obj.sections.all())

    @staticmethod
    def resolve_measures(obj):
        return list(obj.measures.all())


class StatusOut(Schema):
    code: str
    name: str
    name_en: str
    default_progress: int | None
    is_closed: bool


# --- what goes in --------------------------------------------------------------------------------------


class MeasurePatch(Schema):
    status: str | None = Field(None, description="a status code, see GET /plans/statuses")
    manual_progress: int | None = Field(
        None, ge=0, le=100, description="progress in per cent; null: the status's default"
    )


class IndicatorValueIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    period: Period
    value: Decimal = Field(..., max_digits=12, decimal_places=2)
    note: str = Field("", max_length=300)


# --- reading -------------------------------------------------------------------------------------------


def _measures():
    return Measure.objects.select_related("status", "responsible_function").prefetch_related(
        "themes",
        "focus_areas",
        "target_groups",
        "milestones",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )


@router.get("", response=list[PlanOut], summary="Plans you may read, filtered by year, unit and status")
def list_plans(request, year: int | None = None, unit: str | None = None, status: Plan.Status | None = None):
    plans = access.get_plans_for_user(request.user).order_by("-year__year", "unit__kind", "unit__name")
    if year:
        plans = plans.filter(year__year=year)
    if unit:
        plans = plans.filter(unit__code=unit)
    if status:
        plans = plans.filter(status=status)
    return plans


@router.get("/statuses", response=list[StatusOut], summary="The measure statuses and their default progress")
def list_statuses(request):
    return MeasureStatus.objects.order_by("city_id", "position")


@router.get("/shared-measures", response=list[MeasureOut], summary="Measures shared with you (partners)")
def shared_measures(request):
    shared = access.shared_measures_for_user(request.user)
    return _measures().filter(pk__in=shared.values("pk"))


@router.get("/measures/{measure_id}", response=MeasureOut, summary="A measure with its indicators")
def get_measure(request, measure_id: int):
    measure = access.get_measure_for_user(request.user, measure_id)
    return _measures().get(pk=measure.pk)


@router.get("/indicators/{indicator_id}", response=IndicatorOut, summary="An indicator with its values")
def get_indicator(request, indicator_id: int):
    indicator = get_object_or_404(Indicator, pk=indicator_id)
    access.get_measure_for_user(request.user, indicator.measure_id)
    return Indicator.objects.prefetch_related("values").get(pk=indicator.pk)


@router.get("/{plan_id}", response=PlanDetail, summary="A plan with its sections and measures")
def get_plan(request, plan_id: int):
    plan = access.get_plan_for_user(request.user, plan_id)
    sections = PlanSection.objects.select_related("section").order_by("section__position")
    return (
        Plan.objects.select_related("year", "unit")
        .prefetch_related(
            Prefetch("sections", queryset=sections),
            Prefetch("measures", queryset=_measures().order_by("position", "id")),
        )
        .get(pk=plan.pk)
    )


# --- writing -------------------------------------------------------------------------------------------


def _plan_for_writing(user, plan_id: int) -> Plan:
    """The plan, checked for writing: edited while a draft or returned, followed up once approved."""
    status = get_object_or_404(Plan.objects.values_list("status", flat=True), pk=plan_id)
    purpose = "follow_up" if status in access.FOLLOWED_UP else "edit"
    return access.get_plan_for_user(user, plan_id, purpose=purpose)


@router.patch(
    "/measures/{measure_id}",
    response=MeasureOut,
    summary="Set a measure's status or manual progress (draft plans, and approved plans in follow-up)",
)
def update_measure(request, measure_id: int, payload: MeasurePatch):
    measure = get_object_or_404(Measure.objects.select_related("status"), pk=measure_id)
    plan = _plan_for_writing(request.user, measure.plan_id)
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise HttpError(422, "Give a status, a manual progress or both.")
    if changes.get("status") is not None:
        status = MeasureStatus.objects.filter(city_id=plan.unit.city_id, code=changes["status"]).first()
        if status is None:
            raise HttpError(422, f"Unknown status '{changes['status']}'; see GET /plans/statuses.")
        changes["status"] = status
    else:
        changes.pop("status", None)
    measure.plan = plan
    if plan.status in access.FOLLOWED_UP:
        actions.do_record_measure_status(
            request.user,
            measure,
            changes.get("status", measure.status),
            changes.get("manual_progress", measure.manual_progress),
        )
    else:
        actions.do_save_measure(request.user, plan, measure, **changes)
    return _measures().get(pk=measure.pk)


@router.post(
    "/indicators/{indicator_id}/values",
    response={201: IndicatorValueOut},
    summary="Record an indicator value for a period (the value of that period is replaced)",
)
def record_indicator_value(request, indicator_id: int, payload: IndicatorValueIn):
    indicator = get_object_or_404(Indicator.objects.select_related("measure"), pk=indicator_id)
    plan = _plan_for_writing(request.user, indicator.measure.plan_id)
    if payload.year != plan.year.year:
        raise HttpError(422, f"This plan is for {plan.year.year}; record other years in that year's plan.")
    indicator.measure.plan = plan
    record = actions.do_record_indicator_value(
        request.user, indicator, payload.year, payload.period, payload.value, payload.note
    )
    return Status(201, IndicatorValue.objects.get(pk=record.pk))
