"""Browser tests: the real pages in the system Chromium, with axe-core, CSP and keyboard checks.

Run with `make test-browser` (pytest -m browser). Every role logs in through the login form (and the
second factor where the role needs one), opens every link of its menu, and each page is screenshotted
into test-artifacts/screenshots/ and checked with axe-core: no "serious" or "critical" violations,
no Content-Security-Policy violation and no JavaScript error.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from safecity.core.tests.browser import (
    CHROMIUM,
    MISSING_CHROMIUM,
    SCREENSHOT_DIR,
    Watcher,
    blocking_violations,
    describe_violations,
    launch_chromium,
    totp_code,
    wrong_totp_code,
)
from safecity.core.tests.browser import shared_sync_playwright as sync_playwright
from safecity.organisation.loader import load
from safecity.organisation.models import City

pytestmark = pytest.mark.browser

AXE = Axe()
LOGIN = "/konto/logga-in/"
VERIFY = "/konto/tvastegsverifiering/"
HOME = "/start/"
DIRECTORY = "/organisation/vem-kontaktar-jag/"
INTERNAL_DIRECTORY = "/organisation/katalog/"
API_TOKENS = "/konto/api-nycklar/"
GUIDELINES = "/planer/riktlinjer/"
GUIDANCE = "/vagledning/personal/"
OVERVIEW = "/planer/oversikt/"
PLAN_STATUS = "/planer/status/"
PLANS = "/planer/"
SHARED_MEASURES = "/planer/delade/"
SITUATION = "/lagesbild/"

# The menu each role should see, by link target (labels depend on the language).
MENUS = {
    "central_coordinator": [
        HOME,
        INTERNAL_DIRECTORY,
        GUIDANCE,
        PLANS,
        GUIDELINES,
        OVERVIEW,
        PLAN_STATUS,
        SITUATION,
        API_TOKENS,
    ],
    "jarva_coordinator": [
        HOME,
        INTERNAL_DIRECTORY,
        GUIDANCE,
        "/organisation/enheter/jarva/personal/",
        PLANS,
        GUIDELINES,
        SITUATION,
        API_TOKENS,
    ],
    "sodermalm_coordinator": [
        HOME,
        INTERNAL_DIRECTORY,
        GUIDANCE,
        "/organisation/enheter/sodermalm/personal/",
        PLANS,
        GUIDELINES,
        SITUATION,
        API_TOKENS,
    ],
    "jarva_manager": [
        HOME,
        INTERNAL_DIRECTORY,
        GUIDANCE,
        "/organisation/enheter/jarva/personal/",
        PLANS,
        GUIDELINES,
        OVERVIEW,
        API_TOKENS,
    ],
    "employee": [HOME, INTERNAL_DIRECTORY, GUIDANCE, PLANS, GUIDELINES, API_TOKENS],
    "intake_officer": [HOME, INTERNAL_DIRECTORY, GUIDANCE, PLANS, GUIDELINES, API_TOKENS],
    "partner": [HOME, DIRECTORY, SHARED_MEASURES, API_TOKENS],
    "dpo": [HOME, INTERNAL_DIRECTORY, GUIDANCE, GUIDELINES, "/atkomstlogg/", API_TOKENS],
    "administrator": [HOME, INTERNAL_DIRECTORY, GUIDANCE, GUIDELINES, "/admin/", API_TOKENS],
}


# Signals (intake): coordinators get their queue, every other member of staff their own signals,
# right after Guidance.
SIGNALS_QUEUE = "/rapportera/ko/"
MY_SIGNALS = "/rapportera/mina/"
for _role, _menu in MENUS.items():
    if GUIDANCE in _menu:
        signals = SIGNALS_QUEUE if _role.endswith("coordinator") else MY_SIGNALS
        _menu.insert(_menu.index(GUIDANCE) + 1, signals)

# Concern notices: social services intake records them, right after Signals.
CONCERN_NOTICES = "/rapportera/orosanmalningar/"
MENUS["intake_officer"].insert(MENUS["intake_officer"].index(MY_SIGNALS) + 1, CONCERN_NOTICES)

# Alliances: the registry for staff who work with partners, the shared page for partners,
# just before the access log, administration and API links.
ALLIANCES = "/samverkan/"
ALLIANCES_SHARED = "/samverkan/delat/"
for _role in [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
]:
    MENUS[_role].insert(MENUS[_role].index(API_TOKENS), ALLIANCES)
MENUS["partner"].insert(MENUS["partner"].index(API_TOKENS), ALLIANCES_SHARED)

# Competence: coordinators get the coverage pages, every other member of staff the e-learning,
# just before the access log, administration and API links.
COMPETENCE = "/kompetens/"
E_LEARNING = "/kompetens/e-utbildning/"
for _role, _menu in MENUS.items():
    if GUIDANCE in _menu:
        _last = next(i for i, url in enumerate(_menu) if url in {"/atkomstlogg/", "/admin/", API_TOKENS})
        _menu.insert(_last, COMPETENCE if _role.endswith("coordinator") else E_LEARNING)

# Online hate: coordinators get the module, managers and partners the suppressed summary, just
# before Competence. Then the Safe City profile (central coordinator), good practice (all staff)
# and the network hub (coordinators), before the access log, administration and API links.
ONLINE = "/nathat/"
ONLINE_SUMMARY = "/nathat/sammanfattning/"
PROFILE = "/profil/redigera/"
GOOD_PRACTICE = "/profil/exempelbank/"
HUB = "/profil/natverk/"
for _role, _menu in MENUS.items():
    _last = next(i for i, url in enumerate(_menu) if url in {"/atkomstlogg/", "/admin/", API_TOKENS})
    _before = next((i for i, url in enumerate(_menu) if url in {COMPETENCE, E_LEARNING}), _last)
    if _role.endswith("coordinator"):
        _menu.insert(_before, ONLINE)
    elif _role in {"jarva_manager", "partner"}:
        _menu.insert(_before, ONLINE_SUMMARY)
    _last = next(i for i, url in enumerate(_menu) if url in {"/atkomstlogg/", "/admin/", API_TOKENS})
    _extra = []
    if _role == "central_coordinator":
        _extra.append(PROFILE)
    if _role != "partner":
        _extra.append(GOOD_PRACTICE)
    if _role.endswith("coordinator"):
        _extra.append(HUB)
    _menu[_last:_last] = _extra


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; let the test code still use the ORM."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def chromium(_orm_beside_playwright):
    """One system Chromium for the whole session; each test opens its own context (own cookies)."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOT_DIR.glob("*.png"):
        old.unlink()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    """The organisation, also after an earlier live-server test flushed the database."""
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")


