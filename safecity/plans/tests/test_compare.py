"""A plan side by side with last year's: new, changed, unchanged and closed measures."""

import datetime as dt

import pytest
from django.utils import translation

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Unit
from safecity.plans import actions, overview
from safecity.plans.models import Measure, Plan
from safecity.plans.tests.fixtures import status, theme

pytestmark = pytest.mark.django_db(transaction=False)


def url(plan):
    return f"/planer/{plan.pk}/jamfor/"


def add(plan, title, code="ongoing", themes=(1,), **extra):
    measure = Measure.objects.create(plan=plan, title=title, status=status(code), **extra)
    measure.themes.set([theme(n) for n in themes])
    return measure


@pytest.fixture
def two_years(central_coordinator, city, jarva):
    """Järva 2025 with four measures, 2026 opened from it and then edited."""
    year_2025 = actions.do_open_planning_year(central_coordinator, city, 2025)
    old = Plan.objects.get(year=year_2025, unit=jarva)
    add(old, "Oförändrad", description="Samma text")
    add(old, "Nätvandrare", "planned", themes=(1,))
    add(old, "Genomförd", "done")
    add(old, "Struken", "ongoing")
    year_2026 = actions.do_open_planning_year(central_coordinator, city, 2026)
    new = Plan.objects.get(year=year_2026, unit=jarva)
    changed = new.measures.get(title="Nätvandrare")
    changed.title = "Nätvandrare i Tensta"
    changed.status = status("started")
    changed.save()
    changed.themes.add(theme(2))
    new.measures.get(title="Struken").delete()
    add(new, "Ny åtgärd", themes=(4,))
    return old, new


def titles(pairs, side):
    return [getattr(pair, side).title for pair in pairs]


def test_it_sorts_the_measures_into_new_changed_unchanged_and_closed(two_years):
    old, new = two_years
    result = overview.compare(new, [old])
    assert titles(result.new, "after") == ["Ny åtgärd"]
    assert titles(result.changed, "after") == ["Nätvandrare i Tensta"]
    assert titles(result.unchanged, "after") == ["Oförändrad"]
    assert titles(result.closed, "before") == ["Genomförd", "Struken"]
    changes = [(str(c.label), c.before, c.after) for c in result.changed[0].changes]
    assert changes == [
        ("titel", "Nätvandrare", "Nätvandrare i Tensta"),
        ("status", "Planerad", "Påbörjad"),
        ("Capital Code-teman", theme(1).name, f"{theme(1).name}, {theme(2).name}"),
    ]
    with translation.override("en"):
        result = overview.compare(new, [old])
        changes = [(str(c.label), c.before, c.after) for c in result.changed[0].changes]
    assert changes == [
        ("title", "Nätvandrare", "Nätvandrare i Tensta"),
        ("status", "Planned", "Started"),
        ("Capital Code themes", theme(1).name_en, f"{theme(1).name_en}, {theme(2).name_en}"),
    ]


def test_the_page_shows_both_years_side_by_side(two_years, central_coordinator):
    old, new = two_years
    response = logged_in(central_coordinator).get(url(new))
    assert response.status_code == 200
    assert response.context["previous"] == [old]
    html = response.content.decode()
    for title in ("Ny åtgärd", "Nätvandrare i Tensta", "Oförändrad", "Genomförd", "Struken"):
        assert title in html
    assert "<del>" in html and "<ins>" in html
    assert f'href="/planer/{old.pk}/"' in html


def test_the_unit_coordinator_compares_their_own_plans(two_years, jarva_coordinator):
    assert logged_in(jarva_coordinator).get(url(two_years[1])).status_code == 200


@pytest.mark.parametrize("role", ["sodermalm_coordinator", "employee", "partner", "dpo", "no_role_user"])
def test_it_refuses_whoever_may_not_read_the_plan(role, request, two_years):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url(two_years[1])).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def approve(plan, coordinator, central):
    actions.do_send_to_board(coordinator, plan)
    actions.do_record_board_decision(coordinator, plan, dt.date(2026, 2, 1), "ref")
    actions.do_comment(central, plan, "ok")
    actions.do_approve(central, plan)


def test_both_plans_must_be_readable(
    two_years, jarva_coordinator, central_coordinator, sodermalm_coordinator
):
    old, new = two_years
    approve(new, jarva_coordinator, central_coordinator)  # published this year, last year's still a draft
    assert logged_in(sodermalm_coordinator).get(f"/planer/{new.pk}/").status_code in {200, 302}
    response = logged_in(sodermalm_coordinator).get(url(new))
    assert response.status_code == 403
    entry = AccessLogEntry.objects.filter(user=sodermalm_coordinator, action="refused").latest("at")
    assert entry.object_id == str(old.pk)


def test_a_merged_unit_is_compared_with_its_predecessors(central_coordinator, city, jarva_coordinator):
    year_2023 = actions.do_open_planning_year(central_coordinator, city, 2023)
    rinkeby = Plan.objects.get(year=year_2023, unit__code="rinkeby-kista")
    spanga = Plan.objects.get(year=year_2023, unit__code="spanga-tensta")
    add(rinkeby, "Rinkeby-åtgärd")
    add(spanga, "Tensta-åtgärd")
    add(spanga, "Avslutad i Tensta", "done")
    year_2024 = actions.do_open_planning_year(central_coordinator, city, 2024)
    jarva = Plan.objects.get(year=year_2024, unit=Unit.objects.get(code="jarva"))
    assert sorted(overview.previous_plan_ids(jarva)) == sorted([rinkeby.pk, spanga.pk])
    response = logged_in(jarva_coordinator).get(url(jarva))
    # A unit coordinator reads only published plans of other units: the predecessors' drafts are refused.
    assert response.status_code == 403
    response = logged_in(central_coordinator).get(url(jarva))
    comparison = response.context["comparison"]
    assert sorted(titles(comparison.unchanged, "after")) == ["Rinkeby-åtgärd", "Tensta-åtgärd"]
    assert titles(comparison.closed, "before") == ["Avslutad i Tensta"]
    assert "Spånga-Tensta" in response.content.decode()


def test_a_plan_without_a_predecessor_has_only_new_measures(central_coordinator, jarva_plan):
    add(jarva_plan, "Första")
    response = logged_in(central_coordinator).get(url(jarva_plan))
    assert response.status_code == 200 and response.context["previous"] == []
    assert titles(response.context["comparison"].new, "after") == ["Första"]


def test_the_comparison_runs_a_bounded_number_of_queries(
    two_years, central_coordinator, django_assert_max_num_queries
):
    old, new = two_years
    for number in range(30):
        add(new, f"Extra {number}", themes=(1, 2))
        add(old, f"Gammal {number}", themes=(3,))
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(url(new)).status_code == 200


def test_the_plan_page_links_to_the_comparison(jarva_coordinator, jarva_plan):
    from conftest import logged_in

    body = logged_in(jarva_coordinator).get(f"/planer/{jarva_plan.pk}/").content.decode()
    assert f'href="/planer/{jarva_plan.pk}/jamfor/"' in body


def test_the_situation_section_links_the_units_final_picture(
    jarva_coordinator, sodermalm_coordinator, jarva_plan
):
    import datetime as dt

    from conftest import logged_in
    from safecity.situation.builder import do_create_picture, do_finalise_picture

    picture = do_create_picture(
        jarva_coordinator, jarva_plan.unit, dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    do_finalise_picture(jarva_coordinator, picture)
    body = logged_in(jarva_coordinator).get(f"/planer/{jarva_plan.pk}/").content.decode()
    assert f"/lagesbild/lagesbilder/{picture.pk}/" in body
