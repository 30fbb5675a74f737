"""The profile: composed by the central coordinator, published as a frozen version, read by everyone;
and the good-practice library inside the platform. See urls.py for the addresses."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_cookie

from safecity.organisation.access import primary_grant, role_label
from safecity.organisation.models import City, Role
from safecity.plans.access import FOLLOWED_UP
from safecity.plans.forms import error_summary
from safecity.plans.models import FocusArea, Measure, PreventionLevel, Theme

from . import access, actions, document
from .forms import (
    DecisionForm,
    GoodPracticeForm,
    InitiativeForm,
    MeasureSearchForm,
    PracticeFilterForm,
    ProfileTextsForm,
)
from .models import GoodPractice, HighlightedInitiative, PublishedPhoto

PUBLIC_CACHE_SECONDS = 300


def _city() -> City:
    city = City.objects.order_by("pk").first()
    if city is None:
        raise Http404
    return city


def _apply(form, error: ValidationError) -> None:
    """An action's ValidationError onto the form, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- reading a document ------------------------------------------------------------------------------


def page_context(doc: dict, *, lang: str | None = None, practices=None) -> dict:
    """The template's view of a profile document in the reader's language."""
    lang = lang or translation.get_language() or "sv"
    local = document.localise(doc, "en" if lang == "en" else "sv")
    theme_names = {t["number"]: t["name"] for t in local.get("themes", [])}
    focus_names = {f["code"]: f["name"] for f in local.get("focus_areas", [])}
    initiatives = [
        {
            **i,
            "theme_name": theme_names.get(i["theme"], ""),
            "focus_name": focus_names.get(i["focus_area"] or "", ""),
            # the page links its own photos by path, so it works whatever address it is read at
            "photo_src": urlsplit(i["photo"]["url"]).path if i.get("photo") else "",
        }
        for i in local.get("initiatives", [])
    ]
    population = local.get("city", {}).get("population")
    published = local.get("published_at")
    if practices is None:
        practices = [_with_pk(p) for p in local.get("good_practices", [])[:6]]
    return {
        "doc": local,
        "initiatives": initiatives,
        "published_at": dt.datetime.fromisoformat(published) if published else None,
        "practices": practices,
        "population": _grouped(population, lang) if population is not None else "",
    }


def _grouped(number: int, lang: str) -> str:
    """12345 as "12 345" in Swedish (a no-break space) and "12,345" in English."""
    return f"{number:,}".replace(",", "\u00a0" if lang != "en" else ",")


def _with_pk(entry: dict) -> dict:
    return {**entry, "pk": int(entry["id"].rsplit("-", 1)[1])}


def practice_entries(queryset) -> list[dict]:
    """Practices as the export shows them, in the reader's language, with their pk for links."""
    lang = "en" if translation.get_language() == "en" else "sv"
    themes = {t.number: t.display_name for t in Theme.objects.all()}
    areas = {f.code: f.display_name for f in FocusArea.objects.all()}
    levels = dict(PreventionLevel.choices)
    return [
        {
            **_with_pk(e),
            "theme_names": [themes.get(n, n) for n in e["themes"]],
            "focus_names": [areas.get(c, c) for c in e["focus_areas"]],
            "level_name": levels.get(e["prevention_level"], ""),
        }
        for e in document.localise(document.good_practice_entries(queryset), lang)
    ]


def _preview_photo_url(initiative: HighlightedInitiative) -> str:
    return reverse("network:initiative_photo", args=[initiative.pk])


# --- public pages ----------------------------------------------------------------------------------------


@vary_on_cookie
@cache_control(max_age=PUBLIC_CACHE_SECONDS)
def public(request):
    city = _city()
    doc = document.public_document(city)
    if doc is None:
        return render(request, "network/not_published.html", {"city": city}, status=404)
    context = page_context(doc)
    context.update({"canonical": document.absolute(reverse("network:public")), "city": city})
    return render(request, "network/public.html", context)


@cache_control(max_age=3600)
def photo(request, photo_id):
    published = get_object_or_404(PublishedPhoto, pk=photo_id)
    return HttpResponse(bytes(published.data), content_type="image/jpeg")


def _public_practices(city):
    return document.approved_practices(city)


@vary_on_cookie
@cache_control(max_age=PUBLIC_CACHE_SECONDS)
def public_practices(request):
    city = _city()
    if document.latest_version(city) is None:
        return render(request, "network/not_published.html", {"city": city}, status=404)
    form = PracticeFilterForm(request.GET or None, city=city)
    practices = practice_entries(form.filter(_public_practices(city)))
    context = {"form": form, "practices": practices, "city": city, "public": True}
    return render(request, "network/public_practices.html", context)


@vary_on_cookie
@cache_control(max_age=PUBLIC_CACHE_SECONDS)
def public_practice(request, practice_id):
    city = _city()
    found = practice_entries(_public_practices(city).filter(pk=practice_id))
    if not found:
        raise Http404
    return render(request, "network/practice_public.html", {"entry": found[0], "city": city, "public": True})


