"""Analysis of the situational picture's counts: trends, spikes, rates and the city average.

Two halves:

- Statistics on a series of counts, in plain Python (a dozen parameters at most, so no numpy):
  ``poisson_trend`` fits a Poisson regression of the counts on time (log link, with month-of-year
  terms for monthly series of two years or more) by iteratively reweighted least squares, widens
  the standard errors by the Pearson dispersion when the counts vary more than Poisson counts do
  (quasi-Poisson), and reports the change per year with a 95 % interval and a Wald p-value.
  ``find_spikes`` flags periods far above what the previous periods predict: a Poisson (or, when
  the recent past is overdispersed, a negative binomial) upper tail probability below 0.001.
- Queries, aggregated in the database: a unit's series for a source and category, counts per
  area and year for the map, counts per category, and rates per 100,000 inhabitants from
  ``UnitPopulation`` (the nearest earlier year when the year's figure is missing, said so).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear, Trunc
from django.utils import timezone

from safecity.organisation.models import AreaAssignment, Unit, UnitPopulation

from .models import Observation, PoliceEvent

# Below these, a trend test says "too little data" rather than a number nobody should trust.
MIN_PERIODS = 8
MIN_EVENTS = 20
# Month-of-year terms need two full years to be estimated at all.
MIN_PERIODS_SEASONAL = 24
SPIKE_WINDOW = 12
SPIKE_MIN_HISTORY = 4
SPIKE_P = 0.001
SPIKE_MIN_COUNT = 5
PERIODS_PER_YEAR = {"week": 52.1775, "month": 12, "quarter": 4, "year": 1}
Z95 = 1.959963984540054


# --- statistics -----------------------------------------------------------------------------------


@dataclass
class Trend:
    """The result of a trend test. ``enough_data`` False means: say "too little data", nothing else."""

    enough_data: bool
    periods: int
    events: float
    seasonal: bool = False
    change_per_year: float | None = None  # relative change, 0.10 = +10 % per year
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    dispersion: float | None = None
    fitted: list[float] = field(default_factory=list)  # the trend line (seasonal terms averaged out)

    @property
    def significant(self) -> bool:
        return bool(self.enough_data and self.p_value is not None and self.p_value < 0.05)

    @property
    def direction(self) -> str:
        """ "up", "down", "flat" (not significant) or "unknown" (too little data)."""
        if not self.enough_data or self.change_per_year is None:
            return "unknown"
        if not self.significant:
            return "flat"
        return "up" if self.change_per_year > 0 else "down"

    @property
    def percent_per_year(self) -> float | None:
        return None if self.change_per_year is None else 100 * self.change_per_year

    @property
    def ci_percent(self) -> tuple[float, float] | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return 100 * self.ci_low, 100 * self.ci_high


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve matrix · x = vector by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            raise ZeroDivisionError("singular matrix")
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def _inverse_diagonal_entry(matrix: list[list[float]], index: int) -> float:
    unit = [1.0 if i == index else 0.0 for i in range(len(matrix))]
    return _solve(matrix, unit)[index]


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _design(n: int, periods_per_year: float, months: Sequence[int] | None) -> list[list[float]]:
    rows = []
    for i in range(n):
        row = [1.0, i / periods_per_year]
        if months is not None:
            row += [1.0 if months[i] == m else 0.0 for m in range(2, 13)]
        rows.append(row)
    return rows


def poisson_trend(
    counts: Sequence[float],
    *,
    periods_per_year: float = 12,
    months: Sequence[int] | None = None,
    max_iterations: int = 50,
) -> Trend:
    """Poisson regression of ``counts`` on time, with month-of-year terms when ``months`` is given
    (the month 1–12 of each period) and the series is at least two years long.

    The time coefficient b is per year; exp(b) - 1 is the relative change per year and its 95 %
    interval is exp(b ± 1.96·se) - 1, se from the Fisher information times the Pearson dispersion
    when that exceeds 1 (quasi-Poisson: counts of events that come in groups vary more).
    """
    counts = [float(c) for c in counts]
    n, total = len(counts), sum(counts)
    if n < MIN_PERIODS or total < MIN_EVENTS:
        return Trend(enough_data=False, periods=n, events=total)
    seasonal = months is not None and n >= MIN_PERIODS_SEASONAL and len(set(months)) == 12
    if seasonal:
        # A month of the year with no events at all has no finite coefficient: leave seasons out.
        per_month = [0.0] * 13
        for month, count in zip(months, counts, strict=True):
            per_month[month] += count
        seasonal = all(per_month[1:])
    try:
        return _fit(counts, periods_per_year, list(months) if seasonal else None, max_iterations)
    except (ZeroDivisionError, OverflowError, ValueError):
        # Counts the model cannot describe (e.g. all events in the last period): no trend claimed.
        return Trend(enough_data=False, periods=n, events=total)


def _fit(
    counts: list[float], periods_per_year: float, months: list[int] | None, max_iterations: int
) -> Trend:
    n, total = len(counts), sum(counts)
    seasonal = months is not None
    x = _design(n, periods_per_year, months)
    k = len(x[0])
    mean = total / n
    beta = [math.log(mean)] + [0.0] * (k - 1)
    for _iteration in range(max_iterations):
        eta = [sum(b * v for b, v in zip(beta, row, strict=True)) for row in x]
        mu = [math.exp(min(e, 700)) for e in eta]
        # Working response and weights of the log-link Poisson GLM.
        z = [e + (y - m) / m for e, y, m in zip(eta, counts, mu, strict=True)]
        xtwx = [
            [sum(m * row[i] * row[j] for row, m in zip(x, mu, strict=True)) for j in range(k)]
            for i in range(k)
        ]
        xtwz = [sum(m * row[i] * zi for row, m, zi in zip(x, mu, z, strict=True)) for i in range(k)]
        new = _solve(xtwx, xtwz)
        converged = max(abs(a - b) for a, b in zip(new, beta, strict=True)) < 1e-9
        beta = new
        if converged:
            break
    eta = [sum(b * v for b, v in zip(beta, row, strict=True)) for row in x]
    mu = [math.exp(e) for e in eta]
    xtwx = [
        [sum(m * row[i] * row[j] for row, m in zip(x, mu, strict=True)) for j in range(k)] for i in range(k)
    ]
    pearson = sum((y - m) ** 2 / m for y, m in zip(counts, mu, strict=True))
    dispersion = max(1.0, pearson / (n - k)) if n > k else 1.0
    se = math.sqrt(_inverse_diagonal_entry(xtwx, 1) * dispersion)
    slope = beta[1]
    # The trend line: intercept and slope with the seasonal terms averaged over the year.
    level = beta[0] + (sum(beta[2:]) / 12 if seasonal else 0.0)
    fitted = [math.exp(level + slope * i / periods_per_year) for i in range(n)]
    return Trend(
        enough_data=True,
        periods=n,
        events=total,
        seasonal=seasonal,
        change_per_year=math.expm1(slope),
        ci_low=math.expm1(slope - Z95 * se),
        ci_high=math.expm1(slope + Z95 * se),
        p_value=normal_two_sided_p(slope / se) if se > 0 else 0.0,
        dispersion=dispersion,
        fitted=fitted,
    )


def _tail(first_log_term: float, ratio, start: int) -> float:
    """Sum of terms from ``start`` on, each the one before times ``ratio(k)``, until negligible."""
    term = math.exp(first_log_term)
    total, k = term, start
    while k < start + 1_000_000:
        term *= ratio(k)
        total += term
        k += 1
        if term <= total * 1e-16 and ratio(k) < 1:
            break
    return min(1.0, total)


def poisson_upper_tail(count: int, expected: float) -> float:
    """P(X ≥ count) for X ~ Poisson(expected), summed upwards (a few terms when count is far above)."""
    if count <= 0:
        return 1.0
    if count <= expected:
        below = sum(math.exp(k * math.log(expected) - expected - math.lgamma(k + 1)) for k in range(count))
        return max(0.0, 1.0 - below)
    first = count * math.log(expected) - expected - math.lgamma(count + 1)
    return _tail(first, lambda k: expected / (k + 1), count)


def negative_binomial_upper_tail(count: int, mean: float, variance: float) -> float:
    """P(X ≥ count) for a negative binomial with this mean and variance (variance > mean)."""
    if count <= 0:
        return 1.0
    r = mean * mean / (variance - mean)
    p = r / (r + mean)

    def log_pmf(k: int) -> float:
        return math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1) + r * math.log(p) + k * math.log1p(-p)

    if count <= mean:
        return max(0.0, 1.0 - sum(math.exp(log_pmf(k)) for k in range(count)))
    return _tail(log_pmf(count), lambda k: (k + r) * (1 - p) / (k + 1), count)


@dataclass
class Spike:
    index: int
    count: int
    expected: float
    p_value: float


def find_spikes(
    counts: Sequence[float],
    *,
    window: int = SPIKE_WINDOW,
    min_history: int = SPIKE_MIN_HISTORY,
    threshold: float = SPIKE_P,
    min_count: int = SPIKE_MIN_COUNT,
) -> list[Spike]:
    """Periods whose count is improbably high given the previous ``window`` periods.

    The expectation is the mean of the previous periods (at least 0.5, so that a quiet series does
    not turn every small count into a spike); when they vary more than a Poisson count would, the
    tail comes from a negative binomial with their mean and variance. Earlier spikes are left out
    of the history, so one burst does not hide the next.
    """
    spikes: list[Spike] = []
    flagged: set[int] = set()
    for i, value in enumerate(counts):
        count = int(round(value))
        history = [counts[j] for j in range(max(0, i - window), i) if j not in flagged]
        if len(history) < min_history or count < min_count:
            continue
        mean = max(sum(history) / len(history), 0.5)
        if count <= mean:
            continue  # at or below the expectation: the tail is near one half or more, never a spike
        variance = sum((h - mean) ** 2 for h in history) / (len(history) - 1) if len(history) > 1 else mean
        if variance > mean * 1.05:
            p = negative_binomial_upper_tail(count, mean, variance)
        else:
            p = poisson_upper_tail(count, mean)
        if p < threshold:
            spikes.append(Spike(index=i, count=count, expected=mean, p_value=p))
            flagged.add(i)
    return spikes


def observed_from(counts: Sequence[float]) -> int:
    """The index of the first period with any count. Periods before it are taken as "no data yet"
    (a source that starts publishing, an archive that starts), not as zero events: counting them
    as zeros would make every new source look like a rising trend and its first months spikes."""
    return next((i for i, value in enumerate(counts) if value), len(counts))


# --- periods --------------------------------------------------------------------------------------


def period_start(day: dt.date, granularity: str) -> dt.date:
    if granularity == "year":
        return dt.date(day.year, 1, 1)
    if granularity == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def next_period(day: dt.date, granularity: str) -> dt.date:
    step = {"year": 12, "quarter": 3}.get(granularity, 1)
    month = day.month - 1 + step
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def periods_between(first: dt.date, last: dt.date, granularity: str) -> list[dt.date]:
    days, day = [], period_start(first, granularity)
    while day <= last:
        days.append(day)
        day = next_period(day, granularity)
    return days


# --- queries --------------------------------------------------------------------------------------

POLICE = "police"


@dataclass
class Source:
    """What is counted: police events (``dataset`` None) or a statistics data source's counts."""

    dataset_id: int | None = None

    @property
    def is_police(self) -> bool:
        return self.dataset_id is None


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _base(source: Source, category_id: int | None, start: dt.date, end: dt.date):
    """Rows of the source within [start, end], with ``when`` the field to truncate and ``amount``."""
    if source.is_police:
        rows = PoliceEvent.objects.filter(
            occurred_at__date__gte=start, occurred_at__date__lte=end, area__isnull=False
        )
        if category_id:
            rows = rows.filter(category_id=category_id)
        return rows, "occurred_at", Count("pk")
    rows = Observation.objects.filter(
        dataset_id=source.dataset_id,
        value_unit=Observation.ValueUnit.COUNT,
        granularity=Observation.Granularity.MONTH,
        area__isnull=False,
        period_start__gte=start,
        period_start__lte=end,
    )
    if category_id:
        rows = rows.filter(category_id=category_id)
    return rows, "period_start", Sum("value")


