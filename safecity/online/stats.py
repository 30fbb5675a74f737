"""Counts of online items for the insight pages, the shared summary and (later) the situational picture.

Every function aggregates in the database, one query each. The final label and target are a
person's review where there is one, otherwise the classifier's: `final_label` and `final_target`
below compute them in SQL, the same rule as `OnlineItem.final_label` / `final_target`.

The counts are raw: coordinators may see them as they are. Anything shown to others (managers,
partners, reports) goes through the `suppressed_*` variants, which apply safecity.core.suppression
(counts from 1 to SUPPRESSION_THRESHOLD - 1 become "<threshold").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone

from safecity.core.suppression import suppress, suppress_rows

from .models import Label, OnlineItem

PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
HARMFUL = (Label.HATEFUL, Label.THREAT)


def final_label():
    """The reviewed label where a person reviewed the item, otherwise the classifier's label."""
    return Case(When(~Q(reviewed_label=""), then=F("reviewed_label")), default=F("label"))


def final_target():
    """The reviewed target group once reviewed (it may be "none"), otherwise the classifier's."""
    return Case(When(reviewed_at__isnull=False, then=F("reviewed_target")), default=F("target"))


@dataclass(frozen=True)
class Scope:
    """Which items are counted. `unit_ids` None means every unit; dates are local calendar days."""

    unit_ids: tuple[int, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    platform: str = ""
    language: str = ""
    reviewed_only: bool = False
    labels: tuple[str, ...] = ()


def scope(
    unit_ids: Iterable[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    **kwargs,
) -> Scope:
    return Scope(unit_ids=None if unit_ids is None else tuple(unit_ids), start=start, end=end, **kwargs)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def items(s: Scope | None = None):
    """The items in scope, annotated with `final_label` and `final_target` (not yet evaluated)."""
    s = s or Scope()
    rows = OnlineItem.objects.order_by().annotate(final_label=final_label(), final_target=final_target())
    if s.unit_ids is not None:
        rows = rows.filter(unit_id__in=list(s.unit_ids))
    # Day bounds in the local time zone, as half-open datetime ranges (index-friendly).
    if s.start is not None:
        rows = rows.filter(posted_at__gte=_aware(s.start))
    if s.end is not None:
        rows = rows.filter(posted_at__lt=_aware(s.end + dt.timedelta(days=1)))
    if s.platform:
        rows = rows.filter(platform=s.platform)
    if s.language:
        rows = rows.filter(language=s.language)
    if s.reviewed_only:
        rows = rows.filter(reviewed_at__isnull=False)
    if s.labels:
        rows = rows.filter(final_label__in=list(s.labels))
    return rows


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def counts(
    s: Scope | None = None, by: tuple[str, ...] = ("final_label",), period: str | None = None
) -> list[dict]:
    """Counts grouped by `by` (final_label, final_target, platform, language, unit_id) and optionally
    by `period` ("day", "week", "month": the period's first day under the key "period")."""
    allowed = {"final_label", "final_target", "platform", "language", "unit_id"}
    unknown = set(by) - allowed
    if unknown:
        raise ValueError(f"counts cannot group by {', '.join(sorted(unknown))}")
    rows = items(s)
    keys = list(by)
    if period is not None:
        rows = rows.annotate(period=PERIODS[period]("posted_at"))
        keys = ["period", *keys]
    result = []
    for row in rows.values(*keys).annotate(count=Count("pk")).order_by(*keys):
        if "period" in row:
            row["period"] = _as_date(row["period"])
        result.append(row)
    return result


def period_starts(start: dt.date, end: dt.date, period: str) -> list[dt.date]:
    """The first day of every period ("day", "week" from Monday, "month") from start to end."""
    if period == "month":
        day = start.replace(day=1)
    elif period == "week":
        day = start - dt.timedelta(days=start.weekday())
    else:
        day = start
    days = []
    while day <= end:
        days.append(day)
        if period == "month":
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            day += dt.timedelta(days=7 if period == "week" else 1)
    return days


def volume_by_label(s: Scope | None = None, period: str = "month") -> list[dict]:
    return counts(s, ("final_label",), period)


def volume_by_target(s: Scope | None = None, period: str = "month") -> list[dict]:
    """Per period and target group; items without a target group are left out."""
    return [row for row in counts(s, ("final_target",), period) if row["final_target"]]


def by_platform(s: Scope | None = None) -> list[dict]:
    return sorted(counts(s, ("platform",)), key=lambda r: (-r["count"], r["platform"]))


def by_language(s: Scope | None = None) -> list[dict]:
    return sorted(counts(s, ("language",)), key=lambda r: (-r["count"], r["language"]))


def by_label(s: Scope | None = None) -> dict[str, int]:
    return {row["final_label"]: row["count"] for row in counts(s, ("final_label",))}


def daily_harmful(s: Scope | None = None) -> dict[dt.date, int]:
    """Hateful and threat items (final label) per local day."""
    base = s or Scope()
    harmful = Scope(**{**base.__dict__, "labels": HARMFUL})
    return {row["period"]: row["count"] for row in counts(harmful, (), "day")}


def unreviewed(s: Scope | None = None) -> int:
    return items(s).filter(reviewed_at__isnull=True).count()


def totals(s: Scope | None = None) -> dict[str, int]:
    """All items, reviewed ones and unreviewed ones in scope; one query."""
    row = items(s).aggregate(total=Count("pk"), reviewed=Count("pk", filter=Q(reviewed_at__isnull=False)))
    return {"total": row["total"], "reviewed": row["reviewed"], "unreviewed": row["total"] - row["reviewed"]}


# --- suppressed, for anyone who is not a coordinator --------------------------------------------------


def suppressed_counts(*args, **kwargs) -> list[dict]:
    return suppress_rows(counts(*args, **kwargs))


def suppressed_volume_by_label(*args, **kwargs) -> list[dict]:
    return suppress_rows(volume_by_label(*args, **kwargs))


def suppressed_volume_by_target(*args, **kwargs) -> list[dict]:
    return suppress_rows(volume_by_target(*args, **kwargs))


def suppressed_by_platform(s: Scope | None = None, threshold: int | None = None) -> list[dict]:
    """Platforms with small numbers are not named: they are summed into one "other" row (platform "")."""
    rows, hidden = [], 0
    for row in by_platform(s):
        if isinstance(suppress(row["count"], threshold), str):
            hidden += row["count"]
        else:
            rows.append(dict(row))
    if hidden:
        rows.append({"platform": "", "count": suppress(hidden, threshold)})
    return rows


def suppressed_total(s: Scope | None = None) -> int | str:
    return suppress(items(s).count())
