"""Every write to guidelines, templates, plans, measures and follow-ups.

Each action checks the permission (through access.py), runs in one transaction, records who and
when (PlanEvent for status changes, the access log for every write) and e-mails a link, never
content, to the people who must act next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.actions import Refused, transactional_action
from safecity.core.notify import notify
from safecity.organisation.access import log_access
from safecity.organisation.models import City, Role, RoleAssignment, Unit

from . import access, progress
from .models import (
    FollowUp,
    FollowUpCorrection,
    Guideline,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureReport,
    MeasureStatus,
    Milestone,
    Plan,
    PlanEvent,
    PlanningYear,
    PlanSection,
    PlanTemplate,
    PublicationState,
    ReviewComment,
    TemplateSection,
    YouthParticipation,
)

PLAN_UNIT_KINDS = (Unit.Kind.DISTRICT, Unit.Kind.SPECIALIST)


# --- people to tell ----------------------------------------------------------------------------------


def unit_people(unit: Unit, *roles: str):
    return (
        get_user_model()
        .objects.filter(
            role_assignments__in=RoleAssignment.objects.active().filter(unit=unit, role__in=roles)
        )
        .distinct()
    )


def central_coordinators():
    return (
        get_user_model()
        .objects.filter(
            role_assignments__in=RoleAssignment.objects.active().filter(role=Role.CENTRAL_COORDINATOR)
        )
        .distinct()
    )


def _plan_link(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def _require(allowed: bool, user, obj, detail: str) -> None:
    if not allowed:
        raise Refused(obj, detail)


action = transactional_action("plans.plan")


def _move(user, plan: Plan, to_status: str, note: str = "") -> None:
    event = PlanEvent(plan=plan, by=user, from_status=plan.status, to_status=to_status, note=note[:300])
    plan.status = to_status
    plan.status_changed_at = timezone.now()
    plan.save(update_fields=["status", "status_changed_at", "updated_at"])
    event.save()
    log_access(user, Action.CHANGE, obj=plan, detail=f"{event.from_status} → {to_status}")


# --- guidelines and template ---------------------------------------------------------------------------


@action
def do_save_guideline_draft(user, city: City, guideline: Guideline | None = None, **fields) -> Guideline:
    _require(access.can_run_planning(user), user, None, "guidelines")
    if guideline is None:
        latest = Guideline.objects.filter(city=city).order_by("-version").first()
        guideline = Guideline(city=city, version=(latest.version + 1) if latest else 1)
    elif guideline.state != PublicationState.DRAFT:
        raise ValidationError(_("Published guidelines cannot be changed; write a new version."))
    for name, value in fields.items():
        setattr(guideline, name, value)
    guideline.full_clean()
    guideline.save()
    log_access(user, Action.CHANGE, obj=guideline, detail="draft")
    return guideline


@action
def do_publish_guideline(user, guideline: Guideline) -> Guideline:
    _require(access.can_run_planning(user), user, None, "guidelines")
    if guideline.state == PublicationState.PUBLISHED:
        raise ValidationError(_("These guidelines are published already."))
    if guideline.effective_from is None:
        raise ValidationError({"effective_from": _("Give the date the guidelines take effect.")})
    earlier = Guideline.objects.filter(
        city=guideline.city, state=PublicationState.PUBLISHED, effective_to__isnull=True
    ).exclude(pk=guideline.pk)
    for old in earlier:
        old.effective_to = guideline.effective_from - dt.timedelta(days=1)
        old.save(update_fields=["effective_to"])
    guideline.state = PublicationState.PUBLISHED
    guideline.published_at = timezone.now()
    guideline.published_by = user
    guideline.save(update_fields=["state", "published_at", "published_by"])
    log_access(user, Action.CHANGE, obj=guideline, detail="published")
    return guideline


@action
def do_new_template_version(user, city: City) -> PlanTemplate:
    """A draft copy of the latest template, to edit and publish."""
    _require(access.can_run_planning(user), user, None, "template")
    latest = PlanTemplate.objects.filter(city=city).order_by("-version").first()
    template = PlanTemplate.objects.create(
        city=city,
        version=(latest.version + 1) if latest else 1,
        title=latest.title if latest else _("Action plan"),
    )
    if latest:
        for section in latest.sections.all():
            section.pk = None
            section.template = template
            section.save()
    log_access(user, Action.CREATE, obj=template)
    return template


@action
def do_save_template_section(user, section: TemplateSection, **fields) -> TemplateSection:
    _require(access.can_run_planning(user), user, None, "template")
    if section.template.state != PublicationState.DRAFT:
        raise ValidationError(_("A published template cannot be changed; make a new version."))
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    log_access(user, Action.CHANGE, obj=section)
    return section


@action
def do_publish_template(user, template: PlanTemplate) -> PlanTemplate:
    _require(access.can_run_planning(user), user, None, "template")
    if not template.sections.exists():
        raise ValidationError(_("A template needs at least one section."))
    template.state = PublicationState.PUBLISHED
    template.published_at = timezone.now()
    template.published_by = user
    template.save(update_fields=["state", "published_at", "published_by"])
    log_access(user, Action.CHANGE, obj=template, detail="published")
    return template


# --- the planning year -----------------------------------------------------------------------------------


@dataclass
class Deadlines:
    board_due: dt.date | None = None
    review_due: dt.date | None = None
    approval_due: dt.date | None = None
    t1_due: dt.date | None = None
    t2_due: dt.date | None = None
    annual_due: dt.date | None = None


@action
def do_open_planning_year(user, city: City, year: int, deadlines: Deadlines | None = None) -> PlanningYear:
    """Every unit gets a draft plan for `year`, pre-filled from last year's (measures carried over
    unless closed). A unit formed by a merger is pre-filled from all its predecessors' plans."""
    _require(access.can_run_planning(user), user, None, "open planning year")
    if PlanningYear.objects.filter(city=city, year=year).exists():
        raise ValidationError(_("Planning year %(year)s is open already.") % {"year": year})
    template = (
        PlanTemplate.objects.filter(city=city, state=PublicationState.PUBLISHED).order_by("-version").first()
    )
    if template is None:
        raise ValidationError(_("Publish a plan template first."))
    guideline = (
        Guideline.objects.filter(city=city, state=PublicationState.PUBLISHED).order_by("-version").first()
    )
    planning_year = PlanningYear.objects.create(
        city=city,
        year=year,
        template=template,
        guideline=guideline,
        opened_by=user,
        **vars(deadlines or Deadlines()),
    )
    units = Unit.objects.valid_on(dt.date(year, 1, 1)).filter(city=city, kind__in=PLAN_UNIT_KINDS)
    for unit in units:
        plan = create_plan(planning_year, unit, user)
        notify(unit_people(unit, Role.UNIT_COORDINATOR), _("a new action plan to write"), _plan_link(plan))
    log_access(user, Action.CREATE, obj=planning_year, detail=f"{units.count()} plans")
    return planning_year


