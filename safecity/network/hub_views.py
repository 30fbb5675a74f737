"""The public export (profil.json, schema.json) and the network hub pages."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from safecity.core.charts import Field, bar_chart

from . import hub, hub_access
from .hub_forms import ImportForm, PracticeSearchForm
from .models import HubProfile
from .schema import DocumentError, schema_text

EXPORT_MAX_AGE = 300


def _json_response(body: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json; charset=utf-8", status=status)
    # Public, read-only data: any site may read it (the hub of another city runs in a browser too).
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    if status == 200:
        response["Cache-Control"] = f"public, max-age={EXPORT_MAX_AGE}"
    else:
        response["Cache-Control"] = "no-cache"
    return response


@require_safe
def export(request):
    """This city's latest published profile with its approved good practices (format safecity-profile)."""
    from .document import public_document  # read lazily: the profile side of the app

    city = hub.own_city()
    doc = public_document(city) if city else None
    if doc is None:
        message = _("This city has not published a profile yet.")
        return _json_response(json.dumps({"error": message}, ensure_ascii=False), status=404)
    response = _json_response(json.dumps(doc, ensure_ascii=False, indent=2))
    response["Content-Disposition"] = 'inline; filename="profil.json"'
    return response


@require_safe
def schema(request):
    response = _json_response(schema_text())
    response["Content-Type"] = "application/schema+json; charset=utf-8"
    return response


def index(request):
    """The cities in the hub and their comparison by Capital Code theme."""
    refused = hub_access.require_browse(request, "network hub")
    if refused:
        return refused
    cities = hub.hub_cities()
    rows = hub.comparison(cities)
    cells = [
        {
            "theme": f"{row['theme']['number']}. {row['theme']['name']}",
            "city": cell["city"].name,
            "n": cell["count"],
        }
        for row in rows
        for cell in row["cells"]
        if cell["count"] is not None
    ]
    chart = None
    if cities:
        chart = bar_chart(
            cells,
            x=Field("theme", _("Capital Code theme")),
            y=Field("n", _("Active measures")),
            color=Field("city", _("City")),
            horizontal=True,
            description=_("Active measures per Capital Code theme in each city of the hub."),
        )
        chart["encoding"]["y"]["axis"]["title"] = None  # the theme names say it; a title would overlap them
    context = {
        "cities": cities,
        "rows": rows,
        "chart": chart,
        "can_import": hub_access.can_import(request.user),
    }
    return render(request, "network/hub.html", context)


def city(request, city_id: str):
    refused = hub_access.require_browse(request, f"hub profile {city_id}")
    if refused:
        return refused
    entry = hub.find_city(city_id)
    if entry is None:
        raise Http404
    doc = entry.doc
    focus_names = {f["code"]: f["name"] for f in doc.get("focus_areas", [])}
    theme_names = {t["number"]: t["name"] for t in doc.get("themes", [])}
    context = {
        "entry": entry,
        "doc": doc,
        "focus_names": focus_names,
        "theme_names": theme_names,
        "initiatives": [
            {
                **i,
                "theme_name": theme_names.get(i["theme"], ""),
                "focus_name": focus_names.get(i.get("focus_area"), ""),
            }
            for i in doc.get("initiatives", [])
        ],
        "practices": doc.get("good_practices", []),
        "can_import": hub_access.can_import(request.user),
    }
    return render(request, "network/hub_city.html", context)


def import_profile(request):
    refused = hub_access.require_import(request)
    if refused:
        return refused
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        try:
            upload = form.cleaned_data.get("file")
            if upload:
                profile, created = hub.import_bytes(request.user, upload.read(), source_filename=upload.name)
            else:
                profile, created = hub.import_url(request.user, form.cleaned_data["url"])
        except DocumentError as error:
            form.add_document_error(error)
        else:
            if created:
                messages.success(
                    request, _("The profile of %(city)s is imported.") % {"city": profile.city_name}
                )
            else:
                messages.success(
                    request, _("The profile of %(city)s is updated.") % {"city": profile.city_name}
                )
            return redirect("network:hub_city", profile.city_id)
    return render(request, "network/hub_import.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def remove(request, city_id: str):
    """Take an imported city out of the hub (this city's own profile is not imported and stays)."""
    refused = hub_access.require_import(request)
    if refused:
        return refused
    try:
        name = hub.do_remove_hub_profile(request.user, city_id)
    except HubProfile.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("%(city)s is removed from the hub.") % {"city": name})
    return redirect("network:hub")


def practices(request):
    """Good practices of every city in the hub, searchable."""
    refused = hub_access.require_browse(request, "hub good practices")
    if refused:
        return refused
    cities = hub.hub_cities()
    facets = hub.facets(cities)
    form = PracticeSearchForm(
        request.GET or None,
        themes=hub.themes_of(cities),
        focus_areas=facets["focus_areas"],
        target_groups=facets["target_groups"],
        cities=[(c.city_id, c.name) for c in cities],
    )
    filters = form.filters() if request.GET else {}
    hits = hub.search_practices(cities, **filters)
    return render(
        request,
        "network/hub_practices.html",
        {"form": form, "hits": hits, "can_import": hub_access.can_import(request.user)},
    )
