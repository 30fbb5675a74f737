"""Writing, reading, taking to the board, reviewing and following up one plan.

Every plan and measure is fetched through access.py, every write goes through actions.py. A step that
is not open (the plan moved on) sends a GET back to the plan with a note; a POST always reaches the
action, which refuses and logs what is not allowed.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from safecity.plans import access, actions, forms, pages
from safecity.plans.followup import FollowUpSheet
from safecity.plans.models import FollowUp, Measure, Period, Plan

S = Plan.Status


def _detail_url(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:detail", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def _not_open(request, plan: Plan):
    messages.info(request, _("This step is not open for the plan now."))
    return redirect(_detail_url(plan))


def _message_from(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- reading --------------------------------------------------------------------------------------------


@login_required
def index(request):
    plans = (
        access.get_plans_for_user(request.user)
        .annotate(measure_count=Count("measures"))
        .prefetch_related("follow_ups")
    )
    return render(request, "plans/index.html", {"years": pages.plans_by_year(request.user, plans)})


@login_required
def detail(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id)
    return render(request, "plans/detail.html", pages.detail_context(request.user, plan))


@login_required
def shared(request):
    measures = access.shared_measures_for_user(request.user).order_by(
        "-plan__year__year", "plan__unit__name", "position", "id"
    )
    return render(request, "plans/shared.html", {"measures": measures})


# --- writing --------------------------------------------------------------------------------------------


@login_required
def section_edit(request, plan_id, section_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="edit")
    section = get_object_or_404(plan.sections.select_related("section"), pk=section_id)
    form = forms.SectionForm(request.POST or None, initial={"body": section.body})
    preview = None
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if "preview" in request.POST:
            preview = body
        else:
            actions.do_save_section(request.user, plan, section, body)
            messages.success(request, _("The section is saved."))
            return redirect(_detail_url(plan, f"section-{section.section.code}"))
    context = {
        "plan": plan,
        "section": section,
        "form": form,
        "preview": preview,
        "errors": forms.error_summary(form),
    }
    return render(request, "plans/section_form.html", context)


@login_required
@require_POST
def section_preview(request, plan_id):
    """The htmx preview of Markdown being written: the sanitised HTML fragment, nothing saved."""
    plan = access.get_plan_for_user(request.user, plan_id, purpose="edit")
    context = {"plan": plan, "preview": request.POST.get("body", "")}
    return render(request, "plans/section_form.html#preview", context)


@login_required
def measure_new(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="edit")
    return _measure_form(request, plan, None)


@login_required
def measure_edit(request, measure_id):
    measure = access.get_measure_for_user(request.user, measure_id, purpose="edit")
    return _measure_form(request, measure.plan, measure)


def _measure_form(request, plan: Plan, measure: Measure | None):
    # The form works on a copy, so the action still sees the measure as it was (its old parent).
    instance = copy.copy(measure) if measure else Measure(plan=plan)
    data = request.POST if request.method == "POST" else None
    initial = {} if measure else {"parent": request.GET.get("del_av")}
    form = forms.MeasureForm(data, instance=instance, plan=plan, initial=initial)
    milestones = forms.MilestoneFormSet(data, instance=instance, prefix="milestones")
    indicators = forms.IndicatorFormSet(data, instance=instance, prefix="indicators")
    if data is not None and all([form.is_valid(), milestones.is_valid(), indicators.is_valid()]):
        try:
            saved = actions.do_save_measure_with_parts(
                request.user,
                plan,
                measure,
                fields=dict(form.cleaned_data),
                milestones=forms.part_changes(milestones),
                indicators=forms.part_changes(indicators),
            )
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The measure “%(title)s” is saved.") % {"title": saved.title})
            if "add_row" in request.POST:
                anchor = "indicators" if request.POST["add_row"] == "indicators" else "milestones"
                return redirect(reverse("plans:measure_edit", args=[saved.pk]) + f"#{anchor}")
            return redirect(_detail_url(plan, f"measure-{saved.pk}"))
    context = {
        "plan": plan,
        "measure": measure,
        "form": form,
        "milestones": milestones,
        "indicators": indicators,
        "errors": forms.formset_error_summary(form, milestones, indicators),
    }
    return render(request, "plans/measure_form.html", context)


@login_required
@require_GET
def measure_part_row(request, kind):
    """htmx: one more empty milestone or indicator row, and the formset's new row count."""
    formsets = {"milestones": forms.MilestoneFormSet, "indicators": forms.IndicatorFormSet}
    if kind not in formsets:
        raise Http404
    try:
        index = min(int(request.GET.get(f"{kind}-TOTAL_FORMS", "0")), 49)
    except ValueError:
        index = 0
    row = formsets[kind](prefix=kind, instance=Measure()).empty_form
    row.prefix = f"{kind}-{index}"
    context = {"row": row, "kind": kind, "index": index, "total": index + 1}
    return render(request, "plans/measure_form.html#new_row", context)


