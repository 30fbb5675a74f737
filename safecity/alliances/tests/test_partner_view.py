"""A partner's account sees only what is shared with it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from conftest import logged_in
from safecity.alliances.models import MeasurePartner, Meeting
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
