import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from conftest import logged_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


TEST_ONLY_ENV = {
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "ALLOWED_HOSTS",
}


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-production-like-secret-key-with-enough-length-and-variety-0123456789",
        ALLOWED_HOSTS="safecity.example.org",
        DEBUG="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_hsts_is_switched_off():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-production-like-secret-key-with-enough-length-and-variety-0123456789",
        ALLOWED_HOSTS="safecity.example.org",
        DEBUG="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0


def test_it_refuses_to_start_without_a_secret_key_in_production():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_demo_data_is_refused_when_debug_is_off():
    result = _manage("load_demo", SECRET_KEY="x" * 60, DEBUG="0", ALLOWED_HOSTS="localhost")
    assert result.returncode != 0
    assert "refused when DEBUG is off" in result.stderr


def test_every_page_sends_a_csp_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


TEMPLATES = ROOT / "templates"


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))
)
def test_no_template_has_an_inline_script_or_event_handler(template):
    import re

    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script in {template}: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", text), f"event handler attribute in {template}"
    assert not re.search(r"\sstyle\s*=", text), f"inline style in {template}"


def test_unknown_pages_get_the_bilingual_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sidan finns inte" in body
    assert "Page not found" in body


def test_a_refusal_gets_the_bilingual_403(employee):
    response = logged_in(employee).get("/atkomstlogg/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Du har inte behörighet" in body
    assert "You do not have access" in body


def test_a_server_error_gets_the_bilingual_500():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Något gick fel" in body
    assert "Something went wrong" in body


def test_the_session_cookie_is_http_only_and_short_lived():
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_the_api_docs_are_served_without_inline_scripts(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    import re

    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag or "application/json" in tag


def test_anonymous_visitors_are_sent_to_login_from_staff_pages():
    client = Client()
    for path in [
        "/start/",
        "/organisation/katalog/",
        "/organisation/enheter/jarva/personal/",
        "/konto/api-nycklar/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")


def test_a_csrf_refusal_is_logged(employee):
    from safecity.core.models import AccessLogEntry

    client = logged_in(employee)
    client.handler.enforce_csrf_checks = True
    assert client.post("/konto/api-nycklar/", {"name": "x"}).status_code == 403
    assert AccessLogEntry.objects.filter(user=employee, action="refused", object_type="csrf").exists()


def test_the_admin_login_is_the_platforms_own_login(client):
    response = client.get("/admin/login/?next=/admin/organisation/unit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")


def test_a_partners_start_page_shows_public_contacts_only(partner):
    from safecity.organisation.models import Contact

    Contact.objects.create(
        unit=partner.role_assignments.get().unit, kind="other", title="Hemligt direktnummer", is_public=False
    )
    body = logged_in(partner).get("/start/").content.decode()
    assert "Hemligt direktnummer" not in body


def test_the_lockout_page_says_how_long_to_wait(employee):
    for _ in range(5):
        Client().post("/konto/logga-in/", {"username": employee.username, "password": "wrong"})
    response = Client().post("/konto/logga-in/", {"username": employee.username, "password": "wrong"})
    assert response.status_code == 429
    assert "15" in response.content.decode()


def test_the_start_page_describes_each_module_of_the_persons_menu(central_coordinator, employee):
    central = logged_in(central_coordinator).get("/start/")
    urls = [m["url"] for m in central.context["modules"]]
    assert "/planer/oversikt/" in urls and "/planer/status/" in urls
    assert all(m["description"] for m in central.context["modules"])
    staff = logged_in(employee).get("/start/")
    assert "/planer/status/" not in [m["url"] for m in staff.context["modules"]]
    menu = [i["url"] for i in staff.context["nav_items"]]
    assert all(m["url"] in menu for m in staff.context["modules"])
