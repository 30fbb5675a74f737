"""Retention: warnings 30 days before, legal holds, tombstones that keep the statistics and nothing else."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.intake import actions, actions_notices, retention, stats
from safecity.intake.models import (
    ConcernNotice,
    InternalNote,
    LegalHold,
    Message,
    Receipt,
    RecordType,
    RetentionPolicy,
    RetentionWarning,
    Signal,
    SignalPhoto,
)
from safecity.intake.photos import clean_photo
from safecity.intake.tests.conftest import jpeg_with_gps, report

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
SECRET_WORDS = (
    "hakkors",
    "kurator",
    "skolgården",
    "Södermalm har samma",
    "Svar från samordnaren",
    "fler vid busshållplatsen",
)


def at(day: str, hour: int = 9):
    """Travel to 09:00 Stockholm time on `day` (the clock stands still)."""
    moment = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=STOCKHOLM)
    return time_machine.travel(moment, tick=False)


def run(day: str, capture, **kwargs) -> retention.Outcome:
    with at(day), capture(execute=True):
        return retention.apply_retention(**kwargs)


def set_policy(record_type: str, months: int, warning_days: int = 30) -> None:
    RetentionPolicy.objects.update_or_create(
        record_type=record_type, defaults={"months": months, "warning_days": warning_days}
    )


@pytest.fixture
def emails(jarva_coordinator, sodermalm_coordinator, intake_officer):
    for person, address in (
        (jarva_coordinator, "samordnare@jarva.invalid"),
        (sodermalm_coordinator, "samordnare@sodermalm.invalid"),
        (intake_officer, "mottagning@jarva.invalid"),
    ):
        person.email = address
        person.save(update_fields=["email"])


@pytest.fixture
def full_signal(rinkeby, jarva_coordinator, sodermalm_coordinator, sodermalm):
    """A citizen's signal with everything retention must delete: description, a photo, the receipt,
    messages both ways, an internal note, labels, a forwarding reason and an exact time and place;
    closed on 15 August 2023."""
    with at("2023-08-10"):
        photo = clean_photo(io.BytesIO(jpeg_with_gps()), "photo.jpg")
        signal = actions.do_submit_signal(
            None,
            report(
                area=rinkeby,
                occurred_on=dt.date(2023, 8, 9),
                occurred_time=dt.time(14, 30),
                latitude=59.388,
                longitude=17.928,
                description="Klistermärken med hakkors på skolgården.",
                photos=[photo],
            ),
        ).signal
        actions.do_reply(jarva_coordinator, signal, "Svar från samordnaren: vi har tagit bort dem.")
        actions.do_citizen_message(signal, "Tack, det finns fler vid busshållplatsen.")
        actions.do_add_note(jarva_coordinator, signal, "Skolans kurator är informerad.")
        actions.do_set_labels(jarva_coordinator, signal, [], new_label="klotter")
        actions.do_forward(jarva_coordinator, signal, sodermalm, "Södermalm har samma klistermärken.")
    with at("2023-08-15"):
        actions.do_set_status(sodermalm_coordinator, signal, "closed")
    signal.refresh_from_db()
    return signal


def stored_values(signal: Signal) -> list:
    """The raw (encrypted) values the signal's content left in the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM intake_signal WHERE id = %s", [signal.pk])
        values = [cursor.fetchone()[0]]
        for table, column in (
            ("intake_signalphoto", "data"),
            ("intake_message", "body"),
            ("intake_internalnote", "body"),
            ("intake_receipt", "code_hash"),
            ("intake_signalevent", "reason"),
        ):
            cursor.execute(f"SELECT {column} FROM {table} WHERE signal_id = %s", [signal.pk])  # noqa: S608
            values += [row[0] for row in cursor.fetchall() if row[0]]
    return [bytes(v) if isinstance(v, memoryview) else v for v in values if v]


def whole_database() -> list:
    """Every value in every table, as the database holds it."""
    cells = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                cells += [bytes(v) if isinstance(v, memoryview) else v for v in row if v]
    return cells


