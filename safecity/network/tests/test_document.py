"""The profile document: facts from published data only, narrative from the profile, valid export."""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safecity.network import actions, document
from safecity.network.models import GoodPractice, Profile
from safecity.network.schema import validate_document
from safecity.organisation.models import UnitPopulation
from safecity.plans.models import FocusArea
from safecity.plans.tests.fixtures import city, jarva_plan, planning_year, sodermalm_plan, status, theme  # noqa: F401
from safecity.plans.tests.plan_pages import approve, measure


@pytest.fixture
def approved_jarva(jarva_plan, jarva_coordinator, central_coordinator):
    """Järva's approved plan: two active theme-1 measures, one done (closed) theme-2 measure, one theme-3."""
    focus = FocusArea.objects.filter(city=jarva_plan.unit.city).order_by("position").first()
    measure(jarva_coordinator, jarva_plan, "Föräldraträffar i Rinkeby", focus_areas=[focus])
    measure(jarva_coordinator, jarva_plan, "Fritidsgårdarnas nätvandring", status=status("ongoing"))
    measure(jarva_coordinator, jarva_plan, "Avslutad kurs", status=status("done"), themes=[theme(2)])
    measure(jarva_coordinator, jarva_plan, "Trygghetsvandringar", themes=[theme(3), theme(1)])
    return approve(jarva_plan, jarva_coordinator, central_coordinator)


@pytest.fixture
def draft_sodermalm(sodermalm_plan, sodermalm_coordinator):
    measure(sodermalm_coordinator, sodermalm_plan, "HEMLIG UTKASTÅTGÄRD", themes=[theme(4)])
    return sodermalm_plan


@pytest.fixture
def profile(city):
    return Profile.objects.create(
        city=city,
        portrait="Stockholm är en stad på fjorton öar.",
        portrait_en="Stockholm spreads across fourteen islands.",
        challenges="Alla tre miljöer finns i staden.",
        challenges_en="All three milieus are present.",
        strategy="Ett förebyggande helhetsperspektiv.",
        strategy_en="A preventive holistic approach.",
    )


def highlight(user, profile, measure_obj, title="Föräldraträffar", **extra):
    fields = {
        "title": title,
        "title_en": title + " (en)",
        "summary": "Vad den gör.",
        "theme": theme(1),
        **extra,
    }
    return actions.do_add_initiative(user, profile, measure_obj, **fields)


def approved_practice(proposer, central, measure_obj, title="Läxhjälp som fungerade", **extra):
    fields = {"title": title, "what": "Vi gjorde så här.", "for_whom": "Unga 13–16 år.", **extra}
    practice = actions.do_propose_good_practice(proposer, measure_obj, **fields)
    return actions.do_approve_good_practice(central, practice)


def build(profile):
    return document.build_document(profile, version_number=1, published_at=timezone.now())


def test_it_counts_active_measures_of_approved_plans_per_theme(profile, approved_jarva, draft_sodermalm):
    counts = {t["number"]: t["active_measures"] for t in build(profile)["themes"]}
    assert counts == {1: 3, 2: 0, 3: 1, 4: 0}


def test_a_plan_in_review_does_not_count(profile, jarva_plan, jarva_coordinator):
    measure(jarva_coordinator, jarva_plan, "Ännu inte godkänd")
    assert {t["number"]: t["active_measures"] for t in build(profile)["themes"]}[1] == 0


def test_it_takes_the_population_of_the_latest_year_and_the_units(profile, jarva, sodermalm):
    UnitPopulation.objects.filter(unit__city=profile.city).delete()
    UnitPopulation.objects.create(unit=jarva, year=2023, population=1000)
    UnitPopulation.objects.create(unit=jarva, year=2024, population=70000)
    UnitPopulation.objects.create(unit=sodermalm, year=2024, population=130000)
    city = build(profile)["city"]
    assert (city["population"], city["population_year"]) == (200000, 2024)
    assert city["units"]["district"] >= 2
    assert city["profile_url"].endswith("/profil/")


def test_it_refers_to_the_guideline_in_force_today(profile):
    guideline = build(profile)["strategy"]["guideline"]
    assert guideline["title"]["en"] == "Guidelines against violent extremism"
    from safecity.plans.models import Guideline

    Guideline.objects.filter(city=profile.city).update(
        effective_from=timezone.localdate() + dt.timedelta(days=5)
    )
    assert build(profile)["strategy"]["guideline"] is None


def test_the_narrative_and_focus_areas_are_bilingual(profile):
    doc = build(profile)
    assert doc["portrait"] == {"sv": profile.portrait, "en": profile.portrait_en}
    assert len(doc["focus_areas"]) == FocusArea.objects.filter(city=profile.city).count()


def test_the_built_document_validates_against_the_schema(
    profile, approved_jarva, central_coordinator, jarva_coordinator
):
    initiative_measure = approved_jarva.measures.first()
    highlight(central_coordinator, profile, initiative_measure)
    approved_practice(jarva_coordinator, central_coordinator, initiative_measure)
    version = actions.do_publish_profile(central_coordinator, profile)
    validate_document(document.public_document(profile.city))
    assert version.document["initiatives"][0]["title"]["sv"] == "Föräldraträffar"


def test_good_practice_entries_hold_no_people_or_comments(
    profile, approved_jarva, central_coordinator, jarva_coordinator
):
    practice = approved_practice(jarva_coordinator, central_coordinator, approved_jarva.measures.first())
    GoodPractice.objects.filter(pk=practice.pk).update(review_comment="INTERN KOMMENTAR")
    [entry] = document.good_practice_entries(GoodPractice.objects.filter(pk=practice.pk))
    text = str(entry)
    assert "INTERN KOMMENTAR" not in text
    assert jarva_coordinator.username not in text
    assert jarva_coordinator.get_full_name() not in text
    assert entry["id"] == f"stockholm-{practice.pk}"


def test_localise_picks_the_language_and_falls_back_to_swedish():
    doc = {"a": {"sv": "hej", "en": "hi"}, "b": [{"sv": "bara svenska", "en": ""}], "c": 3}
    assert document.localise(doc, "en") == {"a": "hi", "b": ["bara svenska"], "c": 3}
    assert document.localise(doc, "sv")["a"] == "hej"
