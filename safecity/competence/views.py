"""Pages of competence: coverage (and its export), registering a session, imports, the e-learning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from safecity.core import tabular
from safecity.guidance.models import Situation

from . import access, actions, coverage, imports
from .forms import ImportForm, QuestionFormSet, QuizForm, SessionForm
from .models import Quiz

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def coverage_page(request):
    units = access.get_coverage_for_user(request.user, export=request.GET.get("format") == "xlsx")
    result = coverage.compute(units)
    if request.GET.get("format") == "xlsx":
        return _coverage_xlsx(result)
    context = {"coverage": result, "units": units}
    return render(request, "competence/coverage.html", context)


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
                tabular.PercentValue(cell.share / 100),
                tabular.PercentValue(cell.target / 100) if cell.target is not None else None,
            ]

    source = _("Sessions and e-learning from %(since)s") % {"since": result.since.isoformat()}
    formats = {_("Share"): tabular.PERCENT_FORMAT, _("Target"): tabular.PERCENT_FORMAT}
    data = tabular.write_xlsx(
        [
            tabular.Sheet(_("Per unit"), headers, rows(result.cells), source=source, formats=formats),
            tabular.Sheet(
                _("The whole city"), headers, rows(result.city, True), source=source, formats=formats
            ),
            tabular.Sheet(_("Gaps"), [_("Gap")], ([cell.gap_sentence()] for cell in result.gaps)),
        ]
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="kompetens-tackning.xlsx"'
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
