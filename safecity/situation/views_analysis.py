"""The unit's situational dashboard: a time series with its trend and spikes, a map and tables.

Coordinators (central, and the unit's own) see their working view with exact counts; a manager
sees the same page with small counts suppressed (PRODUCT.md rule 4). The page says which.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecity.core import charts
from safecity.core.access_log import Action
from safecity.core.suppression import suppress
from safecity.organisation.access import log_access
from safecity.organisation.models import Area, Unit

from . import analysis, views_picture
from .access_analysis import dashboard_units, get_unit_dashboard_for_user
from .models import Category, Dataset

GRANULARITIES = [
    ("month", gettext_lazy("months")),
    ("quarter", gettext_lazy("quarters")),
    ("year", gettext_lazy("years")),
]
MAP_MEASURES = [
    ("count", gettext_lazy("count in the last year")),
    ("change", gettext_lazy("change from the year before")),
]


def _years() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 16, -1)]


class DashboardForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Source"), required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=gettext_lazy("all"),
    )
    year_from = forms.TypedChoiceField(label=gettext_lazy("From year"), coerce=int, required=False)
    year_to = forms.TypedChoiceField(label=gettext_lazy("To year"), coerce=int, required=False)
    granularity = forms.ChoiceField(label=gettext_lazy("Per"), choices=GRANULARITIES, required=False)
    map_measure = forms.ChoiceField(label=gettext_lazy("Map shows"), choices=MAP_MEASURES, required=False)

    def __init__(self, *args, datasets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(analysis.POLICE, _("police events"))] + [
            (str(d.pk), d.name) for d in datasets
        ]
        self.fields["year_from"].choices = _years()
        self.fields["year_to"].choices = _years()

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_to"] < data["year_from"]:
            self.add_error("year_to", _("The end year is before the start year."))
        return data


def _spike_link(category_id, start: dt.date, granularity: str) -> str:
    end = analysis.next_period(start, granularity) - dt.timedelta(days=1)
    query = {"scope": "city", "date_from": start.isoformat(), "date_to": end.isoformat()}
    if category_id:
        query["category"] = category_id
    return reverse("situation:events") + "?" + urlencode(query)


def _shown(count: float | None, suppressed: bool):
    if count is None:
        return None
    value = round(count)
    return suppress(value) if suppressed else value


def _is_small(count: float | None) -> bool:
    return count is not None and 0 < count < settings.SUPPRESSION_THRESHOLD


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def build_dashboard(unit: Unit, data: dict, *, suppressed: bool) -> dict:
    """Everything the page shows, in a bounded number of queries (about eight)."""
    today = timezone.localdate()
    source = analysis.Source(dataset_id=int(data["source"]) if data.get("source", "").isdigit() else None)
    category = data.get("category")
    category_id = category.pk if category else None
    year_to = data.get("year_to") or today.year
    year_from = data.get("year_from") or year_to - 4
    granularity = data.get("granularity") or "month"
    end = min(dt.date(year_to, 12, 31), today)
    start = dt.date(year_from, 1, 1)

    units_of = analysis.area_units()
    area_ids = [area_id for area_id, unit_id in units_of.items() if unit_id == unit.pk]
    points = analysis.series(
        source, area_ids=area_ids, category_id=category_id, granularity=granularity, start=start, end=end
    )
    counts = [value for _day, value in points]
    first = analysis.observed_from(counts)
    trend = analysis.poisson_trend(
        counts[first:],
        periods_per_year=analysis.PERIODS_PER_YEAR[granularity],
        months=[day.month for day, _value in points[first:]] if granularity == "month" else None,
    )
    spikes = [
        analysis.Spike(index=s.index + first, count=s.count, expected=s.expected, p_value=s.p_value)
        for s in analysis.find_spikes(counts[first:])
    ]
    spike_rows = [
        {
            "start": points[s.index][0],
            "count": _shown(s.count, suppressed),
            "expected": s.expected,
            "p_value": s.p_value,
            "events_url": _spike_link(category_id, points[s.index][0], granularity)
            if source.is_police
            else "",
        }
        for s in spikes
    ]

    # The year of the figures: the last whole year in the period (or this year if it is the last).
    year = end.year
    by_area_year = analysis.counts_by_area_year(source, category_id=category_id, years=[year - 1, year])
    figures = analysis.unit_figures(unit, by_area_year, units_of, year)
    by_category = analysis.counts_by_category_year(source, area_ids=area_ids, years=[year - 1, year])
    categories = {c.pk: c for c in Category.objects.filter(pk__in={k for k, _y in by_category})}
    category_rows = sorted(
        (
            {
                "category": categories[cid].display_name if cid in categories else _("without a category"),
                "count": _shown(by_category.get((cid, year), 0.0), suppressed),
                "previous": _shown(by_category.get((cid, year - 1), 0.0), suppressed),
                "change": _percent(
                    None
                    if suppressed
                    and (
                        _is_small(by_category.get((cid, year))) or _is_small(by_category.get((cid, year - 1)))
                    )
                    else analysis.change(by_category.get((cid, year)), by_category.get((cid, year - 1)))
                ),
            }
            for cid in {k for k, _y in by_category}
        ),
        key=lambda row: str(row["category"]),
    )

    # The chart: counts, the trend line, spikes marked.
    count_label, trend_label = _("count"), _("trend")
    rows = [
        {"period": day, "value": _shown(value, suppressed), "series": count_label} for day, value in points
    ]
    if trend.enough_data:
        rows += [
            {"period": day, "value": round(fit, 1), "series": trend_label}
            for (day, _value), fit in zip(points[first:], trend.fitted, strict=True)
        ]
    date_format = {"year": "%Y", "quarter": "%b %Y", "month": "%b %Y"}[granularity]
    x = charts.Field("period", _("period"), date_format)
    y = charts.Field("value", _("count"))
    series_chart = charts.line_chart(
        rows, x, y, charts.Field("series", _("series")), title=_("Count per period with its trend")
    )
    if spike_rows:
        series_chart = _with_spikes(series_chart, spike_rows, x, y)

    # The map: every area of the city, coloured by its count or its change.
    measure = data.get("map_measure") or "count"
    areas = list(Area.objects.filter(city_id=unit.city_id).only("code", "name", "geometry"))
    values = {}
    area_rows = []
    for area in areas:
        current = by_area_year.get((area.pk, year), 0.0)
        previous = by_area_year.get((area.pk, year - 1), 0.0)
        hidden = suppressed and (_is_small(current) or _is_small(previous))
        if measure == "change":
            values[area.code] = None if hidden else analysis.change(current, previous)
        else:
            values[area.code] = None if hidden else current
        if area.pk in area_ids:
            area_rows.append(
                {
                    "area": area.name,
                    "count": _shown(current, suppressed),
                    "previous": _shown(previous, suppressed),
                    "change": _percent(None if hidden else analysis.change(current, previous)),
                }
            )
    map_field = (
        charts.Field("value", _("change from the year before"), ".0%")
        if measure == "change"
        else charts.Field("value", _("count"))
    )
    area_map = charts.area_map(
        charts.area_features(areas),
        values,
        map_field,
        title=_("Areas of the city, %(year)s") % {"year": year},
    )
    return {
        "source": source,
        "category": category,
        "granularity": granularity,
        "start": start,
        "end": end,
        "year": year,
        "points": [{"start": day, "count": _shown(value, suppressed)} for day, value in points],
        "trend": trend,
        "spikes": spike_rows,
        "figures": figures,
        "count_shown": _shown(figures.count, suppressed),
        "change_shown": _percent(
            None
            if suppressed and _is_small(figures.count) or suppressed and _is_small(figures.previous)
            else figures.change
        ),
        "previous_shown": _shown(figures.previous, suppressed),
        "category_rows": category_rows,
        "area_rows": sorted(area_rows, key=lambda r: r["area"]),
        "series_chart": series_chart,
        "area_map": area_map,
        "map_measure": measure,
        "min_periods": analysis.MIN_PERIODS,
        "min_events": analysis.MIN_EVENTS,
    }


def _with_spikes(spec: dict, spike_rows: list[dict], x: charts.Field, y: charts.Field) -> dict:
    """The line chart with the spikes as triangles on top (shape, not only colour, marks them)."""
    line = {"mark": spec.pop("mark"), "encoding": spec.pop("encoding")}
    marks = {
        "data": {
            "values": [
                {x.name: row["start"].isoformat(), y.name: row["count"], "label": _("spike")}
                for row in spike_rows
                if isinstance(row["count"], int)
            ]
        },
        "mark": {"type": "point", "shape": "triangle-up", "size": 220, "filled": True, "color": "#D55E00"},
        "encoding": {
            "x": line["encoding"]["x"],
            "y": {"field": y.name, "type": "quantitative"},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": _("spike")},
                {"field": x.name, "type": "temporal", "title": str(x.label), "format": "%Y-%m-%d"},
                {"field": y.name, "type": "quantitative", "title": str(y.label)},
            ],
        },
    }
    spec["layer"] = [line, marks]
    return spec


@login_required
def dashboard_home(request):
    """The user's own unit's dashboard (the central coordinator: the first district)."""
    ids = dashboard_units(request.user)
    if ids == []:
        log_access(request.user, Action.REFUSED, object_type="situation.dashboard", label="dashboard")
        raise PermissionDenied
    units = Unit.objects.valid_on().filter(kind=Unit.Kind.DISTRICT).order_by("name")
    if ids is not None:
        units = Unit.objects.filter(pk__in=ids).order_by("name")
    unit = units.first()
    if unit is None:
        raise PermissionDenied
    return redirect("situation:dashboard", unit.pk)


@login_required
def dashboard(request, unit_id):
    grant = get_unit_dashboard_for_user(request.user, unit_id)
    datasets = list(
        Dataset.objects.exclude(kind=Dataset.Kind.POLICE_EVENTS).exclude(kind=Dataset.Kind.SURVEY)
    )
    form = DashboardForm(request.GET or None, datasets=datasets)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    allowed = dashboard_units(request.user)
    units = Unit.objects.valid_on().filter(kind=Unit.Kind.DISTRICT).order_by("name")
    if allowed is not None:
        units = units.filter(pk__in=allowed)
    context = {
        "unit": grant.unit,
        "suppressed": grant.suppressed,
        "threshold": settings.SUPPRESSION_THRESHOLD,
        "threshold_below": settings.SUPPRESSION_THRESHOLD - 1,
        "form": form,
        "units": list(units),
        **build_dashboard(grant.unit, data, suppressed=grant.suppressed),
    }
    return render(request, "situation/analysis/dashboard.html", context)


urlpatterns = [
    path("lage/", dashboard_home, name="dashboard_home"),
    path("lage/<int:unit_id>/", dashboard, name="dashboard"),
]

urlpatterns += views_picture.urlpatterns
