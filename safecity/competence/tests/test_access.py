"""Who may open which competence page; every refusal is logged."""

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry

COORDINATOR_PAGES = ["competence:coverage", "competence:sessions", "competence:import"]


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
@pytest.mark.parametrize(
    "who", ["employee", "jarva_manager", "intake_officer", "partner", "dpo", "administrator"]
)
def test_it_refuses_and_logs_everyone_but_coordinators(request, who, page):
    user = request.getfixturevalue(who)
    response = logged_in(user).get(reverse(page))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=user, action="refused", object_type="competence.coverage"
    ).exists()


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
@pytest.mark.parametrize("who", ["central_coordinator", "jarva_coordinator"])
def test_it_lets_coordinators_in(request, who, page):
    assert logged_in(request.getfixturevalue(who)).get(reverse(page)).status_code == 200


def test_a_unit_coordinator_sees_only_their_unit(
    jarva_coordinator, jarva, sodermalm, guidance_programme, preschool
):
    from safecity.competence.models import Headcount

    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=10)
    Headcount.objects.create(unit=sodermalm, function=preschool, year=2026, number=10)
    response = logged_in(jarva_coordinator).get(reverse("competence:coverage"))
    units = {cell.unit for cell in response.context["coverage"].cells}
    assert units == {jarva}


def test_the_central_coordinator_sees_every_unit(
    central_coordinator, jarva, sodermalm, guidance_programme, preschool
):
    from safecity.competence.models import Headcount

    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=10)
    Headcount.objects.create(unit=sodermalm, function=preschool, year=2026, number=10)
    response = logged_in(central_coordinator).get(reverse("competence:coverage"))
    assert {cell.unit for cell in response.context["coverage"].cells} == {jarva, sodermalm}


def test_the_coverage_page_uses_a_bounded_number_of_queries(
    central_coordinator, guidance_programme, preschool, django_assert_max_num_queries
):
    from safecity.competence.models import Headcount
    from safecity.organisation.models import Unit

    for unit in Unit.objects.all():
        Headcount.objects.create(unit=unit, function=preschool, year=2026, number=10)
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("competence:coverage")).status_code == 200


def test_the_coverage_exports_as_xlsx(central_coordinator, jarva, guidance_programme, preschool):
    from safecity.competence.models import Headcount
    from safecity.core import tabular

    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=10)
    response = logged_in(central_coordinator).get(reverse("competence:coverage"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = tabular.read_table(response.content, "x.xlsx")
    assert table.rows[0].values[:5] == ["Järva", "Förskola", "Vägledningen: så gör du", 10, 0]
    assert AccessLogEntry.objects.filter(user=central_coordinator, action="export").exists()


def test_a_unit_coordinator_cannot_register_a_session_for_another_unit(
    jarva_coordinator, sodermalm, guidance_programme, preschool
):
    from safecity.competence import actions

    with pytest.raises(actions.Refused):
        actions.do_register_session(
            jarva_coordinator,
            date="2026-01-01",
            programme=guidance_programme,
            unit=sodermalm,
            function=preschool,
            format="classroom",
            participants=5,
        )
    assert AccessLogEntry.objects.filter(user=jarva_coordinator, action="refused").exists()


def test_a_coordinator_registers_a_session(jarva_coordinator, jarva, guidance_programme, preschool):
    from safecity.competence.models import Session

    response = logged_in(jarva_coordinator).post(
        reverse("competence:sessions"),
        {
            "date": "2026-03-01",
            "programme": guidance_programme.pk,
            "unit": jarva.pk,
            "function": preschool.pk,
            "format": "digital",
            "participants": "14",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.unit, session.participants, session.created_by) == (jarva, 14, jarva_coordinator)


def test_the_session_form_offers_only_the_coordinators_units(
    jarva_coordinator, sodermalm, guidance_programme, preschool
):
    from safecity.competence.models import Session

    response = logged_in(jarva_coordinator).post(
        reverse("competence:sessions"),
        {
            "date": "2026-03-01",
            "programme": guidance_programme.pk,
            "unit": sodermalm.pk,
            "function": preschool.pk,
            "format": "digital",
            "participants": "14",
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Session.objects.exists()
