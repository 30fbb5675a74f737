"""Agreement reminders: 60 and 30 days before the end, once each, a link and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from safecity.alliances.actions import send_agreement_reminders
from safecity.alliances.models import Agreement

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


def test_the_command_runs_the_reminders(
    agreement, coordinator_with_email, django_capture_on_commit_callbacks
):
    agreement.valid_to = dt.date.today() + dt.timedelta(days=20)  # noqa: DTZ011
    agreement.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("agreement_reminders")
    assert len(mail.outbox) == 1


def test_a_data_sharing_agreement_needs_its_impact_assessment(police, jarva):
    agreement = Agreement(partner=police, unit=jarva, kind=Agreement.Kind.DATA_SHARING, valid_from=TODAY)
    with pytest.raises(ValidationError):
        agreement.full_clean()
    with pytest.raises(IntegrityError):
        agreement.save()
