"""Pages of competence: coverage (and its export), registering a session, imports, the e-learning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecity.core import tabular
from safecity.guidance.models import Situation

from . import access, actions, coverage, imports, reach
from .forms import (
    ImportForm,
    MeasureProgrammesForm,
    ProgrammeForm,
    QuestionFormSet,
    QuizForm,
    SessionForm,
    TargetForm,
)
from .models import CoverageTarget, MeasureProgramme, Programme, Quiz

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PAGE_SIZE = 150  # rows of the per-unit table on one page


@login_required
def coverage_page(request):
    wanted = request.GET.get("format")
    units = access.get_coverage_for_user(request.user, export=wanted in {"xlsx", "csv"})
    result = coverage.compute(units)
    if wanted == "xlsx":
        return _coverage_xlsx(result)
    if wanted == "csv":
        return _gaps_csv(result)
    chosen = next((u for u in units if u.code == request.GET.get("unit")), None)
    cells = [c for c in result.cells if c.unit == chosen] if chosen else result.cells
    page = Paginator(cells, PAGE_SIZE).get_page(request.GET.get("page"))
    sections = []
    for cell in page.object_list:
        if not sections or sections[-1]["unit"] != cell.unit:
            sections.append({"unit": cell.unit, "cells": [], "gaps": []})
        sections[-1]["cells"].append(cell)
        if cell.is_gap or cell.below_target:
            sections[-1]["gaps"].append(cell)
    context = {
        "coverage": result,
        "units": units,
        "chosen": chosen,
        "page": page,
        "sections": sections,
        "summary": result.per_unit() if len(units) > 1 else [],
    }
    return render(request, "competence/coverage.html", context)


def _share(value) -> tabular.PercentValue | None:
    return tabular.PercentValue(value / 100) if value is not None else None


def _gap_rows(result):
    """Every gap, the whole city's first, then per unit: unit, function, programme, share, target, words."""
    for city, cells in ((True, result.city_gaps), (False, result.gaps)):
        for cell in cells:
            yield [
                _("The whole city") if city else cell.unit.display_name,
                cell.function.display_name,
                cell.programme.display_title,
                cell.headcount,
                cell.reached,
                _share(cell.share),
                _share(cell.target),
                cell.gap_sentence(),
            ]


def _gap_headers():
    return [
        _("Unit"),
        _("Function"),
        _("Programme"),
        _("Headcount"),
        _("Reached"),
        _("Share"),
        _("Target"),
        _("Gap"),
    ]


