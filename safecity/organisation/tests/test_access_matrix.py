"""Every role × unit × action that exists so far, checked through the helpers and through the pages.

Adding a role or an action means adding a row or a column here; the expectations are written out
by hand, never computed from access.py.
"""

import pytest

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation import access

pytestmark = pytest.mark.django_db

CAST = [
    "central_coordinator",
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

# action → the cast members allowed to do it
ALLOWED = {
    "internal_directory": {
        "central_coordinator",
        "jarva_coordinator",
        "sodermalm_coordinator",
        "jarva_manager",
        "employee",
        "intake_officer",
        "dpo",
        "administrator",
    },
    "people_of_jarva": {"central_coordinator", "jarva_coordinator", "jarva_manager", "administrator"},
    "people_of_sodermalm": {"central_coordinator", "sodermalm_coordinator", "administrator"},
    "access_log": {"dpo"},
    "administration": {"administrator"},
    "api": set(CAST) - {"no_role_user"},
    "second_factor": {
        "central_coordinator",
        "jarva_coordinator",
        "sodermalm_coordinator",
        "intake_officer",
        "dpo",
        "administrator",
    },
}

PAGES = {
    "internal_directory": "/organisation/katalog/",
    "people_of_jarva": "/organisation/enheter/jarva/personal/",
    "people_of_sodermalm": "/organisation/enheter/sodermalm/personal/",
    "access_log": "/atkomstlogg/",
    "administration": "/admin/",
    "api": "/konto/api-nycklar/",
}


def _helper_answer(action, user, jarva, sodermalm):
    return {
        "internal_directory": lambda: access.can_view_internal_directory(user),
        "people_of_jarva": lambda: access.can_view_unit_people(user, jarva),
        "people_of_sodermalm": lambda: access.can_view_unit_people(user, sodermalm),
        "access_log": lambda: access.can_view_access_log(user),
        "administration": lambda: access.can_administer(user),
        "api": lambda: access.can_use_api(user),
        "second_factor": lambda: access.needs_second_factor(user),
    }[action]()


@pytest.mark.parametrize("member", CAST)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_the_helpers_follow_the_matrix(request, member, action, jarva, sodermalm):
    user = request.getfixturevalue(member)
    assert _helper_answer(action, user, jarva, sodermalm) is (member in ALLOWED[action])


@pytest.mark.parametrize("member", CAST)
@pytest.mark.parametrize("action", sorted(PAGES))
def test_the_pages_follow_the_matrix(request, member, action):
    user = request.getfixturevalue(member)
    response = logged_in(user).get(PAGES[action])
    if member in ALLOWED[action]:
        assert response.status_code == 200, f"{member} should reach {PAGES[action]}"
    elif action == "administration":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 403, f"{member} must be refused {PAGES[action]}"


@pytest.mark.parametrize("member", ["jarva_coordinator", "jarva_manager", "employee", "partner", "dpo"])
def test_a_refused_look_at_another_units_people_is_logged(request, member):
    user = request.getfixturevalue(member)
    response = logged_in(user).get(PAGES["people_of_sodermalm"])
    assert response.status_code == 403
    entry = AccessLogEntry.objects.filter(user=user).latest("at")
    assert entry.action == AccessLogEntry.Action.REFUSED
    assert entry.object_type == "organisation.unitpeople"
    assert entry.object_label == "Södermalm"


def test_an_allowed_look_at_unit_people_is_logged_with_role_and_unit(jarva_coordinator, jarva):
    logged_in(jarva_coordinator).get(PAGES["people_of_jarva"])
    entry = AccessLogEntry.objects.get(user=jarva_coordinator, object_type="organisation.unitpeople")
    assert entry.action == AccessLogEntry.Action.VIEW
    assert entry.role == "unit_coordinator"
    assert entry.unit == jarva
    assert entry.object_id == str(jarva.pk)


def test_an_ended_role_assignment_gives_no_access(jarva_coordinator, jarva):
    import datetime as dt

    jarva_coordinator.role_assignments.update(valid_to=dt.date(2024, 12, 31))
    assert not access.can_view_unit_people(jarva_coordinator, jarva)
    assert logged_in(jarva_coordinator).get(PAGES["people_of_jarva"]).status_code == 403


def test_an_unknown_unit_in_the_url_is_not_found(central_coordinator):
    assert logged_in(central_coordinator).get("/organisation/enheter/atlantis/personal/").status_code == 404


def test_the_unit_people_page_lists_only_that_units_people(
    jarva_coordinator, jarva_manager, sodermalm_coordinator
):
    body = logged_in(jarva_coordinator).get(PAGES["people_of_jarva"]).content.decode()
    assert "jarva.manager" not in body  # names, not user names, are shown
    assert "Jarva Test" in body
    assert "Sodermalm Test" not in body
