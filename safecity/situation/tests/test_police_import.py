"""Importing police events: the real sample, levels, dedupe, the centroid rule, areas named in text."""

from __future__ import annotations

import json

import pytest

from safecity.situation.models import AreaName, ImportRun, PoliceEvent
from safecity.situation.police import Placer, import_events, import_payload, parse_events, place_events_again

from .conftest import area, event

pytestmark = pytest.mark.django_db

STOCKHOLM = "0180"
CENTROID = "59.329324,18.068581"  # what the police give for every event located "Stockholm"


def load(items) -> tuple:
    return import_payload(json.dumps(items).encode(), "test.json", origin="command")


def test_the_real_sample_imports_without_error(imported_sample):
    run, counts = imported_sample
    assert run.state == ImportRun.State.DONE
    assert (counts.received, counts.created, counts.updated) == (500, 500, 0)
    assert PoliceEvent.objects.count() == 500
    assert not PoliceEvent.objects.filter(level=PoliceEvent.Level.UNKNOWN).exists()
    assert run.file  # the answer is archived as it came


def test_it_counts_the_samples_events_per_level(imported_sample):
    stockholm = PoliceEvent.objects.filter(municipality_code=STOCKHOLM)
    assert stockholm.count() == 19
    assert stockholm.filter(level=PoliceEvent.Level.AREA).count() == 13
    assert stockholm.filter(level=PoliceEvent.Level.MUNICIPALITY).count() == 6
    county = PoliceEvent.objects.filter(level=PoliceEvent.Level.COUNTY)
    assert county.count() == 131
    assert county.filter(county_code="01").count() == 0  # no "Stockholms län" event in this window
    other_municipalities = PoliceEvent.objects.filter(level=PoliceEvent.Level.MUNICIPALITY).exclude(
        municipality_code=STOCKHOLM
    )
    assert other_municipalities.count() == 350
    in_county = PoliceEvent.objects.filter(county_code="01").exclude(municipality_code=STOCKHOLM)
    assert in_county.count() == 31  # Södertälje, Haninge, Huddinge … are not the city


def test_the_samples_stockholm_events_go_to_the_areas_their_texts_name(imported_sample):
    placed = dict(
        PoliceEvent.objects.filter(level=PoliceEvent.Level.AREA).values_list("police_id", "area__name")
    )
    assert placed[588122] == "Bromsten"  # "… lämnat en lägenhet i Bromsten …"
    assert placed[587843] == "Skarpnäcks gård"
    assert placed[587599] == "Ladugårdsgärdet"  # "på Gärdet"
    assert placed[587596] == "Vasastaden"  # "i Vasastan"
    assert placed[587538] == "Akalla"
    assert set(PoliceEvent.objects.filter(level="area").values_list("attribution", flat=True)) == {"text"}
    # "Grov misshandel på Fredsgatan." names no area: it stays with the municipality.
    assert PoliceEvent.objects.get(police_id=587771).area is None


def test_importing_the_sample_again_changes_nothing(imported_sample, sample_bytes):
    before = list(PoliceEvent.objects.order_by("police_id").values())
    run, counts = import_payload(sample_bytes, "again.json", origin="command")
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 500)
    assert run.state == ImportRun.State.UNCHANGED
    assert list(PoliceEvent.objects.order_by("police_id").values()) == before


def test_it_dedupes_across_two_overlapping_files(area_names, sample):
    first, second = sample[:300], sample[200:]  # 100 events in both
    _run, counts_first = load(first)
    _run, counts_second = load(second)
    assert counts_first.created == 300
    assert (counts_second.created, counts_second.unchanged) == (200, 100)
    assert PoliceEvent.objects.count() == 500
    assert PoliceEvent.objects.values("police_id").distinct().count() == 500


def test_it_dedupes_within_one_batch_of_files(area_names, sample):
    records = parse_events(sample[:300]) + parse_events(sample[200:])
    counts = import_events(records)
    assert (counts.received, counts.created, counts.unchanged) == (600, 500, 100)


def test_a_newer_version_of_an_event_updates_it_and_an_older_one_does_not(area_names):
    load([event(1, summary="Man misshandlad.")])
    load([event(1, summary="Man misshandlad i Rinkeby.", datetime="2025-06-01 13:00:00 +02:00")])
    stored = PoliceEvent.objects.get(police_id=1)
    assert stored.summary == "Man misshandlad i Rinkeby."
    assert stored.area == area("Rinkeby")  # placed anew with the new text
    _run, counts = load([event(1, summary="Man misshandlad.")])  # an old file imported late
    assert counts.unchanged == 1
    assert PoliceEvent.objects.get(police_id=1).summary == "Man misshandlad i Rinkeby."


