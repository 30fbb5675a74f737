"""The e-learning: questions, feedback, a completion that counts for the person's unit and function."""

import pytest
from django.urls import reverse

from conftest import logged_in, make_person
from safecity.competence.models import Completion
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Role

URL = reverse("competence:quiz", args=["worried-about-a-young-person"])


def test_an_employee_passes_and_it_is_recorded(quiz_version, jarva):
    person = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    response = logged_in(person).post(URL, {"q0": "1", "q1": "2"})
    assert response.status_code == 200
    assert response.context["passed"]
    completion = Completion.objects.get(user=person)
    assert (completion.passed, completion.unit, completion.function.code) == (True, jarva, "preschool")


def test_a_wrong_answer_gets_the_explanation_and_does_not_pass(quiz_version, employee):
    response = logged_in(employee).post(URL, {"q0": "2", "q1": "2"})
    assert not response.context["passed"]
    assert "Dela oron." in response.text
    assert Completion.objects.get(user=employee).passed is False


def test_every_question_must_be_answered(quiz_version, employee):
    response = logged_in(employee).post(URL, {"q0": "1"})
    assert response.context["feedback"] is None
    assert not Completion.objects.exists()


def test_a_partner_cannot_take_it(quiz_version, partner):
    assert logged_in(partner).get(URL).status_code == 403
    assert AccessLogEntry.objects.filter(
        user=partner, action="refused", object_type="competence.quiz"
    ).exists()


@pytest.mark.parametrize("who", ["employee", "jarva_coordinator", "intake_officer"])
def test_staff_see_the_list(request, who, quiz_version):
    response = logged_in(request.getfixturevalue(who)).get(reverse("competence:quizzes"))
    assert response.status_code == 200
    assert "worried-about-a-young-person" in response.text
