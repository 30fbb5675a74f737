"""Demo action plans: every unit's plan for 2023–2026, taken through the real yearly cycle.

`make run` (through `manage.py load_demo`) loads them so that the plans, the status board and the
city overview have something to show on first start. What is made:

- the guidelines get a second version (effective 2025-01-01), marked as demo text;
- planning years 2023 (18 units, before the merger of 2023-07-01), 2024, 2025 and 2026 (16 units) are
  opened with `actions.do_open_planning_year`, which carries open measures over; Järva and Norra
  innerstaden inherit from their predecessors in 2024;
- each plan gets text in every section and 6–14 measures (some with weighted sub-measures,
  indicators and milestones) from `demo_catalogue`; each year a few measures are added;
- 2023–2025 plans go to the board, through central review (some returned with comments) to approval,
  and through T1, T2 and the annual follow-up, with statuses that move on (some measures done, some
  cancelled, so they are not carried over), indicator values per period and youth participation for
  theme 3;
- 2026 plans stand at different steps (STAGE_2026), so the status board shows who is late.

Who does what:
- central steps (guidelines, opening years, review comments, returning, approving) go through the
  actions as the demo central coordinator ("central");
- unit steps go through the actions as the unit's demo coordinator where there is one (coord.jarva,
  coord.sodermalm, coord.utbildning; Järva's and Södermalm's managers send the plan to the board).
  The other units have no demo account and the central coordinator may not write a unit's plan, so
  `UnitSide` makes their steps directly through the ORM, mirroring the actions (events, follow-up
  reports, progress roll-up) without permission checks or access-log entries; their events have no
  "by".
- Times the actions set to "now" (events, approvals, submissions, publication, comments) are then
  moved back to plausible days of the year, and follow-up summaries are written directly.

A fixed random seed makes the demo the same every time. It runs once: if any of the demo planning
years exists, nothing is done. E-mails the actions would send are dropped.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from safecity.organisation.models import AreaAssignment, City, Function

from . import actions, progress
from .demo_catalogue import (
    APPROVAL_COMMENTS,
    BOARD_PREFIX,
    DISTRICT,
    ELECTION_2026,
    GUIDELINE_V2_BODY,
    GUIDELINE_V2_BODY_EN,
    MILIEUS,
    REPORT_CHANGES,
    REPORT_COMMENTS,
    REVIEW_COMMENTS,
    SPECIALIST,
    Spec,
    section_texts,
)
from .models import (
    FocusArea,
    FollowUp,
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
    PlanTemplate,
    PublicationState,
    ReviewComment,
    TargetGroup,
    TemplateSection,
    Theme,
    YouthParticipation,
)

SEED = 2026
YEARS = (2023, 2024, 2025, 2026)
CURRENT_YEAR = 2026
CENTRAL = "central"
DEMO_ACTORS = {  # unit code: (coordinator, manager who sends the plan to the board)
    "jarva": ("coord.jarva", "manager.jarva"),
    "sodermalm": ("coord.sodermalm", "manager.sodermalm"),
    "utbildningsforvaltningen": ("coord.utbildning", None),
}
STAGES = ["draft", "sent_to_board", "adopted", "in_review", "returned", "approved", "t1", "t2", "annual"]
# Where each plan stands in 2026; "t1+" is T1 submitted and T2 begun.
STAGE_2026 = {
    "jarva": "t1+",
    "sodermalm": "returned",
    "utbildningsforvaltningen": "in_review",
    "norra-innerstaden": "t1",
    "bromma": "t2",
    "enskede-arsta-vantor": "approved",
    "farsta": "draft",
    "hagersten-alvsjo": "sent_to_board",
    "hasselby-vallingby": "adopted",
    "kungsholmen": "t1",
    "skarpnack": "draft",
    "skarholmen": "returned",
    "socialforvaltningen": "t2",
    "arbetsmarknadsforvaltningen": "sent_to_board",
    "kulturforvaltningen": "in_review",
    "idrottsforvaltningen": "approved",
}
# How a measure's status moves in each follow-up: (next status, weight).
NEXT = {
    "t1": {
        "planned": [("planned", 3), ("started", 7)],
        "started": [("started", 4), ("ongoing", 6)],
        "ongoing": [("ongoing", 8), ("largely-done", 2)],
        "largely-done": [("largely-done", 7), ("done", 3)],
    },
    "t2": {
        "planned": [("planned", 2), ("started", 7), ("cancelled", 1)],
        "started": [("started", 2), ("ongoing", 8)],
        "ongoing": [("ongoing", 6), ("largely-done", 4)],
        "largely-done": [("largely-done", 5), ("done", 5)],
    },
    "annual": {
        "planned": [("started", 6), ("cancelled", 4)],
        "started": [("ongoing", 7), ("largely-done", 2), ("cancelled", 1)],
        "ongoing": [("ongoing", 5), ("largely-done", 2), ("done", 2), ("cancelled", 1)],
        "largely-done": [("done", 7), ("largely-done", 3)],
    },
}
PERIOD_SHARE = {"t1": 0.3, "t2": 0.6, "annual": 1.0}
ACTIVE = {"planned", "started", "ongoing", "largely-done"}


class DemoError(Exception):
    """Something the demo needs is missing (organisation, plan set-up or demo accounts)."""


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def deadlines(year: int) -> actions.Deadlines:
    return actions.Deadlines(
        board_due=dt.date(year, 2, 28),
        review_due=dt.date(year, 3, 31),
        approval_due=dt.date(year, 4, 30),
        t1_due=dt.date(year, 5, 31),
        t2_due=dt.date(year, 9, 30),
        annual_due=dt.date(year + 1, 2, 15),
    )


def stamp(plan: Plan, day: dt.date) -> None:
    """Move the plan's latest event (and its status time) to `day`: the actions write "now"."""
    when = at(day)
    latest = PlanEvent.objects.filter(plan=plan).order_by("-id").values("pk")[:1]
    PlanEvent.objects.filter(pk__in=latest).update(at=when)
    fields = {"status_changed_at": when}
    if plan.status == Plan.Status.APPROVED:
        fields["approved_at"] = when
    Plan.objects.filter(pk=plan.pk).update(**fields)


