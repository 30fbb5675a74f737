"""The guidance API: published guides for token holders, the staff version for staff only."""

from __future__ import annotations

import pytest

from safecity.api.tests.client import ApiClient, api_for
from safecity.guidance import actions

pytestmark = pytest.mark.django_db


def test_it_needs_a_token():
    assert ApiClient().get("/guidance").status_code == 401
    assert ApiClient("not-a-token").get("/guidance/acute-danger").status_code == 401


def test_it_lists_the_situations(employee):
    response = api_for(employee).get("/guidance")
    assert response.status_code == 200
    codes = [s["code"] for s in response.json()]
    assert codes[0] == "acute-danger" and len(codes) == 6


def test_staff_get_both_versions_and_partners_the_public_one(employee, partner):
    staff = api_for(employee).get("/guidance/worried-about-a-young-person").json()
    assert [g["audience"] for g in staff["guides"]] == ["staff", "public"]
    assert "{intake}" in staff["guides"][0]["steps"], "placeholders stay for the client to fill"
    assert "concern" in staff["guides"][0]["endings"]
    public = api_for(partner).get("/guidance/worried-about-a-young-person").json()
    assert [g["audience"] for g in public["guides"]] == ["public"]


def test_it_never_serves_a_draft(central_coordinator, worried):
    draft = actions.do_create_guide_draft(central_coordinator, worried, "staff")
    actions.do_save_guide_draft(central_coordinator, draft, steps="1. Hemligt utkast.")
    body = api_for(central_coordinator).get(f"/guidance/{worried.code}").json()
    assert all(g["version"] == 1 for g in body["guides"])
    assert "Hemligt utkast" not in str(body)


def test_an_unknown_situation_is_not_found(employee):
    assert api_for(employee).get("/guidance/finns-inte").status_code == 404
