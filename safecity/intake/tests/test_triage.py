"""Triage by coordinators: statuses, assignment, labels, notes, duplicates, forwarding, replies."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.intake import actions
from safecity.intake.models import InternalNote, Label, Message, SignalEvent
from safecity.intake.tests.conftest import report
from safecity.organisation.models import Unit


def events(signal):
    return list(SignalEvent.objects.filter(signal=signal).values_list("kind", flat=True))


def test_the_status_moves_new_in_review_acted_on_closed(jarva_signal, jarva_coordinator):
    for status in ("in_review", "acted_on", "closed"):
        actions.do_set_status(jarva_coordinator, jarva_signal, status)
    jarva_signal.refresh_from_db()
    assert jarva_signal.status == "closed" and jarva_signal.closed_at is not None
    steps = SignalEvent.objects.filter(signal=jarva_signal, kind="status")
    assert [(e.from_value, e.to_value, e.by) for e in steps] == [
        ("new", "in_review", jarva_coordinator),
        ("in_review", "acted_on", jarva_coordinator),
        ("acted_on", "closed", jarva_coordinator),
    ]


def test_a_closed_signal_can_be_reopened_but_not_made_new(jarva_signal, jarva_coordinator):
    actions.do_set_status(jarva_coordinator, jarva_signal, "closed")
    with pytest.raises(ValidationError):
        actions.do_set_status(jarva_coordinator, jarva_signal, "new")
    actions.do_set_status(jarva_coordinator, jarva_signal, "in_review")
    jarva_signal.refresh_from_db()
    assert jarva_signal.closed_at is None


def test_another_units_coordinator_is_refused_and_logged(jarva_signal, sodermalm_coordinator):
    with pytest.raises(PermissionDenied):
        actions.do_set_status(sodermalm_coordinator, jarva_signal, "in_review")
    assert AccessLogEntry.objects.filter(
        user=sodermalm_coordinator, action="refused", object_id=str(jarva_signal.pk)
    ).exists()
    jarva_signal.refresh_from_db()
    assert jarva_signal.status == "new"


def test_assignment_to_a_coordinator_of_the_unit_with_a_link(
    jarva_signal,
    jarva_coordinator,
    central_coordinator,
    sodermalm_coordinator,
    django_capture_on_commit_callbacks,
):
    jarva_coordinator.email = "samordnare@jarva.invalid"
    jarva_coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_assign(central_coordinator, jarva_signal, jarva_coordinator)
    assert jarva_signal.assigned_to == jarva_coordinator
    assert mail.outbox[0].to == ["samordnare@jarva.invalid"]
    with pytest.raises(ValidationError):
        actions.do_assign(central_coordinator, jarva_signal, sodermalm_coordinator)
    assert "assigned" in events(jarva_signal)


def test_labels_are_words_not_names(jarva_signal, jarva_coordinator):
    school = Label.objects.create(name="skola")
    actions.do_set_labels(jarva_coordinator, jarva_signal, [school], new_label="klistermärken")
    assert set(jarva_signal.labels.values_list("name", flat=True)) == {"skola", "klistermärken"}
    with pytest.raises(ValidationError):
        actions.do_set_labels(jarva_coordinator, jarva_signal, [], new_label="info@exempel.se")
    assert "labels" in events(jarva_signal)


def test_internal_notes_are_encrypted_and_guarded(jarva_signal, jarva_coordinator):
    actions.do_add_note(jarva_coordinator, jarva_signal, "Samma klistermärken som i januari.")
    note = InternalNote.objects.get()
    raw = InternalNote.objects.filter(pk=note.pk).values_list("body", flat=True)
    assert note.body == "Samma klistermärken som i januari."
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM intake_internalnote WHERE id = %s", [note.pk])
        assert cursor.fetchone()[0].startswith("enc1:")
    assert raw
    with pytest.raises(ValidationError):
        actions.do_add_note(jarva_coordinator, jarva_signal, "Pappan har nummer 0701234567")


def test_merging_a_duplicate_closes_it_and_records_both_sides(rinkeby, jarva_coordinator):
    first = actions.do_submit_signal(None, report(area=rinkeby)).signal
    second = actions.do_submit_signal(None, report(area=rinkeby)).signal
    actions.do_merge(jarva_coordinator, second, first)
    second.refresh_from_db()
    assert second.duplicate_of == first and second.status == "closed"
    assert "merged" in events(second) and "merged_into" in events(first)
    with pytest.raises(ValidationError):
        actions.do_merge(jarva_coordinator, first, second)  # into its own duplicate: resolves to itself


def test_merging_into_another_units_signal_is_refused(jarva_signal, sodermalm_signal, jarva_coordinator):
    with pytest.raises(PermissionDenied):
        actions.do_merge(jarva_coordinator, jarva_signal, sodermalm_signal)
    jarva_signal.refresh_from_db()
    assert jarva_signal.duplicate_of is None


def test_forwarding_moves_the_signal_with_a_reason(
    jarva_signal, jarva_coordinator, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    sodermalm_coordinator.email = "samordnare@sodermalm.invalid"
    sodermalm_coordinator.save()
    sodermalm = Unit.objects.get(code="sodermalm")
    actions.do_assign(jarva_coordinator, jarva_signal, jarva_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_forward(
            jarva_coordinator, jarva_signal, sodermalm, "Hände vid Medborgarplatsen, inte i Rinkeby."
        )
    jarva_signal.refresh_from_db()
    assert jarva_signal.unit == sodermalm and jarva_signal.assigned_to is None
    event = SignalEvent.objects.get(signal=jarva_signal, kind="forwarded")
    assert (event.from_unit.code, event.to_unit.code, event.by) == ("jarva", "sodermalm", jarva_coordinator)
    assert event.reason.startswith("Hände vid")
    assert mail.outbox[-1].to == ["samordnare@sodermalm.invalid"]
    assert "Medborgarplatsen" not in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):  # it is Södermalm's now
        actions.do_set_status(jarva_coordinator, jarva_signal, "in_review")


def test_forwarding_needs_a_reason(jarva_signal, jarva_coordinator):
    with pytest.raises(ValidationError):
        actions.do_forward(jarva_coordinator, jarva_signal, Unit.objects.get(code="sodermalm"), "  ")


def test_a_reply_reaches_the_staff_reporter_by_link(
    staff_signal, employee, jarva_coordinator, django_capture_on_commit_callbacks
):
    employee.email = "larare@skola.invalid"
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_reply(jarva_coordinator, staff_signal, "Tack, vi tar kontakt med rektorn.")
    assert Message.objects.get().side == "coordinator"
    assert mail.outbox[-1].to == ["larare@skola.invalid"]
    assert "rektorn" not in mail.outbox[-1].body
    assert "replied" in events(staff_signal)


# --- the pages --------------------------------------------------------------------------------------


def test_the_queue_shows_the_units_signals_only(jarva_signal, sodermalm_signal, jarva_coordinator):
    page = logged_in(jarva_coordinator).get(reverse("intake:queue"))
    signals = list(page.context["page"].object_list)
    assert signals == [jarva_signal]


def test_the_central_coordinator_sees_every_unit(jarva_signal, sodermalm_signal, central_coordinator):
    page = logged_in(central_coordinator).get(reverse("intake:queue"))
    assert set(page.context["page"].object_list) == {jarva_signal, sodermalm_signal}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"status": "new"}, {"a", "b"}),
        ({"status": "closed"}, set()),
        ({"kind": "threat"}, {"b"}),
        ({"milieu": "islamist"}, {"b"}),
        ({"area": "rinkeby"}, {"a"}),
        ({"date_from": "2025-03-01", "date_to": "2025-03-31"}, {"a"}),
        ({"label": "LABEL"}, {"b"}),
        ({"assigned": "me"}, {"a"}),
        ({"assigned": "nobody"}, {"b"}),
    ],
)
def test_the_queue_filters(rinkeby, jarva_coordinator, query, expected):
    import datetime as dt

    a = actions.do_submit_signal(None, report(area=rinkeby, occurred_on=dt.date(2025, 3, 14))).signal
    b = actions.do_submit_signal(
        None, report(area=rinkeby, kind="threat", milieu="islamist", occurred_on=dt.date(2025, 1, 2))
    ).signal
    b.area = None
    b.save(update_fields=["area"])
    label = Label.objects.create(name="skola")
    b.labels.add(label)
    actions.do_assign(jarva_coordinator, a, jarva_coordinator)
    if query.get("label"):
        query = {"label": label.pk}
    page = logged_in(jarva_coordinator).get(reverse("intake:queue"), query)
    names = {"a" if s == a else "b" for s in page.context["page"].object_list}
    assert names == expected


def test_the_queue_is_not_slower_with_more_signals(rinkeby, jarva_coordinator, django_assert_max_num_queries):
    for _ in range(12):
        actions.do_submit_signal(None, report(area=rinkeby))
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("intake:queue")).status_code == 200


def test_the_triage_forms_work_through_the_pages(jarva_signal, jarva_coordinator):
    client = logged_in(jarva_coordinator)
    url = reverse("intake:signal", args=[jarva_signal.pk])
    assert client.get(url).status_code == 200
    assert (
        client.post(reverse("intake:set_status", args=[jarva_signal.pk]), {"status": "in_review"}).status_code
        == 302
    )
    assert (
        client.post(
            reverse("intake:assign", args=[jarva_signal.pk]), {"person": jarva_coordinator.pk}
        ).status_code
        == 302
    )
    assert (
        client.post(reverse("intake:set_labels", args=[jarva_signal.pk]), {"new_label": "val"}).status_code
        == 302
    )
    assert (
        client.post(
            reverse("intake:add_note", args=[jarva_signal.pk]), {"body": "Kolla med polisen."}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("intake:reply", args=[jarva_signal.pk]), {"body": "Tack för ditt meddelande."}
        ).status_code
        == 302
    )
    refused = client.post(reverse("intake:reply", args=[jarva_signal.pk]), {"body": "Mejla mig på a@b.se"})
    assert refused.status_code == 400 and "body" in refused.context["reply_form"].errors
    page = client.get(url).content.decode()
    assert "Kolla med polisen." in page and "Tack för ditt meddelande." in page
    jarva_signal.refresh_from_db()
    assert (jarva_signal.status, jarva_signal.assigned_to) == ("in_review", jarva_coordinator)


def test_forwarding_through_the_page_returns_to_the_queue(jarva_signal, jarva_coordinator):
    sodermalm = Unit.objects.get(code="sodermalm")
    response = logged_in(jarva_coordinator).post(
        reverse("intake:forward", args=[jarva_signal.pk]), {"unit": sodermalm.pk, "reason": "Fel stadsdel."}
    )
    assert response.status_code == 302 and response["Location"] == reverse("intake:queue")


def test_merging_through_the_page_names_an_unknown_reference(jarva_signal, jarva_coordinator):
    response = logged_in(jarva_coordinator).post(
        reverse("intake:merge", args=[jarva_signal.pk]), {"into": "S-999999"}
    )
    assert response.status_code == 400
    assert "S-999999" in str(response.context["merge_form"].errors)
