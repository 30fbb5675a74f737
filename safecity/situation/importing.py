"""Statistics and population tables in: read in chunks, check every row, then save all in one go.

1. The file is read with ``core.tabular`` (Swedish CSV: ``;``, decimal commas, cp1252 or UTF-8
   with BOM; XLSX). A large CSV is not turned into a million row objects at once: its head is
   read with ``read_table`` to learn the encoding, separator and header row, and the rest is
   streamed in chunks of the same ``Table`` shape, so memory stays flat.
2. Every row is checked (``tabular.validate`` with this module's parsers: places of the city,
   periods, numbers) and every problem names its row and column. A row that repeats another
   row's place, category, period and kind of value is a problem too.
3. Only when there is no problem at all are the rows saved: in one transaction, in batches of
   bulk upserts on the natural key, so nothing is ever half-saved and importing the same figures
   again updates rows instead of adding them. A file whose hash equals the last imported file of
   the same source, with the same mapping, is not even read again.

Progress goes to a ``Progress`` (a background job's progress bar, or the console).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from safecity.core.tabular import (
    CellError,
    Column,
    PercentValue,
    Row,
    RowError,
    Table,
    TableError,
    parse_decimal,
    parse_int,
    parse_percent,
    parse_text,
    read_table,
    validate,
)
from safecity.organisation.models import Area, City, Unit, UnitPopulation

from .models import AreaName, ColumnMapping, ImportRun, Observation, ValueUnit
from .police import category_lookup, municipalities, name_key

logger = logging.getLogger(__name__)

CHUNK_ROWS = 5000
MAX_CSV_BYTES = 300 * 1024 * 1024  # about 5 million rows of a typical statistics table
MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_XLSX_ROWS = 200_000  # a workbook is read whole; larger tables come as CSV
HEAD_BYTES = 256 * 1024
MAX_VALUE = Decimal("1e13")

# --------------------------------------------------------------------------------------------------
# Progress


class Progress:
    """Where an import reports to. The default does nothing."""

    def total(self, n: int | None) -> None: ...

    def step(self, k: int) -> None: ...

    def message(self, text: str) -> None: ...

    def problem(self, row: int | None, column: str, reason: str) -> None: ...

    def saving(self, total: int) -> None:
        """About to save ``total`` rows in one transaction."""

    def saved(self, done: int) -> None:
        """``done`` rows saved so far (called inside the saving transaction)."""

    def close(self) -> None: ...


# --------------------------------------------------------------------------------------------------
# Reading in chunks


class TableSource:
    """A CSV or XLSX file that can be gone through in chunks of rows, more than once."""

    def __init__(self, data: bytes, filename: str):
        self.filename = filename
        self._table: Table | None = None
        self._text: str | None = None
        wide_text = data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
        if is_workbook(data[:4], filename) or wide_text:
            limit = MAX_XLSX_BYTES if not wide_text else MAX_CSV_BYTES
            self._table = read_table(data, filename, max_bytes=limit, max_rows=MAX_XLSX_ROWS)
            shape = self._table
        else:
            if len(data) > MAX_CSV_BYTES:
                read_table(data, filename, max_bytes=MAX_CSV_BYTES)  # raises the size message
            head = data if len(data) <= HEAD_BYTES else data[: data.rfind(b"\n", 0, HEAD_BYTES) + 1]
            try:
                shape = read_table(head or data, filename, max_rows=10**9)
            except TableError:
                # A quoted line break across the cut, say: read it all and let the real error speak.
                self._table = shape = read_table(data, filename, max_bytes=MAX_CSV_BYTES, max_rows=10**9)
            if self._table is None:
                encoding = shape.encoding or "utf-8"
                try:
                    self._text = data.decode(encoding)
                except UnicodeDecodeError:
                    encoding = "cp1252"  # UTF-8 at the top, Windows-1252 further down: Excel
                    self._text = data.decode(encoding)
                shape.encoding = encoding
        self.headers = shape.headers
        self.original_headers = shape.original_headers
        self.header_row = shape.header_row
        self.format = shape.format
        self.encoding = shape.encoding
        self.delimiter = shape.delimiter
        self.sheet = shape.sheet

    def estimated_rows(self) -> int:
        if self._table is not None:
            return len(self._table.rows)
        return max(0, self._text.count("\n") + 1 - self.header_row)

    def empty(self) -> Table:
        return self._shape([])

    def _shape(self, rows: list[Row]) -> Table:
        return Table(
            headers=self.headers,
            original_headers=self.original_headers,
            rows=rows,
            header_row=self.header_row,
            filename=self.filename,
            format=self.format,
        )

    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[Table]:
        rows = self._table.rows if self._table is not None else self._stream()
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= size:
                yield self._shape(batch)
                batch = []
        if batch:
            yield self._shape(batch)

    def _stream(self) -> Iterator[Row]:
        """The CSV's data rows as read_table would give them: stripped cells, blanks as None."""
        width = len(self.original_headers)
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self.delimiter)
        number = 0
        while True:
            number += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(_("Row %(row)s could not be read as CSV.") % {"row": number}) from exc
            if number <= self.header_row:
                continue
            values = [(cell.strip() or None) for cell in record[:width]]
            if all(value is None for value in values):
                continue
            values.extend([None] * (width - len(values)))
            yield Row(number=number, values=values)