def _predecessor_plans(unit: Unit, year: int) -> list[Plan]:
    same = list(Plan.objects.filter(unit=unit, year__year=year - 1))
    if same:
        return same
    return list(Plan.objects.filter(unit__successor=unit, year__year=year - 1).order_by("unit__name"))


def create_plan(planning_year: PlanningYear, unit: Unit, user) -> Plan:
    earlier = _predecessor_plans(unit, planning_year.year)
    plan = Plan.objects.create(
        year=planning_year, unit=unit, previous=earlier[0] if len(earlier) == 1 else None
    )
    PlanEvent.objects.create(plan=plan, by=user, to_status=Plan.Status.DRAFT, note="opened")
    old_text: dict[str, list[str]] = {}
    for old in earlier:
        for section in old.sections.select_related("section"):
            if section.body.strip():
                prefix = f"*{old.unit.name} {old.year.year}:*\n\n" if len(earlier) > 1 else ""
                old_text.setdefault(section.section.code, []).append(prefix + section.body)
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, section=section, body="\n\n".join(old_text.get(section.code, [])))
        for section in planning_year.template.sections.all()
    )
    for old in earlier:
        carry_over(old, plan)
    progress.refresh_plan(plan.pk)
    return plan


def carry_over(old_plan: Plan, plan: Plan) -> None:
    """Copy the open measures of `old_plan` (and their open sub-measures) into `plan`, with their
    themes, focus areas, target groups, areas, indicators (not the values) and milestones not yet
    done. A few queries per plan, not per measure: opening a year copies hundreds of measures."""
    old_measures = list(
        old_plan.measures.select_related("status").prefetch_related(
            *MEASURE_RELATIONS, "indicators", "milestones"
        )
    )
    children: dict[int | None, list[Measure]] = {}
    for measure in old_measures:
        children.setdefault(measure.parent_id, []).append(measure)
    copies: dict[int, Measure] = {}
    fields = [f.attname for f in Measure._meta.concrete_fields if not f.primary_key]
    level = [(m, None) for m in children.get(None, []) if not m.status.is_closed]
    while level:  # parents first, so each sub-measure can point to its parent's copy
        made = []
        for old, parent in level:
            copy = Measure(**{name: getattr(old, name) for name in fields})
            copy.plan = plan
            copy.parent = parent
            copy.carried_from_id = old.pk
            made.append((old, copy))
        Measure.objects.bulk_create([copy for _old, copy in made])
        copies.update((old.pk, copy) for old, copy in made)
        level = [
            (child, copy)
            for old, copy in made
            for child in children.get(old.pk, [])
            if not child.status.is_closed
        ]
    carried = [old for old in old_measures if old.pk in copies]
    for name in MEASURE_RELATIONS:
        field = Measure._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": copies[old.pk].pk, f"{target}_id": item.pk})
            for old in carried
            for item in getattr(old, name).all()
        )
    Indicator.objects.bulk_create(
        Indicator(
            measure=copies[old.pk],
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            target=indicator.target,
            direction=indicator.direction,
        )
        for old in carried
        for indicator in old.indicators.all()
    )
    Milestone.objects.bulk_create(
        Milestone(measure=copies[old.pk], title=milestone.title, due=milestone.due)
        for old in carried
        for milestone in old.milestones.all()
        if milestone.done_on is None
    )


