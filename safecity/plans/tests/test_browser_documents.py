"""Browser test of the import: the page, an upload with an error, the job page with its problems, and
a corrected upload. Run with `make test-browser`; every page is screenshotted and checked with axe-core,
for Content-Security-Policy violations and for JavaScript errors."""

from __future__ import annotations

import importlib
import io

import pytest
from openpyxl import load_workbook

from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.organisation.loader import load
from safecity.organisation.models import City
from safecity.plans import actions, documents
from safecity.plans.models import Measure, MeasureStatus, Theme
from safecity.plans.setup import load_plan_setup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_documents():
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


def test_the_coordinator_imports_a_workbook_in_the_browser(
    chromium_for_documents, live_server, settings, tmp_path, jarva_coordinator, jarva_plan
):
    settings.MEDIA_ROOT = tmp_path
    status = MeasureStatus.objects.get(code="planned")
    actions.do_save_measure(jarva_coordinator, jarva_plan, title="Föräldraträffar", status=status)
    workbook = load_workbook(io.BytesIO(documents.plan_xlsx(jarva_plan)))
    sheet = workbook["Åtgärder"]
    sheet.append([None, None, None, "Samtalsgrupper för unga", None, "specific", "3;7"])
    wrong = tmp_path / "plan-med-fel.xlsx"
    workbook.save(wrong)
    sheet.cell(row=3, column=7).value = "3"
    right = tmp_path / "plan.xlsx"
    workbook.save(right)

    unit = Visitor(chromium_for_documents, live_server.url, "plans-import")
    try:
        unit.log_in(jarva_coordinator)
        unit.goto(f"/planer/{jarva_plan.pk}/import/")
        unit.check_page()
        unit.page.locator("input[type=file]").set_input_files(str(wrong))
        unit.submit(unit.page.locator("main form button.button"))
        assert unit.path.startswith("/jobb/")
        unit.page.locator("#job-status table").wait_for()
        text = unit.page.locator("main").inner_text()
        assert "Inget importerades" in text and "Åtgärder: Teman" in text
        unit.check_page()
        assert not Measure.objects.filter(title="Samtalsgrupper för unga").exists()

        unit.goto(f"/planer/{jarva_plan.pk}/import/")
        unit.page.locator("input[type=file]").set_input_files(str(right))
        unit.submit(unit.page.locator("main form button.button"))
        assert "1 ny åtgärd." in unit.page.locator("main").inner_text()
        unit.check_page()
        assert Measure.objects.get(title="Samtalsgrupper för unga").prevention_level == "specific"
    finally:
        unit.close()
