"""The public export /profil/profil.json and the schema at /profil/schema.json."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from safecity.network.document import build_document
from safecity.network.models import GoodPractice, Profile, ProfileVersion
from safecity.network.schema import load_schema, validate_document
from safecity.plans.models import Theme
from safecity.plans.tests.fixtures import city, jarva_plan, planning_year  # noqa: F401
from safecity.plans.tests.plan_pages import approve, measure

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

pytestmark = pytest.mark.django_db


def publish(city, **texts):  # noqa: F811
    profile, _ = Profile.objects.get_or_create(city=city, defaults=texts)
    number = profile.versions.count() + 1
    doc = build_document(profile, version_number=number, published_at=timezone.now())
    return ProfileVersion.objects.create(profile=profile, number=number, document=doc)


@pytest.fixture
def published(city):  # noqa: F811
    return publish(city, portrait="Stockholm är en stad.", portrait_en="Stockholm is a city.")


@pytest.fixture
def approved_practice(jarva_plan, jarva_coordinator, central_coordinator):  # noqa: F811
    m = measure(jarva_coordinator, jarva_plan, "Föräldravandringar")
    approve(jarva_plan, jarva_coordinator, central_coordinator)
    practice = GoodPractice.objects.create(
        measure=m,
        unit=jarva_plan.unit,
        state=GoodPractice.State.APPROVED,
        title="Föräldravandringar",
        what="Föräldrar går i par.",
        for_whom="Unga",
        prevention_level="general",
        decided_at=timezone.now(),
    )
    practice.themes.set(Theme.objects.filter(number__in=[3, 4]))
    return practice


def test_the_export_is_the_published_document_and_validates(client, published, approved_practice):
    response = client.get(reverse("network:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    doc = json.loads(response.content)
    validate_document(doc)
    assert doc["city"]["id"] == "stockholm"
    assert doc["portrait"]["en"] == "Stockholm is a city."
    assert [p["title"]["sv"] for p in doc["good_practices"]] == ["Föräldravandringar"]
    assert doc["good_practices"][0]["themes"] == [3, 4]


def test_the_export_is_open_to_other_sites_and_cacheable(client, published):
    response = client.get(reverse("network:export"))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_the_export_shows_the_latest_published_version(client, city):  # noqa: F811
    publish(city)
    Profile.objects.filter(city=city).update(portrait="Ett utkast som inte är publicerat.")
    first = json.loads(client.get(reverse("network:export")).content)
    assert "utkast" not in json.dumps(first)
    publish(city)
    assert json.loads(client.get(reverse("network:export")).content)["version"] == 2


def test_a_proposed_practice_is_not_exported(client, published, approved_practice):
    approved_practice.state = GoodPractice.State.PROPOSED
    approved_practice.save()
    doc = json.loads(client.get(reverse("network:export")).content)
    assert doc["good_practices"] == []


def test_nothing_published_is_a_json_404(client, db):
    response = client.get(reverse("network:export"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "not published" in json.loads(response.content)["error"]


def test_the_export_refuses_writes(client, published):
    assert client.post(reverse("network:export")).status_code == 405


def test_the_schema_is_served(client, db):
    response = client.get(reverse("network:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == load_schema()
