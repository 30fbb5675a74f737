from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an access log entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """Who looked at, changed, exported or was refused which confidential object, when, through which unit.

    Append-only: no update or delete through the ORM or the admin. Holds no content of the object,
    only its type, id and a short non-personal label.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        REFUSED = "refused", _("refused")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("login failed")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose role gave the access."),
    )
    role = models.CharField(_("role"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="accesslog_object_idx"),
            models.Index(fields=["-at", "-id"], name="accesslog_newest_first_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    @property
    def role_label(self) -> str:
        """The role in words, in the reader's language (the entry stores the code)."""
        from safecity.organisation.models import Role

        try:
            return str(Role(self.role).label)
        except ValueError:
            return self.role


class Job(models.Model):
    """A piece of background work a person started (an import, a report) and can follow.

    The logic lives in safecity/core/jobs.py (start_job, job_progress); the task itself runs in a
    worker (`manage.py db_worker`). Progress, row errors and the result are written here.
    """

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job state", "waiting to start")
        RUNNING = "running", pgettext_lazy("job state", "running")
        DONE = "done", pgettext_lazy("job state", "done")
        FAILED = "failed", pgettext_lazy("job state", "failed")

    # Enough to fix a file by; a file with more problems than this needs another look anyway.
    MAX_ERRORS = 1000

    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    label = models.CharField(_("label"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit the work was done for; central coordinators can then follow the job too."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(
        _("total"), null=True, blank=True, help_text=_("Empty while unknown.")
    )
    message = models.CharField(
        _("message"), max_length=300, blank=True, help_text=_("A short English message id, or plain text.")
    )
    errors = models.JSONField(_("problems"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def shown_progress(self) -> int:
        """Progress as shown: never past the total, even if a task counted one row twice."""
        return min(self.progress, self.total) if self.total is not None else self.progress

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return self.shown_progress * 100 // self.total

    @property
    def errors_capped(self) -> bool:
        return len(self.errors) >= self.MAX_ERRORS

    @property
    def display_message(self) -> str:
        from django.utils.translation import gettext

        # gettext("") would return the catalogue header, hence the guard.
        return gettext(self.message) if self.message else ""

    @property
    def result_url(self) -> str:
        """A link into this site that shows the result (only site-relative paths are kept)."""
        url = self.result.get("url", "") if isinstance(self.result, dict) else ""
        return url if isinstance(url, str) and url.startswith("/") and not url.startswith("//") else ""


class KeyCanary(models.Model):
    """One value encrypted with the keys in use; if it cannot be decrypted, the service refuses to start."""

    value = models.TextField()

    class Meta:
        verbose_name = "encryption key canary"

    def __str__(self):
        return "key canary"
