"""Browser test: social services intake records a concern notice; the coordinator sees the counts only.

Run with `make test-browser`. Every page on the way is screenshotted into test-artifacts/screenshots/
and checked with axe-core (no serious or critical violations), for Content-Security-Policy violations
and JavaScript errors.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.intake.models import ConcernNotice
from safecity.organisation.loader import load
from safecity.organisation.models import City

pytestmark = pytest.mark.browser

NOTICES = "/rapportera/orosanmalningar/"
NEW_NOTICE = "/rapportera/orosanmalningar/ny/"
COUNTS = "/rapportera/orosanmalningar/statistik/"


@pytest.fixture(scope="module")
def chromium_for_notices():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")


@pytest.fixture
def visitor(chromium_for_notices, live_server):
    opened: list[Visitor] = []

    def open_visitor(name: str) -> Visitor:
        opened.append(Visitor(chromium_for_notices, live_server.url, name))
        return opened[-1]

    yield open_visitor
    for v in opened:
        v.close()


def test_intake_records_a_notice_and_the_coordinator_sees_only_counts(
    visitor, intake_officer, jarva_coordinator
):
    today = timezone.localdate()
    received = today - dt.timedelta(days=6)
    decided = today - dt.timedelta(days=2)

    officer = visitor("notices-intake")
    officer.log_in(intake_officer)
    officer.submit(officer.page.locator(f'nav.site-nav a[href="{NOTICES}"]'))
    assert officer.path == NOTICES
    officer.check_page()

    officer.submit(officer.page.locator(f'main a[href="{NEW_NOTICE}"]'))
    assert officer.path == NEW_NOTICE
    officer.check_page()

    page = officer.page
    page.fill("#id_received_on", received.isoformat())
    page.select_option("#id_sector", "school")
    page.locator("label[for=id_age_band_2]").click()  # 13–15 years
    page.select_option("#id_milieu", "right_wing")
    page.locator("label[for=id_decision_0]").click()  # investigation opened
    page.fill("#id_decided_on", decided.isoformat())
    page.fill("#id_note", "Kuratorn ringde om eleven 081218-9876 efter lektionen.")
    officer.submit(page.locator("main form.notice-form button[type=submit]"), status=400)

    # The guard shows what looks like an identity number; nothing is saved.
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".pii-found mark").inner_text() == "081218-9876"
    assert not ConcernNotice.objects.exists()
    officer.check_page()

    page.fill("#id_note", "Kuratorn ringde efter lektionen; oro för propaganda i klassens chatt.")
    officer.submit(page.locator("main form.notice-form button[type=submit]"))
    assert officer.path == NOTICES
    notice = ConcernNotice.objects.get()
    assert (notice.unit.code, notice.age_band, notice.sector, notice.decision) == (
        "jarva",
        "13-15",
        "school",
        "investigation",
    )
    assert notice.received_on == received and notice.decided_on == decided
    row = page.locator("main table tbody tr")
    assert row.count() == 1 and notice.reference in row.inner_text()
    officer.check_page()

    officer.submit(row.locator("a"))
    assert officer.path == f"{NOTICES}{notice.pk}/"
    assert page.locator("#retention-heading").is_visible()
    officer.check_page()

    coordinator = visitor("notices-coordinator")
    coordinator.log_in(jarva_coordinator)
    coordinator.goto(COUNTS)
    assert "<5" in coordinator.page.locator(".notice-total").inner_text()
    assert notice.reference not in coordinator.page.content()
    assert "Kuratorn" not in coordinator.page.content()
    coordinator.check_page()
    coordinator.goto(f"{NOTICES}{notice.pk}/", status=403)
