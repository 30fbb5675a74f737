"""Counts of signals for the situational picture and the reports, computed in the database.

Other apps read signals only through these functions (ARCHITECTURE.md: never the models' internals).
The counts are raw: coordinators may see them as they are; anything shown to others (managers,
partners, the public, board reports) goes through safecity.core.suppression first, e.g.
`suppress_rows(signal_counts(...))`.

Merged duplicates are not counted (their original is). Tombstoned signals are: retention keeps
exactly the fields counted here.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from safecity.core.suppression import suppress_rows
from safecity.organisation.models import Unit

from .models import Signal

DIMENSIONS = {
    "kind": F("kind"),
    "milieu": F("milieu"),
    "area": F("area__code"),
    "month": TruncMonth("occurred_on"),
    "unit": F("unit__code"),
    "district": F("district__code"),
    "source": F("source"),
    "status": F("status"),
}


def _unit_and_predecessors(unit: Unit) -> list[int]:
    ids, todo = [], [unit]
    while todo:
        current = todo.pop()
        if current.pk in ids:
            continue
        ids.append(current.pk)
        todo.extend(current.predecessors.all())
    return ids


def counted_signals(unit: Unit | None = None, start: dt.date | None = None, end: dt.date | None = None):
    """The signals that count: no merged duplicates; for a unit, those it handles or that happened in
    its areas (including the areas of units merged into it); `start`..`end` by the day it happened."""
    signals = Signal.objects.filter(duplicate_of__isnull=True)
    if unit is not None:
        ids = _unit_and_predecessors(unit)
        signals = signals.filter(Q(unit_id__in=ids) | Q(district_id__in=ids))
    if start is not None:
        signals = signals.filter(occurred_on__gte=start)
    if end is not None:
        signals = signals.filter(occurred_on__lte=end)
    return signals


def signal_counts(
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: tuple[str, ...] | list[str] = ("kind", "milieu", "area", "month"),
) -> list[dict]:
    """Counts grouped by the dimensions in `by` (kind, milieu, area, month, unit, district, source,
    status), one dict per group with those keys and "count"; "area" and the units by their code,
    "month" as the first day of the month. Signals without an area count under area None."""
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"signal_counts cannot group by {', '.join(sorted(unknown))}")
    names = {name: f"by_{name}" for name in by}
    rows = (
        counted_signals(unit, start, end)
        .order_by()
        .annotate(**{alias: DIMENSIONS[name] for name, alias in names.items()})
        .values(*names.values())
        .annotate(count=Count("id"))
        .order_by(*names.values())
    )
    result = []
    for row in rows:
        item = {name: row[alias] for name, alias in names.items()}
        if isinstance(item.get("month"), dt.datetime):
            item["month"] = item["month"].date()
        item["count"] = row["count"]
        result.append(item)
    return result


def suppressed_signal_counts(*args, **kwargs) -> list[dict]:
    """signal_counts with small numbers suppressed: for everyone who is not a coordinator."""
    return suppress_rows(signal_counts(*args, **kwargs))


def total(unit: Unit | None = None, start: dt.date | None = None, end: dt.date | None = None) -> int:
    return counted_signals(unit, start, end).count()