# --- writing the plan --------------------------------------------------------------------------------------


@action
def do_save_section(user, plan: Plan, section: PlanSection, body: str) -> PlanSection:
    _require(access.can_edit_plan(user, plan), user, plan, "edit section")
    section.body = body
    section.updated_by = user
    section.save(update_fields=["body", "updated_by", "updated_at"])
    log_access(user, Action.CHANGE, obj=plan, detail=f"section {section.section.code}")
    return section


MEASURE_FIELDS = [
    "title",
    "description",
    "prevention_level",
    "responsible_function",
    "responsible_person",
    "partners_text",
    "start",
    "end",
    "status",
    "manual_progress",
    "shared_with_partners",
    "parent",
    "weight",
    "position",
]
MEASURE_RELATIONS = ["themes", "focus_areas", "target_groups", "areas"]


@action
def do_save_measure(user, plan: Plan, measure: Measure | None = None, **data) -> Measure:
    _require(access.can_edit_plan(user, plan), user, plan, "edit measure")
    measure = measure or Measure(plan=plan)
    if measure.plan_id != plan.pk:
        raise PermissionDenied
    parent = data.get("parent")
    if parent is not None and (parent.plan_id != plan.pk or parent.pk == measure.pk):
        raise ValidationError({"parent": _("A sub-measure belongs to a measure in the same plan.")})
    old_parent_id = measure.parent_id
    for name in MEASURE_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    measure.full_clean(exclude=["plan"])
    created = measure.pk is None
    measure.save()
    for name in MEASURE_RELATIONS:
        if name in data:
            getattr(measure, name).set(data[name])
    progress.refresh(measure)
    if old_parent_id and old_parent_id != measure.parent_id:
        progress.refresh(Measure.objects.get(pk=old_parent_id))
    log_access(user, Action.CREATE if created else Action.CHANGE, obj=measure)
    return measure


@action
def do_delete_measure(user, measure: Measure) -> None:
    plan = measure.plan
    _require(access.can_edit_plan(user, plan), user, plan, "delete measure")
    parent = measure.parent
    log_access(user, Action.DELETE, obj=measure)
    measure.delete()
    if parent:
        progress.refresh(parent)


@action
def do_save_milestone(user, measure: Measure, milestone: Milestone | None = None, **data) -> Milestone:
    _require(
        access.can_edit_plan(user, measure.plan) or access.can_follow_up(user, measure.plan),
        user,
        measure,
        "milestone",
    )
    milestone = milestone or Milestone(measure=measure)
    for name, value in data.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    log_access(user, Action.CHANGE, obj=measure, detail="milestone")
    return milestone


@action
def do_save_indicator(user, measure: Measure, indicator: Indicator | None = None, **data) -> Indicator:
    _require(access.can_edit_plan(user, measure.plan), user, measure, "indicator")
    indicator = indicator or Indicator(measure=measure)
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    log_access(user, Action.CHANGE, obj=measure, detail="indicator")
    return indicator


def _refuse_locked_period(plan: Plan, year: int, period: str) -> None:
    """Values of a submitted follow-up change only through a recorded correction."""
    if year == plan.year.year and plan.follow_ups.filter(period=period, submitted_at__isnull=False).exists():
        raise ValidationError(_("This follow-up is submitted and locked; record a correction instead."))


