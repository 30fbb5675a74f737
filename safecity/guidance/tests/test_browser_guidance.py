"""Browser tests of the guidance: an employee from the start page to a guide and its printed sheet, a
citizen who picks an area, and the central coordinator who publishes a new version.

Run with `make test-browser`. Every page is screenshotted (also as printed) and checked with axe-core
(no serious or critical violations), for Content-Security-Policy violations and JavaScript errors.
"Fits on one page" is measured: the page is printed to PDF in Chromium and its pages counted.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from safecity.core.tests.browser import (
    SCREENSHOT_DIR,
    module_browser,
)
from safecity.core.tests.test_browser import Visitor
from safecity.guidance.models import Guide, GuideState, Situation
from safecity.guidance.setup import load_guidance
from safecity.organisation.loader import load
from safecity.organisation.models import City

pytestmark = pytest.mark.browser

CODES = [
    "acute-danger",
    "worried-about-a-young-person",
    "propaganda-symbols-stickers",
    "threat-against-me-or-colleague",
    "online-hate-threats",
    "wants-to-leave-a-milieu",
]


@pytest.fixture(scope="module")
def chromium_for_guidance():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm_with_guides(transactional_db):
    """The organisation and the guides, also after an earlier live-server test flushed them."""
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
    if not Situation.objects.exists():
        load_guidance("stockholm")


@pytest.fixture
def visitor(chromium_for_guidance, live_server):
    opened: list[Visitor] = []

    def open_visitor(name: str) -> Visitor:
        opened.append(Visitor(chromium_for_guidance, live_server.url, name))
        return opened[-1]

    yield open_visitor
    for v in opened:
        v.close()


def printed_pages(v: Visitor, screenshot: str = "") -> int:
    """How many A4 pages the current page prints on; optionally a screenshot as printed."""
    v.page.emulate_media(media="print")
    try:
        if screenshot:
            v.page.screenshot(path=SCREENSHOT_DIR / f"{screenshot}.png", full_page=True)
        pdf = v.page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        v.page.emulate_media(media="screen")
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_an_employee_goes_from_the_start_page_to_a_guide_and_prints_it(visitor, employee):
    v = visitor("guidance-employee")
    v.log_in(employee)
    v.check_page()

    # Click one: the situation, straight from the "How to act" card on the start page.
    v.submit(
        v.page.locator('main .guidance-card a[href="/vagledning/personal/worried-about-a-young-person/"]')
    )
    assert v.path == "/vagledning/personal/worried-about-a-young-person/"
    steps = v.page.locator(".guide-steps").inner_text()
    assert "Socialtjänstens mottagning, Järva" in steps, "the unit's own intake is filled in"
    assert "{intake}" not in steps
    concern = v.page.locator("#concern").inner_text()
    assert "Järva" in concern and "08-508 00 508" in concern and "socialtjänstlagen" in concern.lower()
    v.check_page()
    assert printed_pages(v, "guidance-employee-guide-printed") == 1, "the guide page prints on one page"

    # Click two: the sheet for the staff room.
    v.submit(v.page.locator('main a[href="/vagledning/personal/worried-about-a-young-person/utskrift/"]'))
    sheet = v.page.locator("article.print-sheet")
    assert "Socialtjänstens mottagning, Järva" in sheet.inner_text()
    assert v.page.locator("button[data-print]").is_visible(), "the print button is shown when scripts run"
    v.check_page()
    assert printed_pages(v, "guidance-employee-sheet-printed") == 1, "the sheet prints on one A4 page"


def test_every_guide_and_sheet_prints_on_one_page_in_both_languages(visitor, employee):
    v = visitor("guidance-print")
    v.log_in(employee)
    for language in ("sv", "en"):
        if language == "en":
            v.submit(v.page.locator('header button[name=language][value="en"]'))
            assert v.lang() == "en"
        for code in CODES:
            for path in (
                f"/vagledning/personal/{code}/",
                f"/vagledning/personal/{code}/utskrift/",
                f"/vagledning/{code}/?area=husby",
            ):
                v.goto(path)
                assert printed_pages(v) == 1, f"{path} ({language}) prints on more than one page"


def test_a_citizen_picks_an_area_and_sees_the_districts_contacts(visitor):
    v = visitor("guidance-citizen")
    v.goto("/")
    v.submit(v.page.locator('main a[href="/vagledning/worried-about-a-young-person/"]'))
    assert v.page.locator("#contact-source").inner_text().strip()
    v.check_page()

    v.page.locator("#id_area").select_option("rinkeby")
    v.submit(v.page.locator("main form.area-picker button[type=submit]"))
    assert parse_qs(urlsplit(v.page.url).query) == {"area": ["rinkeby"]}
    assert "Järva" in v.page.locator("#contact-source").inner_text()
    assert "Socialtjänstens mottagning, Järva" in v.page.locator(".guide-steps").inner_text()
    assert v.page.locator("#concern a[href^='tel:']").count() == 1
    v.check_page()
    assert printed_pages(v, "guidance-citizen-guide-printed") == 1

    # The language switch keeps the area; the guide and the contacts come in English.
    v.submit(v.page.locator('header button[name=language][value="en"]'))
    assert v.lang() == "en" and "area=rinkeby" in v.page.url
    assert "Social services intake, Järva" in v.page.locator(".guide-steps").inner_text()
    v.check_page()

    # Back to the list: the area stays and every guide link carries it.
    v.submit(v.page.locator('main a[href="/vagledning/?area=rinkeby"]'))
    assert (
        v.page.locator('main .situation-list a[href="/vagledning/acute-danger/?area=rinkeby"]').count() == 1
    )
    v.check_page()


def test_the_central_coordinator_writes_and_publishes_a_new_version(visitor, central_coordinator):
    v = visitor("guidance-editor")
    v.log_in(central_coordinator)
    v.submit(v.page.locator('nav.site-nav a[href="/vagledning/personal/"]'))
    v.check_page()
    v.submit(v.page.locator('main a[href="/vagledning/redigera/"]'))
    v.check_page()

    v.submit(
        v.page.locator(
            'form[action="/vagledning/redigera/propaganda-symbols-stickers/public/ny-version/"] button'
        )
    )
    assert v.path.endswith("/redigera/")
    v.page.locator("#id_steps").fill("1. Fotografera det.\n2. Ring {police}.")
    v.submit(v.page.locator("button[name=preview]"))
    assert "114 14" in v.page.locator("#preview").inner_text()
    v.check_page()
    v.submit(v.page.locator("form.guide-form button[type=submit]:not([name=preview])"))
    v.check_page()

    v.submit(v.page.locator('main a[href$="/publicera/"]'))
    v.page.locator("#id_confirm").check()
    v.check_page()
    v.submit(v.page.locator("main form button[type=submit]"))
    assert v.path == "/vagledning/redigera/"
    published = Guide.objects.get(situation__code="propaganda-symbols-stickers", audience="public", version=2)
    assert published.state == GuideState.PUBLISHED

    v.goto("/vagledning/propaganda-symbols-stickers/")
    assert "Fotografera det." in v.page.locator(".guide-steps").inner_text()