# --- the unit's side of the work -------------------------------------------------------------------------


class UnitSide:
    """The unit's steps: through the actions as its demo coordinator, or, for units without a demo
    account, the same changes through the ORM (see the module docstring)."""

    def __init__(self, plan: Plan, coordinator, manager=None):
        self.plan = plan
        self.user = coordinator
        self.manager = manager or coordinator
        self.sections = {s.section.code: s for s in plan.sections.select_related("section")}
        self.pending: dict[str, list] = {}  # relation rows of measures made through the ORM

    def write_section(self, code: str, body: str) -> None:
        section = self.sections[code]
        if section.body == body:
            return
        if self.user:
            actions.do_save_section(self.user, self.plan, section, body)
        else:
            section.body = body
            section.save(update_fields=["body", "updated_at"])

    def add_measure(self, relations: dict, **fields) -> Measure:
        if self.user:
            return actions.do_save_measure(self.user, self.plan, **fields, **relations)
        measure = Measure.objects.create(plan=self.plan, **fields)
        for name, items in relations.items():
            field = Measure._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            self.pending.setdefault(name, []).extend(
                through(**{f"{source}_id": measure.pk, f"{target}_id": item.pk}) for item in items
            )
        return measure  # relations and progress: finish() writes them for the whole plan

    def finish(self) -> None:
        """After measures were added through the ORM: their relations and the plan's progress, at once."""
        if self.user:
            return
        for name, rows in self.pending.items():
            getattr(Measure, name).through.objects.bulk_create(rows)
        self.pending = {}
        progress.refresh_plan(self.plan.pk)

    def change_measure(self, measure: Measure, **fields) -> None:
        if self.user:
            actions.do_save_measure(self.user, self.plan, measure, **fields)
        else:
            Measure.objects.filter(pk=measure.pk).update(**fields)

    def delete_measure(self, measure: Measure) -> None:
        if self.user:
            actions.do_delete_measure(self.user, measure)
            return
        parent = measure.parent
        measure.delete()
        if parent:
            progress.refresh(parent)

    def add_indicator(self, measure: Measure, **fields) -> Indicator:
        if self.user:
            return actions.do_save_indicator(self.user, measure, **fields)
        return Indicator.objects.create(measure=measure, **fields)

    def add_milestone(self, measure: Measure, **fields) -> Milestone:
        if self.user:
            return actions.do_save_milestone(self.user, measure, **fields)
        return Milestone.objects.create(measure=measure, **fields)

    def milestone_done(self, milestone: Milestone, day: dt.date) -> None:
        if self.user:
            actions.do_save_milestone(self.user, milestone.measure, milestone, done_on=day)
        else:
            Milestone.objects.filter(pk=milestone.pk).update(done_on=day)

    def record_values(self, year: int, period: str, values: list[tuple[Indicator, int]]) -> None:
        if self.user:
            for indicator, value in values:
                actions.do_record_indicator_value(self.user, indicator, year, period, value)
            return
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=year, period=period, value=value)
            for indicator, value in values
        )

    def record_participation(self, measure: Measure, year: int, period: str, counts: dict) -> None:
        if self.user:
            actions.do_record_participation(self.user, measure, year, period, counts)
            return
        YouthParticipation.objects.bulk_create(
            YouthParticipation(
                measure=measure, year=year, period=period, age_band=age, gender=gender, count=count
            )
            for (age, gender), count in counts.items()
        )

    def _move(self, to_status: str, note: str = "") -> None:
        PlanEvent.objects.create(
            plan=self.plan, by=None, from_status=self.plan.status, to_status=to_status, note=note
        )
        self.plan.status = to_status
        self.plan.status_changed_at = timezone.now()
        self.plan.save(update_fields=["status", "status_changed_at", "updated_at"])

    def send_to_board(self) -> None:
        if self.user:
            actions.do_send_to_board(self.manager, self.plan)
        else:
            self._move(Plan.Status.SENT_TO_BOARD)

    def record_board_decision(self, day: dt.date, reference: str) -> None:
        if self.user:
            actions.do_record_board_decision(self.user, self.plan, day, reference)
            return
        self.plan.board_decision_date = day
        self.plan.board_reference = reference
        self.plan.save(update_fields=["board_decision_date", "board_reference", "updated_at"])
        self._move(Plan.Status.ADOPTED, reference)

    def answer(self, comment: ReviewComment, reply: str) -> None:
        if self.user:
            actions.do_answer_comment(self.user, comment, reply)
        else:
            ReviewComment.objects.filter(pk=comment.pk).update(reply=reply, replied_at=timezone.now())

    def resubmit(self) -> None:
        if self.user:
            actions.do_resubmit(self.user, self.plan)
        else:
            self._move(Plan.Status.IN_REVIEW, "resubmitted")

    def open_follow_up(self, period: str) -> FollowUp:
        if self.user:
            return actions.do_open_follow_up(self.user, self.plan, period)
        follow_up = FollowUp.objects.create(plan=self.plan, period=period)
        MeasureReport.objects.bulk_create(
            MeasureReport(follow_up=follow_up, measure=m, status=m.status, progress=m.progress)
            for m in self.plan.measures.select_related("status")
        )
        if self.plan.status == Plan.Status.APPROVED:
            self._move(Plan.Status.FOLLOW_UP, period)
        return follow_up

    def save_reports(self, lines: list[tuple[MeasureReport, MeasureStatus, str, str, int | None]]) -> None:
        """Each line: the report, its status, comment, what changed and a manual progress (or None)."""
        if self.user:
            for report, status, comment, changes, manual in lines:
                actions.do_save_report(
                    self.user,
                    report,
                    status=status,
                    comment=comment,
                    changes=changes,
                    manual_progress=manual,
                )
            return
        for report, status, comment, changes, manual in lines:
            report.status = status
            report.comment = comment
            report.changes = changes
            report.progress = manual if manual is not None else status.default_progress
        reports = [line[0] for line in lines]
        MeasureReport.objects.bulk_update(reports, ["status", "comment", "changes", "progress"])

    def submit(self, follow_up: FollowUp) -> None:
        if self.user:
            actions.do_submit_follow_up(self.user, follow_up)
            return
        measures = []
        for report in follow_up.reports.select_related("measure", "status"):
            measure = report.measure
            measure.status = report.status
            differs = report.progress is not None and report.progress != report.status.default_progress
            measure.manual_progress = report.progress if differs else None
            measures.append(measure)
        Measure.objects.bulk_update(measures, ["status", "manual_progress"])
        progress.refresh_plan(self.plan.pk)
        follow_up.submitted_at = timezone.now()
        follow_up.save(update_fields=["submitted_at"])


