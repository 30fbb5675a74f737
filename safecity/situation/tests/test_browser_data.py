"""Browser test of the data pages: a coordinator uploads a Swedish CSV, maps its columns once, follows
the import, reads its problems, and browses the police events. Run with `make test-browser`; every
page is screenshotted and checked with axe-core, for CSP violations and for JavaScript errors."""

from __future__ import annotations

import pytest

from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.organisation.loader import load
from safecity.organisation.models import City
from safecity.situation.models import ImportRun, Observation
from safecity.situation.police import import_payload
from safecity.situation.setup import load_area_names

from .conftest import SAMPLE

pytestmark = pytest.mark.browser

GOOD = "Anmälda brott\r\nOmråde;Brottstyp;År;Antal\r\nRinkeby;Misshandel;2024;12\r\nTensta;Olaga hot;2024;3,5\r\n"
BAD = "Område;Brottstyp;År;Antal\r\nRinkebyy;Misshandel;2024;12\r\nTensta;Olaga hot;2024-13;3\r\n"


@pytest.fixture(scope="module")
def chromium_for_data():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
    load_area_names("stockholm")


def test_a_coordinator_uploads_maps_and_follows_an_import(
    chromium_for_data, live_server, jarva_coordinator, tmp_path
):
    good, bad = tmp_path / "brott-2024.csv", tmp_path / "brott-fel.csv"
    good.write_bytes(GOOD.encode("cp1252"))
    bad.write_bytes(BAD.encode("cp1252"))
    import_payload(SAMPLE.read_bytes(), SAMPLE.name, origin="command")

    coordinator = Visitor(chromium_for_data, live_server.url, "situation-data")
    try:
        coordinator.log_in(jarva_coordinator)
        coordinator.goto("/lagesbild/")
        coordinator.check_page()

        coordinator.goto("/lagesbild/ladda-upp/")
        coordinator.check_page()
        page = coordinator.page
        page.locator("#id_file").set_input_files(str(good))
        page.locator("#id_target").select_option("new")
        page.locator("#id_name").fill("Brå, anmälda brott (webbtest)")
        page.locator("#id_kind").select_option("reported_crime")
        page.locator("#id_publisher").fill("Brå")
        coordinator.submit(page.locator("main form button.button"))
        assert "/kolumner/" in coordinator.path
        assert page.locator("#id_place_column").input_value() == "Område"  # guessed
        coordinator.check_page()
        page.locator("#id_period_column").select_option("År")
        coordinator.submit(page.locator("main form button.button"))
        assert coordinator.path.startswith("/jobb/")
        coordinator.check_page()
        assert Observation.objects.count() == 2

        run = ImportRun.objects.get(file_name="brott-2024.csv")
        coordinator.goto(f"/lagesbild/importer/{run.pk}/")
        coordinator.check_page()

        coordinator.goto("/lagesbild/ladda-upp/")
        page.locator("#id_file").set_input_files(str(bad))
        page.locator("#id_target").select_option(label="Brå, anmälda brott (webbtest)")
        coordinator.submit(page.locator("main form button.button"))
        assert coordinator.path.startswith("/jobb/")  # the saved mapping is used at once
        assert "Rinkebyy" in page.locator("main").inner_text()
        coordinator.check_page()
        failed = ImportRun.objects.get(file_name="brott-fel.csv")
        coordinator.goto(f"/lagesbild/importer/{failed.pk}/")
        assert "2024-13" in page.locator("main").inner_text()
        coordinator.check_page()
        assert Observation.objects.count() == 2

        coordinator.goto("/lagesbild/polishandelser/")
        assert "Bromsten" in page.locator("main").inner_text()
        coordinator.check_page()
        coordinator.goto("/lagesbild/polishandelser/?scope=all&level=county")
        coordinator.check_page()
    finally:
        coordinator.close()
