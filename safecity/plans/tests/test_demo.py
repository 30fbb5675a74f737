"""The demo action plans (safecity/plans/demo.py): every unit, four years, the real workflow, once.

The demo is loaded once for this module, inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from safecity.plans.demo import STAGE_2026, load_demo_plans
from safecity.plans.models import (
    FollowUp,
    Guideline,
    IndicatorValue,
    Measure,
    Plan,
    PlanEvent,
    PublicationState,
    YouthParticipation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    output = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        from django.conf import settings

        debug = settings.DEBUG
        settings.DEBUG = True  # load_demo refuses to run without it
        try:
            call_command("load_demo", stdout=output)
        finally:
            settings.DEBUG = debug
        yield output.getvalue()
        transaction.set_rollback(True)


def top_level_counts(year: int) -> list[int]:
    plans = Plan.objects.filter(year__year=year).annotate(
        n=Count("measures", filter=Q(measures__parent__isnull=True))
    )
    return [plan.n for plan in plans]


def test_the_command_says_what_it_loaded(demo):
    assert "2023: 18" in demo and "2026: 16" in demo


def test_every_unit_has_a_plan_each_year(demo):
    counts = dict(Plan.objects.values_list("year__year").annotate(n=Count("id")))
    assert counts == {2023: 18, 2024: 16, 2025: 16, 2026: 16}
    codes_2023 = set(Plan.objects.filter(year__year=2023).values_list("unit__code", flat=True))
    assert {"rinkeby-kista", "spanga-tensta", "norrmalm", "ostermalm"} <= codes_2023
    codes_2026 = set(Plan.objects.filter(year__year=2026).values_list("unit__code", flat=True))
    assert codes_2026 == set(STAGE_2026)


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_every_plan_has_6_to_14_measures_and_text_in_every_section(demo, year):
    assert all(6 <= n <= 14 for n in top_level_counts(year)), top_level_counts(year)
    plans = Plan.objects.filter(year__year=year)
    assert not plans.filter(sections__body="").exists()


def test_older_years_are_approved_with_every_follow_up_submitted(demo):
    older = Plan.objects.filter(year__year__lt=2026)
    assert set(older.values_list("status", flat=True)) == {Plan.Status.FOLLOW_UP}
    submitted = FollowUp.objects.filter(plan__in=older, submitted_at__isnull=False)
    assert submitted.count() == older.count() * 3
    assert not older.filter(approved_at__isnull=True).exists()


def test_2026_stands_at_every_step_of_the_cycle(demo):
    statuses = set(Plan.objects.filter(year__year=2026).values_list("status", flat=True))
    assert statuses == set(Plan.Status.values)
    jarva = Plan.objects.get(year__year=2026, unit__code="jarva")
    assert {f.period: f.is_locked for f in jarva.follow_ups.all()} == {"t1": True, "t2": False}
    assert Plan.objects.get(year__year=2026, unit__code="sodermalm").comments.filter(reply="").exists()


def test_some_plans_were_returned_with_comments_on_the_way(demo):
    returned = PlanEvent.objects.filter(to_status=Plan.Status.RETURNED, plan__year__year__lt=2026)
    assert returned.exists()


def test_measures_move_on_and_closed_ones_stay_behind(demo):
    assert Measure.objects.filter(status__code="done").exists()
    assert Measure.objects.filter(status__code="cancelled").exists()
    carried = Measure.objects.filter(carried_from__isnull=False)
    assert carried.count() > 300
    assert not carried.filter(carried_from__status__is_closed=True).exists()


def test_the_merged_districts_inherit_from_their_predecessors(demo):
    jarva_2024 = Measure.objects.filter(plan__year__year=2024, plan__unit__code="jarva")
    sources = set(jarva_2024.values_list("carried_from__plan__unit__code", flat=True))
    assert {"rinkeby-kista", "spanga-tensta"} <= sources
    titles = list(jarva_2024.filter(parent__isnull=True).values_list("title", flat=True))
    assert len(titles) == len(set(titles))  # the same measure inherited twice is kept once


def test_there_are_sub_measures_indicator_values_and_youth_participation(demo):
    assert Measure.objects.filter(parent__isnull=False, weight__gt=1).exists()
    assert set(IndicatorValue.objects.values_list("period", flat=True)) == {"t1", "t2", "annual"}
    assert YouthParticipation.objects.filter(measure__themes__number=3).exists()
    assert not YouthParticipation.objects.exclude(measure__themes__number=3).exists()


def test_the_demo_central_and_unit_coordinators_did_their_own_steps(demo):
    jarva_events = PlanEvent.objects.filter(plan__unit__code="jarva", plan__year__year=2025)
    assert set(jarva_events.exclude(by=None).values_list("by__username", flat=True)) >= {
        "central",
        "coord.jarva",
        "manager.jarva",
    }


def test_the_guidelines_have_a_second_version_marked_as_demo(demo):
    second = Guideline.objects.get(version=2)
    assert second.state == PublicationState.PUBLISHED
    assert "Demotext" in second.body and "(demo)" in second.adopted_by
    assert Guideline.objects.get(version=1).effective_to.isoformat() == "2024-12-31"


def test_running_it_again_adds_nothing(demo):
    before = (Plan.objects.count(), Measure.objects.count(), PlanEvent.objects.count())
    assert load_demo_plans() == {}
    assert (Plan.objects.count(), Measure.objects.count(), PlanEvent.objects.count()) == before
