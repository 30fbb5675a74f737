"""Browser test of the partner registry: a unit coordinator filters the directory, registers a partner,
looks at the network chart and the indicators; a partner sees only what is shared with it.
Run with `make test-browser`; every page is screenshotted and checked with axe-core, for
Content-Security-Policy violations and for JavaScript errors. Reuses the session's Chromium."""

from __future__ import annotations

import pytest

from safecity.alliances.models import Partner
from safecity.alliances.tests.fixtures import make_partner
from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.organisation.loader import load
from safecity.organisation.models import City, Unit

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
