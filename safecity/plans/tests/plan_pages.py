"""Helpers for the tests of the plan pages (views/plan.py): plans at each step of their year."""

from __future__ import annotations

import datetime as dt

import pytest

from safecity.plans import actions
from safecity.plans.models import Plan
from safecity.plans.tests.fixtures import status, theme

DECIDED = dt.date(2026, 2, 20)


def measure(user, plan, title="Föräldraträffar", **extra):
    data = {"title": title, "status": status("planned"), "themes": [theme(1)], **extra}
    return actions.do_save_measure(user, plan, **data)


def adopt(plan, coordinator):
    actions.do_send_to_board(coordinator, plan)
    actions.do_record_board_decision(coordinator, plan, DECIDED, "SDN 2026/12")


def approve(plan, coordinator, central):
    adopt(plan, coordinator)
    actions.do_comment(central, plan, "Bra plan.")
    actions.do_approve(central, plan)
    plan.refresh_from_db()
    return plan


def reload(plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


@pytest.fixture
def approved_plan(jarva_plan, jarva_coordinator, central_coordinator):
    measure(jarva_coordinator, jarva_plan)
    return approve(jarva_plan, jarva_coordinator, central_coordinator)


@pytest.fixture
def adopted_plan(jarva_plan, jarva_coordinator):
    measure(jarva_coordinator, jarva_plan)
    adopt(jarva_plan, jarva_coordinator)
    return reload(jarva_plan)


@pytest.fixture
def returned_plan(adopted_plan, central_coordinator):
    actions.do_comment(central_coordinator, adopted_plan, "Beskriv samverkan med polisen.")
    actions.do_return_plan(central_coordinator, adopted_plan)
    return reload(adopted_plan)
