"""The police feed's quirks: timestamps, titles, places, malformed answers."""

from __future__ import annotations

import datetime as dt

import pytest

from safecity.situation.police import FeedError, locate, parse_datetime, parse_events, parse_occurred

from .conftest import event

UTC = dt.UTC


@pytest.mark.parametrize(
    "text, expected_utc",
    [
        ("2025-06-07 7:32:06 +02:00", dt.datetime(2025, 6, 7, 5, 32, 6, tzinfo=UTC)),  # hour not padded
        ("2025-06-07 07:32:06 +02:00", dt.datetime(2025, 6, 7, 5, 32, 6, tzinfo=UTC)),
        ("2025-06-07 0:19:45 +02:00", dt.datetime(2025, 6, 6, 22, 19, 45, tzinfo=UTC)),  # day before in UTC
        ("2025-01-15 9:05:00 +01:00", dt.datetime(2025, 1, 15, 8, 5, tzinfo=UTC)),  # winter time
        ("2025-01-15 9:05:00 +0100", dt.datetime(2025, 1, 15, 8, 5, tzinfo=UTC)),
        ("2025-01-15 9:05:00 -05:30", dt.datetime(2025, 1, 15, 14, 35, tzinfo=UTC)),
        ("2025-01-15T09:05:00Z", dt.datetime(2025, 1, 15, 9, 5, tzinfo=UTC)),
        ("2025-06-07 7:32", dt.datetime(2025, 6, 7, 5, 32, tzinfo=UTC)),  # no offset: Swedish time
        ("2025-1-5 7:32:06 +01:00", dt.datetime(2025, 1, 5, 6, 32, 6, tzinfo=UTC)),
    ],
)
def test_it_reads_the_feeds_timestamps(text, expected_utc):
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed == expected_utc


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2025-06-07",
        "7:32:06 2025-06-07",
        "2025-13-01 7:00:00 +02:00",
        "2025-06-07 25:00:00",
        "2025-06-07 7:00:00 +25:00",
    ],
)
def test_it_refuses_what_is_not_a_timestamp(text):
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_it_takes_the_time_of_the_event_from_the_title():
    published = parse_datetime("2025-06-07 7:32:06 +02:00")
    occurred = parse_occurred("06 juni 18.50, Trafikbrott, Kungsör", published)
    assert occurred.isoformat() == "2025-06-06T18:50:00+02:00"


def test_a_title_of_new_years_eve_published_in_january_is_last_year():
    published = parse_datetime("2026-01-01 0:40:00 +01:00")
    assert parse_occurred("31 december 23.55, Brand, Malmö", published).year == 2025


def test_a_title_without_a_time_gives_none():
    assert parse_occurred("Sammanfattning, Stockholm", parse_datetime("2025-06-07 7:00:00 +02:00")) is None


def test_the_publication_time_stands_in_when_the_title_has_no_time():
    (record,) = parse_events([event(1, name="Trafikkontroll, Kungsör")])
    assert record.occurred_at == record.published_at


@pytest.mark.parametrize(
    "name, level, municipality, county",
    [
        ("Stockholm", "municipality", "0180", "01"),
        ("Stockholms län", "county", "", "01"),
        ("Södertälje", "municipality", "0181", "01"),
        ("Östra göinge", "municipality", "1256", "12"),  # the police write it in lower case
        ("Gotland", "municipality", "0980", "09"),
        ("Gotlands län", "county", "", "09"),
        ("Upplands Väsby", "municipality", "0114", "01"),
        ("Västra Götalands län", "county", "", "14"),
        ("Atlantis", "unknown", "", ""),
    ],
)
def test_it_places_a_location_name_in_a_municipality_or_county(name, level, municipality, county):
    place = locate(name)
    assert (place.level, place.municipality_code, place.county_code) == (level, municipality, county)


def test_it_names_every_bad_event_and_field():
    bad = [event(1), {"id": "x"}, event(3, datetime="igår"), event(4, location=None), "text"]
    with pytest.raises(FeedError) as caught:
        parse_events(bad)
    problems = " | ".join(caught.value.problems)
    assert "event 2: 'id'" in problems
    assert "event 3 (id 3): 'datetime'" in problems
    assert "event 4 (id 4): 'location'" in problems
    assert "event 5: not an object" in problems


def test_it_refuses_what_is_not_a_list_of_events():
    with pytest.raises(FeedError):
        parse_events(b'{"error": "nope"}')
    with pytest.raises(FeedError):
        parse_events(b"<html>")