@action
def do_record_indicator_value(
    user, indicator: Indicator, year: int, period: str, value, note: str = ""
) -> IndicatorValue:
    plan = indicator.measure.plan
    _require(
        access.can_follow_up(user, plan) or access.can_edit_plan(user, plan), user, plan, "indicator value"
    )
    _refuse_locked_period(plan, year, period)
    record, created = IndicatorValue.objects.update_or_create(
        indicator=indicator, year=year, period=period, defaults={"value": value, "note": note}
    )
    log_access(
        user,
        Action.CREATE if created else Action.CHANGE,
        obj=indicator.measure,
        detail=f"value {year} {period}",
    )
    return record


@action
def do_record_participation(
    user, measure: Measure, year: int, period: str, counts: dict[tuple[str, str], int]
):
    plan = measure.plan
    _require(
        access.can_follow_up(user, plan) or access.can_edit_plan(user, plan), user, plan, "participation"
    )
    _refuse_locked_period(plan, year, period)
    for (age_band, gender), count in counts.items():
        YouthParticipation.objects.update_or_create(
            measure=measure,
            year=year,
            period=period,
            age_band=age_band,
            gender=gender,
            defaults={"count": count},
        )
    log_access(user, Action.CHANGE, obj=measure, detail=f"participation {year} {period}")


# --- the board and the central review ---------------------------------------------------------------------


@action
def do_send_to_board(user, plan: Plan) -> Plan:
    _require(
        access.can_take_to_board(user, plan) and plan.status == Plan.Status.DRAFT, user, plan, "send to board"
    )
    _move(user, plan, Plan.Status.SENT_TO_BOARD)
    notify(unit_people(plan.unit, Role.MANAGER), _("an action plan for the board"), _plan_link(plan))
    return plan


@action
def do_record_board_decision(user, plan: Plan, date: dt.date, reference: str) -> Plan:
    allowed = access.can_take_to_board(user, plan) and plan.status == Plan.Status.SENT_TO_BOARD
    _require(allowed, user, plan, "board decision")
    if date > timezone.localdate():
        raise ValidationError({"date": _("The board decision cannot be in the future.")})
    plan.board_decision_date = date
    plan.board_reference = reference
    plan.save(update_fields=["board_decision_date", "board_reference", "updated_at"])
    _move(user, plan, Plan.Status.ADOPTED, note=reference)
    notify(central_coordinators(), _("an adopted action plan to review"), _plan_link(plan))
    return plan


@action
def do_comment(user, plan: Plan, body: str, section: TemplateSection | None = None) -> ReviewComment:
    _require(access.can_review(user, plan), user, plan, "comment")
    if not body.strip():
        raise ValidationError({"body": _("Write the comment.")})
    if plan.status == Plan.Status.ADOPTED:
        _move(user, plan, Plan.Status.IN_REVIEW)
    comment = ReviewComment.objects.create(plan=plan, section=section, author=user, body=body)
    log_access(user, Action.CREATE, obj=plan, detail="review comment")
    return comment


@action
def do_return_plan(user, plan: Plan, note: str = "") -> Plan:
    _require(access.can_review(user, plan), user, plan, "return")
    if not plan.comments.filter(resolved_at__isnull=True).exists():
        raise ValidationError(_("Write at least one comment before returning the plan."))
    _move(user, plan, Plan.Status.RETURNED, note)
    notify(unit_people(plan.unit, Role.UNIT_COORDINATOR), _("comments on your action plan"), _plan_link(plan))
    return plan


@action
def do_answer_comment(user, comment: ReviewComment, reply: str) -> ReviewComment:
    _require(access.can_answer_review(user, comment.plan), user, comment.plan, "answer")
    if not reply.strip():
        raise ValidationError({"reply": _("Write the answer.")})
    comment.reply = reply
    comment.replied_by = user
    comment.replied_at = timezone.now()
    comment.save(update_fields=["reply", "replied_by", "replied_at"])
    log_access(user, Action.CHANGE, obj=comment.plan, detail="answer to review comment")
    return comment


@action
def do_resubmit(user, plan: Plan) -> Plan:
    _require(access.can_answer_review(user, plan), user, plan, "resubmit")
    unanswered = plan.comments.filter(resolved_at__isnull=True, reply="").count()
    if unanswered:
        raise ValidationError(
            _("Answer every comment before sending the plan back (%(n)s left).") % {"n": unanswered}
        )
    _move(user, plan, Plan.Status.IN_REVIEW, "resubmitted")
    notify(central_coordinators(), _("an answered action plan"), _plan_link(plan))
    return plan


@action
def do_approve(user, plan: Plan) -> Plan:
    _require(access.can_review(user, plan), user, plan, "approve")
    now = timezone.now()
    plan.comments.filter(resolved_at__isnull=True).update(resolved_at=now)
    plan.approved_at = now
    plan.approved_by = user
    plan.save(update_fields=["approved_at", "approved_by", "updated_at"])
    _move(user, plan, Plan.Status.APPROVED)
    notify(
        unit_people(plan.unit, Role.UNIT_COORDINATOR, Role.MANAGER),
        _("your action plan is approved"),
        _plan_link(plan),
    )
    return plan


