"""Signals for the intake tests: one in Järva (Rinkeby), one in Södermalm, reported by the public."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from safecity.intake import actions
from safecity.organisation.models import Area


@pytest.fixture(autouse=True)
def _fast_receipt_hashing(monkeypatch):
    """argon2 with its production cost takes ~0.1 s a hash; the tests make hundreds of receipts."""
    from argon2 import PasswordHasher

    from safecity.intake import receipts

    monkeypatch.setattr(receipts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def rinkeby(db):
    return Area.objects.get(code="rinkeby")


@pytest.fixture
def sodermalm_area(db):
    return Area.objects.get(code="sodermalm")


def report(**fields) -> actions.Report:
    data = {
        "kind": "propaganda",
        "occurred_on": dt.date(2025, 3, 14),
        "milieu": "right_wing",
        "description": "Klistermärken med nazistiska symboler på busshållplatsen vid torget.",
        **fields,
    }
    return actions.Report(**data)


@pytest.fixture
def jarva_signal(rinkeby):
    return actions.do_submit_signal(None, report(area=rinkeby)).signal


@pytest.fixture
def sodermalm_signal(sodermalm_area):
    return actions.do_submit_signal(None, report(area=sodermalm_area, kind="threat")).signal


@pytest.fixture
def staff_signal(employee, rinkeby):
    return actions.do_submit_signal(employee, report(area=rinkeby, kind="facility_incident")).signal


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG carrying EXIF with a GPS position, a camera serial number and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    gps = {1: "N", 2: (59.0, 23.0, 17.0), 3: "E", 4: (17.0, 55.0, 42.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


def png_bytes(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 120, 200, 255)).save(out, "PNG")
    return out.getvalue()