# --- composing -------------------------------------------------------------------------------------------


@login_required
def compose(request):
    city = _city()
    profile = access.get_profile_for_user(request.user, city)
    form = ProfileTextsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        actions.do_save_profile(request.user, profile, **form.cleaned_data)
        messages.success(request, _("The profile texts are saved. They are public only once you publish."))
        return redirect("network:compose")
    doc = document.build_document(profile, version_number=0, published_at=None, photo_url=_preview_photo_url)
    context = {
        "profile": profile,
        "form": form,
        "errors": error_summary(form),
        "facts": page_context(doc),
        "initiatives": profile.initiatives.select_related("theme", "focus_area", "measure__plan__unit"),
        "suggestion": document.challenge_suggestion(),
        "can_add": profile.initiatives.count() < actions.MAX_INITIATIVES,
        "latest": document.latest_version(city),
    }
    return render(request, "network/compose.html", context)


def _approved_measures(city):
    return (
        Measure.objects.filter(plan__status__in=FOLLOWED_UP, plan__unit__city=city)
        .select_related("plan__unit", "plan__year")
        .prefetch_related("themes")
        .order_by("-plan__year__year", "plan__unit__name", "position", "pk")
    )


@login_required
def initiative_pick(request):
    city = _city()
    profile = access.get_profile_for_user(request.user, city, purpose="pick initiative")
    form = MeasureSearchForm(request.GET or None)
    measures = _approved_measures(city)
    if form.is_valid():
        if form.cleaned_data.get("q"):
            q = form.cleaned_data["q"]
            measures = measures.filter(
                Q(title__icontains=q) | Q(plan__unit__name__icontains=q) | Q(plan__unit__name_en__icontains=q)
            )
        if form.cleaned_data.get("theme"):
            measures = measures.filter(themes=form.cleaned_data["theme"])
    context = {"form": form, "measures": measures[:50], "profile": profile}
    return render(request, "network/initiative_pick.html", context)


