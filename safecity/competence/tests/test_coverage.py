"""Coverage numbers computed by hand from a handful of headcounts, sessions and completions."""

import datetime as dt

import pytest
from django.test.utils import override_settings

from conftest import make_person
from safecity.competence import coverage
from safecity.competence.models import Completion, CoverageTarget, Headcount, Session
from safecity.organisation.models import Role, Unit

from .conftest import TODAY


def session(unit, function, programme, date, participants):
    return Session.objects.create(
        date=date,
        programme=programme,
        unit=unit,
        function=function,
        format="classroom",
        participants=participants,
    )


@pytest.fixture
def skarholmen(db):
    return Unit.objects.get(code="skarholmen")


@pytest.fixture
def figures(jarva, skarholmen, preschool, school, guidance_programme):
    # Järva preschool: 40 staff this year (the 2025 figure of 100 is older, so not used).
    Headcount.objects.create(unit=jarva, function=preschool, year=2025, number=100)
    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=40)
    Headcount.objects.create(unit=jarva, function=school, year=2026, number=10)
    Headcount.objects.create(unit=skarholmen, function=preschool, year=2026, number=25)
    # A figure for next year does not count yet.
    Headcount.objects.create(unit=skarholmen, function=preschool, year=2027, number=999)
    session(jarva, preschool, guidance_programme, dt.date(2025, 3, 1), 12)
    session(jarva, preschool, guidance_programme, dt.date(2026, 5, 1), 8)
    # Older than 24 months before 2026-06-15: not counted.
    session(jarva, preschool, guidance_programme, dt.date(2024, 6, 14), 30)
    # More participants than staff: capped at the headcount.
    session(jarva, school, guidance_programme, dt.date(2026, 1, 10), 15)
    CoverageTarget.objects.create(function=preschool, programme=guidance_programme, share=80)


def cell(result, unit, function):
    return next(c for c in result.cells if c.unit == unit and c.function == function)


def test_it_computes_the_share_per_unit_function_and_programme(figures, jarva, preschool, school):
    result = coverage.compute(Unit.objects.filter(code__in=["jarva", "skarholmen"]), today=TODAY)
    assert result.since == dt.date(2024, 6, 15)
    jarva_preschool = cell(result, jarva, preschool)
    assert (jarva_preschool.headcount, jarva_preschool.reached) == (40, 20)
    assert jarva_preschool.share == 50
    assert jarva_preschool.below_target
    jarva_school = cell(result, jarva, school)
    assert (jarva_school.headcount, jarva_school.reached, jarva_school.share) == (10, 10, 100)


def test_it_names_the_gaps_in_words(figures, skarholmen, preschool):
    result = coverage.compute(Unit.objects.filter(code__in=["jarva", "skarholmen"]), today=TODAY)
    gap = cell(result, skarholmen, preschool)
    assert (gap.headcount, gap.reached, gap.share) == (25, 0, 0)
    sentences = [c.gap_sentence() for c in result.gaps]
    assert "Ingen personal inom förskola i Skärholmen har gått ”Vägledningen: så gör du”." in sentences


def test_it_adds_up_the_whole_city(figures, preschool, school):
    result = coverage.compute(Unit.objects.filter(code__in=["jarva", "skarholmen"]), today=TODAY)
    city = {c.function: c for c in result.city}
    # Preschool: 40 + 25 staff, 20 + 0 reached: 30.8 %.
    assert (city[preschool].headcount, city[preschool].reached, str(city[preschool].share)) == (
        65,
        20,
        "30.8",
    )
    assert (city[school].headcount, city[school].reached) == (10, 10)


def test_the_window_is_configurable(figures, jarva, preschool):
    with override_settings(COMPETENCE_WINDOW_MONTHS=6):
        result = coverage.compute(Unit.objects.filter(code="jarva"), today=TODAY)
    assert cell(result, jarva, preschool).reached == 8


