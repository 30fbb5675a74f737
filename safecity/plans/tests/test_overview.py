"""The status board, the city overview and its measure list: who may see them, and their numbers."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Unit
from safecity.plans import actions, overview
from safecity.plans.models import FocusArea, FollowUp, Measure, Plan, PreventionLevel, TargetGroup
from safecity.plans.tests.fixtures import status, theme

pytestmark = pytest.mark.django_db(transaction=False)

BOARD = "/planer/status/"
OVERVIEW = "/planer/oversikt/"
MEASURES = "/planer/oversikt/atgarder/"

NOT_PLANNERS = [
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
    "no_role_user",
]
NOT_OVERVIEWERS = [role for role in NOT_PLANNERS if role != "jarva_manager"]


def refused(user, url):
    before = AccessLogEntry.objects.filter(user=user, action="refused").count()
    response = logged_in(user).get(url)
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").count() == before + 1


def measure(plan, title, code="ongoing", *, weight=1, progress=None, themes=(), parent=None, **extra):
    """A measure with its stored progress set as given (the status's default if not)."""
    state = status(code)
    stored = progress if progress is not None else state.default_progress
    created = Measure.objects.create(
        plan=plan, title=title, status=state, weight=Decimal(weight), progress=stored, parent=parent, **extra
    )
    created.themes.set([theme(n) for n in themes])
    return created


# --- status board ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_PLANNERS)
def test_it_refuses_the_status_board_to_everyone_but_the_central_coordinator(role, request, planning_year):
    refused(request.getfixturevalue(role), BOARD)


def test_it_sends_anonymous_visitors_to_the_login(client):
    response = client.get(BOARD)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_status_board_without_any_planning_year_says_so(central_coordinator):
    response = logged_in(central_coordinator).get(BOARD)
    assert response.status_code == 200
    assert response.context["year"] is None and response.context["rows"] == []


@pytest.fixture
def deadlines_year(central_coordinator, city):
    """2026 opened on 15 January with every deadline set; Södermalm adopted on 1 March."""
    deadlines = actions.Deadlines(
        board_due=dt.date(2026, 2, 28),
        review_due=dt.date(2026, 3, 31),
        approval_due=dt.date(2026, 4, 30),
        t1_due=dt.date(2026, 5, 31),
        t2_due=dt.date(2026, 9, 30),
        annual_due=dt.date(2027, 2, 15),
    )
    with time_machine.travel(dt.datetime(2026, 1, 15, 9, tzinfo=dt.UTC), tick=False):
        year = actions.do_open_planning_year(central_coordinator, city, 2026, deadlines)
    return year


def adopt(plan, coordinator, on: dt.date):
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 9, tzinfo=dt.UTC), tick=False):
        actions.do_send_to_board(coordinator, plan)
        actions.do_record_board_decision(coordinator, plan, on, "SDN")


def test_the_board_shows_the_next_deadline_and_who_is_late(deadlines_year, sodermalm, sodermalm_coordinator):
    sodermalm_plan = Plan.objects.get(year=deadlines_year, unit=sodermalm)
    adopt(sodermalm_plan, sodermalm_coordinator, dt.date(2026, 3, 1))
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        rows = overview.status_board(deadlines_year)
    by_unit = {row.plan.unit.code: row for row in rows}
    jarva = by_unit["jarva"]
    assert (jarva.step.code, jarva.due, jarva.days_late, jarva.days_in_status) == (
        "board",
        dt.date(2026, 2, 28),
        10,
        54,
    )
    sodermalm_row = by_unit["sodermalm"]
    assert (sodermalm_row.step.code, sodermalm_row.due, sodermalm_row.is_late) == (
        "review",
        dt.date(2026, 3, 31),
        False,
    )
    assert sodermalm_row.days_in_status == 9
    counts = {value: n for value, _label, n in overview.status_counts(rows)}
    assert counts == {
        "draft": 15,
        "sent_to_board": 0,
        "adopted": 1,
        "in_review": 0,
        "returned": 0,
        "approved": 0,
        "follow_up": 0,
    }


def test_a_plan_back_in_review_after_its_return_waits_for_approval(
    deadlines_year, sodermalm, sodermalm_coordinator, central_coordinator
):
    plan = Plan.objects.get(year=deadlines_year, unit=sodermalm)
    adopt(plan, sodermalm_coordinator, dt.date(2026, 3, 1))
    actions.do_comment(central_coordinator, plan, "Beskriv samverkan.")
    actions.do_return_plan(central_coordinator, plan)
    actions.do_answer_comment(sodermalm_coordinator, plan.comments.get(), "Klart.")
    actions.do_resubmit(sodermalm_coordinator, plan)
    with time_machine.travel(dt.datetime(2026, 5, 5, 9, tzinfo=dt.UTC), tick=False):
        row = next(r for r in overview.status_board(deadlines_year) if r.plan.pk == plan.pk)
    assert (row.plan.status, row.step.code, row.days_late) == ("in_review", "approval", 5)


