"""The profile document (format "safecity-profile", see models.py and docs/network/): built from the
platform's published data and the profile's narrative, frozen at publication.

Only published things are read here: approved plans of the current planning year (never drafts),
the published guidelines in force, the city's focus areas, the organisation's population figures,
the profile's own texts and the highlighted initiatives. Good practices are added on the way out
(`public_document`) because their approval is their publication.
"""

from __future__ import annotations

import datetime as dt
import difflib

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from safecity.organisation.models import City, Unit, UnitPopulation
from safecity.plans.access import FOLLOWED_UP
from safecity.plans.models import FocusArea, Guideline, Measure, PlanningYear, PublicationState, Theme

from .models import GoodPractice, Profile, ProfileVersion

FORMAT = "safecity-profile"
SCHEMA_VERSION = "1.0"
ACTIVE = Q(status__is_closed=False, status__default_progress__isnull=False)


def text(sv: str, en: str = "") -> dict:
    return {"sv": sv or "", "en": en or ""}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


# --- facts from the platform -------------------------------------------------------------------------


def population(city: City) -> tuple[int | None, int | None]:
    """The city's population: the sum over its units for the latest year with figures."""
    figures = UnitPopulation.objects.filter(unit__city=city)
    year = figures.aggregate(year=Max("year"))["year"]
    if year is None:
        return city.population, None
    total = figures.filter(year=year).aggregate(total=Sum("population"))["total"]
    return total, year


def units_by_kind(city: City) -> dict[str, int]:
    counts = {kind: 0 for kind in Unit.Kind.values}
    rows = Unit.objects.valid_on().filter(city=city).values("kind").annotate(n=Count("pk"))
    for row in rows:
        counts[row["kind"]] = row["n"]
    return counts


def current_guideline(city: City, day: dt.date | None = None) -> Guideline | None:
    """The latest published guidelines in force on `day` (today)."""
    day = day or timezone.localdate()
    return (
        Guideline.objects.filter(city=city, state=PublicationState.PUBLISHED)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-version")
        .first()
    )


def current_planning_year(city: City, day: dt.date | None = None) -> PlanningYear | None:
    day = day or timezone.localdate()
    years = PlanningYear.objects.filter(city=city)
    return years.filter(year__lte=day.year).order_by("-year").first() or years.order_by("year").first()


def published_measures(city: City):
    """Measures of approved plans (approved or in follow-up) of the current planning year."""
    year = current_planning_year(city)
    if year is None:
        return Measure.objects.none()
    return Measure.objects.filter(plan__year=year, plan__status__in=FOLLOWED_UP)


def theme_counts(city: City) -> list[dict]:
    counts = dict(
        published_measures(city)
        .filter(ACTIVE)
        .values("themes__number")
        .annotate(n=Count("pk", distinct=True))
        .values_list("themes__number", "n")
    )
    return [
        {"number": t.number, "name": text(t.name, t.name_en), "active_measures": counts.get(t.number, 0)}
        for t in Theme.objects.order_by("number")
    ]


def focus_areas(city: City) -> list[dict]:
    return [
        {
            "code": f.code,
            "name": text(f.name, f.name_en),
            "description": text(f.description, f.description_en),
        }
        for f in FocusArea.objects.filter(city=city).order_by("position", "pk")
    ]


def guideline_entry(guideline: Guideline | None) -> dict | None:
    if guideline is None:
        return None
    return {
        "title": text(guideline.title, guideline.title_en),
        "version": guideline.version,
        "effective_from": _iso(guideline.effective_from),
        "adopted_by": guideline.adopted_by,
    }


def initiative_entries(profile: Profile, photo_url=None) -> list[dict]:
    """The highlighted initiatives; `photo_url(initiative)` gives the address of its photo."""
    entries = []
    initiatives = profile.initiatives.select_related("theme", "focus_area").order_by("position", "pk")
    for position, initiative in enumerate(initiatives[:4], start=1):
        photo = None
        if initiative.photo and photo_url is not None:
            photo = {
                "url": photo_url(initiative),
                "alt": text(initiative.photo_alt, initiative.photo_alt_en),
            }
        entries.append(
            {
                "position": position,
                "title": text(initiative.title, initiative.title_en),
                "summary": text(initiative.summary, initiative.summary_en),
                "theme": initiative.theme.number,
                "focus_area": initiative.focus_area.code if initiative.focus_area_id else None,
                "photo": photo,
            }
        )
    return entries


