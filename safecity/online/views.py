"""Pages of online content: start page, import, review queue, item, classifier versions, from a signal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, actions
from .forms import QueueFilterForm, ReviewForm, TrainForm, UploadForm
from .models import ClassifierModel, Label, OnlineItem

PAGE_SIZE = 25
RECENT_IMPORTS = 10


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def index(request):
    access.require_online(request.user, "start page")
    items = access.items_for_user(request.user)
    counts = items.aggregate(
        total=Count("pk"),
        unreviewed=Count("pk", filter=Q(reviewed_at__isnull=True)),
        unclassified=Count("pk", filter=Q(classified_at__isnull=True)),
        **{f"label_{value}": Count("pk", filter=Q(label=value)) for value in Label.values},
    )
    by_label = [(label, counts[f"label_{label.value}"]) for label in Label]
    context = {
        "counts": counts,
        "by_label": by_label,
        "imports": access.imports_for_user(request.user)[:5],
        "active_model": ClassifierModel.objects.filter(is_active=True).defer("weights").first(),
        "can_manage_models": access.can_manage_models(request.user),
        "units": access.units_for_user(request.user) if access.central_grant(request.user) is None else None,
    }
    return render(request, "online/index.html", context)


@login_required
def import_page(request):
    access.require_online(request.user, "import")
    units = access.upload_units_for_user(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _run, job = actions.do_upload_content(
                request.user, data["file"], unit=data["unit"], source=data["source"], language=get_language()
            )
        except ValidationError as error:
            form.add_error("file", _error_text(error))
        else:
            return redirect("core:job", job.pk)
    context = {"form": form, "imports": access.imports_for_user(request.user)[:RECENT_IMPORTS]}
    return render(request, "online/import.html", context)


@login_required
def import_detail(request, import_id):
    run = access.get_import_for_user(request.user, import_id)
    return render(request, "online/import_detail.html", {"run": run})


@login_required
@require_POST
def classify_unclassified(request):
    job = actions.do_classify_stored(request.user, only_unclassified=True)
    return redirect("core:job", job.pk)


@login_required
@require_POST
def classify_all(request):
    job = actions.do_classify_stored(request.user, only_unclassified=False)
    return redirect("core:job", job.pk)


def _filtered_items(user, filters: dict):
    items = access.items_for_user(user)
    state = filters.get("state") or "unreviewed"
    if state == "unreviewed":
        items = items.filter(reviewed_at__isnull=True)
    elif state == "reviewed":
        items = items.filter(reviewed_at__isnull=False)
    if filters.get("unit"):
        items = items.filter(unit=filters["unit"])
    label = filters.get("label")
    if label == "none":
        items = items.filter(label="")
    elif label:
        items = items.filter(label=label)
    target = filters.get("target")
    if target == "none":
        items = items.filter(target="")
    elif target:
        items = items.filter(target=target)
    if filters.get("platform"):
        items = items.filter(platform=filters["platform"])
    if filters.get("language"):
        items = items.filter(language=filters["language"])
    if filters.get("date_from"):
        items = items.filter(posted_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        items = items.filter(posted_at__date__lte=filters["date_to"])
    return items.order_by(F("score").desc(nulls_last=True), "-posted_at", "pk")


@login_required
def queue(request):
    access.require_online(request.user, "review queue")
    mine = access.items_for_user(request.user)
    platforms = mine.order_by("platform").values_list("platform", flat=True).distinct()
    languages = mine.exclude(language="").order_by("language").values_list("language", flat=True).distinct()
    form = QueueFilterForm(
        request.GET or None,
        units=access.units_for_user(request.user),
        platforms=list(platforms),
        languages=list(languages),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    items = _filtered_items(request.user, filters)
    if request.GET and not form.is_valid():
        items = items.none()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    access.log_items_viewed(request.user, page, "review queue")
    query = request.GET.copy()
    query.pop("page", None)
    here = request.get_full_path()
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "here": here,
        "review_form": ReviewForm(),
        "state": filters.get("state") or "unreviewed",
    }
    return render(request, "online/queue.html", context)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def review(request, item_id):
    item = access.get_item_for_user(request.user, item_id, purpose="review")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.do_review_item(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if request.headers.get("HX-Request") == "true":
                item.refresh_from_db()
                return render(request, "online/_reviewed_row.html", {"item": item})
            messages.success(
                request,
                _("Your review of the item from %(date)s is saved.") % {"date": f"{item.posted_at:%Y-%m-%d}"},
            )
    else:
        messages.error(request, _("The review was not saved: choose a label."))
    return HttpResponseRedirect(_back(request, reverse("online:item", args=[item.pk])))


@login_required
def item_detail(request, item_id):
    item = access.get_item_for_user(request.user, item_id)
    reviews = item.reviews.select_related("reviewer").order_by("-at", "-pk")
    form = ReviewForm(initial={"label": item.final_label or Label.NOT_HATEFUL, "target": item.final_target})
    return render(request, "online/item.html", {"item": item, "reviews": reviews, "review_form": form})


def evaluation_rows(model: ClassifierModel) -> list[dict]:
    """Macro-F1 per data set next to the keyword baseline, from whatever shape the evaluation has."""
    evaluation = model.evaluation or {}
    datasets = evaluation
    for key in ("sets", "datasets"):
        if isinstance(evaluation.get(key), dict):
            datasets = evaluation[key]
    baselines = evaluation.get("baseline") if isinstance(evaluation.get("baseline"), dict) else {}
    rows = []
    for name, metrics in datasets.items():
        if not isinstance(metrics, dict) or name in {"baseline", "throughput"}:
            continue
        model_f1 = metrics.get("macro_f1")
        if model_f1 is None and isinstance(metrics.get("model"), dict):
            model_f1 = metrics["model"].get("macro_f1")
        if model_f1 is None:
            continue
        baseline = metrics.get("baseline_macro_f1")
        if baseline is None and isinstance(metrics.get("baseline"), dict):
            baseline = metrics["baseline"].get("macro_f1")
        if baseline is None and isinstance(baselines.get(name), dict):
            baseline = baselines[name].get("macro_f1")
        rows.append({"name": name, "macro_f1": model_f1, "baseline": baseline, "n": metrics.get("n")})
    return rows


def training_summary(model: ClassifierModel) -> list[tuple[str, int]]:
    """Examples per training source (summed over labels), from the version's configuration."""
    training = (model.config or {}).get("training") or {}
    sources = training.get("sources") if isinstance(training, dict) else None
    if not isinstance(sources, dict):
        sources = (model.evaluation or {}).get("trained_on") or {}
    summary = []
    for name, counts in sources.items():
        if isinstance(counts, dict):
            summary.append((str(name), sum(v for v in counts.values() if isinstance(v, int | float))))
        elif isinstance(counts, int | float):
            summary.append((str(name), counts))
    return summary


