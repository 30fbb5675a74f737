"""The police open events feed (https://polisen.se/api/events): its quirks, placing, import, polling.

What the feed is (DOMAIN.md, "Data sources"):
- a JSON list of the latest ~500 events, ``{id, datetime, name, summary, url, type, location}``;
  ids are not in time order and the same event comes again in the next answers;
- ``datetime`` is written ``2025-06-07 7:32:06 +02:00``: the hour is not zero-padded;
- ``location.name`` is a municipality ("Stockholm") or a county ("Stockholms län"), and
  ``location.gps`` is the centre of that municipality or county, *not* the place of the event.

So an event is placed by its ``location.name`` only. The coordinates are kept as published and are
never used to choose an area: the centre of Stockholm lies in one district, and attributing every
Stockholm event to it would invent a hot spot. An event of the city's own municipality goes to an
area only when its title or summary names exactly one area of the city ("i Rinkeby", "vid Husby
centrum"); that is marked as attribution "text".

The poller keeps to the published rules of use: a User-Agent naming the service, at least 10 s
between calls, at most 60 calls an hour and 1,440 a day, and a 404 means the address is gone for
good. Every call is written to PoliceApiCall before it is made, so the limits hold across runs and
across processes.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safecity.organisation.models import Area, City

from .models import (
    POLICE_DATASET_CODE,
    AreaName,
    CategoryMapping,
    Dataset,
    ImportRun,
    PoliceApiCall,
    PoliceEvent,
)

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
EVENTS_URL = "https://polisen.se/api/events"
STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")

MIN_INTERVAL = dt.timedelta(seconds=10)
MAX_PER_HOUR = 60
MAX_PER_DAY = 1440
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
BATCH_SIZE = 2000

# --------------------------------------------------------------------------------------------------
# Parsing


class FeedError(Exception):
    """The payload is not an events list; ``problems`` name the event and the field."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


_DATETIME_RE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*"
)


def parse_datetime(text: str) -> dt.datetime:
    """``2025-06-07 7:32:06 +02:00`` (and ``07:32``, ``+0200``, ``Z``) as an aware datetime.

    Without an offset the time is read as Swedish local time. Raises ValueError.
    """
    match = _DATETIME_RE.fullmatch(text or "")
    if not match:
        raise ValueError(f"not a date and time: {text!r}")
    year, month, day, hour, minute, second, offset = match.groups()
    naive = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))  # noqa: DTZ001
    if offset is None:
        return naive.replace(tzinfo=STOCKHOLM_TZ)
    if offset == "Z":
        return naive.replace(tzinfo=dt.UTC)
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        raise ValueError(f"not a time-zone offset: {offset!r}")
    return naive.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))


MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
_TITLE_TIME_RE = re.compile(r"\s*(\d{1,2})\s+([a-zåäö]+)\s+(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)


def parse_occurred(name: str, published: dt.datetime) -> dt.datetime | None:
    """The time in the title ("06 juni 18.50, Trafikbrott, Kungsör"), in the year of publication
    (the year before when the title's date lies after the publication: "31 december" published on
    1 January)."""
    match = _TITLE_TIME_RE.match(name or "")
    if not match:
        return None
    day, month_name, hour, minute = match.groups()
    month = MONTHS.get(month_name.casefold())
    if month is None:
        return None
    local_published = published.astimezone(STOCKHOLM_TZ)
    for year in (local_published.year, local_published.year - 1):
        try:
            candidate = dt.datetime(year, month, int(day), int(hour), int(minute), tzinfo=STOCKHOLM_TZ)
        except ValueError:
            return None
        if candidate <= local_published + dt.timedelta(days=1):
            return candidate
    return None


@dataclass(frozen=True)
class EventRecord:
    police_id: int
    published_at: dt.datetime
    occurred_at: dt.datetime
    name: str
    summary: str
    url: str
    type: str
    location_name: str
    gps: str

    def content(self) -> tuple:
        return (self.published_at, self.name, self.summary, self.url, self.type, self.location_name, self.gps)


def _text(item: dict, key: str, limit: int, problems: list[str], where: str, required: bool = True) -> str:
    value = item.get(key)
    if value is None or value == "":
        if required:
            problems.append(f"{where}: '{key}' is missing")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: '{key}' is not text")
        return ""
    return value.strip()[:limit]


def parse_events(payload: bytes | str | list) -> list[EventRecord]:
    """The events of one API answer or archived file. Raises FeedError naming every bad event."""
    if isinstance(payload, bytes | str):
        try:
            payload = json.loads(payload)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FeedError([f"not JSON: {exc}"]) from exc
    if not isinstance(payload, list):
        raise FeedError(["not a list of events"])
    records: list[EventRecord] = []
    problems: list[str] = []
    for number, item in enumerate(payload, start=1):
        where = f"event {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        police_id = item.get("id")
        if not isinstance(police_id, int) or isinstance(police_id, bool) or police_id <= 0:
            problems.append(f"{where}: 'id' is not a positive whole number")
            continue
        where = f"event {number} (id {police_id})"
        before = len(problems)
        try:
            published = parse_datetime(item.get("datetime") if isinstance(item.get("datetime"), str) else "")
        except ValueError:
            problems.append(f"{where}: 'datetime' is not a date and time")
            published = None
        name = _text(item, "name", 300, problems, where)
        event_type = _text(item, "type", 120, problems, where)
        summary = _text(item, "summary", 10_000, problems, where, required=False)
        url = _text(item, "url", 500, problems, where, required=False)
        location = item.get("location")
        if not isinstance(location, dict):
            problems.append(f"{where}: 'location' is missing")
            location = {}
        location_name = _text(location, "name", 120, problems, where + " location")
        gps = _text(location, "gps", 60, problems, where + " location", required=False)
        if len(problems) > before or published is None:
            continue
        records.append(
            EventRecord(
                police_id=police_id,
                published_at=published,
                occurred_at=parse_occurred(name, published) or published,
                name=name,
                summary=summary,
                url=url,
                type=event_type,
                location_name=location_name,
                gps=gps,
            )
        )
    if problems:
        raise FeedError(problems)
    return records


# --------------------------------------------------------------------------------------------------
# Placing


@dataclass(frozen=True)
class Place:
    level: str
    municipality_code: str = ""
    county_code: str = ""


_DASHES = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " "})