ALL_DIMENSIONS = ("kind", "milieu", "area", "month", "unit", "district", "source", "status")


# --- the defaults -----------------------------------------------------------------------------------------


def test_the_default_policies(db):
    policies = {p.record_type: (p.months, p.warning_days) for p in RetentionPolicy.objects.all()}
    assert policies == {"closed_signal": (24, 30), "messages": (12, 30), "notice_note": (60, 30)}


def test_a_missing_policy_falls_back_to_the_default(db):
    RetentionPolicy.objects.filter(record_type="messages").delete()
    assert RetentionPolicy.for_type("messages").months == 12


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2023-01-15", 24, "2025-01-15"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2025-03-31", -1, "2025-02-28"),
    ],
)
def test_months_are_added_on_the_calendar(day, months, expected):
    assert retention.add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


# --- warnings ---------------------------------------------------------------------------------------------


def test_the_coordinators_are_warned_30_days_before_once_with_a_link_only(
    full_signal, emails, django_capture_on_commit_callbacks
):
    set_policy("messages", 36)  # only the signal itself comes due here
    assert run("2025-07-15", django_capture_on_commit_callbacks).warned["closed_signal"] == 0
    assert mail.outbox == []

    outcome = run("2025-07-16", django_capture_on_commit_callbacks)
    assert outcome.warned["closed_signal"] == 1 and outcome.deleted["closed_signal"] == 0
    assert [m.to for m in mail.outbox] == [["samordnare@sodermalm.invalid"]]
    sent = mail.outbox[0]
    assert f"/rapportera/signaler/{full_signal.pk}/" in sent.body
    for secret in (*SECRET_WORDS, "Rinkeby", "propaganda", full_signal.reference):
        assert secret.lower() not in (sent.subject + sent.body).lower()

    again = run("2025-07-17", django_capture_on_commit_callbacks)
    assert again.warned["closed_signal"] == 0 and len(mail.outbox) == 1


def test_nothing_goes_before_its_date_nor_sooner_than_30_days_after_the_warning(
    full_signal, django_capture_on_commit_callbacks
):
    set_policy("messages", 36)
    # The first run happens late, on the due date itself: it only warns.
    first = run("2025-08-15", django_capture_on_commit_callbacks)
    assert first.warned["closed_signal"] == 1 and first.deleted["closed_signal"] == 0
    assert run("2025-09-13", django_capture_on_commit_callbacks).waiting["closed_signal"] == 1
    Signal.objects.get(pk=full_signal.pk, tombstoned_at__isnull=True)
    assert run("2025-09-14", django_capture_on_commit_callbacks).deleted["closed_signal"] == 1
    assert Signal.objects.get(pk=full_signal.pk).is_tombstoned


# --- the tombstone ----------------------------------------------------------------------------------------


def test_the_tombstone_keeps_nothing_of_the_content(full_signal, django_capture_on_commit_callbacks):
    set_policy("messages", 36)
    before = stored_values(full_signal)
    assert len(before) >= 6  # description, photo, two messages, note, receipt, forwarding reason
    assert SignalPhoto.objects.filter(signal=full_signal).exists()

    run("2025-07-16", django_capture_on_commit_callbacks)
    outcome = run("2025-08-15", django_capture_on_commit_callbacks)
    assert outcome.deleted["closed_signal"] == 1

    # The raw rows: no content left, no related rows left.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description, occurred_on, occurred_time, latitude, longitude, reporter_id, assigned_to_id "
            "FROM intake_signal WHERE id = %s",
            [full_signal.pk],
        )
        description, occurred_on, occurred_time, latitude, longitude, reporter, assigned = cursor.fetchone()
        assert description == ""
        assert str(occurred_on) == "2023-08-01"  # the month stays, not the day
        assert (occurred_time, latitude, longitude, reporter, assigned) == (None, None, None, None, None)
        for table in ("intake_signalphoto", "intake_message", "intake_internalnote", "intake_receipt"):
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE signal_id = %s", [full_signal.pk])  # noqa: S608
            assert cursor.fetchone()[0] == 0, table
        cursor.execute(
            "SELECT reason, from_value, to_value, kind FROM intake_signalevent WHERE signal_id = %s",
            [full_signal.pk],
        )
        for reason, from_value, to_value, kind in cursor.fetchall():
            assert reason == ""
            if kind == "labels":
                assert from_value == to_value == ""
        cursor.execute("SELECT COUNT(*) FROM intake_signal_labels WHERE signal_id = %s", [full_signal.pk])
        assert cursor.fetchone()[0] == 0

    # Not one stored value of the content anywhere in the database, and no plaintext either.
    everything = whole_database()
    for value in before:
        assert not any(
            value == cell or (isinstance(cell, str) and isinstance(value, str) and value in cell)
            for cell in everything
        ), "a stored value of the content is still in the database"
    text = "\n".join(cell for cell in everything if isinstance(cell, str))
    for word in SECRET_WORDS:
        assert word not in text
    assert not SignalPhoto.objects.filter(signal_id=full_signal.pk).exists()
    assert not Receipt.objects.filter(signal_id=full_signal.pk).exists()