def area_units(day: dt.date | None = None) -> dict[int, int]:
    """Area id → unit id, as the areas are assigned on ``day`` (default today)."""
    return dict(AreaAssignment.objects.valid_on(day).values_list("area_id", "unit_id"))


def series(
    source: Source,
    *,
    area_ids: Sequence[int] | None,
    category_id: int | None,
    granularity: str,
    start: dt.date,
    end: dt.date,
) -> list[tuple[dt.date, float]]:
    """(period start, count) for every period from start to end, zeros included; one query."""
    rows, when, amount = _base(source, category_id, start, end)
    if area_ids is not None:
        rows = rows.filter(area_id__in=list(area_ids))
    kind = granularity if granularity in {"month", "quarter", "year"} else "month"
    trunc = Trunc(when, kind, output_field=rows.model._meta.get_field(when).__class__())
    found = {
        _as_date(row["period"]): float(row["total"] or 0)
        for row in rows.annotate(period=trunc).values("period").annotate(total=amount).order_by()
    }
    return [(day, found.get(day, 0.0)) for day in periods_between(start, end, kind)]


def counts_by_area_year(
    source: Source, *, category_id: int | None, years: Sequence[int]
) -> dict[tuple[int, int], float]:
    """(area id, year) → count, for all areas of the city; one query."""
    start, end = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    rows, when, amount = _base(source, category_id, start, end)
    return {
        (row["area_id"], row["year"]): float(row["total"] or 0)
        for row in rows.annotate(year=ExtractYear(when))
        .values("area_id", "year")
        .annotate(total=amount)
        .order_by()
    }


