"""Data for the situational picture: sources, imports, statistics and the police events archive.

- ``Dataset``: a source of figures (a Brå table series, a survey, the police events feed) with its
  publisher and licence. Every figure and every import belongs to one.
- ``Category`` / ``CategoryMapping``: the city's own grouping (violence, threats, weapons …) of the
  values sources publish ("Misshandel, grov", "Olaga hot"). Values are always kept as published;
  the grouping can change and is applied again (``actions.apply_category_mappings``).
- ``Observation``: one figure: a value for a place (area, unit or municipality), a published
  category and a period. ``place_key`` plus the other natural-key fields are unique, so importing
  the same figures again updates rows instead of adding them.
- ``PoliceEvent``: the archive the city builds from the police's 500-event window.
- ``ImportRun``: one file or one poll that was imported: who, when, the file's hash, the outcome.
- ``ColumnMapping``: which column of a source's files holds what; saved once, reused.
- ``AreaName``: more names of an area for finding it in text ("Gärdet"), and which names only
  count when written with a capital letter (Kista, a coffin in lower case).
- ``PoliceApiCall``: every call to the police API, so the published limits hold across runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecity.organisation.models import Area, BilingualName, Unit

POLICE_DATASET_CODE = "polisen-handelser"


class ValueUnit(models.TextChoices):
    COUNT = "count", _("count")
    RATE = "rate", _("rate per 100,000 inhabitants")
    PERCENT = "percent", _("percent")


class Dataset(models.Model):
    class Kind(models.TextChoices):
        POLICE_EVENTS = "police_events", _("police events")
        REPORTED_CRIME = "reported_crime", _("reported crime")
        HATE_CRIME = "hate_crime", _("hate crime")
        SURVEY = "survey", _("survey")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    licence = models.CharField(_("licence or terms of use"), max_length=200, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_police_events(self) -> bool:
        return self.kind == self.Kind.POLICE_EVENTS


class Category(BilingualName):
    """A group of published values the city follows, e.g. violence or a hate-crime motive."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]


class CategoryMapping(models.Model):
    """A published value (police event type, crime type, motive, survey question) → a category.

    Without a data source the mapping holds for every source that has no mapping of its own for
    that value. Values are matched ignoring case and spacing.
    """

    dataset = models.ForeignKey(
        Dataset,
        verbose_name=_("data source"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="category_mappings",
        help_text=_("Empty: for every data source."),
    )
    source_value = models.CharField(_("value as published"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="mappings"
    )

    class Meta:
        verbose_name = _("category mapping")
        verbose_name_plural = _("category mappings")
        ordering = ["source_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "source_value"],
                condition=Q(dataset__isnull=False),
                name="category_mapping_unique_per_dataset",
            ),
            models.UniqueConstraint(
                fields=["source_value"],
                condition=Q(dataset__isnull=True),
                name="category_mapping_unique_global",
            ),
        ]

    def __str__(self):
        return f"{self.source_value} → {self.category}"


class AreaName(models.Model):
    """Another name of an area, or the rule for its own name, for finding areas in event texts."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    case_sensitive = models.BooleanField(
        _("only with capital letters as written"),
        default=False,
        help_text=_(
            "For names that are also ordinary words (Gärdet, Kista): lower-case mentions are not the area."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("area name in texts")
        verbose_name_plural = _("area names in texts")
        ordering = ["area__name", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="area_name_unique")]

    def __str__(self):
        return f"{self.name} → {self.area}"


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        STATISTICS = "statistics", _("statistics table")
        POLICE_EVENTS = "police_events", _("police events")
        POPULATION = "population", _("population per unit and year")

    class Origin(models.TextChoices):
        WEB = "web", _("upload")
        COMMAND = "command", _("command line")
        POLLER = "poller", _("police API poller")

    class State(models.TextChoices):
        NEEDS_MAPPING = "needs_mapping", pgettext_lazy("import state", "waiting for the column mapping")
        QUEUED = "queued", pgettext_lazy("import state", "waiting to start")
        RUNNING = "running", pgettext_lazy("import state", "running")
        DONE = "done", pgettext_lazy("import state", "imported")
        UNCHANGED = "unchanged", pgettext_lazy("import state", "already imported: nothing changed")
        FAILED = "failed", pgettext_lazy("import state", "not imported")

    # Enough to correct a file by; the count says how many there were in all.
    MAX_ERRORS = 1000

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dataset = models.ForeignKey(
        Dataset,
        verbose_name=_("data source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.WEB)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("for unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="situation/imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.BigIntegerField(_("file size"), default=0)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    headers = models.JSONField(_("column headings"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping used"), default=dict, blank=True)
    provisional = models.BooleanField(_("provisional figures"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("background job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same file as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dataset", "file_hash"], name="import_dataset_hash_idx")]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.UNCHANGED, self.State.FAILED}

    @property
    def errors_capped(self) -> bool:
        return self.error_count > len(self.errors)


class ColumnMapping(models.Model):
    """Which column of a source's files holds what. Saved with the first file, used for the next."""

    class PlaceLevel(models.TextChoices):
        AREA = "area", _("areas (stadsdelar)")
        UNIT = "unit", _("units (administrations)")
        MUNICIPALITY = "municipality", _("municipalities")

    dataset = models.OneToOneField(
        Dataset, verbose_name=_("data source"), on_delete=models.CASCADE, related_name="column_mapping"
    )
    place_column = models.CharField(_("place column"), max_length=200)
    place_level = models.CharField(
        _("the places are"), max_length=20, choices=PlaceLevel.choices, default=PlaceLevel.AREA
    )
    category_column = models.CharField(_("category column"), max_length=200, blank=True)
    category_value = models.CharField(
        _("category for every row"),
        max_length=200,
        blank=True,
        help_text=_("When the file has no category column, e.g. one file per crime type."),
    )
    period_column = models.CharField(_("period column"), max_length=200)
    value_column = models.CharField(_("value column"), max_length=200)
    value_unit = models.CharField(
        _("the values are"), max_length=10, choices=ValueUnit.choices, default=ValueUnit.COUNT
    )
    value_unit_column = models.CharField(
        _("column with the kind of value"),
        max_length=200,
        blank=True,
        help_text=_("Optional: a column saying count, rate or percent on each row."),
    )
    n_column = models.CharField(
        _("respondents column"), max_length=200, blank=True, help_text=_("Surveys: number of respondents.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return str(self.dataset)

    def snapshot(self) -> dict:
        """What an import used, kept on the import (the mapping may change later)."""
        return {
            field: getattr(self, field)
            for field in [
                "place_column",
                "place_level",
                "category_column",
                "category_value",
                "period_column",
                "value_column",
                "value_unit",
                "value_unit_column",
                "n_column",
            ]
        }


class Observation(models.Model):
    """One published figure: a value for one place, one published category and one period."""

    class Granularity(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    ValueUnit = ValueUnit

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("data source"), on_delete=models.CASCADE, related_name="observations"
    )
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    source_category = models.CharField(_("category as published"), max_length=200)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    # Exactly one of area, unit and municipality_code says where; place_key says it in one
    # non-null column so that it can be part of the unique key on every database.
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    municipality_code = models.CharField(_("municipality code"), max_length=4, blank=True)
    place_key = models.CharField(_("place key"), max_length=40)
    granularity = models.CharField(_("period length"), max_length=10, choices=Granularity.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    value_unit = models.CharField(_("kind of value"), max_length=10, choices=ValueUnit.choices)
    n = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)

    UNIQUE_FIELDS = ["dataset", "source_category", "place_key", "granularity", "period_start", "value_unit"]

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "dataset",
                    "source_category",
                    "place_key",
                    "granularity",
                    "period_start",
                    "value_unit",
                ],
                name="observation_natural_key",
            ),
            models.CheckConstraint(
                condition=(
                    Q(area__isnull=False, unit__isnull=True, municipality_code="")
                    | Q(area__isnull=True, unit__isnull=False, municipality_code="")
                    | (Q(area__isnull=True, unit__isnull=True) & ~Q(municipality_code=""))
                ),
                name="observation_one_place",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "category", "period_start"], name="observation_area_idx"),
            models.Index(fields=["unit", "category", "period_start"], name="observation_unit_idx"),
            models.Index(fields=["dataset", "category", "period_start"], name="observation_dataset_idx"),
        ]

    def __str__(self):
        return f"{self.source_category} {self.place_key} {self.period_start}: {self.value}"

    @staticmethod
    def place_key_for(
        area_id: int | None = None, unit_id: int | None = None, municipality_code: str = ""
    ) -> str:
        if area_id is not None:
            return f"area:{area_id}"
        if unit_id is not None:
            return f"unit:{unit_id}"
        return f"municipality:{municipality_code}"


