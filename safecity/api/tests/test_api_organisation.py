"""The organisation API at /api/v1/: tokens, reads, the people of a unit, and the administrators' writes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conftest import logged_in, make_person
from safecity.accounts.models import ApiToken
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Area, Contact, Function, Role, RoleAssignment, Unit

from .client import ApiClient, api_for

pytestmark = pytest.mark.django_db

User = get_user_model()

TODAYS_DISTRICTS_ONLY = {"jarva", "norra-innerstaden"}
DISSOLVED_DISTRICTS = {"rinkeby-kista", "spanga-tensta", "norrmalm", "ostermalm"}
DISTRICTS_2022 = {
    "bromma",
    "enskede-arsta-vantor",
    "farsta",
    "hagersten-alvsjo",
    "hasselby-vallingby",
    "kungsholmen",
    "norrmalm",
    "rinkeby-kista",
    "skarpnack",
    "skarholmen",
    "spanga-tensta",
    "sodermalm",
    "ostermalm",
}
NOT_ADMINISTRATORS = [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
]
STAFF = [name for name in NOT_ADMINISTRATORS if name not in {"partner", "no_role_user"}] + ["administrator"]


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()]


def log_entries(user, action: str, **fields):
    return AccessLogEntry.objects.filter(user=user, action=action, **fields)


@pytest.fixture
def admin_api(administrator):
    return api_for(administrator)


@pytest.fixture
def internal_contact(jarva):
    return Contact.objects.create(
        unit=jarva,
        kind=Contact.Kind.OTHER,
        title="Intern samverkansgrupp, Järva",
        title_en="Internal cooperation group, Järva",
        phone="08-508 00 000",
        is_public=False,
        internal_note="Only for the coordinator's own use",
    )


# --- Tokens -------------------------------------------------------------------------------------------

EVERY_OPERATION = [
    ("get", "/me"),
    ("get", "/units"),
    ("get", "/units/jarva"),
    ("post", "/units"),
    ("patch", "/units/jarva"),
    ("get", "/units/jarva/people"),
    ("get", "/areas"),
    ("get", "/areas/rinkeby"),
    ("get", "/functions"),
    ("post", "/functions"),
    ("get", "/directory?area=rinkeby"),
    ("get", "/people"),
    ("post", "/people"),
    ("get", "/role-assignments"),
    ("post", "/role-assignments"),
    ("delete", "/role-assignments/1"),
]


def call(api: ApiClient, method: str, path: str, body: dict | None = None):
    if method in {"post", "patch"}:
        return getattr(api, method)(path, body or {})
    return getattr(api, method)(path)


@pytest.mark.parametrize(("method", "path"), EVERY_OPERATION)
def test_it_answers_401_without_a_token_on_every_endpoint(method, path):
    response = call(ApiClient(), method, path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_it_answers_401_for_a_wrong_token(employee):
    api_for(employee)
    assert ApiClient("sc_" + "x" * 43).get("/me").status_code == 401


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Bearer ", "Basic Y2l0eS5hZG1pbjpwYXNz"])
def test_it_answers_401_for_a_malformed_authorization_header(header, client):
    assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401


def test_it_answers_401_for_a_revoked_token(employee):
    token, raw = ApiToken.generate(employee, "old script")
    assert ApiClient(raw).get("/me").status_code == 200
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    assert ApiClient(raw).get("/me").status_code == 401


def test_it_answers_401_for_the_token_of_an_inactive_user(administrator):
    api = api_for(administrator)
    assert api.get("/me").status_code == 200
    administrator.is_active = False
    administrator.save(update_fields=["is_active"])
    assert api.get("/me").status_code == 401
    assert api.get("/people").status_code == 401


def test_it_does_not_accept_a_logged_in_session_instead_of_a_token(administrator):
    assert logged_in(administrator).get("/api/v1/me").status_code == 401


def test_it_saves_nothing_for_a_write_without_a_valid_token():
    body = {"code": "ghost", "name": "Spöke", "kind": "district"}
    assert ApiClient("sc_not-a-token").post("/units", body).status_code == 401
    assert not Unit.objects.filter(code="ghost").exists()


def test_it_records_when_a_token_was_last_used(employee):
    token, raw = ApiToken.generate(employee, "report")
    assert token.last_used is None
    ApiClient(raw).get("/me")
    token.refresh_from_db()
    assert token.last_used is not None


# --- Reads for every account ------------------------------------------------------------------------


def test_it_tells_who_i_am_and_through_which_roles(jarva_coordinator):
    response = api_for(jarva_coordinator).get("/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "jarva.coordinator",
        "roles": [{"role": "unit_coordinator", "unit": "jarva"}],
    }


def test_a_token_stops_working_when_its_owner_has_no_role_left(no_role_user):
    assert api_for(no_role_user).get("/me").status_code == 401


def test_it_lists_todays_units_by_default(employee):
    listed = set(codes(api_for(employee).get("/units")))
    assert TODAYS_DISTRICTS_ONLY <= listed
    assert "stadsledningskontoret" in listed
    assert not listed & DISSOLVED_DISTRICTS


def test_it_lists_the_13_districts_valid_on_a_past_day(employee):
    response = api_for(employee).get("/units", {"valid_on": "2022-01-01", "kind": "district"})
    assert set(codes(response)) == DISTRICTS_2022


def test_it_lists_the_structure_of_a_past_day_with_every_kind(employee):
    listed = set(codes(api_for(employee).get("/units", {"valid_on": "2022-01-01"})))
    assert DISTRICTS_2022 <= listed
    assert {"stadsledningskontoret", "socialforvaltningen"} <= listed
    assert not listed & TODAYS_DISTRICTS_ONLY


@pytest.mark.parametrize(
    ("day", "present", "absent"),
    [("2023-06-30", "rinkeby-kista", "jarva"), ("2023-07-01", "jarva", "rinkeby-kista")],
)
def test_it_switches_structure_on_the_day_of_the_merger(employee, day, present, absent):
    listed = codes(api_for(employee).get("/units", {"valid_on": day}))
    assert present in listed
    assert absent not in listed


def test_it_lists_every_unit_that_ever_was_with_all(employee):
    listed = codes(api_for(employee).get("/units", {"all": "true"}))
    assert sorted(listed) == sorted(Unit.objects.values_list("code", flat=True))
    assert TODAYS_DISTRICTS_ONLY | DISSOLVED_DISTRICTS <= set(listed)


def test_it_filters_units_by_kind(employee):
    response = api_for(employee).get("/units", {"kind": "specialist"})
    assert set(codes(response)) == set(
        Unit.objects.filter(kind=Unit.Kind.SPECIALIST).values_list("code", flat=True)
    )
    assert {u["kind"] for u in response.json()} == {"specialist"}


@pytest.mark.parametrize("params", [{"valid_on": "yesterday"}, {"kind": "county"}])
def test_it_answers_422_for_a_bad_unit_filter(employee, params):
    assert api_for(employee).get("/units", params).status_code == 422


def test_it_lists_units_in_a_bounded_number_of_queries(employee, django_assert_max_num_queries):
    api = api_for(employee)
    with django_assert_max_num_queries(4):
        assert len(codes(api.get("/units", {"all": "true"}))) > 20


def test_it_names_the_successor_of_a_dissolved_unit(partner):
    response = api_for(partner).get("/units/rinkeby-kista")
    assert response.status_code == 200
    assert response.json() == {
        "code": "rinkeby-kista",
        "name": "Rinkeby-Kista",
        "name_en": "Rinkeby-Kista",
        "kind": "district",
        "valid_from": "2020-07-01",
        "valid_to": "2023-06-30",
        "successor": "jarva",
    }


def test_it_shows_a_current_unit_without_successor(partner):
    body = api_for(partner).get("/units/jarva").json()
    assert body["successor"] is None
    assert body["valid_from"] == "2023-07-01"
    assert body["valid_to"] is None


def test_it_answers_404_for_an_unknown_unit(partner):
    response = api_for(partner).get("/units/atlantis")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_maps_areas_to_todays_units(employee):
    units = {a["code"]: a["unit"] for a in api_for(employee).get("/areas").json()}
    assert units["rinkeby"] == "jarva"
    assert units["tensta"] == "jarva"
    assert len(units) == Area.objects.count()
    assert not set(units.values()) & DISSOLVED_DISTRICTS


def test_it_maps_areas_to_the_units_of_a_past_day(employee):
    units = {a["code"]: a["unit"] for a in api_for(employee).get("/areas", {"valid_on": "2023-06-30"}).json()}
    assert units["rinkeby"] == "rinkeby-kista"
    assert units["tensta"] == "spanga-tensta"
    assert not set(units.values()) & TODAYS_DISTRICTS_ONLY


def test_it_lists_areas_in_a_bounded_number_of_queries(employee, django_assert_max_num_queries):
    api = api_for(employee)
    with django_assert_max_num_queries(5):
        response = api.get("/areas")
    assert len(response.json()) > 100


def test_it_shows_an_areas_history_and_its_polygon_on_request(employee):
    response = api_for(employee).get("/areas/rinkeby", {"geometry": "true"})
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"], body["unit"]) == ("rinkeby", "Rinkeby", "jarva")
    assert body["history"] == [
        {"unit": "rinkeby-kista", "valid_from": None, "valid_to": "2023-06-30"},
        {"unit": "jarva", "valid_from": "2023-07-01", "valid_to": None},
    ]
    assert body["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert body["geometry"]["coordinates"]


def test_it_leaves_the_polygon_out_unless_asked(employee):
    body = api_for(employee).get("/areas/rinkeby").json()
    assert body["geometry"] is None
    assert len(body["history"]) == 2


def test_it_answers_404_for_an_unknown_area(employee):
    assert api_for(employee).get("/areas/atlantis").status_code == 404


def test_it_lists_the_functions_in_their_configured_order(partner):
    response = api_for(partner).get("/functions")
    assert codes(response)[:3] == ["school", "preschool", "social-services"]
    assert set(codes(response)) == set(Function.objects.values_list("code", flat=True))
    assert response.json()[0] == {"code": "school", "name": "Skola", "name_en": "School"}


def test_it_shows_only_public_contacts_to_a_partner(partner, internal_contact):
    response = api_for(partner).get("/directory", {"area": "rinkeby"})
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == "rinkeby"
    assert body["unit"]["code"] == "jarva"
    titles = [c["title"] for c in body["contacts"]]
    assert "Samordnare mot våldsbejakande extremism, Järva" in titles
    assert internal_contact.title not in titles


@pytest.mark.parametrize("who", STAFF)
def test_it_includes_internal_contacts_for_staff(request, who, internal_contact):
    api = api_for(request.getfixturevalue(who))
    titles = [c["title"] for c in api.get("/directory", {"area": "rinkeby"}).json()["contacts"]]
    assert internal_contact.title in titles
    assert "Socialtjänstens mottagning, Järva" in titles


def test_it_never_sends_the_internal_note(jarva_coordinator, internal_contact):
    body = api_for(jarva_coordinator).get("/directory", {"unit": "jarva"}).json()
    text = json.dumps(body, ensure_ascii=False)
    assert internal_contact.title in text
    assert internal_contact.internal_note not in text
    assert "Demo: replace" not in text
    assert all("internal_note" not in contact for contact in body["contacts"])


def test_it_finds_contacts_by_unit(partner):
    body = api_for(partner).get("/directory", {"unit": "jarva"}).json()
    assert body["area"] is None
    assert body["unit"]["code"] == "jarva"
    assert {c["kind"] for c in body["contacts"]} == {"coordinator", "intake", "police"}


def test_it_answers_422_for_the_directory_without_area_or_unit(partner):
    response = api_for(partner).get("/directory")
    assert response.status_code == 422
    assert response.json() == {"detail": "Give an area or a unit."}


@pytest.mark.parametrize("params", [{"area": "atlantis"}, {"unit": "atlantis"}, {"unit": "rinkeby-kista"}])
def test_it_answers_404_for_an_unknown_or_dissolved_place_in_the_directory(partner, params):
    assert api_for(partner).get("/directory", params).status_code == 404


# --- The people of a unit -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["jarva_coordinator", "jarva_manager"])
def test_it_shows_a_unit_its_own_people_and_logs_the_view(request, who, jarva, employee, partner):
    viewer = request.getfixturevalue(who)
    response = api_for(viewer).get("/units/jarva/people")
    assert response.status_code == 200
    rows = {(r["username"], r["role"], r["unit"], r["function"]) for r in response.json()}
    assert ("jarva.employee", "employee", "jarva", "school") in rows
    assert ("police.partner", "partner", "jarva", None) in rows
    assert (viewer.username, viewer.role_assignments.get().role, "jarva", None) in rows
    entry = log_entries(viewer, "view", object_type="organisation.unitpeople").get()
    assert (entry.object_id, entry.unit, entry.role) == (
        str(jarva.pk),
        jarva,
        viewer.role_assignments.get().role,
    )


def test_it_refuses_another_districts_coordinator_and_logs_the_refusal(
    sodermalm_coordinator, jarva, employee
):
    response = api_for(sodermalm_coordinator).get("/units/jarva/people")
    assert response.status_code == 403
    assert "jarva.employee" not in response.content.decode()
    entry = log_entries(sodermalm_coordinator, "refused").get()
    assert (entry.object_type, entry.object_id) == ("organisation.unitpeople", str(jarva.pk))
    assert not log_entries(sodermalm_coordinator, "view").exists()


def test_it_refuses_a_manager_the_people_of_another_unit(jarva_manager, sodermalm):
    assert api_for(jarva_manager).get("/units/sodermalm/people").status_code == 403
    assert log_entries(jarva_manager, "refused", object_id=str(sodermalm.pk)).exists()


@pytest.mark.parametrize("unit_code", ["jarva", "sodermalm", "rinkeby-kista"])
def test_it_shows_the_central_coordinator_the_people_of_any_unit(central_coordinator, unit_code, employee):
    response = api_for(central_coordinator).get(f"/units/{unit_code}/people")
    assert response.status_code == 200
    assert ("jarva.employee" in response.content.decode()) == (unit_code == "jarva")
    entry = log_entries(central_coordinator, "view", object_type="organisation.unitpeople").get()
    assert entry.object_id == str(Unit.objects.get(code=unit_code).pk)
    assert entry.role == Role.CENTRAL_COORDINATOR


@pytest.mark.parametrize("who", ["employee", "intake_officer", "partner", "dpo"])
def test_it_refuses_the_people_of_a_unit_to_roles_without_that_right(request, who):
    viewer = request.getfixturevalue(who)
    assert api_for(viewer).get("/units/jarva/people").status_code == 403
    assert log_entries(viewer, "refused", object_type="organisation.unitpeople").exists()


def test_it_answers_404_for_the_people_of_an_unknown_unit(central_coordinator):
    assert api_for(central_coordinator).get("/units/atlantis/people").status_code == 404


def test_it_lists_a_units_people_in_a_bounded_number_of_queries(
    jarva_coordinator, django_assert_max_num_queries
):
    for n in range(15):
        make_person(f"jarva.teacher{n}", Role.EMPLOYEE, "jarva", "school")
    api = api_for(jarva_coordinator)
    with django_assert_max_num_queries(8):
        response = api.get("/units/jarva/people")
    assert len(response.json()) == 16


# --- Administrators' writes ---------------------------------------------------------------------------

NEW_UNIT = {
    "code": "test-district",
    "name": "Testdistriktet",
    "name_en": "Test district",
    "kind": "district",
    "valid_from": "2030-01-01",
}


def test_it_lets_the_administrator_create_a_unit_and_audits_it(administrator, admin_api):
    response = admin_api.post("/units", NEW_UNIT)
    assert response.status_code == 201
    assert response.json() == {**NEW_UNIT, "valid_to": None, "successor": None}
    unit = Unit.objects.get(code="test-district")
    assert (unit.city.code, unit.valid_from) == ("stockholm", dt.date(2030, 1, 1))
    entry = log_entries(administrator, "create").get()
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "organisation.unit",
        str(unit.pk),
        "Testdistriktet",
    )
    assert entry.changes["code"] == [None, "test-district"]
    assert entry.changes["valid_from"] == [None, "2030-01-01"]


def test_it_answers_409_for_a_unit_code_that_exists(admin_api):
    before = Unit.objects.count()
    response = admin_api.post("/units", {**NEW_UNIT, "code": "jarva"})
    assert response.status_code == 409
    assert "jarva" in response.json()["detail"]
    assert Unit.objects.count() == before


@pytest.mark.parametrize(
    "change",
    [
        {"valid_from": "2030-01-01", "valid_to": "2029-12-31"},
        {"code": "not a slug"},
        {"kind": "county"},
        {"name": ""},
        {"name": "x" * 121},
    ],
)
def test_it_answers_422_for_an_invalid_unit_and_saves_nothing(administrator, admin_api, change):
    before = Unit.objects.count()
    response = admin_api.post("/units", {**NEW_UNIT, **change})
    assert response.status_code == 422, response.content
    assert Unit.objects.count() == before
    assert not log_entries(administrator, "create").exists()


def test_it_lets_the_administrator_change_a_unit_and_audits_the_change(administrator, admin_api, jarva):
    response = admin_api.patch("/units/jarva", {"name_en": "Järva district", "valid_to": "2040-12-31"})
    assert response.status_code == 200
    assert (response.json()["name_en"], response.json()["name"]) == ("Järva district", "Järva")
    jarva.refresh_from_db()
    assert (jarva.name_en, jarva.valid_to) == ("Järva district", dt.date(2040, 12, 31))
    entry = log_entries(administrator, "change").get()
    assert (entry.object_type, entry.object_id) == ("organisation.unit", str(jarva.pk))
    assert entry.changes == {"name_en": ["Järva", "Järva district"], "valid_to": [None, "2040-12-31"]}


def test_it_answers_422_for_a_unit_that_would_end_before_it_starts_and_changes_nothing(
    administrator, admin_api, jarva
):
    response = admin_api.patch("/units/jarva", {"name": "Renamed", "valid_to": "2023-01-01"})
    assert response.status_code == 422
    jarva.refresh_from_db()
    assert (jarva.name, jarva.valid_to) == ("Järva", None)
    assert not log_entries(administrator, "change").exists()


def test_it_answers_422_for_clearing_a_units_name(admin_api, jarva):
    assert admin_api.patch("/units/jarva", {"name": None}).status_code == 422
    jarva.refresh_from_db()
    assert jarva.name == "Järva"


def test_it_answers_404_for_changing_an_unknown_unit(admin_api):
    assert admin_api.patch("/units/atlantis", {"name": "Atlantis"}).status_code == 404


def test_it_lets_the_administrator_create_a_function_and_audits_it(administrator, admin_api):
    body = {"code": "faith-communities", "name": "Trossamfund", "name_en": "Faith communities"}
    response = admin_api.post("/functions", body)
    assert response.status_code == 201
    assert response.json() == body
    function = Function.objects.get(code="faith-communities")
    entry = log_entries(administrator, "create").get()
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "organisation.function",
        str(function.pk),
        "Trossamfund",
    )


def test_it_answers_409_for_a_function_code_that_exists(admin_api):
    before = Function.objects.count()
    assert admin_api.post("/functions", {"code": "school", "name": "Skola igen"}).status_code == 409
    assert Function.objects.count() == before


def test_it_answers_422_for_a_function_code_that_is_not_a_slug(admin_api):
    assert admin_api.post("/functions", {"code": "två ord", "name": "X"}).status_code == 422
    assert not Function.objects.filter(name="X").exists()


def test_it_lists_people_for_the_administrator_and_logs_the_view(administrator, admin_api, employee):
    response = admin_api.get("/people")
    assert response.status_code == 200
    people = {p["username"]: p for p in response.json()}
    assert {"city.admin", "jarva.employee"} <= set(people)
    assert people["jarva.employee"]["is_active"] is True
    assert "password" not in response.content.decode()
    assert log_entries(administrator, "view", object_type="accounts.user").count() == 1


def test_it_lets_the_administrator_create_a_person_and_audits_it(administrator, admin_api):
    body = {"username": "anna.andersson", "first_name": "Anna", "last_name": "Andersson"}
    response = admin_api.post("/people", {**body, "email": "anna.andersson@Stockholm.SE"})
    assert response.status_code == 201
    assert response.json() == {**body, "email": "anna.andersson@stockholm.se", "is_active": True}
    person = User.objects.get(username="anna.andersson")
    assert not person.has_usable_password()
    entry = log_entries(administrator, "create").get()
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "accounts.user",
        str(person.pk),
        "anna.andersson",
    )


def test_it_answers_409_for_a_user_name_that_is_taken(admin_api, employee):
    before = User.objects.count()
    response = admin_api.post("/people", {"username": "jarva.employee", "first_name": "Someone else"})
    assert response.status_code == 409
    assert User.objects.count() == before
    employee.refresh_from_db()
    assert employee.first_name == "Jarva"


@pytest.mark.parametrize(
    "body", [{"username": "two words"}, {"username": ""}, {"username": "a", "email": "nope"}]
)
def test_it_answers_422_for_an_invalid_person(admin_api, body):
    before = User.objects.count()
    assert admin_api.post("/people", body).status_code == 422
    assert User.objects.count() == before


def test_it_lists_role_assignments_for_the_administrator_and_logs_the_view(
    administrator, admin_api, employee, dpo
):
    response = admin_api.get("/role-assignments")
    assert response.status_code == 200
    rows = {(r["username"], r["role"], r["unit"], r["function"]) for r in response.json()}
    assert rows == {
        ("city.admin", "administrator", "stadsledningskontoret", None),
        ("city.dpo", "dpo", "stadsledningskontoret", None),
        ("jarva.employee", "employee", "jarva", "school"),
    }
    assert log_entries(administrator, "view", object_type="organisation.roleassignment").count() == 1


def test_it_lists_role_assignments_in_a_bounded_number_of_queries(admin_api, django_assert_max_num_queries):
    for n in range(20):
        make_person(f"sodermalm.teacher{n}", Role.EMPLOYEE, "sodermalm", "school")
    with django_assert_max_num_queries(8):
        response = admin_api.get("/role-assignments")
    assert len(response.json()) == 21


def test_it_lets_the_administrator_give_a_role_and_audits_it(administrator, admin_api, employee):
    body = {"username": "jarva.employee", "role": "manager", "unit": "sodermalm", "function": "school"}
    response = admin_api.post("/role-assignments", body)
    assert response.status_code == 201
    assignment = RoleAssignment.objects.get(user=employee, role=Role.MANAGER)
    assert response.json() == {"id": assignment.pk, **body}
    entry = log_entries(administrator, "create").get()
    assert (entry.object_type, entry.object_id) == ("organisation.roleassignment", str(assignment.pk))
    assert entry.object_label.startswith("jarva.employee: ")


def test_it_gives_a_city_wide_role_without_a_unit(admin_api, no_role_user):
    response = admin_api.post("/role-assignments", {"username": "no.role", "role": "dpo"})
    assert response.status_code == 201
    assert response.json()["unit"] is None
    assert RoleAssignment.objects.filter(user=no_role_user, role=Role.DPO, unit=None).exists()


def test_it_answers_409_for_a_role_the_person_has_already(admin_api, employee):
    body = {"username": "jarva.employee", "role": "employee", "unit": "jarva"}
    assert admin_api.post("/role-assignments", body).status_code == 409
    assert RoleAssignment.objects.filter(user=employee).count() == 1


def test_it_answers_409_for_a_city_wide_role_the_person_has_already_without_a_unit(admin_api, no_role_user):
    body = {"username": "no.role", "role": "dpo"}
    assert admin_api.post("/role-assignments", body).status_code == 201
    assert admin_api.post("/role-assignments", body).status_code == 409
    assert RoleAssignment.objects.filter(user=no_role_user).count() == 1


@pytest.mark.parametrize("role", ["unit_coordinator", "manager", "employee", "intake", "partner"])
def test_it_answers_422_for_a_role_that_needs_a_unit_without_one(
    administrator, admin_api, no_role_user, role
):
    response = admin_api.post("/role-assignments", {"username": "no.role", "role": role})
    assert response.status_code == 422
    assert not RoleAssignment.objects.filter(user=no_role_user).exists()
    assert not log_entries(administrator, "create").exists()


def test_it_answers_422_for_an_unknown_role(admin_api, no_role_user):
    response = admin_api.post("/role-assignments", {"username": "no.role", "role": "mayor", "unit": "jarva"})
    assert response.status_code == 422
    assert not RoleAssignment.objects.filter(user=no_role_user).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"username": "nobody", "role": "employee", "unit": "jarva"},
        {"username": "no.role", "role": "employee", "unit": "atlantis"},
        {"username": "no.role", "role": "employee", "unit": "jarva", "function": "astrology"},
    ],
)
def test_it_answers_404_for_a_role_naming_an_unknown_person_unit_or_function(admin_api, no_role_user, body):
    assert admin_api.post("/role-assignments", body).status_code == 404
    assert not RoleAssignment.objects.filter(user=no_role_user).exists()


def test_it_lets_the_administrator_remove_a_role_and_audits_it(administrator, admin_api, employee):
    assignment = employee.role_assignments.get()
    response = admin_api.delete(f"/role-assignments/{assignment.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    entry = log_entries(administrator, "delete").get()
    assert (entry.object_type, entry.object_id) == ("organisation.roleassignment", str(assignment.pk))
    assert entry.object_label.startswith("jarva.employee: ")


def test_it_answers_404_for_removing_an_unknown_role(admin_api):
    assert admin_api.delete("/role-assignments/999999").status_code == 404


def test_it_lets_a_superuser_without_a_role_administer(db):
    superuser = User.objects.create_superuser("root", password="a-long-test-password-42")
    assert api_for(superuser).post("/functions", {"code": "root-made", "name": "Rot"}).status_code == 201


# --- Everyone else is refused the administrators' endpoints --------------------------------------------


@pytest.fixture
def target_assignment(db):
    return make_person("target.person", Role.EMPLOYEE, "sodermalm", "library").role_assignments.get()


def admin_operations(actor, assignment_id: int) -> list[tuple[str, str, dict | None]]:
    return [
        ("post", "/units", NEW_UNIT),
        ("patch", "/units/jarva", {"name": "Kapad", "valid_to": "2024-01-01"}),
        ("post", "/functions", {"code": "sneaky", "name": "Smygande"}),
        ("get", "/people", None),
        ("post", "/people", {"username": "sneaky.person"}),
        ("get", "/role-assignments", None),
        ("post", "/role-assignments", {"username": actor.username, "role": "administrator"}),
        ("delete", f"/role-assignments/{assignment_id}", None),
    ]


def world() -> dict:
    """Everything an administrator's write could touch, to show a refused one changed nothing."""
    return {
        "units": sorted(Unit.objects.values_list("code", "name", "valid_to")),
        "functions": sorted(Function.objects.values_list("code", flat=True)),
        "people": sorted(User.objects.values_list("username", flat=True)),
        "roles": sorted(RoleAssignment.objects.values_list("pk", "user__username", "role", "unit__code")),
    }


