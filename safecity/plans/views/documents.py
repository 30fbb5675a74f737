"""A plan's documents: the PDF and XLSX of the plan and of each follow-up, and the import page.

Every document is fetched through access.get_plan_for_user (purpose "view", which logs the access);
those who may not read the plan are refused (403, logged). The import starts a background job
through actions.do_start_plan_import and sends the person to the job's progress page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from safecity.plans import access, actions, documents, forms, imports
from safecity.plans.models import FollowUp, Period, Plan

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"  # unpublished plans stay out of shared caches
    return response


def _follow_up(plan: Plan, period: str) -> FollowUp:
    if period not in Period.values:
        raise Http404
    return get_object_or_404(
        FollowUp.objects.select_related("plan", "submitted_by"), plan=plan, period=period
    )


@login_required
@require_GET
def plan_pdf(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id)
    name = documents.filename(plan, _("action plan"), "pdf")
    return _download(documents.plan_pdf(plan), PDF, name)


@login_required
@require_GET
def plan_xlsx(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id)
    name = documents.filename(plan, _("action plan"), "xlsx")
    return _download(documents.plan_xlsx(plan), XLSX, name)


@login_required
@require_GET
def follow_up_pdf(request, plan_id, period):
    plan = access.get_plan_for_user(request.user, plan_id)
    follow_up = _follow_up(plan, period)
    name = documents.filename(plan, _("follow-up %(period)s") % {"period": period}, "pdf")
    return _download(documents.follow_up_pdf(follow_up), PDF, name)


@login_required
@require_GET
def follow_up_xlsx(request, plan_id, period):
    plan = access.get_plan_for_user(request.user, plan_id)
    follow_up = _follow_up(plan, period)
    name = documents.filename(plan, _("follow-up %(period)s") % {"period": period}, "xlsx")
    return _download(documents.follow_up_xlsx(follow_up), XLSX, name)


@login_required
def import_page(request, plan_id):
    """Upload the plan's XLSX (or one sheet as CSV); the rows are checked and saved in a background job."""
    plan = access.get_plan_for_user(request.user, plan_id)
    imports.require_import(request.user, plan)
    form = imports.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = actions.do_start_plan_import(request.user, plan, form.cleaned_data["file"])
        return redirect("core:job", job.pk)
    context = {
        "plan": plan,
        "form": form,
        "measures_open": access.can_edit_plan(request.user, plan),
        "plan_xlsx_url": reverse("plans:plan_xlsx", args=[plan.pk]),
        "max_size": imports.MAX_IMPORT_BYTES,
        "max_rows": formats.number_format(imports.MAX_IMPORT_ROWS, force_grouping=True),
        "errors": forms.error_summary(form),
    }
    return render(request, "plans/documents/import.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("<int:plan_id>/plan.pdf", plan_pdf, name="plan_pdf"),
    path("<int:plan_id>/plan.xlsx", plan_xlsx, name="plan_xlsx"),
    path("<int:plan_id>/uppfoljning/<str:period>.pdf", follow_up_pdf, name="follow_up_pdf"),
    path("<int:plan_id>/uppfoljning/<str:period>.xlsx", follow_up_xlsx, name="follow_up_xlsx"),
    path("<int:plan_id>/import/", import_page, name="import"),
]
