"""What the plan pages show about a plan: where it stands (the status stepper and deadlines), the next
step and who takes it, the buttons a person may use, and the measure tree, in few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import access
from .models import FollowUp, IndicatorValue, Measure, Period, Plan, PlanEvent, YouthParticipation

S = Plan.Status
STEPS = [S.DRAFT, S.SENT_TO_BOARD, S.ADOPTED, S.IN_REVIEW, S.RETURNED, S.APPROVED, S.FOLLOW_UP]
STEP_LABELS = {
    S.DRAFT: _("Draft"),
    S.SENT_TO_BOARD: _("Sent to the board"),
    S.ADOPTED: _("Adopted by the board"),
    S.IN_REVIEW: _("Central review"),
    S.RETURNED: _("Returned with comments"),
    S.APPROVED: _("Approved"),
    S.FOLLOW_UP: _("Follow-up"),
}
PERIOD_STEP_LABELS = {
    Period.T1: _("Do the T1 follow-up"),
    Period.T2: _("Do the T2 follow-up"),
    Period.ANNUAL: _("Do the annual follow-up"),
}


@dataclass
class Step:
    status: str
    label: Promise
    state: str  # done, current, upcoming, skipped


def stepper(plan: Plan, events: list[PlanEvent]) -> list[Step]:
    """The seven steps; "returned" is a detour, shown as passed only when the plan really went there."""
    current = STEPS.index(plan.status)
    visited = {e.to_status for e in events}
    steps = []
    for index, status in enumerate(STEPS):
        if index == current:
            state = "current"
        elif status == S.RETURNED:
            state = "done" if S.RETURNED in visited else ("skipped" if index < current else "upcoming")
        else:
            state = "done" if index < current else "upcoming"
        steps.append(Step(status, STEP_LABELS[status], state))
    return steps


@dataclass
class Deadline:
    label: Promise
    due: dt.date
    done: bool

    @property
    def late(self) -> bool:
        return not self.done and self.due < timezone.localdate()


def deadlines(plan: Plan, follow_ups: dict[str, FollowUp]) -> list[Deadline]:
    year = plan.year
    status = STEPS.index(plan.status)
    submitted = {period for period, f in follow_ups.items() if f.is_locked}
    rows = [
        (_("Board decision"), year.board_due, status >= STEPS.index(S.ADOPTED)),
        (_("Central review"), year.review_due, status >= STEPS.index(S.RETURNED)),
        (_("Approval"), year.approval_due, status >= STEPS.index(S.APPROVED)),
        (_("T1 follow-up"), year.t1_due, Period.T1 in submitted),
        (_("T2 follow-up"), year.t2_due, Period.T2 in submitted),
        (_("Annual follow-up"), year.annual_due, Period.ANNUAL in submitted),
    ]
    return [Deadline(label, due, done) for label, due, done in rows if due]


@dataclass
class NextStep:
    label: Promise
    url: str
    mine: bool  # the person looking is the one to take it


def next_step(user, plan: Plan, follow_ups: dict[str, FollowUp], measure_count: int) -> NextStep | None:
    detail = reverse("plans:detail", args=[plan.pk])
    if access.can_edit_plan(user, plan) and plan.status == S.DRAFT and measure_count == 0:
        return NextStep(_("Write the plan"), detail, True)
    if access.can_take_to_board(user, plan):
        if plan.status == S.DRAFT:
            return NextStep(_("Send to the board"), reverse("plans:send_to_board", args=[plan.pk]), True)
        return NextStep(_("Record the board decision"), reverse("plans:board_decision", args=[plan.pk]), True)
    if access.can_review(user, plan):
        return NextStep(_("Review the plan"), detail, True)
    if access.can_answer_review(user, plan):
        return NextStep(_("Answer the comments"), detail + "#comments", True)
    if access.can_follow_up(user, plan):
        for period in Period.values:
            if period not in follow_ups or not follow_ups[period].is_locked:
                url = reverse("plans:follow_up", args=[plan.pk, period])
                return NextStep(PERIOD_STEP_LABELS[period], url, True)
        return None
    waiting = {
        S.DRAFT: _("The unit writes the plan"),
        S.SENT_TO_BOARD: _("Waiting for the board decision"),
        S.ADOPTED: _("Waiting for central review"),
        S.IN_REVIEW: _("Waiting for central review"),
        S.RETURNED: _("The unit answers the comments"),
    }
    if plan.status in waiting:
        return NextStep(waiting[plan.status], detail, False)
    return None


@dataclass
class Buttons:
    edit: bool
    send_to_board: bool
    board_decision: bool
    review: bool
    return_plan: bool
    answer: bool
    resubmit: bool
    unanswered: int
    import_rows: bool


def buttons(user, plan: Plan, comments) -> Buttons:
    """Only the buttons whose action would be allowed now (the actions check again)."""
    from .imports import can_import  # imports → documents → pages: imported late

    to_board = access.can_take_to_board(user, plan)
    review = access.can_review(user, plan)
    answer = access.can_answer_review(user, plan)
    open_comments = [c for c in comments if c.resolved_at is None]
    unanswered = sum(1 for c in open_comments if not c.reply)
    return Buttons(
        edit=access.can_edit_plan(user, plan),
        send_to_board=to_board and plan.status == S.DRAFT,
        board_decision=to_board and plan.status == S.SENT_TO_BOARD,
        review=review,
        return_plan=review and bool(open_comments),
        answer=answer,
        resubmit=answer and unanswered == 0,
        unanswered=unanswered,
        import_rows=can_import(user, plan),
    )


def measure_tree(plan: Plan) -> list[Measure]:
    """The plan's measures as a tree (each with .sub and .number), everything prefetched."""
    values = IndicatorValue.objects.filter(year=plan.year.year)
    measures = list(
        plan.measures.select_related("status", "responsible_function", "responsible_person")
        .prefetch_related(
            "themes",
            "focus_areas",
            "target_groups",
            "areas",
            "milestones",
            "indicators",
            Prefetch("indicators__values", queryset=values, to_attr="year_values"),
        )
        .order_by("position", "id")
    )
    for measure in measures:
        for indicator in measure.indicators.all():
            by_period = {v.period: v for v in indicator.year_values}
            indicator.period_values = [by_period.get(period) for period in Period.values]
    return build_tree(measures)


