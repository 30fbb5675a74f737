"""Online content, the classifier's model versions, human review and disinformation narratives.

Rules that shape these models:
- An author handle is never stored in clear: `author_hash` is a keyed HMAC (settings.HASH_KEY) and
  nothing in the product groups or lists by it (no per-author views).
- Text is encrypted at rest; `fingerprint` (keyed HMAC) recognises duplicates without clear text.
- Scores only order work. Nothing is hidden, reported or deleted because of a score; a person's
  review (`Review`) is what counts, and reviews are kept as training data.
- Narrative suggestions (`NarrativeLink.State.SUGGESTED`) stay apart from confirmed links.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecity.core.crypto import EncryptedBinaryField, EncryptedTextField
from safecity.organisation.models import Unit

USER = settings.AUTH_USER_MODEL


class Label(models.TextChoices):
    NOT_HATEFUL = "not", _("not hateful")
    OFFENSIVE = "offensive", _("offensive")
    HATEFUL = "hateful", _("hateful")
    THREAT = "threat", _("threat")


class Target(models.TextChoices):
    """Target groups following Brå's hate-crime motives (racist/xenophobic split into its parts)."""

    NONE = "", _("no target group")
    XENOPHOBIC = "xenophobic", _("racist or xenophobic")
    AFROPHOBIC = "afrophobic", _("Afrophobic")
    ANTIZIGANIST = "antiziganist", _("antiziganist")
    ANTISEMITIC = "antisemitic", _("antisemitic")
    ISLAMOPHOBIC = "islamophobic", _("Islamophobic")
    CHRISTIANOPHOBIC = "christianophobic", _("Christianophobic")
    OTHER_RELIGION = "other_religion", _("other religion")
    HOMOPHOBIC = "homophobic", _("homophobic or biphobic")
    TRANSPHOBIC = "transphobic", _("transphobic")
    DISABILITY = "disability", _("disability")
    GENDER = "gender", _("gender")
    OTHER = "other", _("other")


# Brå reports Afrophobic and antiziganist motives inside "racist or xenophobic".
TARGET_GROUP_PARENT = {Target.AFROPHOBIC: Target.XENOPHOBIC, Target.ANTIZIGANIST: Target.XENOPHOBIC}


