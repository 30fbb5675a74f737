"""Background work of the online module: imports, classifying stored items, training a version.

Each task runs as a job (safecity.core.jobs) with a progress page, and is safe to run twice: an
import deletes what a first run of the same import saved before saving again; classifying writes
the same fields again.
"""

from __future__ import annotations

import logging
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from safecity.core.jobs import job_progress

from . import importing, similarity
from .models import ContentImport, OnlineItem

logger = logging.getLogger(__name__)

NO_CLASSIFIER = gettext_noop(
    "No classifier version is active: the items are saved without a label. "
    "Classify them later from the module's start page."
)


@task()
def import_content(job_id: int, import_id: int, language: str = "sv") -> None:
    with translation.override(language), job_progress(job_id) as report:
        run_import(import_id, report)


def run_import(import_id: int, report=None) -> ContentImport:
    """Check, deduplicate, classify and save one upload. The stored file is emptied at the end."""
    run = ContentImport.objects.get(pk=import_id)
    run.status = ContentImport.Status.RUNNING
    run.save(update_fields=["status"])
    started = time.monotonic()
    try:
        checked = importing.check(bytes(run.file or b""), run.filename)
        run.rows = checked.total
        if checked.problems:
            run.status = ContentImport.Status.FAILED
            run.errors = [p.as_dict() for p in checked.problems[: importing.MAX_STORED_ERRORS]]
            run.created = run.duplicates = 0
            if report:
                report.total(checked.total)
                for problem in checked.problems:
                    report.error(problem.row, problem.field, problem.message)
                report.message(gettext_noop("Nothing was imported: correct the file and upload it again."))
                report.result({"url": reverse("online:import_detail", args=[run.pk]), "created": 0})
            return run
        fresh, run.duplicates = importing.split_duplicates(checked.rows, replacing=run)
        items = importing.build_items(fresh, run)
        model = importing.active_classifier()
        if report:
            report.total(len(items))
        if model is not None and items:
            if report:
                report.message(gettext_noop("Classifying"))
            importing.classify_items(items, model, progress=report.step if report else None)
        with transaction.atomic():
            # A second run of the same import replaces what the first one saved.
            OnlineItem.objects.filter(content_import=run).delete()
            OnlineItem.objects.bulk_create(items, batch_size=importing.SAVE_BATCH)
            if items:
                # New items may belong to a narrative: look for them once the items are saved.
                item_ids = list(OnlineItem.objects.filter(content_import=run).values_list("pk", flat=True))
                transaction.on_commit(lambda: similarity.suggest_for_items_task.enqueue(item_ids))
        run.created = len(items)
        run.errors = []
        run.status = ContentImport.Status.DONE
        if report:
            if model is None and items:
                report.message(NO_CLASSIFIER)
            else:
                report.message(gettext_noop("Imported."))
            report.result(
                {
                    "url": reverse("online:import_detail", args=[run.pk]),
                    "created": run.created,
                    "duplicates": run.duplicates,
                    "classified": model is not None,
                    "seconds": round(time.monotonic() - started, 2),
                }
            )
        return run
    except BaseException:
        run.status = ContentImport.Status.FAILED
        raise
    finally:
        # The raw file may hold author handles in clear: it is never kept once read.
        run.file = None
        run.save(update_fields=["status", "rows", "created", "duplicates", "errors", "file"])


@task()
def classify_stored(job_id: int, unit_ids: list[int] | None, only_unclassified: bool = True) -> None:
    """Classify stored items with the active version, in batches (each batch saved on its own)."""
    with job_progress(job_id) as report:
        model = importing.active_classifier()
        if model is None:
            report.message(NO_CLASSIFIER)
            return
        items = OnlineItem.objects.all()
        if unit_ids is not None:
            items = items.filter(unit_id__in=unit_ids)
        if only_unclassified:
            items = items.filter(classified_at__isnull=True)
        ids = list(items.order_by("pk").values_list("pk", flat=True))
        report.total(len(ids))
        for start in range(0, len(ids), importing.CLASSIFY_BATCH):
            batch = list(OnlineItem.objects.filter(pk__in=ids[start : start + importing.CLASSIFY_BATCH]))
            importing.classify_items(batch, model)
            with transaction.atomic():
                OnlineItem.objects.bulk_update(batch, importing.CLASSIFIED_FIELDS, batch_size=500)
            report.step(len(batch))
        report.result({"url": reverse("online:index"), "classified": len(ids), "version": model.version})


@task()
def train_version(job_id: int, user_id: int | None, quick: bool = False, notes: str = "") -> None:
    from .classifier.training import train_model

    with job_progress(job_id) as report:
        report.message(gettext_noop("Training; this can take several minutes."))
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        started = timezone.now()
        model = train_model(quick=quick, include_reviews=True, created_by=user, notes=notes)
        report.result(
            {
                "url": reverse("online:models"),
                "version": getattr(model, "version", None),
                "seconds": round((timezone.now() - started).total_seconds(), 1),
            }
        )
