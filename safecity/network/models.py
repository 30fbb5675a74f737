"""The city's public Safe City Action profile, the good-practice library and the network hub.

The public page and the JSON export are rendered only from `ProfileVersion.document`, a frozen
snapshot written at publication in the export format (docs/network/profile.schema.json). Nothing
read live from drafts, plans or signals can reach a visitor: that is the guarantee the tests try
to break.

The profile document (export format "safecity-profile", schema_version "1.0"): the contract between the publisher and the hub
A localised text is an object {"sv": "...", "en": "..."} ("en" may be missing or ""). Markdown allowed in long texts.
{
  "format": "safecity-profile",
  "schema_version": "1.0",
  "generated_at": "2026-11-26T08:00:00+01:00",
  "city": {"id": "stockholm", "name": {"sv": "Stockholm", "en": "Stockholm"}, "country": "SE",
           "population": 984748, "population_year": 2024,
           "units": {"district": 13, "specialist": 5, "central": 1},
           "profile_url": "https://…/profil/"},
  "version": 3,
  "published_at": "2026-11-20T10:00:00+01:00",
  "portrait": {"sv": "…", "en": "…"},
  "challenges": {"sv": "…", "en": "…"},
  "strategy": {"text": {"sv": "…", "en": "…"},
               "guideline": {"title": {"sv": "…", "en": "…"}, "version": 2, "effective_from": "2024-01-01", "adopted_by": "…"} | null},
  "focus_areas": [{"code": "a", "name": {…}, "description": {…}}],
  "themes": [{"number": 1, "name": {…}, "active_measures": 42}],        // all four Capital Code themes, counts of active measures in APPROVED plans of the current year
  "initiatives": [{"position": 1, "title": {…}, "summary": {…}, "theme": 1, "focus_area": "a" | null,
                   "photo": {"url": "https://…/profil/foto/<id>/", "alt": {…}} | null}],      // 0–4
  "good_practices": [{"id": "stockholm-17", "title": {…}, "what": {…}, "for_whom": {…}, "cost_time": "…", "cost_money": "…",
                      "evaluation": {…}, "result": {…}, "advice": {…}, "themes": [1, 4], "focus_areas": ["a"],
                      "prevention_level": "general" | "specific" | "individual" | null,
                      "target_groups": [{"code": "…", "name": {…}}], "unit": {…}, "approved_at": "2026-…"}]
}
Rules: the document frozen at publication (ProfileVersion.document) holds everything except good_practices; the public export (`/profil/profil.json`) and public pages = the latest published version's document + the currently APPROVED good practices (approval is their publication). Nothing else is read live for the public. Never in it: draft/unapproved plans or measures' internal fields, signals, notices, internal notes, review comments, counts below the suppression threshold, people's names or e-mail addresses.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import City, Unit
from safecity.plans.models import FocusArea, Measure, PreventionLevel, TargetGroup, Theme

USER = settings.AUTH_USER_MODEL


class Profile(models.Model):
    """The working draft of a city's profile (one per city). Narrative parts in Swedish and English."""

    city = models.OneToOneField(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="profile"
    )
    portrait = models.TextField(_("city portrait (Swedish, Markdown)"), blank=True)
    portrait_en = models.TextField(_("city portrait (English, Markdown)"), blank=True)
    challenges = models.TextField(_("challenges (Swedish, Markdown)"), blank=True)
    challenges_en = models.TextField(_("challenges (English, Markdown)"), blank=True)
    strategy = models.TextField(_("strategy (Swedish, Markdown)"), blank=True)
    strategy_en = models.TextField(_("strategy (English, Markdown)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Safe City profile")
        verbose_name_plural = _("Safe City profiles")

    def __str__(self):
        return str(self.city)


class HighlightedInitiative(models.Model):
    """Up to four measures shown on the profile; one is shown at a time."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="initiatives")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.TextField(_("what it does (Swedish)"))
    summary_en = models.TextField(_("what it does (English)"), blank=True)
    theme = models.ForeignKey(Theme, verbose_name=_("Capital Code theme"), on_delete=models.PROTECT)
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), null=True, blank=True, on_delete=models.PROTECT
    )
    photo = models.BinaryField(_("photo (re-encoded JPEG)"), null=True, blank=True)
    photo_alt = models.CharField(_("photo description (Swedish)"), max_length=300, blank=True)
    photo_alt_en = models.CharField(_("photo description (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("highlighted initiative")
        verbose_name_plural = _("highlighted initiatives")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class ProfileVersion(models.Model):
    """A published profile: the export document frozen at publication (never edited afterwards)."""

    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(_("document"))

    class Meta:
        verbose_name = _("published profile version")
        verbose_name_plural = _("published profile versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="profile_version_unique")]

    def __str__(self):
        return f"{self.profile} v{self.number}"


class PublishedPhoto(models.Model):
    """A photo as it was published with a version (served publicly by its id)."""

    version = models.ForeignKey(ProfileVersion, on_delete=models.CASCADE, related_name="published_photos")
    position = models.PositiveSmallIntegerField(_("order"))
    data = models.BinaryField(_("JPEG"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="published_photo_unique")]

    def __str__(self):
        return f"{self.version} photo {self.position}"


class GoodPractice(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        RETURNED = "returned", _("returned with comments")
        APPROVED = "approved", _("approved")
        WITHDRAWN = "withdrawn", _("withdrawn")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    what = models.TextField(_("what was done (Swedish)"))
    what_en = models.TextField(_("what was done (English)"), blank=True)
    for_whom = models.TextField(_("for whom (Swedish)"))
    for_whom_en = models.TextField(_("for whom (English)"), blank=True)
    cost_time = models.CharField(_("cost in time"), max_length=200, blank=True)
    cost_money = models.CharField(_("cost in money"), max_length=200, blank=True)
    evaluation = models.TextField(_("how it was evaluated (Swedish)"), blank=True)
    evaluation_en = models.TextField(_("how it was evaluated (English)"), blank=True)
    result = models.TextField(_("result (Swedish)"), blank=True)
    result_en = models.TextField(_("result (English)"), blank=True)
    advice = models.TextField(_("what others should know (Swedish)"), blank=True)
    advice_en = models.TextField(_("what others should know (English)"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("Capital Code themes"), blank=True, related_name="+"
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="+"
    )
    prevention_level = models.CharField(
        _("prevention level"), max_length=12, choices=PreventionLevel.choices, blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    review_comment = models.TextField(_("comment from the central coordinator"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-decided_at", "-proposed_at"]

    def __str__(self):
        return self.title


class HubProfile(models.Model):
    """Network hub: another city's (or this city's) published profile, imported from a file or URL."""

    city_id = models.SlugField(_("city identifier"), max_length=80, unique=True)
    city_name = models.CharField(_("city"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    schema_version = models.CharField(_("format version"), max_length=20)
    source_url = models.URLField(_("address"), max_length=1000, blank=True)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("fictional demo city"), default=False)
    published_at = models.DateTimeField(_("published by the city"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    imported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(_("document"))

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")
        ordering = ["city_name"]

    def __str__(self):
        return self.city_name