def test_follow_ups_are_steps_once_the_plan_is_approved(
    deadlines_year, sodermalm, sodermalm_coordinator, central_coordinator
):
    plan = Plan.objects.get(year=deadlines_year, unit=sodermalm)
    adopt(plan, sodermalm_coordinator, dt.date(2026, 3, 1))
    actions.do_comment(central_coordinator, plan, "Bra.")
    actions.do_approve(central_coordinator, plan)
    follow_up = actions.do_open_follow_up(sodermalm_coordinator, plan, "t1")
    with time_machine.travel(dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        row = next(r for r in overview.status_board(deadlines_year) if r.plan.pk == plan.pk)
        assert (row.step.code, row.days_late) == ("t1", 3)
        actions.do_submit_follow_up(sodermalm_coordinator, follow_up)
        row = next(r for r in overview.status_board(deadlines_year) if r.plan.pk == plan.pk)
        assert (row.step.code, row.due, row.is_late) == ("t2", dt.date(2026, 9, 30), False)
    FollowUp.objects.filter(plan=plan).update(submitted_at=timezone.now())
    for period in ("t2", "annual"):
        FollowUp.objects.create(plan=plan, period=period, submitted_at=timezone.now())
    row = next(r for r in overview.status_board(deadlines_year) if r.plan.pk == plan.pk)
    assert row.step is None and not row.is_late


def test_the_board_page_sorts_and_marks_lateness_in_words(
    deadlines_year, central_coordinator, sodermalm, sodermalm_coordinator
):
    adopt(Plan.objects.get(year=deadlines_year, unit=sodermalm), sodermalm_coordinator, dt.date(2026, 3, 1))
    client = logged_in(central_coordinator)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        by_status = client.get(BOARD, {"sort": "-status", "year": 2026})
        by_lateness = client.get(BOARD, {"sort": "late"})
        by_unit = client.get(BOARD)
    assert by_status.context["rows"][0].plan.unit == sodermalm
    assert by_lateness.context["rows"][-1].plan.unit == sodermalm
    names = [row.plan.unit.name for row in by_unit.context["rows"]]
    assert names == sorted(names, key=overview.name_key)
    assert overview.name_key("Östermalm") > overview.name_key("Älvsjö") > overview.name_key("Åre") > "z"
    html = by_lateness.content.decode()
    assert html.count('class="late-flag"') == 15  # words, not colour alone
    assert 'aria-sort="descending"' in html
    assert f'href="/planer/{Plan.objects.get(year=deadlines_year, unit=sodermalm).pk}/"' in html
    assert by_lateness.context["late"] == 15


def test_the_board_answers_in_a_bounded_number_of_queries(
    deadlines_year, central_coordinator, city, django_assert_max_num_queries
):
    actions.do_open_planning_year(central_coordinator, city, 2023)  # a year of 18 plans
    client = logged_in(central_coordinator)
    client.get(BOARD)
    with django_assert_max_num_queries(12):
        assert client.get(BOARD, {"year": 2023}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(BOARD, {"year": 2026, "sort": "late"}).status_code == 200


# --- the city overview -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_OVERVIEWERS)
def test_it_refuses_the_overview_to_everyone_but_central_and_managers(role, request, planning_year):
    user = request.getfixturevalue(role)
    refused(user, OVERVIEW)
    refused(user, MEASURES)


@pytest.mark.parametrize("role", ["central_coordinator", "jarva_manager"])
def test_central_and_managers_see_the_overview(role, request, planning_year):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(OVERVIEW).status_code == 200
    assert logged_in(user).get(MEASURES).status_code == 200
    assert AccessLogEntry.objects.filter(user=user, action="view", object_label="city overview").exists()


def test_the_overview_without_any_planning_year_says_so(central_coordinator):
    response = logged_in(central_coordinator).get(OVERVIEW)
    assert response.status_code == 200 and response.context["filters"].year is None


@pytest.fixture
def measures(jarva_plan, sodermalm_plan):
    """Hand-made measures with weights and progress (see each test for the arithmetic)."""
    youth = TargetGroup.objects.get(code="youth")
    focus_a = FocusArea.objects.get(code="a")
    m1 = measure(jarva_plan, "Föräldraträffar", "ongoing", weight=3, themes=[1, 2])
    m1.target_groups.add(youth)
    m1.focus_areas.add(focus_a)
    m2 = measure(
        jarva_plan, "Skolprogram", "largely-done", themes=[1], prevention_level=PreventionLevel.SPECIFIC
    )
    m3 = measure(jarva_plan, "Utbildning", "started", weight=2, progress=10, themes=[1])
    measure(jarva_plan, "Klar", "done", themes=[1])
    measure(jarva_plan, "Avbruten", "cancelled", themes=[1])
    measure(jarva_plan, "Delåtgärd", "ongoing", themes=[4], parent=m1)
    s1 = measure(sodermalm_plan, "Fritidsgård", "planned", themes=[3])
    s1.focus_areas.add(focus_a)
    s2 = measure(sodermalm_plan, "Nätvandring", "ongoing", themes=[3])
    return {"m1": m1, "m2": m2, "m3": m3, "s1": s1, "s2": s2}


def cells(result):
    """{(unit code, column key): (measures, progress)} of the non-empty cells."""
    return {
        (row.unit.code, column.key): (cell.measures, cell.progress)
        for row in result.rows
        for column, cell in zip(result.columns, row.cells, strict=True)
        if cell.measures
    }


def key(number):
    return str(theme(number).pk)


def test_cells_count_active_measures_with_their_weighted_progress(planning_year, measures):
    result = overview.matrix(overview.Filters(year=planning_year), "theme")
    # Järva, theme 1: (3 × 50 + 1 × 75 + 2 × 10) / 6 = 40.8 → 41; done, cancelled and sub-measures
    # do not count. Theme 2: only the first measure (50). Södermalm, theme 3: (0 + 50) / 2 = 25.
    assert cells(result) == {
        ("jarva", key(1)): (3, 41),
        ("jarva", key(2)): (1, 50),
        ("sodermalm", key(3)): (2, 25),
    }
    totals = {row.unit.code: (row.total.measures, row.total.progress) for row in result.rows}
    assert totals["jarva"] == (3, 41)
    assert totals["sodermalm"] == (2, 25)
    assert totals["bromma"] == (0, None)
    # The city: (150 + 75 + 20 + 0 + 50) / (3 + 1 + 2 + 1 + 1) = 36.9 → 37.
    assert (result.total.measures, result.total.progress) == (5, 37)
    theme_1 = [c.key for c in result.columns].index(key(1))
    assert (result.column_totals[theme_1].measures, result.column_totals[theme_1].progress) == (3, 41)
    assert len(result.rows) == 16 and len(result.columns) == 4  # no measure lacks a theme
    assert result.gaps == 16 * 4 - 3


def test_empty_cells_are_marked_as_gaps_in_words(central_coordinator, planning_year, measures):
    html = logged_in(central_coordinator).get(OVERVIEW, {"language": "en"}).content.decode()
    assert html.count('class="num gap"') == 61
    assert html.count(">Lucka<") + html.count(">Gap<") == 61


def test_the_same_by_focus_area_and_by_prevention_level(planning_year, measures):
    filters = overview.Filters(year=planning_year)
    focus_a = str(FocusArea.objects.get(code="a").pk)
    by_focus = overview.matrix(filters, "focus")
    # Järva without a focus area: (75 + 20) / 3 = 31.7 → 32. The "none given" column is no gap.
    assert cells(by_focus) == {
        ("jarva", focus_a): (1, 50),
        ("jarva", overview.NONE): (2, 32),
        ("sodermalm", focus_a): (1, 0),
        ("sodermalm", overview.NONE): (1, 50),
    }
    assert by_focus.gaps == 16 * 3 - 2
    by_level = overview.matrix(filters, "level")
    # Järva general: (3 × 50 + 2 × 10) / 5 = 34.
    assert cells(by_level) == {
        ("jarva", "general"): (2, 34),
        ("jarva", "specific"): (1, 75),
        ("sodermalm", "general"): (2, 25),
    }


def test_filters_narrow_the_matrix(planning_year, measures, jarva):
    youth = str(TargetGroup.objects.get(code="youth").pk)
    assert cells(overview.matrix(overview.Filters(year=planning_year, target_group=youth))) == {
        ("jarva", key(1)): (1, 50),
        ("jarva", key(2)): (1, 50),
    }
    # Every status: the done measure counts with 100, the cancelled one without progress:
    # (150 + 75 + 20 + 100) / 7 = 49.3 → 49.
    every = cells(overview.matrix(overview.Filters(year=planning_year, status="all")))
    assert every[("jarva", key(1))] == (5, 49)
    done = str(status("done").pk)
    assert cells(overview.matrix(overview.Filters(year=planning_year, status=done))) == {
        ("jarva", key(1)): (1, 100)
    }
    specialist = overview.matrix(overview.Filters(year=planning_year, kind=Unit.Kind.SPECIALIST))
    assert len(specialist.rows) == 5 and not cells(specialist)
    one = overview.matrix(overview.Filters(year=planning_year, unit=str(jarva.pk), theme=key(1)))
    assert [row.unit for row in one.rows] == [jarva] and [c.key for c in one.columns] == [key(1)]
    assert cells(one) == {("jarva", key(1)): (3, 41)}


def test_the_page_filters_through_the_query_string(central_coordinator, planning_year, measures, jarva):
    response = logged_in(central_coordinator).get(
        OVERVIEW, {"unit": jarva.pk, "theme": key(1), "by": "theme", "year": 2026}
    )
    result = response.context["matrix"]
    assert cells(result) == {("jarva", key(1)): (3, 41)}
    cell = result.rows[0].cells[0]
    assert cell.url.startswith(MEASURES) and f"unit={jarva.pk}" in cell.url and "year=2026" in cell.url
    assert cell.url in response.content.decode().replace("&amp;", "&")


def test_a_bad_filter_value_is_reported_not_a_crash(central_coordinator, planning_year, measures):
    response = logged_in(central_coordinator).get(OVERVIEW, {"theme": "99999", "by": "nonsense"})
    assert response.status_code == 200
    assert response.context["form"].errors["theme"]
    assert response.context["by"] == "theme"


def test_progress_over_the_years(central_coordinator, city, planning_year, measures, jarva):
    earlier = actions.do_open_planning_year(central_coordinator, city, 2025)
    old_plan = Plan.objects.get(year=earlier, unit=jarva)
    measure(old_plan, "Klar 2025", "done", themes=[1])
    measure(old_plan, "Avbruten 2025", "cancelled", themes=[1])
    rows = overview.progress_by_year(overview.Filters(year=planning_year))
    # 2026: every measure but the cancelled one and the sub-measure:
    # (150 + 75 + 20 + 100 + 0 + 50) / (3 + 1 + 2 + 1 + 1 + 1) = 43.9 → 44.
    assert [(r.year, r.measures, r.progress) for r in rows] == [(2025, 1, 100), (2026, 6, 44)]
    response = logged_in(central_coordinator).get(OVERVIEW)
    assert response.context["years_chart"]["usermeta"]["table"]["rows"] == [["2025", 100], ["2026", 44]]
    assert response.context["matrix_chart"]["data"]["values"]


def test_a_cell_lists_the_measures_behind_it(central_coordinator, planning_year, measures, jarva):
    response = logged_in(central_coordinator).get(MEASURES, {"unit": jarva.pk, "theme": key(1)})
    titles = [m.title for m, _readable in response.context["rows"]]
    assert titles == ["Föräldraträffar", "Skolprogram", "Utbildning"]
    assert (response.context["total"], response.context["progress"]) == (3, 41)
    assert all(readable for _m, readable in response.context["rows"])


def test_a_manager_sees_the_measures_but_not_unpublished_plans_of_other_units(
    jarva_manager, planning_year, measures, sodermalm, jarva
):
    client = logged_in(jarva_manager)
    html = client.get(MEASURES, {"unit": sodermalm.pk}).content.decode()
    assert "Fritidsgård" in html
    assert f'href="/planer/{measures["s1"].plan_id}/"' not in html
    html = client.get(MEASURES, {"unit": jarva.pk}).content.decode()
    assert f'href="/planer/{measures["m1"].plan_id}/"' in html


def many_measures(planning_year, units: int, per_unit: int):
    youth = TargetGroup.objects.get(code="youth")
    areas = list(FocusArea.objects.all())
    for number, plan in enumerate(Plan.objects.filter(year=planning_year).order_by("pk")[:units]):
        for i in range(per_unit):
            m = measure(
                plan, f"Åtgärd {number}-{i}", ("planned", "ongoing", "done")[i % 3], themes=[1 + i % 4]
            )
            m.target_groups.add(youth)
            m.focus_areas.add(areas[i % len(areas)])


@pytest.mark.parametrize("size", [(1, 2), (8, 15)])
def test_the_overview_runs_a_bounded_number_of_queries(
    size, central_coordinator, planning_year, django_assert_max_num_queries
):
    many_measures(planning_year, *size)
    client = logged_in(central_coordinator)
    client.get(OVERVIEW)
    for by in overview.DIMENSIONS:
        with django_assert_max_num_queries(24):
            assert client.get(OVERVIEW, {"by": by}).status_code == 200
    with django_assert_max_num_queries(24):
        assert (
            client.get(OVERVIEW, {"status": "all", "target_group": "1", "kind": "district"}).status_code
            == 200
        )
    with django_assert_max_num_queries(24):
        assert client.get(MEASURES, {"status": "all"}).status_code == 200