def test_the_statistics_are_the_same_after_the_tombstone(
    full_signal, rinkeby, jarva, sodermalm, django_capture_on_commit_callbacks
):
    with at("2023-08-20"):
        for day in (3, 9, 28):
            actions.do_submit_signal(None, report(area=rinkeby, occurred_on=dt.date(2023, 8, day)))
    units = (None, jarva, sodermalm)
    before = {u: stats.signal_counts(unit=u, by=ALL_DIMENSIONS) for u in units}
    by_month = stats.signal_counts(by=("month", "kind"))

    run("2025-07-16", django_capture_on_commit_callbacks)
    run("2025-08-15", django_capture_on_commit_callbacks)
    assert Signal.objects.get(pk=full_signal.pk).is_tombstoned

    assert {u: stats.signal_counts(unit=u, by=ALL_DIMENSIONS) for u in units} == before
    assert stats.signal_counts(by=("month", "kind")) == by_month
    assert stats.total() == 4


def test_each_tombstone_is_in_the_access_log_without_content(full_signal, django_capture_on_commit_callbacks):
    run("2025-07-16", django_capture_on_commit_callbacks)
    run("2025-08-15", django_capture_on_commit_callbacks)
    entry = AccessLogEntry.objects.get(
        action="delete", object_id=str(full_signal.pk), detail__contains="content"
    )
    assert entry.object_type == "intake.signal" and entry.user is None
    for word in SECRET_WORDS:
        assert word not in entry.detail + entry.object_label + str(entry.changes)


def test_running_twice_changes_nothing_more(full_signal, django_capture_on_commit_callbacks):
    run("2025-07-16", django_capture_on_commit_callbacks)
    first = run("2025-08-15", django_capture_on_commit_callbacks)
    second = run("2025-08-15", django_capture_on_commit_callbacks)
    assert sum(first.deleted.values()) >= 1
    assert sum(second.deleted.values()) == 0 and sum(second.warned.values()) == 0
    assert AccessLogEntry.objects.filter(action="delete", object_id=str(full_signal.pk)).count() == sum(
        first.deleted.values()
    )


