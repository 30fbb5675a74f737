"""Directory filters, create and edit, meetings with the personal-data guard, network and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.alliances.models import Meeting, Partner
from safecity.alliances.tests.fixtures import make_partner
from safecity.organisation.models import Area


def names(response) -> list[str]:
    return [p.name for p in response.context["partners"]]


def test_it_lists_every_partner_by_name(employee, police, housing, church):
    response = logged_in(employee).get(reverse("alliances:directory"))
    assert names(response) == ["Lokalpolisområde Järva", "Stockholms moské", "Svenska Bostäder"]


def test_it_searches_by_name(employee, police, housing, church):
    response = logged_in(employee).get(reverse("alliances:directory"), {"q": "bostäder"})
    assert names(response) == ["Svenska Bostäder"]


def test_it_filters_by_kind(employee, police, housing, church):
    response = logged_in(employee).get(reverse("alliances:directory"), {"kind": "police"})
    assert names(response) == ["Lokalpolisområde Järva"]


def test_it_filters_by_unit(employee, police, housing, church, sodermalm):
    response = logged_in(employee).get(reverse("alliances:directory"), {"unit": sodermalm.pk})
    assert names(response) == ["Stockholms moské", "Svenska Bostäder"]


def test_it_filters_by_area(employee, police, housing, church):
    area = Area.objects.get(code="tensta")
    response = logged_in(employee).get(reverse("alliances:directory"), {"area": area.pk})
    assert names(response) == ["Lokalpolisområde Järva"]


def test_it_combines_filters(employee, police, housing, church, jarva):
    response = logged_in(employee).get(reverse("alliances:directory"), {"unit": jarva.pk, "kind": "housing"})
    assert names(response) == ["Svenska Bostäder"]


def test_it_lists_the_directory_in_a_bounded_number_of_queries(
    employee, jarva, django_assert_max_num_queries
):
    for n in range(30):
        make_partner(f"Förening {n:02d}", Partner.Kind.CIVIL_SOCIETY, [jarva])
    client = logged_in(employee)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("alliances:directory"))
    assert len(names(response)) == 30


def test_a_coordinator_registers_a_partner_for_their_unit(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create"),
        {"name": "Tensta konsthall", "kind": "civil_society", "units": [jarva.pk], "active": "on"},
    )
    partner = Partner.objects.get(name="Tensta konsthall")
    assert response.status_code == 302
    assert list(partner.units.all()) == [jarva]


def test_a_coordinator_cannot_register_a_partner_for_another_unit_only(jarva_coordinator, sodermalm):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create"), {"name": "Fel enhet", "kind": "business", "units": [sodermalm.pk]}
    )
    assert response.status_code == 403
    assert not Partner.objects.filter(name="Fel enhet").exists()


def test_it_refuses_a_private_looking_contact_in_the_description(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create"),
        {"name": "X", "kind": "business", "units": [jarva.pk], "description": "Ring Anna på 070-123 45 67"},
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not Partner.objects.filter(name="X").exists()


def test_the_central_coordinator_edits_any_partner(central_coordinator, church, sodermalm):
    response = logged_in(central_coordinator).post(
        reverse("alliances:edit", args=[church.pk]),
        {"name": church.name, "kind": "faith", "units": [sodermalm.pk], "website": "https://example.org"},
    )
    church.refresh_from_db()
    assert response.status_code == 302
    assert church.website == "https://example.org"
    assert church.active is False  # unchecked box


def test_a_coordinator_records_a_meeting_of_their_unit(jarva_coordinator, jarva, police):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:record_meeting"),
        {
            "date": "2026-03-02",
            "kind": "meeting",
            "units": [jarva.pk],
            "partners": [police.pk],
            "topic": "Lägesbild",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(topic="Lägesbild")
    assert meeting.created_by == jarva_coordinator
    assert meeting.date == dt.date(2026, 3, 2)


def test_it_refuses_personal_data_in_a_meetings_outcome(jarva_coordinator, jarva, police):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:record_meeting"),
        {
            "date": "2026-03-02",
            "kind": "meeting",
            "units": [jarva.pk],
            "partners": [police.pk],
            "topic": "Oro",
            "outcome": "Gäller 19811218-9876, kontakt kalle@example.com",
        },
    )
    assert response.status_code == 200
    assert "outcome" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_coordinator_cannot_record_a_meeting_for_another_unit(jarva_coordinator, sodermalm, church):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:record_meeting"),
        {
            "date": "2026-03-02",
            "kind": "meeting",
            "units": [sodermalm.pk],
            "partners": [church.pk],
            "topic": "X",
        },
    )
    assert response.status_code == 200  # Södermalm is not among the choices
    assert "units" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_the_network_counts_active_partners_per_unit_and_kind(jarva_manager, police, housing, church, jarva):
    make_partner("Gammal förening", Partner.Kind.CIVIL_SOCIETY, [jarva], active=False)
    response = logged_in(jarva_manager).get(reverse("alliances:network"))
    kinds = [code for code, _label in response.context["kinds"]]
    rows = {unit.code: counts for unit, counts in response.context["rows"]}
    assert rows["jarva"][kinds.index("police")] == 1
    assert rows["jarva"][kinds.index("housing")] == 1
    assert rows["jarva"][kinds.index("civil_society")] == 0
    assert rows["sodermalm"][kinds.index("faith")] == 1
    assert b"alliances-network" in response.content


def test_the_network_needs_a_bounded_number_of_queries(
    employee, jarva, sodermalm, django_assert_max_num_queries
):
    for n in range(20):
        make_partner(f"P{n}", list(Partner.Kind)[n % 9], [jarva, sodermalm])
    client = logged_in(employee)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("alliances:network")).status_code == 200


def test_the_partner_page_shows_agreements_and_meetings(employee, police, jarva):
    from safecity.alliances.models import Agreement

    Agreement.objects.create(
        partner=police,
        unit=jarva,
        kind="cooperation",
        valid_from=dt.date(2025, 1, 1),
        document_reference="SÖ-1",
    )
    meeting = Meeting.objects.create(date=dt.date(2026, 2, 1), topic="Trygghetsvandring")
    meeting.units.set([jarva])
    meeting.partners.set([police])
    response = logged_in(employee).get(reverse("alliances:partner", args=[police.pk]))
    assert b"S\xc3\x96-1" in response.content
    assert b"Trygghetsvandring" in response.content
    assert response.context["can_edit"] is False


@pytest.mark.parametrize("bad", ["abc", "1800"])
def test_indicators_survive_a_bad_year(employee, bad):
    response = logged_in(employee).get(reverse("alliances:indicators"), {"year": bad})
    assert response.status_code == 200
