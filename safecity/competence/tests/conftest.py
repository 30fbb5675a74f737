import datetime as dt

import pytest

from safecity.competence.models import Programme, Question, Quiz, QuizVersion
from safecity.guidance.models import Situation
from safecity.organisation.models import Function

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def preschool(db):
    return Function.objects.get(code="preschool")


@pytest.fixture
def school(db):
    return Function.objects.get(code="school")


@pytest.fixture
def guidance_programme(db, preschool, school):
    programme = Programme.objects.create(
        code="vagledningen", title="Vägledningen: så gör du", title_en="The guidance: how to act"
    )
    programme.target_functions.set([preschool, school])
    return programme


@pytest.fixture
def quiz_version(guidance_programme):
    situation = Situation.objects.get(code="worried-about-a-young-person")
    quiz = Quiz.objects.create(situation=situation, programme=guidance_programme)
    version = QuizVersion.objects.create(
        quiz=quiz, number=1, published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    Question.objects.create(
        version=version,
        position=0,
        text="Vem kontaktar du först?",
        text_en="Whom do you contact first?",
        choices="Chefen och samordnaren\nIngen",
        choices_en="Your manager and the coordinator\nNo one",
        correct=1,
        explanation="Dela oron.",
        explanation_en="Share the worry.",
    )
    Question.objects.create(
        version=version,
        position=1,
        text="Vad ska du inte göra?",
        text_en="What should you not do?",
        choices="Lyssna\nKonfrontera",
        choices_en="Listen\nConfront",
        correct=2,
        explanation="Konfrontation stänger samtalet.",
        explanation_en="Confronting closes the conversation.",
    )
    return version


from safecity.plans.tests.fixtures import city, jarva_plan, planning_year, sodermalm_plan  # noqa: E402,F401
