"""The status board, the city overview and the year-over-year comparison: the queries behind them.

Everything is aggregated in the database with a fixed number of queries, whatever the number of
plans and measures: one grouped query for the cells of the matrix, one for the unit totals, one for
the years. Weighted progress is Σ(weight × progress) / Σ(weight) over the measures whose progress
counts (not cancelled, weight above zero), as in progress.weighted; rounded half up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Unit

from .models import (
    FocusArea,
    FollowUp,
    Measure,
    MeasureStatus,
    Period,
    Plan,
    PlanEvent,
    PlanningYear,
    PreventionLevel,
    Theme,
)

NONE = "none"  # the column of measures without a theme or focus area


# Swedish alphabetical order: å, ä and ö come after z.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def name_key(name) -> str:
    return str(name).lower().translate(_SWEDISH_ORDER)


def default_year(years: list[PlanningYear], today: dt.date | None = None) -> PlanningYear | None:
    """This year's planning year if it is open, else the latest before it, else the earliest."""
    today = today or timezone.localdate()
    if not years:
        return None
    earlier = [y for y in years if y.year <= today.year]
    if earlier:
        return max(earlier, key=lambda y: y.year)
    return min(years, key=lambda y: y.year)


def planning_years() -> list[PlanningYear]:
    return list(PlanningYear.objects.order_by("-year"))


# --- status board ------------------------------------------------------------------------------------

STATUS_ORDER = [value for value, _label in Plan.Status.choices]


@dataclass(frozen=True)
class Step:
    code: str
    label: Any
    deadline_field: str


# The steps of the yearly cycle that have a deadline in the planning year, in order.
STEPS = [
    Step("board", _("board decision"), "board_due"),
    Step("review", _("central review"), "review_due"),
    Step("approval", _("approval"), "approval_due"),
    Step("t1", _("T1 follow-up"), "t1_due"),
    Step("t2", _("T2 follow-up"), "t2_due"),
    Step("annual", _("annual follow-up"), "annual_due"),
]

PAST_BOARD = {
    Plan.Status.ADOPTED,
    Plan.Status.IN_REVIEW,
    Plan.Status.RETURNED,
    Plan.Status.APPROVED,
    Plan.Status.FOLLOW_UP,
}
APPROVED = {Plan.Status.APPROVED, Plan.Status.FOLLOW_UP}


def step_done(plan: Plan, step: Step) -> bool:
    """Whether `plan` (annotated by board_plans) is past `step`."""
    if step.code == "board":
        return plan.status in PAST_BOARD
    if step.code == "review":
        # Reviewed once it has been returned with comments or approved, even if now back in review.
        return plan.status in APPROVED or plan.status == Plan.Status.RETURNED or plan.was_reviewed
    if step.code == "approval":
        return plan.status in APPROVED
    return getattr(plan, f"submitted_{step.code}")


@dataclass
class BoardRow:
    plan: Plan
    step: Step | None  # the first step not yet done; None when every step is done
    due: dt.date | None
    days_late: int  # 0 when not late
    days_in_status: int | None

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @property
    def status_index(self) -> int:
        return STATUS_ORDER.index(self.plan.status)


def board_plans(year: PlanningYear):
    """The year's plans with what the board needs, in one query."""
    submitted = {
        f"submitted_{period}": Exists(
            FollowUp.objects.filter(plan=OuterRef("pk"), period=period, submitted_at__isnull=False)
        )
        for period in (Period.T1, Period.T2, Period.ANNUAL)
    }
    reviewed = Exists(
        PlanEvent.objects.filter(
            plan=OuterRef("pk"), to_status__in=[Plan.Status.RETURNED, Plan.Status.APPROVED]
        )
    )
    return Plan.objects.filter(year=year).select_related("unit").annotate(was_reviewed=reviewed, **submitted)


SORTS = {
    "unit": lambda row: (name_key(row.plan.unit.display_name),),
    "status": lambda row: (row.status_index, name_key(row.plan.unit.display_name)),
    # Most overdue first, then the nearest deadline, then plans without one.
    "late": lambda row: (
        -row.days_late,
        row.due is None,
        row.due or dt.date.max,
        name_key(row.plan.unit.display_name),
    ),
}


