"""Refused access for every insight and narrative page, and what each coordinator sees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.online.models import NarrativeLink
from safecity.online.tests.insight_factories import make_item, make_narrative

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

PAGES = ["online:insight", "online:themes", "online:triggers", "online:narratives", "online:narrative_new"]


@pytest.fixture
def narrative(jarva):
    return make_narrative(jarva, first_seen=timezone.localdate(), claim="Simhallen blir flyktingboende")


@pytest.fixture
def link(narrative, jarva):
    item = make_item(jarva, timezone.localdate(), text="Simhallen blir flyktingboende, sägs det")
    return NarrativeLink.objects.create(narrative=narrative, item=item, similarity=0.8)


def _object_requests(narrative, link):
    return [
        ("get", reverse("online:narrative", args=[narrative.pk]), {}),
        ("get", reverse("online:narrative_edit", args=[narrative.pk]), {}),
        ("post", reverse("online:narrative_edit", args=[narrative.pk]), {"title": "x"}),
        (
            "post",
            reverse("online:narrative_matching", args=[narrative.pk]),
            {"similarity_threshold": "0.5", "window_days": "5"},
        ),
        (
            "post",
            reverse("online:narrative_counter", args=[narrative.pk]),
            {"kind": "counter", "text": "Fakta"},
        ),
        ("post", reverse("online:narrative_suggest", args=[narrative.pk]), {}),
        ("post", reverse("online:link_confirm", args=[link.pk]), {}),
        ("post", reverse("online:link_reject", args=[link.pk]), {}),
    ]


@pytest.mark.parametrize(
    "who", ["employee", "partner", "jarva_manager", "intake_officer", "dpo", "no_role_user"]
)
@pytest.mark.parametrize("page", PAGES)
def test_it_refuses_people_who_are_not_coordinators(request, who, page):
    user = request.getfixturevalue(who)
    response = logged_in(user).get(reverse(page))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


@pytest.mark.parametrize("page", [*PAGES, "online:summary"])
def test_anonymous_visitors_are_sent_to_log_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert "login" in response["Location"] or "logga-in" in response["Location"]


@pytest.mark.parametrize("who", ["sodermalm_coordinator", "employee", "partner", "jarva_manager"])
def test_other_districts_coordinator_and_others_cannot_touch_a_narrative(request, who, narrative, link):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    for method, url, data in _object_requests(narrative, link):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
    link.refresh_from_db()
    narrative.refresh_from_db()
    assert link.state == NarrativeLink.State.SUGGESTED
    assert narrative.counter_messages.count() == 0
    assert narrative.similarity_threshold == 0.35
    assert AccessLogEntry.objects.filter(user=user, action="refused", object_type="online.narrative").exists()


def test_anonymous_cannot_touch_a_narrative(client, narrative, link):
    for method, url, data in _object_requests(narrative, link):
        assert getattr(client, method)(url, data).status_code == 302, url
    link.refresh_from_db()
    assert link.state == NarrativeLink.State.SUGGESTED


def test_a_missing_narrative_is_not_found(central_coordinator):
    assert logged_in(central_coordinator).get(reverse("online:narrative", args=[999999])).status_code == 404


def test_a_unit_coordinator_counts_only_their_units_items(jarva_coordinator, jarva, sodermalm):
    today = timezone.localdate()
    make_item(jarva, today, text="järva")
    for _ in range(3):
        make_item(sodermalm, today, text="söder")
    response = logged_in(jarva_coordinator).get(reverse("online:insight"))
    assert response.status_code == 200
    assert response.context["totals"]["total"] == 1
    # another district in the filter is not a valid choice: the page falls back to the user's units
    response = logged_in(jarva_coordinator).get(reverse("online:insight"), {"unit": sodermalm.pk})
    assert response.context["form"].errors["unit"]
    assert response.context["totals"]["total"] == 1


def test_a_unit_coordinator_lists_only_their_units_narratives(
    jarva_coordinator, sodermalm_coordinator, narrative
):
    assert narrative in logged_in(jarva_coordinator).get(reverse("online:narratives")).context["narratives"]
    assert (
        list(logged_in(sodermalm_coordinator).get(reverse("online:narratives")).context["narratives"]) == []
    )


def test_the_central_coordinator_sees_every_unit(central_coordinator, jarva, sodermalm, narrative):
    today = timezone.localdate()
    make_item(jarva, today)
    make_item(sodermalm, today)
    client = logged_in(central_coordinator)
    assert client.get(reverse("online:insight")).context["totals"]["total"] == 2
    assert client.get(reverse("online:narrative", args=[narrative.pk])).status_code == 200


def test_viewing_a_narrative_is_logged(jarva_coordinator, narrative):
    logged_in(jarva_coordinator).get(reverse("online:narrative", args=[narrative.pk]))
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="view", object_type="online.narrative", object_id=str(narrative.pk)
    ).exists()


def test_bad_filter_dates_name_the_field(jarva_coordinator):
    response = logged_in(jarva_coordinator).get(
        reverse("online:insight"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.context["form"].errors["end"]
    response = logged_in(jarva_coordinator).get(reverse("online:themes"), {"start": "inte ett datum"})
    assert response.context["form"].errors["start"]


def test_insight_page_query_count_is_bounded(jarva_coordinator, jarva, django_assert_max_num_queries):
    today = timezone.localdate()
    for n in range(30):
        make_item(
            jarva, today - dt.timedelta(days=n), target="islamophobic" if n % 2 else "", platform=f"p{n % 4}"
        )
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("online:insight"), {"period": "day"})
    assert response.status_code == 200


def test_narrative_list_query_count_is_bounded(central_coordinator, jarva, django_assert_max_num_queries):
    from safecity.online.models import Tactic

    tactics = list(Tactic.objects.all()[:2])
    for n in range(10):
        make_narrative(jarva, first_seen=timezone.localdate(), title=f"N {n}").tactics.set(tactics)
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("online:narratives"))
    assert len(response.context["narratives"]) == 10


def test_narrative_page_query_count_is_bounded(
    jarva_coordinator, jarva, narrative, django_assert_max_num_queries
):
    for n in range(10):
        item = make_item(jarva, timezone.localdate(), text=f"text {n}")
        NarrativeLink.objects.create(
            narrative=narrative, item=item, similarity=0.5, state="confirmed" if n % 2 else "suggested"
        )
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("online:narrative", args=[narrative.pk]))
    assert len(response.context["confirmed"]) == 5
    assert len(response.context["suggested"]) == 5
