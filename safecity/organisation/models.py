"""City → units → functions; areas mapped to units with effective dates; roles; contacts."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


def today() -> dt.date:
    return timezone.localdate()


class BilingualName(models.Model):
    name = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class City(BilingualName):
    code = models.SlugField(_("code"), unique=True)
    country = models.CharField(_("country"), max_length=2, default="SE")
    municipality_code = models.CharField(_("municipality code"), max_length=10, blank=True)
    switchboard = models.CharField(_("switchboard"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None):
        day = day or today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Unit(BilingualName):
    """An administration with its own action plan: district, specialist or the central office."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("district administration")
        SPECIALIST = "specialist", _("specialist administration")
        CENTRAL = "central", _("central office")

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("code"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="unit_code_unique_per_city"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_from",
                violation_error_message=_("A unit cannot end before it starts."),
            ),
        ]

    def is_valid_on(self, day: dt.date | None = None) -> bool:
        day = day or today()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def current(self, day: dt.date | None = None) -> Unit:
        """The unit that carries this one's work on `day` (follows mergers)."""
        unit, seen = self, set()
        while unit.successor_id and not unit.is_valid_on(day) and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit

    def areas_on(self, day: dt.date | None = None):
        return Area.objects.filter(assignments__in=AreaAssignment.objects.valid_on(day).filter(unit=self))


class Function(BilingualName):
    """An operation within units (school, preschool, social services …); configurable per city."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="functions")
    code = models.SlugField(_("code"), max_length=80)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="function_code_unique_per_city")]


class Area(models.Model):
    """A neighbourhood (Stockholm: stadsdel) with its polygon in WGS84 (GeoJSON geometry)."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="areas")
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=120)
    geometry = models.JSONField(_("geometry (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="area_code_unique_per_city")]

    def __str__(self):
        return self.name

    def unit_on(self, day: dt.date | None = None) -> Unit | None:
        assignment = AreaAssignment.objects.valid_on(day).filter(area=self).select_related("unit").first()
        return assignment.unit if assignment else None

    def geometry_json(self) -> str:
        return json.dumps(self.geometry or {})


class AreaAssignmentQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None):
        day = day or today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class AreaAssignment(models.Model):
    """Which unit an area belongs to, from when to when."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="area_assignments"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AreaAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("area assignment")
        verbose_name_plural = _("area assignments")
        ordering = ["area__name", "valid_from"]

    def __str__(self):
        return f"{self.area} → {self.unit} ({self.valid_from or '…'}–{self.valid_to or '…'})"


class UnitPopulation(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population figures")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="population_unique_per_unit_year")
        ]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.population}"


class Contact(models.Model):
    """A row in the "who do I contact?" directory. Work contact details only, never private ones."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator against violent extremism")
        INTAKE = "intake", _("social services intake")
        POLICE = "police", _("police")
        OTHER = "other", _("other")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("opening hours (Swedish)"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    is_public = models.BooleanField(_("shown on the public directory"), default=True)
    internal_note = models.TextField(_("internal note (staff only)"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["unit", "kind", "title"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        if translation.get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def display_opening_hours(self) -> str:
        if translation.get_language() == "en" and self.opening_hours_en:
            return self.opening_hours_en
        return self.opening_hours


class Role(models.TextChoices):
    CENTRAL_COORDINATOR = "central_coordinator", _("central coordinator")
    UNIT_COORDINATOR = "unit_coordinator", _("unit coordinator")
    MANAGER = "manager", _("manager")
    EMPLOYEE = "employee", _("employee")
    INTAKE = "intake", _("social services intake")
    PARTNER = "partner", _("partner")
    DPO = "dpo", _("data protection officer")
    ADMINISTRATOR = "administrator", _("administrator")


PRIVILEGED_ROLES = frozenset(
    {Role.CENTRAL_COORDINATOR, Role.UNIT_COORDINATOR, Role.INTAKE, Role.DPO, Role.ADMINISTRATOR}
)
# Roles that act for the whole city; their assignment may name the central office or no unit.
CITY_WIDE_ROLES = frozenset({Role.CENTRAL_COORDINATOR, Role.DPO, Role.ADMINISTRATOR})


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, day: dt.date | None = None):
        day = day or today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    function = models.ForeignKey(
        Function,
        verbose_name=_("function"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
        ]

    def __str__(self):
        unit = f" – {self.unit}" if self.unit_id else ""
        return f"{self.get_role_display()}{unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role not in CITY_WIDE_ROLES and not self.unit_id:
            raise ValidationError({"unit": _("This role needs a unit.")})
        if self.unit_id and self.valid_to is None and not self.unit.is_valid_on():
            raise ValidationError(
                {"unit": _("This unit no longer exists; choose the unit that carries its work today.")}
            )
