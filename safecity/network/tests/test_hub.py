"""Importing profiles into the hub, and the hub pages' content."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from safecity.network import hub
from safecity.network.models import HubProfile
from safecity.network.schema import DocumentError
from safecity.network.tests.hub_fixtures import SJOBY, as_bytes, norrhavn

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

pytestmark = pytest.mark.django_db


def test_it_imports_a_valid_document(central_coordinator):
    profile, created = hub.import_bytes(central_coordinator, as_bytes(norrhavn()), source_filename="n.json")
    assert created
    assert profile.city_id == "norrhavn-demo"
    assert profile.city_name.startswith("Norrhavn")
    assert profile.country == "XX"
    assert profile.schema_version == "1.0"
    assert profile.imported_by == central_coordinator
    assert profile.document["version"] == 2


def test_a_reimport_updates_the_same_city(central_coordinator):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    newer = norrhavn(version=3, published_at="2026-11-20T09:00:00+01:00")
    profile, created = hub.import_bytes(central_coordinator, as_bytes(newer))
    assert not created
    assert HubProfile.objects.count() == 1
    assert profile.document["version"] == 3


def test_an_older_publication_is_refused_and_nothing_changes(central_coordinator):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    older = norrhavn(version=1, published_at="2026-01-02T09:00:00+01:00")
    with pytest.raises(DocumentError, match="older than the one you have"):
        hub.import_bytes(central_coordinator, as_bytes(older))
    assert HubProfile.objects.get().document["version"] == 2


def test_an_invalid_document_stores_nothing(central_coordinator):
    doc = norrhavn()
    doc["initiatives"][1]["theme"] = 8
    with pytest.raises(DocumentError, match=r"initiatives\[1\]\.theme"):
        hub.import_bytes(central_coordinator, as_bytes(doc))
    assert not HubProfile.objects.exists()


def test_the_upload_page_imports_a_file(central_coordinator):
    client = logged_in(central_coordinator)
    upload = SimpleUploadedFile("norrhavn.json", as_bytes(norrhavn()), content_type="application/json")
    response = client.post(reverse("network:hub_import"), {"file": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("network:hub_city", args=["norrhavn-demo"])
    assert HubProfile.objects.get().source_filename == "norrhavn.json"


def test_the_upload_page_shows_the_reason_for_a_bad_file(central_coordinator):
    client = logged_in(central_coordinator)
    upload = SimpleUploadedFile(
        "bad.json", b'{"format": "safecity-profile",\n "x": }', content_type="application/json"
    )
    response = client.post(reverse("network:hub_import"), {"file": upload})
    assert response.status_code == 400
    assert "line 2, column 7" in response.content.decode()
    assert not HubProfile.objects.exists()


def test_the_upload_page_shows_a_newer_major_version_message(central_coordinator):
    client = logged_in(central_coordinator)
    upload = SimpleUploadedFile("new.json", as_bytes(norrhavn(schema_version="2.0")))
    response = client.post(reverse("network:hub_import"), {"file": upload})
    assert response.status_code == 400
    assert "format version 2.0; this installation reads 1.x" in response.content.decode()


def test_the_upload_page_wants_a_file_or_an_address(central_coordinator):
    client = logged_in(central_coordinator)
    response = client.post(reverse("network:hub_import"), {})
    assert response.status_code == 400
    assert "Choose a file or give an address" in response.content.decode()


@pytest.mark.swedish_ui
def test_the_hub_lists_imported_cities_and_compares_them_by_theme(central_coordinator):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()), is_demo=True)
    hub.import_bytes(central_coordinator, as_bytes(SJOBY), is_demo=True)
    response = logged_in(central_coordinator).get(reverse("network:hub"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Norrhavn" in page and "Sjöby" in page
    assert "Unga hamnvärdar" in page  # an initiative under its theme
    rows = response.context["rows"]
    assert [r["theme"]["number"] for r in rows] == [1, 2, 3, 4]
    counts = {c["city"].city_id: c["count"] for c in rows[2]["cells"]}
    assert counts == {"norrhavn-demo": 22, "sjoby-demo": 7}
    spec = response.context["chart"]
    assert {row["city"] for row in spec["data"]["values"]} == {c.name for c in response.context["cities"]}


def test_the_hub_includes_this_citys_published_profile(central_coordinator, city_with_profile):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    cities = logged_in(central_coordinator).get(reverse("network:hub")).context["cities"]
    assert [c.city_id for c in cities] == ["stockholm", "norrhavn-demo"]
    assert cities[0].is_own


@pytest.mark.swedish_ui
def test_the_city_page_shows_the_imported_profile(central_coordinator):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    response = logged_in(central_coordinator).get(reverse("network:hub_city", args=["norrhavn-demo"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Digitala fältassistenter" in page
    assert "Stödlinje för förtroendevalda" in page


def test_an_unknown_city_is_404(central_coordinator):
    assert (
        logged_in(central_coordinator).get(reverse("network:hub_city", args=["nowhere"])).status_code == 404
    )


def test_imported_markdown_cannot_inject_script(central_coordinator):
    doc = norrhavn()
    doc["portrait"]["sv"] = "<script>alert(1)</script>[x](javascript:alert(1))"
    hub.import_bytes(central_coordinator, as_bytes(doc))
    page = (
        logged_in(central_coordinator)
        .get(reverse("network:hub_city", args=["norrhavn-demo"]))
        .content.decode()
    )
    assert "<script>alert" not in page
    assert "javascript:" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "seniorer"}, {"norrhavn-demo-2"}),
        ({"q": "SENIORS"}, {"norrhavn-demo-2"}),  # English text, any case
        ({"theme": "2"}, {"norrhavn-demo-2", "norrhavn-demo-6"}),
        ({"level": "individual"}, {"norrhavn-demo-5"}),
        ({"target_group": "parents"}, {"norrhavn-demo-4", "norrhavn-demo-5"}),
        ({"focus_area": "skola"}, {"sjoby-demo-1"}),
        ({"city": "sjoby-demo"}, {"sjoby-demo-1", "sjoby-demo-2"}),
        ({"theme": "1", "city": "sjoby-demo"}, {"sjoby-demo-1"}),
    ],
)
def test_the_practice_search_finds_practices_across_cities(central_coordinator, query, expected):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    hub.import_bytes(central_coordinator, as_bytes(SJOBY))
    response = logged_in(central_coordinator).get(reverse("network:hub_practices"), query)
    assert response.status_code == 200
    assert {hit.practice["id"] for hit in response.context["hits"]} == expected


def test_the_practice_search_without_filters_lists_everything(central_coordinator):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    hub.import_bytes(central_coordinator, as_bytes(SJOBY))
    response = logged_in(central_coordinator).get(reverse("network:hub_practices"))
    assert len(response.context["hits"]) == 9


@pytest.mark.parametrize("name", ["network:hub", "network:hub_practices"])
def test_hub_pages_use_a_bounded_number_of_queries(central_coordinator, django_assert_max_num_queries, name):
    client = logged_in(central_coordinator)
    client.get(reverse(name))  # warm the session and the grants
    for i in range(8):
        doc = norrhavn()
        doc["city"]["id"] = f"city-{i}"
        hub.import_bytes(central_coordinator, as_bytes(doc))
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name)).status_code == 200


def test_the_english_page_shows_english_texts(central_coordinator):
    hub.import_bytes(central_coordinator, as_bytes(norrhavn()))
    client = logged_in(central_coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("network:hub_city", args=["norrhavn-demo"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Digital field workers" in page


@pytest.fixture
def city_with_profile(db):
    from django.utils import timezone

    from safecity.network.document import build_document
    from safecity.network.models import Profile, ProfileVersion
    from safecity.organisation.models import City

    profile = Profile.objects.create(city=City.objects.get(code="stockholm"), portrait="Hej")
    doc = build_document(profile, version_number=1, published_at=timezone.now())
    return ProfileVersion.objects.create(profile=profile, number=1, document=doc)


def test_document_round_trip_through_the_hub_keeps_it_unchanged(central_coordinator):
    doc = norrhavn()
    profile, _ = hub.import_bytes(central_coordinator, as_bytes(doc))
    assert json.dumps(profile.document, sort_keys=True) == json.dumps(doc, sort_keys=True)


def test_the_city_page_uses_a_bounded_number_of_queries(central_coordinator, django_assert_max_num_queries):
    client = logged_in(central_coordinator)
    for i in range(8):
        doc = norrhavn()
        doc["city"]["id"] = f"city-{i}"
        hub.import_bytes(central_coordinator, as_bytes(doc))
    client.get(reverse("network:hub"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("network:hub_city", args=["city-3"])).status_code == 200