def name_key(name: str) -> str:
    """Names as compared: case-folded, hyphens and dashes as spaces, spacing collapsed
    ("Östra göinge" is "Östra Göinge", "Rinkeby–Kista" is "Rinkeby-Kista")."""
    return " ".join(str(name).translate(_DASHES).split()).casefold()


@functools.lru_cache(maxsize=1)
def municipalities() -> dict[str, tuple[str, str, str]]:
    """Municipality code → (name, county code, county name as the police write it)."""
    counties = {row["county_code"]: row["name"] for row in _rows("counties.csv")}
    return {
        row["municipality_code"]: (row["municipality"], row["county_code"], counties[row["county_code"]])
        for row in _rows("municipalities.csv")
    }


@functools.lru_cache(maxsize=1)
def _places() -> dict[str, Place]:
    places = {
        name_key(name): Place(PoliceEvent.Level.MUNICIPALITY, code, county)
        for code, (name, county, _county_name) in municipalities().items()
    }
    for row in _rows("counties.csv"):
        places[name_key(row["name"])] = Place(PoliceEvent.Level.COUNTY, "", row["county_code"])
    return places


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def locate(location_name: str) -> Place:
    """The municipality or county a ``location.name`` means; level "unknown" for anything else."""
    return _places().get(name_key(location_name), Place(PoliceEvent.Level.UNKNOWN))


class AreaMatcher:
    """Finds the areas of the city named in a text, as whole words.

    ``names`` are (name, area id, case_sensitive). Longer names win ("Farsta strand" before
    "Farsta"); a genitive s is allowed ("Rinkebys centrum"); a name inside a longer word is not a
    match ("Kistagången"); case-sensitive names (ordinary words such as "Gärdet", "kista") count
    only when written as given.
    """

    def __init__(self, names: Iterable[tuple[str, int, bool]]):
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}
        alternatives = []
        for name, area_id, case_sensitive in names:
            words = name.split()
            if not words:
                continue
            pattern = r"\s+".join(re.escape(word) for word in words)
            normal = " ".join(words)
            if case_sensitive:
                self.exact[normal] = area_id
                self.folded.pop(normal.casefold(), None)
                alternatives.append((len(normal), pattern))
            else:
                self.folded.setdefault(normal.casefold(), area_id)
                alternatives.append((len(normal), f"(?i:{pattern})"))
        alternatives.sort(key=lambda item: -item[0])
        body = "|".join(pattern for _length, pattern in alternatives)
        self.regex = re.compile(rf"(?<!\w)({body})s?(?!\w)") if body else None

    @classmethod
    def for_city(cls, city: City) -> AreaMatcher:
        own = {
            (" ".join(area.name.split()), area.pk): False
            for area in Area.objects.filter(city=city).only("name")
        }
        for extra in AreaName.objects.filter(area__city=city):
            own[(" ".join(extra.name.split()), extra.area_id)] = extra.case_sensitive
        return cls((name, area_id, flag) for (name, area_id), flag in own.items())

    def find(self, *texts: str) -> list[int]:
        """The distinct areas named, in the order first named."""
        if self.regex is None:
            return []
        found: list[int] = []
        for text in texts:
            for match in self.regex.finditer(text or ""):
                normal = " ".join(match.group(1).split())
                area_id = self.exact.get(normal)
                if area_id is None:
                    area_id = self.folded.get(normal.casefold())
                if area_id is not None and area_id not in found:
                    found.append(area_id)
        return found


