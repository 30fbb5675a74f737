"""Alliance indicators per unit, computed by hand for a small registry."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from conftest import logged_in
from safecity.alliances.indicators import tertial_of, unit_indicators
from safecity.alliances.models import MeasurePartner, Meeting, Partner
from safecity.alliances.tests.fixtures import make_partner
from safecity.plans.tests.plan_pages import measure


def meeting(day, units, partners):
    m = Meeting.objects.create(date=day, topic="Samverkan")
    m.units.set(units)
    m.partners.set(partners)
    return m


def test_tertials_are_four_months_each():
    assert [tertial_of(dt.date(2026, m, 1)) for m in range(1, 13)] == [1] * 4 + [2] * 4 + [3] * 4


def test_it_computes_the_indicators_per_unit(
    police,
    housing,
    church,
    jarva,
    sodermalm,
    jarva_plan,
    sodermalm_plan,
    jarva_coordinator,
    sodermalm_coordinator,
):
    make_partner("Vilande", Partner.Kind.SPORTS, [jarva], active=False)
    # Järva: meetings in January, April (T1), May (T2) and December (T3); one in 2025 does not count.
    meeting(dt.date(2026, 1, 10), [jarva], [police])
    meeting(dt.date(2026, 4, 30), [jarva, sodermalm], [housing])
    meeting(dt.date(2026, 5, 1), [jarva], [police, housing])
    meeting(dt.date(2026, 12, 31), [jarva], [police])
    meeting(dt.date(2025, 12, 31), [jarva], [police])
    # Järva: two measures with partners (one with two partners), one without.
    first = measure(jarva_coordinator, jarva_plan, "Trygghetsvandringar")
    second = measure(jarva_coordinator, jarva_plan, "Föräldraträffar")
    measure(jarva_coordinator, jarva_plan, "Utbildning")
    MeasurePartner.objects.create(measure=first, partner=police)
    MeasurePartner.objects.create(measure=first, partner=housing)
    MeasurePartner.objects.create(measure=second, partner=housing)
    third = measure(sodermalm_coordinator, sodermalm_plan, "Dialog")
    MeasurePartner.objects.create(measure=third, partner=church)

    rows = {row.unit.code: row for row in unit_indicators(2026)}

    assert rows["jarva"].active_partners == 2  # police, housing; not the inactive club
    assert rows["jarva"].meetings == [2, 1, 1]
    assert rows["jarva"].shared_measures == 2
    assert rows["sodermalm"].active_partners == 2  # housing, church
    assert rows["sodermalm"].meetings == [1, 0, 0]
    assert rows["sodermalm"].shared_measures == 1
    assert rows["farsta"].active_partners == 0
    assert rows["farsta"].meetings == [0, 0, 0]
    assert "stadsledningskontoret" not in rows


def test_the_indicator_page_needs_a_bounded_number_of_queries(
    employee, jarva, police, django_assert_max_num_queries
):
    for n in range(40):
        meeting(dt.date(2026, 1 + n % 12, 1), [jarva], [police])
    client = logged_in(employee)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("alliances:indicators"), {"year": 2026})
    rows = {row.unit.code: row for row in response.context["rows"]}
    assert rows["jarva"].meetings_total == 40