class PoliceEvent(models.Model):
    """One event from the police's open events feed, kept after it leaves the 500-event window."""

    class Level(models.TextChoices):
        AREA = "area", _("area of the city")
        MUNICIPALITY = "municipality", _("municipality")
        COUNTY = "county", _("county")
        UNKNOWN = "unknown", _("unknown place")

    class Attribution(models.TextChoices):
        TEXT = "text", _("named in the text")
        NONE = "none", _("none")

    police_id = models.BigIntegerField(_("police id"), unique=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    occurred_at = models.DateTimeField(
        _("occurred"),
        db_index=True,
        help_text=_("From the title (“06 juni 18.50”); the publication time when the title has none."),
    )
    name = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    type = models.CharField(_("type as published"), max_length=120, db_index=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="police_events",
    )
    location_name = models.CharField(_("place as published"), max_length=120)
    gps = models.CharField(
        _("coordinates as published"),
        max_length=60,
        blank=True,
        help_text=_("The centre of the municipality or county, not the place of the event."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    municipality_code = models.CharField(_("municipality code"), max_length=4, blank=True, db_index=True)
    county_code = models.CharField(_("county code"), max_length=2, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attribution = models.CharField(
        _("area taken from"), max_length=10, choices=Attribution.choices, default=Attribution.NONE
    )
    first_import = models.ForeignKey(
        ImportRun,
        verbose_name=_("first imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        verbose_name = _("police event")
        verbose_name_plural = _("police events")
        ordering = ["-occurred_at", "-police_id"]
        indexes = [
            models.Index(fields=["area", "category", "occurred_at"], name="policeevent_area_idx"),
            models.Index(fields=["category", "occurred_at"], name="policeevent_category_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def absolute_url(self) -> str:
        if self.url.startswith("/"):
            return "https://polisen.se" + self.url
        return self.url if self.url.startswith("https://") else ""


class PoliceApiCall(models.Model):
    """One call (or a reserved slot for one) to the police API; the limits are counted from these."""

    at = models.DateTimeField(_("time"), db_index=True)
    url = models.CharField(_("address"), max_length=300)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    events = models.PositiveIntegerField(_("events in the answer"), null=True, blank=True)
    new_events = models.PositiveIntegerField(_("new events"), null=True, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("police API call")
        verbose_name_plural = _("police API calls")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.url} {self.status or '…'}"


from .models_picture import PictureSection, SectionKind, SituationPicture  # noqa: E402, F401
