"""Background jobs: start a task for a person and let it report progress, row errors and a result.

    job = start_job(request.user, "situation.import", label, import_rows, dataset.pk, unit=unit)
    return redirect("core:job", job.pk)

    @task()
    def import_rows(job_id: int, dataset_id: int) -> None:
        with job_progress(job_id) as report:
            rows = read_rows(dataset_id)
            report.total(len(rows))
            for number, row in enumerate(rows, start=1):
                ...
                report.step()

The person follows the job at core:job. See docs/background-jobs.md.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import Job

logger = logging.getLogger(__name__)

# What a person sees when a task breaks. The traceback goes to the log, never to the page: exception
# texts can hold personal data from the imported rows.
FAILED_MESSAGE = gettext_noop(
    "The job could not be finished. Try again, and contact support if it happens again."
)
NOT_STARTED_MESSAGE = gettext_noop("The job could not be started. Try again later.")

# Progress is written at most every PROGRESS_INTERVAL seconds and only for at least 1 % more rows,
# so a million-row import costs about a hundred small updates, not a million.
PROGRESS_INTERVAL = 0.5


def start_job(user, kind: str, label: str, task, *args: Any, unit=None, **kwargs: Any) -> Job:
    """Create a job and enqueue `task(job.pk, *args, **kwargs)` once the surrounding transaction commits.

    Arguments must be JSON-serialisable (ids, not model instances). `kind` is a dotted name such as
    "situation.import"; `label` is shown to the person ("Import of events-2025-05.csv").
    """
    job = Job.objects.create(kind=kind, label=label[:200], created_by=user, unit=unit)
    transaction.on_commit(functools.partial(_enqueue, job.pk, task, args, kwargs))
    return job


def _enqueue(job_id: int, task, args: tuple, kwargs: dict) -> None:
    try:
        task_result = task.enqueue(job_id, *args, **kwargs)
    except Exception:
        logger.exception("Could not enqueue job %s", job_id)
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, message=NOT_STARTED_MESSAGE, finished_at=timezone.now()
        )
        return
    # With the immediate backend the task has already run; only the id is written here.
    Job.objects.filter(pk=job_id).update(task_result_id=str(task_result.id)[:64])


class JobReport:
    """What a running task tells its job. Writes are throttled; the final state is always written."""

    def __init__(self, job: Job):
        self.job = job
        self._last_write = time.monotonic()
        self._last_progress = 0
        self._errors_changed = False

    def total(self, n: int | None) -> None:
        """How many rows (or steps) there are; None while unknown."""
        self.job.total = None if n is None else max(0, int(n))
        self._write()

    def step(self, k: int = 1) -> None:
        """`k` more rows done."""
        self.job.progress += k
        self._maybe_write()

    def message(self, text: str) -> None:
        """A short status line: an English msgid marked with gettext_noop (translated when shown)."""
        self.job.message = text[:300]
        self._maybe_write()

    def error(self, row: int | str | None, field: str, message: str) -> None:
        """A problem with one row of an import; the job goes on. Keep personal data out of `message`."""
        if len(self.job.errors) < Job.MAX_ERRORS:
            self.job.errors.append({"row": row, "field": str(field), "message": str(message)})
            self._errors_changed = True
        self._maybe_write()

    def result(self, data: dict[str, Any]) -> None:
        """JSON shown or used when the job is done; a site-relative "url" becomes a link on the job page."""
        self.job.result = data

    def attach(self, filename: str, content: bytes) -> None:
        """The generated file (PDF, XLSX); a second run replaces the first run's file."""
        if self.job.result_file:
            self.job.result_file.delete(save=False)
        self.job.result_file.save(filename, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name)

    def _maybe_write(self) -> None:
        now = time.monotonic()
        if now - self._last_write < PROGRESS_INTERVAL:
            return
        total = self.job.total
        enough_rows = not total or self.job.progress - self._last_progress >= max(1, total // 100)
        if enough_rows or self._errors_changed:
            self._write()

    def _write(self, **extra: Any) -> None:
        fields = {"progress": self.job.progress, "total": self.job.total, "message": self.job.message}
        if self._errors_changed:
            fields["errors"] = self.job.errors
        fields.update(extra)
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self._last_write = time.monotonic()
        self._last_progress = self.job.progress
        self._errors_changed = False


@contextmanager
def job_progress(job_id: int) -> Iterator[JobReport]:
    """Run the body of a task as job `job_id`: marks it running, then done, or failed on any exception.

    Tasks must be safe to run twice: a worker can die halfway, and an operator may enqueue a task
    again. Entering resets the job's progress, problems and result, so a second run reports from the
    start; the task's own writes must be idempotent too (update or create by a natural key, delete
    the rows a first run left before adding them again, replace rather than add files).

    Progress written inside a long `transaction.atomic()` stays invisible until it commits: work in
    batches, each in its own transaction, and report between them.
    """
    job = Job.objects.get(pk=job_id)
    job.state = Job.State.RUNNING
    job.progress = 0
    job.total = None
    job.message = ""
    job.errors = []
    job.result = {}
    job.started_at = timezone.now()
    job.finished_at = None
    job.save(
        update_fields=[
            "state",
            "progress",
            "total",
            "message",
            "errors",
            "result",
            "started_at",
            "finished_at",
        ]
    )
    report = JobReport(job)
    try:
        yield report
    except BaseException:
        # The log gets the traceback for the operator; the person gets a generic message.
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        report._errors_changed = True
        report._write(state=Job.State.FAILED, message=FAILED_MESSAGE, finished_at=timezone.now())
        raise
    if job.total is None:
        job.total = job.progress
    report._errors_changed = True
    report._write(state=Job.State.DONE, result=job.result, finished_at=timezone.now())
