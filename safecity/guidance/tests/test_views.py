"""The guide pages: two clicks from the start page, contacts per unit and area, endings, printing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import logged_in
from safecity.guidance.models import Situation

pytestmark = pytest.mark.django_db

CODES = [
    "acute-danger",
    "worried-about-a-young-person",
    "propaganda-symbols-stickers",
    "threat-against-me-or-colleague",
    "online-hate-threats",
    "wants-to-leave-a-milieu",
]


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_the_employee_reaches_every_guide_from_the_start_page(employee):
    client = logged_in(employee)
    start = client.get("/start/")
    assert start.status_code == 200
    html = start.content.decode()
    for code in CODES:
        url = f"/vagledning/personal/{code}/"
        assert url in links(html), f"no link to {code} on the start page"
        guide = client.get(url)
        assert guide.status_code == 200
        assert guide.context["situation"].code == code
    # … and the sheet to print is one click further.
    assert "/vagledning/personal/propaganda-symbols-stickers/utskrift/" in links(
        client.get("/vagledning/personal/propaganda-symbols-stickers/").content.decode()
    )


def test_the_staff_menu_has_guidance(employee, partner):
    assert "/vagledning/personal/" in [
        item["url"] for item in logged_in(employee).get("/start/").context["nav_items"]
    ]
    assert "/vagledning/personal/" not in [
        item["url"] for item in logged_in(partner).get("/start/").context["nav_items"]
    ]


def test_an_employee_gets_the_contacts_of_their_own_unit(employee, sodermalm_coordinator):
    html = logged_in(employee).get("/vagledning/personal/worried-about-a-young-person/").content.decode()
    assert "Socialtjänstens mottagning, Järva" in html
    assert "Samordnare mot våldsbejakande extremism, Järva" in html
    assert "{intake}" not in html and "{coordinator}" not in html
    other = logged_in(sodermalm_coordinator).get("/vagledning/personal/worried-about-a-young-person/")
    assert "Socialtjänstens mottagning, Södermalm" in other.content.decode()


def test_staff_can_show_the_contacts_of_another_area(employee):
    response = logged_in(employee).get("/vagledning/personal/worried-about-a-young-person/?area=bagarmossen")
    html = response.content.decode()
    assert response.context["reader"].unit.code == "skarpnack"
    assert "Socialtjänstens mottagning, Skarpnäck" in html
    assert "/vagledning/personal/worried-about-a-young-person/utskrift/?area=bagarmossen" in links(html)


def test_a_citizen_picks_an_area_and_gets_the_districts_contacts():
    client = Client()
    without = client.get("/vagledning/worried-about-a-young-person/")
    assert without.context["reader"].unit is None
    assert "contact-missing" in without.content.decode()
    response = client.get("/vagledning/worried-about-a-young-person/?area=rinkeby")
    html = response.content.decode()
    assert response.context["reader"].unit.code == "jarva"
    assert "Socialtjänstens mottagning, Järva" in html
    assert "Rinkeby" in html
    # The area stays in the address of the way back to the list, and the list keeps it in its links.
    assert "/vagledning/?area=rinkeby" in links(html)
    listing = client.get("/vagledning/?area=rinkeby").content.decode()
    assert "/vagledning/acute-danger/?area=rinkeby" in links(listing)


def test_an_unknown_area_gets_a_clear_message():
    response = Client().get("/vagledning/worried-about-a-young-person/?area=atlantis")
    assert response.status_code == 200
    assert response.context["form"].errors["area"]
    assert response.context["reader"].unit is None


def test_the_social_services_ending_names_the_districts_intake():
    response = Client().get("/vagledning/worried-about-a-young-person/?area=husby")
    html = response.content.decode()
    ending = html[html.index('id="concern"') :]
    ending = ending[: ending.index("</li>")]
    assert "Socialtjänstens mottagning, Järva" in ending
    assert 'href="tel:0850800508"' in ending
    assert "Vardagar 8–16.30" in ending
    assert (
        "socialtjänstlagen" in ending.lower() or "social services act" in ending.lower()
    )  # the duty to report
    assert "Safe City" in ending  # … does not take the person's details


def test_the_staff_concern_ending_uses_the_employees_unit(employee):
    html = logged_in(employee).get("/vagledning/personal/wants-to-leave-a-milieu/").content.decode()
    ending = html[html.index('id="concern"') :]
    assert "Socialtjänstens mottagning, Järva" in ending[: ending.index("</li>")]


def test_acute_danger_ends_with_a_call_to_112():
    html = Client().get("/vagledning/acute-danger/").content.decode()
    assert 'id="call-112"' in html and 'href="tel:112"' in html


@pytest.mark.urls("safecity.guidance.tests.urls_with_intake")
def test_the_signal_ending_links_to_the_report_form():
    html = Client().get("/vagledning/propaganda-symbols-stickers/").content.decode()
    assert "/test-intake/rapportera/" in links(html)


@pytest.mark.urls("safecity.guidance.tests.urls_without_intake")
def test_the_signal_ending_is_hidden_before_the_intake_module_exists():
    response = Client().get("/vagledning/propaganda-symbols-stickers/")
    assert response.status_code == 200
    assert 'id="report-signal"' not in response.content.decode()


def test_the_print_sheet_renders_with_the_contacts(employee):
    response = logged_in(employee).get("/vagledning/personal/worried-about-a-young-person/utskrift/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="print-sheet"' in html
    assert "Socialtjänstens mottagning, Järva" in html
    assert 'href="tel:112"' in html
    assert "<script>" not in html.replace('<script src="/static/', "")  # no inline script (CSP)


def test_the_public_pages_list_the_situations_in_both_languages(client):
    html = client.get("/vagledning/").content.decode()
    for code in CODES:
        assert f"/vagledning/{code}/" in links(html)
    assert "Akut fara" in html
    english = Client(headers={"cookie": "django_language=en"})
    english.cookies["django_language"] = "en"
    html_en = english.get("/vagledning/acute-danger/").content.decode()
    assert "Acute danger" in html_en and 'lang="en"' in html_en


def test_the_public_start_page_links_the_guides(client):
    html = client.get("/").content.decode()
    for code in CODES:
        assert f"/vagledning/{code}/" in links(html)


def test_an_unknown_situation_is_not_found(client, employee):
    assert client.get("/vagledning/finns-inte/").status_code == 404
    assert logged_in(employee).get("/vagledning/personal/finns-inte/").status_code == 404


def test_the_lists_take_few_queries(client, employee, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/vagledning/")
    staff = logged_in(employee)
    with django_assert_max_num_queries(16):
        staff.get("/vagledning/personal/")


def test_the_seed_has_six_situations_each_with_both_guides_in_both_languages():
    situations = Situation.objects.filter(city__code="stockholm")
    assert sorted(situations.values_list("code", flat=True)) == sorted(CODES)
    for situation in situations:
        assert situation.title_en
        for audience in ("staff", "public"):
            guide = situation.guides.get(audience=audience, version=1)
            assert guide.title and guide.title_en and guide.steps and guide.steps_en, (
                situation.code,
                audience,
            )
            assert guide.review_by is not None
            placeholders = set(
                re.findall(r"\{(\w+)\}", guide.steps + guide.steps_en + guide.intro + guide.dont)
            )
            assert placeholders <= {"coordinator", "intake", "police"}, (situation.code, placeholders)
