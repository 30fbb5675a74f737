"""Need to know: who sees which signal and its photos. Every refusal is a REFUSED entry in the log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.intake import actions
from safecity.intake.photos import clean_photo
from safecity.intake.tests.conftest import png_bytes, report

ALL_ROLES = [
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
# Who opens a citizen's signal from Järva.
SEES_JARVA = {"central_coordinator", "jarva_coordinator"}
USES_QUEUE = {"central_coordinator", "jarva_coordinator", "sodermalm_coordinator"}


@pytest.fixture
def photo_signal(rinkeby):
    photo = clean_photo(png_bytes(), "a.png")
    return actions.do_submit_signal(None, report(area=rinkeby, photos=[photo])).signal


def refused(user, signal) -> bool:
    return AccessLogEntry.objects.filter(user=user, action="refused", object_id=str(signal.pk)).exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_signal_page(request, role, photo_signal):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(reverse("intake:signal", args=[photo_signal.pk]))
    if role in SEES_JARVA:
        assert response.status_code == 200
        assert AccessLogEntry.objects.filter(
            user=user, action="view", object_id=str(photo_signal.pk)
        ).exists()
    else:
        assert response.status_code == 403
        assert refused(user, photo_signal)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_photo(request, role, photo_signal):
    user = request.getfixturevalue(role)
    photo = photo_signal.photos.get()
    response = logged_in(user).get(reverse("intake:photo", args=[photo_signal.pk, photo.pk]))
    if role in SEES_JARVA:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline;")
        assert "no-store" in response["Cache-Control"]
        assert AccessLogEntry.objects.filter(user=user, detail=f"photo {photo.pk}").exists()
    else:
        assert response.status_code == 403
        assert refused(user, photo_signal)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_triage_actions(request, role, jarva_signal):
    user = request.getfixturevalue(role)
    response = logged_in(user).post(
        reverse("intake:set_status", args=[jarva_signal.pk]), {"status": "in_review"}
    )
    jarva_signal.refresh_from_db()
    if role in SEES_JARVA:
        assert response.status_code == 302 and jarva_signal.status == "in_review"
    else:
        assert response.status_code == 403 and jarva_signal.status == "new"
        assert refused(user, jarva_signal)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_queue(request, role, jarva_signal):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(reverse("intake:queue"))
    if role in USES_QUEUE:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert AccessLogEntry.objects.filter(
            user=user, action="refused", object_type="intake.signal"
        ).exists()


def test_a_sodermalm_coordinator_opening_a_jarva_signal_is_refused_and_logged(
    jarva_signal, sodermalm_coordinator
):
    response = logged_in(sodermalm_coordinator).get(reverse("intake:signal", args=[jarva_signal.pk]))
    assert response.status_code == 403
    entry = AccessLogEntry.objects.get(user=sodermalm_coordinator, action="refused")
    assert entry.object_type == "intake.signal" and entry.object_id == str(jarva_signal.pk)
    assert entry.unit.code == "sodermalm"


def test_forged_ids_are_not_found(jarva_signal, central_coordinator):
    client = logged_in(central_coordinator)
    assert client.get(reverse("intake:signal", args=[jarva_signal.pk + 1000])).status_code == 404
    assert client.get(reverse("intake:photo", args=[jarva_signal.pk, 987654])).status_code == 404


def test_a_photo_of_another_signal_is_not_found_through_this_one(
    photo_signal, jarva_signal, jarva_coordinator
):
    photo = photo_signal.photos.get()
    response = logged_in(jarva_coordinator).get(reverse("intake:photo", args=[jarva_signal.pk, photo.pk]))
    assert response.status_code == 404


def test_an_employee_sees_only_their_own_reports(employee, staff_signal, jarva_signal):
    client = logged_in(employee)
    assert client.get(reverse("intake:signal", args=[staff_signal.pk])).status_code == 200
    assert client.get(reverse("intake:signal", args=[jarva_signal.pk])).status_code == 403
    listed = list(client.get(reverse("intake:mine")).context["page"].object_list)
    assert listed == [staff_signal]


def test_the_reporter_view_shows_no_triage(employee, staff_signal, jarva_coordinator):
    actions.do_add_note(jarva_coordinator, staff_signal, "Intern: följ upp med skolan.")
    page = logged_in(employee).get(reverse("intake:signal", args=[staff_signal.pk]))
    assert page.context["as_coordinator"] is False
    assert "Intern: följ upp" not in page.content.decode()


def test_another_employee_does_not_see_a_colleagues_report(staff_signal, db):
    from conftest import make_person

    colleague = make_person("jarva.colleague", "employee", "jarva", "school")
    response = logged_in(colleague).get(reverse("intake:signal", args=[staff_signal.pk]))
    assert response.status_code == 403
    assert refused(colleague, staff_signal)


def test_partners_have_no_list_of_own_signals(partner):
    assert logged_in(partner).get(reverse("intake:mine")).status_code == 403


def test_the_public_is_sent_to_log_in(jarva_signal):
    for url in (
        reverse("intake:signal", args=[jarva_signal.pk]),
        reverse("intake:queue"),
        reverse("intake:mine"),
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_coordinator_without_the_second_factor_gets_nothing(jarva_signal, jarva_coordinator):
    client = logged_in(jarva_coordinator, verified=False)
    response = client.get(reverse("intake:signal", args=[jarva_signal.pk]))
    assert response.status_code in (302, 403)
    assert "Klistermärken" not in response.content.decode()
