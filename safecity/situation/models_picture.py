"""The lägesbild: a unit's (or the city's) situational picture for a period, in sections.

- ``SituationPicture``: one version of the picture of one unit (or, with no unit, the whole
  city) for one period. Drafts are edited; a final version is never changed again: a new version
  starts from it. The latest final version of a period is the picture of that period.
- ``PictureSection``: one section (statistics, signals, media, ...): Markdown text, the figures it
  was filled with (statistics and signals are filled from the data and can be refreshed), and
  the sources it rests on with their dates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecity.organisation.models import Unit


class SectionKind(models.TextChoices):
    STATISTICS = "statistics", _("statistics and trends")
    SIGNALS = "signals", _("signals and concern notices received")
    MEDIA = "media", _("media and social-media monitoring")
    SURVEYS = "surveys", _("survey results")
    MILIEUS = "milieus", _("active milieus and recruitment paths")
    PARTNERS = "partners", _("partners' observations")
    ASSESSMENT = "assessment", _("assessment and conclusions")


# Sections filled from the data (and refreshed from it); the others are written.
FILLED_SECTIONS = {SectionKind.STATISTICS, SectionKind.SIGNALS}


class SituationPicture(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("picture state", "draft")
        FINAL = "final", pgettext_lazy("picture state", "final")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        help_text=_("Empty: the city-wide picture."),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made final by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("made final"), null=True, blank=True)

    class Meta:
        verbose_name = _("situational picture")
        verbose_name_plural = _("situational pictures")
        ordering = ["-period_start", "unit__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_start", "period_end", "version"], name="picture_unique_version"
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end", "version"],
                condition=models.Q(unit__isnull=True),
                name="picture_unique_city_version",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="picture_period_order"
            ),
        ]

    def __str__(self):
        place = self.unit.display_name if self.unit_id else _("the city")
        return f"{place} {self.period_start}–{self.period_end} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def is_city_wide(self) -> bool:
        return self.unit_id is None


class PictureSection(models.Model):
    picture = models.ForeignKey(
        SituationPicture,
        verbose_name=_("situational picture"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    kind = models.CharField(_("section"), max_length=20, choices=SectionKind.choices)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown: headings, lists, links, emphasis."))
    figures = models.JSONField(_("figures used"), default=dict, blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One source a line, with its date."))
    sources_as_of = models.DateField(_("sources as of"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["picture", "kind"], name="picture_section_unique")]

    def __str__(self):
        return f"{self.picture}: {self.get_kind_display()}"

    @property
    def position(self) -> int:
        return list(SectionKind.values).index(self.kind)

    @property
    def is_filled(self) -> bool:
        return self.kind in FILLED_SECTIONS