def status_board(year: PlanningYear, sort: str = "unit", today: dt.date | None = None) -> list[BoardRow]:
    today = today or timezone.localdate()
    now = timezone.now()
    rows = []
    for plan in board_plans(year):
        step = next((s for s in STEPS if not step_done(plan, s)), None)
        due = getattr(year, step.deadline_field) if step else None
        days_late = (today - due).days if due and due < today else 0
        changed = plan.status_changed_at or year.opened_at
        rows.append(
            BoardRow(
                plan=plan,
                step=step,
                due=due,
                days_late=days_late,
                days_in_status=(now - changed).days if changed else None,
            )
        )
    key = sort.lstrip("-")
    rows.sort(key=SORTS.get(key, SORTS["unit"]), reverse=sort.startswith("-"))
    return rows


def status_counts(rows: list[BoardRow]) -> list[tuple[str, Any, int]]:
    """(status, label, number of plans) for every status, in the order of the cycle."""
    counts = {value: 0 for value in STATUS_ORDER}
    for row in rows:
        counts[row.plan.status] += 1
    return [(value, label, counts[value]) for value, label in Plan.Status.choices]


# --- the city overview --------------------------------------------------------------------------------

DIMENSIONS = {
    "theme": _("Capital Code theme"),
    "focus": _("focus area"),
    "level": _("prevention level"),
}
DIMENSION_FIELDS = {"theme": "themes", "focus": "focus_areas", "level": "prevention_level"}


@dataclass
class Filters:
    """The selection behind the overview and the measure list; ids as strings from the query string."""

    year: PlanningYear | None = None
    kind: str = ""
    unit: str = ""
    theme: str = ""  # a theme id, NONE, or "" for any
    focus: str = ""
    level: str = ""
    target_group: str = ""
    status: str = ""  # "" active measures, "all", or a status id

    def without_year(self) -> Filters:
        return Filters(**{**self.__dict__, "year": None})


def _m2m_filter(queryset, relation: str, column: str, value: str):
    through = getattr(Measure, relation).through
    if value == NONE:
        return queryset.exclude(pk__in=through.objects.values("measure_id"))
    return queryset.filter(pk__in=through.objects.filter(**{column: value}).values("measure_id"))


ACTIVE = Q(status__is_closed=False, status__default_progress__isnull=False)


def selected_measures(filters: Filters, *, active_by_default: bool = True):
    """Top-level measures matching the filters; sub-measures count through their measure's progress.

    Without a status filter only active measures are selected (status neither closed nor
    cancelled), unless `active_by_default` is off: then every measure whose progress counts.
    """
    measures = Measure.objects.filter(parent__isnull=True)
    if filters.year is not None:
        measures = measures.filter(plan__year=filters.year)
    if filters.kind:
        measures = measures.filter(plan__unit__kind=filters.kind)
    if filters.unit:
        measures = measures.filter(plan__unit_id=filters.unit)
    if filters.theme:
        measures = _m2m_filter(measures, "themes", "theme_id", filters.theme)
    if filters.focus:
        measures = _m2m_filter(measures, "focus_areas", "focusarea_id", filters.focus)
    if filters.level:
        measures = measures.filter(prevention_level=filters.level)
    if filters.target_group:
        measures = _m2m_filter(measures, "target_groups", "targetgroup_id", filters.target_group)
    if filters.status == "all":
        pass
    elif filters.status:
        measures = measures.filter(status_id=filters.status)
    elif active_by_default:
        measures = measures.filter(ACTIVE)
    else:
        measures = measures.filter(status__default_progress__isnull=False)
    return measures


COUNTED = Q(progress__isnull=False, weight__gt=0)


def _aggregates() -> dict[str, Any]:
    return {
        "measures": Count("id"),
        "weight_sum": Sum("weight", filter=COUNTED),
        "weighted_sum": Sum(
            F("weight") * F("progress"),
            filter=COUNTED,
            output_field=DecimalField(max_digits=20, decimal_places=2),
        ),
    }


def weighted_mean(weighted_sum, weight_sum) -> int | None:
    if not weight_sum:
        return None
    mean = Decimal(str(weighted_sum)) / Decimal(str(weight_sum))
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Cell:
    measures: int = 0
    weight_sum: Decimal = Decimal(0)
    weighted_sum: Decimal = Decimal(0)
    params: dict[str, str] = field(default_factory=dict)
    counts_as_gap: bool = True

    def add(self, row: dict[str, Any]) -> None:
        self.measures += row["measures"]
        self.weight_sum += Decimal(str(row["weight_sum"] or 0))
        self.weighted_sum += Decimal(str(row["weighted_sum"] or 0))

    @property
    def progress(self) -> int | None:
        return weighted_mean(self.weighted_sum, self.weight_sum)

    @property
    def is_gap(self) -> bool:
        return self.counts_as_gap and self.measures == 0


