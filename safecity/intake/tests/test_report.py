"""The report form: one form for staff and the public, the personal-data guard, photos, protection."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.intake.models import Receipt, Signal, SignalPhoto
from safecity.intake.tests.conftest import jpeg_with_gps, png_bytes

URL = reverse("intake:report")
SECRET = "Klistermärken med hakkors vid fritidsgården, ungefär tjugo stycken."


def form_data(**extra):
    data = {
        "kind": "propaganda",
        "occurred_on": "2025-03-14",
        "occurred_time": "",
        "area": "rinkeby",
        "milieu": "right_wing",
        "description": SECRET,
        "website": "",
        "nonce": "",
    }
    data.update(extra)
    return data


def test_the_form_is_open_to_the_public(db):
    response = Client().get(URL)
    assert response.status_code == 200
    assert b'name="description"' in response.content
    assert response["Cache-Control"].startswith("no-store")


def test_a_citizen_reports_and_gets_a_receipt_code_once(db):
    response = Client().post(URL, form_data())
    assert response.status_code == 200
    signal = Signal.objects.get()
    assert signal.source == "citizen" and signal.reporter is None
    assert signal.area.code == "rinkeby"
    code = response.context["code"]
    assert len(code.replace(" ", "")) == 16 and code.count(" ") == 3
    assert code.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    receipt = Receipt.objects.get(signal=signal)
    assert receipt.code_hash.startswith("$argon2id$")
    assert code.replace(" ", "") not in receipt.code_hash
    assert len(receipt.lookup) == 6


@pytest.mark.parametrize(
    "personal",
    [
        "Han heter 811228-9874 enligt skylten.",  # personnummer with a valid check digit
        "Ring honom på 070-123 45 67 om du vill.",
        "Skriv till anna.andersson@example.se så vet du.",
    ],
)
def test_the_guard_refuses_personal_data_and_saves_nothing(db, personal):
    response = Client().post(URL, form_data(description=f"{SECRET} {personal}"))
    assert response.status_code == 400
    assert not Signal.objects.exists()
    assert not Receipt.objects.exists()
    form = response.context["form"]
    assert "description" in form.errors
    assert form.findings["description"]["items"]
    assert b"<mark" in response.content
    assert (
        "Nothing has been sent yet" in response.content.decode()
        or "Inget har skickats" in response.content.decode()
    )


def test_the_guard_explains_in_plain_words(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(URL, form_data(description="Ring 070-123 45 67"))
    text = response.content.decode()
    assert "a phone number" in text or "ett telefonnummer" in text


def test_a_photo_loses_its_exif_and_gps(db):
    raw = jpeg_with_gps()
    assert b"SERIAL-12345" in raw and Image.open(io.BytesIO(raw)).getexif().get(0x8825)
    upload = SimpleUploadedFile("IMG_0001.jpg", raw, content_type="image/jpeg")
    response = Client().post(URL, {**form_data(), "photos": [upload]})
    assert response.status_code == 200, response.context["form"].errors
    photo = SignalPhoto.objects.get()
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (64, 48)
    image = Image.open(io.BytesIO(photo.data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info
    assert (
        b"SERIAL-12345" not in photo.data
        and b"PhoneMaker" not in photo.data
        and b"taken at home" not in photo.data
    )


def test_a_png_stays_a_png_without_text_chunks(db):
    out = io.BytesIO()
    image = Image.new("RGB", (20, 20), "white")
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Someone Private")
    image.save(out, "PNG", pnginfo=info)
    upload = SimpleUploadedFile("skarm.png", out.getvalue(), content_type="image/png")
    Client().post(URL, {**form_data(), "photos": [upload]})
    photo = SignalPhoto.objects.get()
    assert photo.content_type == "image/png"
    assert b"Someone Private" not in photo.data


def test_a_file_that_is_not_a_photo_is_refused_by_its_content(db):
    fake = SimpleUploadedFile("bild.jpg", b"%PDF-1.7 not an image", content_type="image/jpeg")
    response = Client().post(URL, {**form_data(), "photos": [fake]})
    assert response.status_code == 400
    assert "bild.jpg" in str(response.context["form"].errors["photos"])
    assert not Signal.objects.exists()


def test_a_gif_is_refused(db):
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    gif = SimpleUploadedFile("anim.gif", out.getvalue(), content_type="image/gif")
    response = Client().post(URL, {**form_data(), "photos": [gif]})
    assert "photos" in response.context["form"].errors


def test_a_photo_over_the_size_limit_is_refused_by_name(db, settings):
    settings.INTAKE_MAX_PHOTO_BYTES = 2000
    big = SimpleUploadedFile("stor.png", png_bytes((400, 400)) + b"\0" * 5000, content_type="image/png")
    response = Client().post(URL, {**form_data(), "photos": [big]})
    assert response.status_code == 400
    assert "stor.png" in str(response.context["form"].errors["photos"])
    assert not Signal.objects.exists()


def test_at_most_four_photos(db):
    photos = [SimpleUploadedFile(f"p{i}.png", png_bytes(), content_type="image/png") for i in range(5)]
    response = Client().post(URL, {**form_data(), "photos": photos})
    assert response.status_code == 400
    assert "photos" in response.context["form"].errors
    assert not Signal.objects.exists()


def test_four_photos_are_kept_in_order(db):
    photos = [
        SimpleUploadedFile(f"p{i}.png", png_bytes((10 + i, 10)), content_type="image/png") for i in range(4)
    ]
    response = Client().post(URL, {**form_data(), "photos": photos})
    assert response.status_code == 200
    assert [p.width for p in SignalPhoto.objects.order_by("position")] == [10, 11, 12, 13]


def test_the_database_holds_ciphertext_not_the_description(db):
    raw = jpeg_with_gps()
    Client().post(
        URL, {**form_data(), "photos": [SimpleUploadedFile("a.jpg", raw, content_type="image/jpeg")]}
    )
    signal = Signal.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM intake_signal WHERE id = %s", [signal.pk])
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT data FROM intake_signalphoto WHERE signal_id = %s", [signal.pk])
        photo_bytes = bytes(cursor.fetchone()[0])
    assert stored.startswith("enc1:")
    assert "hakkors" not in stored and "fritidsgården" not in stored
    assert not photo_bytes.startswith(b"\xff\xd8")  # not a JPEG in the clear
    assert signal.description == SECRET


def test_the_honeypot_refuses_robots(db):
    response = Client().post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Signal.objects.exists()


def test_the_honeypot_is_hidden_by_a_css_class_not_inline_style(db):
    html = Client().get(URL).content.decode()
    assert 'class="hp"' in html
    assert "style=" not in html


def test_a_date_in_the_future_is_refused(db):
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = Client().post(URL, form_data(occurred_on=tomorrow))
    assert "occurred_on" in response.context["form"].errors


def test_a_point_on_the_map_picks_the_area_and_is_rounded(db):
    response = Client().post(URL, form_data(area="", latitude="59.388456", longitude="17.926712"))
    assert response.status_code == 200, response.context["form"].errors
    signal = Signal.objects.get()
    assert signal.area.code == "rinkeby"
    assert str(signal.latitude) == "59.388" and str(signal.longitude) == "17.927"


def test_a_point_that_disagrees_with_the_area_is_named(db):
    response = Client().post(URL, form_data(area="gamla-stan", latitude="59.388456", longitude="17.926712"))
    assert response.status_code == 400
    assert "Rinkeby" in str(response.context["form"].errors["area"])


def test_a_point_outside_the_city_is_refused(db):
    response = Client().post(URL, form_data(area="", latitude="57.7", longitude="11.97"))
    assert "latitude" in response.context["form"].errors


def test_sending_the_same_form_twice_saves_one_signal(db):
    client = Client()
    client.post(URL, form_data(nonce="abc123"))
    second = client.post(URL, form_data(nonce="abc123"))
    assert Signal.objects.count() == 1
    assert second.templates[0].name == "intake/already_sent.html"


def test_nothing_is_half_saved_when_a_step_fails(db):
    photo = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    with mock.patch("safecity.intake.receipts.issue", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            Client(raise_request_exception=True).post(URL, {**form_data(), "photos": [photo]})
    assert not Signal.objects.exists()
    assert not SignalPhoto.objects.exists()


def test_the_public_form_is_rate_limited_per_address(db, settings):
    settings.INTAKE_REPORT_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert client.post(URL, form_data()).status_code == 200
    assert client.post(URL, form_data()).status_code == 200
    refused = client.post(URL, form_data())
    assert refused.status_code == 429
    assert Signal.objects.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.8").post(URL, form_data())
    assert other.status_code == 200


def test_the_form_needs_a_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, form_data()).status_code == 403
    assert not Signal.objects.exists()


def test_staff_report_under_their_account_and_see_it(employee):
    client = logged_in(employee)
    response = client.post(URL, form_data())
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("intake:signal", args=[signal.pk])
    assert signal.source == "staff" and signal.reporter == employee
    assert not Receipt.objects.exists()
    page = client.get(reverse("intake:mine"))
    assert signal.reference in page.content.decode()


def test_a_partner_reports_as_a_member_of_the_public(partner):
    response = logged_in(partner).post(URL, form_data())
    signal = Signal.objects.get()
    assert signal.source == "citizen" and signal.reporter is None
    assert "code" in response.context


def test_submitting_is_logged_without_content(db):
    Client().post(URL, form_data())
    entry = AccessLogEntry.objects.get(action="create", object_type="intake.signal")
    assert entry.user is None
    assert SECRET not in entry.object_label + entry.detail + str(entry.changes)