# Summaries of a night or a weekend list many places; one named place does not place the summary.
SUMMARY_TYPE_PREFIX = "sammanfattning"


@dataclass
class Placer:
    """Places events and groups their types, for one city."""

    city_municipality_code: str = ""
    matcher: AreaMatcher | None = None
    categories: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_city(cls, city: City | None = None) -> Placer:
        city = city or City.objects.order_by("pk").first()
        return cls(
            city_municipality_code=(city.municipality_code if city else "") or "",
            matcher=AreaMatcher.for_city(city) if city else None,
            categories=category_lookup(police_dataset()),
        )

    def place(self, record: EventRecord) -> dict:
        return self.place_text(record.location_name, record.type, record.name, record.summary)

    def place_text(self, location_name: str, event_type: str, name: str, summary: str) -> dict:
        """Level, municipality, county, area, attribution and category of an event."""
        place = locate(location_name)
        fields = {
            "level": place.level,
            "municipality_code": place.municipality_code,
            "county_code": place.county_code,
            "area_id": None,
            "attribution": PoliceEvent.Attribution.NONE,
            "category_id": self.categories.get(name_key(event_type)),
        }
        if (
            self.matcher is not None
            and place.level == PoliceEvent.Level.MUNICIPALITY
            and place.municipality_code == self.city_municipality_code
            and not event_type.casefold().startswith(SUMMARY_TYPE_PREFIX)
        ):
            # Only the text decides; never location.gps (the centre of the whole municipality).
            areas = self.matcher.find(name, summary)
            if len(areas) == 1:
                fields["area_id"] = areas[0]
                fields["level"] = PoliceEvent.Level.AREA
                fields["attribution"] = PoliceEvent.Attribution.TEXT
        return fields


def category_lookup(dataset: Dataset | None) -> dict[str, int]:
    """Published value (compared as name_key) → category id: the source's own mappings over the global ones."""
    lookup = {
        name_key(value): category
        for value, category in CategoryMapping.objects.filter(dataset=None).values_list(
            "source_value", "category_id"
        )
    }
    if dataset is not None:
        lookup.update(
            {
                name_key(value): category
                for value, category in CategoryMapping.objects.filter(dataset=dataset).values_list(
                    "source_value", "category_id"
                )
            }
        )
    return lookup


def police_dataset() -> Dataset:
    dataset, _created = Dataset.objects.get_or_create(
        code=POLICE_DATASET_CODE,
        defaults={
            "name": "Polisens händelser",
            "kind": Dataset.Kind.POLICE_EVENTS,
            "publisher": "Polismyndigheten",
            "licence": "Allmän handling, vidareutnyttjande enligt lagen om öppna data och PSI",
            "url": EVENTS_URL,
        },
    )
    return dataset


# --------------------------------------------------------------------------------------------------
# Importing


@dataclass
class Counts:
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.received += other.received
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


EVENT_FIELDS = ["published_at", "occurred_at", "name", "summary", "url", "type", "location_name", "gps"]
PLACED_FIELDS = ["level", "municipality_code", "county_code", "area", "attribution", "category"]


def dedupe(records: Iterable[EventRecord]) -> list[EventRecord]:
    """One record per police id: the latest published version (of equals, the last given)."""
    latest: dict[int, EventRecord] = {}
    for record in records:
        seen = latest.get(record.police_id)
        if seen is None or record.published_at >= seen.published_at:
            latest[record.police_id] = record
    return list(latest.values())


