"""Signals from staff and citizens: what was seen, when and where, never who (PRODUCT.md rules 1–2).

Structured fields (kind, milieu, dates, area, units, status) stay in clear so statistics can be made
in the database; free text and photos are encrypted at rest (safecity.core.crypto). A signal can be
tombstoned by retention: `tombstoned_at` is set and everything in `Signal.CONTENT` is deleted, while
kind, unit, district, area, month and milieu stay for the statistics.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecity.core.crypto import EncryptedBinaryField, EncryptedTextField

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    PROPAGANDA = "propaganda", _("propaganda or symbols")
    RECRUITMENT = "recruitment", _("recruitment activity")
    THREAT = "threat", _("threat or harassment")
    ONLINE_HATE = "online_hate", _("online hate")
    FACILITY_INCIDENT = "facility_incident", _("incident at a city facility")
    OTHER = "other", _("something else")


class Milieu(models.TextChoices):
    RIGHT_WING = "right_wing", _("violent right-wing extremism")
    LEFT_WING = "left_wing", _("violent left-wing extremism")
    ISLAMIST = "islamist", _("violent Islamist extremism")
    OTHER = "other", _("other or unclear")
    UNKNOWN = "unknown", _("not known")


class Source(models.TextChoices):
    STAFF = "staff", _("city employee")
    CITIZEN = "citizen", _("member of the public")


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("signal status", "new")
    IN_REVIEW = "in_review", pgettext_lazy("signal status", "in review")
    ACTED_ON = "acted_on", pgettext_lazy("signal status", "acted on")
    CLOSED = "closed", pgettext_lazy("signal status", "closed")


# Which status may follow which (a closed signal can be reopened for review).
NEXT_STATUSES = {
    Status.NEW: [Status.IN_REVIEW, Status.CLOSED],
    Status.IN_REVIEW: [Status.ACTED_ON, Status.CLOSED],
    Status.ACTED_ON: [Status.IN_REVIEW, Status.CLOSED],
    Status.CLOSED: [Status.IN_REVIEW],
}


class Label(models.Model):
    """A word coordinators tag signals with ("school", "stickers", "election"); never a name."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RoutingRule(models.Model):
    """Where a new signal goes. Rules are tried in order and the first that matches wins; when none
    does, the signal goes to the district of its area on the day it happened, and failing that to the
    central office. An empty condition matches everything.
    """

    position = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are tried first.")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind of signal"), max_length=30, choices=Kind.choices, blank=True, help_text=_("Empty: any kind.")
    )
    source = models.CharField(
        _("reported by"), max_length=20, choices=Source.choices, blank=True, help_text=_("Empty: anyone.")
    )
    areas = models.ManyToManyField(
        "organisation.Area",
        verbose_name=_("areas"),
        blank=True,
        related_name="+",
        help_text=_("Empty: any area, and also signals without a place."),
    )
    target = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("send to"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A unit that has been merged passes its signals on to the unit that carries its work."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Signal(models.Model):
    """Something a person saw or experienced: kind, time, place, milieu, description, photos."""

    # What retention deletes when it tombstones a signal (the related rows go entirely).
    CONTENT = ("description", "photos", "messages", "notes", "receipt", "event reasons")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    occurred_on = models.DateField(_("date"), db_index=True)
    occurred_time = models.TimeField(_("time"), null=True, blank=True)
    area = models.ForeignKey(
        "organisation.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A point picked on the map, rounded to three decimals (about 100 m) before it is stored.
    latitude = models.DecimalField(_("latitude"), max_digits=6, decimal_places=3, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=6, decimal_places=3, null=True, blank=True)
    district = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit the area belonged to on the day it happened."),
    )
    milieu = models.CharField(
        _("milieu"), max_length=20, choices=Milieu.choices, default=Milieu.UNKNOWN, db_index=True
    )
    description = EncryptedTextField(_("description"), blank=True)
    source = models.CharField(_("reported by"), max_length=20, choices=Source.choices)
    reporter = models.ForeignKey(
        USER,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Staff only; a member of the public is never recorded."),
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose coordinators handle the signal (routed or forwarded)."),
    )
    routed_by = models.ForeignKey(
        RoutingRule,
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        USER,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    labels = models.ManyToManyField(Label, verbose_name=_("labels"), blank=True, related_name="signals")
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    tombstoned_at = models.DateTimeField(
        _("content deleted"),
        null=True,
        blank=True,
        help_text=_("Set by retention: the content is gone, the statistics remain."),
    )

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="signal_unit_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="citizen", reporter__isnull=True) | Q(source="staff"),
                name="signal_citizen_has_no_reporter",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="signal_point_has_both_coordinates",
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.kind})"

    @property
    def reference(self) -> str:
        """What people call the signal in a conversation: S-42."""
        return f"S-{self.pk}"

    @property
    def is_tombstoned(self) -> bool:
        return self.tombstoned_at is not None

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    def next_statuses(self) -> list[Status]:
        return NEXT_STATUSES[Status(self.status)]


