"""Browser test of the e-learning: an employee answers, gets feedback and passes; a coordinator
then sees the completion in the coverage. Every page is checked with axe-core, for CSP violations and
for JavaScript errors. Run with `make test-browser`; reuses the session's Chromium when one is open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

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


def _plan_setup():
    import importlib

    from safecity.plans.models import MeasureStatus, Theme
    from safecity.plans.setup import load_plan_setup

    if not Theme.objects.exists():
        themes = importlib.import_module("safecity.plans.migrations.0002_capital_code_themes").THEMES
        for number, name, name_en in themes:
            Theme.objects.create(number=number, name=name, name_en=name_en)
    if not MeasureStatus.objects.exists():
        load_plan_setup("stockholm")


def test_targets_programmes_and_the_reach_of_a_training_measure(chromium_for_competence, live_server):
    from safecity.competence.models import CoverageTarget, MeasureProgramme
    from safecity.plans import actions as plan_actions
    from safecity.plans.models import Measure, MeasureStatus, Plan

    _plan_setup()
    today = timezone.localdate()
    jarva = Unit.objects.get(code="jarva")
    preschool = Function.objects.get(code="preschool")
    programme = Programme.objects.create(code="vagledningen", title="Vägledningen: så gör du")
    programme.target_functions.set([preschool])
    Headcount.objects.create(unit=jarva, function=preschool, year=today.year, number=40)
    central = make_person("central.samordnare", Role.CENTRAL_COORDINATOR, "stadsledningskontoret")
    coordinator = make_person("jarva.samordnare", Role.UNIT_COORDINATOR, "jarva")
    year = plan_actions.do_open_planning_year(
        central,
        jarva.city,
        today.year,
        plan_actions.Deadlines(board_due=today),
    )
    plan = Plan.objects.get(year=year, unit=jarva)
    measure = Measure.objects.create(
        plan=plan, title="Utbilda förskolans personal", status=MeasureStatus.objects.get(code="planned")
    )

    visitor = Visitor(chromium_for_competence, live_server.url, "competence-targets")
    try:
        visitor.log_in(central)
        visitor.goto("/kompetens/mal/")
        visitor.check_page()
        form = visitor.page.locator("main form.stack")
        form.locator("select[name=programme]").select_option(str(programme.pk))
        form.locator("select[name=function]").select_option(str(preschool.pk))
        form.locator("input[name=share]").fill("150")
        visitor.submit(form.locator("button[type=submit]"))
        assert visitor.page.locator("main [role=alert]").count() >= 1
        assert not CoverageTarget.objects.exists()
        visitor.check_page()
        form = visitor.page.locator("main form.stack")
        form.locator("input[name=share]").fill("70")
        visitor.submit(form.locator("button[type=submit]"))
        assert CoverageTarget.objects.get().share == 70
        visitor.check_page()
        visitor.goto("/kompetens/program/")
        visitor.check_page()
        visitor.goto("/kompetens/program/nytt/")
        visitor.check_page()
        visitor.goto("/kompetens/?unit=jarva")
        visitor.check_page()
    finally:
        visitor.close()

    visitor = Visitor(chromium_for_competence, live_server.url, "competence-reach")
    try:
        visitor.log_in(coordinator)
        visitor.goto(f"/kompetens/atgard/{measure.pk}/program/")
        visitor.check_page()
        visitor.page.locator(f"input[name=programmes][value='{programme.pk}']").check()
        visitor.submit(visitor.page.locator("main form.stack button[type=submit]"))
        assert visitor.path == f"/kompetens/rackvidd/{plan.pk}/"
        assert MeasureProgramme.objects.filter(measure=measure, programme=programme).exists()
        assert "Utbilda förskolans personal" in visitor.page.locator("main table caption").first.inner_text()
        visitor.check_page()
    finally:
        visitor.close()