def is_workbook(head: bytes, filename: str) -> bool:
    return head.startswith(b"PK\x03\x04") or PurePath(filename or "").suffix.lower() in {
        ".xlsx",
        ".xlsm",
        ".xls",
    }


def read_headers(file, filename: str, size: int) -> list[str]:
    """The column headings of an uploaded file, reading only its head when it is a CSV (raises TableError)."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    read_whole = is_workbook(head, filename) or head.startswith((b"\xff\xfe", b"\xfe\xff"))
    limit = MAX_XLSX_BYTES if read_whole else MAX_CSV_BYTES
    if size > limit:
        raise TableError(
            _("The file is larger than %(limit)s. Split it into smaller files.")
            % {"limit": filesizeformat(limit)}
        )
    if read_whole:
        file.seek(0)
        return read_table(file.read(), filename, max_bytes=limit, max_rows=MAX_XLSX_ROWS).headers
    if size > len(head):
        head = head[: head.rfind(b"\n") + 1] or head
    return read_table(head, filename, max_rows=10**9).headers


def new_run(
    file,
    file_name: str,
    *,
    kind: str,
    dataset=None,
    origin: str,
    user=None,
    unit=None,
    provisional: bool = False,
) -> ImportRun:
    """An ImportRun for a file (Django File or UploadedFile): hashed, stored, headings read.
    Raises TableError when the file cannot be read as a table at all."""
    digest = hashlib.sha256()
    size = 0
    for piece in file.chunks():
        digest.update(piece)
        size += len(piece)
    headers = read_headers(file, file_name, size)
    run = ImportRun(
        kind=kind,
        dataset=dataset,
        origin=origin,
        created_by=user,
        unit=unit,
        file_name=PurePath(file_name).name[:255],
        file_size=size,
        file_hash=digest.hexdigest(),
        headers=headers,
        provisional=provisional,
        state=ImportRun.State.QUEUED,
    )
    file.seek(0)
    run.file.save(f"{run.file_hash[:16]}{PurePath(file_name).suffix.lower()[:6]}", file, save=False)
    run.save()
    return run


# --------------------------------------------------------------------------------------------------
# Parsers for places, periods and values


@dataclass
class Places:
    """Names of the city's areas and units (former units too) and of Sweden's municipalities."""

    areas: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, city: City | None = None) -> Places:
        city = city or City.objects.order_by("pk").first()
        places = cls()
        if city is not None:
            for area_id, name in Area.objects.filter(city=city).values_list("pk", "name"):
                places.areas[name_key(name)] = area_id
            for area_id, name in AreaName.objects.filter(area__city=city).values_list("area_id", "name"):
                places.areas.setdefault(name_key(name), area_id)
            # Former units stay themselves: figures for Rinkeby-Kista in 2020 belong to Rinkeby-Kista.
            for unit_id, code, name, name_en in Unit.objects.filter(city=city).values_list(
                "pk", "code", "name", "name_en"
            ):
                for text in (name, name_en, code):
                    if text:
                        places.units.setdefault(name_key(text), unit_id)
        for code, (name, _county, _county_name) in municipalities().items():
            genitive = name if name.endswith("s") else name + "s"
            for text in (
                name,
                f"{name} kommun",
                f"{genitive} kommun",
                f"{name} stad",
                f"{genitive} stad",
                code,
            ):
                places.municipalities.setdefault(name_key(text), code)
        return places


def place_parser(level: str, places: Places) -> Callable[[Any], tuple[str, int | str]]:
    """A parser for the place column: ("area", id), ("unit", id) or ("municipality", code)."""

    def parse(value: Any) -> tuple[str, int | str]:
        text = parse_text(value, max_length=200)
        key = name_key(text)
        if level == ColumnMapping.PlaceLevel.AREA and key in places.areas:
            return "area", places.areas[key]
        if level == ColumnMapping.PlaceLevel.UNIT and key in places.units:
            return "unit", places.units[key]
        if key.isdigit() and len(key) <= 4:
            key = key.zfill(4)  # 0180 that Excel turned into 180
        if key in places.municipalities:
            return "municipality", places.municipalities[key]
        if level == ColumnMapping.PlaceLevel.AREA:
            raise CellError(
                _(
                    "“%(value)s” is not an area of the city. Write the area's name as on the map, e.g. Rinkeby."
                )
                % {"value": text}
            )
        if level == ColumnMapping.PlaceLevel.UNIT:
            raise CellError(
                _(
                    "“%(value)s” is not a unit of the city. Write the unit's name, e.g. Järva or Rinkeby-Kista."
                )
                % {"value": text}
            )
        raise CellError(
            _("“%(value)s” is not a Swedish municipality. Write its name or code, e.g. Stockholm or 0180.")
            % {"value": text}
        )

    # Place names repeat on every row of a table: each one is looked up once.
    return functools.lru_cache(maxsize=8192)(parse)


@dataclass(frozen=True)
class Period:
    granularity: str
    start: dt.date
    end: dt.date


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(Observation.Granularity.MONTH, start, following - dt.timedelta(days=1))


def _quarter(year: int, quarter: int) -> Period:
    first = _month(year, 3 * quarter - 2)
    last = _month(year, 3 * quarter)
    return Period(Observation.Granularity.QUARTER, first.start, last.end)


def _year(year: int) -> Period:
    return Period(Observation.Granularity.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))


_MONTHS = [
    ("januari", "jan", "january"),
    ("februari", "feb", "february"),
    ("mars", "mar", "march"),
    ("april", "apr"),
    ("maj", "may"),
    ("juni", "jun", "june"),
    ("juli", "jul", "july"),
    ("augusti", "aug", "august"),
    ("september", "sep", "sept"),
    ("oktober", "okt", "oct", "october"),
    ("november", "nov"),
    ("december", "dec"),
]
MONTH_NAMES = {name: number for number, names in enumerate(_MONTHS, start=1) for name in names}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PERIOD_PATTERNS = [
    (re.compile(rf"{_YEAR}"), lambda m: _year(int(m["year"]))),
    (
        re.compile(rf"{_YEAR}\s*[-/]?\s*(?:m\s*)?(?P<month>\d{{1,2}})"),
        lambda m: _month(int(m["year"]), int(m["month"])),
    ),
    (
        re.compile(rf"{_YEAR}\s*[-/ ]?\s*(?:k|q|kv|kvartal)\s*(?P<q>\d)"),
        lambda m: _quarter(int(m["year"]), int(m["q"])),
    ),
    (
        re.compile(rf"(?:k|q|kv|kvartal)\s*(?P<q>\d)\s*[-/ ]?\s*{_YEAR}"),
        lambda m: _quarter(int(m["year"]), int(m["q"])),
    ),
    (
        re.compile(rf"(?P<name>[a-zåäö]+)\.?\s+{_YEAR}"),
        lambda m: _month(int(m["year"]), MONTH_NAMES[m["name"]]) if m["name"] in MONTH_NAMES else None,
    ),
    (
        re.compile(rf"{_YEAR}\s+(?P<name>[a-zåäö]+)"),
        lambda m: _month(int(m["year"]), MONTH_NAMES[m["name"]]) if m["name"] in MONTH_NAMES else None,
    ),
    (re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})-0?1"), lambda m: _month(int(m["year"]), int(m["month"]))),
]


def parse_period(value: Any) -> Period:
    """A year (``2024``), a month (``2024-03``, ``2024M03``, ``mars 2024``) or a quarter (``2024K1``,
    ``2024-Q1``, ``K1 2024``). An Excel date on the first of a month is that month."""
    if isinstance(value, bool):
        raise _not_a_period(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.day == 1:
            return _month(value.year, value.month)
        raise _not_a_period(value.isoformat())
    if isinstance(value, int | Decimal) and not isinstance(value, PercentValue):
        value = str(value)
    text = " ".join(str(value).split()).casefold()
    for pattern, build in _PERIOD_PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        try:
            period = build(match)
        except (ValueError, KeyError):
            period = None
        if period is not None:
            return period
    raise _not_a_period(value)


cached_period = functools.lru_cache(maxsize=4096)(parse_period)


def _not_a_period(value: Any) -> CellError:
    return CellError(
        _("“%(value)s” is not a period. Write a year (2024), a month (2024-03) or a quarter (2024K1).")
        % {"value": str(value)[:60]}
    )


def parse_value(value: Any) -> Decimal:
    """A count, rate or percentage: ``1 234``, ``12,5``, ``75 %`` (a percent cell gives 75)."""
    if isinstance(value, PercentValue):
        return parse_percent(value, max_value=None)
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_percent(value, max_value=None)
    return parse_decimal(value, min_value=0, max_value=MAX_VALUE)


def fixed_percent(value: Any) -> Decimal:
    return parse_percent(value)


VALUE_UNIT_WORDS = {
    "antal": ValueUnit.COUNT,
    "count": ValueUnit.COUNT,
    "number": ValueUnit.COUNT,
    "per 100 000": ValueUnit.RATE,
    "per 100 000 inv": ValueUnit.RATE,
    "per 100 000 inv.": ValueUnit.RATE,
    "per 100 000 invånare": ValueUnit.RATE,
    "per 100000": ValueUnit.RATE,
    "rate": ValueUnit.RATE,
    "procent": ValueUnit.PERCENT,
    "andel": ValueUnit.PERCENT,
    "andel (%)": ValueUnit.PERCENT,
    "%": ValueUnit.PERCENT,
    "percent": ValueUnit.PERCENT,
}


def parse_value_unit(value: Any) -> str:
    text = " ".join(parse_text(value).replace("\u00a0", " ").split()).casefold()
    if text in VALUE_UNIT_WORDS:
        return VALUE_UNIT_WORDS[text]
    for unit in ValueUnit:
        if text in {unit.value, str(unit.label).casefold()}:
            return unit.value
    raise CellError(
        _("“%(value)s” is not a kind of value. Write count (antal), rate (per 100 000) or percent (procent).")
        % {"value": text[:60]}
    )


def parse_category(value: Any) -> str:
    return " ".join(parse_text(value, max_length=200).split())


def parse_year(value: Any) -> int:
    return parse_int(value, min_value=1900, max_value=2100)


def parse_population(value: Any) -> int:
    return parse_int(value, min_value=0, max_value=100_000_000)


def parse_source(value: Any) -> str:
    return parse_text(value, max_length=300)


# --------------------------------------------------------------------------------------------------
# The two kinds of import


def _problem(row: int, column: str, reason: str) -> RowError:
    return RowError(
        row,
        column,
        _("Row %(row)s, column “%(column)s”: %(reason)s") % {"row": row, "column": column, "reason": reason},
        reason,
    )


OBSERVATION_COLUMNS = [
    "dataset_id",
    "import_run_id",
    "source_category",
    "category_id",
    "area_id",
    "unit_id",
    "municipality_code",
    "place_key",
    "granularity",
    "period_start",
    "period_end",
    "value",
    "value_unit",
    "n",
    "provisional",
]


class Importer:
    """What one kind of table means: its columns, its natural key, and how a row is saved."""

    model: type

    def __init__(self, run: ImportRun):
        self.run = run

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def header_problems(self, source: TableSource) -> list[RowError]:
        return []

    def key(self, row: dict) -> tuple:
        raise NotImplementedError

    def key_column(self) -> str:
        raise NotImplementedError

    def instances(self, rows: Sequence[dict]) -> list:
        raise NotImplementedError

    def save(self, instances: list) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError


class StatisticsImporter(Importer):
    model = Observation
    UPDATE_FIELDS = [
        "import_run",
        "category",
        "area",
        "unit",
        "municipality_code",
        "period_end",
        "value",
        "n",
        "provisional",
    ]

    def __init__(self, run: ImportRun, places: Places | None = None):
        super().__init__(run)
        self.mapping = run.mapping
        self.places = places or Places.load()
        self.categories = category_lookup(run.dataset)

    def _roles(self) -> dict[str, str]:
        mapping = self.mapping
        roles = {
            "place": mapping["place_column"],
            "period": mapping["period_column"],
            "value": mapping["value_column"],
        }
        for role, key in (
            ("category", "category_column"),
            ("value_unit", "value_unit_column"),
            ("n", "n_column"),
        ):
            if mapping.get(key):
                roles[role] = mapping[key]
        return roles

    def columns(self) -> list[Column]:
        roles = self._roles()
        fixed_unit = self.mapping.get("value_unit") or ValueUnit.COUNT
        value_parser = (
            fixed_percent if fixed_unit == ValueUnit.PERCENT and "value_unit" not in roles else parse_value
        )
        parsers = {
            "place": place_parser(self.mapping["place_level"], self.places),
            "period": cached_period,
            "value": value_parser,
            "category": parse_category,
            "value_unit": parse_value_unit,
            "n": lambda value: parse_int(value, min_value=0),
        }
        self.headers = roles
        return [
            Column(name=header, parser=parsers[role], required=role not in {"n", "value_unit"})
            for role, header in roles.items()
        ]

    def header_problems(self, source: TableSource) -> list[RowError]:
        roles = self._roles()
        problems = []
        if len(set(map(str.casefold, roles.values()))) != len(roles):
            problems.append(
                RowError(
                    source.header_row,
                    "",
                    _("The column mapping uses one column for two things. Correct the mapping."),
                )
            )
        table = source.empty()
        for role in ("n", "value_unit"):
            if role in roles and table.index(roles[role]) is None:
                problems.append(
                    RowError(
                        source.header_row,
                        roles[role],
                        _("Row %(row)s: the required column “%(column)s” is missing.")
                        % {"row": source.header_row, "column": roles[role]},
                    )
                )
        if not roles.get("category") and not self.mapping.get("category_value"):
            problems.append(
                RowError(
                    source.header_row, "", _("The column mapping names no category. Correct the mapping.")
                )
            )
        return problems

    def _get(self, row: dict, role: str) -> Any:
        header = self.headers.get(role)
        return row.get(header) if header else None

    def _category(self, row: dict) -> str:
        return self._get(row, "category") or " ".join(self.mapping.get("category_value", "").split())

    def _value_unit(self, row: dict) -> str:
        return self._get(row, "value_unit") or self.mapping.get("value_unit") or ValueUnit.COUNT

    def key(self, row: dict) -> tuple:
        kind, place = self._get(row, "place")
        period = self._get(row, "period")
        return (self._category(row), kind, place, period.granularity, period.start, self._value_unit(row))

    def key_column(self) -> str:
        return self.headers["place"]

    def row_problem(self, row: dict) -> str | None:
        if self._value_unit(row) == ValueUnit.PERCENT and self._get(row, "value") > 100:
            return _("a percentage cannot be more than 100.")
        return None

    def tuples(self, rows: Sequence[dict]) -> Iterator[tuple]:
        """The rows as values in the order of OBSERVATION_COLUMNS."""
        run = self.run
        for row in rows:
            kind, place = self._get(row, "place")
            period = self._get(row, "period")
            category = self._category(row)
            area_id = place if kind == "area" else None
            unit_id = place if kind == "unit" else None
            code = place if kind == "municipality" else ""
            yield (
                run.dataset_id,
                run.pk,
                category,
                self.categories.get(name_key(category)),
                area_id,
                unit_id,
                code,
                Observation.place_key_for(area_id, unit_id, code),
                period.granularity,
                period.start,
                period.end,
                self._get(row, "value"),
                self._value_unit(row),
                self._get(row, "n"),
                run.provisional,
            )

    def instances(self, rows: Sequence[dict]) -> list[Observation]:
        return [
            Observation(**dict(zip(OBSERVATION_COLUMNS, values, strict=True))) for values in self.tuples(rows)
        ]

    def save(self, instances: list[Observation]) -> None:
        Observation.objects.bulk_create(
            instances,
            update_conflicts=True,
            unique_fields=Observation.UNIQUE_FIELDS,
            update_fields=self.UPDATE_FIELDS,
        )

    def count(self) -> int:
        return Observation.objects.filter(dataset_id=self.run.dataset_id).count()


class PopulationImporter(Importer):
    """unit, year, population, source → organisation.UnitPopulation (Swedish headings accepted)."""

    model = UnitPopulation

    def __init__(self, run: ImportRun, places: Places | None = None):
        super().__init__(run)
        self.places = places or Places.load()

    def columns(self) -> list[Column]:
        return [
            Column(
                "unit",
                aliases=("enhet", "förvaltning", "stadsdelsområde"),
                parser=self._unit,
                label=_("unit"),
            ),
            Column("year", aliases=("år", "ar"), parser=parse_year, label=_("year")),
            Column(
                "population",
                aliases=("folkmängd", "befolkning", "invånare", "antal invånare"),
                parser=parse_population,
                label=_("population"),
            ),
            Column("source", aliases=("källa", "kalla"), parser=parse_source, label=_("source")),
        ]

    def _unit(self, value: Any) -> int:
        text = parse_text(value, max_length=200)
        unit_id = self.places.units.get(name_key(text))
        if unit_id is None:
            raise CellError(
                _(
                    "“%(value)s” is not a unit of the city. Write the unit's name, e.g. Järva or Rinkeby-Kista."
                )
                % {"value": text}
            )
        return unit_id

    def key(self, row: dict) -> tuple:
        return (row["unit"], row["year"])

    def key_column(self) -> str:
        return "unit"

    def row_problem(self, row: dict) -> str | None:
        return None

    def instances(self, rows: Sequence[dict]) -> list[UnitPopulation]:
        return [
            UnitPopulation(
                unit_id=row["unit"], year=row["year"], population=row["population"], source=row["source"]
            )
            for row in rows
        ]

    def save(self, instances: list[UnitPopulation]) -> None:
        UnitPopulation.objects.bulk_create(
            instances,
            update_conflicts=True,
            unique_fields=["unit", "year"],
            update_fields=["population", "source"],
        )

    def count(self) -> int:
        return UnitPopulation.objects.count()


def importer_for(run: ImportRun) -> Importer:
    if run.kind == ImportRun.Kind.POPULATION:
        return PopulationImporter(run)
    return StatisticsImporter(run)


# --------------------------------------------------------------------------------------------------
# Running an import


class Problems:
    """Every problem counted, the first ImportRun.MAX_ERRORS kept, each also told to the progress."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.count = 0
        self.kept: list[dict] = []

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.kept) < ImportRun.MAX_ERRORS:
            reason = error.reason or error.message
            self.kept.append(
                {"row": error.row, "column": error.column, "message": error.message, "reason": reason}
            )
            self.progress.problem(error.row, error.column, reason)