def test_the_signal_page_says_the_content_is_gone(
    full_signal, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    run("2025-07-16", django_capture_on_commit_callbacks)
    run("2025-08-15", django_capture_on_commit_callbacks)
    page = logged_in(sodermalm_coordinator).get(reverse("intake:signal", args=[full_signal.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "hakkors" not in html and "kurator" not in html


def test_a_reopened_signal_is_not_deleted(
    full_signal, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    set_policy("messages", 36)
    run("2025-07-16", django_capture_on_commit_callbacks)
    with at("2025-08-02"):
        actions.do_set_status(sodermalm_coordinator, full_signal, "in_review")
    assert run("2025-08-20", django_capture_on_commit_callbacks).deleted["closed_signal"] == 0
    assert not Signal.objects.get(pk=full_signal.pk).is_tombstoned


def test_an_open_signal_is_never_deleted(rinkeby, django_capture_on_commit_callbacks):
    with at("2015-01-01"):
        signal = actions.do_submit_signal(None, report(area=rinkeby)).signal
    run("2025-01-01", django_capture_on_commit_callbacks)
    run("2025-03-01", django_capture_on_commit_callbacks)
    assert Signal.objects.get(pk=signal.pk).description


def test_a_shorter_policy_set_in_the_admin_applies(full_signal, django_capture_on_commit_callbacks):
    set_policy("closed_signal", 6)
    set_policy("messages", 36)
    run("2024-01-16", django_capture_on_commit_callbacks)
    assert run("2024-02-15", django_capture_on_commit_callbacks).deleted["closed_signal"] == 1


# --- messages ---------------------------------------------------------------------------------------------


def test_messages_go_12_months_after_closing_and_the_signal_stays(
    full_signal, django_capture_on_commit_callbacks
):
    outcome = run("2024-07-16", django_capture_on_commit_callbacks)
    assert outcome.warned["messages"] == 1
    outcome = run("2024-08-15", django_capture_on_commit_callbacks)
    assert outcome.deleted["messages"] == 1
    assert not Message.objects.filter(signal=full_signal).exists()
    signal = Signal.objects.get(pk=full_signal.pk)
    assert (
        not signal.is_tombstoned
        and signal.description
        and InternalNote.objects.filter(signal=signal).exists()
    )
    assert AccessLogEntry.objects.filter(
        action="delete", object_id=str(signal.pk), detail__contains="messages"
    ).exists()


def test_a_late_message_moves_the_date(full_signal, django_capture_on_commit_callbacks):
    run("2024-07-16", django_capture_on_commit_callbacks)
    with at("2024-08-05"):
        actions.do_citizen_message(full_signal, "En sen fråga om klistermärkena.")
    outcome = run("2024-08-15", django_capture_on_commit_callbacks)
    assert outcome.deleted["messages"] == 0
    assert Message.objects.filter(signal=full_signal).count() == 3
    # Due a year after the last message: warned again, then deleted.
    assert run("2025-07-06", django_capture_on_commit_callbacks).warned["messages"] == 1
    assert RetentionWarning.objects.get(signal=full_signal, record_type="messages").due_on == dt.date(
        2025, 8, 5
    )
    assert run("2025-08-05", django_capture_on_commit_callbacks).deleted["messages"] == 1


# --- notes on concern notices -----------------------------------------------------------------------------


@pytest.fixture
def old_notice(intake_officer, jarva):
    with at("2020-03-10"):
        return actions_notices.do_record_notice(
            intake_officer,
            actions_notices.NoticeData(
                received_on=dt.date(2020, 3, 2),
                unit=jarva,
                sector="school",
                age_band="13-15",
                milieu="islamist",
                decision="investigation",
                decided_on=dt.date(2020, 3, 9),
                note="Skolans kurator ringde om eleven.",
            ),
        )


def test_the_note_of_a_notice_goes_after_five_years_the_notice_stays(
    old_notice, emails, jarva, django_capture_on_commit_callbacks
):
    counts = stats.notice_counts(unit=jarva)
    outcome = run("2025-02-08", django_capture_on_commit_callbacks)
    assert outcome.warned["notice_note"] == 1
    assert [m.to for m in mail.outbox] == [["mottagning@jarva.invalid"]]
    assert f"/rapportera/orosanmalningar/{old_notice.pk}/" in mail.outbox[0].body
    assert "kurator" not in mail.outbox[0].body

    assert run("2025-03-10", django_capture_on_commit_callbacks).deleted["notice_note"] == 1
    notice = ConcernNotice.objects.get(pk=old_notice.pk)
    assert notice.note == "" and notice.note_deleted_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM intake_concernnotice WHERE id = %s", [notice.pk])
        assert cursor.fetchone()[0] == ""
    assert stats.notice_counts(unit=jarva) == counts
    assert AccessLogEntry.objects.filter(
        action="delete", object_type="intake.concernnotice", object_id=str(notice.pk)
    ).exists()


def test_an_edit_restarts_the_notes_clock(old_notice, intake_officer, django_capture_on_commit_callbacks):
    with at("2024-06-01"):
        actions_notices.do_update_notice(
            intake_officer,
            old_notice,
            actions_notices.NoticeData(
                received_on=old_notice.received_on,
                unit=old_notice.unit,
                sector="health_care",
                age_band=old_notice.age_band,
                milieu=old_notice.milieu,
                decision=old_notice.decision,
                decided_on=old_notice.decided_on,
                note=old_notice.note,
            ),
        )
    assert run("2025-03-10", django_capture_on_commit_callbacks).warned["notice_note"] == 0
    assert ConcernNotice.objects.get(pk=old_notice.pk).note


# --- legal holds ------------------------------------------------------------------------------------------


def test_a_held_signal_is_never_deleted_nor_warned_about(
    full_signal, sodermalm_coordinator, emails, django_capture_on_commit_callbacks
):
    client = logged_in(sodermalm_coordinator)
    response = client.post(
        reverse("intake:signal_hold", args=[full_signal.pk]), {"reason": "Polisen har begärt uppgifterna."}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(signal=full_signal)
    assert hold.is_active and hold.set_by == sodermalm_coordinator

    for day in ("2025-07-16", "2025-08-15", "2026-06-01", "2030-01-01"):
        outcome = run(day, django_capture_on_commit_callbacks)
        assert outcome.deleted["closed_signal"] == 0 and outcome.deleted["messages"] == 0
    assert mail.outbox == []
    assert Message.objects.filter(signal=full_signal).count() == 2
    assert not Signal.objects.get(pk=full_signal.pk).is_tombstoned

    # Released: a fresh warning first, the deletion 30 days later.
    with at("2030-01-02"):
        retention.do_release_legal_hold(sodermalm_coordinator, full_signal)
    assert not LegalHold.objects.get(pk=hold.pk).is_active
    assert run("2030-01-03", django_capture_on_commit_callbacks).warned["closed_signal"] == 1
    assert run("2030-01-20", django_capture_on_commit_callbacks).deleted["closed_signal"] == 0
    assert run("2030-02-02", django_capture_on_commit_callbacks).deleted["closed_signal"] == 1


def test_the_hold_is_logged_without_its_reason(full_signal, central_coordinator):
    logged_in(central_coordinator).post(
        reverse("intake:signal_hold", args=[full_signal.pk]), {"reason": "Begäran från tingsrätten."}
    )
    entry = AccessLogEntry.objects.get(
        action="change", object_id=str(full_signal.pk), detail="legal hold set"
    )
    assert entry.user == central_coordinator and "tingsrätten" not in str(entry.changes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM intake_legalhold")
        assert cursor.fetchone()[0].startswith("enc1:")


def test_a_hold_needs_a_reason_without_personal_data(full_signal, sodermalm_coordinator):
    client = logged_in(sodermalm_coordinator)
    client.post(reverse("intake:signal_hold", args=[full_signal.pk]), {"reason": ""})
    client.post(reverse("intake:signal_hold", args=[full_signal.pk]), {"reason": "Gäller 811218-9876."})
    assert not LegalHold.objects.exists()


HOLD_ROLES = [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
]


@pytest.mark.parametrize("role", HOLD_ROLES)
def test_who_may_hold_a_signal(request, role, jarva_signal):
    user = request.getfixturevalue(role)
    response = logged_in(user).post(
        reverse("intake:signal_hold", args=[jarva_signal.pk]), {"reason": "Utredning."}
    )
    if role in {"central_coordinator", "jarva_coordinator"}:
        assert response.status_code == 302 and LegalHold.objects.filter(signal=jarva_signal).exists()
    else:
        assert response.status_code == 403 and not LegalHold.objects.exists()
        assert AccessLogEntry.objects.filter(
            user=user, action="refused", object_id=str(jarva_signal.pk)
        ).exists()


@pytest.mark.parametrize("role", [*HOLD_ROLES, "sodermalm_intake"])
def test_who_may_hold_a_notice(request, role, old_notice):
    if role == "sodermalm_intake":
        from conftest import make_person

        user = make_person("sodermalm.intake", "intake", "sodermalm", "social-services")
    else:
        user = request.getfixturevalue(role)
    response = logged_in(user).post(
        reverse("intake:notice_hold", args=[old_notice.pk]), {"reason": "Begäran."}
    )
    if role == "intake_officer":
        assert response.status_code == 302 and LegalHold.objects.filter(notice=old_notice).exists()
    else:
        assert response.status_code == 403 and not LegalHold.objects.exists()


def test_a_held_note_stays(old_notice, intake_officer, django_capture_on_commit_callbacks):
    retention.do_set_legal_hold(intake_officer, old_notice, "Begäran om utlämnande prövas.")
    run("2025-02-08", django_capture_on_commit_callbacks)
    assert run("2025-04-10", django_capture_on_commit_callbacks).deleted["notice_note"] == 0
    assert ConcernNotice.objects.get(pk=old_notice.pk).note


def test_the_pages_show_the_date_and_the_hold(full_signal, sodermalm_coordinator, old_notice, intake_officer):
    page = (
        logged_in(sodermalm_coordinator).get(reverse("intake:signal", args=[full_signal.pk])).content.decode()
    )
    assert "retention-heading" in page and reverse("intake:signal_hold", args=[full_signal.pk]) in page
    page = logged_in(intake_officer).get(reverse("intake:notice_edit", args=[old_notice.pk])).content.decode()
    assert "retention-heading" in page and reverse("intake:notice_hold", args=[old_notice.pk]) in page


# --- the command and the task -----------------------------------------------------------------------------


def test_the_command_runs_and_a_dry_run_changes_nothing(full_signal, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with at("2025-09-01"), django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "closed_signal: 1 would be warned about" in out.getvalue()
    assert not RetentionWarning.objects.exists() and mail.outbox == []
    with at("2025-09-01"), django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    assert RetentionWarning.objects.filter(record_type=RecordType.CLOSED_SIGNAL).exists()


def test_the_task_runs_through_the_tasks_framework(full_signal, django_capture_on_commit_callbacks):
    from safecity.intake.tasks import apply_retention_task

    with at("2025-09-01"), django_capture_on_commit_callbacks(execute=True):
        result = apply_retention_task.enqueue()
    assert result.return_value["warned"]["closed_signal"] == 1


def test_two_runs_at_the_same_time_warn_and_delete_once(
    full_signal, emails, django_capture_on_commit_callbacks
):
    set_policy("messages", 36)
    policy = RetentionPolicy.for_type("closed_signal")
    due = retention.Due("closed_signal", full_signal.pk, full_signal.unit_id, dt.date(2025, 8, 15))
    with at("2025-07-16"), django_capture_on_commit_callbacks(execute=True):
        assert retention._warn(due, None) is True
        assert retention._warn(due, None) is False  # the other run's insert lost the race
    assert len(mail.outbox) == 1
    with at("2025-08-15"):
        assert retention._delete(due, policy, dt.date(2025, 8, 15)) is True
        assert retention._delete(due, policy, dt.date(2025, 8, 15)) is False
    assert AccessLogEntry.objects.filter(action="delete", object_id=str(full_signal.pk)).count() == 1


def test_administrators_change_the_policies_in_the_admin(administrator):
    client = logged_in(administrator)
    assert client.get("/admin/intake/retentionpolicy/").status_code == 200
    assert client.get("/admin/intake/retentionpolicy/add/").status_code == 403
    policy = RetentionPolicy.objects.get(record_type="messages")
    response = client.post(
        f"/admin/intake/retentionpolicy/{policy.pk}/change/", {"months": "6", "warning_days": "14"}
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.months, policy.warning_days) == (6, 14)
    assert AccessLogEntry.objects.filter(
        user=administrator, action="change", object_type="intake.retentionpolicy"
    ).exists()
    # Legal holds, warnings and notices are not in the administration.
    for model in ("legalhold", "retentionwarning", "concernnotice"):
        assert client.get(f"/admin/intake/{model}/").status_code == 404
    assert not administrator.has_perm("intake.view_concernnotice")