def import_events(
    records: Sequence[EventRecord],
    *,
    import_run: ImportRun | None = None,
    placer: Placer | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> Counts:
    """Add new events and update changed ones, in batches. Importing the same events again, or an
    older version of them, changes nothing. Call inside a transaction for all-or-nothing."""
    placer = placer or Placer.for_city()
    unique = dedupe(records)
    counts = Counts(received=len(records))
    counts.unchanged += len(records) - len(unique)  # the same event twice in the given files
    now = timezone.now()
    for start in range(0, len(unique), batch_size):
        batch = unique[start : start + batch_size]
        existing = {
            event.police_id: event
            for event in PoliceEvent.objects.filter(police_id__in=[r.police_id for r in batch]).only(
                "id", "police_id", *EVENT_FIELDS
            )
        }
        new, changed = [], []
        for record in batch:
            event = existing.get(record.police_id)
            if event is None:
                new.append(_event(record, placer.place(record), import_run, now))
                continue
            stored = (
                event.published_at,
                event.name,
                event.summary,
                event.url,
                event.type,
                event.location_name,
                event.gps,
            )
            if record.published_at < event.published_at or stored == record.content():
                counts.unchanged += 1
                continue
            for name in EVENT_FIELDS:
                setattr(event, name, getattr(record, name))
            for name, value in placer.place(record).items():
                setattr(event, name, value)
            changed.append(event)
        # A second importer may add the same event at the same moment; that is the same event.
        PoliceEvent.objects.bulk_create(new, ignore_conflicts=True)
        if changed:
            PoliceEvent.objects.bulk_update(changed, EVENT_FIELDS + PLACED_FIELDS)
        counts.created += len(new)
        counts.updated += len(changed)
        if on_batch:
            on_batch(len(batch))
    return counts


def _event(record: EventRecord, placed: dict, import_run: ImportRun | None, now: dt.datetime) -> PoliceEvent:
    return PoliceEvent(
        police_id=record.police_id,
        published_at=record.published_at,
        occurred_at=record.occurred_at,
        name=record.name,
        summary=record.summary,
        url=record.url,
        type=record.type,
        location_name=record.location_name,
        gps=record.gps,
        first_import=import_run,
        first_seen_at=now,
        **placed,
    )


def place_events_again(placer: Placer | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Place and group every stored event again (after area names or category mappings changed)."""
    placer = placer or Placer.for_city()
    changed_total = 0
    last_id = 0
    placed_names = ["level", "municipality_code", "county_code", "area_id", "attribution", "category_id"]
    while True:
        batch = list(
            PoliceEvent.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .only("id", "name", "summary", "type", "location_name", *placed_names)[:batch_size]
        )
        if not batch:
            return changed_total
        last_id = batch[-1].pk
        changed = []
        for event in batch:
            placed = placer.place_text(event.location_name, event.type, event.name, event.summary)
            if any(getattr(event, name) != value for name, value in placed.items()):
                for name, value in placed.items():
                    setattr(event, name, value)
                changed.append(event)
        if changed:
            PoliceEvent.objects.bulk_update(changed, PLACED_FIELDS)
        changed_total += len(changed)


def import_payload(
    payload: bytes,
    file_name: str,
    *,
    origin: str,
    user=None,
    keep_file: bool = True,
) -> tuple[ImportRun, Counts]:
    """Import one file or API answer as one ImportRun, all or nothing. Raises FeedError (and records
    the failed run) when the payload is not a valid events list."""
    digest = hashlib.sha256(payload).hexdigest()
    run = ImportRun(
        kind=ImportRun.Kind.POLICE_EVENTS,
        dataset=police_dataset(),
        origin=origin,
        created_by=user,
        file_name=file_name[:255],
        file_size=len(payload),
        file_hash=digest,
        state=ImportRun.State.RUNNING,
    )
    run.save()
    try:
        records = parse_events(payload)
    except FeedError as exc:
        run.state = ImportRun.State.FAILED
        run.error_count = len(exc.problems)
        run.errors = [{"row": None, "column": "", "message": p} for p in exc.problems[: ImportRun.MAX_ERRORS]]
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "error_count", "errors", "finished_at"])
        raise
    with transaction.atomic():
        counts = import_events(records, import_run=run)
    run.rows = counts.received
    run.created_count = counts.created
    run.updated_count = counts.updated
    run.unchanged_count = counts.unchanged
    run.state = ImportRun.State.DONE if counts.created or counts.updated else ImportRun.State.UNCHANGED
    run.finished_at = timezone.now()
    fields = ["rows", "created_count", "updated_count", "unchanged_count", "state", "finished_at"]
    if keep_file and (counts.created or counts.updated):
        # The city's own archive of what the police published, answer by answer.
        run.file.save(f"{digest[:16]}.json", ContentFile(payload), save=False)
        fields.append("file")
    run.save(update_fields=fields)
    return run, counts


# --------------------------------------------------------------------------------------------------
# Polling


Fetch = Callable[[str, dict[str, str], float], tuple[int, bytes]]


def http_fetch(url: str, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """GET ``url``: (status, body). Network errors raise OSError."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("only http(s) addresses are fetched")
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        return error.code, b""


def default_user_agent(city: City | None = None) -> str:
    city = city or City.objects.order_by("pk").first()
    name = city.name if city else "Safe City"
    website = f"; {city.website}" if city and city.website else ""
    return f"SafeCity/0.1 ({name}, lägesbild mot våldsbejakande extremism{website})"


@dataclass
class PollResult:
    outcome: str  # "fetched", "failed", "wait", "hourly_limit", "daily_limit", "gone"
    message: str
    next_allowed_at: dt.datetime | None = None
    call: PoliceApiCall | None = None
    counts: Counts | None = None
    run: ImportRun | None = None


class Poller:
    """Calls the police API within its published limits; ``fetch``, ``clock`` and ``sleep`` can be
    replaced (tests use a fake clock and a fake fetch: there is no network in tests)."""

    def __init__(
        self,
        *,
        url: str = EVENTS_URL,
        fetch: Fetch = http_fetch,
        clock: Callable[[], dt.datetime] = timezone.now,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str | None = None,
        timeout: float = 30.0,
    ):
        self.url = url
        self.fetch = fetch
        self.clock = clock
        self.sleep = sleep
        self.user_agent = user_agent or default_user_agent()
        self.timeout = timeout

    def refusal(self, now: dt.datetime) -> PollResult | None:
        """Why a call may not be made at ``now`` (None: it may)."""
        calls = PoliceApiCall.objects.all()
        if calls.filter(url=self.url, status=404).exists():
            return PollResult("gone", f"{self.url} answered 404 (gone); it is not called again.")
        last = calls.order_by("-at").values_list("at", flat=True).first()
        if last is not None and now - last < MIN_INTERVAL:
            return PollResult("wait", "less than 10 s since the last call", last + MIN_INTERVAL)
        for window, limit, outcome in (
            (dt.timedelta(hours=1), MAX_PER_HOUR, "hourly_limit"),
            (dt.timedelta(days=1), MAX_PER_DAY, "daily_limit"),
        ):
            recent = calls.filter(at__gt=now - window).order_by("-at").values_list("at", flat=True)
            if recent.count() >= limit:
                oldest_counted = recent[limit - 1]
                return PollResult(
                    outcome,
                    f"{limit} calls in the last {'hour' if outcome == 'hourly_limit' else 'day'}",
                    oldest_counted + window,
                )
        return None

    def _reserve(self) -> tuple[PoliceApiCall | None, PollResult | None]:
        with transaction.atomic():
            # One poller at a time decides: the lock holds across processes (and SQLite serialises).
            Dataset.objects.select_for_update().filter(code=POLICE_DATASET_CODE).first()
            now = self.clock()
            refused = self.refusal(now)
            if refused is not None:
                return None, refused
            return PoliceApiCall.objects.create(at=now, url=self.url), None

    def poll(self, *, wait: bool = True) -> PollResult:
        """Make one call if the limits allow; with ``wait``, wait out the 10-second spacing first."""
        police_dataset()
        for _attempt in range(5):
            call, refused = self._reserve()
            if call is not None:
                return self._call(call)
            if refused.outcome != "wait" or not wait:
                return refused
            self.sleep(max(0.0, (refused.next_allowed_at - self.clock()).total_seconds()))
        return refused

    def _call(self, call: PoliceApiCall) -> PollResult:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        try:
            status, body = self.fetch(self.url, headers, self.timeout)
        except (OSError, ValueError) as exc:
            call.error = f"{type(exc).__name__}: {exc}"[:300]
            call.save(update_fields=["error"])
            logger.warning("Police API call failed: %s", call.error)
            return PollResult("failed", call.error, call=call)
        call.status = status
        if status != 200:
            call.error = "gone (404): not called again" if status == 404 else f"HTTP {status}"
            call.save(update_fields=["status", "error"])
            return PollResult("gone" if status == 404 else "failed", call.error, call=call)
        if len(body) > MAX_RESPONSE_BYTES:
            call.error = "answer too large"
            call.save(update_fields=["status", "error"])
            return PollResult("failed", call.error, call=call)
        try:
            run, counts = import_payload(body, self.url, origin=ImportRun.Origin.POLLER)
        except FeedError as exc:
            call.error = f"not an events list: {exc}"[:300]
            call.save(update_fields=["status", "error"])
            return PollResult("failed", call.error, call=call)
        call.events = counts.received
        call.new_events = counts.created
        call.import_run = run
        call.save(update_fields=["status", "events", "new_events", "import_run"])
        return PollResult(
            "fetched",
            f"{counts.received} events: {counts.created} new, {counts.updated} updated",
            call=call,
            counts=counts,
            run=run,
        )
