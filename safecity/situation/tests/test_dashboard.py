"""The unit's situational dashboard: who sees it, suppressed or not, trend, spikes and bounded queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import AreaAssignment, UnitPopulation
from safecity.situation.models import Category, Dataset, Observation

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def riots(db):
    return Category.objects.create(code="test-riots", name="Upplopp (test)", name_en="Riots (test)")


@pytest.fixture
def crime(db):
    return Dataset.objects.create(code="bra-test", name="Brå test", kind=Dataset.Kind.REPORTED_CRIME)


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _add(dataset, category, area, day: dt.date, value: int) -> None:
    end = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)) - dt.timedelta(days=1)
    Observation.objects.create(
        dataset=dataset,
        source_category=category.name,
        category=category,
        area=area,
        place_key=Observation.place_key_for(area_id=area.pk),
        granularity=Observation.Granularity.MONTH,
        period_start=day,
        period_end=end,
        value=value,
        value_unit=Observation.ValueUnit.COUNT,
    )


@pytest.fixture
def monthly(jarva, crime, riots):
    """Five years of months in Järva's first area: 10 a month, doubling each year, one burst."""
    area = AreaAssignment.objects.valid_on().filter(unit=jarva).select_related("area").first().area
    start_year = THIS_YEAR - 4
    today = timezone.localdate()
    for year in range(start_year, THIS_YEAR + 1):
        for month in range(1, 13):
            if dt.date(year, month, 1) > today:
                break
            value = round(10 * 2 ** ((year - start_year) + (month - 1) / 12))
            if (year, month) == (start_year + 2, 4):
                value *= 10
            _add(crime, riots, area, _month(year, month), value)
    UnitPopulation.objects.update_or_create(unit=jarva, year=THIS_YEAR - 2, defaults={"population": 80000})
    return area


def url(unit, **query):
    base = reverse("situation:dashboard", args=[unit.pk])
    if query:
        from urllib.parse import urlencode

        base += "?" + urlencode(query)
    return base


def test_it_shows_the_unit_coordinator_their_units_dashboard_unsuppressed(
    jarva_coordinator, jarva, monthly, crime, django_assert_max_num_queries
):
    client = logged_in(jarva_coordinator)
    # About ten of the page's own, whatever the number of months, areas and categories.
    with django_assert_max_num_queries(24):
        response = client.get(url(jarva, source=crime.pk, year_from=THIS_YEAR - 4, year_to=THIS_YEAR))
    assert response.status_code == 200
    assert not response.context["suppressed"]
    assert 'id="suppression-note"' in response.content.decode()
    trend = response.context["trend"]
    assert trend.direction == "up"
    spikes = response.context["spikes"]
    assert [s["start"] for s in spikes] == [_month(THIS_YEAR - 2, 4)]
    spec = response.context["series_chart"]
    assert spec["layer"][1]["mark"]["shape"] == "triangle-up"
    json.dumps(response.context["area_map"])


def test_it_says_which_population_year_the_rate_uses(jarva_coordinator, jarva, monthly, crime):
    response = logged_in(jarva_coordinator).get(url(jarva, source=crime.pk))
    figures = response.context["figures"]
    assert figures.population.year == THIS_YEAR - 2
    assert figures.population.is_earlier
    assert figures.rate == pytest.approx(figures.count * 100_000 / 80000)
    assert figures.city_rate is not None
    assert 'id="population-note"' in response.content.decode()


def test_it_lets_the_central_coordinator_see_every_unit(central_coordinator, sodermalm):
    response = logged_in(central_coordinator).get(url(sodermalm))
    assert response.status_code == 200
    assert not response.context["suppressed"]


def test_it_suppresses_small_numbers_for_the_manager(jarva_manager, jarva, riots, crime):
    area = AreaAssignment.objects.valid_on().filter(unit=jarva).first().area
    _add(crime, riots, area, _month(THIS_YEAR, 1), 3)
    response = logged_in(jarva_manager).get(url(jarva, source=crime.pk))
    assert response.status_code == 200
    assert response.context["suppressed"]
    assert response.context["count_shown"] == "<5"
    assert "&lt;5" in response.content.decode()
    assert [r["count"] for r in response.context["area_rows"] if r["area"] == area.name] == ["<5"]


def test_it_shows_the_coordinator_small_numbers(jarva_coordinator, jarva, riots, crime):
    area = AreaAssignment.objects.valid_on().filter(unit=jarva).first().area
    _add(crime, riots, area, _month(THIS_YEAR, 1), 3)
    response = logged_in(jarva_coordinator).get(url(jarva, source=crime.pk))
    assert response.context["count_shown"] == 3


def test_it_says_too_little_data(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).get(url(jarva))
    assert response.status_code == 200
    assert not response.context["trend"].enough_data
    assert response.context["trend"].direction == "unknown"
    assert 'id="trend-summary"' in response.content.decode()


def test_it_links_police_spikes_to_the_events(jarva_coordinator, jarva, riots):
    from safecity.situation.views_analysis import _spike_link

    link = _spike_link(riots.pk, dt.date(2022, 4, 1), "month")
    assert link.startswith(reverse("situation:events"))
    assert "date_from=2022-04-01" in link and "date_to=2022-04-30" in link


@pytest.mark.parametrize(
    "who",
    [
        "sodermalm_coordinator",
        "employee",
        "intake_officer",
        "partner",
        "dpo",
        "administrator",
        "no_role_user",
    ],
)
def test_it_refuses_and_logs_everyone_else(request, who, jarva):
    user = request.getfixturevalue(who)
    response = logged_in(user).get(url(jarva))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_it_refuses_a_manager_of_another_unit(jarva_manager, sodermalm):
    assert logged_in(jarva_manager).get(url(sodermalm)).status_code == 403


def test_it_requires_login(client, jarva):
    response = client.get(url(jarva))
    assert response.status_code == 302


def test_it_sends_each_user_to_their_units_dashboard(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).get(reverse("situation:dashboard_home"))
    assert response.url == url(jarva)


def test_it_rejects_years_in_the_wrong_order(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).get(url(jarva, year_from=THIS_YEAR, year_to=THIS_YEAR - 2))
    assert response.status_code == 200
    assert response.context["form"].errors["year_to"]