# --- follow-ups ------------------------------------------------------------------------------------------


@action
def do_open_follow_up(user, plan: Plan, period: str) -> FollowUp:
    _require(access.can_follow_up(user, plan), user, plan, "open follow-up")
    follow_up, created = FollowUp.objects.get_or_create(plan=plan, period=period)
    if created:
        MeasureReport.objects.bulk_create(
            MeasureReport(follow_up=follow_up, measure=m, status=m.status, progress=m.progress)
            for m in plan.measures.select_related("status")
        )
        if plan.status == Plan.Status.APPROVED:
            _move(user, plan, Plan.Status.FOLLOW_UP, period)
        log_access(user, Action.CREATE, obj=follow_up)
    return follow_up


@action
def do_save_report(
    user,
    report: MeasureReport,
    *,
    status: MeasureStatus,
    comment: str,
    changes: str,
    manual_progress: int | None = None,
) -> MeasureReport:
    follow_up = report.follow_up
    _require(access.can_follow_up(user, follow_up.plan), user, follow_up.plan, "follow-up")
    if follow_up.is_locked:
        raise ValidationError(_("This follow-up is submitted and locked; record a correction instead."))
    report.status = status
    report.comment = comment
    report.changes = changes
    report.progress = manual_progress if manual_progress is not None else status.default_progress
    report.save(update_fields=["status", "comment", "changes", "progress"])
    return report


@action
def do_submit_follow_up(user, follow_up: FollowUp) -> FollowUp:
    plan = follow_up.plan
    _require(access.can_follow_up(user, plan), user, plan, "submit follow-up")
    if follow_up.is_locked:
        raise ValidationError(_("This follow-up is submitted already."))
    now = timezone.now()
    measures = []
    for report in follow_up.reports.select_related("measure", "status"):
        measure = report.measure
        measure.status = report.status
        if report.progress is not None and report.progress != report.status.default_progress:
            measure.manual_progress = report.progress
        else:
            measure.manual_progress = None
        measure.updated_at = now
        measures.append(measure)
    Measure.objects.bulk_update(measures, ["status", "manual_progress", "updated_at"])
    progress.refresh_plan(plan.pk)
    follow_up.submitted_at = timezone.now()
    follow_up.submitted_by = user
    follow_up.save(update_fields=["submitted_at", "submitted_by"])
    log_access(user, Action.CHANGE, obj=follow_up, detail="submitted")
    notify(central_coordinators(), _("a submitted follow-up"), _plan_link(plan))
    return follow_up


@action
def do_record_measure_status(
    user, measure: Measure, status: MeasureStatus, manual_progress: int | None = None
) -> Measure:
    """A measure's status and progress between follow-ups, for units that keep them in another system
    (the API). The plan is approved, so only these two fields change; an open follow-up gets them too,
    so that submitting it does not undo them."""
    plan = measure.plan
    _require(access.can_follow_up(user, plan), user, measure, "measure status")
    if status.city_id != plan.unit.city_id:
        raise ValidationError({"status": _("This status does not belong to the plan's city.")})
    if manual_progress is not None and not 0 <= manual_progress <= 100:
        raise ValidationError({"manual_progress": _("Progress is a percentage from 0 to 100.")})
    before = [str(measure.status), measure.manual_progress]
    measure.status = status
    measure.manual_progress = manual_progress
    measure.save(update_fields=["status", "manual_progress", "updated_at"])
    progress.refresh(measure)
    report = MeasureReport.objects.filter(measure=measure, follow_up__submitted_at__isnull=True).first()
    if report is not None:
        report.status = status
        report.progress = manual_progress if manual_progress is not None else status.default_progress
        report.save(update_fields=["status", "progress"])
    log_access(
        user,
        Action.CHANGE,
        obj=measure,
        detail="status",
        changes={"status": [before[0], str(status)], "manual_progress": [before[1], manual_progress]},
    )
    return measure


