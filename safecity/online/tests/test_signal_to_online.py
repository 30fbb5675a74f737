import datetime as dt

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.intake import actions as intake_actions
from safecity.online import actions
from safecity.online.models import OnlineItem
from safecity.organisation.models import Area

from .online_core_helpers import install_fake_classifier

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True


def _signal(
    kind="online_hate", description="Hatiska kommentarer om oss på stadsdelens sida: parasiter.", **extra
):
    report = intake_actions.Report(
        kind=kind,
        occurred_on=dt.date(2025, 3, 14),
        occurred_time=dt.time(21, 15),
        milieu="unknown",
        description=description,
        area=Area.objects.get(code="rinkeby"),
        **extra,
    )
    return intake_actions.do_submit_signal(None, report).signal


@pytest.fixture
def online_signal(db):
    return _signal()


def test_a_coordinator_adds_an_online_hate_signal(jarva_coordinator, online_signal, monkeypatch):
    install_fake_classifier(monkeypatch)
    response = logged_in(jarva_coordinator).post(reverse("online:from_signal", args=[online_signal.pk]))
    item = OnlineItem.objects.get()
    assert response["Location"] == reverse("online:item", args=[item.pk])
    assert (item.origin, item.platform, item.signal, item.unit_id) == (
        "signal",
        "signal",
        online_signal,
        online_signal.unit_id,
    )
    assert item.text == online_signal.description and item.author_hash == ""
    assert item.posted_at == dt.datetime(2025, 3, 14, 21, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert item.label == "hateful"  # classified at once


def test_the_same_signal_twice_is_refused_with_a_message(jarva_coordinator, online_signal):
    client = logged_in(jarva_coordinator)
    client.post(reverse("online:from_signal", args=[online_signal.pk]))
    response = client.post(reverse("online:from_signal", args=[online_signal.pk]), follow=True)
    assert OnlineItem.objects.count() == 1
    assert "already in online content" in response.content.decode()


def test_other_kinds_of_signal_are_refused(jarva_coordinator):
    signal = _signal(kind="propaganda")
    response = logged_in(jarva_coordinator).post(reverse("online:from_signal", args=[signal.pk]))
    assert response.status_code == 302
    assert not OnlineItem.objects.exists()


@pytest.mark.parametrize("role", ["sodermalm_coordinator", "employee", "partner", "dpo", "jarva_manager"])
def test_people_who_cannot_triage_the_signal_are_refused(request, role, online_signal):
    user = request.getfixturevalue(role)
    response = logged_in(user).post(reverse("online:from_signal", args=[online_signal.pk]))
    assert response.status_code == 403
    assert not OnlineItem.objects.exists()
    with pytest.raises(actions.Refused):
        actions.do_add_signal_to_online(user, online_signal)


def test_the_central_coordinator_may_add_any_signal(central_coordinator, online_signal):
    item = actions.do_add_signal_to_online(central_coordinator, online_signal)
    assert item.unit_id == online_signal.unit_id


def test_get_is_not_allowed(jarva_coordinator, online_signal):
    assert (
        logged_in(jarva_coordinator).get(reverse("online:from_signal", args=[online_signal.pk])).status_code
        == 405
    )
