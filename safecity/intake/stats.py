"""Counts of signals and concern notices for the situational picture and the reports, in the database.

Other apps read signals only through these functions (ARCHITECTURE.md: never the models' internals).
The counts are raw: coordinators may see them as they are; anything shown to others (managers,
partners, the public, board reports) goes through safecity.core.suppression first, e.g.
`suppress_rows(signal_counts(...))`.

Merged duplicates are not counted (their original is). Tombstoned signals are: retention keeps
exactly the fields counted here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from safecity.core.suppression import suppress, suppress_rows
from safecity.organisation.models import Unit

from .models import AgeBand, ConcernNotice, Decision, Milieu, Sector, Signal

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


# --- concern notices ------------------------------------------------------------------------------------
# Counts of notices reach coordinators only with small numbers suppressed (social services secrecy holds
# between the city's boards): use suppressed_notice_counts or notice_tables for anything shown.

NOTICE_DIMENSIONS = {
    "month": TruncMonth("received_on"),
    "age_band": F("age_band"),
    "sector": F("sector"),
    "milieu": F("milieu"),
    "decision": F("decision"),
    "unit": F("unit__code"),
}
NOTICE_TABLES = ("month", "age_band", "sector", "milieu", "decision")


def counted_notices(
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    unit_ids: list[int] | None = None,
):
    """The notices of a unit (and of units merged into it) received from `start` to `end`; `unit_ids`
    instead of `unit` when the caller has worked them out already."""
    notices = ConcernNotice.objects.all()
    if unit is not None and unit_ids is None:
        unit_ids = _unit_and_predecessors(unit)
    if unit_ids is not None:
        notices = notices.filter(unit_id__in=unit_ids)
    if start is not None:
        notices = notices.filter(received_on__gte=start)
    if end is not None:
        notices = notices.filter(received_on__lte=end)
    return notices


def notice_counts(
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: tuple[str, ...] | list[str] = NOTICE_TABLES,
    unit_ids: list[int] | None = None,
) -> list[dict]:
    """Raw counts of concern notices grouped by `by` (month, age_band, sector, milieu, decision, unit),
    one dict per group with those keys and "count"; "month" is the first day of the month received.
    Raw: for the situational picture's own sums. Show them only through the suppressed functions."""
    unknown = set(by) - set(NOTICE_DIMENSIONS)
    if unknown:
        raise ValueError(f"notice_counts cannot group by {', '.join(sorted(unknown))}")
    names = {name: f"by_{name}" for name in by}
    rows = (
        counted_notices(unit, start, end, unit_ids)
        .order_by()
        .annotate(**{alias: NOTICE_DIMENSIONS[name] for name, alias in names.items()})
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


def suppressed_notice_counts(*args, **kwargs) -> list[dict]:
    """notice_counts with small numbers suppressed (each cell on its own; see notice_tables for tables)."""
    return suppress_rows(notice_counts(*args, **kwargs))


def suppress_table(rows: list[dict], threshold: int | None = None) -> tuple[list[dict], int | str]:
    """A one-way table with its total, suppressed so that no small count can be worked out.

    Counts from 1 to threshold - 1 become "<threshold". When exactly one cell is hidden and the total
    is shown, the total minus the others would give it away, so the smallest other non-zero cell is
    hidden too. Returns the rows (with "count" replaced) and the total (suppressed itself if small).
    """
    threshold = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    total = sum(row["count"] for row in rows)
    hidden = {i for i, row in enumerate(rows) if 0 < row["count"] < threshold}
    if len(hidden) == 1 and total >= threshold:
        others = [(row["count"], i) for i, row in enumerate(rows) if i not in hidden and row["count"] > 0]
        if others:
            hidden.add(min(others)[1])
    shown = [{**row, "count": f"<{threshold}" if i in hidden else row["count"]} for i, row in enumerate(rows)]
    return shown, suppress(total, threshold)


def notice_tables(
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    threshold: int | None = None,
) -> dict:
    """The counts coordinators see: one suppressed table per dimension (every choice listed, zeros
    included, months of the period in order) and the suppressed total. One query per table, after
    the unit's predecessors are looked up."""
    choices = {
        "age_band": AgeBand.values,
        "sector": Sector.values,
        "milieu": Milieu.values,
        "decision": Decision.values,
    }
    tables, total = {}, 0
    unit_ids = _unit_and_predecessors(unit) if unit is not None else None
    for name in NOTICE_TABLES:
        rows = notice_counts(start=start, end=end, by=(name,), unit_ids=unit_ids)
        counted = {row[name]: row["count"] for row in rows}
        keys = _months(start, end, counted) if name == "month" else choices[name]
        rows = [{name: key, "count": counted.get(key, 0)} for key in keys]
        tables[name], shown_total = suppress_table(rows, threshold)
        total = shown_total
    return {"tables": tables, "total": total}


def _months(start: dt.date | None, end: dt.date | None, counted: dict) -> list[dt.date]:
    if not counted and (start is None or end is None):
        return []
    first = (start or min(counted)).replace(day=1)
    last = (end or max(counted)).replace(day=1)
    months = []
    while first <= last:
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months
