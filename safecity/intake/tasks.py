"""Background tasks of the intake app (django-tasks). Safe to run twice: see retention.py."""

from __future__ import annotations

from django_tasks import task

from . import retention


@task()
def apply_retention_task() -> dict:
    """Warn about and delete content past its retention time; returns the counts per record type."""
    return retention.apply_retention().as_dict()
