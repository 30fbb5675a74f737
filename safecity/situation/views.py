"""Pages of the situational picture's data: sources and imports, upload, column mapping, police events."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safecity.organisation.models import City

from . import access, actions
from .forms import NEW, ColumnMappingForm, EventFilterForm, UploadForm
from .models import ColumnMapping, Dataset, ImportRun, PoliceApiCall, PoliceEvent
from .police import municipalities

RECENT_IMPORTS = 5


def _city_codes() -> tuple[str, str]:
    """The city's municipality code and its county's code."""
    city = City.objects.order_by("pk").first()
    code = (city.municipality_code if city else "") or ""
    county = municipalities().get(code, ("", "", ""))[1]
    return code, county


@login_required
def index(request):
    access.require_situation(request.user)
    recent = ImportRun.objects.select_related("created_by").order_by("-created_at", "-pk")
    datasets = (
        Dataset.objects.annotate(import_count=Count("imports"))
        .select_related("column_mapping")
        .prefetch_related(Prefetch("imports", queryset=recent[:RECENT_IMPORTS], to_attr="recent_imports"))
        .order_by("kind", "name")
    )
    code, _county = _city_codes()
    events = PoliceEvent.objects.aggregate(
        total=Count("pk"), first=Min("occurred_at"), last=Max("occurred_at")
    )
    context = {
        "datasets": [d for d in datasets if not d.is_police_events],
        "police": next((d for d in datasets if d.is_police_events), None),
        "events": events,
        "city_events": PoliceEvent.objects.filter(municipality_code=code).count() if code else 0,
        "last_call": PoliceApiCall.objects.order_by("-at").first(),
        "population_imports": recent.filter(kind=ImportRun.Kind.POPULATION)[:RECENT_IMPORTS],
        "can_import": access.can_import(request.user),
    }
    return render(request, "situation/index.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def upload(request):
    access.require_import(request.user, "upload")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dataset = data["dataset"]
            if data["target"] == NEW:
                dataset = actions.do_create_dataset(
                    request.user,
                    name=data["name"],
                    kind=data["kind"],
                    publisher=data["publisher"],
                    licence=data["licence"],
                    url=data["url"],
                )
            run = actions.do_upload_table(
                request.user,
                data["file"],
                kind=data["import_kind"],
                dataset=dataset,
                provisional=data["provisional"],
                language=get_language(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if run.state == ImportRun.State.NEEDS_MAPPING:
                messages.info(
                    request,
                    _("Say once which column holds what; the next files from this source use it too."),
                )
                return redirect(f"{_mapping_url(run.dataset_id)}?import={run.pk}")
            return redirect("core:job", run.job_id)
    return render(request, "situation/upload.html", {"form": form})


def _mapping_url(dataset_id: int) -> str:
    from django.urls import reverse

    return reverse("situation:mapping", args=[dataset_id])


@login_required
def mapping(request, dataset_id):
    dataset = access.get_dataset_for_user(request.user, dataset_id, purpose="map")
    run = None
    import_id = request.GET.get("import", "")
    if import_id.isdigit():
        run = get_object_or_404(ImportRun, pk=import_id, dataset=dataset)
    latest = run or dataset.imports.exclude(headers=[]).order_by("-created_at").first()
    instance = ColumnMapping.objects.filter(dataset=dataset).first() or ColumnMapping(dataset=dataset)
    form = ColumnMappingForm(
        request.POST or None, instance=instance, headers=latest.headers if latest else []
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_column_mapping(
                request.user, dataset, run=run, language=get_language(), **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if run is not None and run.state == ImportRun.State.QUEUED:
                return redirect("core:job", run.job_id)
            messages.success(
                request, _("The column mapping is saved. The next files from this source use it.")
            )
            return redirect("situation:index")
    context = {"dataset": dataset, "form": form, "run": run, "headers": latest.headers if latest else []}
    return render(request, "situation/mapping.html", context)


@login_required
def import_detail(request, import_id):
    run = access.get_import_for_user(request.user, import_id)
    return render(
        request,
        "situation/import_detail.html",
        {"run": run, "can_map": run.dataset_id and not run.dataset.is_police_events},
    )


@login_required
def events(request):
    access.require_situation(request.user, "police events")
    form = EventFilterForm(request.GET or None)
    code, county = _city_codes()
    rows = PoliceEvent.objects.select_related("area", "category").order_by("-occurred_at", "-police_id")
    filters = form.cleaned_data if form.is_valid() else {}
    scope = filters.get("scope") or "city"
    if scope == "city":
        rows = rows.filter(municipality_code=code) if code else rows.none()
    elif scope == "county":
        rows = rows.filter(county_code=county) if county else rows.none()
    if filters.get("level"):
        rows = rows.filter(level=filters["level"])
    if filters.get("category"):
        rows = rows.filter(category=filters["category"])
    if filters.get("area"):
        rows = rows.filter(area=filters["area"])
    if filters.get("date_from"):
        rows = rows.filter(occurred_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(occurred_at__date__lte=filters["date_to"])
    if request.GET and not form.is_valid():
        rows = rows.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "situation/events.html", {"form": form, "page": page, "query": query.urlencode()})
