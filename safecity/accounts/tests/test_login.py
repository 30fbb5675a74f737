import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, logged_in
from safecity.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, at=None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def login(client, username, password=PASSWORD, **extra):
    return client.post("/konto/logga-in/", {"username": username, "password": password, **extra})


def test_an_employee_logs_in_with_a_password_only(employee):
    client = Client()
    response = login(client, employee.username)
    assert response.status_code == 302
    assert response["Location"] == "/start/"
    assert client.get("/start/").status_code == 200


def test_a_wrong_password_is_refused_clearly_and_logged(employee):
    response = login(Client(), employee.username, "not-the-password")
    assert response.status_code == 200
    with translation.override("sv"):
        expected = translation.gettext("The user name or password is wrong. Check them and try again.")
    assert expected in response.content.decode()
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.LOGIN_FAILED)
    assert entry.object_label == employee.username
    assert "not-the-password" not in str(entry.__dict__)


def test_a_privileged_role_must_give_a_code_before_anything_else(jarva_coordinator):
    client = Client()
    response = login(client, jarva_coordinator.username)
    assert response["Location"].startswith("/konto/tvastegsverifiering/")
    for path in ["/start/", "/organisation/katalog/", "/organisation/enheter/jarva/personal/", "/admin/"]:
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked["Location"].startswith("/konto/tvastegsverifiering/?next=")


def test_the_right_code_lets_a_coordinator_in(jarva_coordinator):
    client = Client()
    login(client, jarva_coordinator.username)
    device = TOTPDevice.objects.get(user=jarva_coordinator)
    response = client.post("/konto/tvastegsverifiering/", {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get("/organisation/enheter/jarva/personal/").status_code == 200


def test_the_verified_login_goes_back_to_the_page_asked_for(jarva_coordinator):
    client = Client()
    login(client, jarva_coordinator.username, next="/organisation/katalog/")
    device = TOTPDevice.objects.get(user=jarva_coordinator)
    response = client.post(
        "/konto/tvastegsverifiering/", {"token": code_for(device), "next": "/organisation/katalog/"}
    )
    assert response["Location"] == "/organisation/katalog/"


def test_a_forged_next_url_to_another_site_is_ignored(employee):
    response = login(Client(), employee.username, next="https://evil.example/steal")
    assert response["Location"] == "/start/"


def test_a_wrong_code_is_refused_and_logged(jarva_coordinator):
    client = Client()
    login(client, jarva_coordinator.username)
    device = TOTPDevice.objects.get(user=jarva_coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/konto/tvastegsverifiering/", {"token": wrong})
    assert response.status_code == 200
    assert client.get("/start/").status_code == 302
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action=AccessLogEntry.Action.LOGIN_FAILED, detail="wrong code"
    ).exists()


def test_repeated_wrong_codes_are_throttled(jarva_coordinator):
    client = Client()
    login(client, jarva_coordinator.username)
    device = TOTPDevice.objects.get(user=jarva_coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post("/konto/tvastegsverifiering/", {"token": wrong})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # even the right code is refused while the throttle delay runs
    client.post("/konto/tvastegsverifiering/", {"token": code_for(device)})
    assert client.get("/start/").status_code == 302
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=90)):
        client.post("/konto/tvastegsverifiering/", {"token": code_for(device)})
        assert client.get("/start/").status_code == 200


def test_a_privileged_role_without_a_device_must_enrol_first(no_role_user):
    from safecity.organisation.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=no_role_user, role=Role.DPO)
    client = Client()
    response = login(client, no_role_user.username)
    assert response["Location"] == "/konto/tvastegsverifiering/aktivera/"
    page = client.get("/konto/tvastegsverifiering/aktivera/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=no_role_user, confirmed=False)
    assert client.post("/konto/tvastegsverifiering/aktivera/", {"token": "12345x"}).status_code == 200
    response = client.post("/konto/tvastegsverifiering/aktivera/", {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/atkomstlogg/").status_code == 200


def test_the_account_is_locked_after_five_wrong_passwords(employee):
    client = Client()
    for _ in range(5):
        login(client, employee.username, "wrong-password")
    locked = login(client, employee.username)  # right password, but locked
    assert locked.status_code == 429
    assert client.get("/start/").status_code == 302


def test_the_lock_applies_to_the_account_from_another_address(employee):
    for _ in range(5):
        login(Client(REMOTE_ADDR="10.0.0.1"), employee.username, "wrong-password")
    assert login(Client(REMOTE_ADDR="10.0.0.2"), employee.username).status_code == 429


def test_the_lock_applies_to_the_address_for_other_accounts(employee, partner):
    client = Client(REMOTE_ADDR="10.0.0.9")
    for number in range(5):
        login(client, f"someone-{number}", "wrong-password")
    assert login(client, partner.username).status_code == 429
    assert login(Client(REMOTE_ADDR="10.0.0.10"), partner.username).status_code == 302


def test_a_session_ends_after_30_idle_minutes(employee):
    client = Client()
    login(client, employee.username)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=20)):
        assert client.get("/start/").status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=45)):
        assert client.get("/start/").status_code == 200  # 25 minutes after the last request
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=80)):
        response = client.get("/start/")
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")


def test_logout_needs_a_post(employee):
    client = logged_in(employee)
    assert client.get("/konto/logga-ut/").status_code == 405
    assert client.post("/konto/logga-ut/").status_code == 302
    assert client.get("/start/").status_code == 302


def test_a_forged_csrf_token_is_refused_with_a_clear_page(employee):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": employee.username, "password": PASSWORD})
    assert response.status_code == 403
    body = response.content.decode()
    assert "CSRF" in body
    assert client.get("/start/").status_code == 302


def test_passwords_are_hashed_with_argon2_outside_the_tests():
    from safecity import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_failed_logins_leave_no_user_name_or_address_in_the_application_log(employee, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    for _ in range(6):
        login(Client(REMOTE_ADDR="10.9.8.7"), employee.username, "wrong-password")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "AXES" in text  # the lockout handler did log
    assert employee.username not in text
    assert "10.9.8.7" not in text