def test_a_passed_e_learning_counts_once_per_person(figures, jarva, preschool, quiz_version):
    person = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    for passed in (True, True, False):
        Completion.objects.create(
            user=person,
            version=quiz_version,
            unit=jarva,
            function=preschool,
            passed=passed,
            completed_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        )
    result = coverage.compute(Unit.objects.filter(code="jarva"), today=TODAY)
    assert cell(result, jarva, preschool).reached == 21


def test_it_uses_a_bounded_number_of_queries(figures, django_assert_max_num_queries, guidance_programme):
    units = Unit.objects.valid_on()
    for unit in units:
        for year in (2024, 2025, 2026):
            session(
                unit, guidance_programme.target_functions.first(), guidance_programme, dt.date(year, 2, 1), 3
            )
    # functions, programmes + target functions, targets, headcounts and the four counts of reached
    with django_assert_max_num_queries(10):
        coverage.compute(list(units), today=TODAY)


def test_a_named_person_in_two_sessions_counts_once(jarva, preschool, guidance_programme):
    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=40)
    anna = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    bo = make_person("forskola.bo", Role.EMPLOYEE, "jarva", "preschool")
    first = session(jarva, preschool, guidance_programme, dt.date(2026, 2, 1), 2)
    first.attendees.set([anna, bo])
    second = session(jarva, preschool, guidance_programme, dt.date(2026, 4, 1), 1)
    second.attendees.set([anna])
    result = coverage.compute(Unit.objects.filter(code="jarva"), today=TODAY)
    # Anna and Bo, once each; the sums of participants would say 3.
    assert cell(result, jarva, preschool).reached == 2


def test_participants_without_names_are_taken_as_given(jarva, preschool, guidance_programme):
    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=40)
    anna = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    bo = make_person("forskola.bo", Role.EMPLOYEE, "jarva", "preschool")
    # 10 participants, two of them named: Anna, Bo and 8 without names.
    session(jarva, preschool, guidance_programme, dt.date(2026, 2, 1), 10).attendees.set([anna, bo])
    # Anna again with 5 others without names.
    session(jarva, preschool, guidance_programme, dt.date(2026, 3, 1), 6).attendees.set([anna])
    # More named than the number given: the names count (max of the two).
    session(jarva, preschool, guidance_programme, dt.date(2026, 4, 1), 1).attendees.set([anna, bo])
    # Only a number: taken as given, even if some of them came before.
    session(jarva, preschool, guidance_programme, dt.date(2026, 5, 1), 4)
    result = coverage.compute(Unit.objects.filter(code="jarva"), today=TODAY)
    assert cell(result, jarva, preschool).reached == 2 + 8 + 5 + 0 + 4


def test_a_person_named_in_a_session_who_also_passed_the_e_learning_counts_once(
    jarva, preschool, quiz_version, guidance_programme
):
    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=40)
    anna = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    session(jarva, preschool, guidance_programme, dt.date(2026, 2, 1), 1).attendees.set([anna])
    Completion.objects.create(
        user=anna,
        version=quiz_version,
        unit=jarva,
        function=preschool,
        passed=True,
        completed_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
    )
    result = coverage.compute(Unit.objects.filter(code="jarva"), today=TODAY)
    assert cell(result, jarva, preschool).reached == 1


def test_names_do_not_merge_across_programmes_or_outside_the_window(
    jarva, preschool, school, guidance_programme
):
    from safecity.competence.models import Programme

    other = Programme.objects.create(code="annat", title="Annat")
    other.target_functions.set([preschool])
    Headcount.objects.create(unit=jarva, function=preschool, year=2026, number=40)
    anna = make_person("forskola.anna", Role.EMPLOYEE, "jarva", "preschool")
    session(jarva, preschool, guidance_programme, dt.date(2026, 2, 1), 1).attendees.set([anna])
    session(jarva, preschool, other, dt.date(2026, 2, 1), 1).attendees.set([anna])
    session(jarva, preschool, guidance_programme, dt.date(2023, 2, 1), 1).attendees.set([anna])
    result = coverage.compute(Unit.objects.filter(code="jarva"), today=TODAY)
    reached = {c.programme.code: c.reached for c in result.cells if c.function == preschool}
    assert reached == {"vagledningen": 1, "annat": 1}
