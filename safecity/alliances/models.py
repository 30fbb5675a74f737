"""Partner organisations, agreements, meetings and the measures done together (Capital Code theme 4).

Only organisations' work contact details are kept (switchboard, functional mailbox, website), never
private ones; meeting notes hold no personal data about third persons (checked with core.pii).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecity.core.pii import explain, find_personal_data
from safecity.organisation.models import Area, City, Unit


def _no_personal_data(value: str) -> None:
    findings = find_personal_data(value or "")
    if findings:
        raise ValidationError(explain(findings))


class Partner(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("police")
        SCHOOL = "school", _("school")
        CIVIL_SOCIETY = "civil_society", _("civil society organisation")
        FAITH = "faith", _("faith community")
        SPORTS = "sports", _("sports club")
        BUSINESS = "business", _("business")
        HOUSING = "housing", _("housing company")
        AGENCY = "agency", _("other municipality or agency")
        NORDIC_SAFE_CITIES = "nordic_safe_cities", _("Nordic Safe Cities member")

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("what we do together"), blank=True, validators=[_no_personal_data])
    phone = models.CharField(_("organisation phone"), max_length=40, blank=True)
    email = models.EmailField(_("organisation e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="partners", blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), related_name="partners", blank=True)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner accounts"),
        related_name="partner_organisations",
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="partner_name_unique_per_city")]

    def __str__(self):
        return self.name


class Agreement(models.Model):
    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("cooperation agreement")
        DATA_SHARING = "data_sharing", _("data sharing agreement")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="agreements"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[_no_personal_data])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    document_reference = models.CharField(_("document reference"), max_length=120, blank=True)
    dpia_reference = models.CharField(_("impact assessment (DPIA) reference"), max_length=120, blank=True)
    reminded_60_at = models.DateTimeField(_("60-day reminder sent"), null=True, blank=True)
    reminded_30_at = models.DateTimeField(_("30-day reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["valid_to", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="data_sharing") | ~Q(dpia_reference=""),
                name="agreement_data_sharing_has_dpia",
                violation_error_message=_(
                    "A data sharing agreement needs the reference to its impact assessment."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.partner} · {self.title or self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.DATA_SHARING and not self.dpia_reference.strip():
            errors["dpia_reference"] = _(
                "A data sharing agreement needs the reference to its impact assessment."
            )
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def days_left(self, day: dt.date | None = None) -> int | None:
        """Days until the last valid day (0 on that day, negative once expired); None when open-ended."""
        if self.valid_to is None:
            return None
        return (self.valid_to - (day or timezone.localdate())).days


class Meeting(models.Model):
    """A meeting or joint activity. Topic and outcome are about the work, never about persons."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        ACTIVITY = "activity", _("joint activity")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="partner_meetings")
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), related_name="meetings")
    topic = models.CharField(_("topic"), max_length=200, validators=[_no_personal_data])
    outcome = models.TextField(_("outcome"), blank=True, validators=[_no_personal_data])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting or joint activity")
        verbose_name_plural = _("meetings and joint activities")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.date} {self.topic}"


class MeasurePartner(models.Model):
    """A measure of an action plan done with a partner (the registry's side of Measure.partners_text)."""

    measure = models.ForeignKey(
        "plans.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="measure_links"
    )
    role = models.CharField(_("partner's role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("measure partner")
        verbose_name_plural = _("measure partners")
        constraints = [
            models.UniqueConstraint(fields=["measure", "partner"], name="measure_partner_unique"),
        ]

    def __str__(self):
        return f"{self.measure_id} · {self.partner}"
