"""Concern notices: that social services intake received a report of concern and what was decided.

De-identified on purpose (PRODUCT.md rule 1, OSL 26:1): the notice holds the unit, dates, an age
band, the sector the report came from, the milieu and the decision — never a name, an identity
number or an address. The only free text, an optional note, runs the personal-data guard and is
encrypted at rest; retention deletes it after five years (models_retention.py), the rest stays for
the statistics. Only the unit's intake officers see single notices; coordinators see counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecity.core.crypto import EncryptedTextField

from .models import Milieu


class AgeBand(models.TextChoices):
    UNDER_6 = "0-5", _("0–5 years")
    FROM_6 = "6-12", _("6–12 years")
    FROM_13 = "13-15", _("13–15 years")
    FROM_16 = "16-17", _("16–17 years")
    FROM_18 = "18-20", _("18–20 years")
    FROM_21 = "21+", _("21 years or older")
    UNKNOWN = "unknown", pgettext_lazy("age band", "not known")


class Sector(models.TextChoices):
    """Where the report of concern came from."""

    SCHOOL = "school", _("school")
    PRESCHOOL = "preschool", _("preschool")
    HEALTH_CARE = "health_care", _("health care")
    POLICE = "police", _("police")
    RELATIVES = "relatives", _("relatives")
    SOCIAL_SERVICES = "social_services", _("social services")
    LEISURE = "leisure", _("leisure activities")
    OTHER = "other", pgettext_lazy("sector", "other")


class Decision(models.TextChoices):
    INVESTIGATION = "investigation", _("investigation opened")
    POLICE_REPORT = "police_report", _("police report")
    NO_ACTION = "no_action", _("no action")
    EXIT_PROGRAMME = "exit_programme", _("referred to the exit programme")
    PENDING = "pending", _("not decided yet")


class ConcernNotice(models.Model):
    """One report of concern received by social services intake, de-identified."""

    received_on = models.DateField(_("date received"), db_index=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose social services intake received the report."),
    )
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    sector = models.CharField(_("came from"), max_length=20, choices=Sector.choices)
    milieu = models.CharField(_("milieu"), max_length=20, choices=Milieu.choices, default=Milieu.UNKNOWN)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    note_deleted_at = models.DateTimeField(
        _("note deleted"), null=True, blank=True, help_text=_("Set by retention: the note is gone.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    last_entry_at = models.DateTimeField(
        _("last entry"),
        default=timezone.now,
        help_text=_("The last change by social services; retention of the note counts from here."),
    )

    class Meta:
        verbose_name = _("concern notice")
        verbose_name_plural = _("concern notices")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "received_on"], name="notice_unit_received_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending", decided_on__isnull=True)
                | (~Q(decision="pending") & Q(decided_on__isnull=False)),
                name="notice_decided_on_with_decision",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("received_on")),
                name="notice_decided_after_received",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """What intake calls the notice among themselves: O-17 (never a case number of their own)."""
        return f"O-{self.pk}"
