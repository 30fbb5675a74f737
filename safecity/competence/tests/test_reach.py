"""Training measures linked to programmes, and the reach their plan's follow-up shows."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from conftest import logged_in, make_person
from safecity.competence import reach
from safecity.competence.models import Headcount, MeasureProgramme, Programme, Session
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Role
from safecity.plans.models import Measure, MeasureStatus, Plan


@pytest.fixture
def training(jarva_plan):
    return Measure.objects.create(
        plan=jarva_plan, title="Utbilda förskolans personal", status=MeasureStatus.objects.get(code="planned")
    )


@pytest.fixture
def sodermalm_training(sodermalm_plan):
    return Measure.objects.create(
        plan=sodermalm_plan,
        title="Utbilda skolans personal",
        status=MeasureStatus.objects.get(code="planned"),
    )


def held(unit, function, programme, date, participants, attendees=()):
    session = Session.objects.create(
        date=date,
        programme=programme,
        unit=unit,
        function=function,
        format="classroom",
        participants=participants,
    )
    session.attendees.set(attendees)
    return session


@pytest.fixture
def figures(jarva, sodermalm, preschool, school, guidance_programme, training):
    MeasureProgramme.objects.create(measure=training, programme=guidance_programme)
    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=40)
    Headcount.objects.create(unit=jarva, function=school, year=2025, number=10)
    anna = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    held(jarva, preschool, guidance_programme, dt.date(2026, 2, 1), 10, [anna])  # T1
    held(jarva, preschool, guidance_programme, dt.date(2026, 6, 1), 1, [anna])  # T2, Anna again
    held(jarva, school, guidance_programme, dt.date(2026, 3, 1), 25)  # T1, more than the 10 staff
    held(jarva, preschool, guidance_programme, dt.date(2025, 12, 1), 30)  # last year: not counted
    held(sodermalm, preschool, guidance_programme, dt.date(2026, 2, 1), 30)  # another unit


def test_it_counts_sessions_participants_and_staff_reached_per_period(figures, training):
    t1 = reach.reach_for_measures([training.pk], dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    [row] = t1[training.pk]
    assert (row["sessions"], row["participants"]) == (2, 35)
    # Preschool 10 of 40, school 10 of 10 (25 capped at the headcount): 20 of 50.
    assert (row["staff_reached"], row["coverage_pct"]) == (20, 40)
    year = reach.reach_for_measures([training.pk], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    [row] = year[training.pk]
    # Anna in two sessions counts once toward staff reached, though both sessions count as held.
    assert (row["sessions"], row["participants"], row["staff_reached"]) == (3, 36, 20)


def test_measures_without_programmes_are_left_out(figures, jarva_plan):
    other = Measure.objects.create(
        plan=jarva_plan, title="Annat", status=MeasureStatus.objects.get(code="planned")
    )
    assert other.pk not in reach.reach_for_measures([other.pk], dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_reach_uses_a_bounded_number_of_queries(
    figures, jarva_plan, guidance_programme, preschool, django_assert_max_num_queries
):
    for number in range(8):
        programme = Programme.objects.create(code=f"p{number}", title=f"P {number}")
        programme.target_functions.set([preschool])
        measure = Measure.objects.create(
            plan=jarva_plan, title=f"Åtgärd {number}", status=MeasureStatus.objects.get(code="planned")
        )
        MeasureProgramme.objects.create(measure=measure, programme=programme)
        MeasureProgramme.objects.create(measure=measure, programme=guidance_programme)
    measures = list(jarva_plan.measures.all())
    with django_assert_max_num_queries(20):
        rows = reach.plan_reach(jarva_plan, measures)
    assert len(rows) == 9


# --- linking a measure to programmes -------------------------------------------------------------------


def test_the_unit_coordinator_links_a_measure_to_programmes(jarva_coordinator, training, guidance_programme):
    other = Programme.objects.create(code="annat", title="Annat")
    url = reverse("competence:measure_programmes", args=[training.pk])
    client = logged_in(jarva_coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"programmes": [guidance_programme.pk, other.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("competence:reach", args=[training.plan_id])
    assert set(MeasureProgramme.objects.values_list("programme_id", flat=True)) == {
        guidance_programme.pk,
        other.pk,
    }
    client.post(url, {"programmes": [other.pk]})
    assert list(MeasureProgramme.objects.values_list("programme_id", flat=True)) == [other.pk]
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="change", object_id=training.pk
    ).exists()


def test_the_central_coordinator_may_link_too(central_coordinator, training, guidance_programme):
    url = reverse("competence:measure_programmes", args=[training.pk])
    assert (
        logged_in(central_coordinator).post(url, {"programmes": [guidance_programme.pk]}).status_code == 302
    )
    assert MeasureProgramme.objects.filter(measure=training).count() == 1


def test_an_unknown_programme_is_refused_with_a_message(jarva_coordinator, training):
    url = reverse("competence:measure_programmes", args=[training.pk])
    response = logged_in(jarva_coordinator).post(url, {"programmes": ["99999"]})
    assert response.status_code == 200
    assert "programmes" in response.context["form"].errors
    assert not MeasureProgramme.objects.exists()


@pytest.mark.parametrize(
    "who", ["employee", "jarva_manager", "intake_officer", "partner", "dpo", "no_role_user"]
)
def test_it_refuses_linking_to_everyone_but_coordinators(request, who, training, guidance_programme):
    user = request.getfixturevalue(who)
    url = reverse("competence:measure_programmes", args=[training.pk])
    assert logged_in(user).post(url, {"programmes": [guidance_programme.pk]}).status_code == 403
    assert not MeasureProgramme.objects.exists()
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_another_units_coordinator_cannot_link_a_draft_measure(
    sodermalm_coordinator, training, guidance_programme
):
    url = reverse("competence:measure_programmes", args=[training.pk])
    assert (
        logged_in(sodermalm_coordinator).post(url, {"programmes": [guidance_programme.pk]}).status_code == 403
    )
    assert not MeasureProgramme.objects.exists()


def test_another_units_coordinator_cannot_link_a_published_measure(
    sodermalm_coordinator, training, guidance_programme
):
    Plan.objects.filter(pk=training.plan_id).update(status=Plan.Status.APPROVED)
    url = reverse("competence:measure_programmes", args=[training.pk])
    # plans/access.py lets them read the approved plan; competence refuses the link and logs it.
    assert (
        logged_in(sodermalm_coordinator).post(url, {"programmes": [guidance_programme.pk]}).status_code == 403
    )
    assert not MeasureProgramme.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=sodermalm_coordinator, action="refused", object_type="plans.measure", object_id=training.pk
    ).exists()


def test_an_unknown_measure_is_not_found(jarva_coordinator):
    url = reverse("competence:measure_programmes", args=[999999])
    assert logged_in(jarva_coordinator).get(url).status_code == 404


# --- the reach page and the fragment for the plan's follow-up ------------------------------------------


def test_the_unit_coordinator_sees_the_reach_of_the_plan(
    jarva_coordinator, figures, jarva_plan, django_assert_max_num_queries
):
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("competence:reach", args=[jarva_plan.pk]))
    assert response.status_code == 200
    [row] = response.context["rows"]
    labels = [str(label) for label, _figures in row.programmes[0]["periods"]]
    assert len(labels) == 3
    figures_by_period = [f.as_dict() for _label, f in row.programmes[0]["periods"]]
    assert [f["sessions"] for f in figures_by_period] == [2, 1, 3]
    assert [f["staff_reached"] for f in figures_by_period] == [20, 1, 20]
    assert "Utbilda förskolans personal" in response.content.decode()


@pytest.mark.parametrize("who", ["employee", "jarva_manager", "partner", "dpo", "intake_officer"])
def test_it_refuses_the_reach_to_others(request, who, jarva_plan):
    Plan.objects.filter(pk=jarva_plan.pk).update(status=Plan.Status.APPROVED)
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("competence:reach", args=[jarva_plan.pk])).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_another_units_coordinator_is_refused_the_reach(sodermalm_coordinator, jarva_plan):
    client = logged_in(sodermalm_coordinator)
    assert client.get(reverse("competence:reach", args=[jarva_plan.pk])).status_code == 403
    Plan.objects.filter(pk=jarva_plan.pk).update(status=Plan.Status.APPROVED)
    assert client.get(reverse("competence:reach", args=[jarva_plan.pk])).status_code == 403


def test_the_central_coordinator_sees_the_reach(central_coordinator, figures, jarva_plan):
    assert (
        logged_in(central_coordinator).get(reverse("competence:reach", args=[jarva_plan.pk])).status_code
        == 200
    )


def _render_tag(user, plan) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load competence %}{% measure_reach plan %}").render(
        Context({"request": request, "plan": plan})
    )


def test_the_template_tag_shows_the_reach_to_the_plans_coordinator(jarva_coordinator, figures, jarva_plan):
    html = _render_tag(jarva_coordinator, jarva_plan)
    assert "Utbilda förskolans personal" in html
    assert reverse("competence:reach", args=[jarva_plan.pk]) in html


def test_the_template_tag_shows_nothing_to_others(sodermalm_coordinator, employee, figures, jarva_plan):
    assert _render_tag(sodermalm_coordinator, jarva_plan).strip() == ""
    assert _render_tag(employee, jarva_plan).strip() == ""