def build_tree(measures: list[Measure]) -> list[Measure]:
    children: dict[int | None, list[Measure]] = {}
    ids = {m.pk for m in measures}
    for m in measures:
        parent = m.parent_id if m.parent_id in ids else None
        children.setdefault(parent, []).append(m)

    def attach(nodes: list[Measure], prefix: str, depth: int) -> list[Measure]:
        for index, node in enumerate(nodes, start=1):
            node.number = f"{prefix}{index}"
            node.depth = depth
            node.sub = attach(children.get(node.pk, []), f"{node.number}.", depth + 1) if depth < 5 else []
        return nodes

    return attach(children.get(None, []), "", 0)


def flatten(tree: list[Measure]) -> list[Measure]:
    flat = []
    for node in tree:
        flat.append(node)
        flat.extend(flatten(node.sub))
    return flat


# --- page contexts -------------------------------------------------------------------------------------


EVENT_NOTES = {
    "opened": _("opened with the planning year"),
    "resubmitted": _("answered and sent back for review"),
    Period.T1: _("T1 follow-up started"),
    Period.T2: _("T2 follow-up started"),
    Period.ANNUAL: _("annual follow-up started"),
}


@dataclass
class PlanRow:
    plan: Plan
    own: bool
    step: NextStep | None


def plans_by_year(user, plans) -> list[tuple[int, list[PlanRow], list[PlanRow]]]:
    """The plans grouped by year, newest first; in each year the person's own unit's plan first."""
    own_units = access.own_plan_unit_ids(user)
    years: dict[int, list[PlanRow]] = {}
    for plan in plans.order_by("-year__year", "unit__kind", "unit__name"):
        follow_ups = {f.period: f for f in plan.follow_ups.all()}
        row = PlanRow(plan, plan.unit_id in own_units, next_step(user, plan, follow_ups, plan.measure_count))
        years.setdefault(plan.year.year, []).append(row)
    return [
        (year, [r for r in rows if r.own], [r for r in rows if not r.own]) for year, rows in years.items()
    ]


