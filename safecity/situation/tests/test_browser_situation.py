"""Browser test of the situational dashboard and the lägesbild builder: a unit coordinator looks at
the dashboard (chart, map, tables), starts a picture, writes the assessment and makes it final.
Run with `make test-browser`; every page is screenshotted and checked with axe-core, for
Content-Security-Policy violations and for JavaScript errors."""

from __future__ import annotations

import datetime as dt

import pytest

from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.organisation.loader import load
from safecity.organisation.models import AreaAssignment, City, Unit
from safecity.situation.models import Category, Dataset, Observation, SituationPicture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_situation():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")


def test_the_coordinator_reads_the_dashboard_and_builds_a_picture(
    chromium_for_situation, live_server, jarva_coordinator
):
    jarva = Unit.objects.get(code="jarva")
    category = Category.objects.create(code="browser-riots", name="Upplopp (test)", name_en="Riots (test)")
    dataset = Dataset.objects.create(
        code="browser-bra", name="Brå (webbtest)", kind=Dataset.Kind.REPORTED_CRIME
    )
    area = AreaAssignment.objects.valid_on().filter(unit=jarva).first().area
    year = dt.date.today().year - 1  # noqa: DTZ011 - a test date
    for month in range(1, 13):
        Observation.objects.create(
            dataset=dataset,
            source_category="Upplopp",
            category=category,
            area=area,
            place_key=Observation.place_key_for(area_id=area.pk),
            granularity="month",
            period_start=dt.date(year, month, 1),
            period_end=dt.date(year, month, 28),
            value=60 if month == 10 else 5 + month,
            value_unit="count",
        )

    coordinator = Visitor(chromium_for_situation, live_server.url, "situation-dashboard")
    try:
        coordinator.log_in(jarva_coordinator)
        coordinator.goto(
            f"/lagesbild/lage/{jarva.pk}/?source={dataset.pk}&year_from={year - 1}&year_to={year}"
        )
        coordinator.page.locator("#dashboard-series svg.marks").wait_for()
        coordinator.page.locator("#dashboard-map svg.marks").wait_for()
        text = coordinator.page.locator("main").inner_text()
        assert f"{year}-10-01" in text  # the spike
        coordinator.check_page()

        coordinator.goto("/lagesbild/lagesbilder/")
        coordinator.check_page()
        coordinator.page.locator("#id_place").select_option(str(jarva.pk))
        coordinator.page.locator("#id_period_start").fill(f"{year}-01-01")
        coordinator.page.locator("#id_period_end").fill(f"{year}-12-31")
        coordinator.submit(coordinator.page.locator("main form button.button"))
        picture = SituationPicture.objects.get(unit=jarva)
        coordinator.page.locator("#picture-statistics svg.marks").wait_for()
        coordinator.check_page()
        coordinator.page.locator("#section-assessment summary").click()
        coordinator.page.locator("#id_assessment-text").fill("**Oroande** höst.")
        coordinator.submit(coordinator.page.locator("#section-assessment button.button"))
        assert coordinator.page.locator("#section-assessment strong").inner_text() == "Oroande"
        coordinator.check_page()
        coordinator.submit(coordinator.page.locator("form[action$='/slutlig/'] button"))
        picture.refresh_from_db()
        assert picture.is_final
        coordinator.check_page()
    finally:
        coordinator.close()
