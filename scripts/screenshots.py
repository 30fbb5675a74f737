"""Screenshots for the documentation, taken from a running development server.

    make run                                       # in one terminal (loads the demo accounts)
    DEBUG=1 .venv/bin/python manage.py db_worker   # in another: the online import runs as a job
    DEBUG=1 .venv/bin/python scripts/screenshots.py   # in a third, with the same DATABASE_URL

Logs in as demo accounts (password and TOTP secrets from safecity/organisation/demo.py, codes
computed from the database the server uses) and writes PNGs to docs/screenshots/. Uses the system
Chromium like the browser tests; no browser is downloaded. SCREENSHOT_ONLY=online,profile,...
takes only those groups (plans, online, profile, competence, alliances, signals, mapping).

It writes to the development database as a user would: a failed online import, a good-practice
proposal from Järva (once), a public signal and a new statistics source. Use a fresh database.
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


def save(page, name: str, until: str | None = None) -> None:
    """A full-page PNG; if that is over MAX_BYTES, the top of the page as far as it fits."""
    path = OUT / name
    page.screenshot(path=path, full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    stops = [2400, 1800, 1350, 900]
    if until and page.locator(until).count():  # cut above this element rather than through it
        stops.insert(
            0, int(page.locator(until).first.evaluate("e => e.getBoundingClientRect().top + scrollY"))
        )
    for top in stops:
        if path.stat().st_size <= MAX_BYTES:
            break
        if top < height:
            page.screenshot(path=path, full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": top})
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


def online_shots(browser, options) -> None:
    """Online hate (docs/users/online-hate.md) and its insight pages (docs/users/online-insight.md)."""
    from safecity.online.models import Narrative, OnlineItem

    coordinator = browser.new_context(**options)
    page = log_in(coordinator, "coord.jarva")
    page.goto(BASE_URL + "/nathat/")
    save(page, "online-index.png")
    page.goto(BASE_URL + "/nathat/importera/")
    save(page, "online-import.png")
    bad = (
        "plattform;tid;text;adress\n"
        "Facebook;2026-11-02 18:40;Ett vanligt inlägg;https://example.org/1\n"
        "Facebook;igår kväll;Tiden går inte att läsa;https://example.org/2\n"
        "Flashback;2026-11-03 09:15;Adressen är ingen webbadress;inte-en-adress\n"
    )
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "kommentarer.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    problems = page.locator("main a[href*='/nathat/importer/']")
    for _ in range(60):  # the import runs as a background job: `manage.py db_worker` must be running
        if "/nathat/importer/" in page.url or problems.count():
            break
        time.sleep(1)
        page.reload()
    if problems.count():
        problems.first.click()
        page.wait_for_load_state()
    save(page, "online-import-problems.png")
    page.goto(BASE_URL + "/nathat/granska/")
    save(page, "online-queue.png")
    item = OnlineItem.objects.filter(unit__code="jarva", reviews__isnull=False).order_by("-pk").first()
    if item is not None:
        page.goto(BASE_URL + f"/nathat/objekt/{item.pk}/")
        save(page, "online-item.png")
    page.goto(BASE_URL + "/nathat/oversikt/")
    save(page, "online-insight-volume.png")
    page.goto(BASE_URL + "/nathat/teman/")
    save(page, "online-insight-themes.png")
    page.goto(BASE_URL + "/nathat/utlosare/")
    save(page, "online-insight-triggers.png")
    narrative = Narrative.objects.filter(unit__code="jarva").order_by("pk").first()
    if narrative is not None:
        page.goto(BASE_URL + f"/nathat/narrativ/{narrative.pk}/")
        save(page, "online-insight-narrative.png")
    coordinator.close()

    central = browser.new_context(**options)
    page = log_in(central, "central")
    page.goto(BASE_URL + "/nathat/modeller/")
    save(page, "online-models.png")
    page.goto(BASE_URL + "/nathat/narrativ/")  # every unit's narratives
    save(page, "online-insight-narratives.png")
    central.close()

    manager = browser.new_context(**options)
    page = log_in(manager, "manager.jarva")
    page.goto(BASE_URL + "/nathat/sammanfattning/")
    save(page, "online-insight-summary.png")
    manager.close()


def profile_shots(browser, options) -> None:
    """The Safe City profile, good practice and the network hub (docs/users/profile.md, network-hub.md)."""
    from safecity.network.models import GoodPractice, HubProfile

    public = browser.new_context(**options)
    page = public.new_page()
    page.goto(BASE_URL + "/profil/")
    save(page, "profile-public.png", until="#initiatives")
    section = page.locator("#initiatives")
    if section.count():
        page.locator("label[for=pick-2]").click()  # the second initiative, chosen with the buttons
        box = section.bounding_box()
        y = box["y"] + page.evaluate("window.scrollY") - 24
        page.screenshot(
            path=OUT / "profile-initiatives.png",
            full_page=True,
            clip={"x": 0, "y": y, "width": WIDTH, "height": box["height"] + 48},
        )
        print("docs/screenshots/profile-initiatives.png")
    practice = GoodPractice.objects.filter(state="approved").order_by("pk").first()
    if practice is not None:
        page.goto(BASE_URL + f"/profil/goda-exempel/{practice.pk}/")
        save(page, "profile-good-practice-public.png")
    page.emulate_media(media="print")
    page.goto(BASE_URL + "/profil/")
    save(page, "profile-print.png")
    page.emulate_media(media="screen")
    public.close()

    english = browser.new_context(**{**options, "locale": "en-GB"})
    page = english.new_page()
    page.goto(BASE_URL + "/profil/")
    switch = page.locator("form[action$='/i18n/setlang/'] button[value=en], button[name=language][value=en]")
    if switch.count():
        with page.expect_navigation():
            switch.first.click()
    save(page, "profile-public-en.png", until="#initiatives")
    english.close()

    coordinator = browser.new_context(**options)
    page = log_in(coordinator, "coord.jarva")
    page.goto(BASE_URL + "/profil/exempelbank/foresla/")
    first = page.locator("main a[href*='/profil/exempelbank/foresla/']").first
    if first.count():
        first.click()
        page.wait_for_load_state()
    if "/foresla/" in page.url:
        for name, text in [
            ("for_whom", "Unga 15–20 år i Järva som socialtjänsten eller skolan ser en risk för."),
            ("cost_time", "En samordnare på halvtid"),
            ("cost_money", "120 000 kr per år"),
            ("evaluation", "Mentorer och unga intervjuades efter ett år."),
            ("result", "De flesta unga fullföljde året och fler gick vidare till jobb eller studier."),
            ("advice", "Börja med få mentorer och ge dem handledning."),
        ]:
            field = page.locator(f"main [name={name}]")
            if field.count() and not field.input_value():
                field.fill(text)
    save(page, "profile-propose.png")
    waiting = GoodPractice.objects.filter(unit__code="jarva").exclude(state="approved")
    if "/foresla/" in page.url and not waiting.exists():  # one proposal to decide on, not one per run
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
    coordinator.close()

    central = browser.new_context(**options)
    page = log_in(central, "central")
    page.goto(BASE_URL + "/profil/redigera/")
    save(page, "profile-compose.png")
    page.goto(BASE_URL + "/profil/redigera/initiativ/ny/")
    save(page, "profile-initiative-pick.png")
    page.goto(BASE_URL + "/profil/forhandsgranska/")
    save(page, "profile-preview.png", until="#initiatives")
    page.goto(BASE_URL + "/profil/versioner/")
    save(page, "profile-versions.png")
    page.goto(BASE_URL + "/profil/exempelbank/")
    save(page, "profile-library.png")
    waiting = GoodPractice.objects.exclude(state="approved").order_by("-pk").first()
    if waiting is not None:
        page.goto(BASE_URL + f"/profil/exempelbank/{waiting.pk}/")
        save(page, "profile-practice-decide.png")
    page.goto(BASE_URL + "/profil/natverk/")
    save(page, "hub-compare.png")
    city = HubProfile.objects.order_by("pk").first()
    if city is not None:
        page.goto(BASE_URL + f"/profil/natverk/stad/{city.city_id}/")
        save(page, "hub-city.png")
    page.goto(BASE_URL + "/profil/natverk/goda-exempel/")
    save(page, "hub-practices.png")
    page.goto(BASE_URL + "/profil/natverk/importera/")
    address = page.locator("main input[type=url], main input[name=url]")
    if address.count():
        address.first.fill("http://192.168.1.20/profil/profil.json")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    save(page, "hub-import.png")
    central.close()


def competence_shots(browser, options) -> None:
    """Competence (docs/users/competence.md): coverage, targets, programmes, reach, measure links."""
    from safecity.competence.models import MeasureProgramme

    central = browser.new_context(**options)
    page = log_in(central, "central")
    page.goto(BASE_URL + "/kompetens/")
    save(page, "competence-coverage.png")
    unit = page.locator("main select[name=enhet], main select[name=unit]")
    if unit.count():
        unit.first.select_option(label="Järva")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    save(page, "competence-coverage-unit.png")
    page.goto(BASE_URL + "/kompetens/mal/")
    save(page, "competence-targets.png")
    page.goto(BASE_URL + "/kompetens/program/")
    save(page, "competence-programmes.png")
    link = MeasureProgramme.objects.filter(measure__plan__unit__code="jarva").order_by("pk").first()
    link = link or MeasureProgramme.objects.order_by("pk").first()
    if link is not None:
        page.goto(BASE_URL + f"/kompetens/rackvidd/{link.measure.plan_id}/")
        save(page, "competence-reach.png")
        page.goto(BASE_URL + f"/kompetens/atgard/{link.measure_id}/program/")
        save(page, "competence-measure-programmes.png")
    central.close()


def alliances_shots(browser, options) -> None:
    """Alliances (docs/users/alliances.md): agreements, a partner, meetings, measures with partners."""
    from safecity.alliances.models import Agreement, MeasurePartner, Meeting

    central = browser.new_context(**options)
    page = log_in(central, "central")
    page.goto(BASE_URL + "/samverkan/avtal/")
    save(page, "alliances-agreements.png")
    agreement = Agreement.objects.filter(kind="data_sharing").order_by("pk").first()
    if agreement is not None:
        page.goto(BASE_URL + f"/samverkan/avtal/{agreement.pk}/andra/")
        save(page, "alliances-agreement-form.png")
    page.goto(BASE_URL + "/samverkan/partner/1/")
    save(page, "alliances-partner.png")
    meeting = Meeting.objects.order_by("-pk").first()
    if meeting is not None:
        page.goto(BASE_URL + f"/samverkan/moten/{meeting.pk}/andra/")
        save(page, "alliances-meeting-edit.png")
    links = MeasurePartner.objects.order_by("pk")
    jarva = links.filter(measure__plan__unit__code="jarva")
    link = jarva.exclude(role="").first() or jarva.first() or links.first()
    if link is not None:
        page.goto(BASE_URL + f"/samverkan/atgard/{link.measure_id}/partner/")
        save(page, "alliances-measure-partners.png")
    page.goto(BASE_URL + "/samverkan/gemensamma-atgarder/")
    save(page, "alliances-shared-measures.png")
    central.close()


def signals_shots(browser, options) -> None:
    """Signals (docs/users/signals.md): the report form, the receipt, the queue and a signal."""
    public = browser.new_context(**options)
    page = public.new_page()
    page.goto(BASE_URL + "/rapportera/")
    save(page, "signals-report.png")
    page.locator("input[name=kind]").first.check()
    page.locator("input[name=occurred_on]").fill("2026-11-20")
    area = page.locator("select[name=area]")
    if area.count():
        area.select_option(label="Rinkeby")
    milieu = page.locator("select[name=milieu]")
    if milieu.count():
        milieu.select_option(index=1)
    page.locator("textarea[name=description]").fill(
        "Klistermärken med en vit makt-symbol på busshållplatsen vid Rinkeby torg, ungefär tio stycken."
    )
    time.sleep(4)  # the form refuses answers sent faster than a person could
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    save(page, "signals-receipt.png")
    public.close()

    coordinator = browser.new_context(**options)
    page = log_in(coordinator, "coord.jarva")
    page.goto(BASE_URL + "/rapportera/ko/")
    save(page, "signals-queue.png")
    first = page.locator("main a[href*='/rapportera/signaler/']").first
    if first.count():
        first.click()
        page.wait_for_load_state()
        save(page, "signals-signal.png")
    page.goto(BASE_URL + "/lagesbild/polishandelser/?date_to=2025-12-31")  # the archived feed only
    save(page, "situation-events.png")
    coordinator.close()


def situation_mapping_shot(browser, options) -> None:
    """A new statistics source: the column mapping (docs/situation-data.md)."""
    central = browser.new_context(**options)
    page = log_in(central, "central")
    page.goto(BASE_URL + "/lagesbild/ladda-upp/")
    rows = "Område;Brottstyp;År;Antal\nRinkeby;Skadegörelse;2025;41\nHusby;Skadegörelse;2025;33\nKista;Olaga hot;2025;18\n"
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "anmalda-brott-2025.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    page.locator("select[name=target]").select_option(index=1)  # a new source
    page.locator("input[name=name]").fill("Anmälda brott per stadsdel (demo)")
    kind = page.locator("select[name=kind]")
    if kind.count():
        kind.select_option(index=1)
    page.locator("input[name=publisher]").fill("Brå")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    if "/kolumner/" in page.url:
        save(page, "situation-mapping.png")
    else:
        print(f"situation-mapping.png not taken: the upload went to {page.url}", file=sys.stderr)
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

        only = set(filter(None, os.environ.get("SCREENSHOT_ONLY", "").split(",")))
        for name, shots in [
            ("plans", plan_shots),
            ("online", online_shots),
            ("profile", profile_shots),
            ("competence", competence_shots),
            ("alliances", alliances_shots),
            ("signals", signals_shots),
            ("mapping", situation_mapping_shot),
        ]:
            if not only or name in only:
                shots(browser, options)

        dpo = browser.new_context(**options)
        page = log_in(dpo, "dpo")
        page.goto(BASE_URL + "/atkomstlogg/")
        save(page, "access-log.png")
        dpo.close()

        browser.close()


if __name__ == "__main__":
    main()
