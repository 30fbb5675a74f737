"""Screenshots for the documentation, taken from a running development server.

    make run                                       # in one terminal (loads the demo accounts)
    DEBUG=1 .venv/bin/python scripts/screenshots.py   # in another

Logs in as demo accounts (password and TOTP secrets from safecity/organisation/demo.py, codes
computed from the database the server uses) and writes PNGs to docs/screenshots/. Uses the system
Chromium like the browser tests; no browser is downloaded.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BASE_URL = os.environ.get("SCREENSHOT_BASE_URL", "http://127.0.0.1:8000")
OUT = REPO / "docs" / "screenshots"
MAX_BYTES = 400 * 1024
WIDTH = 1280


def fail(message: str) -> None:
    print(f"screenshots: {message}", file=sys.stderr)
    sys.exit(1)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecity.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are plain reads.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.conf import settings

    if not settings.DEBUG:
        fail("run with DEBUG=1: the demo accounts exist only in development.")


def server_is_up() -> bool:
    try:
        with urllib.request.urlopen(BASE_URL + "/", timeout=5) as response:  # noqa: S310 - our own URL
            return response.status == 200
    except OSError:
        return False


def save(page, name: str) -> None:
    """A full-page PNG; if that is over MAX_BYTES, the first screen only."""
    path = OUT / name
    page.screenshot(path=path, full_page=True)
    if path.stat().st_size > MAX_BYTES:
        page.screenshot(path=path, full_page=False)
    print(f"{path.relative_to(REPO)}  {path.stat().st_size // 1024} KB")


def log_in(context, username: str):
    from safecity.organisation.demo import DEMO_PASSWORD, current_code

    page = context.new_page()
    page.goto(BASE_URL + "/konto/logga-in/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()
    for attempt in range(2):
        if "/tvastegsverifiering/" not in page.url:
            break
        if attempt:  # a code is accepted once per time step: wait for the next one
            time.sleep(31 - time.time() % 30)
        page.locator("input[name=token]").fill(current_code(username))
        with page.expect_navigation():
            page.locator("main form.stack button[type=submit]").click()
    if not page.url.rstrip("/").endswith("/start"):
        fail(f"could not log in as {username} (now on {page.url}). Did `make run` load the demo accounts?")
    return page


def plan_shots(browser, options) -> None:
    """Action plans (docs/users/plans-coordinator.md): the list, Järva's plan, the overview, set-up."""
    from safecity.plans.models import Plan

    jarva = Plan.objects.filter(year__year=2026, unit__code="jarva").first()
    if jarva is None:
        fail("the demo plans are missing: run `DEBUG=1 .venv/bin/python manage.py load_demo`.")
    coordinator = browser.new_context(**options)
    page = log_in(coordinator, "coord.jarva")
    page.goto(BASE_URL + "/planer/")
    save(page, "plans-index.png")
    page.goto(BASE_URL + f"/planer/{jarva.pk}/")
    save(page, "plan.png")
    page.goto(BASE_URL + f"/planer/{jarva.pk}/uppfoljning/t2/")
    save(page, "plan-follow-up.png")
    coordinator.close()

    central = browser.new_context(**options)
    page = log_in(central, "central")
    page.goto(BASE_URL + "/planer/status/")
    save(page, "plans-status-board.png")
    page.goto(BASE_URL + "/planer/oversikt/")
    save(page, "plans-overview.png")
    page.goto(BASE_URL + "/planer/riktlinjer/")
    save(page, "plans-guidelines.png")
    page.goto(BASE_URL + "/planer/planeringsar/nytt/")
    save(page, "plans-planning-year.png")
    central.close()


def main() -> None:
    setup_django()
    if not server_is_up():
        fail(f"no server answers on {BASE_URL}. Start it with `make run` and try again.")
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(username="coord.jarva", is_demo=True).exists():
        fail("the demo accounts are missing: run `DEBUG=1 .venv/bin/python manage.py load_demo`.")

    from playwright.sync_api import sync_playwright

    from safecity.core.tests.browser import launch_chromium

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        options = {"viewport": {"width": WIDTH, "height": 900}, "locale": "sv-SE"}

        public = browser.new_context(**options)  # no language cookie: Swedish
        page = public.new_page()
        page.goto(BASE_URL + "/")
        save(page, "start.png")
        page.goto(BASE_URL + "/organisation/vem-kontaktar-jag/")
        page.locator("#id_area").select_option("rinkeby")
        with page.expect_navigation():
            page.locator("main form.stack button[type=submit]").click()
        save(page, "directory.png")
        public.close()

        coordinator = browser.new_context(**options)
        page = log_in(coordinator, "coord.jarva")
        save(page, "home-coordinator.png")
        page.goto(BASE_URL + "/organisation/enheter/jarva/personal/")  # leaves a line in the access log
        coordinator.close()

        plan_shots(browser, options)

        dpo = browser.new_context(**options)
        page = log_in(dpo, "dpo")
        page.goto(BASE_URL + "/atkomstlogg/")
        save(page, "access-log.png")
        dpo.close()

        browser.close()


if __name__ == "__main__":
    main()