@login_required
def measure_delete(request, measure_id):
    measure = access.get_measure_for_user(request.user, measure_id, purpose="edit")
    plan = measure.plan
    if request.method == "POST":
        title = measure.title
        actions.do_delete_measure(request.user, measure)
        messages.success(request, _("The measure “%(title)s” is deleted.") % {"title": title})
        return redirect(_detail_url(plan, "measures"))
    context = {"plan": plan, "measure": measure, "children": list(measure.children.all())}
    return render(request, "plans/measure_confirm_delete.html", context)


# --- the board and the central review ---------------------------------------------------------------------


def _confirm(request, plan: Plan, *, open_now: bool, run, done: str, page: dict, form=None):
    """A confirm page on GET; on POST the action, then back to the plan with `done` or the problem."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            run()
        except ValidationError as error:
            messages.error(request, _message_from(error))
        else:
            messages.success(request, done)
        return redirect(_detail_url(plan))
    if request.method == "GET" and not open_now:
        return _not_open(request, plan)
    return render(request, "plans/confirm.html", {"plan": plan, "form": form, **page})


@login_required
def send_to_board(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="board")
    return _confirm(
        request,
        plan,
        open_now=plan.status == S.DRAFT,
        run=lambda: actions.do_send_to_board(request.user, plan),
        done=_("The plan is sent to the board. Record the decision when the board has met."),
        page={
            "title": _("Send the plan to the board"),
            "text": _(
                "The plan is locked while the board decides. Record the board's decision (date and "
                "reference number) when it is made; the plan then goes to central review."
            ),
            "button": _("Send to the board"),
        },
    )


@login_required
def board_decision(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="board")
    form = forms.BoardDecisionForm(request.POST or None, initial={"reference": plan.board_reference})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_board_decision(request.user, plan, **form.cleaned_data)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The board decision is recorded; the plan goes to central review."))
            return redirect(_detail_url(plan))
    elif request.method == "GET" and plan.status != S.SENT_TO_BOARD:
        return _not_open(request, plan)
    context = {"plan": plan, "form": form, "errors": forms.error_summary(form)}
    return render(request, "plans/board_decision.html", context)


@login_required
def comment(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="review")
    form = forms.CommentForm(request.POST or None, plan=plan, initial={"section": request.GET.get("avsnitt")})
    if request.method == "POST" and form.is_valid():
        section = form.cleaned_data["section"]
        try:
            actions.do_comment(request.user, plan, form.cleaned_data["body"], section=section)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The comment is saved."))
            return redirect(_detail_url(plan, f"section-{section.code}" if section else "comments"))
    context = {"plan": plan, "form": form, "errors": forms.error_summary(form)}
    return render(request, "plans/comment_form.html", context)


@login_required
def return_plan(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="review")
    form = forms.ReturnForm(request.POST or None)
    return _confirm(
        request,
        plan,
        open_now=plan.comments.filter(resolved_at__isnull=True).exists(),
        run=lambda: actions.do_return_plan(request.user, plan, form.cleaned_data["note"]),
        done=_("The plan is sent back to the unit with your comments."),
        form=form,
        page={
            "title": _("Send the plan back with comments"),
            "text": _(
                "The unit's coordinator is told by e-mail (a link only), answers each comment and "
                "sends the plan back for review."
            ),
            "button": _("Send back with comments"),
        },
    )


@login_required
def approve(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="review")
    return _confirm(
        request,
        plan,
        open_now=True,
        run=lambda: actions.do_approve(request.user, plan),
        done=_("The plan is approved. The unit can start the follow-ups."),
        page={
            "title": _("Approve the plan"),
            "text": _(
                "Open comments are marked as resolved. The approved plan can be read by the other "
                "units' staff, and the unit follows it up in T1, T2 and the annual report."
            ),
            "button": _("Approve"),
        },
    )


@login_required
def answer(request, plan_id, comment_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="answer")
    review_comment = get_object_or_404(plan.comments.select_related("section", "author"), pk=comment_id)
    form = forms.AnswerForm(request.POST or None, initial={"reply": review_comment.reply})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_answer_comment(request.user, review_comment, form.cleaned_data["reply"])
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("Your answer is saved."))
            section = review_comment.section
            return redirect(_detail_url(plan, f"section-{section.code}" if section else "comments"))
    context = {"plan": plan, "comment": review_comment, "form": form, "errors": forms.error_summary(form)}
    return render(request, "plans/comment_form.html", context)


@login_required
def resubmit(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="answer")
    return _confirm(
        request,
        plan,
        open_now=True,
        run=lambda: actions.do_resubmit(request.user, plan),
        done=_("The plan is sent back for central review."),
        page={
            "title": _("Send the answered plan back for review"),
            "text": _("The central coordinator is told by e-mail (a link only) and reviews the plan again."),
            "button": _("Send for review"),
        },
    )


# --- follow-ups ---------------------------------------------------------------------------------------------


def _period(period: str) -> str:
    if period not in Period.values:
        raise Http404
    return period


@login_required
def follow_up(request, plan_id, period):
    """T1, T2 or the annual report: the unit's coordinator writes it, others with access read it."""
    period = _period(period)
    purpose = "follow_up" if request.method == "POST" else "view"
    plan = access.get_plan_for_user(request.user, plan_id, purpose=purpose)
    if access.can_follow_up(request.user, plan):
        sheet_follow_up = actions.do_open_follow_up(request.user, plan, period)
    else:
        sheet_follow_up = get_object_or_404(FollowUp, plan=plan, period=period)
    if request.method == "POST":
        return _save_follow_up(request, plan, sheet_follow_up)
    return _follow_up_page(request, plan, sheet_follow_up)