class ClassifierModel(models.Model):
    """One trained version of the classifier. Weights are an .npz archive read with allow_pickle=False."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("active"), default=False)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    weights = models.BinaryField(_("weights (.npz)"))
    # Feature configuration, label order, target order, training data summary (counts per source).
    config = models.JSONField(_("configuration"), default=dict)
    # The evaluation written when the version was trained: per-class P/R/F1, macro-F1, confusion
    # matrix, throughput, keyword baseline, per data set (held-out parts and the Swedish suite).
    evaluation = models.JSONField(_("evaluation"), default=dict)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("classifier version")
        verbose_name_plural = _("classifier versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_classifier"
            )
        ]

    def __str__(self):
        return f"v{self.version}"


class ContentImport(models.Model):
    """One upload of posts and comments (CSV or JSON) into a unit's collection."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    file = EncryptedBinaryField(_("file"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    job_id = models.CharField(_("job"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new items"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("content import")
        verbose_name_plural = _("content imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class OnlineItem(models.Model):
    """A post or comment. No author handle in clear, text encrypted at rest."""

    class Origin(models.TextChoices):
        IMPORT = "import", _("import")
        SIGNAL = "signal", _("signal")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.IMPORT)
    content_import = models.ForeignKey(
        ContentImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    signal = models.OneToOneField(
        "intake.Signal", null=True, blank=True, on_delete=models.SET_NULL, related_name="online_item"
    )
    # keyed HMAC of platform + url, or of platform + time + normalised text when there is no url
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    platform = models.CharField(_("platform"), max_length=40, db_index=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    posted_at = models.DateTimeField(_("posted"), db_index=True)
    text = EncryptedTextField(_("text"))
    context = EncryptedTextField(_("thread or context"), blank=True)
    thread = models.CharField(_("thread"), max_length=200, blank=True)
    author_hash = models.CharField(_("author (keyed hash)"), max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    # What the classifier said (the active version at the time).
    language = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    label = models.CharField(_("label"), max_length=10, choices=Label.choices, blank=True, db_index=True)
    score = models.FloatField(_("score"), null=True, blank=True, db_index=True)
    target = models.CharField(_("target group"), max_length=20, choices=Target.choices, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)  # [[term, weight], ...]
    classifier = models.ForeignKey(
        ClassifierModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    classified_at = models.DateTimeField(_("classified"), null=True, blank=True)

    # What a person decided (the latest review; the history is in Review).
    reviewed_label = models.CharField(_("reviewed label"), max_length=10, choices=Label.choices, blank=True)
    reviewed_target = models.CharField(
        _("reviewed target group"), max_length=20, choices=Target.choices, blank=True
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("online item")
        verbose_name_plural = _("online items")
        ordering = ["-posted_at"]
        indexes = [models.Index(fields=["unit", "posted_at"], name="online_item_unit_time")]

    def __str__(self):
        return f"{self.platform} {self.posted_at:%Y-%m-%d}"

    @property
    def final_label(self) -> str:
        return self.reviewed_label or self.label

    @property
    def final_target(self) -> str:
        return self.reviewed_target if self.reviewed_at else self.target


class Review(models.Model):
    """A reviewer confirmed or corrected an item's label and target. Kept as training data."""

    item = models.ForeignKey(OnlineItem, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    label = models.CharField(_("label"), max_length=10, choices=Label.choices)
    target = models.CharField(_("target group"), max_length=20, choices=Target.choices, blank=True)
    model_label = models.CharField(_("classifier's label"), max_length=10, choices=Label.choices, blank=True)
    model_target = models.CharField(
        _("classifier's target group"), max_length=20, choices=Target.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.item_id}: {self.label}"

    @property
    def is_correction(self) -> bool:
        return self.label != self.model_label or self.target != self.model_target


class Tactic(models.Model):
    """A disinformation tactic tag (configurable list)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tactic")
        verbose_name_plural = _("tactics")
        ordering = ["position", "name"]

    def __str__(self):
        from safecity.guidance.models import bilingual

        return bilingual(self.name, self.name_en)


class Narrative(models.Model):
    class Status(models.TextChoices):
        MONITORING = "monitoring", _("monitoring")
        DRAFTED = "drafted", _("counter-message drafted")
        PUBLISHED = "published", _("counter-message published")
        CLOSED = "closed", _("closed")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    claim = models.TextField(_("claim or story"))
    # Extra words that describe the narrative for matching (spelling variants, hashtags).
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    first_seen = models.DateField(_("first seen"))
    where = models.CharField(_("where"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MONITORING)
    tactics = models.ManyToManyField(Tactic, verbose_name=_("tactics"), blank=True, related_name="+")
    similarity_threshold = models.FloatField(
        _("similarity threshold"),
        default=0.35,
        validators=[MinValueValidator(0.05), MaxValueValidator(1.0)],
    )
    window_days = models.PositiveSmallIntegerField(
        _("time window (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        ordering = ["-first_seen", "title"]

    def __str__(self):
        return self.title


class CounterMessage(models.Model):
    class Kind(models.TextChoices):
        COUNTER = "counter", _("counter-message")
        PREBUNK = "prebunk", _("prebunking material")

    narrative = models.ForeignKey(Narrative, on_delete=models.CASCADE, related_name="counter_messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNTER)
    text = models.TextField(_("text"))
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("counter-message")
        verbose_name_plural = _("counter-messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.narrative_id}: {self.get_kind_display()}"


class NarrativeLink(models.Model):
    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    narrative = models.ForeignKey(Narrative, on_delete=models.CASCADE, related_name="links")
    item = models.ForeignKey(OnlineItem, on_delete=models.CASCADE, related_name="narrative_links")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUGGESTED)
    similarity = models.FloatField(_("similarity"), null=True, blank=True)
    suggested_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("narrative link")
        verbose_name_plural = _("narrative links")
        ordering = ["-similarity"]
        constraints = [models.UniqueConstraint(fields=["narrative", "item"], name="narrative_link_unique")]

    def __str__(self):
        return f"{self.narrative_id} ~ {self.item_id} ({self.state})"
