"""Agreements in the pages: create, edit and end for the responsible unit's coordinators and central;
a data sharing agreement names its impact assessment; the list says in words when one expires."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import logged_in
from safecity.alliances.models import Agreement
from safecity.alliances.tests.fixtures import make_partner
from safecity.core.models import AccessLogEntry

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def agreement_for(partner, unit, **extra) -> Agreement:
    data = {
        "kind": Agreement.Kind.COOPERATION,
        "title": "Samverkansöverenskommelse",
        "valid_from": dt.date(2025, 1, 1),
        "valid_to": dt.date(2026, 12, 31),
        **extra,
    }
    return Agreement.objects.create(partner=partner, unit=unit, **data)


def form_data(unit, **extra) -> dict:
    return {
        "kind": "cooperation",
        "title": "Trygghetsvandringar",
        "unit": unit.pk,
        "valid_from": "2026-03-01",
        "valid_to": "2027-02-28",
        "document_reference": "SÖ 2026/14",
        "dpia_reference": "",
        **extra,
    }


@pytest.fixture
def police_agreement(police, jarva):
    return agreement_for(police, jarva)


# --- creating ----------------------------------------------------------------------------------------


def test_a_coordinator_adds_an_agreement_for_their_unit(jarva_coordinator, police, jarva):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create_agreement", args=[police.pk]), form_data(jarva)
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.partner, agreement.unit, agreement.title) == (police, jarva, "Trygghetsvandringar")
    assert agreement.valid_to == dt.date(2027, 2, 28)
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action=AccessLogEntry.Action.CREATE, object_id=str(agreement.pk)
    ).exists()


def test_a_data_sharing_agreement_without_its_impact_assessment_is_refused_with_a_message(
    jarva_coordinator, police, jarva
):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create_agreement", args=[police.pk]), form_data(jarva, kind="data_sharing")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["dpia_reference"] == [
        "A data sharing agreement needs the reference to its impact assessment."
    ]
    assert not Agreement.objects.exists()


def test_a_data_sharing_agreement_with_its_impact_assessment_is_saved(jarva_coordinator, police, jarva):
    logged_in(jarva_coordinator).post(
        reverse("alliances:create_agreement", args=[police.pk]),
        form_data(jarva, kind="data_sharing", dpia_reference="DPIA 2026/3"),
    )
    assert Agreement.objects.get().dpia_reference == "DPIA 2026/3"


def test_an_agreement_cannot_end_before_it_starts(jarva_coordinator, police, jarva):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create_agreement", args=[police.pk]),
        form_data(jarva, valid_from="2026-05-01", valid_to="2026-04-30"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"] == ["The end date cannot be before the start date."]
    assert not Agreement.objects.exists()


def test_an_agreement_needs_a_title(jarva_coordinator, police, jarva):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create_agreement", args=[police.pk]), form_data(jarva, title="")
    )
    assert "title" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_a_coordinator_cannot_choose_another_units_responsibility(jarva_coordinator, police, sodermalm):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:create_agreement", args=[police.pk]), form_data(sodermalm)
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_the_central_coordinator_adds_an_agreement_for_any_unit(central_coordinator, church, sodermalm):
    logged_in(central_coordinator).post(
        reverse("alliances:create_agreement", args=[church.pk]), form_data(sodermalm)
    )
    assert Agreement.objects.get().unit == sodermalm


@pytest.mark.parametrize(
    "role", ["jarva_manager", "employee", "intake_officer", "partner", "dpo", "administrator", "no_role_user"]
)
def test_it_refuses_adding_an_agreement_to_others(role, request, police, jarva):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    url = reverse("alliances:create_agreement", args=[police.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(jarva)).status_code == 403
    assert not Agreement.objects.exists()
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.REFUSED).exists()


# --- editing and ending ---------------------------------------------------------------------------------


def test_the_units_coordinator_edits_an_agreement_and_gets_new_reminders(
    jarva_coordinator, police_agreement, jarva
):
    police_agreement.reminded_60_at = police_agreement.reminded_30_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    police_agreement.save()
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:edit_agreement", args=[police_agreement.pk]),
        form_data(jarva, valid_from="2025-01-01", valid_to="2027-12-31", title="Förlängd"),
    )
    assert response.status_code == 302
    police_agreement.refresh_from_db()
    assert (police_agreement.title, police_agreement.valid_to) == ("Förlängd", dt.date(2027, 12, 31))
    assert police_agreement.reminded_60_at is None
    assert police_agreement.reminded_30_at is None


def test_editing_other_fields_keeps_the_sent_reminders(jarva_coordinator, police_agreement, jarva):
    police_agreement.reminded_60_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    police_agreement.save()
    logged_in(jarva_coordinator).post(
        reverse("alliances:edit_agreement", args=[police_agreement.pk]),
        form_data(jarva, valid_from="2025-01-01", valid_to="2026-12-31", title="Ny titel"),
    )
    police_agreement.refresh_from_db()
    assert police_agreement.title == "Ny titel"
    assert police_agreement.reminded_60_at is not None


@pytest.mark.parametrize(
    "role",
    [
        "sodermalm_coordinator",
        "jarva_manager",
        "employee",
        "intake_officer",
        "partner",
        "dpo",
        "no_role_user",
    ],
)
@pytest.mark.parametrize("page", ["edit_agreement", "end_agreement"])
def test_it_refuses_and_logs_editing_and_ending_for_others(role, page, request, police_agreement):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    url = reverse(f"alliances:{page}", args=[police_agreement.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"ended_on": "2026-03-01", "title": "X"}).status_code == 403
    police_agreement.refresh_from_db()
    assert police_agreement.valid_to == dt.date(2026, 12, 31)
    assert police_agreement.title == "Samverkansöverenskommelse"
    assert AccessLogEntry.objects.filter(
        user=user, action=AccessLogEntry.Action.REFUSED, object_id=str(police_agreement.pk)
    ).exists()


def test_a_coordinator_of_another_unit_may_not_move_an_agreement_to_their_unit(
    sodermalm_coordinator, police_agreement, sodermalm
):
    url = reverse("alliances:edit_agreement", args=[police_agreement.pk])
    assert logged_in(sodermalm_coordinator).post(url, form_data(sodermalm)).status_code == 403
    police_agreement.refresh_from_db()
    assert police_agreement.unit.code == "jarva"


@pytest.mark.parametrize("role", ["jarva_coordinator", "central_coordinator"])
def test_the_units_coordinator_and_central_end_an_agreement(role, request, police_agreement):
    user = request.getfixturevalue(role)
    response = logged_in(user).post(
        reverse("alliances:end_agreement", args=[police_agreement.pk]), {"ended_on": "2026-03-01"}
    )
    assert response.status_code == 302
    police_agreement.refresh_from_db()
    assert police_agreement.valid_to == TODAY
    assert police_agreement.reminded_30_at is not None  # no reminder for an ended agreement


def test_an_agreement_cannot_be_ended_before_it_started(jarva_coordinator, police_agreement):
    response = logged_in(jarva_coordinator).post(
        reverse("alliances:end_agreement", args=[police_agreement.pk]), {"ended_on": "2024-12-31"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == ["The end date cannot be before the start date."]
    police_agreement.refresh_from_db()
    assert police_agreement.valid_to == dt.date(2026, 12, 31)


def test_the_end_page_proposes_today(jarva_coordinator, police_agreement):
    response = logged_in(jarva_coordinator).get(
        reverse("alliances:end_agreement", args=[police_agreement.pk])
    )
    assert response.context["form"].initial["ended_on"] == TODAY


def test_it_returns_404_for_a_missing_agreement(jarva_coordinator):
    client = logged_in(jarva_coordinator)
    assert client.get(reverse("alliances:edit_agreement", args=[999999])).status_code == 404


# --- lists ---------------------------------------------------------------------------------------------


def test_the_list_says_in_words_when_an_agreement_expires(
    employee, police, housing, church, jarva, sodermalm
):
    agreement_for(police, jarva, title="Snart slut", valid_to=TODAY + dt.timedelta(days=14))
    agreement_for(housing, jarva, title="Redan slut", valid_to=TODAY - dt.timedelta(days=1))
    agreement_for(church, sodermalm, title="Tills vidare", valid_to=None)
    agreement_for(church, sodermalm, title="Framtida", valid_from=TODAY + dt.timedelta(days=5))
    agreement_for(housing, sodermalm, title="Sista dagen", valid_to=TODAY)
    response = logged_in(employee).get(reverse("alliances:agreements"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "expires in 14 days" in text
    assert "expired" in text.split("Redan slut")[1].split("</tr>")[0]
    assert "valid until further notice" in text
    assert "not yet in force" in text
    assert "expires today" in text


@pytest.mark.parametrize(
    ("state", "titles"),
    [
        ("", ["Redan slut", "Snart slut", "Senare"]),
        ("valid", ["Snart slut", "Senare"]),
        ("expiring", ["Snart slut"]),
        ("expired", ["Redan slut"]),
    ],
)
def test_the_list_filters_by_validity(employee, police, housing, jarva, state, titles):
    agreement_for(police, jarva, title="Snart slut", valid_to=TODAY + dt.timedelta(days=14))
    agreement_for(housing, jarva, title="Redan slut", valid_to=TODAY - dt.timedelta(days=1))
    agreement_for(housing, jarva, title="Senare", valid_to=TODAY + dt.timedelta(days=200))
    response = logged_in(employee).get(reverse("alliances:agreements"), {"state": state})
    assert [a.title for a in response.context["agreements"]] == titles


def test_the_list_filters_by_unit(employee, police, church, jarva, sodermalm):
    agreement_for(police, jarva, title="Järvas")
    agreement_for(church, sodermalm, title="Södermalms")
    response = logged_in(employee).get(reverse("alliances:agreements"), {"unit": sodermalm.pk})
    assert [a.title for a in response.context["agreements"]] == ["Södermalms"]


def test_the_list_offers_editing_only_for_the_own_units_agreements(
    jarva_coordinator, police, church, jarva, sodermalm
):
    own = agreement_for(police, jarva, title="Järvas")
    other = agreement_for(church, sodermalm, title="Södermalms")
    text = logged_in(jarva_coordinator).get(reverse("alliances:agreements")).content.decode()
    assert reverse("alliances:edit_agreement", args=[own.pk]) in text
    assert reverse("alliances:edit_agreement", args=[other.pk]) not in text


def test_the_partner_page_lists_its_agreements_with_their_state(employee, police, jarva):
    agreement_for(police, jarva, title="Snart slut", valid_to=TODAY + dt.timedelta(days=1))
    text = logged_in(employee).get(reverse("alliances:partner", args=[police.pk])).content.decode()
    assert "Snart slut" in text
    assert "expires in 1 day<" in text


def test_the_list_needs_a_bounded_number_of_queries(
    employee, jarva, sodermalm, django_assert_max_num_queries
):
    for n in range(30):
        partner = make_partner(f"Förening {n:02d}", "civil_society", [jarva])
        agreement_for(partner, jarva if n % 2 else sodermalm, valid_to=TODAY + dt.timedelta(days=n))
    client = logged_in(employee)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("alliances:agreements"))
    assert len(response.context["agreements"]) == 30


@pytest.mark.parametrize("role", ["intake_officer", "partner", "dpo", "administrator", "no_role_user"])
def test_it_refuses_and_logs_the_list_for_other_roles(role, request):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(reverse("alliances:agreements")).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.REFUSED).exists()
