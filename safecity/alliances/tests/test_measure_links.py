"""Links from measures to partners: a unit coordinator links partners to their own unit's measures
(central to any); the plans' read rules decide who sees a link; the counts feed the indicators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.alliances import indicators
from safecity.alliances.models import MeasurePartner, Partner
from safecity.alliances.tests.fixtures import make_partner
from safecity.core.models import AccessLogEntry
from safecity.plans.tests.plan_pages import measure


@pytest.fixture
def jarva_measure(jarva_plan, jarva_coordinator):
    return measure(jarva_coordinator, jarva_plan, "Föräldraträffar i Rinkeby")


@pytest.fixture
def sodermalm_measure(sodermalm_plan, sodermalm_coordinator):
    return measure(sodermalm_coordinator, sodermalm_plan, "Nattvandring på Medborgarplatsen")


def url(m) -> str:
    return reverse("alliances:measure_partners", args=[m.pk])


@pytest.mark.parametrize("role", ["jarva_coordinator", "central_coordinator"])
def test_the_units_coordinator_and_central_link_a_partner_with_its_part(role, request, jarva_measure, police):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    assert client.get(url(jarva_measure)).status_code == 200
    response = client.post(url(jarva_measure), {"partner": police.pk, "role": "leder trygghetsvandringarna"})
    assert response.status_code == 302
    link = MeasurePartner.objects.get()
    assert (link.measure, link.partner, link.role) == (jarva_measure, police, "leder trygghetsvandringarna")
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.CREATE).exists()


def test_linking_again_changes_the_part(jarva_coordinator, jarva_measure, police):
    client = logged_in(jarva_coordinator)
    client.post(url(jarva_measure), {"partner": police.pk, "role": "deltar"})
    client.post(url(jarva_measure), {"partner": police.pk, "role": "leder"})
    assert list(MeasurePartner.objects.values_list("role", flat=True)) == ["leder"]


def test_a_part_with_personal_data_is_refused_with_a_message(jarva_coordinator, jarva_measure, police):
    response = logged_in(jarva_coordinator).post(
        url(jarva_measure), {"partner": police.pk, "role": "Kontakt: anna@example.com"}
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not MeasurePartner.objects.exists()


def test_a_missing_partner_is_named(jarva_coordinator, jarva_measure):
    response = logged_in(jarva_coordinator).post(url(jarva_measure), {"partner": "", "role": "x"})
    assert "partner" in response.context["form"].errors
    assert not MeasurePartner.objects.exists()


def test_the_coordinator_removes_a_link(jarva_coordinator, jarva_measure, police):
    link = MeasurePartner.objects.create(measure=jarva_measure, partner=police)
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:unlink_partner", args=[jarva_measure.pk, link.pk])
    )
    assert response.status_code == 302
    assert not MeasurePartner.objects.exists()


def test_removing_needs_a_post(jarva_coordinator, jarva_measure, police):
    link = MeasurePartner.objects.create(measure=jarva_measure, partner=police)
    client = logged_in(jarva_coordinator)
    assert (
        client.get(reverse("alliances:unlink_partner", args=[jarva_measure.pk, link.pk])).status_code == 405
    )
    assert MeasurePartner.objects.exists()


def test_a_link_of_another_measure_is_not_found_through_this_one(
    jarva_coordinator, jarva_measure, jarva_plan, police
):
    other = measure(jarva_coordinator, jarva_plan, "Annan")
    link = MeasurePartner.objects.create(measure=other, partner=police)
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:unlink_partner", args=[jarva_measure.pk, link.pk])
    )
    assert response.status_code == 404
    assert MeasurePartner.objects.exists()


@pytest.mark.parametrize(
    "role",
    [
        "sodermalm_coordinator",
        "jarva_manager",
        "employee",
        "intake_officer",
        "partner",
        "dpo",
        "administrator",
        "no_role_user",
    ],
)
def test_it_refuses_and_logs_linking_for_others(role, request, jarva_measure, police):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    link = MeasurePartner.objects.create(measure=jarva_measure, partner=police, role="deltar")
    assert client.get(url(jarva_measure)).status_code == 403
    assert client.post(url(jarva_measure), {"partner": police.pk, "role": "ändrad"}).status_code == 403
    assert (
        client.post(reverse("alliances:unlink_partner", args=[jarva_measure.pk, link.pk])).status_code == 403
    )
    link.refresh_from_db()
    assert link.role == "deltar"
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.REFUSED).exists()


def test_a_coordinator_links_in_their_approved_plan_too(jarva_coordinator, approved_plan, police):
    approved_measure = approved_plan.measures.first()
    logged_in(jarva_coordinator).post(url(approved_measure), {"partner": police.pk, "role": ""})
    assert MeasurePartner.objects.filter(measure=approved_measure).exists()


def test_it_returns_404_for_a_missing_measure(jarva_coordinator):
    assert (
        logged_in(jarva_coordinator).get(reverse("alliances:measure_partners", args=[999999])).status_code
        == 404
    )


# --- the list of measures with partners -------------------------------------------------------------


def test_the_list_shows_a_draft_plans_links_to_its_own_unit_only(
    jarva_coordinator, sodermalm_coordinator, jarva_measure, police
):
    MeasurePartner.objects.create(measure=jarva_measure, partner=police, role="deltar")
    own = logged_in(jarva_coordinator).get(reverse("alliances:shared_measures"))
    other = logged_in(sodermalm_coordinator).get(reverse("alliances:shared_measures"))
    assert [link.measure for link in own.context["links"]] == [jarva_measure]
    assert list(other.context["links"]) == []
    assert b"Rinkeby" not in other.content


def test_the_list_shows_approved_plans_links_to_all_staff(
    employee, sodermalm_coordinator, approved_plan, police
):
    approved_measure = approved_plan.measures.first()
    MeasurePartner.objects.create(measure=approved_measure, partner=police)
    for user in (employee, sodermalm_coordinator):
        response = logged_in(user).get(reverse("alliances:shared_measures"))
        assert [link.measure for link in response.context["links"]] == [approved_measure]


def test_the_list_filters_by_unit_partner_and_year(
    central_coordinator, jarva_measure, sodermalm_measure, police, church, sodermalm, jarva_plan
):
    MeasurePartner.objects.create(measure=jarva_measure, partner=police)
    MeasurePartner.objects.create(measure=sodermalm_measure, partner=church)
    client = logged_in(central_coordinator)
    by_unit = client.get(reverse("alliances:shared_measures"), {"unit": sodermalm.pk})
    by_partner = client.get(reverse("alliances:shared_measures"), {"partner": police.pk})
    other_year = client.get(reverse("alliances:shared_measures"), {"year": jarva_plan.year.year + 1})
    assert [link.measure for link in by_unit.context["links"]] == [sodermalm_measure]
    assert [link.measure for link in by_partner.context["links"]] == [jarva_measure]
    assert list(other_year.context["links"]) == []


def test_the_count_matches_the_indicator(
    central_coordinator, jarva_measure, jarva_plan, police, housing, jarva
):
    MeasurePartner.objects.create(measure=jarva_measure, partner=police)
    MeasurePartner.objects.create(measure=jarva_measure, partner=housing)
    response = logged_in(central_coordinator).get(reverse("alliances:shared_measures"), {"unit": jarva.pk})
    row = next(r for r in indicators.unit_indicators(jarva_plan.year.year) if r.unit == jarva)
    assert response.context["measure_count"] == row.shared_measures == 1
    assert len(response.context["links"]) == 2


def test_the_list_needs_a_bounded_number_of_queries(
    central_coordinator, jarva_plan, jarva_coordinator, jarva, django_assert_max_num_queries
):
    partners = [make_partner(f"Förening {n}", Partner.Kind.CIVIL_SOCIETY, [jarva]) for n in range(5)]
    for n in range(6):
        m = measure(jarva_coordinator, jarva_plan, f"Insats {n}")
        for p in partners:
            MeasurePartner.objects.create(measure=m, partner=p)
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("alliances:shared_measures"))
    assert len(response.context["links"]) == 30


@pytest.mark.parametrize("role", ["intake_officer", "partner", "dpo", "administrator", "no_role_user"])
def test_it_refuses_and_logs_the_list_for_other_roles(role, request):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(reverse("alliances:shared_measures")).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.REFUSED).exists()


def test_the_partner_page_hides_a_draft_link_from_other_units(sodermalm_coordinator, jarva_measure, police):
    MeasurePartner.objects.create(measure=jarva_measure, partner=police)
    response = logged_in(sodermalm_coordinator).get(reverse("alliances:partner", args=[police.pk]))
    assert list(response.context["links"]) == []