def _save_follow_up(request, plan: Plan, follow_up: FollowUp):
    if follow_up.is_locked:
        messages.error(request, _("This follow-up is submitted and locked; record a correction instead."))
        return redirect("plans:follow_up", plan.pk, follow_up.period)
    sheet = FollowUpSheet(follow_up, data=request.POST)
    if not sheet.is_valid():
        return _follow_up_page(request, plan, follow_up, sheet=sheet, status=400)
    try:
        actions.do_save_follow_up(
            request.user, follow_up, sheet.lines_to_save(), summary=sheet.summary_text()
        )
    except ValidationError as error:
        messages.error(request, _message_from(error))
        return redirect("plans:follow_up", plan.pk, follow_up.period)
    messages.success(request, _("The follow-up is saved as a draft."))
    if "submit" in request.POST:
        return redirect("plans:follow_up_submit", plan.pk, follow_up.period)
    return redirect("plans:follow_up", plan.pk, follow_up.period)


def _follow_up_page(request, plan, follow_up, *, sheet=None, correction=None, status=200):
    writer = access.can_follow_up(request.user, plan)
    sheet = sheet or FollowUpSheet(follow_up, writer=writer, correction=correction)
    context = {"plan": plan, "follow_up": follow_up, "sheet": sheet, "writer": writer}
    context.update(pages.follow_up_context(plan, follow_up))
    return render(request, "plans/follow_up.html", context, status=status)


