import pytest
from django.test import Client

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Contact

pytestmark = pytest.mark.django_db
DIRECTORY = "/organisation/vem-kontaktar-jag/"


def test_a_visitor_picks_rinkeby_and_gets_jarvas_contacts(client):
    response = client.get(DIRECTORY, {"area": "rinkeby"})
    assert response.status_code == 200
    assert response.context["unit"].code == "jarva"
    titles = [c.title for c in response.context["contacts"]]
    assert "Socialtjänstens mottagning, Järva" in titles
    assert all(c.unit.code == "jarva" for c in response.context["contacts"])


def test_a_visitor_picks_a_district_directly(client):
    response = client.get(DIRECTORY, {"unit": "sodermalm"})
    assert response.context["unit"].code == "sodermalm"


def test_an_unknown_area_is_explained_not_a_crash(client):
    response = client.get(DIRECTORY, {"area": "atlantis"})
    assert response.status_code == 200
    assert response.context["unit"] is None
    assert response.context["form"].errors["area"]


def test_a_merged_district_is_not_offered_as_a_unit(client):
    assert client.get(DIRECTORY, {"unit": "rinkeby-kista"}).status_code == 404


def test_internal_notes_and_non_public_contacts_never_reach_the_public_page(client):
    secret = Contact.objects.create(
        unit_id=Contact.objects.filter(unit__code="jarva").first().unit_id,
        kind="other",
        title="Direktnummer samordnare Järva",
        phone="070-000 00 00",
        is_public=False,
        internal_note="Ring inte efter 17",
    )
    body = client.get(DIRECTORY, {"area": "rinkeby"}).content.decode()
    assert secret.title not in body
    assert "Ring inte efter 17" not in body
    assert "Demo: replace" not in body


def test_staff_see_internal_notes_in_the_internal_directory(employee):
    Contact.objects.filter(unit__code="jarva", kind="coordinator").update(internal_note="Ring inte efter 17")
    body = logged_in(employee).get("/organisation/katalog/").content.decode()
    assert "Ring inte efter 17" in body
    assert AccessLogEntry.objects.filter(
        user=employee, object_type="organisation.directory", action="view"
    ).exists()


def test_the_map_has_a_link_for_every_area(client):
    response = client.get(DIRECTORY)
    body = response.content.decode()
    assert body.count('<a href="?area=') == 117
    assert 'aria-label="Rinkeby"' in body


def test_the_map_marks_the_chosen_area_and_its_district(client):
    response = client.get(DIRECTORY, {"area": "tensta"})
    marked = {a.code: a for a in response.context["map_areas"]}
    jarva_id = response.context["unit"].pk
    assert marked["tensta"].unit_id == jarva_id
    body = response.content.decode()
    assert body.count('class="selected"') == 1
    assert body.count('class="in-unit"') == 10  # Järva's other ten areas


def test_the_directory_stays_within_a_few_queries(django_assert_max_num_queries):
    client = Client()
    client.get(DIRECTORY, {"area": "rinkeby"})  # warms the map cache
    with django_assert_max_num_queries(12):
        client.get(DIRECTORY, {"area": "rinkeby"})


def test_the_public_start_page_lists_districts_and_areas(client):
    response = client.get("/")
    assert len(response.context["districts"]) == 11
    assert response.context["areas"].count() == 117


def test_the_public_pages_are_swedish_by_default_and_english_on_request(client):
    assert client.get("/").content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_role_start_page_shows_only_what_the_role_can_do(dpo, employee, administrator):
    dpo_page = logged_in(dpo).get("/start/").content.decode()
    assert 'href="/atkomstlogg/"' in dpo_page
    assert 'href="/admin/"' not in dpo_page
    employee_page = logged_in(employee).get("/start/").content.decode()
    assert 'href="/atkomstlogg/"' not in employee_page
    assert 'href="/organisation/katalog/"' in employee_page
    admin_page = logged_in(administrator).get("/start/").content.decode()
    assert 'href="/admin/"' in admin_page
    assert 'href="/atkomstlogg/"' not in admin_page


def test_the_navigation_only_holds_pages_the_person_may_open(request):
    for member in ["central_coordinator", "jarva_coordinator", "employee", "partner", "dpo", "administrator"]:
        user = request.getfixturevalue(member)
        client = logged_in(user)
        items = client.get("/start/").context["nav_items"]
        assert items, member
        for item in items:
            assert client.get(item["url"]).status_code == 200, f"{member}: {item['url']}"


def test_a_partner_sees_the_public_directory_not_the_internal_one(partner):
    items = logged_in(partner).get("/start/").context["nav_items"]
    urls = [i["url"] for i in items]
    assert DIRECTORY in urls
    assert "/organisation/katalog/" not in urls


def test_the_internal_directory_shows_the_merged_units_and_their_successors(employee):
    response = logged_in(employee).get("/organisation/katalog/")
    former = {u.code: u.successor.code for u in response.context["former"]}
    assert former == {
        "rinkeby-kista": "jarva",
        "spanga-tensta": "jarva",
        "norrmalm": "norra-innerstaden",
        "ostermalm": "norra-innerstaden",
    }
    assert "2023-06-30" in response.content.decode()
