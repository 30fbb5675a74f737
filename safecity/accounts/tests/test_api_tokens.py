import re

import pytest
from django.test import Client

from conftest import logged_in
from safecity.accounts.models import ApiToken, hash_token
from safecity.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_and_stored_only_as_a_hash(employee):
    client = logged_in(employee)
    response = client.post("/konto/api-nycklar/", {"name": "Excel report"})
    raw = re.search(r"sc_[A-Za-z0-9_\-]{20,}", response.content.decode()).group(0)
    token = ApiToken.objects.get(user=employee)
    assert token.key_hash == hash_token(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert raw not in client.get("/konto/api-nycklar/").content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/me").json()["username"] == employee.username
    assert AccessLogEntry.objects.filter(
        user=employee, action="create", object_type="accounts.apitoken"
    ).exists()


def test_a_revoked_token_stops_working(employee):
    token, raw = ApiToken.generate(employee, "old")
    client = logged_in(employee)
    assert client.post(f"/konto/api-nycklar/{token.pk}/aterkalla/").status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 401


def test_nobody_revokes_another_persons_token(employee, jarva_coordinator):
    token, raw = ApiToken.generate(jarva_coordinator, "theirs")
    assert logged_in(employee).post(f"/konto/api-nycklar/{token.pk}/aterkalla/").status_code == 404
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 200


def test_a_person_without_a_role_gets_no_token_page(no_role_user):
    assert logged_in(no_role_user).get("/konto/api-nycklar/").status_code == 403