class Visitor:
    """One person in one browser context: visits pages and checks each one."""

    def __init__(self, browser, base_url: str, name: str):
        self.name = name
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        self.watcher = Watcher()
        self.watcher.attach(self.context)
        self.page_errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.shots = 0

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        return response

    def submit(self, button, status: int = 200):
        """Click a submit button (or link) and wait for the page it leads to."""
        with self.page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        assert response is not None and response.status == status, (
            f"{self.page.url}: HTTP {response.status if response else None}, expected {status}"
        )
        return response

    def check_page(self, screenshot: bool = True) -> None:
        """Screenshot, then axe-core (no serious or critical violation), CSP and script errors."""
        if screenshot:
            self.shots += 1
            self.page.screenshot(path=SCREENSHOT_DIR / f"{self.name}-{self.shots}.png", full_page=True)
        results = AXE.run(self.page)
        blocking = blocking_violations(results.response)
        assert not blocking, f"axe-core on {self.page.url}:\n{describe_violations(blocking)}"
        self.assert_no_csp_violations()
        assert not self.page_errors, f"JavaScript errors on {self.page.url}: {self.page_errors}"

    def assert_no_csp_violations(self) -> None:
        violations = self.watcher.take_csp_violations()
        assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)

    def lang(self) -> str:
        return self.page.locator("html").get_attribute("lang")

    def log_in(self, user, *, code: str | None = None) -> None:
        """Log in through the form; privileged roles type the current TOTP code (or `code`)."""
        self.goto(LOGIN)
        self.page.locator("input[name=username]").fill(user.username)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.submit(self.page.locator("main form.stack button[type=submit]"))
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            assert self.path == HOME, f"{user.username} landed on {self.page.url}"
            return
        assert self.path == VERIFY, f"{user.username} was not asked for a code ({self.page.url})"
        self.page.locator("input[name=token]").fill(code or totp_code(device))
        self.submit(self.page.locator("main form.stack button[type=submit]"))
        if code is None:
            assert self.path == HOME, f"{user.username} landed on {self.page.url}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitor(chromium, live_server):
    opened: list[Visitor] = []

    def open_visitor(name: str) -> Visitor:
        opened.append(Visitor(chromium, live_server.url, name))
        return opened[-1]

    yield open_visitor
    for v in opened:
        v.close()