@action
def do_correct_report(user, report: MeasureReport, field: str, new_value, reason: str) -> FollowUpCorrection:
    follow_up = report.follow_up
    _require(access.can_follow_up(user, follow_up.plan), user, follow_up.plan, "correct follow-up")
    if not follow_up.is_locked:
        raise ValidationError(_("The follow-up is still open; change it directly."))
    if field not in {"status", "progress", "comment", "changes"}:
        raise ValidationError({"field": _("This field cannot be corrected.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the submitted follow-up is corrected.")})
    old_value = getattr(report, field)
    setattr(report, field, new_value)
    report.save(update_fields=[field])
    correction = FollowUpCorrection.objects.create(
        follow_up=follow_up,
        report=report,
        field=field,
        old_value=str(old_value if old_value is not None else ""),
        new_value=str(new_value if new_value is not None else ""),
        reason=reason,
        by=user,
    )
    log_access(
        user,
        Action.CHANGE,
        obj=follow_up,
        detail=f"correction of {field}",
        changes={field: [str(old_value), str(new_value)]},
    )
    return correction


# --- the plan pages: a measure with its parts, a follow-up draft, corrections ------------------------------


@dataclass
class PartChange:
    """One row of a milestone or indicator formset: `instance` None for a new row, `data` None to delete."""

    instance: Milestone | Indicator | None
    data: dict | None


@action
def do_save_measure_with_parts(
    user,
    plan: Plan,
    measure: Measure | None = None,
    *,
    fields: dict,
    milestones: list[PartChange] = (),
    indicators: list[PartChange] = (),
) -> Measure:
    """A measure and its milestones and indicators in one transaction: all saved or nothing."""
    _require(access.can_edit_plan(user, plan), user, plan, "edit measure")
    if measure is None and "position" not in fields:
        last = plan.measures.order_by("-position").values_list("position", flat=True).first()
        fields = {**fields, "position": (last or 0) + 1}
    measure = do_save_measure(user, plan, measure, **fields)
    for model, changes in ((Milestone, milestones), (Indicator, indicators)):
        for change in changes:
            part = change.instance
            if part is not None and part.measure_id != measure.pk:
                raise PermissionDenied
            if change.data is None:
                if part is not None:
                    log_access(user, Action.DELETE, obj=measure, detail=f"{model._meta.model_name} {part}")
                    part.delete()
                continue
            part = part or model(measure=measure)
            for name, value in change.data.items():
                setattr(part, name, value)
            part.full_clean()
            part.save()
    if milestones or indicators:
        log_access(user, Action.CHANGE, obj=measure, detail="milestones and indicators")
    return measure


@dataclass
class FollowUpLine:
    """What the unit coordinator wrote for one measure in a follow-up draft."""

    report: MeasureReport
    status: MeasureStatus
    progress: int | None  # None: the status's default progress
    comment: str = ""
    changes: str = ""
    values: list[tuple[Indicator, object, str]] = ()  # (indicator, value or None to clear, note)
    participation: dict[tuple[str, str], int | None] | None = None
    milestones: list[tuple[Milestone, dt.date | None]] = ()  # (milestone, the day it was done)


@action
def do_save_follow_up(user, follow_up: FollowUp, lines: list[FollowUpLine], summary: str = "") -> FollowUp:
    """A follow-up draft: every measure's line, its indicator values and youth participation at once."""
    plan = follow_up.plan
    _require(access.can_follow_up(user, plan), user, plan, "follow-up")
    if follow_up.is_locked:
        raise ValidationError(_("This follow-up is submitted and locked; record a correction instead."))
    year = plan.year.year
    for line in lines:
        if line.report.follow_up_id != follow_up.pk:
            raise PermissionDenied
        do_save_report(
            user,
            line.report,
            status=line.status,
            comment=line.comment,
            changes=line.changes,
            manual_progress=line.progress,
        )
        for indicator, value, note in line.values:
            if indicator.measure_id != line.report.measure_id:
                raise PermissionDenied
            existing = IndicatorValue.objects.filter(indicator=indicator, year=year, period=follow_up.period)
            if value is None:
                existing.delete()
            else:
                IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    year=year,
                    period=follow_up.period,
                    defaults={"value": value, "note": note},
                )
        for milestone, done_on in line.milestones:
            if milestone.measure_id != line.report.measure_id:
                raise PermissionDenied
            milestone.done_on = done_on
            milestone.save(update_fields=["done_on"])
        if line.participation is not None:
            counts = YouthParticipation.objects.filter(
                measure_id=line.report.measure_id, year=year, period=follow_up.period
            )
            for (age_band, gender), count in line.participation.items():
                if count is None:
                    counts.filter(age_band=age_band, gender=gender).delete()
                else:
                    YouthParticipation.objects.update_or_create(
                        measure_id=line.report.measure_id,
                        year=year,
                        period=follow_up.period,
                        age_band=age_band,
                        gender=gender,
                        defaults={"count": count},
                    )
    follow_up.summary = summary
    follow_up.save(update_fields=["summary"])
    log_access(user, Action.CHANGE, obj=follow_up, detail="draft saved")
    return follow_up


