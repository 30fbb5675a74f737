"""Drafts and older versions are the central coordinator's alone; every refusal is logged."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.guidance import access

pytestmark = pytest.mark.django_db

NOT_CENTRAL = [
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
    "no_role_user",
]


def refusals(user):
    return AccessLogEntry.objects.filter(user=user, action="refused")


def version_pages(guide):
    base = f"/vagledning/versioner/{guide.pk}/"
    return [base, base + "redigera/", base + "publicera/"]


def test_the_central_coordinator_sees_and_edits_a_draft(central_coordinator, draft):
    client = logged_in(central_coordinator)
    for url in version_pages(draft):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Hemligt utkast" in response.content.decode() or url.endswith("publicera/")


@pytest.mark.parametrize("who", NOT_CENTRAL)
def test_nobody_else_sees_a_draft_and_the_attempt_is_logged(request, who, draft):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    for url in version_pages(draft):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Hemligt utkast" not in response.content.decode()
    assert refusals(user).filter(object_type="guidance.guide", object_id=str(draft.pk)).count() == 3


@pytest.mark.parametrize("who", NOT_CENTRAL)
def test_nobody_else_opens_the_editor_or_makes_a_version(request, who, worried):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    assert client.get("/vagledning/redigera/").status_code == 403
    response = client.post(f"/vagledning/redigera/{worried.code}/staff/ny-version/")
    assert response.status_code == 403
    assert not worried.guides.filter(version=2).exists()
    assert refusals(user).count() == 2


def test_anonymous_visitors_are_sent_to_the_login_for_versions(draft):
    response = Client().get(version_pages(draft)[0])
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize("who", ["employee", "jarva_coordinator", "central_coordinator"])
def test_readers_get_the_published_version_not_the_draft(request, who, draft, staff_guide):
    response = logged_in(request.getfixturevalue(who)).get(f"/vagledning/personal/{draft.situation.code}/")
    assert response.status_code == 200
    assert response.context["guide"] == staff_guide
    assert "Hemligt utkast" not in response.content.decode()


def test_a_situation_with_only_a_draft_is_not_found(central_coordinator, employee, worried):
    worried.guides.all().delete()
    from safecity.guidance import actions

    actions.do_create_guide_draft(central_coordinator, worried, "public")
    assert Client().get(f"/vagledning/{worried.code}/").status_code == 404
    assert logged_in(employee).get(f"/vagledning/personal/{worried.code}/").status_code == 404
    assert logged_in(central_coordinator).get(f"/vagledning/personal/{worried.code}/").status_code == 404


def test_staff_read_the_staff_version_and_partners_the_public_one(employee, partner, worried):
    staff = logged_in(employee).get(f"/vagledning/personal/{worried.code}/")
    assert staff.context["guide"].audience == "staff"
    public = logged_in(partner).get(f"/vagledning/personal/{worried.code}/")
    assert public.context["guide"].audience == "public"


def test_staff_fall_back_to_the_public_version(employee, worried):
    worried.guides.filter(audience="staff").delete()
    response = logged_in(employee).get(f"/vagledning/personal/{worried.code}/")
    assert response.status_code == 200
    assert response.context["guide"].audience == "public"


def test_the_public_never_gets_the_staff_version(worried):
    response = Client().get(f"/vagledning/{worried.code}/")
    assert response.context["guide"].audience == "public"
    worried.guides.filter(audience="public").delete()
    assert Client().get(f"/vagledning/{worried.code}/").status_code == 404


def test_the_staff_pages_need_a_login(worried):
    for url in [
        "/vagledning/personal/",
        f"/vagledning/personal/{worried.code}/",
        f"/vagledning/personal/{worried.code}/utskrift/",
    ]:
        response = Client().get(url)
        assert response.status_code == 302, url


def test_only_the_central_coordinator_may_edit(central_coordinator, jarva_coordinator, dpo, administrator):
    assert access.can_edit_guidance(central_coordinator)
    for user in (jarva_coordinator, dpo, administrator):
        assert not access.can_edit_guidance(user)
