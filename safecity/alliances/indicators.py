"""Alliance indicators per unit and the network matrix, each computed in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from safecity.organisation.models import Unit

from .models import MeasurePartner, Meeting, Partner

TERTIALS = ((1, 4), (5, 8), (9, 12))


def tertial_of(day: dt.date) -> int:
    return (day.month - 1) // 4 + 1


@dataclass
class UnitIndicators:
    unit: Unit
    active_partners: int = 0
    meetings: list[int] = field(default_factory=lambda: [0, 0, 0])
    shared_measures: int = 0

    @property
    def meetings_total(self) -> int:
        return sum(self.meetings)


def units():
    return list(Unit.objects.valid_on().exclude(kind=Unit.Kind.CENTRAL).order_by("kind", "name"))


def unit_indicators(year: int) -> list[UnitIndicators]:
    """Active partners (marked active, working with the unit), meetings per tertial of `year`, and the
    unit's measures in that year's plan that are linked to at least one partner. Four queries."""
    rows = {u.pk: UnitIndicators(u) for u in units()}
    active = Partner.objects.filter(active=True).values("units").annotate(n=Count("pk", distinct=True))
    for item in active:
        if item["units"] in rows:
            rows[item["units"]].active_partners = item["n"]
    meetings = Meeting.objects.filter(date__year=year).values_list("units", "date")
    for unit_id, day in meetings:
        if unit_id in rows:
            rows[unit_id].meetings[tertial_of(day) - 1] += 1
    measures = (
        MeasurePartner.objects.filter(measure__plan__year__year=year)
        .values("measure__plan__unit")
        .annotate(n=Count("measure", distinct=True))
    )
    for item in measures:
        if item["measure__plan__unit"] in rows:
            rows[item["measure__plan__unit"]].shared_measures = item["n"]
    return list(rows.values())


def network_matrix() -> tuple[list[Unit], list[tuple[str, str]], dict[tuple[int, str], int]]:
    """Active partners per unit and partner kind. Two queries."""
    counts = {
        (row["units"], row["kind"]): row["n"]
        for row in Partner.objects.filter(active=True, units__isnull=False)
        .values("units", "kind")
        .annotate(n=Count("pk", distinct=True))
    }
    return units(), list(Partner.Kind.choices), counts