# --- the demo ------------------------------------------------------------------------------------------------


@dataclass
class Days:
    sent: dt.date
    board: dt.date
    review: dt.date
    returned: dt.date
    resubmitted: dt.date
    approved: dt.date
    t1_open: dt.date
    t1: dt.date
    t2_open: dt.date
    t2: dt.date
    annual_open: dt.date
    annual: dt.date


class Demo:
    def __init__(self, city: City, central):
        self.rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
        self.city = city
        self.central = central
        self.today = timezone.localdate()
        self.statuses = {s.code: s for s in MeasureStatus.objects.filter(city=city)}
        self.themes = {t.number: t for t in Theme.objects.all()}
        self.focus = {f.code: f for f in FocusArea.objects.filter(city=city)}
        self.groups = {g.code: g for g in TargetGroup.objects.filter(city=city)}
        self.functions = {f.code: f for f in Function.objects.filter(city=city)}
        self.users = {u.username: u for u in get_user_model().objects.filter(is_demo=True)}
        self.first_year: dict[int, int] = {}  # measure id: the year its line of carried-over copies began
        self.continuous = {s.title for s in DISTRICT if s.continuous} | {
            s.title for specs in SPECIALIST.values() for s in specs if s.continuous
        }
        self.sections: dict[str, TemplateSection] = {}

    # the years

    def run(self) -> dict[int, int]:
        counts = {}
        for year in YEARS:
            if year == 2025:
                self.publish_guidelines_v2()
            planning_year = actions.do_open_planning_year(self.central, self.city, year, deadlines(year))
            PlanningYear.objects.filter(pk=planning_year.pk).update(opened_at=at(dt.date(year - 1, 12, 1)))
            self.sections = {s.code: s for s in planning_year.template.sections.all()}
            plans = (
                Plan.objects.filter(year=planning_year).select_related("unit", "year").order_by("unit__code")
            )
            for plan in plans:
                stamp(plan, dt.date(year - 1, 12, 1))
                side = self.side(plan)
                self.note_lineage(plan, year)
                self.revise(plan, side, year)
                stage = STAGE_2026[plan.unit.code] if year == CURRENT_YEAR else "annual"
                self.cycle(plan, side, year, stage)
            counts[year] = len(plans)
        return counts

    def side(self, plan: Plan) -> UnitSide:
        coordinator, manager = DEMO_ACTORS.get(plan.unit.code, (None, None))
        return UnitSide(plan, self.users.get(coordinator), self.users.get(manager))

    def publish_guidelines_v2(self) -> None:
        latest = Guideline.objects.filter(city=self.city).order_by("-version").first()
        if latest is None or latest.version != 1:
            return
        draft = actions.do_save_guideline_draft(
            self.central,
            self.city,
            title=latest.title,
            title_en=latest.title_en,
            body=GUIDELINE_V2_BODY,
            body_en=GUIDELINE_V2_BODY_EN,
            effective_from=dt.date(2025, 1, 1),
            adopted_by="Kommunfullmäktige 2024-11-18 (demo)",
        )
        actions.do_publish_guideline(self.central, draft)
        Guideline.objects.filter(pk=draft.pk).update(published_at=at(dt.date(2024, 11, 25)))

    def note_lineage(self, plan: Plan, year: int) -> None:
        for pk, carried_from in plan.measures.values_list("pk", "carried_from_id"):
            self.first_year[pk] = self.first_year.get(carried_from, year - 1) if carried_from else year

    # writing the plan

    def pool(self, plan: Plan) -> list[Spec]:
        return SPECIALIST.get(plan.unit.code, DISTRICT)

    def areas(self, plan: Plan, year: int) -> list:
        assignments = AreaAssignment.objects.valid_on(dt.date(year, 1, 1)).filter(unit=plan.unit)
        return [a.area for a in assignments.select_related("area").order_by("area__name")]

    def revise(self, plan: Plan, side: UnitSide, year: int) -> None:
        areas = self.areas(plan, year)
        texts = section_texts(
            plan.unit.name, plan.unit.kind, year, [a.name for a in areas], self.rng.sample(MILIEUS, 2)
        )
        for code in side.sections:
            if code in texts:
                side.write_section(code, texts[code])
        top = list(plan.measures.filter(parent__isnull=True).order_by("position", "id"))
        kept, seen = [], set()
        for measure in top:  # a merged unit inherits the same measure twice: keep one
            if measure.title in seen:
                side.delete_measure(measure)
            else:
                seen.add(measure.title)
                kept.append(measure)
        while len(kept) > 13:
            side.delete_measure(kept.pop())
        start_of_year = dt.date(year, 1, 1)
        for measure in plan.measures.filter(end__lt=start_of_year):
            side.change_measure(measure, end=dt.date(year, 12, 31))
        wanted = self.rng.randint(7, 10) if year == YEARS[0] else self.rng.randint(8, 12)
        candidates = [s for s in self.pool(plan) if s.title not in seen]
        if year == 2026 and plan.unit.kind == "district" and self.rng.random() < 0.6:
            candidates.insert(0, ELECTION_2026)
        new = max(wanted - len(kept), 1 if year > YEARS[0] else 0)
        new = min(new, 14 - len(kept), len(candidates))
        first_new = candidates[:1] if candidates and candidates[0] is ELECTION_2026 else []
        chosen = first_new + self.rng.sample(candidates[len(first_new) :], max(new - len(first_new), 0))
        for position, spec in enumerate(chosen, start=len(kept) + 1):
            self.add_measure(plan, side, spec, year, position, areas)
        side.finish()

    def add_measure(self, plan, side: UnitSide, spec: Spec, year: int, position: int, areas: list) -> None:
        rng = self.rng
        relations = {
            "themes": [self.themes[n] for n in spec.themes],
            "focus_areas": [self.focus[c] for c in spec.focus if c in self.focus],
            "target_groups": [self.groups[c] for c in spec.groups if c in self.groups],
        }
        fields = {
            "title": spec.title,
            "description": spec.description,
            "prevention_level": spec.level,
            "status": self.statuses["planned"],
            "responsible_function": self.functions.get(spec.function),
            "partners_text": spec.partners,
            "start": dt.date(year, rng.choice([1, 1, 2, 3, 8]), 1),
            "end": None if spec.continuous else dt.date(year + rng.choice([0, 1, 1]), 12, 31),
            "shared_with_partners": spec.shared,
            "position": position,
        }
        measure = side.add_measure(
            {**relations, "areas": rng.sample(areas, min(spec.areas, len(areas)))}, **fields
        )
        self.first_year[measure.pk] = year
        for number, (title, weight) in enumerate(spec.parts, start=1):
            part = side.add_measure(
                relations,
                **{
                    **fields,
                    "title": title,
                    "description": "",
                    "shared_with_partners": False,
                    "position": number,
                    "parent": measure,
                    "weight": weight,
                },
            )
            self.first_year[part.pk] = year
        if spec.indicator:
            ind = spec.indicator
            side.add_indicator(
                measure,
                name=ind.name,
                unit=ind.unit,
                baseline=ind.baseline,
                target=ind.target,
                direction=ind.direction,
            )
        if spec.milestone:
            due = dt.date(year, rng.choice([3, 4, 5, 6, 9, 10, 11]), rng.choice([15, 30]))
            side.add_milestone(measure, title=spec.milestone, due=due)

    # the year's cycle

    def days(self, year: int) -> Days:
        r = self.rng.randint
        day = dt.timedelta
        sent = dt.date(year, 1, 15) + day(r(0, 20))
        board = sent + day(r(10, 30))
        review = board + day(r(5, 15))
        returned = review + day(r(3, 10))
        resubmitted = returned + day(r(7, 20))
        approved = resubmitted + day(r(5, 15))
        t1_open = max(dt.date(year, 5, 2), approved + day(1))
        t1 = max(dt.date(year, 5, 31) + day(r(-8, 10)), t1_open + day(5))
        t2 = dt.date(year, 9, 30) + day(r(-8, 12))
        annual = dt.date(year + 1, 2, 15) + day(r(-10, 10))
        found = Days(
            sent,
            board,
            review,
            returned,
            resubmitted,
            approved,
            t1_open,
            t1,
            dt.date(year, 9, 1),
            t2,
            dt.date(year + 1, 1, 10),
            annual,
        )
        for name, value in vars(found).items():  # nothing in the future
            setattr(found, name, min(value, self.today))
        return found

    def cycle(self, plan: Plan, side: UnitSide, year: int, stage: str) -> None:
        begin_next = stage.endswith("+")
        stage = stage.rstrip("+")
        reached = STAGES.index(stage)
        days = self.days(year)
        if reached < STAGES.index("sent_to_board"):
            return
        side.send_to_board()
        stamp(plan, days.sent)
        if reached < STAGES.index("adopted"):
            return
        prefix = BOARD_PREFIX.get(plan.unit.code, "SDN")
        side.record_board_decision(days.board, f"{prefix} {year}/{self.rng.randint(10, 240)}")
        stamp(plan, days.board)
        if reached < STAGES.index("in_review"):
            return
        returned = stage == "returned" or (stage != "in_review" and self.rng.random() < 0.35)
        if not returned:
            actions.do_comment(self.central, plan, self.rng.choice(APPROVAL_COMMENTS))
            stamp(plan, days.review)
            ReviewComment.objects.filter(plan=plan).update(created_at=at(days.review))
            if stage == "in_review":
                return
        else:
            for code, text, _answer in self.rng.sample(REVIEW_COMMENTS, 2):
                actions.do_comment(self.central, plan, text, section=self.sections.get(code))
            stamp(plan, days.review)
            ReviewComment.objects.filter(plan=plan).update(created_at=at(days.review))
            actions.do_return_plan(self.central, plan, "")
            stamp(plan, days.returned)
            if stage == "returned":
                return
            answers = {text: answer for _code, text, answer in REVIEW_COMMENTS}
            for comment in plan.comments.all():
                side.answer(comment, answers[comment.body])
            ReviewComment.objects.filter(plan=plan).update(replied_at=at(days.resubmitted))
            side.resubmit()
            stamp(plan, days.resubmitted)
        actions.do_approve(self.central, plan)
        stamp(plan, days.approved)
        for period in ("t1", "t2", "annual"):
            if reached >= STAGES.index(period):
                self.follow_up(plan, side, year, period, days)
            elif begin_next:
                self.follow_up(plan, side, year, period, days, submit=False)
                break

    def follow_up(self, plan: Plan, side: UnitSide, year: int, period: str, days: Days, submit=True):
        rng = self.rng
        follow_up = side.open_follow_up(period)
        if period == "t1":
            stamp(plan, days.t1_open)
        measures = {m.pk: m for m in plan.measures.select_related("status")}
        children: dict[int, list[Measure]] = {}
        for measure in measures.values():
            if measure.parent_id:
                children.setdefault(measure.parent_id, []).append(measure)
        reports = list(follow_up.reports.all())
        if not submit:  # a follow-up begun: only some lines written yet
            reports = reports[: len(reports) // 3]
        chosen: dict[int, tuple[str, int | None]] = {}
        for report in reports:
            measure = measures[report.measure_id]
            if measure.pk not in children:
                chosen[measure.pk] = self.next_status(measure, period, measures)
        for report in reports:
            measure = measures[report.measure_id]
            if measure.pk in children:
                codes = [chosen.get(c.pk, (c.status.code, None))[0] for c in children[measure.pk]]
                chosen[measure.pk] = (self.parent_status(codes), None)
        lines = []
        for report in reports:
            code, manual = chosen[report.measure_id]
            comment = rng.choice(REPORT_COMMENTS[code])
            lines.append((report, self.statuses[code], comment, rng.choice(REPORT_CHANGES), manual))
        side.save_reports(lines)
        self.record_values(plan, side, year, period, chosen)
        self.record_participation(plan, side, year, period, chosen)
        self.mark_milestones(plan, side, getattr(days, period))
        summary = (
            f"{plan.unit.name}, {follow_up.get_period_display()} {year}: "
            f"{sum(1 for c, _m in chosen.values() if c in ACTIVE)} åtgärder pågår eller är planerade, "
            f"{sum(1 for c, _m in chosen.values() if c == 'done')} är genomförda."
        )
        FollowUp.objects.filter(pk=follow_up.pk).update(summary=summary)
        if submit:
            side.submit(follow_up)
            FollowUp.objects.filter(pk=follow_up.pk).update(submitted_at=at(getattr(days, period), 14))

    def next_status(self, measure: Measure, period: str, measures: dict) -> tuple[str, int | None]:
        code = measure.status.code
        if code not in ACTIVE:
            return code, None
        options = NEXT[period][code]
        code = self.rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]
        parent = measures.get(measure.parent_id)
        standing = measure.title in self.continuous or (
            parent is not None and parent.title in self.continuous
        )
        if standing and code in {"largely-done", "done", "cancelled"}:
            code = "ongoing"
        manual = None
        if code == "ongoing" and self.rng.random() < 0.15:
            manual = self.rng.choice([35, 40, 60, 65])
        return code, manual

    @staticmethod
    def parent_status(codes: list[str]) -> str:
        if all(c in {"done", "cancelled"} for c in codes):
            return "done" if "done" in codes else "cancelled"
        if any(c in {"ongoing", "largely-done", "done"} for c in codes):
            return "ongoing"
        return "started" if "started" in codes else "planned"

    def record_values(self, plan, side: UnitSide, year: int, period: str, chosen: dict) -> None:
        values = []
        for indicator in Indicator.objects.filter(measure__plan=plan, measure_id__in=list(chosen)):
            code, _manual = chosen[indicator.measure_id]
            if code in {"planned", "cancelled"} or indicator.baseline is None or indicator.target is None:
                continue
            years_active = year - self.first_year.get(indicator.measure_id, year)
            share = min(1.0, (years_active + PERIOD_SHARE[period]) / 2.5) * self.rng.uniform(0.8, 1.1)
            value = float(indicator.baseline) + (float(indicator.target) - float(indicator.baseline)) * share
            if indicator.unit == "%":
                value = min(value, 100)
            values.append((indicator, round(max(value, 0))))
        side.record_values(year, period, values)

    def record_participation(self, plan, side: UnitSide, year: int, period: str, chosen: dict) -> None:
        three = self.themes[3]
        if period == "t1":  # the youth activities are counted for the summer (T2) and the year
            return
        youth = Measure.objects.filter(plan=plan, parent__isnull=True, themes=three, pk__in=list(chosen))
        for measure in youth.prefetch_related("target_groups"):
            if chosen[measure.pk][0] in {"planned", "cancelled"}:
                continue
            total = self.rng.randint(20, 160)
            bands = [("13-15", 0.5), ("16-19", 0.5)]
            if any(group.code == "children" for group in measure.target_groups.all()):
                bands = [("0-12", 0.4), ("13-15", 0.4), ("16-19", 0.2)]
            counts = {}
            for band, share in bands:
                for gender, part in (("girl", 0.47), ("boy", 0.5), ("other", 0.03)):
                    count = round(total * share * part * self.rng.uniform(0.7, 1.3))
                    if count:
                        counts[(band, gender)] = count
            side.record_participation(measure, year, period, counts)

    def mark_milestones(self, plan, side: UnitSide, until: dt.date) -> None:
        for milestone in Milestone.objects.filter(measure__plan=plan, done_on__isnull=True, due__lte=until):
            if self.rng.random() < 0.75:
                side.milestone_done(
                    milestone, min(milestone.due + dt.timedelta(days=self.rng.randint(-10, 20)), until)
                )


def load_demo_plans(city_code: str = "stockholm") -> dict[int, int]:
    """Make the demo plans; {year: number of plans}, empty if they were there already."""
    city = City.objects.filter(code=city_code).first()
    if city is None:
        raise DemoError(f"No city '{city_code}': run load_organisation {city_code} first.")
    if PlanningYear.objects.filter(city=city, year__in=YEARS).exists():
        return {}
    if not PlanTemplate.objects.filter(city=city, state=PublicationState.PUBLISHED).exists():
        raise DemoError(f"No plan template: run load_plan_setup {city_code} first.")
    central = get_user_model().objects.filter(username=CENTRAL, is_demo=True).first()
    if central is None:
        raise DemoError("The demo accounts are missing: load them first.")
    # The actions e-mail the next person in line; a demo would send hundreds of such messages.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        with transaction.atomic():
            return Demo(city, central).run()
