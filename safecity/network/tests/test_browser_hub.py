"""Browser test of the network hub: a central coordinator imports a profile file, compares the cities
(chart and table), opens a city and searches the good practices. Every page is checked with axe-core,
for Content-Security-Policy violations and JavaScript errors. Run with `make test-browser`."""

from __future__ import annotations

import pytest

from safecity.core.tests.browser import module_browser
from safecity.core.tests.test_browser import Visitor
from safecity.network import hub
from safecity.network.hub import DEMO_DIR
from safecity.organisation.loader import load
from safecity.organisation.models import City
from safecity.plans.setup import load_plan_setup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_hub():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
        load_plan_setup("stockholm")


def test_a_central_coordinator_imports_compares_and_searches(
    chromium_for_hub, live_server, central_coordinator
):
    hub.import_bytes(None, (DEMO_DIR / "sjoby.json").read_bytes(), is_demo=True)
    visitor = Visitor(chromium_for_hub, live_server.url, "hub-central")
    try:
        visitor.log_in(central_coordinator)
        visitor.goto("/profil/natverk/importera/")
        visitor.check_page()
        visitor.page.locator("#id_file").set_input_files(str(DEMO_DIR / "norrhavn.json"))
        visitor.submit(visitor.page.locator("main form button[type=submit]"))
        assert "Norrhavn" in visitor.page.locator("h1").inner_text()
        visitor.check_page()

        visitor.goto("/profil/natverk/")
        visitor.page.locator("#hub-themes svg.marks").wait_for()
        headers = visitor.page.locator("table.hub-compare thead th").all_inner_texts()
        assert any("Norrhavn" in h for h in headers) and any("Sjöby" in h for h in headers)
        visitor.check_page()

        visitor.goto("/profil/natverk/goda-exempel/")
        visitor.page.locator("#id_level").select_option("individual")
        visitor.submit(visitor.page.locator("main form[role=search] button"))
        titles = visitor.page.locator("main article h3").all_inner_texts()
        assert len(titles) == 1 and "Samtal efter hot" in titles[0]
        visitor.check_page()
    finally:
        visitor.close()