@login_required
def initiative_add(request, measure_id):
    city = _city()
    profile = access.get_profile_for_user(request.user, city, purpose="add initiative")
    measure = get_object_or_404(_approved_measures(city), pk=measure_id)
    initial = {
        "title": measure.title,
        "summary": measure.description,
        "theme": measure.themes.order_by("number").first(),
        "focus_area": measure.focus_areas.order_by("position").first(),
    }
    form = InitiativeForm(request.POST or None, request.FILES or None, initial=initial, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_initiative(
                request.user, profile, measure, photo=form.photo_bytes, **form.action_fields()
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The initiative is added to the profile."))
            return redirect("network:compose")
    context = {"form": form, "measure": measure, "errors": error_summary(form), "profile": profile}
    return render(request, "network/initiative_form.html", context)


def _initiative(request, initiative_id, purpose):
    access.get_profile_for_user(request.user, _city(), purpose=purpose)
    return get_object_or_404(
        HighlightedInitiative.objects.select_related("profile", "measure__plan__unit"), pk=initiative_id
    )


@login_required
def initiative_edit(request, initiative_id):
    initiative = _initiative(request, initiative_id, "edit initiative")
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative, city=_city())
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_initiative(
                request.user,
                initiative,
                photo=form.photo_bytes,
                remove_photo=form.cleaned_data.get("remove_photo", False),
                **form.action_fields(),
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect("network:compose")
    context = {
        "form": form,
        "initiative": initiative,
        "measure": initiative.measure,
        "errors": error_summary(form),
    }
    return render(request, "network/initiative_form.html", context)


@login_required
@require_POST
def initiative_remove(request, initiative_id):
    initiative = _initiative(request, initiative_id, "remove initiative")
    actions.do_remove_initiative(request.user, initiative)
    messages.success(request, _("The initiative is removed from the profile."))
    return redirect("network:compose")


@login_required
@require_POST
def initiative_move(request, initiative_id):
    initiative = _initiative(request, initiative_id, "reorder initiatives")
    actions.do_move_initiative(request.user, initiative, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("network:compose") + "#initiatives")


@login_required
def initiative_photo(request, initiative_id):
    """The working photo, for the composer and the preview only (never public)."""
    initiative = _initiative(request, initiative_id, "initiative photo")
    if not initiative.photo:
        raise Http404
    response = HttpResponse(bytes(initiative.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def preview(request):
    city = _city()
    profile = access.get_profile_for_user(request.user, city, purpose="preview")
    latest = document.latest_version(city)
    doc = document.build_document(
        profile,
        version_number=(latest.number if latest else 0) + 1,
        published_at=timezone.now(),
        photo_url=_preview_photo_url,
    )
    doc["good_practices"] = document.good_practice_entries(document.approved_practices(city))
    context = page_context(doc)
    context.update({"preview": True, "city": city, "canonical": document.absolute(reverse("network:public"))})
    response = render(request, "network/public.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def publish(request):
    city = _city()
    profile = access.get_profile_for_user(request.user, city, purpose="publish")
    latest = document.latest_version(city)
    if request.method == "POST":
        try:
            version = actions.do_publish_profile(request.user, profile)
        except ValidationError as error:
            messages.error(
                request,
                _("The profile cannot be published: %(reason)s") % {"reason": "; ".join(error.messages)},
            )
            return redirect("network:compose")
        messages.success(
            request, _("Version %(number)s is published and public now.") % {"number": version.number}
        )
        return redirect("network:public")
    context = {"profile": profile, "latest": latest, "next_number": (latest.number if latest else 0) + 1}
    return render(request, "network/publish_confirm.html", context)


@login_required
def versions(request):
    city = _city()
    profile = access.get_profile_for_user(request.user, city, purpose="versions")
    rows = []
    for version in profile.versions.select_related("published_by"):
        who = ""
        if version.published_by_id:
            grant = primary_grant(version.published_by)
            who = role_label(grant) if grant else ""
        rows.append({"version": version, "who": who or str(Role.CENTRAL_COORDINATOR.label)})
    return render(request, "network/versions.html", {"rows": rows, "profile": profile})


@login_required
def version_detail(request, number):
    city = _city()
    version = access.get_version_for_user(request.user, city, number)
    context = page_context(version.document, practices=[])
    previous = version.profile.versions.filter(number=number - 1).first()
    if previous is not None:
        lang = "en" if translation.get_language() == "en" else "sv"
        labels = {
            "portrait": _("City portrait"),
            "challenges": _("Safe City challenges"),
            "strategy": _("Strategy"),
        }
        context["changes"] = [
            {**change, "label": labels[change["key"]]}
            for change in document.section_changes(previous.document, version.document, lang)
        ]
        context["previous"] = previous
    context.update(
        {"old_version": version, "city": city, "canonical": document.absolute(reverse("network:public"))}
    )
    response = render(request, "network/public.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


# --- good-practice library -----------------------------------------------------------------------------


@login_required
def library(request):
    city = _city()
    approved = access.get_good_practices_for_user(request.user)
    form = PracticeFilterForm(request.GET or None, city=city)
    practices = practice_entries(form.filter(approved))
    context = {
        "form": form,
        "practices": practices,
        "proposals": access.get_proposals_for_user(request.user),
        "can_propose": access.can_propose_good_practice(request.user),
        "is_central": access.is_central(request.user),
    }
    return render(request, "network/library.html", context)


@login_required
def propose_pick(request):
    measures = access.measures_to_propose(request.user)
    return render(request, "network/propose_pick.html", {"measures": measures})


@login_required
def propose(request, measure_id):
    measure = access.get_measure_to_propose(request.user, measure_id)
    city = measure.plan.unit.city
    form = GoodPracticeForm(
        request.POST or None, initial=GoodPracticeForm.initial_from_measure(measure), city=city
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = actions.do_propose_good_practice(request.user, measure, **form.action_fields())
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Thank you. The central coordinator is told about your proposal."))
            return redirect("network:practice", practice.pk)
    context = {"form": form, "measure": measure, "errors": error_summary(form)}
    return render(request, "network/practice_form.html", context)


@login_required
def practice(request, practice_id):
    item = access.get_good_practice_for_user(request.user, practice_id)
    context = {
        "practice": item,
        "entry": practice_entries(GoodPractice.objects.filter(pk=item.pk))[0],
        "can_edit": access.can_edit_practice(request.user, item),
        "can_decide": access.can_decide_practice(request.user, item),
        "decision_form": DecisionForm(),
    }
    return render(request, "network/practice.html", context)


@login_required
def practice_edit(request, practice_id):
    item = access.get_good_practice_for_user(request.user, practice_id, purpose="edit")
    form = GoodPracticeForm(request.POST or None, instance=item, city=item.unit.city)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_good_practice(request.user, item, **form.action_fields())
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The proposal is saved and with the central coordinator."))
            return redirect("network:practice", item.pk)
    context = {"form": form, "measure": item.measure, "practice": item, "errors": error_summary(form)}
    return render(request, "network/practice_form.html", context)


@login_required
@require_POST
def practice_decide(request, practice_id):
    item = access.get_good_practice_for_user(request.user, practice_id, purpose="decide")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        context = {
            "practice": item,
            "entry": practice_entries(GoodPractice.objects.filter(pk=item.pk))[0],
            "can_decide": True,
            "decision_form": form,
            "errors": error_summary(form),
        }
        return render(request, "network/practice.html", context, status=400)
    if request.POST.get("decision") == "return":
        actions.do_return_good_practice(request.user, item, form.cleaned_data["comment"])
        messages.success(request, _("The proposal is returned to the unit with your comment."))
    else:
        actions.do_approve_good_practice(request.user, item, form.cleaned_data["comment"])
        messages.success(request, _("The good practice is approved and public now."))
    return redirect("network:practice", item.pk)


@login_required
@require_POST
def practice_withdraw(request, practice_id):
    item = access.get_good_practice_for_user(request.user, practice_id, purpose="edit")
    actions.do_withdraw_good_practice(request.user, item)
    messages.success(request, _("The proposal is withdrawn."))
    return redirect("network:library")
