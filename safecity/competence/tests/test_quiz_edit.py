"""The central coordinator writes the e-learning's questions; each save is a new published version."""

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.competence.models import Completion, QuizVersion
from safecity.core.models import AccessLogEntry

URL = reverse("competence:quiz_edit", args=["worried-about-a-young-person"])


def form_data(*questions):
    data = {"q-TOTAL_FORMS": str(len(questions)), "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "1"}
    for n, question in enumerate(questions):
        for key, value in question.items():
            data[f"q-{n}-{key}"] = value
    return data


QUESTION = {
    "text": "Vem ringer du vid akut fara?",
    "text_en": "Whom do you call in acute danger?",
    "choices": "112\nSamordnaren",
    "choices_en": "112\nThe coordinator",
    "correct": "1",
    "explanation": "Alltid 112.",
    "explanation_en": "Always 112.",
}


def test_the_central_coordinator_publishes_a_new_version(central_coordinator, quiz_version, employee):
    Completion.objects.create(
        user=employee, version=quiz_version, unit=employee.role_assignments.get().unit, passed=True
    )
    response = logged_in(central_coordinator).post(URL, form_data(QUESTION))
    assert response.status_code == 302
    new = QuizVersion.objects.get(number=2)
    assert [q.text for q in new.questions.all()] == ["Vem ringer du vid akut fara?"]
    assert new.quiz.current_version() == new
    # The earlier version and what was taken on it are untouched.
    assert quiz_version.questions.count() == 2
    assert Completion.objects.get().version == quiz_version


def test_it_refuses_a_correct_answer_that_is_not_a_choice(central_coordinator, quiz_version):
    response = logged_in(central_coordinator).post(URL, form_data({**QUESTION, "correct": "3"}))
    assert response.status_code == 200
    assert not QuizVersion.objects.filter(number=2).exists()


def test_it_refuses_english_choices_that_do_not_match(central_coordinator, quiz_version):
    response = logged_in(central_coordinator).post(URL, form_data({**QUESTION, "choices_en": "112"}))
    assert response.status_code == 200
    assert not QuizVersion.objects.filter(number=2).exists()


@pytest.mark.parametrize("who", ["jarva_coordinator", "employee", "dpo", "administrator"])
def test_only_the_central_coordinator_edits(request, who, quiz_version):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(URL).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused", object_type="competence.quiz").exists()


def test_the_editor_shows_the_current_questions(central_coordinator, quiz_version):
    response = logged_in(central_coordinator).get(URL)
    assert response.status_code == 200
    assert "Vem kontaktar du först?" in response.text


def test_saving_the_form_as_shown_keeps_the_questions_in_a_new_version(central_coordinator, quiz_version):
    client = logged_in(central_coordinator)
    formset = client.get(URL).context["formset"]
    data = {"q-TOTAL_FORMS": str(len(formset.forms)), "q-INITIAL_FORMS": str(formset.initial_form_count())}
    data["q-MIN_NUM_FORMS"], data["q-MAX_NUM_FORMS"] = "1", "1000"
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value not in (None, False):
                data[f"{form.prefix}-{name}"] = value
    response = client.post(URL, data)
    assert response.status_code == 302
    new = QuizVersion.objects.get(number=2)
    assert [q.correct for q in new.questions.all()] == [1, 2]