@login_required
def follow_up_submit(request, plan_id, period):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="follow_up")
    follow_up = get_object_or_404(FollowUp, plan=plan, period=_period(period))
    back = reverse("plans:follow_up", args=[plan.pk, follow_up.period])
    if request.method == "POST":
        try:
            actions.do_submit_follow_up(request.user, follow_up)
        except ValidationError as error:
            messages.error(request, _message_from(error))
        else:
            messages.success(request, _("The follow-up is submitted and locked."))
        return redirect(back)
    if follow_up.is_locked:
        messages.info(request, _("This follow-up is submitted already."))
        return redirect(back)
    page = {
        "title": _("Submit the %(period)s") % {"period": follow_up.get_period_display()},
        "text": _(
            "Once submitted, the follow-up is locked: each measure's status and progress are carried "
            "into the plan, and any later change is recorded as a correction with who, when and why."
        ),
        "button": _("Submit and lock"),
        "cancel_url": back,
    }
    return render(request, "plans/confirm.html", {"plan": plan, **page})


@login_required
@require_POST
def follow_up_correct(request, plan_id, period, report_id):
    plan = access.get_plan_for_user(request.user, plan_id, purpose="follow_up")
    follow_up = get_object_or_404(FollowUp, plan=plan, period=_period(period))
    report = get_object_or_404(follow_up.reports.select_related("measure", "status"), pk=report_id)
    form = forms.CorrectionForm(
        request.POST,
        prefix=f"c{report.pk}",
        statuses=forms.statuses_for(plan),
        indicators=report.measure.indicators.all(),
    )
    if form.is_valid():
        field, new_value, reason = (form.cleaned_data[k] for k in ("field", "new_value", "reason"))
        try:
            if field in form.indicators:
                actions.do_correct_indicator_value(
                    request.user, report, form.indicators[field], new_value, reason
                )
            else:
                actions.do_correct_report(request.user, report, field, new_value, reason)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The correction is recorded."))
            return redirect(
                reverse("plans:follow_up", args=[plan.pk, follow_up.period]) + f"#line-{report.pk}"
            )
    return _follow_up_page(request, plan, follow_up, correction=(report.pk, form), status=400)


urlpatterns = [
    path("", index, name="index"),
    path("delade/", shared, name="shared"),
    path("<int:plan_id>/", detail, name="detail"),
    path("<int:plan_id>/avsnitt/<int:section_id>/", section_edit, name="section_edit"),
    path("<int:plan_id>/forhandsvisning/", section_preview, name="section_preview"),
    path("<int:plan_id>/atgarder/ny/", measure_new, name="measure_new"),
    path("atgarder/<int:measure_id>/", measure_edit, name="measure_edit"),
    path("atgarder/<int:measure_id>/ta-bort/", measure_delete, name="measure_delete"),
    path("atgarder/ny-rad/<str:kind>/", measure_part_row, name="measure_part_row"),
    path("<int:plan_id>/till-namnden/", send_to_board, name="send_to_board"),
    path("<int:plan_id>/namndbeslut/", board_decision, name="board_decision"),
    path("<int:plan_id>/kommentera/", comment, name="comment"),
    path("<int:plan_id>/skicka-tillbaka/", return_plan, name="return"),
    path("<int:plan_id>/godkann/", approve, name="approve"),
    path("<int:plan_id>/kommentarer/<int:comment_id>/svara/", answer, name="answer"),
    path("<int:plan_id>/skicka-in-igen/", resubmit, name="resubmit"),
    path("<int:plan_id>/uppfoljning/<str:period>/", follow_up, name="follow_up"),
    path("<int:plan_id>/uppfoljning/<str:period>/lamna-in/", follow_up_submit, name="follow_up_submit"),
    path(
        "<int:plan_id>/uppfoljning/<str:period>/rattelse/<int:report_id>/",
        follow_up_correct,
        name="follow_up_correct",
    ),
]
