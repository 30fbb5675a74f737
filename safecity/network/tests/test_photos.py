"""Photos of highlighted initiatives: EXIF and GPS removed, non-images and big files refused."""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conftest import logged_in
from safecity.network import photos
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    city,
    jarva_plan,
    planning_year,
    profile,
)
from safecity.plans.tests.fixtures import theme

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (2400, 1200), (30, 140, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (59.0, 20.0, 0.0), 3: "E", 4: (18.0, 4.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_source_photo_really_has_gps():
    assert Image.open(io.BytesIO(photo_with_gps())).getexif().get_ifd(0x8825)


def test_exif_and_gps_are_removed_and_the_photo_is_scaled():
    clean = photos.clean_profile_photo(SimpleUploadedFile("p.jpg", photo_with_gps(), "image/jpeg"))
    image = Image.open(io.BytesIO(clean))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"PhoneMaker" not in clean
    assert max(image.size) == photos.MAX_SIDE


def test_a_png_with_transparency_becomes_a_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (255, 0, 0, 0)).save(out, "PNG")
    clean = photos.clean_profile_photo(SimpleUploadedFile("p.png", out.getvalue(), "image/png"))
    assert Image.open(io.BytesIO(clean)).format == "JPEG"


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP"):
        photos.clean_profile_photo(SimpleUploadedFile("p.jpg", b"%PDF-1.4 not an image", "image/jpeg"))


def test_a_too_large_file_is_refused(monkeypatch):
    monkeypatch.setattr(photos, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="larger than"):
        photos.clean_profile_photo(SimpleUploadedFile("p.jpg", photo_with_gps(), "image/jpeg"))


def test_the_form_names_the_photo_field_and_saves_nothing(central_coordinator, approved_jarva, profile):
    chosen = approved_jarva.measures.first()
    upload = SimpleUploadedFile("notes.txt", b"just text", "text/plain")
    response = logged_in(central_coordinator).post(
        reverse("network:initiative_add", args=[chosen.pk]),
        {
            "title": "T",
            "summary": "S",
            "theme": theme(1).pk,
            "photo_file": upload,
            "photo_alt": "a",
            "photo_alt_en": "b",
        },
    )
    assert response.status_code == 200
    assert 'href="#id_photo_file"' in response.content.decode()
    assert not profile.initiatives.exists()


def test_an_uploaded_photo_is_stored_clean(central_coordinator, approved_jarva, profile):
    chosen = approved_jarva.measures.first()
    upload = SimpleUploadedFile("p.jpg", photo_with_gps(), "image/jpeg")
    response = logged_in(central_coordinator).post(
        reverse("network:initiative_add", args=[chosen.pk]),
        {
            "title": "T",
            "summary": "S",
            "theme": theme(1).pk,
            "photo_file": upload,
            "photo_alt": "a",
            "photo_alt_en": "b",
        },
    )
    assert response.status_code == 302
    stored = bytes(profile.initiatives.get().photo)
    assert not Image.open(io.BytesIO(stored)).getexif()
