"""Fetching the access log: only the data protection officer, and every look is itself logged."""

from django.core.exceptions import PermissionDenied

from safecity.core.access_log import Action
from safecity.organisation.access import can_view_access_log, log_access

from .models import AccessLogEntry


def get_access_log_for_user(user, *, export: bool = False, filters: str = ""):
    if not can_view_access_log(user):
        log_access(user, Action.REFUSED, object_type="core.accesslogentry", label="access log")
        raise PermissionDenied
    log_access(
        user,
        Action.EXPORT if export else Action.VIEW,
        object_type="core.accesslogentry",
        label="access log",
        detail=filters,
    )
    return AccessLogEntry.objects.select_related("user", "unit")


def get_job_for_user(user, job_id: int, *, poll: bool = False, download: bool = False):
    """A background job: for the person who started it, and for central coordinators when it was
    done for a unit. Refusals are always logged; the htmx polls of an open job page are not (the
    page view was), so following an import does not fill the log with one entry a second.
    """
    from django.shortcuts import get_object_or_404

    from safecity.organisation.access import grants
    from safecity.organisation.models import Role

    from .models import Job

    job = get_object_or_404(Job.objects.select_related("unit"), pk=job_id)
    grant = None
    allowed = job.created_by_id == user.pk
    if not allowed and job.unit_id is not None:
        grant = next((g for g in grants(user) if g.role == Role.CENTRAL_COORDINATOR), None)
        allowed = grant is not None
    if not allowed:
        log_access(user, Action.REFUSED, obj=job, label=job.kind, detail="job")
        raise PermissionDenied
    if download:
        log_access(user, Action.EXPORT, obj=job, label=job.kind, grant=grant, detail="job result file")
    elif not poll:
        log_access(user, Action.VIEW, obj=job, label=job.kind, grant=grant)
    return job
