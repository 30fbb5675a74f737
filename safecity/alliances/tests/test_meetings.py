"""Editing and deleting a meeting: whoever could have recorded it (a coordinator of all its units) and
the central coordinator; refused and logged for everyone else; nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.alliances.models import Agreement, Meeting
from safecity.core.models import AccessLogEntry

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

OTHERS = [
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
    "no_role_user",
]


@pytest.fixture
def meeting(jarva, police, jarva_coordinator):
    meeting = Meeting.objects.create(
        date=dt.date(2026, 2, 1), topic="Lägesbild", created_by=jarva_coordinator
    )
    meeting.units.set([jarva])
    meeting.partners.set([police])
    return meeting


@pytest.fixture
def joint_meeting(jarva, sodermalm, housing, central_coordinator):
    meeting = Meeting.objects.create(
        date=dt.date(2026, 2, 3), topic="Bostäder", created_by=central_coordinator
    )
    meeting.units.set([jarva, sodermalm])
    meeting.partners.set([housing])
    return meeting


def data(units, partners, **extra):
    return {
        "date": "2026-02-05",
        "kind": "activity",
        "units": [u.pk for u in units],
        "partners": [p.pk for p in partners],
        "topic": "Trygghetsvandring",
        "outcome": "Belysningen i parken ses över.",
        **extra,
    }


@pytest.mark.parametrize("role", ["jarva_coordinator", "central_coordinator"])
def test_the_units_coordinator_and_central_edit_a_meeting(role, request, meeting, jarva, police, housing):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    assert client.get(reverse("alliances:edit_meeting", args=[meeting.pk])).status_code == 200
    response = client.post(
        reverse("alliances:edit_meeting", args=[meeting.pk]), data([jarva], [police, housing])
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.kind, meeting.topic) == (
        dt.date(2026, 2, 5),
        "activity",
        "Trygghetsvandring",
    )
    assert meeting.outcome == "Belysningen i parken ses över."
    assert set(meeting.partners.all()) == {police, housing}
    assert AccessLogEntry.objects.filter(
        user=user, action=AccessLogEntry.Action.CHANGE, object_id=str(meeting.pk)
    ).exists()


@pytest.mark.parametrize("role", OTHERS)
def test_it_refuses_and_logs_editing_for_others(role, request, meeting, jarva, police):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    url = reverse("alliances:edit_meeting", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, data([jarva], [police])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.topic == "Lägesbild"
    assert AccessLogEntry.objects.filter(
        user=user, action=AccessLogEntry.Action.REFUSED, object_id=str(meeting.pk)
    ).exists()


@pytest.mark.parametrize("role", OTHERS)
def test_it_refuses_and_logs_deleting_for_others(role, request, meeting):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    url = reverse("alliances:delete_meeting", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_coordinator_of_one_of_the_units_may_not_change_a_joint_meeting(jarva_coordinator, joint_meeting):
    client = logged_in(jarva_coordinator)
    assert client.get(reverse("alliances:edit_meeting", args=[joint_meeting.pk])).status_code == 403
    assert client.post(reverse("alliances:delete_meeting", args=[joint_meeting.pk])).status_code == 403
    assert Meeting.objects.filter(pk=joint_meeting.pk).exists()


def test_a_coordinator_cannot_move_a_meeting_to_another_unit(jarva_coordinator, meeting, sodermalm, police):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:edit_meeting", args=[meeting.pk]), data([sodermalm], [police])
    )
    assert response.status_code == 200
    assert "units" in response.context["form"].errors
    assert list(meeting.units.values_list("code", flat=True)) == ["jarva"]


def test_bad_input_names_the_field_and_saves_nothing(jarva_coordinator, meeting, jarva, police):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:edit_meeting", args=[meeting.pk]),
        data([jarva], [], date="not a date", outcome="Ring 070-123 45 67"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"date", "partners", "outcome"}
    meeting.refresh_from_db()
    assert meeting.topic == "Lägesbild"
    assert list(meeting.partners.all()) == [police]


@pytest.mark.parametrize("role", ["jarva_coordinator", "central_coordinator"])
def test_deleting_asks_first_then_deletes(role, request, meeting, police):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    page = client.get(reverse("alliances:delete_meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert b"Delete the meeting" in page.content
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    response = client.post(reverse("alliances:delete_meeting", args=[meeting.pk]))
    assert response.status_code == 302
    assert response.url == reverse("alliances:partner", args=[police.pk])
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.DELETE).exists()


def test_the_central_coordinator_changes_a_joint_meeting(central_coordinator, joint_meeting):
    client = logged_in(central_coordinator)
    assert client.get(reverse("alliances:edit_meeting", args=[joint_meeting.pk])).status_code == 200


def test_the_partner_page_offers_editing_only_to_those_who_may(
    jarva_coordinator, sodermalm_coordinator, meeting, police
):
    edit_url = reverse("alliances:edit_meeting", args=[meeting.pk]).encode()
    own = logged_in(jarva_coordinator).get(reverse("alliances:partner", args=[police.pk]))
    other = logged_in(sodermalm_coordinator).get(reverse("alliances:partner", args=[police.pk]))
    assert edit_url in own.content
    assert edit_url not in other.content


def test_it_returns_404_for_a_missing_meeting(jarva_coordinator):
    client = logged_in(jarva_coordinator)
    assert client.get(reverse("alliances:edit_meeting", args=[999999])).status_code == 404
    assert client.post(reverse("alliances:delete_meeting", args=[999999])).status_code == 404


def test_the_partner_page_needs_a_bounded_number_of_queries(
    jarva_coordinator, jarva, sodermalm, police, django_assert_max_num_queries
):
    for n in range(20):
        m = Meeting.objects.create(date=dt.date(2026, 1, n + 1), topic=f"Möte {n}")
        m.units.set([jarva, sodermalm] if n % 2 else [jarva])
        m.partners.set([police])
        Agreement.objects.create(
            partner=police,
            unit=jarva if n % 2 else sodermalm,
            kind="cooperation",
            valid_from=dt.date(2025, 1, 1),
        )
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("alliances:partner", args=[police.pk]))
    assert len(response.context["meetings"]) == 20
    assert sum(1 for m in response.context["meetings"] if m.editable) == 10
    assert sum(1 for a in response.context["agreements"] if a.editable) == 10
