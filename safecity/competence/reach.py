"""The reach of training measures: what the programmes linked to a plan's measures achieved in a period.

The one door through which action plans read competence figures (plans never import competence
models). For each measure linked to programmes, and each programme: the sessions held by the plan's
unit in the period, their participants (a session counts max(named, given)), the staff of the
programme's target functions reached (the same rule as coverage.py: named people once, numbers
without names as given, capped at each function's headcount) and that as a share of the target
functions' headcount. A fixed number of queries however many measures and programmes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from .coverage import _named_in_session, reached_counts
from .models import Headcount, MeasureProgramme, Programme, Session


@dataclass
class Reach:
    programme: Programme
    sessions: int
    participants: int
    staff_reached: int
    headcount: int

    @property
    def coverage_pct(self) -> Decimal | None:
        """The share of the target functions' staff reached, in per cent; None without a headcount."""
        if not self.headcount:
            return None
        return (Decimal(self.staff_reached) * 100 / self.headcount).quantize(Decimal("0.1"))

    def as_dict(self) -> dict:
        return {
            "programme": self.programme,
            "sessions": self.sessions,
            "participants": self.participants,
            "staff_reached": self.staff_reached,
            "coverage_pct": self.coverage_pct,
        }


def _links(measure_ids) -> list[MeasureProgramme]:
    return list(
        MeasureProgramme.objects.filter(measure_id__in=list(measure_ids))
        .select_related("programme")
        .annotate(unit_id=F("measure__plan__unit_id"))
        .order_by("measure_id", "programme__position", "programme__title")
    )


def _target_functions(programme_ids) -> dict[int, set[int]]:
    through = Programme.target_functions.through
    result: dict[int, set[int]] = defaultdict(set)
    for programme_id, function_id in through.objects.filter(programme_id__in=programme_ids).values_list(
        "programme_id", "function_id"
    ):
        result[programme_id].add(function_id)
    return result


def _headcounts(unit_ids, year: int) -> dict[tuple[int, int], int]:
    latest_year = (
        Headcount.objects.filter(unit=OuterRef("unit"), function=OuterRef("function"), year__lte=year)
        .order_by("-year")
        .values("year")[:1]
    )
    return {
        (row["unit_id"], row["function_id"]): row["number"]
        for row in Headcount.objects.filter(unit_id__in=unit_ids, year=Subquery(latest_year)).values(
            "unit_id", "function_id", "number"
        )
    }


def _reach_periods(measure_ids, periods: dict[str, tuple[dt.date, dt.date]]) -> dict[int, list[dict]]:
    """{measure_id: [{"programme": p, "periods": {key: Reach}}]} for every period at once."""
    links = _links(measure_ids)
    if not links:
        return {}
    unit_ids = sorted({link.unit_id for link in links})
    programme_ids = sorted({link.programme_id for link in links})
    targets = _target_functions(programme_ids)
    latest_end = max(end for _start, end in periods.values())
    headcounts = _headcounts(unit_ids, latest_end.year)
    figures: dict[str, tuple[dict, dict]] = {}
    for key, (start, end) in periods.items():
        held = {
            (row["unit_id"], row["programme_id"]): (row["sessions"], row["participants"] or 0)
            for row in Session.objects.filter(
                unit_id__in=unit_ids, programme_id__in=programme_ids, date__gte=start, date__lte=end
            )
            .order_by()
            .values("unit_id", "programme_id")
            .annotate(
                sessions=Count("pk"), participants=Sum(Greatest(F("participants"), _named_in_session()))
            )
        }
        reached = reached_counts(unit_ids, start, end, programme_ids=programme_ids)
        figures[key] = (held, reached)

    result: dict[int, list[dict]] = defaultdict(list)
    for link in links:
        functions = targets.get(link.programme_id, set())
        row = {"programme": link.programme, "periods": {}}
        for key in periods:
            held, reached = figures[key]
            sessions, participants = held.get((link.unit_id, link.programme_id), (0, 0))
            staff = 0
            got = 0
            for function_id in functions:
                count = headcounts.get((link.unit_id, function_id), 0)
                staff += count
                got += min(reached.get((link.unit_id, function_id, link.programme_id), 0), count)
            row["periods"][key] = Reach(link.programme, sessions, participants, got, staff)
        result[link.measure_id].append(row)
    return dict(result)


def reach_for_measures(measure_ids, start: dt.date, end: dt.date) -> dict[int, list[dict]]:
    """{measure_id: [{programme, sessions, participants, staff_reached, coverage_pct}]} in [start, end].

    Measures without linked programmes are left out. The caller has checked that the reader may see
    the measures (plans/access.py).
    """
    return {
        measure_id: [row["periods"]["period"].as_dict() for row in rows]
        for measure_id, rows in _reach_periods(measure_ids, {"period": (start, end)}).items()
    }


PERIODS = [("t1", _("T1 (January–April)")), ("t2", _("T2 (May–August)")), ("annual", _("The whole year"))]


def tertials(year: int) -> dict[str, tuple[dt.date, dt.date]]:
    return {
        "t1": (dt.date(year, 1, 1), dt.date(year, 4, 30)),
        "t2": (dt.date(year, 5, 1), dt.date(year, 8, 31)),
        "annual": (dt.date(year, 1, 1), dt.date(year, 12, 31)),
    }


@dataclass
class MeasureReach:
    measure: object
    programmes: list[dict]  # [{"programme": p, "periods": [(label, Reach), ...]}] in PERIODS order


def plan_reach(plan, measures) -> list[MeasureReach]:
    """The reach of each of `measures` (a plan's, already fetched through plans/access.py) in T1,
    T2 and the whole plan year; measures without programmes are left out."""
    by_measure = _reach_periods([m.pk for m in measures], tertials(plan.year.year))
    result = []
    for measure in measures:
        if measure.pk not in by_measure:
            continue
        programmes = [
            {
                "programme": row["programme"],
                "periods": [(label, row["periods"][key]) for key, label in PERIODS],
            }
            for row in by_measure[measure.pk]
        ]
        result.append(MeasureReach(measure, programmes))
    return result
