"""Trigger analysis: days with a spike of hateful and threat items, lined up with what else happened.

Spikes come from safecity.situation.analysis.find_spikes on the daily counts (Poisson tail, negative
binomial when the previous days vary more than Poisson counts do), with the previous SPIKE_WINDOW
days as the expectation. Each spike day is lined up with, within ±ONLINE_TRIGGER_DAYS days (setting,
default 1): the police events in the areas of the units looked at, and the number of intake signals
by kind (counts only: signals are confidential, their texts never come here).

Lining up is not explaining: a police event on the same day is a lead to look at, not a cause.

The situational picture has no query function for "police events per day in a unit's areas", so
`police_events_by_day` below reads PoliceEvent's public fields (read only). If situation grows such
a function, use it instead.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from safecity.intake import stats as intake_stats
from safecity.organisation.models import Unit
from safecity.situation import analysis
from safecity.situation.models import PoliceEvent

from . import stats

SPIKE_WINDOW = 28  # days of history behind the expectation
SPIKE_MIN_HISTORY = 7
MAX_SPIKES = 30
MAX_EVENTS_PER_SPIKE = 25


def margin_days() -> int:
    return int(getattr(settings, "ONLINE_TRIGGER_DAYS", 1))


@dataclass
class SpikeDay:
    day: dt.date
    count: int
    expected: float
    p_value: float
    events: list[dict] = field(default_factory=list)
    more_events: int = 0
    signals: list[dict] = field(default_factory=list)


@dataclass
class Triggers:
    start: dt.date
    end: dt.date
    margin: int
    series: list[tuple[dt.date, int]]
    spikes: list[SpikeDay]


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def daily_series(s: stats.Scope) -> list[tuple[dt.date, int]]:
    found = stats.daily_harmful(s)
    return [(day, found.get(day, 0)) for day in days_between(s.start, s.end)]


def spikes_in(series: list[tuple[dt.date, int]]) -> list[analysis.Spike]:
    counts = [count for _day, count in series]
    first = analysis.observed_from(counts)
    found = analysis.find_spikes(counts[first:], window=SPIKE_WINDOW, min_history=SPIKE_MIN_HISTORY)
    return [
        analysis.Spike(
            index=spike.index + first, count=spike.count, expected=spike.expected, p_value=spike.p_value
        )
        for spike in found
    ]


def _area_ids(unit_ids) -> list[int] | None:
    """The areas of the units (None: every area of the city)."""
    if unit_ids is None:
        return None
    wanted = set(unit_ids)
    return [area_id for area_id, unit_id in analysis.area_units().items() if unit_id in wanted]


def police_events_by_day(unit_ids, start: dt.date, end: dt.date) -> dict[dt.date, list[PoliceEvent]]:
    """Police events placed in the units' areas (any area of the city for None), by local day; one query."""
    rows = PoliceEvent.objects.filter(
        occurred_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        occurred_at__lt=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)),
        area__isnull=False,
    ).only("occurred_at", "name", "type", "url", "area_id")
    area_ids = _area_ids(unit_ids)
    if area_ids is not None:
        rows = rows.filter(area_id__in=area_ids)
    by_day: dict[dt.date, list[PoliceEvent]] = defaultdict(list)
    for event in rows.order_by("occurred_at", "pk"):
        by_day[timezone.localtime(event.occurred_at).date()].append(event)
    return by_day


def signal_counts_near(unit_ids, start: dt.date, end: dt.date) -> list[dict]:
    """Intake signals by kind between start and end (counts only), for the units or the whole city."""
    if unit_ids is None:
        return intake_stats.signal_counts(None, start, end, by=("kind",))
    totals: dict[str, int] = defaultdict(int)
    for unit in Unit.objects.filter(pk__in=list(unit_ids)):
        for row in intake_stats.signal_counts(unit, start, end, by=("kind",)):
            totals[row["kind"]] += row["count"]
    return [{"kind": kind, "count": count} for kind, count in sorted(totals.items())]


def analyse(s: stats.Scope, *, margin: int | None = None) -> Triggers:
    margin = margin_days() if margin is None else margin
    series = daily_series(s)
    found = sorted(spikes_in(series), key=lambda sp: sp.p_value)[:MAX_SPIKES]
    found.sort(key=lambda sp: sp.index)
    spikes = [
        SpikeDay(day=series[sp.index][0], count=sp.count, expected=sp.expected, p_value=sp.p_value)
        for sp in found
    ]
    if spikes:
        first = spikes[0].day - dt.timedelta(days=margin)
        last = spikes[-1].day + dt.timedelta(days=margin)
        events = police_events_by_day(s.unit_ids, first, last)
        for spike in spikes:
            near = []
            for day in days_between(
                spike.day - dt.timedelta(days=margin), spike.day + dt.timedelta(days=margin)
            ):
                near.extend(events.get(day, []))
            spike.events = [
                {
                    "day": timezone.localtime(event.occurred_at).date(),
                    "type": event.type,
                    "title": event.name,
                    "url": event.absolute_url,
                }
                for event in near[:MAX_EVENTS_PER_SPIKE]
            ]
            spike.more_events = max(0, len(near) - MAX_EVENTS_PER_SPIKE)
            spike.signals = signal_counts_near(
                s.unit_ids, spike.day - dt.timedelta(days=margin), spike.day + dt.timedelta(days=margin)
            )
    return Triggers(start=s.start, end=s.end, margin=margin, series=series, spikes=spikes)