@action
def do_correct_indicator_value(
    user, report: MeasureReport, indicator: Indicator, new_value, reason: str
) -> FollowUpCorrection:
    """An indicator value of a submitted follow-up, changed with who, when and why."""
    follow_up = report.follow_up
    _require(access.can_follow_up(user, follow_up.plan), user, follow_up.plan, "correct follow-up")
    if not follow_up.is_locked:
        raise ValidationError(_("The follow-up is still open; change it directly."))
    if indicator.measure_id != report.measure_id:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the submitted follow-up is corrected.")})
    year = follow_up.plan.year.year
    record = IndicatorValue.objects.filter(indicator=indicator, year=year, period=follow_up.period).first()
    old_value = record.value if record else None
    IndicatorValue.objects.update_or_create(
        indicator=indicator, year=year, period=follow_up.period, defaults={"value": new_value}
    )
    correction = FollowUpCorrection.objects.create(
        follow_up=follow_up,
        report=report,
        field=f"indicator:{indicator.pk}",
        old_value=str(old_value if old_value is not None else ""),
        new_value=str(new_value),
        reason=reason,
        by=user,
    )
    log_access(
        user,
        Action.CHANGE,
        obj=follow_up,
        detail=f"correction of indicator {indicator.pk}",
        changes={indicator.name: [str(old_value if old_value is not None else ""), str(new_value)]},
    )
    return correction


# --- importing measures and indicator values (imports.py checks the rows first) ----------------------------


@dataclass
class MeasureImport:
    """One measure row of an import that changes something. `ref` is "m<id>" for a measure of the plan
    and "new<row>" for a new one (`measure` None); `fields` and `relations` hold only what changes."""

    ref: str
    measure: Measure | None
    fields: dict
    relations: dict
    parent_ref: str | None = None  # the parent's ref, None for a measure of its own
    set_parent: bool = False


@dataclass
class IndicatorImport:
    ref: str  # "i<id>" or "newi<row>"
    indicator: Indicator | None
    measure_ref: str
    fields: dict


@dataclass
class ValueImport:
    indicator_ref: str
    year: int
    period: str
    value: object
    note: str | None  # None: keep the note there is


