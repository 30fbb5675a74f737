"""Coverage: the share of a function's staff in a unit reached by a programme within the window.

Reached = participants of sessions held in the window + people who passed the programme's
e-learning in the window (once each), capped at the headcount. Headcount = the unit's figure for
the function in the latest year up to this year. Everything is summed in the database: a fixed
number of queries however many units, functions, programmes and sessions there are.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone
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
        return self.reached == 0

    def gap_sentence(self) -> str:
        names = {
            "function": self.function.display_name.lower(),
            "unit": self.unit.display_name if self.unit else "",
            "programme": self.programme.display_title,
        }
        if self.is_gap:
            return _("No staff in %(function)s in %(unit)s have taken “%(programme)s”.") % names
        names["share"] = self.share
        names["target"] = self.target
        return (
            _(
                "%(share)s %% of staff in %(function)s in %(unit)s have taken “%(programme)s” (target %(target)s %%)."
            )
            % names
        )


@dataclass
class Coverage:
    since: dt.date
    cells: list[Cell] = field(default_factory=list)  # per unit × function × programme
    city: list[Cell] = field(default_factory=list)  # per function × programme, all units together

    @property
    def gaps(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_gap or cell.below_target]


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
    reached: dict[tuple[int, int, int], int] = defaultdict(int)
    sessions = (
        Session.objects.filter(unit_id__in=units, date__gte=since, date__lte=today)
        .values("unit_id", "function_id", "programme_id")
        .annotate(total=Sum("participants"))
    )
    for row in sessions:
        reached[row["unit_id"], row["function_id"], row["programme_id"]] += row["total"]
    completions = (
        Completion.objects.filter(
            unit_id__in=units, passed=True, completed_at__date__gte=since, function__isnull=False
        )
        .values("unit_id", "function_id", "version__quiz__programme_id")
        .annotate(people=Count("user", distinct=True))
    )
    for row in completions:
        reached[row["unit_id"], row["function_id"], row["version__quiz__programme_id"]] += row["people"]

    coverage = Coverage(since=since)
    city: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for programme in programmes:
        for function in programme.target_functions.all():
            for unit_id, unit in units.items():
                staff = headcounts.get((unit_id, function.pk))
                if not staff:
                    continue
                got = min(reached[unit_id, function.pk, programme.pk], staff)
                target = targets.get((function.pk, programme.pk))
                coverage.cells.append(Cell(unit, functions[function.pk], programme, staff, got, target))
                city[function.pk, programme.pk][0] += staff
                city[function.pk, programme.pk][1] += got
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
