"""Coverage: the share of a function's staff in a unit reached by a programme within the window.

Reached = the distinct people named in the window (attendees of sessions with an account and
people who passed the programme's e-learning: each person once, however many sessions they sat)
plus, per session, the participants beyond those named (a number without names is taken as given,
so a session counts max(named, participants)); capped at the headcount. Headcount = the unit's
figure for the function in the latest year up to this year. Everything is summed in the database:
a fixed number of queries however many units, functions, programmes and sessions there are.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from safecity.organisation.models import Function, Unit

from .models import Completion, CoverageTarget, Headcount, Programme, Session


def window_start(today: dt.date | None = None, months: int | None = None) -> dt.date:
    today = today or timezone.localdate()
    months = settings.COMPETENCE_WINDOW_MONTHS if months is None else months
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


@dataclass
class Cell:
    unit: Unit | None  # None: city-wide
    function: Function
    programme: Programme
    headcount: int
    reached: int
    target: int | None  # percent

    @property
    def share(self) -> Decimal:
        if not self.headcount:
            return Decimal(0)
        return (Decimal(min(self.reached, self.headcount)) * 100 / self.headcount).quantize(Decimal("0.1"))

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.share < self.target

    @property
    def is_gap(self) -> bool:
        """Nobody reached, unless the target is 0 % (the programme is not asked of this function)."""
        return self.reached == 0 and self.target != 0

    def gap_sentence(self) -> str:
        names = {
            "function": self.function.display_name.lower(),
            "unit": self.unit.display_name if self.unit else "",
            "programme": self.programme.display_title,
            "share": number_format(self.share, 1),
            "target": self.target,
        }
        if self.unit is None and self.is_gap:
            return _("No staff in %(function)s anywhere in the city have taken “%(programme)s”.") % names
        if self.unit is None:
            return (
                _(
                    "%(share)s %% of staff in %(function)s across the city have taken “%(programme)s” "
                    "(target %(target)s %%)."
                )
                % names
            )
        if self.is_gap:
            return _("No staff in %(function)s in %(unit)s have taken “%(programme)s”.") % names
        return (
            _(
                "%(share)s %% of staff in %(function)s in %(unit)s have taken “%(programme)s” (target %(target)s %%)."
            )
            % names
        )


@dataclass
class UnitSummary:
    unit: Unit
    pairs: int = 0
    gaps: int = 0  # nobody reached
    below_target: int = 0  # reached some, under the target


@dataclass
class Coverage:
    since: dt.date
    cells: list[Cell] = field(default_factory=list)  # per unit × function × programme
    city: list[Cell] = field(default_factory=list)  # per function × programme, all units together

    @property
    def gaps(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_gap or cell.below_target]

    @property
    def city_gaps(self) -> list[Cell]:
        return [cell for cell in self.city if cell.is_gap or cell.below_target]

    def per_unit(self) -> list[UnitSummary]:
        """Per unit: how many unit × function × programme pairs, how many not reached, how many under target."""
        summaries: dict[int, UnitSummary] = {}
        for cell in self.cells:
            summary = summaries.setdefault(cell.unit.pk, UnitSummary(cell.unit))
            summary.pairs += 1
            summary.gaps += cell.is_gap
            summary.below_target += cell.below_target and not cell.is_gap
        return list(summaries.values())


Key = tuple[int, int, int]  # unit, function, programme


def _named_in_session():
    """The number of named attendees of the outer session (0 when none)."""
    through = Session.attendees.through
    named = (
        through.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(named, output_field=IntegerField()), 0)


def reached_counts(units, since: dt.date, until: dt.date, *, programme_ids=None) -> dict[Key, int]:
    """People reached per (unit, function, programme) in [since, until]: four grouped queries.

    distinct named people (session attendees ∪ e-learning passes) + anonymous remainders of sessions.
    """
    through = Session.attendees.through
    session_filter = {"unit_id__in": units, "date__gte": since, "date__lte": until}
    completion_filter = {
        "unit_id__in": units,
        "passed": True,
        "completed_at__date__gte": since,
        "completed_at__date__lte": until,
        "function__isnull": False,
    }
    if programme_ids is not None:
        session_filter["programme_id__in"] = programme_ids
        completion_filter["version__quiz__programme_id__in"] = programme_ids
    reached: dict[Key, int] = defaultdict(int)
    anonymous = (
        Session.objects.filter(**session_filter)
        .order_by()
        .values("unit_id", "function_id", "programme_id")
        .annotate(total=Sum(Greatest(F("participants") - _named_in_session(), Value(0))))
    )
    for row in anonymous:
        reached[row["unit_id"], row["function_id"], row["programme_id"]] += row["total"] or 0
    attendee_filter = {f"session__{name}": value for name, value in session_filter.items()}
    attendees = through.objects.filter(**attendee_filter).order_by()
    group = ("session__unit_id", "session__function_id", "session__programme_id")
    for row in attendees.values(*group).annotate(people=Count("user_id", distinct=True)):
        reached[row[group[0]], row[group[1]], row[group[2]]] += row["people"]
    completions = Completion.objects.filter(**completion_filter).order_by()
    passes = ("unit_id", "function_id", "version__quiz__programme_id")
    for row in completions.values(*passes).annotate(people=Count("user", distinct=True)):
        reached[row[passes[0]], row[passes[1]], row[passes[2]]] += row["people"]
    # People both named in a session and passed the e-learning: counted above twice, once here back.
    also_passed = Completion.objects.filter(
        **completion_filter,
        user_id=OuterRef("user_id"),
        unit_id=OuterRef("session__unit_id"),
        function_id=OuterRef("session__function_id"),
        version__quiz__programme_id=OuterRef("session__programme_id"),
    )
    both = attendees.filter(Exists(also_passed)).values(*group)
    for row in both.annotate(people=Count("user_id", distinct=True)):
        reached[row[group[0]], row[group[1]], row[group[2]]] -= row["people"]
    return reached


def compute(units, *, today: dt.date | None = None, months: int | None = None) -> Coverage:
    today = today or timezone.localdate()
    since = window_start(today, months)
    units = {unit.pk: unit for unit in units}
    functions = {f.pk: f for f in Function.objects.all()}
    programmes = list(Programme.objects.prefetch_related("target_functions"))
    targets = {(t.function_id, t.programme_id): t.share for t in CoverageTarget.objects.all()}

    latest_year = (
        Headcount.objects.filter(unit=OuterRef("unit"), function=OuterRef("function"), year__lte=today.year)
        .order_by("-year")
        .values("year")[:1]
    )
    headcounts = {
        (row["unit_id"], row["function_id"]): row["number"]
        for row in Headcount.objects.filter(unit_id__in=units, year=Subquery(latest_year)).values(
            "unit_id", "function_id", "number"
        )
    }
    reached = reached_counts(list(units), since, today)
    coverage = Coverage(since=since)
    city: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for programme in programmes:
        programme_id = programme.pk
        for function in programme.target_functions.all():
            function_id = function.pk
            function = functions[function_id]
            target = targets.get((function_id, programme_id))
            totals = city[function_id, programme_id]
            for unit_id, unit in units.items():
                staff = headcounts.get((unit_id, function_id))
                if not staff:
                    continue
                got = min(reached.get((unit_id, function_id, programme_id), 0), staff)
                coverage.cells.append(Cell(unit, function, programme, staff, got, target))
                totals[0] += staff
                totals[1] += got
    for programme in programmes:
        for function in programme.target_functions.all():
            staff, got = city.get((function.pk, programme.pk), (0, 0))
            if staff:
                target = targets.get((function.pk, programme.pk))
                coverage.city.append(Cell(None, functions[function.pk], programme, staff, got, target))
    coverage.cells.sort(
        key=lambda c: (c.unit.name, c.function.position, c.function.name, c.programme.position)
    )
    return coverage
