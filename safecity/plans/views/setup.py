"""The central coordinator's set-up: guidelines, the plan template, opening a planning year.

Published guidelines and templates are for every member of staff to read; drafts and every change
are the central coordinator's (access.can_run_planning). Every write goes through actions.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from safecity.organisation.models import City
from safecity.plans import access, actions
from safecity.plans.models import Guideline, PlanningYear, PlanTemplate, PublicationState, TemplateSection
from safecity.plans.setup_forms import ConfirmForm, GuidelineForm, PlanningYearForm, TemplateSectionForm

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED


def _city() -> City:
    city = City.objects.order_by("pk").first()
    if city is None:
        raise Http404
    return city


def guideline_in_force(city: City, day=None) -> Guideline | None:
    """The published version in force on `day` (default today); else the latest published one."""
    day = day or timezone.localdate()
    published = Guideline.objects.filter(city=city, state=PUBLISHED)
    in_force = published.filter(effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
    return in_force.order_by("-effective_from", "-version").first() or published.first()


def current_template(city: City) -> PlanTemplate | None:
    return PlanTemplate.objects.filter(city=city, state=PUBLISHED).order_by("-version").first()


def _posted(request):
    """The POST data, or None for a GET: an empty POST is still a submitted form."""
    return request.POST if request.method == "POST" else None


def _add_error(form, error: ValidationError) -> None:
    """An action's refusal on the form: on its field if the form has one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- guidelines ---------------------------------------------------------------------------------------


@login_required
def guidelines(request):
    access.require_setup_reader(request.user, "guidelines")
    city = _city()
    can_edit = access.can_run_planning(request.user)
    versions = Guideline.objects.filter(city=city).select_related("published_by")
    if not can_edit:
        versions = versions.filter(state=PUBLISHED)
    context = {
        "versions": versions,
        "current": guideline_in_force(city),
        "can_edit": can_edit,
        "draft": versions.filter(state=DRAFT).first() if can_edit else None,
    }
    return render(request, "plans/setup/guidelines.html", context)


@login_required
def guideline(request, guideline_id):
    version = access.get_guideline_for_user(request.user, guideline_id)
    context = {
        "version": version,
        "current": guideline_in_force(version.city),
        "can_edit": access.can_run_planning(request.user) and version.state == DRAFT,
    }
    return render(request, "plans/setup/guideline.html", context)


