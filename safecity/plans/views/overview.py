"""The status board of all plans, the city overview with its measure list, and year-over-year comparison."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from safecity.core.charts import Field, bar_chart, heatmap, line_chart
from safecity.organisation.models import Unit
from safecity.plans import access, overview
from safecity.plans.models import FocusArea, PlanningYear, PreventionLevel, TargetGroup, Theme

PLAN_UNIT_KINDS = [
    (Unit.Kind.DISTRICT, Unit.Kind.DISTRICT.label),
    (Unit.Kind.SPECIALIST, Unit.Kind.SPECIALIST.label),
]


# --- forms ---------------------------------------------------------------------------------------------


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)

    def __init__(self, data, years: list[PlanningYear]):
        super().__init__(data)
        self.years = {y.year: y for y in years}
        self.fields["year"].choices = [(y.year, y.year) for y in years]

    def chosen_year(self) -> PlanningYear | None:
        chosen = self.cleaned_data.get("year") if self.is_valid() else None
        return self.years.get(chosen) or overview.default_year(list(self.years.values()))


class OverviewFilterForm(YearForm):
    """The selection of the overview and the measure list; every field optional."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of administration"), required=False)
    unit = forms.ChoiceField(label=pgettext_lazy("a unit of the city", "Administration"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Capital Code theme"), required=False)
    focus = forms.ChoiceField(label=gettext_lazy("Focus area"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("Prevention level"), required=False)
    target_group = forms.ChoiceField(label=gettext_lazy("Target group"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, data, years: list[PlanningYear]):
        super().__init__(data, years)
        every = [("", _("All"))]
        none = [(overview.NONE, _("None given"))]
        self.fields["kind"].choices = every + PLAN_UNIT_KINDS
        units = Unit.objects.filter(kind__in=[Unit.Kind.DISTRICT, Unit.Kind.SPECIALIST]).order_by(
            "kind", "name"
        )
        self.fields["unit"].choices = every + [(str(u.pk), u.display_name) for u in units]
        themes = [(str(t.pk), f"{t.number}. {t.display_name}") for t in Theme.objects.all()]
        self.fields["theme"].choices = every + themes + none
        areas = [(str(a.pk), a.display_name) for a in FocusArea.objects.all()]
        self.fields["focus"].choices = every + areas + none
        self.fields["level"].choices = every + list(PreventionLevel.choices)
        groups = [(str(g.pk), g.display_name) for g in TargetGroup.objects.all()]
        self.fields["target_group"].choices = every + groups
        statuses = [(str(s.pk), s.display_name) for s in overview.statuses()]
        self.fields["status"].choices = [
            ("", _("Active (neither closed nor cancelled)")),
            ("all", _("Every status")),
            *statuses,
        ]

    def filters(self) -> overview.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return overview.Filters(
            year=self.chosen_year(),
            **{
                name: data.get(name) or "" for name in overview.Filters.__dataclass_fields__ if name != "year"
            },
        )

    def described(self) -> list[tuple[str, str]]:
        """The filters in use, as (label, chosen option), to say what a list shows."""
        if not self.is_valid():
            return []
        chosen = []
        for name, value in self.cleaned_data.items():
            if name == "year" or not value:
                continue
            options = {str(k): v for k, v in self.fields[name].choices}
            chosen.append((str(self.fields[name].label), str(options.get(str(value), value))))
        return chosen


def _query(filters: overview.Filters, **extra) -> str:
    params = {
        name: getattr(filters, name) for name in overview.Filters.__dataclass_fields__ if name != "year"
    }
    params["year"] = filters.year.year if filters.year else ""
    params.update(extra)
    return urlencode({k: v for k, v in params.items() if v})


# --- status board --------------------------------------------------------------------------------------

BOARD_SORTS = ("unit", "status", "late")


@login_required
def status_board(request):
    access.require_planning(request.user, "status board")
    form = YearForm(request.GET or None, overview.planning_years())
    year = form.chosen_year()
    sort = request.GET.get("sort", "unit")
    if sort.lstrip("-") not in BOARD_SORTS:
        sort = "unit"
    rows = overview.status_board(year, sort) if year else []
    headers = {}
    for key in BOARD_SORTS:
        # Lateness sorts the most overdue first: that is descending days late.
        ascending, descending = ("descending", "ascending") if key == "late" else ("ascending", "descending")
        if sort == key:
            headers[key] = {"sort": f"-{key}", "aria": ascending}
        elif sort == f"-{key}":
            headers[key] = {"sort": key, "aria": descending}
        else:
            headers[key] = {"sort": key, "aria": ""}
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "counts": overview.status_counts(rows),
        "late": sum(1 for row in rows if row.is_late),
        "headers": headers,
    }
    return render(request, "plans/status_board.html", context)


# --- the city overview ---------------------------------------------------------------------------------


def _filters(request) -> tuple[OverviewFilterForm, overview.Filters]:
    form = OverviewFilterForm(request.GET or None, overview.planning_years())
    return form, form.filters()


def _charts(result: overview.Matrix, years: list[overview.YearRow], year: int, dimension: str) -> dict:
    unit_label = pgettext("a unit of the city", "Administration")
    measures_label = _("Active measures")
    progress_label = _("Weighted progress (%)")
    # Gaps are left out, so they stay blank in the chart (the table above names them).
    cells = [
        {"unit": row.unit.display_name, "column": str(column.label), "measures": cell.measures}
        for row in result.rows
        for column, cell in zip(result.columns, row.cells, strict=True)
        if cell.measures
    ]
    matrix_chart = heatmap(
        cells,
        x=Field("column", capfirst(dimension)),
        y=Field("unit", unit_label),
        value=Field("measures", measures_label),
        description=_("Active measures per administration and %(dimension)s, %(year)s; blank cells are gaps.")
        % {"dimension": dimension, "year": year},
    )
    by_unit = bar_chart(
        [
            {"unit": row.unit.display_name, "progress": row.total.progress}
            for row in result.rows
            if row.total.progress is not None
        ],
        x=Field("unit", unit_label),
        y=Field("progress", progress_label),
        horizontal=True,
        description=_("Weighted progress of the active measures of each administration, %(year)s.")
        % {"year": year},
    )
    over_years = line_chart(
        [{"year": dt.date(r.year, 1, 1), "progress": r.progress} for r in years if r.progress is not None],
        x=Field("year", _("Year"), "%Y"),
        y=Field("progress", progress_label),
        time_unit="year",
        description=_("Weighted progress of each year's measures."),
    )
    # Progress is a percentage: the scale runs to 100 % whatever the largest value.
    by_unit["encoding"]["x"]["scale"] = {"domain": [0, 100]}
    over_years["encoding"]["y"]["scale"] = {"domain": [0, 100]}
    # The chart's own table shows the year, not the first of January.
    for table_row in over_years["usermeta"]["table"]["rows"]:
        table_row[0] = str(table_row[0])[:4]
    return {"matrix_chart": matrix_chart, "unit_chart": by_unit, "years_chart": over_years}


@login_required
def overview_page(request):
    access.require_overview(request.user, "city overview")
    form, filters = _filters(request)
    by = request.GET.get("by", "theme")
    by = by if by in overview.DIMENSIONS else "theme"
    context = {"form": form, "filters": filters, "by": by, "dimensions": overview.DIMENSIONS.items()}
    if filters.year is not None:
        result = overview.matrix(filters, by)
        list_url = reverse("plans:overview_measures")
        for row in result.rows:
            for cell in [*row.cells, row.total]:
                cell.url = f"{list_url}?{_query(filters, **cell.params)}"
        for cell in [*result.column_totals, result.total]:
            cell.url = f"{list_url}?{_query(filters, **cell.params)}"
        years = overview.progress_by_year(filters)
        dimension = str(overview.DIMENSIONS[by])
        context.update(
            matrix=result,
            years=years,
            dimension=dimension,
            **_charts(result, years, filters.year.year, dimension),
        )
    return render(request, "plans/overview.html", context)


@login_required
def overview_measures(request):
    access.require_overview(request.user, "city overview: measures")
    form, filters = _filters(request)
    context = {"form": form, "filters": filters, "chosen": form.described()}
    if filters.year is not None:
        total, progress = overview.summary(filters)
        paginator = Paginator(overview.measure_list(filters), 50)
        paginator.count = total  # counted with the summary already
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            page=page,
            rows=[(m, access.can_view_plan(request.user, m.plan)) for m in page],
            total=total,
            progress=progress,
            query=_query(filters),
            overview_url=f"{reverse('plans:overview')}?{_query(filters, unit='', theme='', focus='', level='')}",
        )
    return render(request, "plans/overview_measures.html", context)


# --- year over year ------------------------------------------------------------------------------------


@login_required
def compare(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id)
    previous = [access.get_plan_for_user(request.user, pk) for pk in overview.previous_plan_ids(plan)]
    comparison = overview.compare(plan, previous)
    sections = [
        ("new", _("New measures"), _("In this year's plan only."), comparison.new),
        ("changed", _("Changed measures"), _("Carried over from last year and changed."), comparison.changed),
        (
            "unchanged",
            _("Carried over unchanged"),
            _("Carried over from last year as they were."),
            comparison.unchanged,
        ),
        ("closed", _("Closed measures"), _("In last year's plan, not carried over."), comparison.closed),
    ]
    return render(
        request,
        "plans/compare.html",
        {"plan": plan, "previous": previous, "sections": sections, "comparison": comparison},
    )


urlpatterns = [
    path("status/", status_board, name="status_board"),
    path("oversikt/", overview_page, name="overview"),
    path("oversikt/atgarder/", overview_measures, name="overview_measures"),
    path("<int:plan_id>/jamfor/", compare, name="compare"),
]