def _coverage_xlsx(result) -> HttpResponse:
    headers = [
        _("Unit"),
        _("Function"),
        _("Programme"),
        _("Headcount"),
        _("Reached"),
        _("Share"),
        _("Target"),
    ]

    def rows(cells, city=False):
        for cell in cells:
            yield [
                _("The whole city") if city else cell.unit.display_name,
                cell.function.display_name,
                cell.programme.display_title,
                cell.headcount,
                cell.reached,
                _share(cell.share),
                _share(cell.target),
            ]

    source = _("Sessions and e-learning from %(since)s") % {"since": result.since.isoformat()}
    formats = {_("Share"): tabular.PERCENT_FORMAT, _("Target"): tabular.PERCENT_FORMAT}
    data = tabular.write_xlsx(
        [
            tabular.Sheet(_("Per unit"), headers, rows(result.cells), source=source, formats=formats),
            tabular.Sheet(
                _("The whole city"), headers, rows(result.city, True), source=source, formats=formats
            ),
            tabular.Sheet(_("Gaps"), _gap_headers(), _gap_rows(result), source=source, formats=formats),
        ]
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="kompetens-tackning.xlsx"'
    return response


def _gaps_csv(result) -> HttpResponse:
    def rows():
        for row in _gap_rows(result):
            row[5] = row[5] * 100 if row[5] is not None else None
            row[6] = row[6] * 100 if row[6] is not None else None
            yield row

    response = HttpResponse(tabular.write_csv(rows(), _gap_headers()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kompetens-luckor.csv"'
    return response


@login_required
def sessions(request):
    access.require_competence(request.user, "sessions")
    units = access.units_for(request.user)
    form = SessionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attendees = data.pop("attendees")
        actions.do_register_session(request.user, attendees=attendees, **data)
        messages.success(request, _("The session has been registered."))
        return redirect("competence:sessions")
    return render(request, "competence/sessions.html", {"form": form})


@login_required
def import_page(request):
    access.require_competence(request.user, "import")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        rows, errors = imports.check_file(request.user, upload, upload.name, kind)
        if not errors:
            headcounts = rows if kind == imports.HEADCOUNTS else []
            sessions_ = rows if kind == imports.SESSIONS else []
            saved = actions.do_import(request.user, headcounts=headcounts, sessions=sessions_)
            messages.success(
                request,
                _("Imported %(headcounts)s headcounts and %(sessions)s sessions.")
                % {"headcounts": saved[0], "sessions": saved[1]},
            )
            return redirect("competence:import")
    return render(request, "competence/import.html", {"form": form, "errors": errors})


@login_required
def quiz_index(request):
    access.require_quiz_taker(request.user)
    quizzes = Quiz.objects.select_related("situation", "programme").order_by("situation__position")
    context = {"quizzes": quizzes, "can_edit": access.can_edit_quizzes(request.user)}
    return render(request, "competence/quiz_index.html", context)


@login_required
def quiz(request, situation_code: str):
    access.require_quiz_taker(request.user)
    situation = get_object_or_404(Situation, code=situation_code)
    quiz_ = get_object_or_404(Quiz, situation=situation)
    version = quiz_.current_version()
    if version is None:
        raise Http404
    questions = list(version.questions.all())
    form = QuizForm(request.POST or None, questions=questions)
    feedback = None
    completion = None
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        completion = actions.do_complete_quiz(request.user, version, answers)
        feedback = [
            {
                "question": q,
                "answer": a,
                "right": a == q.correct,
                "correct_text": q.display_choices()[q.correct - 1],
            }
            for q, a in zip(questions, answers, strict=True)
        ]
    context = {
        "situation": situation,
        "quiz": quiz_,
        "version": version,
        "form": form,
        "feedback": feedback,
        "passed": feedback is not None and all(item["right"] for item in feedback),
        "completion": completion,
    }
    return render(request, "competence/quiz.html", context)


@login_required
def quiz_edit(request, situation_code: str):
    access.require_quiz_editor(request.user)
    quiz_ = get_object_or_404(Quiz.objects.select_related("situation"), situation__code=situation_code)
    version = quiz_.current_version()
    fields = ["text", "text_en", "choices", "choices_en", "correct", "explanation", "explanation_en"]
    initial = (
        [{name: getattr(q, name) for name in fields} for q in version.questions.all()] if version else []
    )
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="q")
    if request.method == "POST" and formset.is_valid():
        questions = [
            {name: form.cleaned_data[name] for name in fields}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        new = actions.do_publish_quiz_version(request.user, quiz_, questions)
        messages.success(request, _("Version %(number)s is published.") % {"number": new.number})
        return redirect("competence:quiz_edit", situation_code)
    context = {"quiz": quiz_, "version": version, "formset": formset}
    return render(request, "competence/quiz_edit.html", context)


# --- programmes and coverage targets (the central coordinator) ---------------------------------------


@login_required
def targets(request):
    access.require_programme_manager(request.user, "coverage targets")
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = actions.do_save_target(request.user, CoverageTarget(), form.cleaned_data)
        messages.success(request, _("The target for %(target)s is set.") % {"target": target})
        return redirect("competence:targets")
    listed = CoverageTarget.objects.select_related("function", "programme", "set_by").order_by(
        "programme__position", "programme__title", "function__position", "function__name"
    )
    return render(request, "competence/targets.html", {"form": form, "targets": listed})


@login_required
def target_edit(request, pk: int):
    target = access.get_target_for_user(request.user, pk)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        actions.do_save_target(request.user, target, form.cleaned_data)
        messages.success(request, _("The target for %(target)s is changed.") % {"target": target})
        return redirect("competence:targets")
    return render(request, "competence/target_edit.html", {"form": form, "target": target})


@login_required
@require_POST
def target_remove(request, pk: int):
    target = access.get_target_for_user(request.user, pk)
    label = str(target)
    actions.do_remove_target(request.user, target)
    messages.success(request, _("The target for %(target)s is removed.") % {"target": label})
    return redirect("competence:targets")


@login_required
def programmes(request):
    access.require_programme_manager(request.user, "programmes")
    listed = (
        Programme.objects.prefetch_related("target_functions")
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("position", "title")
    )  # Meta.ordering is not used in a GROUP BY query
    return render(request, "competence/programmes.html", {"programmes": listed})


@login_required
def programme_edit(request, pk: int | None = None):
    if pk is None:
        access.require_programme_manager(request.user, "programme")
        programme = Programme()
    else:
        programme = access.get_programme_for_user(request.user, pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        saved = actions.do_save_programme(
            request.user, programme, form.changed_fields(), form.cleaned_data["target_functions"]
        )
        messages.success(request, _("The programme “%(title)s” is saved.") % {"title": saved.display_title})
        return redirect("competence:programmes")
    return render(request, "competence/programme_edit.html", {"form": form, "programme": programme})


# --- training measures of action plans: programmes and reach ----------------------------------------


@login_required
def measure_programmes(request, measure_pk: int):
    measure = access.get_measure_for_linking(request.user, measure_pk)
    linked = MeasureProgramme.objects.filter(measure=measure).values_list("programme_id", flat=True)
    form = MeasureProgrammesForm(request.POST or None, initial={"programmes": list(linked)})
    if request.method == "POST" and form.is_valid():
        actions.do_link_measure(request.user, measure, form.cleaned_data["programmes"])
        messages.success(
            request, _("The programmes of “%(measure)s” are saved.") % {"measure": measure.title}
        )
        return redirect("competence:reach", measure.plan_id)
    return render(request, "competence/measure_programmes.html", {"form": form, "measure": measure})


@login_required
def plan_reach_page(request, plan_pk: int):
    plan = access.get_plan_for_reach(request.user, plan_pk)
    measures = list(plan.measures.order_by("parent_id", "position", "pk"))
    rows = reach.plan_reach(plan, measures)
    linked = {row.measure.pk for row in rows}
    context = {
        "plan": plan,
        "rows": rows,
        "periods": reach.PERIODS,
        "unlinked": [m for m in measures if m.pk not in linked],
    }
    return render(request, "competence/reach.html", context)
