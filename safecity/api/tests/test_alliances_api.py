# ruff: noqa: F811 (pytest fixtures imported by name)
"""The alliances API: partners, agreements, meetings and indicators with the pages' rules.

Until the project API mounts the router (`api.add_router("/alliances", alliances_router)` in
safecity/api/api.py), these tests mount it on an API of their own with the project's token auth and
error handlers, at the same paths.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import path
from ninja import NinjaAPI

from safecity import urls as project_urls
from safecity.alliances.models import Agreement, MeasurePartner, Meeting, Partner
from safecity.alliances.tests.fixtures import church, housing, make_partner, police  # noqa: F401
from safecity.api.alliances import router
from safecity.api.api import TokenAuth
from safecity.api.api import api as project_api
from safecity.core.models import AccessLogEntry
from safecity.plans.models import Measure
from safecity.plans.tests.plan_pages import approved_plan, measure  # noqa: F401

from .client import ApiClient, api_for

_api = NinjaAPI(auth=TokenAuth(), urls_namespace="alliances-api-test", docs_url=None)
for _exception, _handler in project_api._exception_handlers.items():
    _api.add_exception_handler(_exception, _handler)
_api.add_router("/alliances", router)
# The project's URLs follow, for everything else the tests reverse.
urlpatterns = [path("api/v1/", _api.urls), *project_urls.urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

TODAY = dt.date(2026, 3, 1)
STAFF = ["central_coordinator", "jarva_coordinator", "sodermalm_coordinator", "jarva_manager", "employee"]
NO_ACCESS = ["intake_officer", "dpo", "administrator"]


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def names(response) -> list[str]:
    return [item["name"] for item in ok(response)["items"]]


@pytest.fixture
def registry(police, housing, church, jarva, sodermalm):
    agreement = Agreement.objects.create(
        partner=police,
        unit=jarva,
        kind=Agreement.Kind.DATA_SHARING,
        title="Informationsdelning",
        valid_from=dt.date(2025, 1, 1),
        valid_to=TODAY + dt.timedelta(days=20),
        dpia_reference="DPIA 2025/2",
    )
    Agreement.objects.create(
        partner=church,
        unit=sodermalm,
        kind=Agreement.Kind.COOPERATION,
        title="Gammalt avtal",
        valid_from=dt.date(2024, 1, 1),
        valid_to=TODAY - dt.timedelta(days=1),
    )
    ours = Meeting.objects.create(date=dt.date(2026, 2, 10), topic="Lägesbild Järva")
    ours.units.set([jarva])
    ours.partners.set([police, housing])
    theirs = Meeting.objects.create(date=dt.date(2026, 1, 15), topic="Moskéns öppna hus")
    theirs.units.set([sodermalm])
    theirs.partners.set([church])
    return {"agreement": agreement, "ours": ours, "theirs": theirs}


# --- access --------------------------------------------------------------------------------------------


ENDPOINTS = ["/alliances/partners", "/alliances/agreements", "/alliances/meetings", "/alliances/indicators"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_needs_a_token(endpoint):
    assert ApiClient().get(endpoint).status_code == 401
    assert ApiClient("not-a-token").get(endpoint).status_code == 401


@pytest.mark.parametrize("role", NO_ACCESS)
@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "/alliances/partners/{police}"])
def test_it_refuses_and_logs_roles_without_need_to_know(role, endpoint, request, registry, police):
    user = request.getfixturevalue(role)
    response = api_for(user).get(endpoint.format(police=police.pk))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.REFUSED).exists()


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_staff_who_work_with_partners_read_everything(role, endpoint, request, registry):
    user = request.getfixturevalue(role)
    assert api_for(user).get(endpoint).status_code == 200


# --- partners ------------------------------------------------------------------------------------------


def test_it_lists_partners_by_name_with_units_and_areas(employee, registry):
    body = ok(api_for(employee).get("/alliances/partners"))
    assert body["count"] == 3
    first = body["items"][0]
    assert first["name"] == "Lokalpolisområde Järva"
    assert first["kind"] == "police"
    assert first["units"] == ["jarva"]
    assert sorted(first["areas"]) == ["rinkeby", "tensta"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "housing"}, ["Svenska Bostäder"]),
        ({"unit": "sodermalm"}, ["Stockholms moské", "Svenska Bostäder"]),
        ({"area": "tensta"}, ["Lokalpolisområde Järva"]),
        ({"q": "MOSK"}, ["Stockholms moské"]),
        ({"unit": "jarva", "kind": "police"}, ["Lokalpolisområde Järva"]),
        ({"unit": "no-such-unit"}, []),
    ],
)
def test_it_filters_partners(employee, registry, params, expected):
    assert names(api_for(employee).get("/alliances/partners", params)) == expected


def test_an_unknown_kind_is_refused_with_the_field_named(employee, registry):
    response = api_for(employee).get("/alliances/partners", {"kind": "pirates"})
    assert response.status_code == 422
    assert "kind" in response.content.decode()


def test_partners_come_in_pages(employee, jarva):
    for n in range(60):
        make_partner(f"Förening {n:02d}", Partner.Kind.CIVIL_SOCIETY, [jarva])
    client = api_for(employee)
    first = ok(client.get("/alliances/partners"))
    second = ok(client.get("/alliances/partners", {"page": 2}))
    small = ok(client.get("/alliances/partners", {"page_size": 7, "page": 3}))
    assert first["count"] == second["count"] == 60
    assert len(first["items"]) == 50
    assert [p["name"] for p in second["items"]] == [f"Förening {n:02d}" for n in range(50, 60)]
    assert [p["name"] for p in small["items"]] == [f"Förening {n:02d}" for n in range(14, 21)]


def test_partners_are_listed_in_a_bounded_number_of_queries(
    employee, jarva, sodermalm, django_assert_max_num_queries
):
    for n in range(40):
        make_partner(
            f"Förening {n:02d}", Partner.Kind.CIVIL_SOCIETY, [jarva, sodermalm], ["rinkeby", "husby"]
        )
    client = api_for(employee)
    with django_assert_max_num_queries(12):
        body = ok(client.get("/alliances/partners"))
    assert len(body["items"]) == 40


def test_a_partners_detail_gives_staff_its_agreements_and_measures(
    jarva_coordinator, registry, police, approved_plan
):
    linked = Measure.objects.filter(plan=approved_plan).first()
    MeasurePartner.objects.create(measure=linked, partner=police, role="leder vandringarna")
    body = ok(api_for(jarva_coordinator).get(f"/alliances/partners/{police.pk}"))
    assert body["name"] == "Lokalpolisområde Järva"
    assert [a["title"] for a in body["agreements"]] == ["Informationsdelning"]
    assert body["agreements"][0]["days_left"] == 20
    assert body["measures"] == [
        {
            "measure": linked.pk,
            "title": linked.title,
            "plan": approved_plan.pk,
            "unit": "jarva",
            "year": approved_plan.year.year,
            "role": "leder vandringarna",
        }
    ]


def test_a_draft_plans_measure_is_not_shown_to_another_units_staff(
    sodermalm_coordinator, jarva_coordinator, jarva_plan, police
):
    draft = measure(jarva_coordinator, jarva_plan, "Utkast till insats")
    MeasurePartner.objects.create(measure=draft, partner=police)
    assert ok(api_for(sodermalm_coordinator).get(f"/alliances/partners/{police.pk}"))["measures"] == []
    assert len(ok(api_for(jarva_coordinator).get(f"/alliances/partners/{police.pk}"))["measures"]) == 1


def test_a_missing_partner_is_404(employee):
    assert api_for(employee).get("/alliances/partners/999999").status_code == 404


# --- partner tokens -------------------------------------------------------------------------------------


def test_a_partner_token_lists_only_its_own_organisation(partner, registry, police):
    police.accounts.add(partner)
    assert names(api_for(partner).get("/alliances/partners")) == ["Lokalpolisområde Järva"]


def test_a_partner_token_without_an_organisation_lists_nothing(partner, registry):
    assert names(api_for(partner).get("/alliances/partners")) == []
    assert ok(api_for(partner).get("/alliances/meetings"))["items"] == []


def test_a_partner_token_reads_its_own_record_without_agreements(partner, registry, police, approved_plan):
    police.accounts.add(partner)
    shared = Measure.objects.filter(plan=approved_plan).first()
    shared.shared_with_partners = True
    shared.save()
    MeasurePartner.objects.create(measure=shared, partner=police)
    internal = Measure.objects.create(
        plan=approved_plan, title="Intern insats", status=shared.status, shared_with_partners=False
    )
    MeasurePartner.objects.create(measure=internal, partner=police)
    body = ok(api_for(partner).get(f"/alliances/partners/{police.pk}"))
    assert body["agreements"] is None
    assert [m["title"] for m in body["measures"]] == [shared.title]
    assert "DPIA" not in str(body)


def test_a_partner_token_is_refused_and_logged_for_another_partner(partner, registry, police, church):
    police.accounts.add(partner)
    response = api_for(partner).get(f"/alliances/partners/{church.pk}")
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=partner, action=AccessLogEntry.Action.REFUSED, object_id=str(church.pk)
    ).exists()


@pytest.mark.parametrize("endpoint", ["/alliances/agreements", "/alliances/indicators"])
def test_a_partner_token_is_refused_agreements_and_indicators(partner, registry, police, endpoint):
    police.accounts.add(partner)
    assert api_for(partner).get(endpoint).status_code == 403


def test_a_partner_token_sees_its_meetings_and_only_itself_among_the_participants(partner, registry, police):
    police.accounts.add(partner)
    items = ok(api_for(partner).get("/alliances/meetings"))["items"]
    assert [m["topic"] for m in items] == ["Lägesbild Järva"]
    assert items[0]["partners"] == [{"id": police.pk, "name": "Lokalpolisområde Järva"}]


# --- agreements ------------------------------------------------------------------------------------------


def test_agreements_carry_their_state_and_days_left(employee, registry):
    items = ok(api_for(employee).get("/alliances/agreements"))["items"]
    by_title = {a["title"]: a for a in items}
    assert [a["title"] for a in items] == ["Gammalt avtal", "Informationsdelning"]
    assert by_title["Gammalt avtal"]["state"] == "expired"
    assert by_title["Gammalt avtal"]["days_left"] == -1
    assert by_title["Informationsdelning"]["state"] == "valid"
    assert by_title["Informationsdelning"]["days_left"] == 20
    assert by_title["Informationsdelning"]["dpia_reference"] == "DPIA 2025/2"


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"state": "valid"}, ["Informationsdelning"]),
        ({"state": "expired"}, ["Gammalt avtal"]),
        ({"expiring_within": 30}, ["Informationsdelning"]),
        ({"expiring_within": 10}, []),
        ({"unit": "sodermalm"}, ["Gammalt avtal"]),
    ],
)
def test_agreements_are_filtered(employee, registry, params, titles):
    items = ok(api_for(employee).get("/alliances/agreements", params))["items"]
    assert [a["title"] for a in items] == titles


def test_agreements_are_filtered_by_partner(employee, registry, church):
    items = ok(api_for(employee).get("/alliances/agreements", {"partner": church.pk}))["items"]
    assert [a["title"] for a in items] == ["Gammalt avtal"]


@pytest.mark.parametrize("params", [{"state": "soon"}, {"expiring_within": -1}, {"expiring_within": "x"}])
def test_bad_agreement_filters_are_refused(employee, registry, params):
    response = api_for(employee).get("/alliances/agreements", params)
    assert response.status_code == 422
    assert next(iter(params)) in response.content.decode()


def test_agreements_are_listed_in_a_bounded_number_of_queries(employee, jarva, django_assert_max_num_queries):
    for n in range(30):
        partner = make_partner(f"Förening {n:02d}", Partner.Kind.CIVIL_SOCIETY, [jarva])
        Agreement.objects.create(
            partner=partner, unit=jarva, kind="cooperation", valid_from=dt.date(2025, 1, n % 28 + 1)
        )
    client = api_for(employee)
    with django_assert_max_num_queries(10):
        assert len(ok(client.get("/alliances/agreements"))["items"]) == 30


# --- meetings ------------------------------------------------------------------------------------------


def test_meetings_are_newest_first_with_units_and_partners(employee, registry, police, housing):
    items = ok(api_for(employee).get("/alliances/meetings"))["items"]
    assert [m["topic"] for m in items] == ["Lägesbild Järva", "Moskéns öppna hus"]
    assert items[0]["units"] == ["jarva"]
    assert [p["name"] for p in items[0]["partners"]] == ["Lokalpolisområde Järva", "Svenska Bostäder"]


@pytest.mark.parametrize(
    ("params", "topics"),
    [
        ({"date_from": "2026-02-01"}, ["Lägesbild Järva"]),
        ({"date_to": "2026-01-31"}, ["Moskéns öppna hus"]),
        ({"date_from": "2026-01-01", "date_to": "2026-02-28"}, ["Lägesbild Järva", "Moskéns öppna hus"]),
        ({"unit": "sodermalm"}, ["Moskéns öppna hus"]),
    ],
)
def test_meetings_are_filtered_by_dates_and_unit(employee, registry, params, topics):
    items = ok(api_for(employee).get("/alliances/meetings", params))["items"]
    assert [m["topic"] for m in items] == topics


def test_a_reversed_date_range_is_refused(employee, registry):
    response = api_for(employee).get(
        "/alliances/meetings", {"date_from": "2026-03-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 422
    assert "date_to" in response.content.decode()


def test_meetings_are_listed_in_a_bounded_number_of_queries(
    employee, jarva, sodermalm, police, church, django_assert_max_num_queries
):
    for n in range(30):
        meeting = Meeting.objects.create(date=dt.date(2026, 1, n % 28 + 1), topic=f"Möte {n}")
        meeting.units.set([jarva, sodermalm])
        meeting.partners.set([police, church])
    client = api_for(employee)
    with django_assert_max_num_queries(12):
        assert len(ok(client.get("/alliances/meetings"))["items"]) == 30


# --- indicators ----------------------------------------------------------------------------------------


def test_indicators_give_active_partners_meetings_per_tertial_and_shared_measures(
    employee, registry, jarva_coordinator, jarva_plan, police
):
    MeasurePartner.objects.create(measure=measure(jarva_coordinator, jarva_plan, "Insats"), partner=police)
    late = Meeting.objects.create(date=dt.date(2026, 9, 1), topic="Höst")
    late.units.set([registry["ours"].units.first()])
    rows = ok(api_for(employee).get("/alliances/indicators", {"year": 2026, "unit": "jarva"}))
    assert rows == [
        {
            "unit": "jarva",
            "unit_name": rows[0]["unit_name"],
            "year": 2026,
            "active_partners": 2,
            "meetings_per_tertial": [1, 0, 1],
            "meetings": 2,
            "shared_measures": 1 if jarva_plan.year.year == 2026 else 0,
        }
    ]


def test_indicators_cover_every_unit_by_default(employee, registry):
    rows = ok(api_for(employee).get("/alliances/indicators"))
    codes = {row["unit"] for row in rows}
    assert {"jarva", "sodermalm"} <= codes
    assert all(row["year"] == 2026 for row in rows)


@pytest.mark.parametrize("year", [1999, 2028])
def test_indicators_refuse_a_year_out_of_range(employee, year):
    response = api_for(employee).get("/alliances/indicators", {"year": year})
    assert response.status_code == 422
    assert "year" in response.content.decode()


def test_indicators_need_a_bounded_number_of_queries(employee, registry, django_assert_max_num_queries):
    client = api_for(employee)
    with django_assert_max_num_queries(10):
        ok(client.get("/alliances/indicators"))


# --- the documented schema ------------------------------------------------------------------------------


def test_each_kind_is_documented_with_its_own_values(client):
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    kinds = {
        name: schemas[name]["properties"]["kind"] for name in ["PartnerOut", "AgreementOut", "MeetingOut"]
    }
    assert set(kinds["PartnerOut"]["enum"]) == set(Partner.Kind.values)
    assert set(kinds["AgreementOut"]["enum"]) == set(Agreement.Kind.values)
    assert set(kinds["MeetingOut"]["enum"]) == set(Meeting.Kind.values)
    assert set(spec["paths"]) == {
        "/api/v1/alliances/partners",
        "/api/v1/alliances/partners/{partner_id}",
        "/api/v1/alliances/agreements",
        "/api/v1/alliances/meetings",
        "/api/v1/alliances/indicators",
    }
