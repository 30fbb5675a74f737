"""Background tasks of the action plans (docs/background-jobs.md): arguments are ids, never files."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from safecity.core.jobs import job_progress


@task()
def import_plan_file(
    job_id: int, plan_id: int, user_id: int, stored_name: str, upload_name: str, language: str = "sv"
) -> None:
    """Import measures and indicator values into a plan: every row checked, then all saved or none.
    Safe to run twice: rows that match the plan change nothing."""
    from .imports import run_import

    with translation.override(language), job_progress(job_id) as report:
        run_import(report, plan_id, user_id, stored_name, upload_name)
