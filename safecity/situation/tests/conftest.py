"""Fixtures of the situational picture's tests: the real police sample, area names, files on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safecity.organisation.models import Area, City
from safecity.situation.police import import_payload
from safecity.situation.setup import load_area_names

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "demo" / "events_2025-06-07.json"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city(db):
    return City.objects.get(code="stockholm")


@pytest.fixture
def area_names(db):
    load_area_names("stockholm")


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def sample(sample_bytes) -> list[dict]:
    return json.loads(sample_bytes)


@pytest.fixture
def imported_sample(area_names, sample_bytes):
    run, counts = import_payload(sample_bytes, SAMPLE.name, origin="command")
    return run, counts


def area(name: str) -> Area:
    return Area.objects.get(city__code="stockholm", name=name)


def event(
    police_id: int, *, name: str = "01 juni 12.00, Misshandel, Stockholm", summary: str = "", **extra
) -> dict:
    """One event as the API writes it."""
    item = {
        "id": police_id,
        "datetime": "2025-06-01 12:30:00 +02:00",
        "name": name,
        "summary": summary,
        "url": f"/aktuellt/handelser/2025/juni/1/{police_id}/",
        "type": "Misshandel",
        "location": {"name": "Stockholm", "gps": "59.329324,18.068581"},
    }
    item.update(extra)
    return item
