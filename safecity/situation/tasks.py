"""Background imports: a statistics or population file, run by a worker with a progress bar."""

from __future__ import annotations

import logging
import time

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from safecity.core.jobs import PROGRESS_INTERVAL, JobReport, job_progress
from safecity.core.models import Job

from . import importing
from .models import ImportRun

logger = logging.getLogger(__name__)


class JobProgress(importing.Progress):
    """Tells a job's progress page how an import goes.

    Rows are saved in one transaction, and progress written through that transaction's connection
    would stay invisible until the end. On PostgreSQL the saving progress is therefore written
    through a second, autocommitting connection; on SQLite (which allows one writer at a time) the
    bar shows "Saving" without moving until the transaction commits.
    """

    def __init__(self, report: JobReport):
        self.report = report
        self._side = None
        self._side_ok = connection.vendor == "postgresql" and not connection.in_atomic_block
        self._last = 0.0

    def total(self, n):
        self.report.total(n)

    def step(self, k):
        self.report.step(k)

    def message(self, text):
        self.report.message(text)

    def problem(self, row, column, reason):
        self.report.error(row, column, reason)

    def saving(self, total):
        self.report.job.progress = 0
        self.report.message(gettext_noop("Saving the rows"))
        self.report.total(total)

    def saved(self, done):
        self.report.job.progress = done
        now = time.monotonic()
        if not self._side_ok or now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        try:
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            table = self._side.ops.quote_name(Job._meta.db_table)
            with self._side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET progress = %s WHERE id = %s", [done, self.report.job.pk])  # noqa: S608 - table name from the model
        except Exception:  # progress is a nicety; the import goes on without it
            logger.warning("Could not write import progress", exc_info=True)
            self._side_ok = False

    def close(self):
        if self._side is not None:
            self._side.close()
            self._side = None


@task()
def import_table(job_id: int, import_id: int, language: str = "sv") -> None:
    """Import one uploaded table. Safe to run twice: the rows are upserted on their natural key."""
    with translation.override(language), job_progress(job_id) as report:
        run = ImportRun.objects.select_related("dataset").get(pk=import_id)
        progress = JobProgress(report)
        try:
            importing.run_import(run, progress)
        except Exception:
            ImportRun.objects.filter(pk=run.pk).update(
                state=ImportRun.State.FAILED,
                finished_at=timezone.now(),
                errors=[{"row": None, "column": "", "message": "", "reason": ""}],
                error_count=1,
            )
            raise
        finally:
            progress.close()
        if run.state == ImportRun.State.FAILED:
            report.message(
                gettext_noop("Nothing was imported: correct the problems below and upload the file again.")
            )
        report.result({"url": reverse("situation:import_detail", args=[run.pk])})