def point_inside(locator) -> dict:
    """A viewport point where a click really lands on `locator` (an irregular SVG shape)."""
    locator.scroll_into_view_if_needed()
    point = locator.evaluate(
        """(el) => {
            const box = el.getBoundingClientRect();
            for (let fy = 0.5; fy < 1; fy += 0.05) for (const sy of [1, -1])
              for (let fx = 0.5; fx < 1; fx += 0.05) for (const sx of [1, -1]) {
                const x = box.left + box.width * (sy > 0 ? fx : 1 - fx);
                const y = box.top + box.height * (sx > 0 ? fy : 1 - fy);
                const hit = document.elementFromPoint(x, y);
                if (hit && (hit === el || el.contains(hit))) return {x, y};
              }
            return null;
        }"""
    )
    assert point, "no clickable point inside the shape"
    return point


# --- tests --------------------------------------------------------------------------------------


def test_the_system_chromium_is_installed():
    assert CHROMIUM.exists(), MISSING_CHROMIUM


@pytest.mark.parametrize("role", list(MENUS))
def test_each_role_logs_in_and_every_menu_page_is_accessible(role, request, visitor):
    user = request.getfixturevalue(role)
    v = visitor(role)
    v.log_in(user)

    links = v.page.locator("nav.site-nav a")
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert hrefs == MENUS[role], f"menu of {role}"

    for href in hrefs:
        if v.page.locator("nav.site-nav").count() == 0:  # the admin has its own layout, no menu
            v.goto(HOME)
        v.submit(v.page.locator(f'nav.site-nav a[href="{href}"]'))
        assert v.path == href
        if href != "/admin/":
            current = v.page.locator("nav.site-nav a[aria-current=page]")
            assert current.get_attribute("href") == href, "the menu marks the current page"
        v.check_page()


def test_public_pages_work_without_login(visitor):
    v = visitor("anonymous")
    v.goto("/")
    assert v.page.locator("nav.site-nav").count() == 0, "no menu before login"
    assert v.page.locator('main a[href="tel:112"]').count() >= 1
    v.check_page()

    # The area picker on the start page leads to the directory with the district's contacts.
    v.page.locator("#pick-area").select_option("rinkeby")
    v.submit(v.page.locator("main form.inline-form button[type=submit]"))
    assert v.path == DIRECTORY and parse_qs(urlsplit(v.page.url).query) == {"area": ["rinkeby"]}
    assert "Järva" in v.page.locator("#result-heading").inner_text()

    # The directory: choose an area in the list and submit.
    v.goto(DIRECTORY)
    v.check_page()
    v.page.locator("#id_area").select_option("husby")
    v.submit(v.page.locator("main form.stack button[type=submit]"))
    heading = v.page.locator("#result-heading").inner_text()
    assert "Husby" in heading and "Järva" in heading, heading
    contacts = v.page.locator("#result .contact-list li")
    assert contacts.count() >= 3, "coordinator, social services intake and police"
    assert "Järva" in contacts.first.inner_text()
    assert v.page.locator("#result a[href^='tel:']").count() >= 1
    v.check_page()

    # The directory: click an area on the map.
    v.goto(DIRECTORY)
    shape = v.page.locator('svg.area-map a[aria-label="Bagarmossen"] path')
    point = point_inside(shape)
    with v.page.expect_navigation():
        v.page.mouse.click(point["x"], point["y"])
    assert parse_qs(urlsplit(v.page.url).query) == {"area": ["bagarmossen"]}
    heading = v.page.locator("#result-heading").inner_text()
    assert "Bagarmossen" in heading and "Skarpnäck" in heading, heading
    assert v.page.locator("svg.area-map path.selected").count() == 1
    assert v.page.locator("#result .contact-list li").count() >= 1
    v.check_page()

    v.goto("/om/")
    v.check_page()

    v.goto(LOGIN)
    v.check_page()

    v.goto("/finns-inte/", status=404)
    assert v.page.locator("main h1").count() == 1
    v.check_page()


