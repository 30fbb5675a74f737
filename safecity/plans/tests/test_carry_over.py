"""Carrying a plan's measures over to next year in a few queries, and progress recomputed per plan."""

from __future__ import annotations

import datetime as dt

import pytest

from safecity.organisation.models import Area, Function
from safecity.plans import actions, progress
from safecity.plans.models import FocusArea, Measure, Plan, TargetGroup
from safecity.plans.tests.fixtures import status, theme

pytestmark = pytest.mark.django_db


def measure(user, plan, title, **extra):
    return actions.do_save_measure(
        user, plan, title=title, status=status(extra.pop("code", "ongoing")), **extra
    )


@pytest.fixture
def tree(jarva_coordinator, jarva_plan):
    """A parent with three weighted parts (one done), relations, an indicator and two milestones."""
    parent = measure(
        jarva_coordinator,
        jarva_plan,
        "Trygga mötesplatser för unga på lov",
        themes=[theme(3)],
        focus_areas=list(FocusArea.objects.filter(code__in=["a", "c"])),
        target_groups=list(TargetGroup.objects.filter(code="youth")),
        areas=list(Area.objects.filter(code__in=["rinkeby", "tensta"])),
        responsible_function=Function.objects.get(code="youth-leisure"),
        partners_text="Idrottsföreningar",
        start=dt.date(2026, 1, 1),
    )
    measure(jarva_coordinator, jarva_plan, "Sommarlov", parent=parent, weight=3, code="ongoing")
    measure(jarva_coordinator, jarva_plan, "Höstlov", parent=parent, weight=1, code="done")
    measure(jarva_coordinator, jarva_plan, "Sportlov", parent=parent, weight=1, code="planned")
    actions.do_save_indicator(jarva_coordinator, parent, name="Besök", unit="st", baseline=1500, target=2600)
    actions.do_save_milestone(jarva_coordinator, parent, title="Programmet klart", due=dt.date(2026, 5, 1))
    actions.do_save_milestone(
        jarva_coordinator, parent, title="Utvärdering", due=dt.date(2026, 9, 1), done_on=dt.date(2026, 9, 2)
    )
    parent.refresh_from_db()
    return parent


def test_a_measure_is_carried_over_with_its_open_parts_relations_indicators_and_milestones(
    central_coordinator, city, tree
):
    next_year = actions.do_open_planning_year(central_coordinator, city, 2027)
    copy = Measure.objects.get(plan__year=next_year, plan__unit__code="jarva", parent=None)
    assert copy.carried_from == tree
    assert sorted(copy.children.values_list("title", "weight")) == [("Sommarlov", 3), ("Sportlov", 1)]
    assert all(child.carried_from.plan_id == tree.plan_id for child in copy.children.all())
    assert list(copy.themes.values_list("number", flat=True)) == [3]
    assert sorted(copy.focus_areas.values_list("code", flat=True)) == ["a", "c"]
    assert list(copy.target_groups.values_list("code", flat=True)) == ["youth"]
    assert sorted(copy.areas.values_list("code", flat=True)) == ["rinkeby", "tensta"]
    assert (copy.responsible_function.code, copy.partners_text, copy.start) == (
        "youth-leisure",
        "Idrottsföreningar",
        dt.date(2026, 1, 1),
    )
    assert list(copy.indicators.values_list("name", "target")) == [("Besök", 2600)]
    assert not copy.indicators.get().values.exists()
    assert list(copy.milestones.values_list("title", flat=True)) == ["Programmet klart"]


def test_the_copy_gets_the_progress_of_the_parts_it_kept(central_coordinator, city, tree):
    assert tree.progress == 50  # (3 × 50 + 1 × 100 + 1 × 0) / 5
    next_year = actions.do_open_planning_year(central_coordinator, city, 2027)
    copy = Measure.objects.get(plan__year=next_year, plan__unit__code="jarva", parent=None)
    assert copy.progress == 38  # (3 × 50 + 1 × 0) / 4 = 37.5; the done part stayed behind


def test_opening_a_year_copies_many_measures_in_a_bounded_number_of_queries(
    central_coordinator, jarva_coordinator, city, jarva_plan, sodermalm_plan, django_assert_max_num_queries
):
    for n in range(30):
        measure(jarva_coordinator, jarva_plan, f"Åtgärd {n}", themes=[theme(1), theme(2)])
    with django_assert_max_num_queries(16 * 40):
        actions.do_open_planning_year(central_coordinator, city, 2027)
    assert Measure.objects.filter(plan__year__year=2027).count() == 30


def test_refresh_plan_agrees_with_refreshing_each_measure(jarva_coordinator, jarva_plan, tree):
    Measure.objects.filter(plan=jarva_plan).update(progress=None)
    progress.refresh_plan(jarva_plan.pk)
    values = dict(Measure.objects.filter(plan=jarva_plan).values_list("title", "progress"))
    assert values == {
        "Trygga mötesplatser för unga på lov": 50,
        "Sommarlov": 50,
        "Höstlov": 100,
        "Sportlov": 0,
    }


def test_submitting_a_follow_up_rolls_the_new_statuses_up(
    jarva_coordinator, central_coordinator, jarva_plan, tree
):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    actions.do_record_board_decision(jarva_coordinator, jarva_plan, dt.date(2026, 2, 1), "SDN 2026/1")
    actions.do_comment(central_coordinator, jarva_plan, "Bra.")
    actions.do_approve(central_coordinator, jarva_plan)
    follow_up = actions.do_open_follow_up(jarva_coordinator, jarva_plan, "t1")
    sportlov = follow_up.reports.get(measure__title="Sportlov")
    actions.do_save_report(jarva_coordinator, sportlov, status=status("done"), comment="", changes="")
    actions.do_submit_follow_up(jarva_coordinator, follow_up)
    tree.refresh_from_db()
    assert tree.progress == 70  # (3 × 50 + 1 × 100 + 1 × 100) / 5
    assert Plan.objects.get(pk=jarva_plan.pk).status == Plan.Status.FOLLOW_UP
