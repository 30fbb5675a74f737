"""Browser test of the e-learning: an employee answers, gets feedback and passes; a coordinator
then sees the completion in the coverage. Every page is checked with axe-core, for CSP violations and
for JavaScript errors. Run with `make test-browser`; reuses the session's Chromium when one is open."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_person
from safecity.competence.models import Completion, Headcount, Programme, Question, Quiz, QuizVersion
from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.guidance.models import Situation
from safecity.guidance.setup import load_guidance
from safecity.organisation.loader import load
from safecity.organisation.models import City, Function, Role, Unit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_competence():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
    if not Situation.objects.exists():
        load_guidance("stockholm")


def test_an_employee_passes_the_e_learning_and_the_coordinator_sees_it(chromium_for_competence, live_server):
    jarva = Unit.objects.get(code="jarva")
    preschool = Function.objects.get(code="preschool")
    programme = Programme.objects.create(code="vagledningen", title="Vägledningen: så gör du")
    programme.target_functions.set([preschool])
    Headcount.objects.create(unit=jarva, function=preschool, year=dt.date.today().year, number=4)  # noqa: DTZ011
    quiz = Quiz.objects.create(situation=Situation.objects.get(code="acute-danger"), programme=programme)
    version = QuizVersion.objects.create(
        quiz=quiz, number=1, published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    Question.objects.create(
        version=version,
        text="Någon är i akut fara. Vad gör du?",
        choices="Ringer 112\nSkickar ett mejl",
        correct=1,
        explanation="Vid akut fara ringer du alltid 112.",
    )
    employee = make_person("forskola.eva", Role.EMPLOYEE, "jarva", "preschool")
    coordinator = make_person("jarva.samordnare", Role.UNIT_COORDINATOR, "jarva")

    visitor = Visitor(chromium_for_competence, live_server.url, "competence-e-learning")
    try:
        visitor.log_in(employee)
        visitor.goto("/kompetens/e-utbildning/")
        visitor.check_page()
        visitor.submit(visitor.page.get_by_role("link", name=quiz.situation.title))
        visitor.check_page()
        visitor.page.get_by_label("Skickar ett mejl").check()
        visitor.submit(visitor.page.locator("main form button.button"))
        assert "Vid akut fara ringer du alltid 112." in visitor.page.locator("main").inner_text()
        visitor.check_page()
        visitor.submit(visitor.page.get_by_role("link", name="Gör den igen"))
        visitor.page.get_by_label("Ringer 112").check()
        visitor.submit(visitor.page.locator("main form button.button"))
        visitor.check_page()
        assert Completion.objects.filter(user=employee, passed=True).count() == 1
    finally:
        visitor.close()

    visitor = Visitor(chromium_for_competence, live_server.url, "competence-coverage")
    try:
        visitor.log_in(coordinator)
        visitor.goto("/kompetens/")
        assert (
            "25.0 %" in visitor.page.locator("main table").inner_text()
            or "25,0 %" in visitor.page.locator("main table").inner_text()
        )
        visitor.check_page()
        visitor.goto("/kompetens/import/")
        visitor.check_page()
        visitor.goto("/kompetens/tillfallen/")
        visitor.check_page()
    finally:
        visitor.close()