def _point_in_ring(lon, lat, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _area_containing(lat: float, lon: float):
    from safecity.organisation.models import Area

    for candidate in Area.objects.filter(city__code="stockholm"):
        geometry = candidate.geometry or {}
        polygons = (
            geometry["coordinates"]
            if geometry.get("type") == "MultiPolygon"
            else [geometry.get("coordinates", [])]
        )
        if any(polygon and _point_in_ring(lon, lat, polygon[0]) for polygon in polygons):
            return candidate
    return None


def test_an_event_at_the_citys_centroid_is_not_given_to_the_area_containing_the_centroid(area_names):
    lat, lon = (float(part) for part in CENTROID.split(","))
    containing = _area_containing(lat, lon)
    assert containing is not None  # the centre of Stockholm does lie in some district …
    load(
        [
            event(
                10,
                summary="Person lurad på vara som skulle köpas.",
                location={"name": "Stockholm", "gps": CENTROID},
            )
        ]
    )
    stored = PoliceEvent.objects.get(police_id=10)
    assert stored.area is None  # … and the event is not put there
    assert (stored.level, stored.municipality_code, stored.attribution) == ("municipality", STOCKHOLM, "none")
    assert stored.gps == CENTROID  # kept as published


def test_a_county_event_is_never_given_an_area(area_names):
    load([event(11, summary="Bråk i Rinkeby.", location={"name": "Stockholms län", "gps": "59.3,18.0"})])
    stored = PoliceEvent.objects.get(police_id=11)
    assert (stored.level, stored.county_code, stored.area) == ("county", "01", None)


def test_an_area_named_in_the_text_places_the_event_and_says_so(area_names):
    load([event(12, summary="En man misshandlades i Rinkeby under natten.")])
    stored = PoliceEvent.objects.get(police_id=12)
    assert stored.area == area("Rinkeby")
    assert stored.level == PoliceEvent.Level.AREA
    assert stored.attribution == PoliceEvent.Attribution.TEXT
    assert stored.municipality_code == STOCKHOLM


@pytest.mark.parametrize(
    "summary, expected",
    [
        ("Stenkastning vid Husby centrum.", "Husby"),
        ("Bilbrand nära Tensta centrum.", "Tensta"),
        ("Skadegörelse på Rinkebys torg.", "Rinkeby"),  # genitive
        ("Bråk på Farsta strand.", "Farsta strand"),  # the longer name wins
        ("Brand i lägenhet på Gärdet.", "Ladugårdsgärdet"),  # everyday name
        ("Smällar hördes i Vasastan.", "Vasastaden"),
        ("RÅN I HÄSSELBY GÅRD", "Hässelby gård"),  # case does not matter for ordinary names
        ("Polisen larmades till Kista.", "Kista"),
        ("Misshandel i Skarpnäcks gård.", "Skarpnäcks gård"),
    ],
)
def test_it_finds_the_area_in_swedish_phrasing(area_names, summary, expected):
    load([event(20, summary=summary)])
    assert PoliceEvent.objects.get(police_id=20).area == area(expected)


@pytest.mark.parametrize(
    "summary",
    [
        "Stöld på Kistagången i Solna.",  # a name inside a longer word is not the area
        "En gammal kista har stulits från en källare.",  # "kista" in lower case is a coffin
        "Bråk ute på gärdet bakom skolan.",  # "gärdet" in lower case is a field
        "Larm om brand, ingen plats angiven.",
        "Bråk mellan ungdomar från Rinkeby och Tensta.",  # two areas: which one? neither
    ],
)
def test_it_does_not_guess_an_area(area_names, summary):
    load([event(21, summary=summary)])
    stored = PoliceEvent.objects.get(police_id=21)
    assert stored.area is None
    assert stored.attribution == PoliceEvent.Attribution.NONE


def test_an_other_municipalitys_event_naming_a_city_area_stays_in_that_municipality(area_names):
    load(
        [
            event(
                22,
                summary="Bilen hittades senare i Rinkeby.",
                location={"name": "Solna", "gps": "59.36,18.0"},
            )
        ]
    )
    stored = PoliceEvent.objects.get(police_id=22)
    assert (stored.level, stored.municipality_code, stored.area) == ("municipality", "0184", None)


def test_a_summary_of_the_night_is_not_placed_by_one_name(area_names):
    load([event(23, type="Sammanfattning natt", summary="Bland annat en brand i Rinkeby.")])
    assert PoliceEvent.objects.get(police_id=23).area is None


def test_event_types_are_kept_as_published_and_grouped(area_names):
    load(
        [
            event(30, type="Misshandel, grov"),
            event(31, type="Olaga hot"),
            event(32, type="Detonation"),
            event(33, type="Våldsamt upplopp"),
            event(34, type="Trafikolycka"),
        ]
    )
    grouped = dict(PoliceEvent.objects.values_list("type", "category__code"))
    assert grouped == {
        "Misshandel, grov": "violence",
        "Olaga hot": "threats",
        "Detonation": "explosions",
        "Våldsamt upplopp": "riots",
        "Trafikolycka": None,
    }


def test_a_new_area_name_places_stored_events_again(area_names):
    load([event(40, summary="Bråk vid Järva fältet.")])
    assert PoliceEvent.objects.get(police_id=40).area is None
    AreaName.objects.create(area=area("Rinkeby"), name="Järva fältet")
    assert place_events_again() == 1
    assert PoliceEvent.objects.get(police_id=40).area == area("Rinkeby")


def test_a_malformed_file_imports_nothing_and_says_why(area_names):
    with pytest.raises(Exception) as caught:
        import_payload(json.dumps([event(50), {"id": 51}]).encode(), "bad.json", origin="command")
    assert "event 2 (id 51)" in str(caught.value)
    assert not PoliceEvent.objects.exists()
    run = ImportRun.objects.get(file_name="bad.json")
    assert run.state == ImportRun.State.FAILED and run.error_count >= 1


def test_the_placer_never_reads_the_coordinates(area_names):
    record = parse_events(
        [event(60, summary="Inget område nämns.", location={"name": "Stockholm", "gps": "59.4047,17.9437"})]
    )[0]
    placed = Placer.for_city().place(record)  # gps of Akalla, as if it were the event's place
    assert placed["area_id"] is None
