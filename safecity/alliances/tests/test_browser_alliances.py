"""Browser test of the partner registry: a unit coordinator filters the directory, registers a partner,
looks at the network chart and the indicators; a partner sees only what is shared with it.
Run with `make test-browser`; every page is screenshotted and checked with axe-core, for
Content-Security-Policy violations and for JavaScript errors. Reuses the session's Chromium."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from safecity.alliances.models import Agreement, MeasurePartner, Meeting, Partner
from safecity.alliances.tests.fixtures import make_partner
from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.organisation.loader import load
from safecity.organisation.models import City, Unit
from safecity.plans import actions as plan_actions
from safecity.plans.models import MeasureStatus, Plan, Theme
from safecity.plans.setup import load_plan_setup
from safecity.plans.tests.plan_pages import measure

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_alliances():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")


def test_a_coordinator_uses_the_registry_and_a_partner_sees_only_its_share(
    chromium_for_alliances, live_server, jarva_coordinator, partner
):
    jarva = Unit.objects.get(code="jarva")
    sodermalm = Unit.objects.get(code="sodermalm")
    police = make_partner("Lokalpolisområde Järva", Partner.Kind.POLICE, [jarva], ["rinkeby"])
    make_partner("Svenska Bostäder", Partner.Kind.HOUSING, [jarva, sodermalm], ["husby"])
    make_partner("Stockholms moské", Partner.Kind.FAITH, [sodermalm])
    police.accounts.add(partner)

    coordinator = Visitor(chromium_for_alliances, live_server.url, "alliances-coordinator")
    try:
        coordinator.log_in(jarva_coordinator)
        coordinator.goto("/samverkan/")
        coordinator.check_page()
        coordinator.page.locator("#id_kind").select_option("housing")
        coordinator.submit(coordinator.page.locator("main form[role=search] button"))
        rows = coordinator.page.locator("main table tbody th").all_inner_texts()
        assert rows == ["Svenska Bostäder"]
        coordinator.check_page()

        coordinator.goto("/samverkan/ny/")
        coordinator.page.locator("#id_name").fill("Tensta konsthall")
        coordinator.page.locator("#id_kind").select_option("civil_society")
        coordinator.page.locator(f"input[name=units][value='{jarva.pk}']").check()
        coordinator.check_page()
        coordinator.submit(coordinator.page.locator("main form button[type=submit]"))
        assert coordinator.page.locator("h1").inner_text() == "Tensta konsthall"
        coordinator.check_page()

        coordinator.goto("/samverkan/natverk/")
        coordinator.page.locator("#alliances-network svg.marks").wait_for()
        coordinator.check_page()
        coordinator.goto("/samverkan/indikatorer/")
        coordinator.check_page()
    finally:
        coordinator.close()

    visitor = Visitor(chromium_for_alliances, live_server.url, "alliances-partner")
    try:
        visitor.log_in(partner)
        visitor.goto("/samverkan/delat/")
        text = visitor.page.locator("main").inner_text()
        assert "Lokalpolisområde Järva" in text
        assert "Svenska Bostäder" not in text
        visitor.check_page()
        visitor.goto("/samverkan/", status=403)
    finally:
        visitor.close()


def _plan_setup_loaded() -> None:
    """Themes and plan configuration, also after an earlier live-server test flushed them."""
    if not Theme.objects.exists():
        themes = importlib.import_module("safecity.plans.migrations.0002_capital_code_themes").THEMES
        for number, name, name_en in themes:
            Theme.objects.create(number=number, name=name, name_en=name_en)
    if not MeasureStatus.objects.exists():
        load_plan_setup("stockholm")


def test_a_coordinator_keeps_agreements_meetings_and_measure_links(
    chromium_for_alliances, live_server, jarva_coordinator, central_coordinator
):
    _plan_setup_loaded()
    jarva = Unit.objects.get(code="jarva")
    police = make_partner("Lokalpolisområde Järva", Partner.Kind.POLICE, [jarva], ["rinkeby"])
    meeting = Meeting.objects.create(
        date=dt.date(2026, 2, 1), topic="Lägesbild", created_by=jarva_coordinator
    )
    meeting.units.set([jarva])
    meeting.partners.set([police])
    year = plan_actions.do_open_planning_year(
        central_coordinator,
        City.objects.get(code="stockholm"),
        2026,
        plan_actions.Deadlines(board_due=dt.date(2026, 2, 28)),
    )
    plan = Plan.objects.get(year=year, unit=jarva)
    parents = measure(jarva_coordinator, plan, "Föräldraträffar")

    visitor = Visitor(chromium_for_alliances, live_server.url, "alliances-agreements")
    try:
        visitor.log_in(jarva_coordinator)
        visitor.goto(f"/samverkan/partner/{police.pk}/avtal/ny/")
        page = visitor.page
        page.locator("#id_kind").select_option("data_sharing")
        page.locator("#id_title").fill("Lägesbildsunderlag")
        page.locator("#id_unit").select_option(str(jarva.pk))
        page.locator("#id_valid_from").fill("2026-01-01")
        page.locator("#id_valid_to").fill("2026-12-31")
        visitor.submit(page.locator("main form button[type=submit]"))
        assert "konsekvensbedömning" in page.locator("main").inner_text()
        visitor.check_page()  # the error is announced next to its field
        page.locator("#id_dpia_reference").fill("DPIA 2026/1")
        visitor.submit(page.locator("main form button[type=submit]"))
        assert Agreement.objects.get().dpia_reference == "DPIA 2026/1"
        visitor.check_page()

        visitor.goto("/samverkan/avtal/")
        assert "Lägesbildsunderlag" in page.locator("main table").inner_text()
        visitor.check_page()

        visitor.goto(f"/samverkan/avtal/{Agreement.objects.get().pk}/avsluta/")
        visitor.check_page()

        visitor.goto(f"/samverkan/moten/{meeting.pk}/andra/")
        page.locator("#id_topic").fill("Lägesbild inför sommaren")
        visitor.submit(page.locator("main form button[type=submit]"))
        visitor.check_page()
        visitor.goto(f"/samverkan/moten/{meeting.pk}/ta-bort/")
        visitor.check_page()

        visitor.goto(f"/samverkan/atgard/{parents.pk}/partner/")
        page.locator("#id_partner").select_option(str(police.pk))
        page.locator("#id_role").fill("deltar i träffarna")
        visitor.submit(page.locator("main form.stack button[type=submit]"))
        assert MeasurePartner.objects.get().role == "deltar i träffarna"
        visitor.check_page()
        visitor.goto("/samverkan/gemensamma-atgarder/")
        assert "Föräldraträffar" in page.locator("main table").inner_text()
        visitor.check_page()
    finally:
        visitor.close()
