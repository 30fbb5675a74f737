"""Browser test of the online core: a unit coordinator imports a small file, opens the review queue,
corrects a label and reads the item's history. Every page is checked with axe-core, for CSP
violations and for JavaScript errors. Run with `-m browser`."""

from __future__ import annotations

import pytest

from conftest import make_person
from safecity.core.tests.browser import module_browser
from safecity.core.tests.test_browser import Visitor
from safecity.online.models import OnlineItem, Review
from safecity.organisation.loader import load
from safecity.organisation.models import City, Role, Unit

from .online_core_helpers import install_fake_classifier

pytestmark = pytest.mark.browser

FILE = (
    "plattform;länk;tid;inlägg;författare\n"
    "facebook;https://social.example/p/1;2025-06-07 7:32:06 +02:00;Tack för en fin fest i parken!;@anna\n"
    "facebook;https://social.example/p/2;2025-06-07 08:10;Ni är idioter allihop på förvaltningen;@bertil\n"
    "instagram;;2025-06-08;Invandrarna är parasiter;@cecilia\n"
)


@pytest.fixture(scope="module")
def chromium_for_online():
    yield from module_browser()


@pytest.fixture(autouse=True)
def stockholm(transactional_db):
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")


def test_a_coordinator_imports_reviews_and_reads_the_history(chromium_for_online, live_server, monkeypatch):
    install_fake_classifier(monkeypatch)
    coordinator = make_person("jarva.online", Role.UNIT_COORDINATOR, "jarva")
    visitor = Visitor(chromium_for_online, live_server.url, "online-core")
    try:
        visitor.log_in(coordinator)
        visitor.goto("/nathat/")
        visitor.check_page()
        visitor.goto("/nathat/importera/")
        visitor.check_page()
        visitor.page.locator("input[name=file]").set_input_files(
            {"name": "inlagg.csv", "mimeType": "text/csv", "buffer": FILE.encode("utf-8")}
        )
        visitor.page.locator("input[name=source]").fill("Järvas Facebooksida")
        visitor.submit(visitor.page.locator("main form button[type=submit]"))
        assert "/jobb/" in visitor.page.url
        visitor.check_page()
        assert OnlineItem.objects.filter(unit=Unit.objects.get(code="jarva")).count() == 3
        assert not OnlineItem.objects.filter(author_hash__contains="anna").exists()

        visitor.goto("/nathat/granska/")
        visitor.check_page()
        first = visitor.page.locator("main ol > li").first
        assert "parasiter" in first.inner_text() or "idioter" in first.inner_text()
        assert first.locator("mark").count() >= 1
        item_id = int(first.get_attribute("id").split("-")[1])
        first.locator("select[name=label]").select_option("threat")
        first.locator("button[type=submit]").click()
        visitor.page.locator(f"#item-{item_id} [role=status]").wait_for()
        # The saved row takes the focus, so Tab goes on to the next item's form.
        focused = visitor.page.evaluate(
            "document.activeElement.closest('li') && document.activeElement.closest('li').id"
        )
        assert focused == f"item-{item_id}"
        review = Review.objects.get()
        assert review.item_id == item_id and review.label == "threat"
        visitor.check_page()

        visitor.goto(f"/nathat/objekt/{item_id}/")
        assert (
            "threat" in visitor.page.locator("main table").last.inner_text().lower()
            or review.label == "threat"
        )
        visitor.check_page()
    finally:
        visitor.close()