def test_the_language_switch_changes_to_english_and_back(visitor):
    v = visitor("language")
    v.goto(DIRECTORY + "?area=rinkeby")
    assert v.lang() == "sv"

    v.submit(v.page.locator('header button[name=language][value="en"]'))
    assert v.lang() == "en"
    assert v.path == DIRECTORY and "area=rinkeby" in v.page.url, "the switch stays on the same page"
    v.check_page()

    v.submit(v.page.locator('header button[name=language][value="sv"]'))
    assert v.lang() == "sv"
    assert v.path == DIRECTORY


FIRST_TABBABLE = """() => {
    const candidates = document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
    for (const el of candidates) {
      if (el.tabIndex < 0 || el.disabled) continue;
      return el.outerHTML;
    }
    return null;
}"""


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(visitor, jarva_manager):
    v = visitor("keyboard")

    def check_skip_link(path: str, *, press_tab: bool = True) -> None:
        v.goto(path)
        first = v.page.evaluate(FIRST_TABBABLE)
        assert first and 'class="skip-link"' in first, f"the first focusable element on {path} is {first}"
        if not press_tab:
            return
        v.page.keyboard.press("Tab")
        focused = v.page.evaluate("() => document.activeElement.outerHTML")
        assert v.page.evaluate("() => document.activeElement.matches('a.skip-link')"), (
            f"the first Tab on {path} focuses {focused}"
        )
        box = v.page.locator("a.skip-link").bounding_box()
        assert box and box["y"] >= 0, "the focused skip link is visible"
        v.page.keyboard.press("Enter")
        assert v.page.evaluate("() => document.activeElement.id") == "main", f"focus after skip on {path}"
        v.page.keyboard.press("Tab")
        assert v.page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), (
            f"the next Tab on {path} stays in the main content"
        )

    for path in ("/", DIRECTORY, "/om/"):
        check_skip_link(path)
    check_skip_link(LOGIN, press_tab=False)  # the user name field has autofocus there
    v.log_in(jarva_manager)
    check_skip_link(HOME)
    v.assert_no_csp_violations()


def test_a_wrong_code_shows_an_error_and_does_not_log_in(visitor, jarva_coordinator):
    device = TOTPDevice.objects.get(user=jarva_coordinator)
    v = visitor("wrong-code")
    v.log_in(jarva_coordinator, code=wrong_totp_code(device))

    assert v.path == VERIFY
    token = v.page.locator("input[name=token]")
    assert token.get_attribute("aria-invalid") == "true"
    error = v.page.locator(".errorlist")
    assert error.is_visible() and error.inner_text().strip()
    assert v.page.locator("nav.site-nav").count() == 0
    v.check_page()

    v.goto(HOME)  # still only half logged in: sent back to the second factor
    assert v.path == VERIFY
    assert v.page.locator("nav.site-nav").count() == 0


def test_a_unit_coordinator_gets_403_for_another_units_people(visitor, jarva_coordinator):
    v = visitor("forbidden")
    v.log_in(jarva_coordinator)
    v.goto("/organisation/enheter/sodermalm/personal/", status=403)
    assert v.page.locator("main h1").count() == 1
    assert v.page.locator("main table").count() == 0, "no people listed"
    v.check_page()

    v.goto("/organisation/enheter/jarva/personal/")  # their own unit still works


def test_the_csp_listener_reports_a_violation(visitor):
    """A control for the CSP check above: an injected inline script is blocked and reported."""
    v = visitor("csp-control")
    v.goto("/om/")
    v.page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    for _ in range(20):
        if v.watcher.csp_violations:
            break
        v.page.wait_for_timeout(100)
    assert v.watcher.take_csp_violations(), "the injected inline script was not reported"
    assert v.page.evaluate("() => window.injected") is None, "the inline script ran"
