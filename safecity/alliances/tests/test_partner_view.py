"""A partner's account sees only what is shared with it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from conftest import logged_in
from safecity.alliances.models import Agreement, MeasurePartner, Meeting
from safecity.core.models import AccessLogEntry
from safecity.plans.models import Measure
from safecity.plans.tests.plan_pages import measure


def test_a_partner_sees_its_own_record_its_meetings_and_shared_measures(
    partner, police, housing, church, jarva, approved_plan, jarva_coordinator
):
    police.accounts.add(partner)
    ours = Meeting.objects.create(date=dt.date(2026, 2, 1), topic="Vår lägesbild")
    ours.units.set([jarva])
    ours.partners.set([police, housing])
    theirs = Meeting.objects.create(date=dt.date(2026, 2, 2), topic="Bostadsbolagets möte")
    theirs.units.set([jarva])
    theirs.partners.set([housing])
    shared = Measure.objects.filter(plan=approved_plan).first()
    shared.shared_with_partners = True
    shared.save()
    MeasurePartner.objects.create(measure=shared, partner=police)
    hidden = Measure.objects.create(
        plan=approved_plan, title="Intern insats", status=shared.status, shared_with_partners=False
    )
    MeasurePartner.objects.create(measure=hidden, partner=police)

    response = logged_in(partner).get(reverse("alliances:shared"))

    assert response.status_code == 200
    assert [p.name for p in response.context["organisations"]] == ["Lokalpolisområde Järva"]
    assert [m.topic for m in response.context["meetings"]] == ["Vår lägesbild"]
    assert [link.measure for link in response.context["links"]] == [shared]
    assert b"Bostadsbolagets" not in response.content
    assert b"Intern insats" not in response.content
    assert b"Stockholms mosk" not in response.content


def test_a_partner_does_not_see_measures_of_an_unapproved_plan(
    partner, police, jarva_plan, jarva_coordinator
):
    police.accounts.add(partner)
    draft = measure(jarva_coordinator, jarva_plan, "Utkast", shared_with_partners=True)
    MeasurePartner.objects.create(measure=draft, partner=police)
    response = logged_in(partner).get(reverse("alliances:shared"))
    assert list(response.context["links"]) == []


def test_a_partner_without_a_linked_organisation_sees_nothing(partner, police):
    response = logged_in(partner).get(reverse("alliances:shared"))
    assert list(response.context["organisations"]) == []
    assert list(response.context["meetings"]) == []


def test_the_partner_menu_leads_to_the_shared_page(partner):
    response = logged_in(partner).get(reverse("core:home"))
    urls = [item["url"] for item in response.context["nav_items"]]
    assert reverse("alliances:shared") in urls
    assert reverse("alliances:directory") not in urls


def _every_staff_page(police, church, agreement, meeting, measure_id):
    return [
        reverse("alliances:directory"),
        reverse("alliances:create"),
        reverse("alliances:partner", args=[police.pk]),
        reverse("alliances:partner", args=[church.pk]),
        reverse("alliances:edit", args=[police.pk]),
        reverse("alliances:create_agreement", args=[police.pk]),
        reverse("alliances:agreements"),
        reverse("alliances:edit_agreement", args=[agreement.pk]),
        reverse("alliances:end_agreement", args=[agreement.pk]),
        reverse("alliances:record_meeting"),
        reverse("alliances:edit_meeting", args=[meeting.pk]),
        reverse("alliances:delete_meeting", args=[meeting.pk]),
        reverse("alliances:measure_partners", args=[measure_id]),
        reverse("alliances:shared_measures"),
        reverse("alliances:network"),
        reverse("alliances:indicators"),
    ]


def test_a_partner_account_is_refused_every_other_alliances_page(
    partner, police, church, jarva, approved_plan, client
):
    """Even its own organisation's staff page: agreements, internal links and other partners stay hidden."""
    police.accounts.add(partner)
    agreement = Agreement.objects.create(
        partner=police, unit=jarva, kind="cooperation", title="Avtal", valid_from=dt.date(2025, 1, 1)
    )
    meeting = Meeting.objects.create(date=dt.date(2026, 2, 1), topic="Vår lägesbild")
    meeting.units.set([jarva])
    meeting.partners.set([police])
    shared = Measure.objects.filter(plan=approved_plan).first()
    link = MeasurePartner.objects.create(measure=shared, partner=police)
    browser = logged_in(partner)
    for url in _every_staff_page(police, church, agreement, meeting, shared.pk):
        assert browser.get(url).status_code == 403, url
        assert browser.post(url, {"title": "X", "topic": "X", "partner": police.pk}).status_code == 403, url
    unlink = reverse("alliances:unlink_partner", args=[shared.pk, link.pk])
    assert browser.post(unlink).status_code == 403
    assert MeasurePartner.objects.filter(pk=link.pk).exists()
    assert Meeting.objects.filter(pk=meeting.pk, topic="Vår lägesbild").exists()
    assert AccessLogEntry.objects.filter(user=partner, action=AccessLogEntry.Action.REFUSED).count() >= 16


def test_the_shared_page_shows_no_agreements(partner, police, jarva):
    police.accounts.add(partner)
    Agreement.objects.create(
        partner=police,
        unit=jarva,
        kind="data_sharing",
        title="Hemligt avtal",
        dpia_reference="DPIA-9",
        valid_from=dt.date(2025, 1, 1),
    )
    response = logged_in(partner).get(reverse("alliances:shared"))
    assert b"Hemligt avtal" not in response.content
    assert b"DPIA-9" not in response.content