@login_required
def models_page(request):
    access.require_model_care(request.user)
    versions = list(
        ClassifierModel.objects.select_related("created_by").defer("weights").order_by("-version")
    )
    for version in versions:
        version.rows = evaluation_rows(version)
        version.summary = training_summary(version)
    context = {"versions": versions, "train_form": TrainForm()}
    return render(request, "online/models.html", context)


@login_required
@require_POST
def activate(request, model_id):
    access.require_model_care(request.user, "activate")
    model = get_object_or_404(ClassifierModel.objects.defer("weights"), pk=model_id)
    actions.do_activate_model(request.user, model)
    messages.success(
        request, _("Version %(version)s is now the active classifier.") % {"version": model.version}
    )
    return redirect("online:models")


@login_required
@require_POST
def train(request):
    access.require_model_care(request.user, "train")
    form = TrainForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The training could not be started."))
        return redirect("online:models")
    job = actions.do_start_training(request.user, **form.cleaned_data)
    return redirect("core:job", job.pk)


@login_required
@require_POST
def from_signal(request, signal_id):
    from safecity.intake import access as intake_access

    access.require_online(request.user, "signal to online")
    signal = intake_access.get_signal_for_user(request.user, signal_id, purpose="triage").signal
    try:
        item = actions.do_add_signal_to_online(request.user, signal)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        existing = OnlineItem.objects.filter(signal=signal).only("pk").first()
        if existing is not None:
            return redirect("online:item", existing.pk)
        return redirect("intake:signal", signal.pk)
    messages.success(request, _("The signal's description is now an item in online content."))
    return redirect("online:item", item.pk)