@dataclass
class Column:
    key: str
    label: Any
    is_none: bool = False


@dataclass
class MatrixRow:
    unit: Unit
    cells: list[Cell]
    total: Cell


@dataclass
class Matrix:
    by: str
    columns: list[Column]
    rows: list[MatrixRow]
    column_totals: list[Cell]
    total: Cell

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.is_gap)


def _columns(by: str, filters: Filters, city_id: int | None) -> list[Column]:
    if by == "theme":
        columns = [Column(str(t.pk), t.display_name) for t in Theme.objects.all()]
        chosen = filters.theme
    elif by == "focus":
        areas = FocusArea.objects.all()
        if city_id:
            areas = areas.filter(city_id=city_id)
        columns = [Column(str(a.pk), a.display_name) for a in areas]
        chosen = filters.focus
    else:
        levels = [Column(value, label) for value, label in PreventionLevel.choices]
        return [c for c in levels if c.key == filters.level] if filters.level else levels
    none = Column(NONE, _("none given"), is_none=True)
    if chosen == NONE:
        return [none]
    if chosen:
        return [c for c in columns if c.key == chosen]
    return [*columns, none]


def plan_units(filters: Filters) -> list[Unit]:
    """The units with a plan in the year (so that a unit without measures shows as a row of gaps)."""
    if filters.year is None:
        return []
    units = Unit.objects.filter(plans__year=filters.year)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.unit:
        units = units.filter(pk=filters.unit)
    return sorted(units, key=lambda unit: (unit.kind, name_key(unit.display_name)))


def matrix(filters: Filters, by: str = "theme") -> Matrix:
    """Units × themes (or focus areas, or prevention levels): active measures and weighted progress."""
    by = by if by in DIMENSIONS else "theme"
    units = plan_units(filters)
    city_id = units[0].city_id if units else None
    columns = _columns(by, filters, city_id)
    selected = selected_measures(filters)
    dimension = DIMENSION_FIELDS[by]
    cells: dict[tuple[int, str], Cell] = {}
    for row in selected.values("plan__unit_id", dimension).annotate(**_aggregates()).order_by():
        key = str(row[dimension]) if row[dimension] is not None else NONE
        cell = cells.setdefault((row["plan__unit_id"], key), Cell())
        cell.add(row)
    totals: dict[int, Cell] = {}
    for row in selected.values("plan__unit_id").annotate(**_aggregates()).order_by():
        totals.setdefault(row["plan__unit_id"], Cell(counts_as_gap=False)).add(row)

    rows = []
    column_totals = [Cell(counts_as_gap=False) for _column in columns]
    for unit in units:
        row_cells = []
        for index, column in enumerate(columns):
            cell = cells.get((unit.pk, column.key), Cell())
            cell.counts_as_gap = not column.is_none
            cell.params = {"unit": str(unit.pk), by: column.key}
            column_totals[index].measures += cell.measures
            column_totals[index].weight_sum += cell.weight_sum
            column_totals[index].weighted_sum += cell.weighted_sum
            row_cells.append(cell)
        total = totals.get(unit.pk, Cell(counts_as_gap=False))
        total.params = {"unit": str(unit.pk)}
        rows.append(MatrixRow(unit=unit, cells=row_cells, total=total))
    for column, cell in zip(columns, column_totals, strict=True):
        cell.params = {by: column.key}
    grand = Cell(counts_as_gap=False)
    for row in rows:
        grand.measures += row.total.measures
        grand.weight_sum += row.total.weight_sum
        grand.weighted_sum += row.total.weighted_sum
    # A "none given" column is shown only when some measure lacks a theme or focus area.
    keep = [
        i
        for i, column in enumerate(columns)
        if not column.is_none or column_totals[i].measures or filters.theme == NONE or filters.focus == NONE
    ]
    if len(keep) != len(columns):
        columns = [columns[i] for i in keep]
        column_totals = [column_totals[i] for i in keep]
        for row in rows:
            row.cells = [row.cells[i] for i in keep]
    return Matrix(by=by, columns=columns, rows=rows, column_totals=column_totals, total=grand)


@dataclass
class YearRow:
    year: int
    measures: int
    progress: int | None