class SignalPhoto(models.Model):
    """A photo re-encoded from its pixels only (no EXIF, no GPS, no comments), encrypted at rest."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="photos"
    )
    data = EncryptedBinaryField(_("image"))
    content_type = models.CharField(_("type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["signal", "position", "id"]

    def __str__(self):
        return f"{self.signal.reference} photo {self.position + 1}"

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(self.content_type, "bin")


class Receipt(models.Model):
    """A citizen's way back to the signal: a 16-digit code shown once, kept only as an argon2 hash.

    `lookup` is a short keyed hash (HMAC with HASH_KEY) of the code, so a lookup checks only a few
    argon2 hashes; it is short on purpose, so it cannot tell the code on its own.
    """

    signal = models.OneToOneField(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="receipt"
    )
    lookup = models.CharField(_("lookup prefix"), max_length=8, db_index=True)
    code_hash = models.CharField(_("code hash"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self):
        return f"receipt for {self.signal.reference}"


class Message(models.Model):
    """The two-way conversation between the person who reported and the coordinators."""

    class Side(models.TextChoices):
        REPORTER = "reporter", _("the person who reported")
        COORDINATOR = "coordinator", _("coordinator")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="messages"
    )
    side = models.CharField(_("from"), max_length=20, choices=Side.choices)
    author = models.ForeignKey(
        USER,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for a member of the public."),
    )
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["signal", "created_at", "id"]

    def __str__(self):
        return f"{self.signal.reference} message {self.pk}"


class InternalNote(models.Model):
    """A note among the coordinators; never shown to the person who reported."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["signal", "created_at", "id"]

    def __str__(self):
        return f"{self.signal.reference} note {self.pk}"


class SignalEvent(models.Model):
    """The signal's history: who did what when (status, assignment, forwarding, merging, labels)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received")
        STATUS = "status", _("status changed")
        ASSIGNED = "assigned", _("assigned")
        LABELS = "labels", _("labels changed")
        FORWARDED = "forwarded", _("forwarded")
        MERGED = "merged", _("merged as a duplicate")
        MERGED_INTO = "merged_into", _("a duplicate was merged into it")
        REPLIED = "replied", _("reply sent to the reporter")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        USER, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=200, blank=True)
    to_value = models.CharField(_("to"), max_length=200, blank=True)
    from_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("from unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("to unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    other = models.ForeignKey(
        Signal,
        verbose_name=_("other signal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("signal event")
        verbose_name_plural = _("signal events")
        ordering = ["signal", "at", "id"]

    def __str__(self):
        return f"{self.signal.reference}: {self.kind}"

    @staticmethod
    def _status_label(value: str) -> str:
        return str(Status(value).label) if value in Status.values else value

    @property
    def from_status_label(self) -> str:
        return self._status_label(self.from_value)

    @property
    def to_status_label(self) -> str:
        return self._status_label(self.to_value)


# Concern notices and retention live in their own modules; importing them here registers the models.
from .models_notices import AgeBand, ConcernNotice, Decision, Sector  # noqa: E402, F401
from .models_retention import LegalHold, RecordType, RetentionPolicy, RetentionWarning  # noqa: E402, F401