@action
def do_import_plan_rows(
    user,
    plan: Plan,
    measures: list[MeasureImport],
    indicators: list[IndicatorImport] = (),
    values: list[ValueImport] = (),
) -> dict[str, int]:
    """Measures, indicators and indicator values from an import, all in one transaction: all or nothing.
    Measures and indicators change only while the plan is editable; values also during the follow-up,
    never in a submitted follow-up (that takes a recorded correction). Written for files of a thousand
    rows: progress is recomputed once for the whole plan, not measure by measure."""
    if measures or indicators:
        _require(access.can_edit_plan(user, plan), user, plan, "import measures")
    if values:
        allowed = access.can_edit_plan(user, plan) or access.can_follow_up(user, plan)
        _require(allowed, user, plan, "import indicator values")
    saved: dict[str, Measure] = {}
    created: list[Measure] = []
    # The importer has checked codes, people, parents and dates; the model still checks lengths and ranges.
    checked_elsewhere = ["plan", "parent", "status", "responsible_function", "responsible_person"]
    for change in measures:
        measure = change.measure or Measure(plan=plan)
        if measure.plan_id != plan.pk:
            raise PermissionDenied
        for name, value in change.fields.items():
            setattr(measure, name, value)
        measure.full_clean(exclude=checked_elsewhere, validate_constraints=measure.pk is not None)
        saved[change.ref] = measure
        if measure.pk is None:
            created.append(measure)
            continue
        measure.save(update_fields=[*change.fields, "updated_at"])  # only what the row changes
        for name, objects in change.relations.items():
            getattr(measure, name).set(objects)
        names = sorted([*change.fields, *change.relations] + (["parent"] if change.set_parent else []))
        log_access(user, Action.CHANGE, obj=measure, detail=f"import: {', '.join(names)}")
    # New measures in one insert (a file of a thousand rows is seconds, not minutes), their links after.
    Measure.objects.bulk_create(created)
    for name in MEASURE_RELATIONS:
        relation = getattr(Measure, name)
        through, target = relation.through, relation.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(measure_id=saved[change.ref].pk, **{f"{target}_id": linked.pk})
            for change in measures
            if change.measure is None
            for linked in change.relations.get(name, [])
        )
    reparented = []
    for change in measures:
        if change.set_parent:
            measure = saved[change.ref]
            measure.parent = _imported(plan, saved, change.parent_ref)
            reparented.append(measure)
    Measure.objects.bulk_update(reparented, ["parent"])
    for measure in reparented:
        parent = measure.parent
        if parent is not None and (parent.pk == measure.pk or parent.parent_id is not None):
            raise ValidationError(
                {"parent": _("A sub-measure belongs to a measure of its own in the same plan.")}
            )
    if measures:
        _refresh_plan_progress(plan)
    if created:
        log_access(
            user,
            Action.CREATE,
            obj=plan,
            detail="import: new measures",
            changes={"measures": [m.pk for m in created]},
        )
    plan_indicators = {
        f"i{i.pk}": i for i in Indicator.objects.filter(measure__plan=plan).select_related("measure")
    }
    new_indicators: dict[str, Indicator] = {}
    for change in indicators:
        indicator = change.indicator or Indicator(measure=_imported(plan, saved, change.measure_ref))
        if indicator.measure.plan_id != plan.pk:
            raise PermissionDenied
        for name, value in change.fields.items():
            setattr(indicator, name, value)
        indicator.full_clean(exclude=["measure"])
        if indicator.pk is None:
            new_indicators[change.ref] = indicator
        else:
            indicator.save(update_fields=list(change.fields))
            log_access(user, Action.CHANGE, obj=indicator.measure, detail=f"import: indicator {indicator.pk}")
        plan_indicators[change.ref] = indicator
    Indicator.objects.bulk_create(new_indicators.values())
    locked = set(plan.follow_ups.filter(submitted_at__isnull=False).values_list("period", flat=True))
    fresh: list[IndicatorValue] = []
    for change in values:
        indicator = plan_indicators.get(change.indicator_ref)
        if indicator is None:
            raise PermissionDenied  # not an indicator of this plan
        if change.year == plan.year.year and change.period in locked:
            raise ValidationError(_("This follow-up is submitted and locked; record a correction instead."))
        if change.indicator_ref in new_indicators:
            fresh.append(
                IndicatorValue(
                    indicator=indicator,
                    year=change.year,
                    period=change.period,
                    value=change.value,
                    note=change.note or "",
                )
            )
            continue
        defaults = (
            {"value": change.value} if change.note is None else {"value": change.value, "note": change.note}
        )
        IndicatorValue.objects.update_or_create(
            indicator=indicator, year=change.year, period=change.period, defaults=defaults
        )
    IndicatorValue.objects.bulk_create(fresh)
    counts = {
        "measures_created": len(created),
        "measures_changed": len(measures) - len(created),
        "indicators": len(indicators),
        "values": len(values),
    }
    log_access(user, Action.CHANGE, obj=plan, detail="import", changes=counts)
    return counts


def _refresh_plan_progress(plan: Plan) -> None:
    """Every measure's stored progress, as progress.refresh computes it, for the whole plan at once."""
    measures = list(plan.measures.select_related("status"))
    children: dict[int, list[Measure]] = {}
    for measure in measures:
        if measure.parent_id:
            children.setdefault(measure.parent_id, []).append(measure)
    stale = []
    for measure in sorted(measures, key=lambda m: m.parent_id is None):  # parts before their parents
        if measure.status.default_progress is None:
            value = None
        elif measure.pk in children:
            value = progress.weighted(children[measure.pk])
        else:
            value = progress.own_progress(measure)
        if value != measure.progress:
            measure.progress = value
            stale.append(measure)
    Measure.objects.bulk_update(stale, ["progress"])


def _imported(plan: Plan, saved: dict[str, Measure], ref: str | None) -> Measure | None:
    if ref is None:
        return None
    if ref in saved:
        return saved[ref]
    return Measure.objects.get(plan=plan, pk=int(ref[1:]))


@action
def do_start_plan_import(user, plan: Plan, upload):
    """Keep the upload and start the import job; the view sends the person to its progress page."""
    from django.utils import translation

    from safecity.core.jobs import start_job

    from .imports import store_upload
    from .tasks import import_plan_file

    allowed = access.can_edit_plan(user, plan) or access.can_follow_up(user, plan)
    _require(allowed, user, plan, "import")
    stored = store_upload(upload)
    label = _("Import of %(file)s into the action plan %(year)s, %(unit)s") % {
        "file": upload.name,
        "year": plan.year.year,
        "unit": plan.unit.display_name,
    }
    job = start_job(
        user,
        "plans.import",
        label,
        import_plan_file,
        plan.pk,
        user.pk,
        stored,
        upload.name,
        translation.get_language() or "sv",
        unit=plan.unit,
    )
    log_access(user, Action.CREATE, obj=plan, detail=f"import job {job.pk}")
    return job