def measure_links(user, plan: Plan) -> dict[str, bool]:
    """Which other modules' pages about this plan's measures the person may open (plan-wide rules).

    Imported here, not at the top: alliances, competence and network build on plans, not the reverse.
    """
    from safecity.alliances.access import editable_unit_ids
    from safecity.alliances.access import is_central as alliances_central
    from safecity.competence.access import can_link_for_plan
    from safecity.network.access import coordinated_unit_ids as proposing_units

    return {
        "partners": alliances_central(user) or plan.unit_id in editable_unit_ids(user),
        "programmes": can_link_for_plan(user, plan),
        "good_practice": plan.status in access.FOLLOWED_UP and plan.unit_id in proposing_units(user),
    }


def detail_context(user, plan: Plan) -> dict:
    from .models import FocusArea, Theme

    sections = list(plan.sections.select_related("section", "updated_by").order_by("section__position"))
    comments = list(plan.comments.select_related("author", "replied_by", "section"))
    events = list(plan.events.select_related("by"))
    for event in events:
        event.note_display = EVENT_NOTES.get(event.note, event.note)
    follow_ups = {f.period: f for f in plan.follow_ups.all()}
    tree = measure_tree(plan)
    can = buttons(user, plan, comments)
    for section in sections:
        section.review_comments = [c for c in comments if c.section_id == section.section_id]
    previous = plan.previous  # fetched with the plan (access.get_plan_for_user)
    follow_up_rows = []
    writer = access.can_follow_up(user, plan)
    for period, label in Period.choices:
        existing = follow_ups.get(period)
        if existing or writer:
            follow_up_rows.append((period, label, existing))
    step = next_step(user, plan, follow_ups, len(flatten(tree)))
    unanswered = [c for c in comments if not c.reply and c.resolved_at is None]
    if step and can.answer and unanswered:
        step = NextStep(step.label, f"#comment-{unanswered[0].pk}", True)
    return {
        "plan": plan,
        "sections": sections,
        "plan_comments": [c for c in comments if c.section_id is None],
        "comment_count": len(comments),
        "events": events,
        "steps": stepper(plan, events),
        "deadlines": deadlines(plan, follow_ups),
        "next": step,
        "measures": tree,
        "measure_count": len(flatten(tree)),
        "can": can,
        "links": measure_links(user, plan),
        "show_guidance": can.edit or can.review,
        "previous": previous if previous and access.can_view_plan(user, previous) else None,
        "follow_up_rows": follow_up_rows,
        "situation_picture": _situation_picture(user, plan),
        "themes": Theme.objects.all(),
        "focus_areas": FocusArea.objects.filter(city_id=plan.unit.city_id),
    }


def follow_up_context(plan: Plan, follow_up: FollowUp) -> dict:
    due = {
        Period.T1: plan.year.t1_due,
        Period.T2: plan.year.t2_due,
        Period.ANNUAL: plan.year.annual_due,
    }[follow_up.period]
    late = due is not None and follow_up.submitted_at is None and due < timezone.localdate()
    genders = [label for _value, label in YouthParticipation.Gender.choices]
    return {"due": due, "late": late, "submitted_by": follow_up.submitted_by, "genders": genders}


def _situation_picture(user, plan: Plan):
    """The unit's latest final situational picture, for the "local situational picture" section,
    when the reader may open it (the situation app owns pictures; plans only link to them)."""
    from safecity.situation.access_picture import can_read
    from safecity.situation.builder import latest_final_picture

    if not can_read(user, plan.unit):
        return None
    return latest_final_picture(plan.unit)
