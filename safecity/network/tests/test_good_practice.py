"""The good-practice library: proposed by a unit coordinator, decided by the central coordinator."""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.network import actions
from safecity.network.models import GoodPractice
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    approved_practice,
    city,
    draft_sodermalm,
    jarva_plan,
    planning_year,
    sodermalm_plan,
)
from safecity.plans.models import PreventionLevel, TargetGroup
from safecity.plans.tests.fixtures import theme

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

FORM = {"title": "Nätvandrare", "what": "Fritidsledare finns på nätet.", "for_whom": "Unga 12–18 år."}


@pytest.fixture
def jarva_measure(approved_jarva):
    return approved_jarva.measures.get(title="Fritidsgårdarnas nätvandring")


@pytest.fixture
def proposal(jarva_coordinator, jarva_measure):
    return actions.do_propose_good_practice(jarva_coordinator, jarva_measure, **FORM)


def test_a_unit_coordinator_proposes_a_measure_and_central_is_told(
    jarva_coordinator, central_coordinator, jarva_measure, django_capture_on_commit_callbacks
):
    central_coordinator.email = "central@example.org"
    central_coordinator.save()
    client = logged_in(jarva_coordinator)
    picker = client.get(reverse("network:propose_pick")).content.decode()
    assert reverse("network:propose", args=[jarva_measure.pk]) in picker
    form = client.get(reverse("network:propose", args=[jarva_measure.pk])).content.decode()
    assert 'value="Fritidsgårdarnas nätvandring"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:propose", args=[jarva_measure.pk]),
            {
                **FORM,
                "themes": [theme(1).pk, theme(2).pk],
                "prevention_level": "general",
                "cost_money": "40 000 kr",
            },
        )
    assert response.status_code == 302
    practice = GoodPractice.objects.get()
    assert practice.state == GoodPractice.State.PROPOSED
    assert practice.unit == jarva_measure.plan.unit
    assert sorted(t.number for t in practice.themes.all()) == [1, 2]
    assert [m.to for m in mail.outbox] == [["central@example.org"]]
    assert "Nätvandrare" not in mail.outbox[0].body  # a link only
    assert reverse("network:practice", args=[practice.pk]) in mail.outbox[0].body


def test_the_form_is_prefilled_from_the_measure(jarva_coordinator, approved_jarva):
    chosen = approved_jarva.measures.get(title="Föräldraträffar i Rinkeby")
    html = logged_in(jarva_coordinator).get(reverse("network:propose", args=[chosen.pk])).content.decode()
    focus = chosen.focus_areas.get()
    assert re.search(rf'name="focus_areas" value="{focus.pk}"[^>]*checked', html)
    assert re.search(rf'name="themes" value="{theme(1).pk}"[^>]*checked', html)
    assert not re.search(rf'name="themes" value="{theme(2).pk}"[^>]*checked', html)


def test_swedish_is_required_and_nothing_is_saved(jarva_coordinator, jarva_measure):
    response = logged_in(jarva_coordinator).post(
        reverse("network:propose", args=[jarva_measure.pk]), {"title": "", "what": "", "for_whom": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_title"' in html
    assert 'href="#id_what"' in html
    assert not GoodPractice.objects.exists()


def test_another_district_cannot_propose_a_jarva_measure(sodermalm_coordinator, jarva_measure):
    client = logged_in(sodermalm_coordinator)
    assert client.get(reverse("network:propose", args=[jarva_measure.pk])).status_code == 403
    assert client.post(reverse("network:propose", args=[jarva_measure.pk]), FORM).status_code == 403
    assert not GoodPractice.objects.exists()
    assert AccessLogEntry.objects.filter(user=sodermalm_coordinator, action="refused").exists()


def test_a_measure_of_a_draft_plan_cannot_be_proposed(sodermalm_coordinator, draft_sodermalm):
    secret = draft_sodermalm.measures.get()
    assert (
        logged_in(sodermalm_coordinator).get(reverse("network:propose", args=[secret.pk])).status_code == 403
    )
    with pytest.raises(actions.Refused):
        actions.do_propose_good_practice(sodermalm_coordinator, secret, **FORM)


@pytest.mark.parametrize(
    "who", ["employee", "partner", "jarva_manager", "central_coordinator", "no_role_user"]
)
def test_only_unit_coordinators_propose(request, who, jarva_measure):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    assert client.get(reverse("network:propose_pick")).status_code == 403
    assert client.post(reverse("network:propose", args=[jarva_measure.pk]), FORM).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, proposal):
    for name, args in [("library", []), ("propose_pick", []), ("practice", [proposal.pk])]:
        assert client.get(reverse(f"network:{name}", args=args)).status_code == 302


def test_another_district_cannot_see_a_jarva_proposal(sodermalm_coordinator, proposal):
    client = logged_in(sodermalm_coordinator)
    assert client.get(reverse("network:practice", args=[proposal.pk])).status_code == 403
    assert "Nätvandrare" not in client.get(reverse("network:library")).content.decode()
    assert client.get(reverse("network:practice_edit", args=[proposal.pk])).status_code == 403


@pytest.mark.parametrize("who", ["employee", "jarva_manager", "partner", "no_role_user"])
def test_a_proposal_is_not_shown_to_others(request, who, proposal):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("network:practice", args=[proposal.pk])).status_code == 403