def counts_by_category_year(
    source: Source, *, area_ids: Sequence[int], years: Sequence[int]
) -> dict[tuple[int | None, int], float]:
    """(category id, year) → count within the areas; one query."""
    start, end = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    rows, when, amount = _base(source, None, start, end)
    rows = rows.filter(area_id__in=list(area_ids))
    return {
        (row["category_id"], row["year"]): float(row["total"] or 0)
        for row in rows.annotate(year=ExtractYear(when))
        .values("category_id", "year")
        .annotate(total=amount)
        .order_by()
    }


@dataclass
class Population:
    population: int | None
    year: int | None  # the year the figure is for; may be earlier than asked
    asked: int

    @property
    def is_earlier(self) -> bool:
        return self.year is not None and self.year != self.asked


def populations(year: int) -> dict[int, Population]:
    """Unit id → its population in ``year``, or the nearest earlier year's; one query."""
    found: dict[int, Population] = {}
    for unit_id, pop_year, population in (
        UnitPopulation.objects.filter(year__lte=year)
        .order_by("unit_id", "-year")
        .values_list("unit_id", "year", "population")
    ):
        found.setdefault(unit_id, Population(population, pop_year, year))
    return found


def rate(count: float | None, population: Population | None) -> float | None:
    """Per 100,000 inhabitants; None without a population figure."""
    if count is None or population is None or not population.population:
        return None
    return count * 100_000 / population.population


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change from the previous year; None when the previous year had none."""
    if current is None or not previous:
        return None
    return (current - previous) / previous


def to_float(value) -> float:
    return float(value) if isinstance(value, Decimal | int | float) else 0.0


@dataclass
class UnitFigures:
    """The figures of one unit (or area) for a year, with the city's for comparison."""

    count: float
    previous: float
    population: Population | None
    rate: float | None
    change: float | None
    city_rate: float | None


