import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.online import access
from safecity.online.models import ClassifierModel, ContentImport, OnlineItem
from safecity.organisation.models import Unit

from .online_core_helpers import make_item

REFUSED_ROLES = [
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
    "no_role_user",
]


@pytest.fixture
def jarva_item(jarva):
    return make_item(jarva, text="Ett inlägg från Järva")


@pytest.fixture
def jarva_import(jarva, jarva_coordinator):
    return ContentImport.objects.create(
        unit=jarva, uploaded_by=jarva_coordinator, filename="jarva.csv", status="done"
    )


@pytest.fixture
def version(db):
    return ClassifierModel.objects.create(version=7, weights=b"npz")


def _pages(item, run, model):
    """(method, url) for every page of the module."""
    return [
        ("get", reverse("online:index")),
        ("get", reverse("online:import")),
        ("get", reverse("online:import_detail", args=[run.pk])),
        ("post", reverse("online:classify_unclassified")),
        ("get", reverse("online:queue")),
        ("get", reverse("online:item", args=[item.pk])),
        ("post", reverse("online:review", args=[item.pk])),
        ("get", reverse("online:models")),
        ("post", reverse("online:activate", args=[model.pk])),
        ("post", reverse("online:train")),
        ("post", reverse("online:classify_all")),
    ]


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_every_page_refuses_people_without_a_coordinator_role(
    request, role, jarva_item, jarva_import, version
):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    for method, url in _pages(jarva_item, jarva_import, version):
        response = getattr(client, method)(url, {"label": "hateful"} if method == "post" else None)
        assert response.status_code == 403, (role, url, response.status_code)
    assert AccessLogEntry.objects.filter(user=user, action="refused").count() >= len(
        _pages(jarva_item, jarva_import, version)
    )
    # Nothing was written on their behalf.
    assert not jarva_item.reviews.exists()
    assert not ClassifierModel.objects.filter(is_active=True).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, jarva_item, jarva_import, version):
    for method, url in _pages(jarva_item, jarva_import, version):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "logga-in" in response["Location"], url


def test_another_districts_coordinator_is_refused_a_jarva_item_and_import(
    sodermalm_coordinator, jarva_item, jarva_import
):
    client = logged_in(sodermalm_coordinator)
    assert client.get(reverse("online:item", args=[jarva_item.pk])).status_code == 403
    assert (
        client.post(reverse("online:review", args=[jarva_item.pk]), {"label": "hateful"}).status_code == 403
    )
    assert client.get(reverse("online:import_detail", args=[jarva_import.pk])).status_code == 403
    assert not jarva_item.reviews.exists()
    refused = AccessLogEntry.objects.filter(
        user=sodermalm_coordinator, action="refused", object_type="online.onlineitem"
    )
    assert refused.filter(object_id=str(jarva_item.pk)).count() == 2
    # ... and does not see it in the queue either.
    page = client.get(reverse("online:queue")).content.decode()
    assert "Ett inlägg från Järva" not in page


def test_an_unknown_item_is_404(jarva_coordinator):
    assert logged_in(jarva_coordinator).get(reverse("online:item", args=[999999])).status_code == 404


def test_the_unit_coordinator_reads_their_items_and_each_view_is_logged(jarva_coordinator, jarva_item):
    client = logged_in(jarva_coordinator)
    response = client.get(reverse("online:item", args=[jarva_item.pk]))
    assert response.status_code == 200
    assert "Ett inlägg från Järva" in response.content.decode()
    entry = AccessLogEntry.objects.get(user=jarva_coordinator, action="view", object_id=str(jarva_item.pk))
    assert entry.object_type == "online.onlineitem" and entry.role == "unit_coordinator"
    client.get(reverse("online:queue"))
    queue_entry = AccessLogEntry.objects.filter(user=jarva_coordinator, object_label="review queue").get()
    assert str(jarva_item.pk) in queue_entry.detail


def test_the_central_coordinator_sees_every_unit(central_coordinator, jarva_item, sodermalm):
    other = make_item(sodermalm, text="Från Södermalm")
    assert set(access.items_for_user(central_coordinator)) >= {jarva_item, other}
    assert logged_in(central_coordinator).get(reverse("online:item", args=[other.pk])).status_code == 200


def test_a_unit_coordinator_also_sees_items_of_units_merged_into_theirs(jarva_coordinator, jarva):
    old = Unit.objects.create(
        city=jarva.city, code="old-district", name="Gamla stadsdelen", kind=jarva.kind, successor=jarva
    )
    older = Unit.objects.create(
        city=jarva.city, code="older-district", name="Äldsta", kind=jarva.kind, successor=old
    )
    item = make_item(older, text="Från en sammanslagen stadsdel")
    assert item in access.items_for_user(jarva_coordinator)
    assert logged_in(jarva_coordinator).get(reverse("online:item", args=[item.pk])).status_code == 200
    assert older in access.units_for_user(jarva_coordinator)
    # but cannot import into the old unit
    assert older not in access.upload_units_for_user(jarva_coordinator)


def test_only_the_central_coordinator_manages_models(central_coordinator, jarva_coordinator):
    assert access.can_manage_models(central_coordinator)
    assert not access.can_manage_models(jarva_coordinator)
    client = logged_in(jarva_coordinator)
    assert client.get(reverse("online:models")).status_code == 403
    assert client.get(reverse("online:index")).status_code == 200


def test_a_coordinator_without_the_second_factor_is_stopped(jarva_coordinator, jarva_item):
    response = logged_in(jarva_coordinator, verified=False).get(reverse("online:item", args=[jarva_item.pk]))
    assert response.status_code in (302, 403)
    assert not AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="view", object_id=str(jarva_item.pk)
    ).exists()


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_helpers_give_nothing_to_other_roles(request, role, jarva_item):
    user = request.getfixturevalue(role)
    assert not access.can_use_online(user)
    assert not access.items_for_user(user).exists()
    assert not OnlineItem.objects.none().exists()