def earlier_same_file(run: ImportRun) -> ImportRun | None:
    """The last import of this source, if it was this very file with this mapping and status."""
    last = (
        ImportRun.objects.filter(kind=run.kind, dataset=run.dataset, state=ImportRun.State.DONE)
        .exclude(pk=run.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if last is None:
        return None
    same = (last.file_hash, last.mapping, last.provisional) == (run.file_hash, run.mapping, run.provisional)
    return last if same else None


def _fail(run: ImportRun, problems: Problems) -> None:
    run.state = ImportRun.State.FAILED
    run.error_count = problems.count
    run.errors = problems.kept
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "error_count", "errors", "finished_at", "rows"])


class BulkSink:
    """Saving with the ORM: the file is read and checked again in pass 2, saved in bulk upserts of
    CHUNK_ROWS rows (``bulk_create(update_conflicts=True)``, SQLite and PostgreSQL alike)."""

    def __init__(self, importer: Importer, source: TableSource, columns: list[Column]):
        self.importer, self.source, self.columns = importer, source, columns

    def stage(self, rows: Sequence[dict]) -> None:
        """Pass 1 hands over each chunk's clean rows (nothing to do here)."""

    def save(self, progress: Progress) -> None:
        done = 0
        for chunk in self.source.chunks():
            clean, _errors = validate(chunk, self.columns)
            self.importer.save(self.importer.instances(clean))
            done += len(clean)
            progress.saved(done)

    def close(self) -> None: ...


