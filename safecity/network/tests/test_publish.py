"""Publishing: one transaction, the next version, the document and photos frozen, logged; validated."""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.network import actions, document
from safecity.network.models import ProfileVersion, PublishedPhoto
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    city,
    highlight,
    jarva_plan,
    planning_year,
    profile,
)

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def test_publishing_freezes_the_next_version(central_coordinator, profile, approved_jarva):
    highlight(
        central_coordinator,
        profile,
        approved_jarva.measures.first(),
        photo=jpeg(),
        photo_alt="a",
        photo_alt_en="b",
    )
    response = logged_in(central_coordinator).post(reverse("network:publish"))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:public")
    version = ProfileVersion.objects.get(profile=profile)
    assert version.number == 1
    assert version.published_by == central_coordinator
    assert version.document["version"] == 1
    photo = PublishedPhoto.objects.get(version=version)
    assert version.document["initiatives"][0]["photo"]["url"].endswith(
        reverse("network:photo", args=[photo.pk])
    )
    assert AccessLogEntry.objects.filter(
        user=central_coordinator, action="create", detail="published"
    ).exists()

    actions.do_publish_profile(central_coordinator, profile)
    assert list(profile.versions.values_list("number", flat=True)) == [2, 1]


def test_the_confirmation_page_publishes_nothing(central_coordinator, profile):
    response = logged_in(central_coordinator).get(reverse("network:publish"))
    assert response.status_code == 200
    assert "version 1" in response.content.decode().lower()
    assert not ProfileVersion.objects.exists()


@pytest.mark.swedish_ui
def test_the_public_page_is_the_frozen_snapshot(central_coordinator, profile, client):
    actions.do_publish_profile(central_coordinator, profile)
    actions.do_save_profile(central_coordinator, profile, portrait="NY TEXT EFTER PUBLICERING")
    assert "NY TEXT EFTER PUBLICERING" not in client.get(reverse("network:public")).content.decode()
    assert (
        "NY TEXT EFTER PUBLICERING"
        in logged_in(central_coordinator).get(reverse("network:preview")).content.decode()
    )
    actions.do_publish_profile(central_coordinator, profile)
    assert "NY TEXT EFTER PUBLICERING" in client.get(reverse("network:public")).content.decode()


def test_a_photo_changed_after_publishing_does_not_change_the_published_one(
    central_coordinator, profile, approved_jarva
):
    initiative = highlight(
        central_coordinator,
        profile,
        approved_jarva.measures.first(),
        photo=jpeg(),
        photo_alt="a",
        photo_alt_en="b",
    )
    version = actions.do_publish_profile(central_coordinator, profile)
    published = bytes(PublishedPhoto.objects.get(version=version).data)
    actions.do_update_initiative(central_coordinator, initiative, remove_photo=True)
    assert bytes(PublishedPhoto.objects.get(version=version).data) == published


def test_an_invalid_document_cannot_be_published(central_coordinator, profile, approved_jarva, monkeypatch):
    highlight(
        central_coordinator,
        profile,
        approved_jarva.measures.first(),
        photo=jpeg(),
        photo_alt="a",
        photo_alt_en="b",
    )
    real = document.build_document

    def broken(*args, **kwargs):
        doc = real(*args, **kwargs)
        doc["themes"][0]["number"] = 9
        return doc

    monkeypatch.setattr(document, "build_document", broken)
    with pytest.raises(ValidationError, match=r"themes\[0\]\.number"):
        actions.do_publish_profile(central_coordinator, profile)
    assert not ProfileVersion.objects.exists()
    assert not PublishedPhoto.objects.exists()

    response = logged_in(central_coordinator).post(reverse("network:publish"), follow=True)
    assert "does not match the export format" in response.content.decode()
    assert not ProfileVersion.objects.exists()


@pytest.mark.parametrize(
    "who", ["jarva_coordinator", "sodermalm_coordinator", "employee", "partner", "no_role_user"]
)
def test_nobody_else_publishes(request, who, profile):
    user = request.getfixturevalue(who)
    with pytest.raises(actions.Refused):
        actions.do_publish_profile(user, profile)
    assert logged_in(user).post(reverse("network:publish")).status_code == 403
    assert not ProfileVersion.objects.exists()


def test_anonymous_cannot_publish(client, profile):
    assert client.post(reverse("network:publish")).status_code == 302
    assert not ProfileVersion.objects.exists()


@pytest.mark.swedish_ui
def test_the_versions_page_lists_every_version_by_role_and_opens_an_old_one(central_coordinator, profile):
    actions.do_save_profile(central_coordinator, profile, portrait="FÖRSTA VERSIONEN")
    actions.do_publish_profile(central_coordinator, profile)
    actions.do_save_profile(central_coordinator, profile, portrait="ANDRA VERSIONEN")
    actions.do_publish_profile(central_coordinator, profile)
    client = logged_in(central_coordinator)
    listing = client.get(reverse("network:versions")).content.decode()
    assert reverse("network:version", args=[1]) in listing
    main = listing.split('<main id="main"', 1)[1]
    assert "Central Test" not in main  # the role, not the person
    assert "Central samordnare" in main
    old = client.get(reverse("network:version", args=[1])).content.decode()
    assert "FÖRSTA VERSIONEN" in old
    assert "ANDRA VERSIONEN" not in old
    assert client.get(reverse("network:version", args=[9])).status_code == 404


@pytest.mark.parametrize("who", ["jarva_coordinator", "employee"])
def test_old_versions_are_for_the_central_coordinator(request, who, central_coordinator, profile):
    actions.do_publish_profile(central_coordinator, profile)
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("network:version", args=[1])).status_code == 403


@pytest.mark.swedish_ui
def test_an_old_version_shows_what_changed_in_the_texts(central_coordinator, profile):
    actions.do_save_profile(central_coordinator, profile, portrait="Stockholm ligger på fjorton öar.")
    actions.do_publish_profile(central_coordinator, profile)
    actions.do_save_profile(central_coordinator, profile, portrait="Stockholm ligger på många öar.")
    actions.do_publish_profile(central_coordinator, profile)
    html = logged_in(central_coordinator).get(reverse("network:version", args=[2])).content.decode()
    assert "<del>fjorton</del>" in html
    assert "<ins>många</ins>" in html
    first = logged_in(central_coordinator).get(reverse("network:version", args=[1])).content.decode()
    assert "<del>" not in first