@login_required
def guideline_edit(request, guideline_id=None):
    """A new draft version (pre-filled from the latest one) or a change to a draft."""
    access.require_planning(request.user, "guidelines")
    city = _city()
    if guideline_id is None:
        draft = Guideline.objects.filter(city=city, state=DRAFT).first()
        if draft:
            messages.info(request, _("There is a draft already; go on with it."))
            return redirect("plans:guideline_edit", draft.pk)
        version = None
        latest = Guideline.objects.filter(city=city).first()
        fields = ["title", "title_en", "body", "body_en", "adopted_by"]
        initial = {name: getattr(latest, name) for name in fields} if latest else {}
        form = GuidelineForm(_posted(request), initial=initial)
    else:
        version = access.get_guideline_for_user(request.user, guideline_id, purpose="edit")
        if version.state != DRAFT:
            messages.error(request, _("Published guidelines cannot be changed; write a new version."))
            return redirect("plans:guideline", version.pk)
        form = GuidelineForm(_posted(request), instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_guideline_draft(request.user, city, version, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The draft is saved. Nobody but you sees it until it is published."))
            return redirect("plans:guideline", saved.pk)
    return render(request, "plans/setup/guideline_form.html", {"form": form, "version": version})


@login_required
def guideline_publish(request, guideline_id):
    version = access.get_guideline_for_user(request.user, guideline_id, purpose="edit")
    if version.state != DRAFT:
        messages.info(request, _("These guidelines are published already."))
        return redirect("plans:guideline", version.pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_publish_guideline(request.user, version)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The guidelines are published."))
            return redirect("plans:guidelines")
    context = {
        "form": form,
        "version": version,
        "current": guideline_in_force(version.city),
        "kind": "guideline",
    }
    return render(request, "plans/setup/publish.html", context)


# --- the plan template ---------------------------------------------------------------------------------


@login_required
def template(request, template_id=None):
    access.require_setup_reader(request.user, "plan template")
    city = _city()
    can_edit = access.can_run_planning(request.user)
    if template_id is None:
        shown = current_template(city)
    else:
        shown = access.get_template_for_user(request.user, template_id)
    versions = PlanTemplate.objects.filter(city=city)
    if not can_edit:
        versions = versions.filter(state=PUBLISHED)
    context = {
        "template": shown,
        "sections": shown.sections.order_by("position") if shown else [],
        "versions": versions,
        "current": current_template(city),
        "can_edit": can_edit,
        "draft": versions.filter(state=DRAFT).first() if can_edit else None,
    }
    return render(request, "plans/setup/template.html", context)


@login_required
@require_POST
def template_new_version(request):
    access.require_planning(request.user, "plan template")
    city = _city()
    draft = PlanTemplate.objects.filter(city=city, state=DRAFT).first()
    if draft:
        messages.info(request, _("There is a draft already; go on with it."))
        return redirect("plans:template", draft.pk)
    made = actions.do_new_template_version(request.user, city)
    messages.success(
        request, _("A draft copy of the template is made. Change its sections, then publish it.")
    )
    return redirect("plans:template", made.pk)


@login_required
def template_section_edit(request, section_id):
    section = get_object_or_404(TemplateSection.objects.select_related("template"), pk=section_id)
    template = access.get_template_for_user(request.user, section.template_id, purpose="edit")
    if template.state != DRAFT:
        messages.error(request, _("A published template cannot be changed; make a new version."))
        return redirect("plans:template", template.pk)
    form = TemplateSectionForm(_posted(request), instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_template_section(request.user, section, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The section is saved."))
            return redirect("plans:template", template.pk)
    return render(
        request, "plans/setup/section_form.html", {"form": form, "section": section, "template": template}
    )


@login_required
def template_publish(request, template_id):
    template = access.get_template_for_user(request.user, template_id, purpose="edit")
    if template.state != DRAFT:
        messages.info(request, _("This template is published already."))
        return redirect("plans:template", template.pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_publish_template(request.user, template)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("The template is published. Planning years opened from now on use it.")
            )
            return redirect("plans:template")
    context = {
        "form": form,
        "version": template,
        "current": current_template(template.city),
        "kind": "template",
    }
    return render(request, "plans/setup/publish.html", context)


# --- opening a planning year -----------------------------------------------------------------------------


@login_required
def planning_year_new(request):
    access.require_planning(request.user, "open planning year")
    city = _city()
    years = (
        PlanningYear.objects.filter(city=city)
        .select_related("template", "guideline")
        .annotate(plan_count=Count("plans"))
        .order_by("-year")  # Meta.ordering does not apply to a GROUP BY query
    )
    latest = years.first()
    next_year = latest.year + 1 if latest else timezone.localdate().year + 1
    form = PlanningYearForm(_posted(request), initial=PlanningYearForm.suggested(next_year))
    if request.method == "POST" and form.is_valid():
        try:
            opened = actions.do_open_planning_year(
                request.user,
                city,
                form.cleaned_data["year"],
                actions.Deadlines(**form.deadlines()),
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            count = opened.plans.count()
            message = ngettext(
                "Planning year %(year)s is open: %(count)s plan was created.",
                "Planning year %(year)s is open: %(count)s plans were created.",
                count,
            ) % {"year": opened.year, "count": count}
            messages.success(request, message)
            return redirect("plans:planning_year_new")
    context = {
        "form": form,
        "years": years,
        "template": current_template(city),
        "guideline": guideline_in_force(city),
    }
    return render(request, "plans/setup/planning_year.html", context)


urlpatterns = [
    path("riktlinjer/", guidelines, name="guidelines"),
    path("riktlinjer/ny/", guideline_edit, name="guideline_edit"),
    path("riktlinjer/<int:guideline_id>/", guideline, name="guideline"),
    path("riktlinjer/<int:guideline_id>/redigera/", guideline_edit, name="guideline_edit"),
    path("riktlinjer/<int:guideline_id>/publicera/", guideline_publish, name="guideline_publish"),
    path("mall/", template, name="template"),
    path("mall/<int:template_id>/", template, name="template"),
    path("mall/ny-version/", template_new_version, name="template_new_version"),
    path("mall/avsnitt/<int:section_id>/", template_section_edit, name="template_section_edit"),
    path("mall/<int:template_id>/publicera/", template_publish, name="template_publish"),
    path("planeringsar/nytt/", planning_year_new, name="planning_year_new"),
]