@pytest.mark.parametrize("who", ["partner", "no_role_user"])
def test_the_library_is_refused_outside_the_staff(request, who):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("network:library")).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_central_sees_proposals_and_approves(
    central_coordinator, jarva_coordinator, proposal, django_capture_on_commit_callbacks
):
    jarva_coordinator.email = "jarva@example.org"
    jarva_coordinator.save()
    client = logged_in(central_coordinator)
    assert "Nätvandrare" in client.get(reverse("network:library")).content.decode()
    assert (
        "Approve and publish" in client.get(reverse("network:practice", args=[proposal.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("network:practice_decide", args=[proposal.pk]), {"decision": "approve", "comment": ""}
        )
    proposal.refresh_from_db()
    assert proposal.state == GoodPractice.State.APPROVED
    assert proposal.decided_by == central_coordinator
    assert [m.to for m in mail.outbox] == [["jarva@example.org"]]


def test_returning_needs_a_comment_and_the_proposer_resubmits(
    central_coordinator, jarva_coordinator, proposal
):
    client = logged_in(central_coordinator)
    response = client.post(
        reverse("network:practice_decide", args=[proposal.pk]), {"decision": "return", "comment": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_comment"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == GoodPractice.State.PROPOSED

    client.post(
        reverse("network:practice_decide", args=[proposal.pk]),
        {"decision": "return", "comment": "Lägg till kostnad."},
    )
    proposal.refresh_from_db()
    assert proposal.state == GoodPractice.State.RETURNED

    unit = logged_in(jarva_coordinator)
    assert (
        "Lägg till kostnad."
        in unit.get(reverse("network:practice_edit", args=[proposal.pk])).content.decode()
    )
    response = unit.post(
        reverse("network:practice_edit", args=[proposal.pk]), {**FORM, "cost_time": "2 timmar i veckan"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.cost_time) == (GoodPractice.State.PROPOSED, "2 timmar i veckan")


def test_the_proposer_withdraws(jarva_coordinator, proposal):
    logged_in(jarva_coordinator).post(reverse("network:practice_withdraw", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == GoodPractice.State.WITHDRAWN


def test_a_unit_coordinator_cannot_decide(jarva_coordinator, proposal):
    response = logged_in(jarva_coordinator).post(
        reverse("network:practice_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == GoodPractice.State.PROPOSED


def test_an_approved_practice_is_no_longer_edited_or_withdrawn(
    jarva_coordinator, central_coordinator, proposal
):
    actions.do_approve_good_practice(central_coordinator, proposal)
    client = logged_in(jarva_coordinator)
    assert client.get(reverse("network:practice_edit", args=[proposal.pk])).status_code == 403
    assert client.post(reverse("network:practice_withdraw", args=[proposal.pk])).status_code == 403
    with pytest.raises(actions.Refused):
        actions.do_approve_good_practice(central_coordinator, proposal)


def test_the_action_refuses_a_return_without_comment(central_coordinator, proposal):
    with pytest.raises(ValidationError):
        actions.do_return_good_practice(central_coordinator, proposal, "  ")


def test_every_staff_member_searches_approved_practices(
    employee, jarva_coordinator, central_coordinator, approved_jarva, city
):
    chosen = approved_jarva.measures.first()
    group = TargetGroup.objects.filter(city=city).first()
    approved_practice(
        jarva_coordinator,
        central_coordinator,
        chosen,
        title="Föräldracaféer",
        themes=[theme(3)],
        prevention_level=PreventionLevel.SPECIFIC,
        target_groups=[group],
    )
    approved_practice(jarva_coordinator, central_coordinator, chosen, title="Skolvärdar", themes=[theme(1)])
    client = logged_in(employee)
    url = reverse("network:library")
    both = client.get(url).content.decode()
    assert "Föräldracaféer" in both and "Skolvärdar" in both
    by_theme = client.get(url, {"theme": theme(3).pk}).content.decode()
    assert "Föräldracaféer" in by_theme and "Skolvärdar" not in by_theme
    by_level = client.get(url, {"prevention_level": "specific"}).content.decode()
    assert "Föräldracaféer" in by_level and "Skolvärdar" not in by_level
    by_group = client.get(url, {"target_group": group.pk}).content.decode()
    assert "Föräldracaféer" in by_group and "Skolvärdar" not in by_group
    by_text = client.get(url, {"q": "skolv"}).content.decode()
    assert "Skolvärdar" in by_text and "Föräldracaféer" not in by_text


def test_the_library_makes_few_queries(
    employee, jarva_coordinator, central_coordinator, approved_jarva, django_assert_max_num_queries
):
    for i in range(6):
        approved_practice(
            jarva_coordinator, central_coordinator, approved_jarva.measures.first(), title=f"Exempel {i}"
        )
    client = logged_in(employee)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("network:library")).status_code == 200


@pytest.mark.parametrize(
    "who", ["employee", "jarva_manager", "partner", "sodermalm_coordinator", "no_role_user"]
)
def test_nobody_else_decides_edits_or_withdraws(request, who, proposal):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    decide = reverse("network:practice_decide", args=[proposal.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    assert client.post(reverse("network:practice_withdraw", args=[proposal.pk])).status_code == 403
    assert client.post(reverse("network:practice_edit", args=[proposal.pk]), FORM).status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == GoodPractice.State.PROPOSED
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_decisions_and_withdrawals_are_posts_only(central_coordinator, jarva_coordinator, proposal):
    assert (
        logged_in(central_coordinator).get(reverse("network:practice_decide", args=[proposal.pk])).status_code
        == 405
    )
    assert (
        logged_in(jarva_coordinator).get(reverse("network:practice_withdraw", args=[proposal.pk])).status_code
        == 405
    )
