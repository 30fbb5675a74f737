"""The demo profile (safecity/network/demo.py): filled, four initiatives, approved practices, version 1, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from safecity.network.document import public_document
from safecity.network.models import GoodPractice, ProfileVersion, PublishedPhoto
from safecity.network.schema import validate_document

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    output = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        from django.conf import settings

        debug = settings.DEBUG
        settings.DEBUG = True  # load_demo refuses to run without it
        try:
            call_command("load_demo", stdout=io.StringIO())
            call_command("load_profile_demo", stdout=output)
            call_command("load_profile_demo", stdout=output)
        finally:
            settings.DEBUG = debug
        yield output.getvalue()
        transaction.set_rollback(True)


def test_it_publishes_version_1_once(demo):
    assert "version 1 published with 4 highlighted initiatives" in demo
    assert "already published" in demo
    assert ProfileVersion.objects.count() == 1


def test_the_demo_document_is_valid_and_complete(demo):
    version = ProfileVersion.objects.get()
    doc = public_document(version.profile.city)
    validate_document(doc)
    assert doc["portrait"]["en"].startswith("Spread across an archipelago of fourteen islands")
    assert doc["portrait"]["sv"].startswith("Stockholm breder ut sig")
    assert sorted(i["theme"] for i in doc["initiatives"]) == [1, 2, 3, 4]
    assert all(i["photo"]["alt"]["sv"] and i["photo"]["alt"]["en"] for i in doc["initiatives"])
    assert PublishedPhoto.objects.filter(version=version).count() == 4
    assert 4 <= len(doc["good_practices"]) <= 6
    assert all(t["active_measures"] > 0 for t in doc["themes"])


def test_the_good_practices_are_approved(demo):
    assert set(GoodPractice.objects.values_list("state", flat=True)) == {GoodPractice.State.APPROVED}


def test_the_public_page_shows_the_demo(demo, client):
    html = client.get(reverse("network:public")).content.decode()
    assert "Höj medvetenheten och tydliggör ansvaret" in html