@pytest.mark.parametrize("operation", range(8))
@pytest.mark.parametrize("who", NOT_ADMINISTRATORS)
def test_it_refuses_the_administrators_endpoints_to_every_other_role(
    request, who, operation, target_assignment
):
    actor = request.getfixturevalue(who)
    method, path, body = admin_operations(actor, target_assignment.pk)[operation]
    before = world()
    response = call(api_for(actor), method, path, body)
    assert response.status_code == 403, (method, path, response.content)
    assert response.json() == {"detail": "You do not have access to this."}
    assert world() == before
    assert log_entries(actor, "refused").count() == 1
    assert not AccessLogEntry.objects.filter(action__in=["create", "change", "delete"]).exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/units", {**NEW_UNIT, "code": "jarva"}),
        ("patch", "/units/atlantis", {"name": "Atlantis"}),
        ("post", "/functions", {"code": "school", "name": "Skola"}),
        ("post", "/people", {"username": "city.admin"}),
        ("post", "/role-assignments", {"username": "nobody", "role": "employee", "unit": "jarva"}),
        ("post", "/role-assignments", {"username": "city.admin", "role": "administrator"}),
        ("delete", "/role-assignments/999999", None),
    ],
)
def test_it_refuses_before_telling_whether_a_name_or_code_exists(
    jarva_coordinator, administrator, method, path, body
):
    response = call(api_for(jarva_coordinator), method, path, body)
    assert response.status_code == 403
    assert log_entries(jarva_coordinator, "refused").exists()


def test_an_administrator_cannot_give_themselves_a_role(admin_api, administrator):
    response = admin_api.post("/role-assignments", {"username": administrator.username, "role": "dpo"})
    assert response.status_code == 422
    assert not RoleAssignment.objects.filter(user=administrator, role=Role.DPO).exists()


def test_the_last_administrator_role_cannot_be_removed(admin_api, administrator):
    assignment = RoleAssignment.objects.get(user=administrator, role=Role.ADMINISTRATOR)
    assert admin_api.delete(f"/role-assignments/{assignment.pk}").status_code == 422
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_role_in_a_merged_unit_is_refused(admin_api, no_role_user):
    response = admin_api.post(
        "/role-assignments",
        {"username": no_role_user.username, "role": "employee", "unit": "rinkeby-kista"},
    )
    assert response.status_code == 422
    assert "no longer exists" in response.json()["detail"] or "finns inte längre" in response.json()["detail"]
