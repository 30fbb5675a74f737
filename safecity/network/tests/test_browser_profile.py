"""Browser test of the profile: composed, previewed and published by the central coordinator, then read
by a visitor in Swedish and English. Every page is checked with axe-core, for CSP violations and
JavaScript errors. Run with `make test-browser` (or `pytest -m browser`).
"""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import importlib
import re

import pytest

from safecity.core.tests.browser import module_browser
from safecity.core.tests.test_browser import Visitor
from safecity.network.models import ProfileVersion
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    city,
    highlight,
    jarva_plan,
    planning_year,
)
from safecity.organisation.loader import load
from safecity.organisation.models import City
from safecity.plans.models import MeasureStatus, Theme
from safecity.plans.setup import load_plan_setup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_for_profile():
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
def visitor(chromium_for_profile, live_server):
    opened: list[Visitor] = []

    def open_visitor(name: str) -> Visitor:
        opened.append(Visitor(chromium_for_profile, live_server.url, name))
        return opened[-1]

    yield open_visitor
    for v in opened:
        v.close()


def test_the_profile_is_composed_previewed_published_and_read(visitor, central_coordinator, approved_jarva):
    # Nothing is published yet: the public address says so kindly.
    public = visitor("profile-public")
    public.goto("/profil/", status=404)
    public.check_page()

    # The central coordinator writes the texts next to the facts.
    central = visitor("profile-central")
    central.log_in(central_coordinator)
    central.goto("/profil/redigera/")
    assert central.page.locator(".compose-facts").is_visible()
    central.check_page()
    central.page.locator("textarea[name=portrait]").fill("## Öarna\n\nStockholm ligger på fjorton öar.")
    central.page.locator("textarea[name=portrait_en]").fill("Stockholm spreads across fourteen islands.")
    central.page.locator("textarea[name=challenges]").fill("Alla tre miljöer finns i staden.")
    central.submit(central.page.locator(".editor form button[type=submit]"))
    assert central.path == "/profil/redigera/"

    # ... highlights a measure of an approved plan ...
    central.submit(central.page.locator("a[href='/profil/redigera/initiativ/ny/']"))
    central.check_page()
    central.submit(central.page.locator("main table a").first)
    central.page.locator("input[name=title]").fill("Föräldraträffar")
    central.page.locator("input[name=title_en]").fill("Meetings for parents")
    central.page.locator("textarea[name=summary]").fill("Träffar för nyblivna föräldrar.")
    central.check_page()
    central.submit(central.page.locator("main form button[type=submit]"))
    assert central.path == "/profil/redigera/"
    measures = list(approved_jarva.measures.all())
    highlight(central_coordinator, central_coordinator_profile(), measures[1], title="Nätvandring")

    # ... previews: the public layout with a banner, nothing published ...
    central.goto("/profil/forhandsgranska/")
    assert central.page.locator(".profile-banner").is_visible()
    assert "Stockholm ligger på fjorton öar." in central.page.locator("main").inner_text()
    central.check_page()
    assert not ProfileVersion.objects.exists()

    # ... and publishes after the confirmation.
    central.goto("/profil/publicera/")
    central.check_page()
    central.submit(central.page.locator("main form button[type=submit]"))
    assert central.path == "/profil/"
    assert ProfileVersion.objects.get().number == 1

    # A visitor reads the profile in Swedish ...
    public.goto("/profil/")
    assert public.lang() == "sv"
    main = public.page.locator("main")
    assert "Stockholm ligger på fjorton öar." in main.inner_text()
    assert public.page.locator("link[rel=canonical]").count() == 1
    # one initiative at a time, chosen with radio buttons (keyboard too)
    assert public.page.locator("#initiative-1").is_visible()
    assert not public.page.locator("#initiative-2").is_visible()
    public.page.locator("label[for=pick-2]").click()
    assert public.page.locator("#initiative-2").is_visible()
    assert not public.page.locator("#initiative-1").is_visible()
    public.page.locator("#pick-2").focus()
    public.page.keyboard.press("ArrowLeft")
    assert public.page.locator("#initiative-1").is_visible()
    public.check_page()

    # ... and in English, with the site's language switch.
    public.submit(public.page.locator(".lang-switch button"))
    assert public.lang() == "en"
    assert "Stockholm spreads across fourteen islands." in public.page.locator("main").inner_text()
    assert "Meetings for parents" in public.page.locator("main").inner_text()
    public.check_page()

    # Printed, every initiative is on paper.
    public.page.emulate_media(media="print")
    assert public.page.locator("#initiative-2").is_visible()


def central_coordinator_profile():
    from safecity.network.models import Profile

    return Profile.objects.get()


def test_a_good_practice_is_proposed_approved_and_public(
    visitor, jarva_coordinator, central_coordinator, approved_jarva
):
    from safecity.network import actions

    actions.do_publish_profile(central_coordinator, central_coordinator_profile_or_new())

    unit = visitor("profile-unit")
    unit.log_in(jarva_coordinator)
    unit.goto("/profil/exempelbank/")
    unit.check_page()
    unit.submit(unit.page.locator("a[href='/profil/exempelbank/foresla/']"))
    unit.check_page()
    unit.submit(unit.page.locator("main table a").first)
    unit.page.locator("textarea[name=what]").fill("Träffar varannan vecka med fritidsledare.")
    unit.page.locator("textarea[name=for_whom]").fill("Unga 13–16 år i Järva.")
    unit.check_page()
    unit.submit(unit.page.locator("main form button[type=submit]"))
    practice_path = unit.path
    assert re.fullmatch(r"/profil/exempelbank/\d+/", practice_path), practice_path
    unit.check_page()

    central = visitor("profile-decide")
    central.log_in(central_coordinator)
    central.goto(practice_path)
    central.check_page()
    central.submit(central.page.locator("button[name=decision][value=approve]"))

    public = visitor("profile-practices-public")
    public.goto("/profil/goda-exempel/")
    assert "Unga 13–16 år i Järva." not in public.page.locator("main").inner_text()  # the list shows "what"
    public.check_page()
    public.submit(public.page.locator("main .practice-list a").first)
    assert "Unga 13–16 år i Järva." in public.page.locator("main").inner_text()
    public.check_page()


def central_coordinator_profile_or_new():
    from safecity.network.models import Profile
    from safecity.organisation.models import City

    return Profile.objects.get_or_create(city=City.objects.get(code="stockholm"))[0]
