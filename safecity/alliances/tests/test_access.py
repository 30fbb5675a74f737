"""Who may see and change the partner registry: every page refused (403 and logged) for the wrong roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry

STAFF_READERS = [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
]
REFUSED_FOR_REGISTRY = ["intake_officer", "partner", "dpo", "administrator", "no_role_user"]


def _refused(client, url, user):
    response = client.get(url)
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action=AccessLogEntry.Action.REFUSED).exists()


@pytest.mark.parametrize("role", STAFF_READERS)
@pytest.mark.parametrize("page", ["directory", "network", "indicators"])
def test_it_shows_the_registry_pages_to_staff_who_work_with_partners(role, page, request, police):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(reverse(f"alliances:{page}")).status_code == 200


@pytest.mark.parametrize("role", REFUSED_FOR_REGISTRY)
@pytest.mark.parametrize("page", ["directory", "network", "indicators", "create", "record_meeting"])
def test_it_refuses_and_logs_registry_pages_for_other_roles(role, page, request, police):
    user = request.getfixturevalue(role)
    _refused(logged_in(user), reverse(f"alliances:{page}"), user)


@pytest.mark.parametrize("role", REFUSED_FOR_REGISTRY)
def test_it_refuses_and_logs_a_partner_record_for_other_roles(role, request, police):
    user = request.getfixturevalue(role)
    _refused(logged_in(user), reverse("alliances:partner", args=[police.pk]), user)


@pytest.mark.parametrize(
    "role", ["jarva_manager", "employee", "sodermalm_coordinator", *REFUSED_FOR_REGISTRY]
)
def test_it_refuses_and_logs_editing_for_everyone_but_the_units_coordinator_and_central(
    role, request, police
):
    user = request.getfixturevalue(role)
    _refused(logged_in(user), reverse("alliances:edit", args=[police.pk]), user)


@pytest.mark.parametrize("role", ["jarva_manager", "employee"])
def test_it_refuses_and_logs_creating_for_managers_and_employees(role, request):
    user = request.getfixturevalue(role)
    _refused(logged_in(user), reverse("alliances:create"), user)


@pytest.mark.parametrize("role", ["central_coordinator", "jarva_coordinator"])
def test_it_lets_the_units_coordinator_and_central_edit(role, request, police):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(reverse("alliances:edit", args=[police.pk])).status_code == 200


@pytest.mark.parametrize("role", [*STAFF_READERS, "intake_officer", "dpo", "administrator", "no_role_user"])
def test_it_refuses_and_logs_the_partner_view_for_everyone_but_partners(role, request):
    user = request.getfixturevalue(role)
    _refused(logged_in(user), reverse("alliances:shared"), user)


def test_it_sends_anonymous_visitors_to_the_login(client, police):
    response = client.get(reverse("alliances:partner", args=[police.pk]))
    assert response.status_code == 302


def test_it_returns_404_for_a_missing_partner(jarva_coordinator):
    assert logged_in(jarva_coordinator).get(reverse("alliances:partner", args=[999999])).status_code == 404


def test_it_logs_each_view_of_a_partner(employee, police):
    logged_in(employee).get(reverse("alliances:partner", args=[police.pk]))
    assert AccessLogEntry.objects.filter(
        user=employee, action=AccessLogEntry.Action.VIEW, object_id=str(police.pk)
    ).exists()