def build_document(
    profile: Profile, *, version_number: int, published_at, request=None, photo_url=None
) -> dict:
    """The export document of `profile` as it would be published now (good practices excluded)."""
    city = profile.city
    people, year = population(city)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _iso(timezone.now()),
        "city": {
            "id": city.code,
            "name": text(city.name, city.name_en),
            "country": city.country,
            "population": people,
            "population_year": year,
            "units": units_by_kind(city),
            "profile_url": absolute(reverse("network:public")),
        },
        "version": version_number,
        "published_at": _iso(published_at),
        "portrait": text(profile.portrait, profile.portrait_en),
        "challenges": text(profile.challenges, profile.challenges_en),
        "strategy": {
            "text": text(profile.strategy, profile.strategy_en),
            "guideline": guideline_entry(current_guideline(city)),
        },
        "focus_areas": focus_areas(city),
        "themes": theme_counts(city),
        "initiatives": initiative_entries(profile, photo_url),
    }


# --- good practices ------------------------------------------------------------------------------------


def good_practice_entries(queryset) -> list[dict]:
    """Approved practices in the export format (no names, no e-mail addresses, no comments)."""
    queryset = queryset.select_related("unit", "unit__city").prefetch_related(
        "themes", "focus_areas", "target_groups"
    )
    entries = []
    for p in queryset:
        entries.append(
            {
                "id": f"{p.unit.city.code}-{p.pk}",
                "title": text(p.title, p.title_en),
                "what": text(p.what, p.what_en),
                "for_whom": text(p.for_whom, p.for_whom_en),
                "cost_time": p.cost_time,
                "cost_money": p.cost_money,
                "evaluation": text(p.evaluation, p.evaluation_en),
                "result": text(p.result, p.result_en),
                "advice": text(p.advice, p.advice_en),
                "themes": sorted(t.number for t in p.themes.all()),
                "focus_areas": [
                    f.code for f in sorted(p.focus_areas.all(), key=lambda f: (f.position, f.pk))
                ],
                "prevention_level": p.prevention_level or None,
                "target_groups": [
                    {"code": g.code, "name": text(g.name, g.name_en)}
                    for g in sorted(p.target_groups.all(), key=lambda g: (g.position, g.pk))
                ],
                "unit": text(p.unit.name, p.unit.name_en),
                "approved_at": _iso(p.decided_at),
            }
        )
    return entries


def approved_practices(city: City):
    return GoodPractice.objects.filter(state=GoodPractice.State.APPROVED, unit__city=city).order_by(
        "-decided_at", "-pk"
    )


def latest_version(city: City) -> ProfileVersion | None:
    return ProfileVersion.objects.filter(profile__city=city).order_by("-number").first()


def public_document(city: City, version: ProfileVersion | None = None) -> dict | None:
    """What the public sees: the latest (or given) published document + the approved good practices."""
    version = version or latest_version(city)
    if version is None:
        return None
    return {**version.document, "good_practices": good_practice_entries(approved_practices(city))}


# --- reading a document in one language -------------------------------------------------------------


def _is_text(value) -> bool:
    return isinstance(value, dict) and "sv" in value and set(value) <= {"sv", "en"}


def localise(value, lang: str):
    """The document with every {"sv", "en"} text replaced by the string in `lang` (Swedish if missing)."""
    if _is_text(value):
        return (value.get(lang) if lang != "sv" else "") or value.get("sv") or ""
    if isinstance(value, dict):
        return {key: localise(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [localise(item, lang) for item in value]
    return value


# --- a suggestion for the challenges (shown to the central coordinator only) -------------------------


def challenge_suggestion() -> dict | None:
    """From the latest city-wide final situational picture: its assessment text and its figures,
    always suppressed (a count below the threshold shows as "<N", never as the number)."""
    from safecity.situation.builder import latest_final_picture, section_tables
    from safecity.situation.models_picture import SectionKind

    picture = latest_final_picture(None)
    if picture is None:
        return None
    sections = {s.kind: s for s in picture.sections.all()}
    assessment = sections.get(SectionKind.ASSESSMENT)
    tables = []
    for kind in (SectionKind.STATISTICS, SectionKind.SIGNALS):
        if kind in sections:
            tables.extend(t for t in section_tables(sections[kind], exact_statistics=False) if t["rows"])
    return {"picture": picture, "assessment": assessment.text if assessment else "", "tables": tables}


# --- what changed between two published versions ------------------------------------------------------


def _section_text(doc: dict, key: str, lang: str) -> str:
    value = doc.get(key, {})
    if key == "strategy":
        value = value.get("text", {})
    return localise(value, lang) or ""


def section_changes(older: dict, newer: dict, lang: str) -> list[dict]:
    """The narrative sections that differ between two documents, as word runs: same, delete, insert."""
    changes = []
    for key in ("portrait", "challenges", "strategy"):
        before, after = _section_text(older, key, lang).split(), _section_text(newer, key, lang).split()
        if before == after:
            continue
        parts = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append({"kind": "same", "text": " ".join(before[a1:a2])})
                continue
            if a2 > a1:
                parts.append({"kind": "delete", "text": " ".join(before[a1:a2])})
            if b2 > b1:
                parts.append({"kind": "insert", "text": " ".join(after[b1:b2])})
        changes.append({"key": key, "parts": parts})
    return changes
