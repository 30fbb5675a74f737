"""Understanding online hate (insight, themes, triggers), the shared summary, and narratives.

Insight, themes, triggers and narratives are coordinators' working views with exact counts; the
shared summary is for managers and partners (and anyone a coordinator shows it to) and has every
count suppressed (PRODUCT.md rule 4).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecity.core import charts
from safecity.core.access_log import Action
from safecity.core.models import AccessLogEntry
from safecity.core.suppression import suppress

from . import actions_narratives as actions
from . import stats, themes, triggers
from .access_insight import (
    get_link_for_user,
    get_narrative_for_user,
    insight_unit_ids,
    insight_units,
    narratives_for_user,
    require_insight,
    summary_scope,
)
from .forms_insight import (
    LABEL_ORDER,
    CounterMessageForm,
    InsightFilterForm,
    MatchingForm,
    NarrativeFilterForm,
    NarrativeForm,
    ThemesFilterForm,
    TriggersFilterForm,
)
from .models import Label, Narrative, NarrativeLink, Target

LABELS = dict(Label.choices)
TARGETS = dict(Target.choices)


def _scope(user, data: dict) -> stats.Scope:
    ids = insight_unit_ids(user)
    unit = data.get("unit")
    if unit is not None:
        ids = {unit.pk}
    return stats.scope(
        ids,
        data.get("start"),
        data.get("end"),
        platform=(data.get("platform") or "").strip(),
        language=(data.get("language") or "").strip().lower(),
        reviewed_only=bool(data.get("reviewed_only")),
    )


def _stacked(rows: list[dict], x: charts.Field, y: charts.Field, color: charts.Field, title: str) -> dict:
    """A bar chart with one bar per period and its series stacked (the table lists every series)."""
    spec = charts.bar_chart(rows, x, y, color, title=title)
    spec["encoding"].pop("xOffset", None)
    spec["encoding"]["x"]["axis"] = {"labelAngle": -45, "labelOverlap": True}
    return spec


def _filled(rows: list[dict], key: str, scope: stats.Scope, period: str) -> list[dict]:
    """Every period of the scope on the axis: a period without items gets a zero row."""
    present = {r["period"] for r in rows}
    first = rows[0][key] if rows else ""
    missing = [
        {"period": day, key: first, "count": 0}
        for day in stats.period_starts(scope.start, scope.end, period)
        if day not in present
    ]
    return rows + missing


def _label_rows(rows: list[dict], scope: stats.Scope, period: str) -> list[dict]:
    order = {label: n for n, label in enumerate(LABEL_ORDER)}
    rows = sorted(
        _filled(rows, "final_label", scope, period),
        key=lambda r: (r["period"], order.get(r["final_label"], 9)),
    )
    return [
        {
            "period": r["period"].isoformat(),
            "label": str(LABELS.get(r["final_label"]) or _("not classified")),
            "count": r["count"],
        }
        for r in rows
    ]


def _target_rows(rows: list[dict], scope: stats.Scope, period: str) -> list[dict]:
    rows = sorted(_filled(rows, "final_target", scope, period), key=lambda r: r["period"])
    return [
        {
            "period": r["period"].isoformat(),
            "target": str(TARGETS.get(r["final_target"], r["final_target"])),
            "count": r["count"],
        }
        for r in rows
    ]


@login_required
def insight(request):
    require_insight(request.user, "online insight")
    units = insight_units(request.user)
    form = InsightFilterForm(request.GET or None, units=units)
    data = form.values()
    period = data.get("period") or "week"
    scope = _scope(request.user, data)

    by_label = stats.volume_by_label(scope, period)
    by_target = stats.volume_by_target(scope, period)
    platforms = stats.by_platform(scope)
    languages = stats.by_language(scope)
    totals = stats.totals(scope)

    period_field = charts.Field("period", _("period"))
    count_field = charts.Field("count", _("items"))
    context = {
        "form": form,
        "scope": scope,
        "period": period,
        "totals": totals,
        "label_chart": _stacked(
            _label_rows(by_label, scope, period),
            period_field,
            count_field,
            charts.Field("label", _("label")),
            _("Items per period by label"),
        ),
        "target_chart": _stacked(
            _target_rows(by_target, scope, period),
            period_field,
            count_field,
            charts.Field("target", _("target group")),
            _("Items per period by target group"),
        ),
        "platform_chart": charts.bar_chart(
            platforms,
            charts.Field("platform", _("platform")),
            count_field,
            title=_("Items by platform"),
            horizontal=True,
        ),
        "language_chart": charts.bar_chart(
            [{"language": r["language"] or _("unknown"), "count": r["count"]} for r in languages],
            charts.Field("language", _("language")),
            count_field,
            title=_("Items by language"),
            horizontal=True,
        ),
        "has_data": totals["total"] > 0,
        "has_targets": bool(by_target),
    }
    return render(request, "online/insight.html", context)


@login_required
def themes_page(request):
    require_insight(request.user, "online themes")
    units = insight_units(request.user)
    form = ThemesFilterForm(request.GET or None, units=units)
    data = form.values()
    scope = _scope(request.user, data)
    found = themes.analyse(scope, harmful_only=bool(data.get("harmful_only")))
    term_chart = charts.bar_chart(
        [{"term": t.term, "weight": t.weight} for t in found.terms[:15]],
        charts.Field("term", _("term")),
        charts.Field("weight", _("weight (mean TF-IDF)"), ",.3f"),
        title=_("Terms that stand out in the period"),
        horizontal=True,
    )
    context = {
        "form": form,
        "scope": scope,
        "themes": found,
        "term_chart": term_chart,
        "max_items": themes.MAX_ITEMS,
    }
    return render(request, "online/themes.html", context)


def _trigger_chart(result: triggers.Triggers) -> dict:
    x = charts.Field("day", _("day"), "%Y-%m-%d")
    y = charts.Field("count", _("hateful and threat items"))
    spec = charts.line_chart(
        [{"day": day, "count": count} for day, count in result.series],
        x,
        y,
        title=_("Hateful and threat items per day, spikes marked"),
    )
    if not result.spikes:
        return spec
    line = {"mark": spec.pop("mark"), "encoding": spec.pop("encoding")}
    line["mark"]["point"] = False
    marks = {
        "data": {
            "values": [
                {"day": s.day.isoformat(), "count": s.count, "label": _("spike")} for s in result.spikes
            ]
        },
        "mark": {"type": "point", "shape": "triangle-up", "size": 220, "filled": True, "color": "#D55E00"},
        "encoding": {
            "x": line["encoding"]["x"],
            "y": {"field": "count", "type": "quantitative"},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": _("spike")},
                {"field": "day", "type": "temporal", "title": str(x.label), "format": "%Y-%m-%d"},
                {"field": "count", "type": "quantitative", "title": str(y.label)},
            ],
        },
    }
    spec["layer"] = [line, marks]
    return spec


@login_required
def triggers_page(request):
    require_insight(request.user, "online triggers")
    units = insight_units(request.user)
    form = TriggersFilterForm(request.GET or None, units=units)
    data = form.values()
    scope = _scope(request.user, data)
    result = triggers.analyse(scope)
    from safecity.intake.models import Kind as SignalKind

    kinds = dict(SignalKind.choices)
    for spike in result.spikes:
        spike.signal_rows = [
            {"kind": kinds.get(r["kind"], r["kind"]), "count": r["count"]} for r in spike.signals
        ]
    context = {"form": form, "result": result, "chart": _trigger_chart(result), "margin": result.margin}
    return render(request, "online/triggers.html", context)


# --- the shared summary -------------------------------------------------------------------------------


def _pivot(rows: list[dict], key: str, names: dict, order: list[str]) -> tuple[list[str], list[dict]]:
    """Months as rows, `key` values as columns, every cell suppressed."""
    present = {r[key] for r in rows}
    columns = [c for c in order if c in present] + sorted(present - set(order))
    months = sorted({r["period"] for r in rows})
    cells = {(r["period"], r[key]): r["count"] for r in rows}
    table = [
        {"month": month, "cells": [suppress(cells.get((month, c), 0)) for c in columns]} for month in months
    ]
    return [str(names.get(c) or c) for c in columns], table


@login_required
def summary(request):
    scope_of = summary_scope(request.user)
    today = timezone.localdate()
    start = dt.date(today.year - 1, today.month, 1)
    scope = stats.scope(scope_of.unit_ids, start, today)
    by_label = stats.volume_by_label(scope, "month")
    by_target = stats.volume_by_target(scope, "month")
    label_columns, label_rows = _pivot(by_label, "final_label", LABELS, [str(v) for v in LABEL_ORDER])
    target_columns, target_rows = _pivot(by_target, "final_target", TARGETS, [v for v, _l in Target.choices])
    platforms = stats.suppressed_by_platform(scope)
    context = {
        "start": start,
        "end": today,
        "city_wide": scope_of.unit_ids is None,
        "label_columns": label_columns,
        "label_rows": label_rows,
        "target_columns": target_columns,
        "target_rows": target_rows,
        "platforms": platforms,
        "total": stats.suppressed_total(scope),
        "threshold": settings.SUPPRESSION_THRESHOLD,
        "threshold_below": settings.SUPPRESSION_THRESHOLD - 1,
    }
    return render(request, "online/summary.html", context)


# --- narratives ---------------------------------------------------------------------------------------


@login_required
def narratives(request):
    require_insight(request.user, "narratives")
    units = insight_units(request.user)
    form = NarrativeFilterForm(request.GET or None, units=units)
    rows = narratives_for_user(request.user).prefetch_related("tactics")
    if form.is_valid():
        if form.cleaned_data.get("status"):
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data.get("tactic"):
            rows = rows.filter(tactics=form.cleaned_data["tactic"])
        if form.cleaned_data.get("unit"):
            rows = rows.filter(unit=form.cleaned_data["unit"])
    rows = rows.annotate(
        confirmed=Count("links", filter=Q(links__state=NarrativeLink.State.CONFIRMED), distinct=True),
        suggested=Count("links", filter=Q(links__state=NarrativeLink.State.SUGGESTED), distinct=True),
    )
    return render(request, "online/narratives.html", {"form": form, "narratives": rows})


def _form_values(form) -> dict:
    data = dict(form.cleaned_data)
    tactics = data.pop("tactics", [])
    reason = data.pop("status_reason", "")
    return {"tactics": tactics, "status_reason": reason, **data}


def _add_errors(form, error: ValidationError) -> None:
    """A model's validation errors on the form: on the field they name, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def narrative_new(request):
    require_insight(request.user, "new narrative")
    units = insight_units(request.user)
    form = NarrativeForm(request.POST or None, units=units, initial={"first_seen": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        values.pop("status_reason")
        try:
            narrative = actions.do_create_narrative(request.user, **values)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The narrative was saved."))
            return redirect("online:narrative", narrative.pk)
    return render(request, "online/narrative_form.html", {"form": form, "narrative": None})


@login_required
def narrative_edit(request, narrative_id):
    narrative = get_narrative_for_user(request.user, narrative_id, purpose="change")
    units = insight_units(request.user)
    form = NarrativeForm(request.POST or None, instance=narrative, units=units)
    if request.method == "POST" and form.is_valid():
        fresh = Narrative.objects.select_related("unit").get(pk=narrative.pk)
        try:
            actions.do_update_narrative(request.user, fresh, **_form_values(form))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The narrative was saved."))
            return redirect("online:narrative", narrative.pk)
    return render(request, "online/narrative_form.html", {"form": form, "narrative": narrative})


def _history(narrative: Narrative) -> list[dict]:
    """Status changes from the access log (created and changed entries with a status change)."""
    entries = AccessLogEntry.objects.filter(
        object_type="online.narrative",
        object_id=str(narrative.pk),
        action__in=[Action.CREATE, Action.CHANGE],
    ).order_by("at", "pk")
    statuses = dict(Narrative.Status.choices)
    history = []
    for entry in entries:
        change = (entry.changes or {}).get("status")
        if not change:
            continue
        before, after = change
        history.append(
            {
                "at": entry.at,
                "before": statuses.get(before, before) if before else "",
                "after": statuses.get(after, after),
                "reason": entry.detail.removeprefix("status: ")
                if entry.detail.startswith("status: ")
                else "",
            }
        )
    return history


def _detail_context(narrative: Narrative, **forms) -> dict:
    links = list(
        NarrativeLink.objects.filter(narrative=narrative).select_related("item").order_by("-similarity", "pk")
    )
    return {
        "narrative": narrative,
        "tactics": list(narrative.tactics.all()),
        "counter_messages": list(narrative.counter_messages.all()),
        "confirmed": [link for link in links if link.state == NarrativeLink.State.CONFIRMED],
        "suggested": [link for link in links if link.state == NarrativeLink.State.SUGGESTED],
        "rejected": sum(1 for link in links if link.state == NarrativeLink.State.REJECTED),
        "history": _history(narrative),
        "matching_form": forms.get("matching_form") or MatchingForm(instance=narrative),
        "counter_form": forms.get("counter_form") or CounterMessageForm(),
    }


@login_required
def narrative_detail(request, narrative_id):
    narrative = get_narrative_for_user(request.user, narrative_id)
    return render(request, "online/narrative_detail.html", _detail_context(narrative))


@login_required
@require_POST
def narrative_matching(request, narrative_id):
    narrative = get_narrative_for_user(request.user, narrative_id, purpose="change")
    form = MatchingForm(request.POST, instance=Narrative.objects.get(pk=narrative.pk))
    if form.is_valid():
        actions.do_set_matching(
            request.user,
            narrative,
            similarity_threshold=form.cleaned_data["similarity_threshold"],
            window_days=form.cleaned_data["window_days"],
        )
        messages.success(request, _("The matching settings were saved."))
        return redirect("online:narrative", narrative.pk)
    return _detail_with_errors(request, narrative, matching_form=form)


@login_required
@require_POST
def narrative_counter(request, narrative_id):
    narrative = get_narrative_for_user(request.user, narrative_id, purpose="change")
    form = CounterMessageForm(request.POST)
    if form.is_valid():
        actions.do_add_counter_message(request.user, narrative, **form.cleaned_data)
        messages.success(request, _("The counter-message was saved."))
        return redirect("online:narrative", narrative.pk)
    return _detail_with_errors(request, narrative, counter_form=form)


def _detail_with_errors(request, narrative, **forms):
    return render(request, "online/narrative_detail.html", _detail_context(narrative, **forms), status=400)


@login_required
@require_POST
def narrative_suggest(request, narrative_id):
    narrative = get_narrative_for_user(request.user, narrative_id, purpose="change")
    job = actions.do_start_suggestions(request.user, narrative)
    return redirect("core:job", job.pk)


@login_required
@require_POST
def link_confirm(request, link_id):
    link = get_link_for_user(request.user, link_id)
    actions.do_confirm_link(request.user, link)
    messages.success(request, _("The item was linked to the narrative."))
    return redirect("online:narrative", link.narrative_id)


@login_required
@require_POST
def link_reject(request, link_id):
    link = get_link_for_user(request.user, link_id)
    actions.do_reject_link(request.user, link)
    messages.success(request, _("The suggestion was rejected; it will not be suggested again."))
    return redirect("online:narrative", link.narrative_id)
