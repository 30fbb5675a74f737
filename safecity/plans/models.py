"""Guidelines, the plan template, every unit's plan per year, measures, indicators and follow-ups."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Area, BilingualName, City, Function, Unit

USER = settings.AUTH_USER_MODEL


def bilingual(sv: str, en: str) -> str:
    return en if translation.get_language() == "en" and en else sv


# --- Configuration: themes, focus areas, target groups, statuses ---------------------------------


class Theme(BilingualName):
    """A Nordic Safe Cities Capital Code theme (1–4)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        verbose_name = _("Capital Code theme")
        verbose_name_plural = _("Capital Code themes")
        ordering = ["number"]


class FocusArea(BilingualName):
    """One of the city's own focus areas (Stockholm: three)."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="focus_area_code_unique")]


class TargetGroup(BilingualName):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="target_groups"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="target_group_code_unique")]


class MeasureStatus(BilingualName):
    """planned 0 %, started 25 %, ongoing 50 %, largely done 75 %, done 100 %, cancelled — configurable."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="measure_statuses"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    default_progress = models.PositiveSmallIntegerField(
        _("default progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Empty for a status that does not count towards progress, such as cancelled."),
    )
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Closed measures are not carried over to next year.")
    )

    class Meta:
        verbose_name = _("measure status")
        verbose_name_plural = _("measure statuses")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="measure_status_code_unique")]

    @property
    def is_active(self) -> bool:
        return not self.is_closed and self.default_progress is not None


# --- Guidelines and template ---------------------------------------------------------------------


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Guideline(models.Model):
    """The city-wide guidelines, versioned, with effective dates."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="guidelines"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(_("text (Swedish, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("guidelines")
        verbose_name_plural = _("guidelines")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["city", "version"], name="guideline_version_unique")]

    def __str__(self):
        return f"{self.display_title} (v{self.version})"

    @property
    def display_title(self) -> str:
        return bilingual(self.title, self.title_en)

    @property
    def display_body(self) -> str:
        return bilingual(self.body, self.body_en)


class PlanTemplate(models.Model):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="plan_templates"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"), max_length=20, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["city", "version"], name="template_version_unique")]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class TemplateSection(models.Model):
    """An ordered section of the plan template, with guidance text for the writer."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        MEASURES = "measures", _("measures")

    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance (Swedish)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="template_section_code_unique")
        ]

    def __str__(self):
        return f"{self.position}. {self.display_title}"

    @property
    def display_title(self) -> str:
        return bilingual(self.title, self.title_en)

    @property
    def display_guidance(self) -> str:
        return bilingual(self.guidance, self.guidance_en)


# --- The yearly cycle -----------------------------------------------------------------------------


