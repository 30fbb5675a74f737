"""Training programmes, headcounts, sessions held, coverage targets and the e-learning on the guidance.

Coverage is never stored: it is computed from headcounts, sessions and e-learning completions
(coverage.py). An e-learning quiz is versioned like the guides: a published version is never
changed, a completion names the version that was taken.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecity.guidance.models import Situation, bilingual
from safecity.organisation.models import Function, Unit

USER = settings.AUTH_USER_MODEL


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    target_functions = models.ManyToManyField(
        Function, verbose_name=_("target functions"), related_name="programmes", blank=True
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["position", "title"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return bilingual(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return bilingual(self.description, self.description_en)


class Headcount(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    function = models.ForeignKey(
        Function, verbose_name=_("function"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number of staff"))

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        ordering = ["unit", "function", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "function", "year"], name="headcount_unique_per_year")
        ]

    def __str__(self):
        return f"{self.unit} · {self.function} · {self.year}: {self.number}"


class Session(models.Model):
    class Format(models.TextChoices):
        CLASSROOM = "classroom", _("classroom")
        DIGITAL = "digital", _("digital, live")
        ELEARNING = "elearning", _("e-learning")

    date = models.DateField(_("date"))
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sessions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    function = models.ForeignKey(
        Function, verbose_name=_("function"), on_delete=models.PROTECT, related_name="+"
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    participants = models.PositiveIntegerField(_("number of participants"), validators=[MinValueValidator(1)])
    attendees = models.ManyToManyField(
        USER, verbose_name=_("named participants (with accounts)"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("registered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "unit", "function"], name="session_date_unit_function")]

    def __str__(self):
        return f"{self.date} {self.programme} ({self.unit}, {self.function})"


class CoverageTarget(models.Model):
    function = models.ForeignKey(
        Function, verbose_name=_("function"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets"
    )
    share = models.PositiveSmallIntegerField(
        _("target share (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    set_by = models.ForeignKey(
        USER, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        constraints = [
            models.UniqueConstraint(fields=["function", "programme"], name="coverage_target_unique"),
            models.CheckConstraint(condition=models.Q(share__lte=100), name="coverage_target_share_max_100"),
        ]

    def __str__(self):
        return f"{self.programme} · {self.function}: {self.share} %"


class Quiz(models.Model):
    """The e-learning for one situation of the guidance; passing it counts toward its programme."""

    situation = models.OneToOneField(
        Situation, verbose_name=_("situation"), on_delete=models.CASCADE, related_name="quiz"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("counts toward"), on_delete=models.PROTECT, related_name="quizzes"
    )

    class Meta:
        verbose_name = _("e-learning quiz")
        verbose_name_plural = _("e-learning quizzes")

    def __str__(self):
        return str(self.situation)

    def current_version(self) -> QuizVersion | None:
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class QuizVersion(models.Model):
    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quiz version")
        verbose_name_plural = _("quiz versions")
        ordering = ["quiz", "-number"]
        constraints = [models.UniqueConstraint(fields=["quiz", "number"], name="quiz_version_unique")]

    def __str__(self):
        return f"{self.quiz} v{self.number}"


class Question(models.Model):
    version = models.ForeignKey(
        QuizVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question (Swedish)"), max_length=400)
    text_en = models.CharField(_("question (English)"), max_length=400, blank=True)
    # One choice per line; the same number of lines in both languages.
    choices = models.TextField(_("choices (Swedish), one per line"))
    choices_en = models.TextField(_("choices (English), one per line"), blank=True)
    correct = models.PositiveSmallIntegerField(_("number of the correct choice (1 = first)"))
    explanation = models.TextField(_("explanation (Swedish)"))
    explanation_en = models.TextField(_("explanation (English)"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return self.display_text

    @property
    def display_text(self) -> str:
        return bilingual(self.text, self.text_en)

    @property
    def display_explanation(self) -> str:
        return bilingual(self.explanation, self.explanation_en)

    def display_choices(self) -> list[str]:
        lines = [line.strip() for line in bilingual(self.choices, self.choices_en).splitlines()]
        return [line for line in lines if line]


class Completion(models.Model):
    """One person's attempt at a quiz version; a passed one counts for their unit and function."""

    user = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        QuizVersion, verbose_name=_("quiz version"), on_delete=models.PROTECT, related_name="completions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    function = models.ForeignKey(
        Function, verbose_name=_("function"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("passed"))
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-learning completion")
        verbose_name_plural = _("e-learning completions")
        ordering = ["-completed_at"]

    def __str__(self):
        return f"{self.user} · {self.version} · {self.passed}"


class MeasureProgramme(models.Model):
    """A training measure of an action plan linked to a programme, so its follow-up shows the reach.

    Kept in competence (which may depend on plans); plans reads reach only through reach.py.
    """

    measure = models.ForeignKey(
        "plans.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="measure_links"
    )
    linked_by = models.ForeignKey(
        USER, verbose_name=_("linked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        verbose_name = _("measure's programme")
        verbose_name_plural = _("measures' programmes")
        ordering = ["measure", "programme__position", "programme__title"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "programme"], name="measure_programme_unique")
        ]

    def __str__(self):
        return f"{self.measure} → {self.programme}"
