"""The action plans API at /api/v1/plans: reads for those who may read, writes with the pages' rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from safecity.core.models import AccessLogEntry
from safecity.plans import actions
from safecity.plans.models import FocusArea, IndicatorValue, Measure, Plan, TargetGroup
from safecity.plans.tests.fixtures import status, theme

from .client import BASE, ApiClient, api_for

pytestmark = pytest.mark.django_db

CAST = [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
]
# Who reads a draft plan of Järva, and who reads it once approved (employee and intake are Järva's).
READS_DRAFT = {"central_coordinator", "jarva_coordinator", "jarva_manager"}
READS_APPROVED = READS_DRAFT | {"sodermalm_coordinator", "employee", "intake_officer"}
LISTS_PLANS = READS_APPROVED


def refused(user) -> bool:
    return AccessLogEntry.objects.filter(user=user, action="refused").exists()


@pytest.fixture
def measure(jarva_coordinator, jarva_plan):
    measure = actions.do_save_measure(
        jarva_coordinator,
        jarva_plan,
        title="Föräldraträffar om nätets risker",
        description="Träffar på fritidsgårdarna.",
        prevention_level="general",
        status=status("planned"),
        themes=[theme(1), theme(3)],
        focus_areas=list(FocusArea.objects.filter(code="a")),
        target_groups=list(TargetGroup.objects.filter(code="parents")),
        partners_text="Polisen",
    )
    actions.do_save_milestone(jarva_coordinator, measure, title="Första träffen", due=dt.date(2026, 3, 1))
    return measure


@pytest.fixture
def indicator(jarva_coordinator, measure):
    indicator = actions.do_save_indicator(
        jarva_coordinator, measure, name="Deltagande föräldrar", unit="st", baseline=20, target=80
    )
    actions.do_record_indicator_value(jarva_coordinator, indicator, 2026, "t1", 31, "två träffar")
    return indicator


def approve(plan, coordinator, central):
    actions.do_send_to_board(coordinator, plan)
    actions.do_record_board_decision(coordinator, plan, dt.date(2026, 2, 20), "SDN 2026/12")
    actions.do_comment(central, plan, "Bra.")
    actions.do_approve(central, plan)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def approved_plan(jarva_plan, measure, indicator, jarva_coordinator, central_coordinator):
    return approve(jarva_plan, jarva_coordinator, central_coordinator)


# --- the OpenAPI document ---------------------------------------------------------------------------------


def test_the_openapi_document_lists_the_plan_paths():
    paths = Client().get(f"{BASE}/openapi.json").json()["paths"]
    assert set(paths["/api/v1/plans"]) == {"get"}
    assert set(paths["/api/v1/plans/{plan_id}"]) == {"get"}
    assert set(paths["/api/v1/plans/measures/{measure_id}"]) == {"get", "patch"}
    assert set(paths["/api/v1/plans/indicators/{indicator_id}"]) == {"get"}
    assert set(paths["/api/v1/plans/indicators/{indicator_id}/values"]) == {"post"}
    assert paths["/api/v1/plans"]["get"]["tags"] == ["action plans"]


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/plans"),
        ("get", "/plans/1"),
        ("patch", "/plans/measures/1"),
        ("post", "/plans/indicators/1/values"),
    ],
)
def test_it_answers_401_without_a_token(method, path):
    api = ApiClient()
    response = api.get(path) if method == "get" else getattr(api, method)(path, {})
    assert response.status_code == 401


# --- listing plans ------------------------------------------------------------------------------------------


def test_the_central_coordinator_lists_every_plan_with_filters(central_coordinator, planning_year):
    api = api_for(central_coordinator)
    everything = api.get("/plans")
    assert everything.status_code == 200 and len(everything.json()) == 16
    jarva = api.get("/plans", {"year": 2026, "unit": "jarva"}).json()
    assert [(p["unit"], p["year"], p["status"]) for p in jarva] == [("jarva", 2026, "draft")]
    assert api.get("/plans", {"status": "approved"}).json() == []
    assert api.get("/plans", {"year": 2025}).json() == []


def test_a_unit_coordinator_lists_their_own_draft_and_approved_plans_only(
    jarva_coordinator, sodermalm_coordinator, central_coordinator, approved_plan, sodermalm_plan
):
    jarva_list = api_for(jarva_coordinator).get("/plans").json()
    assert {p["unit"] for p in jarva_list} == {"jarva"}
    sodermalm_list = api_for(sodermalm_coordinator).get("/plans").json()
    assert {p["unit"] for p in sodermalm_list} == {"jarva", "sodermalm"}  # Järva's is approved


def test_an_employee_lists_approved_plans_only(employee, planning_year):
    assert api_for(employee).get("/plans").json() == []


@pytest.mark.parametrize("who", ["partner", "dpo", "administrator"])
def test_roles_without_plans_are_refused_the_list_and_it_is_logged(request, who, planning_year):
    user = request.getfixturevalue(who)
    assert api_for(user).get("/plans").status_code == 403
    assert refused(user)


def test_an_unknown_status_filter_is_422(central_coordinator):
    assert api_for(central_coordinator).get("/plans", {"status": "lost"}).status_code == 422


# --- reading a plan, a measure, an indicator ---------------------------------------------------------------


def test_a_plan_comes_with_its_sections_and_measures(central_coordinator, jarva_plan, indicator):
    response = api_for(central_coordinator).get(f"/plans/{jarva_plan.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [s["code"] for s in body["sections"]][:3] == ["definitions", "situation", "measures"]
    (measure,) = body["measures"]
    assert measure["title"] == "Föräldraträffar om nätets risker"
    assert (measure["themes"], measure["focus_areas"], measure["target_groups"]) == (
        [1, 3],
        ["a"],
        ["parents"],
    )
    assert (measure["status"], measure["progress"]) == ("planned", 0)
    assert measure["milestones"] == [{"title": "Första träffen", "due": "2026-03-01", "done_on": None}]
    (ind,) = measure["indicators"]
    assert (ind["baseline"], ind["target"]) == (20, 80)
    assert ind["values"] == [{"year": 2026, "period": "t1", "value": 31, "note": "två träffar"}]


def test_reading_a_plan_is_logged(jarva_coordinator, jarva_plan):
    api_for(jarva_coordinator).get(f"/plans/{jarva_plan.pk}")
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="view", object_type="plans.plan", object_id=str(jarva_plan.pk)
    ).exists()


@pytest.mark.parametrize("who", CAST)
def test_who_reads_a_draft_plan(request, who, jarva_plan, indicator):
    user = request.getfixturevalue(who)
    api = api_for(user)
    expected = 200 if who in READS_DRAFT else 403
    assert api.get(f"/plans/{jarva_plan.pk}").status_code == expected
    assert api.get(f"/plans/measures/{indicator.measure_id}").status_code == expected
    assert api.get(f"/plans/indicators/{indicator.pk}").status_code == expected
    assert refused(user) == (expected == 403)


@pytest.mark.parametrize("who", CAST)
def test_who_reads_an_approved_plan(request, who, approved_plan, indicator):
    user = request.getfixturevalue(who)
    expected = 200 if who in READS_APPROVED else 403
    assert api_for(user).get(f"/plans/{approved_plan.pk}").status_code == expected
    assert refused(user) == (expected == 403)


@pytest.mark.parametrize("path", ["/plans/999999", "/plans/measures/999999", "/plans/indicators/999999"])
def test_a_forged_id_is_404(central_coordinator, path):
    assert api_for(central_coordinator).get(path).status_code == 404


def test_an_indicator_comes_with_its_values(jarva_coordinator, indicator):
    body = api_for(jarva_coordinator).get(f"/plans/indicators/{indicator.pk}").json()
    assert (body["name"], body["measure"], body["direction"]) == (
        "Deltagande föräldrar",
        indicator.measure_id,
        "increase",
    )
    assert [v["period"] for v in body["values"]] == ["t1"]


def test_the_statuses_are_listed_with_their_default_progress(employee):
    body = api_for(employee).get("/plans/statuses").json()
    assert [(s["code"], s["default_progress"]) for s in body][:2] == [("planned", 0), ("started", 25)]


def test_a_plan_is_read_in_a_bounded_number_of_queries(
    central_coordinator, jarva_coordinator, jarva_plan, indicator, django_assert_max_num_queries
):
    for n in range(8):
        actions.do_save_measure(jarva_coordinator, jarva_plan, title=f"Åtgärd {n}", status=status("started"))
    api = api_for(central_coordinator)
    with django_assert_max_num_queries(25):
        assert api.get(f"/plans/{jarva_plan.pk}").status_code == 200


# --- shared measures -----------------------------------------------------------------------------------------


def test_a_partner_sees_the_measures_shared_in_approved_plans(
    partner, jarva_coordinator, jarva_plan, measure, central_coordinator
):
    shared = actions.do_save_measure(
        jarva_coordinator,
        jarva_plan,
        title="Samverkan i SSPF",
        status=status("ongoing"),
        shared_with_partners=True,
    )
    api = api_for(partner)
    assert api.get("/plans/shared-measures").json() == []  # not approved yet
    approve(jarva_plan, jarva_coordinator, central_coordinator)
    assert [m["id"] for m in api.get("/plans/shared-measures").json()] == [shared.pk]
    assert api.get(f"/plans/measures/{shared.pk}").status_code == 403  # the plan itself stays closed


def test_shared_measures_are_for_partners(employee):
    assert api_for(employee).get("/plans/shared-measures").status_code == 403
    assert refused(employee)


# --- setting a measure's status -----------------------------------------------------------------------------


def test_the_unit_coordinator_sets_a_status_in_a_draft_plan(jarva_coordinator, measure):
    response = api_for(jarva_coordinator).patch(f"/plans/measures/{measure.pk}", {"status": "ongoing"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["progress"]) == ("ongoing", 50)
    measure.refresh_from_db()
    assert measure.status.code == "ongoing"
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="change", object_id=str(measure.pk)
    ).exists()


def test_a_manual_progress_overrides_the_default_and_null_clears_it(jarva_coordinator, measure):
    api = api_for(jarva_coordinator)
    body = api.patch(f"/plans/measures/{measure.pk}", {"status": "ongoing", "manual_progress": 60}).json()
    assert (body["manual_progress"], body["progress"]) == (60, 60)
    body = api.patch(f"/plans/measures/{measure.pk}", {"manual_progress": None}).json()
    assert (body["manual_progress"], body["progress"]) == (None, 50)


@pytest.mark.parametrize("who", [w for w in CAST if w != "jarva_coordinator"])
def test_nobody_else_sets_a_status_in_jarvas_draft(request, who, measure):
    user = request.getfixturevalue(who)
    response = api_for(user).patch(f"/plans/measures/{measure.pk}", {"status": "done"})
    assert response.status_code == 403
    assert refused(user)
    measure.refresh_from_db()
    assert measure.status.code == "planned"


def test_no_status_changes_while_the_plan_is_with_the_board(jarva_coordinator, jarva_plan, measure):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    response = api_for(jarva_coordinator).patch(f"/plans/measures/{measure.pk}", {"status": "done"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"status": "finished"},
        {"manual_progress": 101},
        {"manual_progress": -1},
        {},
        {"manual_progress": "half"},
    ],
)
def test_a_bad_status_change_is_422_and_changes_nothing(jarva_coordinator, measure, body):
    response = api_for(jarva_coordinator).patch(f"/plans/measures/{measure.pk}", body)
    assert response.status_code == 422, response.content
    measure.refresh_from_db()
    assert (measure.status.code, measure.manual_progress) == ("planned", None)


def test_a_status_for_a_forged_measure_is_404(jarva_coordinator):
    assert api_for(jarva_coordinator).patch("/plans/measures/999999", {"status": "done"}).status_code == 404


def test_in_follow_up_the_status_lands_in_the_open_follow_up_too(jarva_coordinator, approved_plan, measure):
    follow_up = actions.do_open_follow_up(jarva_coordinator, approved_plan, "t1")
    api = api_for(jarva_coordinator)
    body = api.patch(
        f"/plans/measures/{measure.pk}", {"status": "largely-done", "manual_progress": 80}
    ).json()
    assert (body["status"], body["progress"]) == ("largely-done", 80)
    report = follow_up.reports.get(measure=measure)
    assert (report.status.code, report.progress) == ("largely-done", 80)
    actions.do_submit_follow_up(jarva_coordinator, follow_up)
    measure.refresh_from_db()
    assert (measure.status.code, measure.progress) == ("largely-done", 80)


def test_in_follow_up_only_the_own_units_coordinator_sets_a_status(
    sodermalm_coordinator, central_coordinator, approved_plan, measure
):
    for user in (sodermalm_coordinator, central_coordinator):
        assert api_for(user).patch(f"/plans/measures/{measure.pk}", {"status": "done"}).status_code == 403
        assert refused(user)


# --- recording indicator values -----------------------------------------------------------------------------


def value_body(**changes):
    return {"year": 2026, "period": "t2", "value": "42.5", "note": "från verksamhetssystemet", **changes}


def test_the_unit_coordinator_records_a_value_and_a_second_one_replaces_it(
    jarva_coordinator, approved_plan, indicator
):
    api = api_for(jarva_coordinator)
    response = api.post(f"/plans/indicators/{indicator.pk}/values", value_body())
    assert response.status_code == 201, response.content
    assert response.json() == {
        "year": 2026,
        "period": "t2",
        "value": 42.5,
        "note": "från verksamhetssystemet",
    }
    api.post(f"/plans/indicators/{indicator.pk}/values", value_body(value=44))
    assert IndicatorValue.objects.get(indicator=indicator, period="t2").value == 44


def test_values_can_be_recorded_while_the_plan_is_a_draft(jarva_coordinator, indicator):
    response = api_for(jarva_coordinator).post(f"/plans/indicators/{indicator.pk}/values", value_body())
    assert response.status_code == 201


@pytest.mark.parametrize("who", [w for w in CAST if w != "jarva_coordinator"])
def test_nobody_else_records_a_value(request, who, approved_plan, indicator):
    user = request.getfixturevalue(who)
    response = api_for(user).post(f"/plans/indicators/{indicator.pk}/values", value_body())
    assert response.status_code == 403
    assert refused(user)
    assert not IndicatorValue.objects.filter(indicator=indicator, period="t2").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"period": "t3"},
        {"year": 2025},
        {"year": 1890},
        {"value": "12.345"},
        {"value": "many"},
        {"note": "x" * 301},
        {"year": None},
    ],
)
def test_a_bad_value_is_422_and_saves_nothing(jarva_coordinator, approved_plan, indicator, changes):
    response = api_for(jarva_coordinator).post(
        f"/plans/indicators/{indicator.pk}/values", value_body(**changes)
    )
    assert response.status_code == 422, response.content
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1  # the T1 value of the fixture


def test_a_value_of_a_submitted_follow_up_is_refused(jarva_coordinator, approved_plan, indicator):
    follow_up = actions.do_open_follow_up(jarva_coordinator, approved_plan, "t1")
    actions.do_submit_follow_up(jarva_coordinator, follow_up)
    response = api_for(jarva_coordinator).post(
        f"/plans/indicators/{indicator.pk}/values", value_body(period="t1", value=99)
    )
    assert response.status_code == 422
    assert IndicatorValue.objects.get(indicator=indicator, period="t1").value == 31


def test_a_value_for_a_forged_indicator_is_404(jarva_coordinator):
    response = api_for(jarva_coordinator).post("/plans/indicators/999999/values", value_body())
    assert response.status_code == 404


def test_nothing_is_half_saved_when_a_measure_is_refused(sodermalm_coordinator, measure):
    api_for(sodermalm_coordinator).patch(
        f"/plans/measures/{measure.pk}", {"status": "done", "manual_progress": 10}
    )
    assert Measure.objects.get(pk=measure.pk).manual_progress is None
    assert Plan.objects.get(pk=measure.plan_id).status == Plan.Status.DRAFT