def progress_by_year(filters: Filters) -> list[YearRow]:
    """Weighted progress of each year's measures (every measure whose progress counts), one query."""
    selected = selected_measures(filters.without_year(), active_by_default=False)
    rows = selected.values("plan__year__year").annotate(**_aggregates()).order_by("plan__year__year")
    return [
        YearRow(
            year=row["plan__year__year"],
            measures=row["measures"],
            progress=weighted_mean(row["weighted_sum"], row["weight_sum"]),
        )
        for row in rows
    ]


def summary(filters: Filters) -> tuple[int, int | None]:
    """The number of selected measures and their weighted progress, in one query."""
    found = selected_measures(filters).aggregate(**_aggregates())
    return found["measures"], weighted_mean(found["weighted_sum"], found["weight_sum"])


def measure_list(filters: Filters):
    """The measures behind a cell, with what the list shows, in a fixed number of queries."""
    return (
        selected_measures(filters)
        .select_related("plan", "plan__unit", "plan__year", "status")
        .prefetch_related("themes")
        .order_by("plan__unit__kind", "plan__unit__name", "position", "pk")
    )


def statuses(city_id: int | None = None) -> list[MeasureStatus]:
    found = MeasureStatus.objects.all()
    if city_id:
        found = found.filter(city_id=city_id)
    return list(found)


# --- year over year ------------------------------------------------------------------------------------


def previous_plan_ids(plan: Plan) -> list[int]:
    """Last year's plan of the unit, or for a unit formed by a merger its predecessors' plans."""
    if plan.previous_id:
        return [plan.previous_id]
    last_year = Plan.objects.filter(year__city_id=plan.year.city_id, year__year=plan.year.year - 1)
    same = list(last_year.filter(unit_id=plan.unit_id).values_list("pk", flat=True))
    if same:
        return same
    return list(
        last_year.filter(unit__successor_id=plan.unit_id).order_by("unit__name").values_list("pk", flat=True)
    )


@dataclass
class Change:
    label: Any
    before: str
    after: str


@dataclass
class Pair:
    before: Measure | None
    after: Measure | None
    changes: list[Change] = field(default_factory=list)


@dataclass
class Comparison:
    new: list[Pair]
    changed: list[Pair]
    unchanged: list[Pair]
    closed: list[Pair]


def _names(items) -> str:
    return ", ".join(str(item.display_name) for item in items)


# What "changed" means, in the order the changes are shown.
COMPARED = [
    ("title", _("title"), lambda m: m.title),
    ("description", _("description"), lambda m: m.description.strip()),
    ("status", _("status"), lambda m: str(m.status.display_name)),
    ("level", _("prevention level"), lambda m: str(m.get_prevention_level_display())),
    ("themes", _("Capital Code themes"), lambda m: _names(sorted(m.themes.all(), key=lambda t: t.number))),
    ("focus", _("focus areas"), lambda m: _names(sorted(m.focus_areas.all(), key=lambda a: a.position))),
    (
        "groups",
        _("target groups"),
        lambda m: _names(sorted(m.target_groups.all(), key=lambda g: g.position)),
    ),
]


def changes_between(before: Measure, after: Measure) -> list[Change]:
    found = []
    for _code, label, value in COMPARED:
        old, new = value(before), value(after)
        if old != new:
            found.append(Change(label, old, new))
    return found


def compare(plan: Plan, previous: list[Plan]) -> Comparison:
    """Sort the measures of `plan` and last year's `previous` plans into new, changed, unchanged and
    closed, following Measure.carried_from; one query for the measures and one per relation."""
    measures = list(
        Measure.objects.filter(plan__in=[plan, *previous])
        .select_related("status", "parent", "plan__unit")
        .prefetch_related("themes", "focus_areas", "target_groups")
        .order_by("plan__unit__name", "position", "pk")
    )
    old = {m.pk: m for m in measures if m.plan_id != plan.pk}
    result = Comparison(new=[], changed=[], unchanged=[], closed=[])
    carried = set()
    for measure in (m for m in measures if m.plan_id == plan.pk):
        before = old.get(measure.carried_from_id)
        if before is None:
            result.new.append(Pair(None, measure))
            continue
        carried.add(before.pk)
        changes = changes_between(before, measure)
        (result.changed if changes else result.unchanged).append(Pair(before, measure, changes))
    result.closed = [Pair(m, None) for m in old.values() if m.pk not in carried]
    return result
