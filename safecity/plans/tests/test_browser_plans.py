"""Browser test of a plan's year: written, taken to the board, reviewed, approved and followed up.

Run with `make test-browser`. Every page on the way is screenshotted and checked with axe-core (no
serious or critical violations), for Content-Security-Policy violations and JavaScript errors.
"""

from __future__ import annotations

import importlib

import pytest

from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.organisation.loader import load
from safecity.organisation.models import City
from safecity.plans.models import MeasureStatus, Theme
from safecity.plans.setup import load_plan_setup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_plans():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm_with_plan_setup(transactional_db):
    """The organisation, themes and plan configuration, also after an earlier live-server test flushed them."""
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
    if not Theme.objects.exists():
        themes = importlib.import_module("safecity.plans.migrations.0002_capital_code_themes").THEMES
        for number, name, name_en in themes:
            Theme.objects.create(number=number, name=name, name_en=name_en)
    if not MeasureStatus.objects.exists():
        load_plan_setup("stockholm")


@pytest.fixture
def visitor(chromium_for_plans, live_server):
    opened: list[Visitor] = []

    def open_visitor(name: str) -> Visitor:
        opened.append(Visitor(chromium_for_plans, live_server.url, name))
        return opened[-1]

    yield open_visitor
    for v in opened:
        v.close()


def test_a_plan_goes_through_its_year_in_the_browser(
    visitor, jarva_coordinator, central_coordinator, jarva_plan
):
    plan_path = f"/planer/{jarva_plan.pk}/"

    # The unit coordinator finds the plan and writes a section, with a preview.
    unit = visitor("plans-coordinator")
    unit.log_in(jarva_coordinator)
    unit.submit(unit.page.locator('nav.site-nav a[href="/planer/"]'))
    assert "Skriv planen" in unit.page.locator("main").inner_text()
    unit.check_page()
    unit.submit(unit.page.locator(f'main .own-plan h3 a[href="{plan_path}"]'))
    assert unit.page.locator(".stepper [aria-current=step]").inner_text().strip().startswith("1")
    unit.check_page()

    unit.submit(unit.page.locator("#section-situation .section-tools a", has_text="Skriv"))
    unit.page.locator("textarea[name=body]").fill(
        "## Läget i Järva\n\n- Oro för rekrytering på nätet\n- [Brå](https://bra.se)\n\n<script>alert(1)</script>"
    )
    unit.page.locator("button[name=preview]").click()  # htmx: the preview without leaving the page
    unit.page.locator("#preview h2", has_text="Läget i Järva").wait_for()
    assert unit.page.locator("#preview script").count() == 0
    unit.check_page()
    unit.submit(unit.page.locator("main form button.button", has_text="Spara"))
    assert unit.path == plan_path
    assert unit.page.locator("#section-situation h2", has_text="Läget i Järva").count() == 1
    unit.check_page()

    # A measure with an indicator; a second indicator row is added in place with htmx.
    unit.submit(unit.page.locator("main a.button", has_text="Lägg till åtgärd"))
    # axe-core is run after the htmx swap: its checks leave empty style attributes on the page,
    # which htmx would copy onto the swapped-in elements (an inline style the CSP blocks).
    form = unit.page.locator("main form.measure-form")
    form.locator("#id_title").fill("Dialogträffar för unga i Tensta")
    form.locator("#id_description").fill("Träffar varannan vecka med **fritidsgården**.")
    form.get_by_label("Stärka unga att främja inkludering").check()
    form.locator("#id_focus_areas_0").check()
    form.locator("#id_target_groups_1").check()
    form.locator("#id_status").select_option(label="Påbörjad")
    form.locator("#id_indicators-0-name").fill("Deltagare per träff")
    form.locator("#id_indicators-0-baseline").fill("8")
    form.locator("#id_indicators-0-target").fill("20")
    form.locator("button[name=add_row][value=indicators]").click()
    form.locator("#id_indicators-1-name").wait_for()
    assert form.locator("#id_indicators-TOTAL_FORMS").input_value() == "2"
    form.locator("#id_milestones-0-title").fill("Första träffen")
    form.locator("#id_milestones-0-due").fill("2026-03-01")
    unit.check_page()
    unit.submit(form.locator("button.button", has_text="Spara åtgärden"))
    assert unit.path == plan_path
    measure_card = unit.page.locator("article.measure", has_text="Dialogträffar för unga i Tensta")
    assert measure_card.locator("progress").get_attribute("value") == "25"
    assert "Deltagare per träff" in measure_card.inner_text()
    unit.check_page()

    # To the board, and the board's decision.
    unit.submit(unit.page.locator(".plan-actions a", has_text="Skicka till nämnden"))
    unit.check_page()
    unit.submit(unit.page.locator("main form button.button"))
    unit.submit(unit.page.locator(".plan-actions a", has_text="Registrera nämndbeslutet"))
    unit.check_page()
    unit.page.locator("#id_date").fill("2026-02-20")
    unit.page.locator("#id_reference").fill("SDN 2026/12")
    unit.submit(unit.page.locator("main form button.button"))
    assert "SDN 2026/12" in unit.page.locator(".plan-summary").inner_text()
    unit.check_page()

    # The central coordinator comments on a section and approves.
    central = visitor("plans-central")
    central.log_in(central_coordinator)
    central.goto("/planer/")
    central.check_page()
    central.submit(central.page.locator("main table a", has_text="Granska planen"))
    central.check_page()
    central.submit(central.page.locator("#section-cooperation .section-tools a", has_text="Kommentera"))
    central.check_page()
    central.page.locator("#id_body").fill("Beskriv samverkan med polisen i SSPF.")
    central.submit(central.page.locator("main form button.button"))
    assert (
        "Beskriv samverkan med polisen i SSPF." in central.page.locator("#section-cooperation").inner_text()
    )
    central.check_page()
    central.submit(central.page.locator(".plan-actions a", has_text="Godkänn"))
    central.check_page()
    central.submit(central.page.locator("main form button.button"))
    assert "Godkänd" in central.page.locator(".plan-summary").inner_text()

    # The unit coordinator does the T1 follow-up and submits it.
    unit.goto(plan_path)
    unit.submit(unit.page.locator(".next-step a", has_text="T1"))
    unit.check_page()
    line = unit.page.locator("fieldset.followup-line").first
    line.get_by_label("Status").select_option(label="Pågående")
    line.get_by_label("Kommentar").fill("Sex träffar hölls under perioden.")
    line.locator('input[name$="-value"]').first.fill("14,5")
    line.locator('input[name$="-13_15_girl"]').fill("7")
    line.locator('input[name$="-13_15_boy"]').fill("9")
    unit.submit(unit.page.locator("button[name=submit]"))
    assert unit.path.endswith("/uppfoljning/t1/lamna-in/")
    unit.check_page()
    unit.submit(unit.page.locator("main form button.button"))
    main = unit.page.locator("main").inner_text()
    assert "låst" in main and "14,5" in main and "Sex träffar hölls under perioden." in main
    unit.page.locator("details.correction summary").first.click()
    unit.check_page()