class CopySink(BulkSink):
    """PostgreSQL: pass 1 streams the checked rows into a temporary table with COPY; pass 2 upserts
    them from there in batches of SQL (``INSERT … SELECT … ON CONFLICT DO UPDATE``). The same upsert
    as BulkSink, without building a model object and its parameters for every row: at a million rows
    the ORM's per-row work is most of the time."""

    BATCH = 50_000
    COLUMNS = OBSERVATION_COLUMNS

    def __init__(self, importer: StatisticsImporter, source: TableSource, columns: list[Column]):
        super().__init__(importer, source, columns)
        self.table = f"situation_staging_{importer.run.pk}"
        self.rows = 0
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table} (seq bigserial PRIMARY KEY, dataset_id bigint, "
                "import_run_id bigint, source_category varchar(200), category_id bigint, area_id bigint, "
                "unit_id bigint, municipality_code varchar(4), place_key varchar(40), granularity varchar(10), "
                "period_start date, period_end date, value numeric(20, 6), value_unit varchar(10), n integer, "
                "provisional boolean)"
            )

    def stage(self, rows: Sequence[dict]) -> None:
        statement = f"COPY {self.table} ({', '.join(self.COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in self.importer.tuples(rows):
                copy.write_row(row)
        self.rows += len(rows)

    def save(self, progress: Progress) -> None:
        names = ", ".join(self.COLUMNS)
        updates = ", ".join(
            f"{name} = EXCLUDED.{name}" for name in self.COLUMNS if name not in UNIQUE_COLUMNS
        )
        statement = (
            f"INSERT INTO {Observation._meta.db_table} ({names}) SELECT {names} FROM {self.table} "  # noqa: S608 - our own names
            f"WHERE seq > %s AND seq <= %s ON CONFLICT ({', '.join(UNIQUE_COLUMNS)}) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            for start in range(0, self.rows, self.BATCH):
                cursor.execute(statement, [start, start + self.BATCH])
                progress.saved(min(self.rows, start + self.BATCH))

    def close(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
        except Exception:  # a broken transaction drops it with the session anyway
            logger.warning("Could not drop %s", self.table, exc_info=True)


UNIQUE_COLUMNS = ["dataset_id", "source_category", "place_key", "granularity", "period_start", "value_unit"]
# The PostgreSQL path; tests and the benchmark can switch it off to measure the ORM path.
USE_COPY = True


def sink_for(importer: Importer, source: TableSource, columns: list[Column]) -> BulkSink:
    if USE_COPY and connection.vendor == "postgresql" and isinstance(importer, StatisticsImporter):
        return CopySink(importer, source, columns)
    return BulkSink(importer, source, columns)


def run_import(run: ImportRun, progress: Progress | None = None) -> ImportRun:
    """Import ``run``'s file (statistics or population): all rows or none. The run records the outcome."""
    progress = progress or Progress()
    problems = Problems(progress)
    run.state = ImportRun.State.RUNNING
    run.errors, run.error_count = [], 0
    run.save(update_fields=["state", "errors", "error_count"])

    earlier = earlier_same_file(run) if run.kind == ImportRun.Kind.STATISTICS else None
    if earlier is not None:
        run.state = ImportRun.State.UNCHANGED
        run.duplicate_of = earlier
        run.rows = earlier.rows
        run.unchanged_count = earlier.rows or 0
        run.finished_at = timezone.now()
        run.file.delete(save=False)  # the earlier import keeps the very same file
        run.save(update_fields=["state", "duplicate_of", "rows", "unchanged_count", "finished_at", "file"])
        progress.message(gettext_noop("This file was imported before; nothing changed."))
        return run

    progress.message(gettext_noop("Reading the file"))
    try:
        with run.file.open("rb") as handle:
            source = TableSource(handle.read(), run.file_name)
    except TableError as exc:
        problems.add(RowError(0, "", exc.message, exc.message))
        _fail(run, problems)
        return run

    importer = importer_for(run)
    columns = importer.columns()
    for error in importer.header_problems(source) + validate(source.empty(), columns)[1]:
        problems.add(error)
    if problems.count:
        _fail(run, problems)
        return run

    sink = sink_for(importer, source, columns)
    try:
        _check(run, importer, source, columns, sink, problems, progress)
        if problems.count:
            _fail(run, problems)
            progress.message(
                gettext_noop("Nothing was imported: correct the problems below and upload the file again.")
            )
            return run
        # Pass 2: save everything in one transaction (nothing half-saved), in bulk upserts.
        progress.saving(run.rows)
        with transaction.atomic():
            before = importer.count()
            sink.save(progress)
            created = importer.count() - before
            run.created_count = created
            run.updated_count = run.rows - created
            run.state = ImportRun.State.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["rows", "created_count", "updated_count", "state", "finished_at"])
    finally:
        sink.close()
    progress.message("")
    return run


def _check(run, importer, source, columns, sink, problems: Problems, progress: Progress) -> None:
    """Pass 1: check every row; keep only a hash of each row's key, to find repeated rows."""
    progress.message(gettext_noop("Checking every row"))
    progress.total(source.estimated_rows())
    seen: dict[int, int] = {}
    rows = 0
    try:
        for chunk in source.chunks():
            clean, errors = validate(chunk, columns)
            for row in clean:
                problem = importer.row_problem(row)
                if problem:
                    errors.append(_problem(row.number, importer.key_column(), problem))
                first = seen.setdefault(hash(importer.key(row)), row.number)
                if first != row.number:
                    errors.append(
                        _problem(
                            row.number,
                            importer.key_column(),
                            _(
                                "the row repeats row %(first)s (same place, category, period and kind of value)."
                            )
                            % {"first": first},
                        )
                    )
            for error in sorted(errors, key=lambda error: error.row):
                problems.add(error)
            if not problems.count:
                sink.stage(clean)
            rows += len(chunk.rows)
            progress.step(len(chunk.rows))
    except TableError as exc:
        problems.add(RowError(0, "", exc.message, exc.message))
    run.rows = rows
    if rows == 0 and not problems.count:
        message = _("The file has headings but no rows.")
        problems.add(RowError(source.header_row, "", message, message))