class PlanningYear(models.Model):
    """A planning year opened by the central coordinator, with its deadlines."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="planning_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    template = models.ForeignKey(PlanTemplate, verbose_name=_("template"), on_delete=models.PROTECT)
    guideline = models.ForeignKey(
        Guideline, verbose_name=_("guidelines"), null=True, blank=True, on_delete=models.PROTECT
    )
    board_due = models.DateField(_("board decision due"), null=True, blank=True)
    review_due = models.DateField(_("central review due"), null=True, blank=True)
    approval_due = models.DateField(_("approval due"), null=True, blank=True)
    t1_due = models.DateField(_("T1 follow-up due"), null=True, blank=True)
    t2_due = models.DateField(_("T2 follow-up due"), null=True, blank=True)
    annual_due = models.DateField(_("annual follow-up due"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("planning year")
        verbose_name_plural = _("planning years")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="planning_year_unique")]

    def __str__(self):
        return str(self.year)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT_TO_BOARD = "sent_to_board", _("sent to the board")
        ADOPTED = "adopted", _("adopted by the board")
        IN_REVIEW = "in_review", _("in central review")
        RETURNED = "returned", _("returned with comments")
        APPROVED = "approved", _("approved")
        FOLLOW_UP = "follow_up", _("in follow-up")

    year = models.ForeignKey(
        PlanningYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="plans"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("last year's plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    board_decision_date = models.DateField(_("board decision date"), null=True, blank=True)
    board_reference = models.CharField(_("board decision reference"), max_length=100, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year__year", "unit__kind", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="plan_unique_per_unit_year")]

    def __str__(self):
        return f"{self.unit} {self.year.year}"

    @property
    def is_published(self) -> bool:
        """Approved plans are readable by other units' coordinators."""
        return self.status in {self.Status.APPROVED, self.Status.FOLLOW_UP}


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(TemplateSection, verbose_name=_("template section"), on_delete=models.PROTECT)
    body = models.TextField(_("text (Markdown)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "section__position"]
        constraints = [models.UniqueConstraint(fields=["plan", "section"], name="plan_section_unique")]

    def __str__(self):
        return f"{self.plan}: {self.section}"


class ReviewComment(models.Model):
    """A central coordinator's comment on a plan (on one section or the whole), and the unit's answer."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        TemplateSection, verbose_name=_("section"), null=True, blank=True, on_delete=models.PROTECT
    )
    author = models.ForeignKey(USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reply = models.TextField(_("answer"), blank=True)
    replied_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["plan", "section__position", "created_at"]

    def __str__(self):
        return f"{self.plan}: {self.body[:40]}"


class PlanEvent(models.Model):
    """The plan's history: every status change, who and when, with a note."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    by = models.ForeignKey(USER, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(_("from"), max_length=20, choices=Plan.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Plan.Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["plan", "at", "id"]

    def __str__(self):
        return f"{self.plan}: {self.from_status} → {self.to_status}"


# --- Measures ---------------------------------------------------------------------------------------


class PreventionLevel(models.TextChoices):
    GENERAL = "general", _("general prevention")
    SPECIFIC = "specific", _("specific prevention")
    INDIVIDUAL = "individual", _("individual prevention")


class Measure(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="measures")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("How much this sub-measure counts in the parent's progress."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), blank=True)
    prevention_level = models.CharField(
        _("prevention level"), max_length=20, choices=PreventionLevel.choices, default=PreventionLevel.GENERAL
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("Capital Code themes"), blank=True, related_name="+"
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="+")
    responsible_function = models.ForeignKey(
        Function, verbose_name=_("responsible function"), null=True, blank=True, on_delete=models.PROTECT
    )
    responsible_person = models.ForeignKey(
        USER,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners_text = models.CharField(_("partners"), max_length=300, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.ForeignKey(MeasureStatus, verbose_name=_("status"), on_delete=models.PROTECT)
    manual_progress = models.PositiveSmallIntegerField(
        _("progress set by hand (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Computed; empty when cancelled."),
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    shared_with_partners = models.BooleanField(_("shared with partners"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="measure_end_after_start",
                violation_error_message=_("A measure cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["measure", "due"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("increase")
        DECREASE = "decrease", _("decrease")
        KEEP = "keep", _("keep level")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measurement"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "id"]

    def __str__(self):
        return self.name


class Period(models.TextChoices):
    T1 = "t1", _("T1 (January–April)")
    T2 = "t2", _("T2 (May–August)")
    ANNUAL = "annual", _("annual report")


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="indicator_value_unique")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year} {self.period}: {self.value}"


class YouthParticipation(models.Model):
    """Participants in youth measures (Capital Code theme 3), by age band and gender: counts only."""

    class AgeBand(models.TextChoices):
        UNDER_13 = "0-12", _("under 13")
        FROM_13 = "13-15", _("13–15")
        FROM_16 = "16-19", _("16–19")
        FROM_20 = "20-25", _("20–25")

    class Gender(models.TextChoices):
        GIRL = "girl", _("girls")
        BOY = "boy", _("boys")
        OTHER = "other", _("other or not stated")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="participation"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("youth participation")
        verbose_name_plural = _("youth participation")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "period", "age_band", "gender"], name="participation_unique"
            )
        ]

    def __str__(self):
        return f"{self.measure}: {self.count}"


# --- Follow-ups -------------------------------------------------------------------------------------


class FollowUp(models.Model):
    """A tertial follow-up (T1, T2) or the annual report of one plan; locked once submitted."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    summary = models.TextField(_("summary (Markdown)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["plan", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="follow_up_unique")]

    def __str__(self):
        return f"{self.plan} {self.get_period_display()}"

    @property
    def is_locked(self) -> bool:
        return self.submitted_at is not None


class MeasureReport(models.Model):
    """One measure's line in a follow-up: status, progress, comment and what changed."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="reports"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="reports"
    )
    status = models.ForeignKey(MeasureStatus, verbose_name=_("status"), on_delete=models.PROTECT)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("measure report")
        verbose_name_plural = _("measure reports")
        ordering = ["follow_up", "measure__position", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "measure"], name="measure_report_unique")]

    def __str__(self):
        return f"{self.follow_up}: {self.measure}"


class FollowUpCorrection(models.Model):
    """A change to a submitted follow-up: who, when, why, and the old and new value."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="corrections"
    )
    report = models.ForeignKey(
        MeasureReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("field"), max_length=60)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["follow_up", "at"]

    def __str__(self):
        return f"{self.follow_up}: {self.field}"
