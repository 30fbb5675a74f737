"""Agreement reminders: 60 and 30 days before the end, once each, a link and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from conftest import logged_in, make_person
from safecity.alliances.actions import do_end_agreement, send_agreement_reminders
from safecity.alliances.models import Agreement
from safecity.organisation.models import Role

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def coordinator_with_email(jarva_coordinator):
    jarva_coordinator.email = "jarva.coordinator@example.org"
    jarva_coordinator.save()
    return jarva_coordinator


@pytest.fixture
def agreement(police, jarva):
    return Agreement.objects.create(
        partner=police,
        unit=jarva,
        kind=Agreement.Kind.COOPERATION,
        valid_from=dt.date(2024, 1, 1),
        valid_to=TODAY + dt.timedelta(days=60),
        document_reference="SÖ 2024-1",
    )


def run(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return send_agreement_reminders(day)


def test_it_reminds_60_and_30_days_before_once_each(
    agreement, coordinator_with_email, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    assert run(TODAY - dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert run(TODAY, django_capture_on_commit_callbacks) == 1
    assert run(TODAY, django_capture_on_commit_callbacks) == 0
    assert run(TODAY + dt.timedelta(days=10), django_capture_on_commit_callbacks) == 0
    assert run(TODAY + dt.timedelta(days=30), django_capture_on_commit_callbacks) == 1
    assert run(TODAY + dt.timedelta(days=31), django_capture_on_commit_callbacks) == 0
    assert run(TODAY + dt.timedelta(days=61), django_capture_on_commit_callbacks) == 0
    assert [m.to for m in mail.outbox] == [["jarva.coordinator@example.org"]] * 2


def test_the_email_carries_a_link_and_no_details(
    agreement, coordinator_with_email, django_capture_on_commit_callbacks
):
    run(TODAY, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert f"/samverkan/partner/{agreement.partner_id}/" in message.body
    for detail in ["Lokalpolisområde", "Järva", "SÖ 2024-1", "2026"]:
        assert detail not in message.body
        assert detail not in message.subject


def test_a_late_agreement_gets_only_the_30_day_reminder(
    agreement, coordinator_with_email, django_capture_on_commit_callbacks
):
    assert run(TODAY + dt.timedelta(days=45), django_capture_on_commit_callbacks) == 1
    assert run(TODAY + dt.timedelta(days=46), django_capture_on_commit_callbacks) == 0
    agreement.refresh_from_db()
    assert agreement.reminded_30_at is not None
    assert agreement.reminded_60_at is not None
    assert len(mail.outbox) == 1


def command(name, day, callbacks):
    # 07:00 in Stockholm, when a daily timer would run it.
    moment = dt.datetime.combine(day, dt.time(6, 0), tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False), callbacks(execute=True):
        call_command(name, verbosity=0)


def test_the_daily_command_sends_each_reminder_once_over_the_months(
    agreement, coordinator_with_email, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    day = TODAY - dt.timedelta(days=10)
    while day <= agreement.valid_to + dt.timedelta(days=5):
        command("send_agreement_reminders", day, django_capture_on_commit_callbacks)
        command("send_agreement_reminders", day, django_capture_on_commit_callbacks)  # run twice a day
        day += dt.timedelta(days=1)
    assert [m.to for m in mail.outbox] == [["jarva.coordinator@example.org"]] * 2
    agreement.refresh_from_db()
    assert agreement.reminded_60_at.date() == TODAY
    assert agreement.reminded_30_at.date() == TODAY + dt.timedelta(days=30)


def test_the_old_command_name_still_works(
    agreement, coordinator_with_email, django_capture_on_commit_callbacks
):
    command("agreement_reminders", TODAY + dt.timedelta(days=40), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_renewed_agreement_is_reminded_again_before_its_new_end(
    agreement, coordinator_with_email, jarva_coordinator, django_capture_on_commit_callbacks
):
    command("send_agreement_reminders", TODAY + dt.timedelta(days=31), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    new_end = agreement.valid_to + dt.timedelta(days=365)
    logged_in(jarva_coordinator).post(
        reverse("alliances:edit_agreement", args=[agreement.pk]),
        {
            "kind": "cooperation",
            "title": "Förnyad",
            "unit": agreement.unit_id,
            "valid_from": "2024-01-01",
            "valid_to": new_end.isoformat(),
        },
    )
    command("send_agreement_reminders", TODAY + dt.timedelta(days=32), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    command("send_agreement_reminders", new_end - dt.timedelta(days=60), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_an_ended_agreement_is_not_reminded(
    agreement, coordinator_with_email, django_capture_on_commit_callbacks, jarva_coordinator
):
    do_end_agreement(jarva_coordinator, agreement, TODAY + dt.timedelta(days=20))
    command("send_agreement_reminders", TODAY + dt.timedelta(days=5), django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_coordinators_of_other_units_and_inactive_accounts_are_not_told(
    agreement, coordinator_with_email, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    sodermalm_coordinator.email = "sodermalm@example.org"
    sodermalm_coordinator.save()
    gone = make_person("jarva.gone", Role.UNIT_COORDINATOR, "jarva")
    gone.email = "gone@example.org"
    gone.is_active = False
    gone.save()
    command("send_agreement_reminders", TODAY, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["jarva.coordinator@example.org"]]


def test_a_data_sharing_agreement_needs_its_impact_assessment(police, jarva):
    agreement = Agreement(partner=police, unit=jarva, kind=Agreement.Kind.DATA_SHARING, valid_from=TODAY)
    with pytest.raises(ValidationError):
        agreement.full_clean()
    with pytest.raises(IntegrityError):
        agreement.save()