def unit_figures(
    unit: Unit, by_area_year: dict[tuple[int, int], float], units_of: dict[int, int], year: int
) -> UnitFigures:
    """A unit's count, rate, change and the city average, from ``counts_by_area_year``; one query."""
    per_unit: dict[int, dict[int, float]] = {}
    for (area_id, y), total in by_area_year.items():
        unit_id = units_of.get(area_id)
        if unit_id is not None:
            per_unit.setdefault(unit_id, {}).setdefault(y, 0.0)
            per_unit[unit_id][y] += total
    pops = populations(year)
    mine = per_unit.get(unit.pk, {})
    count, previous = mine.get(year, 0.0), mine.get(year - 1, 0.0)
    population = pops.get(unit.pk)
    city_count = sum(totals.get(year, 0.0) for unit_id, totals in per_unit.items() if pops.get(unit_id))
    city_population = sum(
        pops[unit_id].population or 0 for unit_id in set(units_of.values()) if unit_id in pops
    )
    return UnitFigures(
        count=count,
        previous=previous,
        population=population,
        rate=rate(count, population),
        change=change(count, previous),
        city_rate=city_count * 100_000 / city_population if city_population else None,
    )


def unit_series_rows(unit_pk: int, units_of: dict[int, int]) -> list[int]:
    return [area_id for area_id, unit_id in units_of.items() if unit_id == unit_pk]
