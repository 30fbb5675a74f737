"""Load a city's organisation from a folder of data files (format: docs/organisation-data.md).

Everything is validated before anything is written; one problem anywhere names its file and line
and nothing is loaded. Loading the same folder twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Area, AreaAssignment, City, Contact, Function, Unit, UnitPopulation

DATA_ROOT = Path(__file__).resolve().parent / "data"
MAX_FILE_BYTES = 20 * 1024 * 1024


class LoadError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Merge:
    effective_from: dt.date
    code: str
    name: str
    name_en: str
    merged_from: list[str]


@dataclass
class Plan:
    city: dict
    units: list[dict] = field(default_factory=list)
    functions: list[dict] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)
    area_units: list[dict] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    population: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)


@dataclass
class Report:
    units: int = 0
    areas: int = 0
    functions: int = 0
    assignments: int = 0
    population: int = 0
    contacts_created: int = 0


def resolve_folder(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.is_dir():
        return candidate
    bundled = DATA_ROOT / name_or_path
    if bundled.is_dir():
        return bundled
    raise LoadError([f"{name_or_path}: no such folder, and no bundled city by that name"])


class _Reader:
    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[str] = []

    def problem(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}, line {line}" if line else file
        self.problems.append(f"{where}: {message}")

    def text(self, name: str, required: bool) -> str | None:
        path = self.folder / name
        if not path.exists():
            if required:
                self.problem(name, None, "file is missing")
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            self.problem(name, None, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            return None
        try:
            return path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.problem(name, None, f"not UTF-8 (byte {exc.start}); save the file as UTF-8")
            return None

    def rows(self, name: str, columns: list[str], required: bool = False) -> list[tuple[int, dict]]:
        content = self.text(name, required)
        if content is None:
            return []
        first_line = content.split("\n", 1)[0]
        delimiter = (
            ";" if first_line.count(";") > first_line.count(",") else ","
        )  # Excel with Swedish settings
        reader = csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            self.problem(name, 1, f"missing column(s): {', '.join(missing)}")
            return []
        out = []
        for row in reader:
            line = reader.line_num  # the line in the file, blank lines included
            if None in row:
                self.problem(name, line, "more values than columns")
                continue
            out.append((line, {k: (v or "").strip() for k, v in row.items()}))
        return out

    def date(self, name: str, line: int, column: str, value: str) -> dt.date | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(name, line, f"column {column}: '{value}' is not a date (YYYY-MM-DD)")
            return None

    def integer(self, name: str, line: int, column: str, value: str) -> int | None:
        try:
            number = int(value.replace(" ", ""))
        except ValueError:
            self.problem(name, line, f"column {column}: '{value}' is not a whole number")
            return None
        if number < 0:
            self.problem(name, line, f"column {column}: must not be negative")
            return None
        return number


def read_folder(folder: Path) -> Plan:
    r = _Reader(folder)
    city_text = r.text("city.json", required=True)
    city: dict = {}
    if city_text is not None:
        try:
            city = json.loads(city_text)
        except json.JSONDecodeError as exc:
            r.problem("city.json", exc.lineno, f"not valid JSON: {exc.msg}")
        else:
            for key in ("code", "name"):
                if not city.get(key):
                    r.problem("city.json", None, f"'{key}' is required")
    plan = Plan(city=city)

    kinds = set(Unit.Kind.values)
    unit_codes: set[str] = set()
    for line, row in r.rows(
        "units.csv", ["code", "name_sv", "name_en", "kind", "valid_from", "valid_to"], True
    ):
        if not row["code"] or not row["name_sv"]:
            r.problem("units.csv", line, "code and name_sv are required")
            continue
        if row["code"] in unit_codes:
            r.problem("units.csv", line, f"unit '{row['code']}' appears twice")
        if row["kind"] not in kinds:
            r.problem("units.csv", line, f"kind '{row['kind']}' is not one of {', '.join(sorted(kinds))}")
        unit_codes.add(row["code"])
        row["valid_from"] = r.date("units.csv", line, "valid_from", row["valid_from"])
        row["valid_to"] = r.date("units.csv", line, "valid_to", row["valid_to"])
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            r.problem("units.csv", line, "valid_to is before valid_from")
        plan.units.append(row)

    for line, row in r.rows(
        "reorganisations.csv", ["effective_from", "new_unit", "name_sv", "name_en", "merged_from"]
    ):
        day = r.date("reorganisations.csv", line, "effective_from", row["effective_from"])
        merged = [code.strip() for code in row["merged_from"].split(";") if code.strip()]
        for code in merged:
            if code not in unit_codes:
                r.problem("reorganisations.csv", line, f"unknown unit '{code}' in merged_from")
        if not row["new_unit"] or not day or not merged:
            r.problem("reorganisations.csv", line, "effective_from, new_unit and merged_from are required")
            continue
        plan.merges.append(
            Merge(day, row["new_unit"], row["name_sv"] or row["new_unit"], row["name_en"], merged)
        )
        unit_codes.add(row["new_unit"])

    for line, row in r.rows("functions.csv", ["code", "name_sv", "name_en"]):
        if not row["code"] or not row["name_sv"]:
            r.problem("functions.csv", line, "code and name_sv are required")
            continue
        plan.functions.append({**row, "position": line})

    area_codes: set[str] = set()
    geo_text = r.text("areas.geojson", required=False)
    if geo_text is not None:
        try:
            features = json.loads(geo_text).get("features", [])
        except (json.JSONDecodeError, AttributeError):
            r.problem("areas.geojson", None, "not a GeoJSON FeatureCollection")
            features = []
        for number, feature in enumerate(features, start=1):
            props = feature.get("properties") or {}
            geometry = feature.get("geometry") or {}
            if not props.get("code") or not props.get("name"):
                r.problem(
                    "areas.geojson", None, f"feature {number}: properties 'code' and 'name' are required"
                )
                continue
            if geometry.get("type") not in {"Polygon", "MultiPolygon"}:
                r.problem(
                    "areas.geojson", None, f"feature {number} ({props['code']}): geometry must be a Polygon"
                )
                continue
            area_codes.add(props["code"])
            plan.areas.append({"code": props["code"], "name": props["name"], "geometry": geometry})

    if geo_text is None and city.get("code"):
        area_codes |= set(Area.objects.filter(city__code=city["code"]).values_list("code", flat=True))
    for line, row in r.rows("area_units.csv", ["area", "unit", "valid_from", "valid_to"]):
        if row["area"] not in area_codes:
            r.problem("area_units.csv", line, f"unknown area '{row['area']}'")
        if row["unit"] not in unit_codes:
            r.problem("area_units.csv", line, f"unknown unit '{row['unit']}'")
        row["valid_from"] = r.date("area_units.csv", line, "valid_from", row["valid_from"])
        row["valid_to"] = r.date("area_units.csv", line, "valid_to", row["valid_to"])
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            r.problem("area_units.csv", line, "valid_to is before valid_from")
        plan.area_units.append(row)

    for line, row in r.rows("population.csv", ["unit", "year", "population", "source"]):
        if row["unit"] not in unit_codes:
            r.problem("population.csv", line, f"unknown unit '{row['unit']}'")
        year = r.integer("population.csv", line, "year", row["year"])
        people = r.integer("population.csv", line, "population", row["population"])
        plan.population.append({**row, "year": year, "population": people})

    contact_kinds = set(Contact.Kind.values)
    contact_columns = ["unit", "kind", "title_sv", "title_en", "phone", "email", "opening_hours_sv"]
    for line, row in r.rows("contacts.csv", contact_columns):
        if row["unit"] not in unit_codes:
            r.problem("contacts.csv", line, f"unknown unit '{row['unit']}'")
        if row["kind"] not in contact_kinds:
            r.problem(
                "contacts.csv", line, f"kind '{row['kind']}' is not one of {', '.join(sorted(contact_kinds))}"
            )
        if not row["title_sv"]:
            r.problem("contacts.csv", line, "title_sv is required")
        row["public"] = row.get("public", "yes").lower() not in {"no", "nej", "0", "false"}
        plan.contacts.append(row)

    if r.problems:
        raise LoadError(r.problems)
    return plan


@transaction.atomic
def apply(plan: Plan) -> Report:
    report = Report()
    c = plan.city
    city, _ = City.objects.update_or_create(
        code=c["code"],
        defaults={
            "name": c["name"],
            "name_en": c.get("name_en", ""),
            "country": c.get("country", "SE"),
            "municipality_code": c.get("municipality_code", ""),
            "switchboard": c.get("switchboard", ""),
            "website": c.get("website", ""),
            "population": c.get("population"),
            "population_source": c.get("population_source", ""),
        },
    )
    units: dict[str, Unit] = {}
    for row in plan.units:
        units[row["code"]], _ = Unit.objects.update_or_create(
            city=city,
            code=row["code"],
            defaults={
                "name": row["name_sv"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "valid_from": row["valid_from"],
                "valid_to": row["valid_to"],
                "successor": None,
            },
        )
    for merge in plan.merges:
        units[merge.code], _ = Unit.objects.update_or_create(
            city=city,
            code=merge.code,
            defaults={
                "name": merge.name,
                "name_en": merge.name_en,
                "kind": units[merge.merged_from[0]].kind,
                "valid_from": merge.effective_from,
                "valid_to": None,
            },
        )
        for code in merge.merged_from:
            old = units[code]
            old.valid_to = merge.effective_from - dt.timedelta(days=1)
            old.successor = units[merge.code]
            old.save(update_fields=["valid_to", "successor"])
    report.units = len(units)

    for row in plan.functions:
        Function.objects.update_or_create(
            city=city,
            code=row["code"],
            defaults={"name": row["name_sv"], "name_en": row["name_en"], "position": row["position"]},
        )
    report.functions = len(plan.functions)

    areas: dict[str, Area] = {}
    for row in plan.areas:
        areas[row["code"]], _ = Area.objects.update_or_create(
            city=city, code=row["code"], defaults={"name": row["name"], "geometry": row["geometry"]}
        )
    report.areas = len(areas)

    if plan.area_units:
        AreaAssignment.objects.filter(area__city=city).delete()
        merged_into = {old: merge for merge in plan.merges for old in merge.merged_from}
        assignments = []
        for row in plan.area_units:
            area = areas.get(row["area"]) or Area.objects.get(city=city, code=row["area"])
            merge = merged_into.get(row["unit"])
            valid_to = row["valid_to"]
            if merge and (valid_to is None or valid_to >= merge.effective_from):
                valid_to = merge.effective_from - dt.timedelta(days=1)
                assignments.append(
                    AreaAssignment(
                        area=area,
                        unit=units[merge.code],
                        valid_from=merge.effective_from,
                        valid_to=row["valid_to"],
                    )
                )
            assignments.append(
                AreaAssignment(
                    area=area, unit=units[row["unit"]], valid_from=row["valid_from"], valid_to=valid_to
                )
            )
        AreaAssignment.objects.bulk_create(assignments)
        report.assignments = len(assignments)

    for row in plan.population:
        UnitPopulation.objects.update_or_create(
            unit=units[row["unit"]],
            year=row["year"],
            defaults={"population": row["population"], "source": row["source"]},
        )
    report.population = len(plan.population)

    for row in plan.contacts:
        _, created = Contact.objects.get_or_create(
            unit=units[row["unit"]],
            kind=row["kind"],
            title=row["title_sv"],
            defaults={
                "title_en": row["title_en"],
                "phone": row["phone"],
                "email": row["email"],
                "opening_hours": row["opening_hours_sv"],
                "opening_hours_en": row.get("opening_hours_en", ""),
                "is_public": row["public"],
                "internal_note": row.get("internal_note", ""),
            },
        )
        report.contacts_created += int(created)
    return report


def load(name_or_path: str) -> Report:
    return apply(read_folder(resolve_folder(name_or_path)))
