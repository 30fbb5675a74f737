"""Recording narratives, their status history, counter-messages, and deciding on suggestions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from safecity.core.models import AccessLogEntry, Job
from safecity.online.models import CounterMessage, Narrative, NarrativeLink, Tactic
from safecity.online.tests.insight_factories import make_item, make_narrative

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def narrative(jarva):
    return make_narrative(jarva, first_seen=TODAY, title="Simhallen", claim="Simhallen blir flyktingboende")


def _form(jarva, **extra):
    data = {
        "unit": jarva.pk,
        "title": "Vaccin i vattnet",
        "claim": "Kommunen blandar vaccin i dricksvattnet",
        "keywords": "vaccin, vatten, #vattenvaccin",
        "first_seen": "2026-03-01",
        "where": "Facebookgrupp för Rinkeby",
        "status": "monitoring",
        "tactics": [Tactic.objects.get(code="conspiracy-theory").pk],
    }
    return {**data, **extra}


def test_the_tactics_are_seeded_in_both_languages(db):
    codes = set(Tactic.objects.values_list("code", flat=True))
    assert {"fake-experts", "whataboutism", "fabricated-quotes", "decontextualised-media"} <= codes
    tactic = Tactic.objects.get(code="fake-experts")
    assert tactic.name == "Falska experter" and tactic.name_en == "Fake experts"


def test_a_coordinator_records_a_narrative(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).post(reverse("online:narrative_new"), _form(jarva))
    narrative = Narrative.objects.get(title="Vaccin i vattnet")
    assert response.status_code == 302
    assert response["Location"] == reverse("online:narrative", args=[narrative.pk])
    assert narrative.created_by == jarva_coordinator
    assert [t.code for t in narrative.tactics.all()] == ["conspiracy-theory"]
    assert AccessLogEntry.objects.filter(action="create", object_type="online.narrative").exists()


def test_a_unit_coordinator_cannot_record_for_another_district(jarva_coordinator, sodermalm):
    response = logged_in(jarva_coordinator).post(reverse("online:narrative_new"), _form(sodermalm))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Narrative.objects.exists()


def test_missing_fields_are_named(jarva_coordinator, jarva):
    response = logged_in(jarva_coordinator).post(
        reverse("online:narrative_new"), _form(jarva, title="", first_seen="x")
    )
    assert set(response.context["form"].errors) == {"title", "first_seen"}


def test_status_changes_forwards_and_back_are_kept_with_their_reason(jarva_coordinator, jarva, narrative):
    client = logged_in(jarva_coordinator)
    url = reverse("online:narrative_edit", args=[narrative.pk])
    client.post(url, _form(jarva, title="Simhallen", status="drafted"))
    client.post(url, _form(jarva, title="Simhallen", status="published"))
    client.post(
        url, _form(jarva, title="Simhallen", status="drafted", status_reason="Motbudskapet drogs tillbaka")
    )
    narrative.refresh_from_db()
    assert narrative.status == "drafted"
    history = client.get(reverse("online:narrative", args=[narrative.pk])).context["history"]
    assert [(h["before"], h["after"]) for h in history] == [
        ("monitoring", "counter-message drafted"),
        ("counter-message drafted", "counter-message published"),
        ("counter-message published", "counter-message drafted"),
    ]
    assert history[-1]["reason"] == "Motbudskapet drogs tillbaka"


def test_a_counter_message_is_added(jarva_coordinator, narrative):
    response = logged_in(jarva_coordinator).post(
        reverse("online:narrative_counter", args=[narrative.pk]),
        {
            "kind": "prebunk",
            "text": "Så känner du igen ett påhittat citat",
            "channel": "Instagram",
            "url": "https://example.se/a",
            "published_on": "2026-03-05",
        },
    )
    assert response.status_code == 302
    message = CounterMessage.objects.get()
    assert message.kind == "prebunk" and message.published_on == dt.date(2026, 3, 5)


def test_a_counter_message_without_text_names_the_field(jarva_coordinator, narrative):
    response = logged_in(jarva_coordinator).post(
        reverse("online:narrative_counter", args=[narrative.pk]), {"kind": "counter"}
    )
    assert response.status_code == 400
    assert response.context["counter_form"].errors["text"]
    assert not CounterMessage.objects.exists()


def test_matching_settings_are_checked(jarva_coordinator, narrative):
    client = logged_in(jarva_coordinator)
    url = reverse("online:narrative_matching", args=[narrative.pk])
    response = client.post(url, {"similarity_threshold": "1.5", "window_days": "0"})
    assert response.status_code == 400
    assert set(response.context["matching_form"].errors) == {"similarity_threshold", "window_days"}
    assert client.post(url, {"similarity_threshold": "0.6", "window_days": "14"}).status_code == 302
    narrative.refresh_from_db()
    assert (narrative.similarity_threshold, narrative.window_days) == (0.6, 14)


def test_confirming_and_rejecting_suggestions(jarva_coordinator, jarva, narrative):
    first = NarrativeLink.objects.create(narrative=narrative, item=make_item(jarva, TODAY), similarity=0.7)
    second = NarrativeLink.objects.create(narrative=narrative, item=make_item(jarva, TODAY), similarity=0.5)
    client = logged_in(jarva_coordinator)
    page = client.get(reverse("online:narrative", args=[narrative.pk]))
    assert page.context["confirmed"] == [] and len(page.context["suggested"]) == 2
    client.post(reverse("online:link_confirm", args=[first.pk]))
    client.post(reverse("online:link_reject", args=[second.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "confirmed" and first.decided_by == jarva_coordinator
    assert second.state == "rejected"
    page = client.get(reverse("online:narrative", args=[narrative.pk]))
    assert [link.pk for link in page.context["confirmed"]] == [first.pk]
    assert page.context["suggested"] == []
    assert page.context["rejected"] == 1


def test_confirm_and_reject_need_post(jarva_coordinator, jarva, narrative):
    link = NarrativeLink.objects.create(narrative=narrative, item=make_item(jarva, TODAY), similarity=0.7)
    assert logged_in(jarva_coordinator).get(reverse("online:link_confirm", args=[link.pk])).status_code == 405


def test_suggested_items_stay_apart_from_confirmed_ones_on_the_page(jarva_coordinator, jarva, narrative):
    suggested = make_item(jarva, TODAY, text="FÖRSLAGSTEXT simhallen")
    confirmed = make_item(jarva, TODAY, text="BEKRÄFTAD simhallen")
    NarrativeLink.objects.create(narrative=narrative, item=suggested, similarity=0.9)
    NarrativeLink.objects.create(narrative=narrative, item=confirmed, similarity=0.4, state="confirmed")
    content = (
        logged_in(jarva_coordinator).get(reverse("online:narrative", args=[narrative.pk])).content.decode()
    )
    confirmed_table = content[content.index('id="confirmed"') : content.index('id="suggested"')]
    assert "BEKRÄFTAD" in confirmed_table and "FÖRSLAGSTEXT" not in confirmed_table


def test_the_button_runs_the_suggestions_as_a_job(
    jarva_coordinator, jarva, narrative, django_capture_on_commit_callbacks
):
    make_item(jarva, TODAY, text="Simhallen blir flyktingboende nu")
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(jarva_coordinator).post(reverse("online:narrative_suggest", args=[narrative.pk]))
    job = Job.objects.get(kind="online.suggest")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result["created"] == 1
    assert NarrativeLink.objects.filter(narrative=narrative, state="suggested").count() == 1


def test_the_list_filters_by_status_tactic_and_unit(central_coordinator, jarva, sodermalm, narrative):
    other = make_narrative(sodermalm, first_seen=TODAY, title="Annat", status="closed")
    tactic = Tactic.objects.get(code="trolling")
    other.tactics.add(tactic)
    client = logged_in(central_coordinator)
    listed = lambda **q: [n.title for n in client.get(reverse("online:narratives"), q).context["narratives"]]  # noqa: E731
    assert sorted(listed()) == ["Annat", "Simhallen"]
    assert listed(status="closed") == ["Annat"]
    assert listed(tactic=tactic.pk) == ["Annat"]
    assert listed(unit=jarva.pk) == ["Simhallen"]


def test_the_edit_page_keeps_the_first_seen_date(jarva_coordinator, narrative):
    content = (
        logged_in(jarva_coordinator)
        .get(reverse("online:narrative_edit", args=[narrative.pk]))
        .content.decode()
    )
    assert 'value="2026-03-02"' in content


def test_demo_narratives_load(jarva):
    from safecity.online.demo_narratives import load_narratives

    load_narratives(jarva.city)
    load_narratives(jarva.city)  # twice: no duplicates
    assert Narrative.objects.count() == 3
    assert CounterMessage.objects.count() >= 3
    assert all(n.tactics.exists() for n in Narrative.objects.all())
    assert Narrative.objects.filter(first_seen__lte=timezone.localdate()).count() == 3


# --- in a real browser (run with -m browser) -----------------------------------------------------------


@pytest.fixture(scope="module")
def chromium_for_insight():
    from safecity.core.tests.browser import module_browser

    yield from module_browser()


@pytest.fixture
def organisation_again(transactional_db):
    """A live-server test flushes the database: load the organisation when it is missing."""
    from safecity.organisation.loader import load
    from safecity.organisation.models import City

    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
    if not Tactic.objects.exists():  # the flush also emptied the seeded tactics
        import importlib

        from django.apps import apps

        importlib.import_module("safecity.online.migrations.0002_seed_tactics").seed(apps, None)


@pytest.mark.browser
def test_a_coordinator_reads_the_insight_pages_and_confirms_a_suggestion(
    chromium_for_insight, live_server, organisation_again
):
    from conftest import make_person
    from safecity.core.tests.test_browser import Visitor
    from safecity.organisation.models import Role, Unit

    jarva = Unit.objects.get(code="jarva")
    today = timezone.localdate()
    for n in range(40):
        make_item(
            jarva,
            today - dt.timedelta(days=n % 20),
            label=["not", "offensive", "hateful", "threat"][n % 4],
            target="islamophobic" if n % 4 == 2 else "",
            text=f"moskén brand rinkeby natten {n}" if n % 2 else f"simhallen stängs för flyktingboende {n}",
        )
    narrative = make_narrative(
        jarva, first_seen=today, title="Simhallen", claim="Simhallen blir flyktingboende"
    )
    link = NarrativeLink.objects.create(
        narrative=narrative, item=make_item(jarva, today, text="Simhallen blir boende"), similarity=0.6
    )
    coordinator = make_person("jarva.insikt", Role.UNIT_COORDINATOR, "jarva")
    partner = make_person("partner.insikt", Role.PARTNER, "jarva")

    visitor = Visitor(chromium_for_insight, live_server.url, "online-insight")
    try:
        visitor.log_in(coordinator)
        for path in ["/nathat/oversikt/", "/nathat/teman/", "/nathat/utlosare/", "/nathat/narrativ/"]:
            visitor.goto(path)
            visitor.page.wait_for_timeout(500)
            visitor.check_page()
        visitor.goto(f"/nathat/narrativ/{narrative.pk}/")
        visitor.check_page()
        visitor.submit(visitor.page.locator("#suggested button.button").first)
        visitor.check_page()
        link.refresh_from_db()
        assert link.state == NarrativeLink.State.CONFIRMED
        visitor.goto("/nathat/narrativ/nytt/")
        visitor.check_page()
    finally:
        visitor.close()

    visitor = Visitor(chromium_for_insight, live_server.url, "online-summary")
    try:
        visitor.log_in(partner)
        visitor.goto("/nathat/sammanfattning/")
        visitor.check_page()
        visitor.goto("/nathat/oversikt/", status=403)
    finally:
        visitor.close()
