"""The citizen's way back: the receipt code, the status and the two-way messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.intake import actions, receipts
from safecity.intake.models import Message, Receipt
from safecity.intake.tests.conftest import report

FOLLOW = reverse("intake:follow")


@pytest.fixture
def citizen_signal(rinkeby):
    submitted = actions.do_submit_signal(None, report(area=rinkeby))
    return submitted.signal, submitted.receipt_code


def opened(code: str) -> Client:
    client = Client()
    response = client.post(FOLLOW, {"code": receipts.grouped(code)})
    assert response.status_code == 302
    return client


def test_the_code_is_stored_only_as_an_argon2_hash(citizen_signal):
    signal, code = citizen_signal
    receipt = Receipt.objects.get(signal=signal)
    assert receipt.code_hash.startswith("$argon2id$")
    assert code not in receipt.code_hash and code not in receipt.lookup
    values = [str(v) for v in Receipt.objects.values_list().get()]
    assert not any(code in v for v in values)


def test_in_production_the_hash_is_slow_argon2id(citizen_signal, monkeypatch):
    monkeypatch.undo()  # the tests' cheap hasher (conftest.py) off: the real cost
    signal, _code = citizen_signal
    code = actions.do_submit_signal(None, report(area=signal.area)).receipt_code
    stored = Receipt.objects.exclude(signal=signal).get().code_hash
    assert stored.startswith("$argon2id$") and "m=65536,t=3,p=4" in stored
    assert receipts.find(code) is not None


def test_the_code_is_found_typed_with_spaces_or_dashes(citizen_signal):
    signal, code = citizen_signal
    assert receipts.find(receipts.grouped(code)).signal == signal
    assert receipts.find("-".join(code[i : i + 4] for i in range(0, 16, 4))).signal == signal


def test_the_right_code_opens_the_status_and_thread(citizen_signal):
    signal, code = citizen_signal
    client = opened(code)
    page = client.get(FOLLOW)
    assert page.status_code == 200
    assert page.context["signal"] == signal
    assert signal.reference in page.content.decode()
    assert code not in page.content.decode()  # the code itself is never shown again
    assert receipts.grouped(code) not in page.content.decode()
    assert page["Cache-Control"].startswith("no-store")


def test_a_wrong_code_is_refused(citizen_signal):
    _signal, code = citizen_signal
    wrong = ("1" if code[0] != "1" else "2") + code[1:]
    response = Client().post(FOLLOW, {"code": wrong})
    assert response.status_code == 400
    assert "code" in response.context["code_form"].errors
    assert response.context["signal"] is None


def test_a_malformed_code_is_named(db):
    response = Client().post(FOLLOW, {"code": "1234"})
    assert response.status_code == 400
    assert "16" in str(response.context["code_form"].errors["code"])


def test_guessing_codes_is_rate_limited(citizen_signal, settings):
    settings.INTAKE_FOLLOW_RATE = "3/h"
    _signal, code = citizen_signal
    client = Client(REMOTE_ADDR="198.51.100.4")
    for _ in range(3):
        assert client.post(FOLLOW, {"code": "0000 0000 0000 0000"}).status_code == 400
    blocked = client.post(FOLLOW, {"code": code})
    assert blocked.status_code == 429
    assert blocked.context["signal"] is None


def test_the_citizen_reads_the_reply_and_answers(citizen_signal, jarva_coordinator):
    signal, code = citizen_signal
    actions.do_reply(jarva_coordinator, signal, "Tack! Vi har tagit bort klistermärkena. Såg du fler?")
    client = opened(code)
    page = client.get(FOLLOW).content.decode()
    assert "Vi har tagit bort klistermärkena" in page
    response = client.post(FOLLOW, {"body": "Ja, två till vid skolan."})
    assert response.status_code == 302
    message = Message.objects.get(side="reporter")
    assert message.author is None and message.body == "Ja, två till vid skolan."
    assert AccessLogEntry.objects.filter(object_id=str(signal.pk), detail="receipt code").exists()


def test_the_guard_runs_on_the_citizens_messages(citizen_signal):
    signal, code = citizen_signal
    client = opened(code)
    response = client.post(FOLLOW, {"body": "Hans nummer är 070-123 45 67"})
    assert response.status_code == 400
    assert "body" in response.context["message_form"].errors
    assert not Message.objects.exists()


def test_closing_on_the_device_forgets_the_signal(citizen_signal):
    _signal, code = citizen_signal
    client = opened(code)
    client.post(reverse("intake:follow_leave"))
    assert client.get(FOLLOW).context["signal"] is None


def test_the_code_does_not_open_the_coordinators_page(citizen_signal):
    signal, code = citizen_signal
    client = opened(code)
    response = client.get(reverse("intake:signal", args=[signal.pk]))
    assert response.status_code == 302  # to the login page


def test_a_staff_reporter_exchanges_messages_on_the_signal_page(staff_signal, employee, jarva_coordinator):
    actions.do_reply(jarva_coordinator, staff_signal, "Kan du säga mer om tiden?")
    client = logged_in(employee)
    page = client.get(reverse("intake:signal", args=[staff_signal.pk]))
    assert "Kan du säga mer om tiden?" in page.content.decode()
    assert "notes" not in page.context or not page.context.get("notes")
    response = client.post(
        reverse("intake:reporter_message", args=[staff_signal.pk]), {"body": "Runt kl 15."}
    )
    assert response.status_code == 302
    assert Message.objects.filter(side="reporter", author=employee).exists()


def test_a_staff_reporter_cannot_triage(staff_signal, employee):
    response = logged_in(employee).post(
        reverse("intake:set_status", args=[staff_signal.pk]), {"status": "closed"}
    )
    assert response.status_code == 403
    staff_signal.refresh_from_db()
    assert staff_signal.status == "new"
