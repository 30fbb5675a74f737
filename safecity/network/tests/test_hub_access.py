"""Who may browse the hub and who may import; the public "hub mode"."""

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.network import hub
from safecity.network.models import HubProfile
from safecity.network.tests.hub_fixtures import as_bytes, norrhavn

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

pytestmark = pytest.mark.django_db

BROWSE = [
    ("network:hub", []),
    ("network:hub_practices", []),
    ("network:hub_city", ["norrhavn-demo"]),
]


@pytest.fixture(autouse=True)
def norrhavn_in_hub(db):
    hub.import_bytes(None, as_bytes(norrhavn()), is_demo=True)


@pytest.mark.parametrize(("name", "args"), BROWSE)
@pytest.mark.parametrize("who", ["central_coordinator", "jarva_coordinator"])
def test_coordinators_browse_the_hub(request, who, name, args):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse(name, args=args)).status_code == 200
    assert AccessLogEntry.objects.filter(user=user, action="view", object_type="network.hubprofile").exists()


@pytest.mark.parametrize(("name", "args"), BROWSE)
@pytest.mark.parametrize(
    "who", ["employee", "partner", "intake_officer", "dpo", "administrator", "no_role_user"]
)
def test_others_are_refused_the_hub(request, who, name, args):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse(name, args=args)).status_code == 403
    assert AccessLogEntry.objects.filter(
        user=user, action="refused", object_type="network.hubprofile"
    ).exists()


@pytest.mark.parametrize(("name", "args"), [*BROWSE, ("network:hub_import", [])])
def test_anonymous_visitors_are_sent_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "next=" in response["Location"]


def test_a_coordinator_without_the_second_factor_is_sent_to_verify(central_coordinator):
    response = logged_in(central_coordinator, verified=False).get(reverse("network:hub"))
    assert response.status_code == 302


def test_the_central_coordinator_may_import(central_coordinator):
    client = logged_in(central_coordinator)
    assert client.get(reverse("network:hub_import")).status_code == 200
    assert "Import a profile" in client.get(reverse("network:hub")).content.decode()


@pytest.mark.parametrize("who", ["jarva_coordinator", "employee", "partner", "administrator", "dpo"])
def test_others_may_not_import(request, who):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    assert client.get(reverse("network:hub_import")).status_code == 403
    doc = norrhavn(version=5, published_at="2026-11-25T09:00:00+01:00")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("network:hub_import"), {"file": SimpleUploadedFile("n.json", as_bytes(doc))}
    )
    assert response.status_code == 403
    assert HubProfile.objects.get().document["version"] == 2
    assert AccessLogEntry.objects.filter(user=user, action="refused", object_label="import profile").exists()


def test_a_unit_coordinator_does_not_see_the_import_button(jarva_coordinator):
    page = logged_in(jarva_coordinator).get(reverse("network:hub")).content.decode()
    assert reverse("network:hub_import") not in page


@pytest.mark.parametrize(("name", "args"), BROWSE)
def test_in_hub_mode_the_hub_pages_are_public(client, settings, name, args):
    settings.NETWORK_HUB_PUBLIC = True
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert "Norrhavn" in response.content.decode()


def test_in_hub_mode_importing_still_needs_the_central_coordinator(client, settings, employee):
    settings.NETWORK_HUB_PUBLIC = True
    assert client.get(reverse("network:hub_import")).status_code == 302
    assert logged_in(employee).get(reverse("network:hub_import")).status_code == 403
    assert logged_in(employee).get(reverse("network:hub")).status_code == 200


def test_the_central_coordinator_removes_an_imported_city(central_coordinator):
    client = logged_in(central_coordinator)
    page = client.get(reverse("network:hub_city", args=["norrhavn-demo"])).content.decode()
    assert reverse("network:hub_remove", args=["norrhavn-demo"]) in page
    response = client.post(reverse("network:hub_remove", args=["norrhavn-demo"]))
    assert response.status_code == 302
    assert not HubProfile.objects.exists()
    assert AccessLogEntry.objects.filter(user=central_coordinator, action="delete").exists()
    assert client.post(reverse("network:hub_remove", args=["norrhavn-demo"])).status_code == 404


def test_removing_needs_a_post(central_coordinator):
    assert (
        logged_in(central_coordinator).get(reverse("network:hub_remove", args=["norrhavn-demo"])).status_code
        == 405
    )
    assert HubProfile.objects.exists()


@pytest.mark.parametrize("who", ["jarva_coordinator", "employee", "administrator"])
def test_others_may_not_remove_a_city(request, who):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    assert (
        reverse("network:hub_remove", args=["norrhavn-demo"])
        not in client.get(reverse("network:hub_city", args=["norrhavn-demo"])).content.decode()
    )
    assert client.post(reverse("network:hub_remove", args=["norrhavn-demo"])).status_code == 403
    assert HubProfile.objects.exists()


def test_anonymous_visitors_cannot_remove_even_in_hub_mode(client, settings):
    settings.NETWORK_HUB_PUBLIC = True
    assert client.post(reverse("network:hub_remove", args=["norrhavn-demo"])).status_code == 302
    assert HubProfile.objects.exists()
