"""Plan fixtures shared by the plans tests: a planning year with every unit's draft plan."""

import datetime as dt

import pytest

from safecity.organisation.models import City
from safecity.plans import actions
from safecity.plans.models import MeasureStatus, Plan, Theme


@pytest.fixture
def city(db):
    return City.objects.get(code="stockholm")


@pytest.fixture
def planning_year(central_coordinator, city):
    return actions.do_open_planning_year(
        central_coordinator, city, 2026, actions.Deadlines(board_due=dt.date(2026, 2, 28))
    )


@pytest.fixture
def jarva_plan(planning_year, jarva):
    return Plan.objects.get(year=planning_year, unit=jarva)


@pytest.fixture
def sodermalm_plan(planning_year, sodermalm):
    return Plan.objects.get(year=planning_year, unit=sodermalm)


def status(code: str) -> MeasureStatus:
    return MeasureStatus.objects.get(code=code)


def theme(number: int) -> Theme:
    return Theme.objects.get(number=number)
