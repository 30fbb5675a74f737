"""Situations, and the guides on how to act in them per audience, in numbered versions.

A guide version holds Swedish and English together, so a translation is never out of step with the
text it translates. Versions are never changed once published; the newest published version of a
situation and audience is the current one, the older ones stay for the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import City

USER = settings.AUTH_USER_MODEL


def bilingual(sv: str, en: str) -> str:
    return en if translation.get_language() == "en" and en else sv


class Situation(models.Model):
    """Something a person may run into: worried about a young person, propaganda, a threat …"""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="situations"
    )
    code = models.SlugField(_("code"), max_length=80)
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.CharField(_("short description (Swedish)"), max_length=300, blank=True)
    summary_en = models.CharField(_("short description (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("situation")
        verbose_name_plural = _("situations")
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="situation_code_unique_per_city")
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return bilingual(self.title, self.title_en)

    @property
    def display_summary(self) -> str:
        return bilingual(self.summary, self.summary_en)


class Audience(models.TextChoices):
    STAFF = "staff", _("staff")
    PUBLIC = "public", _("public")


class GuideState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=GuideState.PUBLISHED)


# The fields a new version copies from the one before.
CONTENT_FIELDS = [
    "title",
    "title_en",
    "intro",
    "intro_en",
    "steps",
    "steps_en",
    "dont",
    "dont_en",
    "ends_with_signal",
    "ends_with_concern",
    "ends_with_112",
    "review_by",
]


class Guide(models.Model):
    """One version of the guide for a situation and an audience, in Swedish and English."""

    situation = models.ForeignKey(
        Situation, verbose_name=_("situation"), on_delete=models.PROTECT, related_name="guides"
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro = models.TextField(_("introduction (Swedish, Markdown)"), blank=True)
    intro_en = models.TextField(_("introduction (English, Markdown)"), blank=True)
    steps = models.TextField(_("steps (Swedish, Markdown numbered list)"))
    steps_en = models.TextField(_("steps (English, Markdown numbered list)"), blank=True)
    dont = models.TextField(_("what not to do (Swedish, Markdown list)"), blank=True)
    dont_en = models.TextField(_("what not to do (English, Markdown list)"), blank=True)
    ends_with_signal = models.BooleanField(_("ends with: report a signal"), default=False)
    ends_with_concern = models.BooleanField(
        _("ends with: make a report of concern to social services"), default=False
    )
    ends_with_112 = models.BooleanField(_("ends with: call 112"), default=False)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=GuideState.choices, default=GuideState.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["situation", "audience", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["situation", "audience", "version"], name="guide_version_unique"),
            models.UniqueConstraint(
                fields=["situation", "audience"],
                condition=models.Q(state="draft"),
                name="guide_one_draft_per_situation_audience",
            ),
        ]

    def __str__(self):
        return f"{self.display_title} ({self.get_audience_display()}, v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.state == GuideState.DRAFT

    @property
    def display_title(self) -> str:
        return bilingual(self.title, self.title_en)

    @property
    def display_intro(self) -> str:
        return bilingual(self.intro, self.intro_en)

    @property
    def display_steps(self) -> str:
        return bilingual(self.steps, self.steps_en)

    @property
    def display_dont(self) -> str:
        return bilingual(self.dont, self.dont_en)

    @property
    def review_overdue(self) -> bool:
        return self.review_by is not None and self.review_by < timezone.localdate()

    @property
    def has_endings(self) -> bool:
        return self.ends_with_signal or self.ends_with_concern or self.ends_with_112
