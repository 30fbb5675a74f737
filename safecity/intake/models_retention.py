"""Retention by record type (PRODUCT.md rule 5): how long content is kept, legal holds, warnings.

The work itself is in retention.py; it runs from `manage.py apply_retention` (docs/retention.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecity.core.crypto import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class RecordType(models.TextChoices):
    CLOSED_SIGNAL = "closed_signal", _("content of closed signals")
    MESSAGES = "messages", _("messages with the person who reported")
    NOTICE_NOTE = "notice_note", _("notes on concern notices")


# Months kept when no policy row says otherwise: closed signals 24 months after closing, messages
# 12 months after closing (or the last message), notice notes five years after the last entry (SoL).
DEFAULT_MONTHS = {RecordType.CLOSED_SIGNAL: 24, RecordType.MESSAGES: 12, RecordType.NOTICE_NOTE: 60}
DEFAULT_WARNING_DAYS = 30


class RetentionPolicy(models.Model):
    """How long one type of content is kept. One row per record type; administrators change them."""

    record_type = models.CharField(_("what"), max_length=30, choices=RecordType.choices, unique=True)
    months = models.PositiveSmallIntegerField(
        _("months kept"), help_text=_("Counted from the closing of the signal, or the notice's last entry.")
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warning, days before"),
        default=DEFAULT_WARNING_DAYS,
        help_text=_(
            "The people responsible get an e-mail with a link this many days before; nothing is "
            "deleted sooner than this many days after the warning."
        ),
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["record_type"]
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=1), name="retention_keeps_at_least_a_month"),
        ]

    def __str__(self):
        return str(self.get_record_type_display())

    @classmethod
    def for_type(cls, record_type: str) -> RetentionPolicy:
        """The stored policy, or an unsaved one with the defaults."""
        policy = cls.objects.filter(record_type=record_type).first()
        if policy is None:
            policy = cls(record_type=record_type, months=DEFAULT_MONTHS[RecordType(record_type)])
        return policy


class LegalHold(models.Model):
    """A record that must not be deleted (an investigation, a request for access, a court case).

    Exactly one of signal and notice. A hold is released, never deleted, so its history stays.
    """

    signal = models.ForeignKey(
        "intake.Signal",
        verbose_name=_("signal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    notice = models.ForeignKey(
        "intake.ConcernNotice",
        verbose_name=_("concern notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    reason = EncryptedTextField(_("reason"))
    set_by = models.ForeignKey(
        USER, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)
    released_by = models.ForeignKey(
        USER,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-set_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signal__isnull=False, notice__isnull=True)
                | Q(signal__isnull=True, notice__isnull=False),
                name="legal_hold_on_one_record",
            ),
            models.UniqueConstraint(
                fields=["signal"], condition=Q(released_at__isnull=True), name="one_active_hold_per_signal"
            ),
            models.UniqueConstraint(
                fields=["notice"], condition=Q(released_at__isnull=True), name="one_active_hold_per_notice"
            ),
        ]

    def __str__(self):
        record = self.signal.reference if self.signal_id else self.notice.reference
        return f"legal hold on {record}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class RetentionWarning(models.Model):
    """That the people responsible were told a record's content is due for deletion (once per due date)."""

    record_type = models.CharField(_("what"), max_length=30, choices=RecordType.choices)
    signal = models.ForeignKey(
        "intake.Signal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    notice = models.ForeignKey(
        "intake.ConcernNotice", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("warned"), default=timezone.now)

    class Meta:
        verbose_name = _("retention warning")
        verbose_name_plural = _("retention warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "signal"],
                condition=Q(signal__isnull=False),
                name="one_warning_per_signal_and_type",
            ),
            models.UniqueConstraint(
                fields=["record_type", "notice"],
                condition=Q(notice__isnull=False),
                name="one_warning_per_notice_and_type",
            ),
        ]

    def __str__(self):
        return f"{self.record_type} due {self.due_on}"
