"""Browser test: a citizen reports with a photo, gets a receipt, comes back and reads the reply.

Run with `make test-browser`. Every page on the way is screenshotted into test-artifacts/screenshots/
and checked with axe-core (no serious or critical violations), for Content-Security-Policy violations
and JavaScript errors.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from safecity.core.tests.browser import (
    module_browser,
)
from safecity.core.tests.test_browser import Visitor, point_inside
from safecity.intake.models import Signal, SignalPhoto
from safecity.intake.tests.conftest import jpeg_with_gps
from safecity.organisation.loader import load
from safecity.organisation.models import City

pytestmark = pytest.mark.browser

REPORT = "/rapportera/"
FOLLOW = "/rapportera/folj/"
QUEUE = "/rapportera/ko/"


@pytest.fixture(scope="module")
def chromium_for_intake():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")


@pytest.fixture
def visitor(chromium_for_intake, live_server):
    opened: list[Visitor] = []

    def open_visitor(name: str) -> Visitor:
        opened.append(Visitor(chromium_for_intake, live_server.url, name))
        return opened[-1]

    yield open_visitor
    for v in opened:
        v.close()


def test_a_citizen_reports_with_a_photo_and_reads_the_coordinators_reply(
    visitor, jarva_coordinator, tmp_path
):
    citizen = visitor("intake-citizen")
    citizen.goto("/")
    citizen.submit(citizen.page.locator("main a[href='/rapportera/']").first)
    assert citizen.path == REPORT
    citizen.check_page()

    page = citizen.page
    page.locator("label[for=id_kind_0]").click()
    page.fill("#id_occurred_on", "2025-03-14")
    page.fill("#id_occurred_time", "14:30")
    rinkeby = page.locator("svg.pick-map path[data-area=rinkeby]")
    spot = point_inside(rinkeby)
    page.mouse.click(spot["x"], spot["y"])
    assert page.locator("#id_area").input_value() == "rinkeby"
    assert re.fullmatch(r"59\.\d{3}", page.locator("#id_latitude").input_value())
    assert "Rinkeby" in page.locator("#pick-status").inner_text()
    page.select_option("#id_milieu", "right_wing")
    page.fill("#id_description", "Klistermärken med hakkors vid torget. Ring mig på 070-123 45 67.")
    citizen.submit(page.locator("form.report-form button[type=submit]"), status=400)
    assert page.locator(".pii-preview mark").inner_text() == "070-123 45 67"
    assert Signal.objects.count() == 0
    citizen.check_page()

    page.fill("#id_description", "Klistermärken med hakkors vid torget, ungefär tio stycken.")
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_with_gps((320, 240)))
    page.set_input_files("#id_photos", str(photo))
    citizen.submit(page.locator("form.report-form button[type=submit]"))
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)
    citizen.check_page()
    signal = Signal.objects.get()
    assert signal.area.code == "rinkeby" and signal.unit.code == "jarva"
    assert not Image.open(io.BytesIO(SignalPhoto.objects.get().data)).getexif()

    coordinator = visitor("intake-coordinator")
    coordinator.log_in(jarva_coordinator)
    coordinator.goto(QUEUE)
    coordinator.check_page()
    coordinator.submit(coordinator.page.locator(f"table.queue a[href='/rapportera/signaler/{signal.pk}/']"))
    image = coordinator.page.locator(".photo-grid img").first
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 320
    coordinator.check_page()
    coordinator.page.fill("#id_body", "Tack! Vi har tagit bort klistermärkena. Såg du var de kom ifrån?")
    coordinator.submit(coordinator.page.locator("form[action$='/svar/'] button[type=submit]"))
    assert "Vi har tagit bort klistermärkena" in coordinator.page.locator(".thread").inner_text()
    coordinator.check_page()

    back = visitor("intake-citizen-returns")
    back.goto(FOLLOW)
    back.check_page()
    back.page.fill("#id_code", code)
    back.submit(back.page.locator("main form button[type=submit]"))
    thread = back.page.locator(".thread").inner_text()
    assert "Vi har tagit bort klistermärkena" in thread
    back.page.fill("#id_body", "De satt på lyktstolpen vid busshållplatsen.")
    back.submit(back.page.locator("main form.intake-form button[type=submit]"))
    assert "lyktstolpen" in back.page.locator(".thread").inner_text()
    back.check_page()


def test_an_employee_reports_and_finds_the_signal_under_my_signals(visitor, employee):
    v = visitor("intake-employee")
    v.log_in(employee)
    v.submit(v.page.locator("nav.site-nav a[href='/rapportera/mina/']"))
    v.check_page()
    v.submit(v.page.locator("main a.button[href='/rapportera/']"))
    v.page.locator("label[for=id_kind_4]").click()
    v.page.fill("#id_occurred_on", "2025-04-02")
    v.page.select_option("#id_area", "rinkeby")
    v.page.fill("#id_description", "Hotfulla klotter på skolans vägg om en lärare.")
    v.submit(v.page.locator("form.report-form button[type=submit]"))
    assert v.path.startswith("/rapportera/signaler/")
    assert "Hotfulla klotter" in v.page.locator(".signal-description").inner_text()
    v.check_page()


def test_an_employee_follows_a_guide_to_the_report_form(visitor, employee):
    from safecity.guidance.setup import load_guidance

    load_guidance("stockholm")  # a live-server test may have flushed the seed guides
    v = visitor("intake-guide-to-report")
    v.log_in(employee)
    v.submit(
        v.page.locator("main .guidance-card a[href='/vagledning/personal/propaganda-symbols-stickers/']")
    )
    v.check_page()
    v.submit(v.page.locator("#report-signal a.button"))
    assert v.path == REPORT
    v.check_page()
