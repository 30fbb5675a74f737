"""Importing measures and indicator values from XLSX or CSV in the columns of the plan's export.

``ImportForm`` checks the upload (size, type by content); ``check_import`` reads every row of every
sheet (cells with core/tabular, then the plan's rules: codes, parents, progress, dates, years and
periods, who may change what now) and returns every problem, or the changes, which
``actions.do_import_plan_rows`` writes in one transaction; ``run_import`` is the background task's
body (safecity/plans/tasks.py). A row that matches what is stored is no change at all, so importing
the same file twice changes nothing, and only the rows that differ are saved.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from safecity.core.access_log import Action
from safecity.core.tabular import (
    OLE_MAGIC,
    ZIP_MAGIC,
    CellError,
    Column,
    RowError,
    Table,
    TableError,
    normalise_header,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_percent,
    parse_text,
    read_table,
    validate,
)
from safecity.organisation.access import log_access
from safecity.organisation.models import Area, Function, RoleAssignment

from . import access, actions
from .documents import (
    CORRECTION_FIELDS,
    MEASURE_FIELDS,
    REPORT_FIELDS,
    VALUE_FIELDS,
    Field,
    allowed_areas,
)
from .models import (
    FocusArea,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Period,
    Plan,
    PreventionLevel,
    TargetGroup,
    Theme,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000  # per sheet; a plan has tens of measures, a few hundred indicator values
CHECK_BATCH = 200  # rows checked between two progress reports
IMPORT_FOLDER = "imports/plans"
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx"}
CODE_SEPARATORS = re.compile(r"[;,]")
# write_csv puts an apostrophe before text that Excel would run as a formula; an import takes it off.
FORMULA_START = ("=", "+", "-", "@")

NOTHING_IMPORTED = gettext_noop(
    "Nothing was imported. Correct the rows listed below and upload the file again."
)
CHECKING = gettext_noop("Checking the rows")
SAVING = gettext_noop("Saving")


def _norm(text: str | None) -> str:
    """Text as compared between a file and the database: line ends and outer spaces ignored."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _key(text: str | None) -> str:
    """A title as matched: case and spacing ignored."""
    return " ".join((text or "").split()).casefold()


# --------------------------------------------------------------------------------------------------
# Import: the upload form


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (XLSX or CSV)"),
        help_text=gettext_lazy(
            "The plan's XLSX export with your changes, or one of its sheets saved as CSV."
        ),
        error_messages={"required": gettext_lazy("Choose the file to import.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s. Split it into smaller files.")
                % {"limit": filesizeformat(MAX_IMPORT_BYTES)}
            )
        suffix = PurePath(upload.name or "").suffix.lower()
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        if not head:
            raise ValidationError(_("The file is empty."))
        if head.startswith(OLE_MAGIC) or suffix == ".xls":
            raise ValidationError(
                _("The file is in the old Excel format (.xls) or is password-protected. Save it as .xlsx.")
            )
        if suffix in XLSX_SUFFIXES and not head.startswith(ZIP_MAGIC):
            raise ValidationError(
                _(
                    "The file is named .xlsx but is not an Excel workbook. Upload the workbook itself, or save it as CSV."
                )
            )
        if suffix in CSV_SUFFIXES and not head.startswith(ZIP_MAGIC) and b"\x00" in head:
            if not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has zero bytes too
                raise ValidationError(_("The file is named .csv but is not a text file."))
        if suffix not in XLSX_SUFFIXES | CSV_SUFFIXES:
            raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
        return upload


def can_import(user, plan: Plan) -> bool:
    """Measures while the plan is editable (its unit's coordinator), indicator values also during the
    follow-up."""
    return access.can_edit_plan(user, plan) or access.can_follow_up(user, plan)


def require_import(user, plan: Plan) -> None:
    """Refuse (403) and log anyone who may read the plan but not import into it."""
    if not can_import(user, plan):
        log_access(user, Action.REFUSED, obj=plan, detail="import")
        raise PermissionDenied


def store_upload(upload) -> str:
    """Keep the upload until the task has read it; the task deletes it. Returns the storage name."""
    suffix = PurePath(upload.name or "").suffix.lower()
    return default_storage.save(f"{IMPORT_FOLDER}/{uuid.uuid4().hex}{suffix}", upload)


# --------------------------------------------------------------------------------------------------
# Import: reading and checking


def _error(row: int | None, column: str, reason: str) -> RowError:
    if row is None:
        return RowError(0, column, reason, reason)
    message = _("Row %(row)s, column “%(column)s”: %(reason)s") % {
        "row": row,
        "column": column,
        "reason": reason,
    }
    return RowError(row, column, message, reason)


@dataclass
class Problem:
    """An error with the sheet it was found in (a workbook has several)."""

    sheet: str
    error: RowError

    @property
    def field(self) -> str:
        if self.sheet and self.error.column:
            return f"{self.sheet}: {self.error.column}"
        return self.sheet or self.error.column

    @property
    def row(self) -> int | None:
        return self.error.row or None

    @property
    def reason(self) -> str:
        return self.error.reason or self.error.message


def read_tables(data: bytes, name: str) -> list[Table]:
    """Every sheet with rows in the upload (one table for a CSV)."""
    empty = _("The file is empty.")
    try:
        first = read_table(data, name, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS)
    except TableError as error:
        if error.message != empty or not data.startswith(ZIP_MAGIC):
            raise
        first = None
    if first is not None and first.format != "xlsx":
        return [first]
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        names = list(workbook.sheetnames)
    finally:
        workbook.close()
    tables = [first] if first is not None else []
    for sheet in names[1:] if first is not None else names:
        try:
            tables.append(
                read_table(data, name, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS, sheet=sheet)
            )
        except TableError as error:
            if error.message != empty:
                raise TableError(f"{sheet}: {error.message}") from error
    if not tables:
        raise TableError(empty)
    return tables


def _kind(table: Table) -> str | None:
    """Which sheet of the export a table is, by its headers: measures, values, or one not imported."""
    keys = {normalise_header(h) for h in table.headers}

    def has(fields: list[Field], name: str) -> bool:
        column = next(f for f in fields if f.name == name)
        return bool(_matches(column) & keys)

    if has(VALUE_FIELDS, "indicator"):
        return "values"
    if has(REPORT_FIELDS, "changes") or has(CORRECTION_FIELDS, "reason"):
        return None
    if has(MEASURE_FIELDS, "title") and has(MEASURE_FIELDS, "prevention_level"):
        return "measures"
    if has(MEASURE_FIELDS, "title") and has(MEASURE_FIELDS, "id"):
        return "measures"
    return None


def _matches(f: Field) -> set[str]:
    return Column(f.name, label=f.label).matches()


class Lookups:
    """The plan's city's codes, and who and what a measure may point to."""

    def __init__(self, plan: Plan):
        city = plan.unit.city_id
        self.plan = plan
        self.themes = {t.number: t for t in Theme.objects.all()}
        self.focus_areas = self._coded(FocusArea.objects.filter(city_id=city))
        self.target_groups = self._coded(TargetGroup.objects.filter(city_id=city))
        self.statuses = self._coded(MeasureStatus.objects.filter(city_id=city))
        self.functions = self._coded(Function.objects.filter(city_id=city))
        self.areas = self._coded(Area.objects.filter(city_id=city), named=False)
        self.area_choices = {a.pk for a in allowed_areas(plan)}
        self.first_status = MeasureStatus.objects.filter(city_id=city).order_by("position").first()
        people = get_user_model().objects.filter(
            role_assignments__in=RoleAssignment.objects.active().filter(unit=plan.unit)
        )
        self.people = {u.get_username().casefold(): u for u in people.distinct()}
        self.all_codes = {
            "focus_areas": ", ".join(sorted({o.code for o in self.focus_areas.values()})),
            "target_groups": ", ".join(sorted({o.code for o in self.target_groups.values()})),
            "statuses": ", ".join(
                o.code for o in sorted(set(self.statuses.values()), key=lambda s: s.position)
            ),
        }

    @staticmethod
    def _coded(objects, named: bool = True) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for obj in objects:
            found[normalise_header(obj.code)] = obj
        if named:
            for obj in objects:
                for name in (obj.name, getattr(obj, "name_en", "")):
                    if name:
                        found.setdefault(normalise_header(name), obj)
        return found


def _clean_text(max_length: int | None, one_line: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = parse_text(value, max_length=max_length)
        if text.startswith("'") and text[1:2] in FORMULA_START:
            text = text[1:]  # the apostrophe write_csv put before a formula-like text
        if one_line and ("\n" in text or "\r" in text):
            raise CellError(
                _("The text runs over more than one line; in a CSV file, a quotation mark may be missing.")
            )
        return text

    return parse


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = normalise_header(value)
    if key in {"yes", "ja", "true", "sant", "1", "x"}:
        return True
    if key in {"no", "nej", "false", "falskt", "0"}:
        return False
    raise CellError(_("“%(value)s” is not yes or no.") % {"value": value})


def _parse_amount(value: Any) -> Decimal:
    number = parse_decimal(value)
    if number != number.quantize(Decimal("0.01")):
        raise CellError(_("%(value)s has more than two decimals.") % {"value": value})
    if abs(number) >= Decimal(10) ** 10:
        raise CellError(_("%(value)s is too large.") % {"value": value})
    return number


def _parse_progress(value: Any) -> int:
    number = parse_percent(value, min_value=0, max_value=100)
    if number != number.to_integral_value():
        raise CellError(_("Progress is a whole number of percent, from 0 to 100."))
    return int(number)


def _code_list(value: Any) -> list[str]:
    text = parse_text(value)
    return [part.strip() for part in CODE_SEPARATORS.split(text) if part.strip()]


def _measure_columns(lookups: Lookups) -> list[Column]:
    def one_of(mapping: dict, what: str, codes: str) -> Callable[[Any], Any]:
        def parse(value: Any) -> Any:
            found = mapping.get(normalise_header(parse_text(value)))
            if found is None:
                raise CellError(
                    _("“%(value)s” is not a %(what)s code. Use one of: %(codes)s.")
                    % {"value": value, "what": what, "codes": codes}
                )
            return found

        return parse

    def many_of(mapping: dict, what: str, codes: str) -> Callable[[Any], list]:
        single = one_of(mapping, what, codes)

        def parse(value: Any) -> list:
            return list(dict.fromkeys(single(code) for code in _code_list(value)))

        return parse

    def themes(value: Any) -> list[Theme]:
        chosen = []
        for code in _code_list(value):
            theme = lookups.themes.get(int(code)) if code.isdigit() else None
            if theme is None:
                numbers = ", ".join(str(n) for n in sorted(lookups.themes))
                raise CellError(
                    _("“%(value)s” is not a Capital Code theme. Use the numbers %(numbers)s.")
                    % {"value": code, "numbers": numbers}
                )
            chosen.append(theme)
        return list(dict.fromkeys(chosen))

    def person(value: Any):
        username = parse_text(value)
        found = lookups.people.get(username.casefold())
        if found is None:
            return _UnknownPerson(username)  # the current responsible person may also stay; checked per row
        return found

    areas = ", ".join(sorted({a.code for a in lookups.areas.values() if a.pk in lookups.area_choices}))
    parsers: dict[str, Callable[[Any], Any]] = {
        "id": lambda value: parse_int(value, min_value=1),
        "parent": _clean_text(200, one_line=True),
        "title": _clean_text(200, one_line=True),
        "description": _clean_text(20_000),
        "prevention_level": lambda value: parse_choice(value, PreventionLevel),
        "themes": themes,
        "focus_areas": many_of(lookups.focus_areas, _("focus area"), lookups.all_codes["focus_areas"]),
        "target_groups": many_of(
            lookups.target_groups, _("target group"), lookups.all_codes["target_groups"]
        ),
        "areas": many_of(lookups.areas, _("area"), areas),
        "responsible_function": one_of(
            lookups.functions, _("function"), ", ".join(sorted({f.code for f in lookups.functions.values()}))
        ),
        "responsible_person": person,
        "partners_text": _clean_text(300),
        "start": parse_date,
        "end": parse_date,
        "status": one_of(lookups.statuses, _("status"), lookups.all_codes["statuses"]),
        "progress": _parse_progress,
        "weight": lambda value: _weight(parse_decimal(value, min_value=0, max_value=Decimal("9999.99"))),
        "position": lambda value: parse_int(value, min_value=0, max_value=32767),
        "shared_with_partners": _parse_bool,
    }
    return [
        Column(f.name, label=f.label, parser=parsers[f.name], required=f.name == "title")
        for f in MEASURE_FIELDS
        if f.imported
    ]


def _weight(number: Decimal) -> Decimal:
    if number != number.quantize(Decimal("0.01")):
        raise CellError(_("A weight has at most two decimals."))
    return number


@dataclass(frozen=True)
class _UnknownPerson:
    username: str


def _value_columns() -> list[Column]:
    parsers: dict[str, Callable[[Any], Any]] = {
        "indicator_id": lambda value: parse_int(value, min_value=1),
        "measure_id": lambda value: parse_int(value, min_value=1),
        "measure": _clean_text(200, one_line=True),
        "indicator": _clean_text(200, one_line=True),
        "unit": _clean_text(40),
        "baseline": _parse_amount,
        "target": _parse_amount,
        "direction": lambda value: parse_choice(value, Indicator.Direction),
        "year": lambda value: parse_int(value, min_value=1900, max_value=2200),
        "period": lambda value: parse_choice(value, Period),
        "value": _parse_amount,
        "note": _clean_text(300),
    }
    return [Column(f.name, label=f.label, parser=parsers[f.name], required=False) for f in VALUE_FIELDS]


def _present(table: Table, columns: list[Column]) -> dict[str, str]:
    """The columns the table has, by name, with the header as written (for error messages)."""
    keys = [normalise_header(h) for h in table.headers]
    found = {}
    for column in columns:
        accepted = column.matches()
        for position, key in enumerate(keys):
            if key in accepted:
                found[column.name] = table.headers[position]
                break
    return found


def _validate_in_batches(table: Table, columns: list[Column], step: Callable[[int], None]):
    """core/tabular validate, a batch of rows at a time, so the job's progress moves while it checks."""
    clean_rows, errors = [], []
    header_errors: list[RowError] = []
    for start in range(0, max(len(table.rows), 1), CHECK_BATCH):
        batch = table.rows[start : start + CHECK_BATCH]
        part = Table(table.headers, table.original_headers, batch, table.header_row)
        rows, found = validate(part, columns)
        if start == 0:
            header_errors = [e for e in found if e.row == table.header_row]
        errors += [e for e in found if e.row != table.header_row or start == 0]
        clean_rows += rows
        step(len(batch))
    if header_errors:
        clean_rows = []
    return clean_rows, errors


UNCHANGED = object()


@dataclass
class _MeasureRow:
    number: int
    ref: str
    measure: Measure | None
    data: dict
    fields: dict = field(default_factory=dict)
    relations: dict = field(default_factory=dict)
    changed_columns: list[str] = field(default_factory=list)
    parent_ref: Any = UNCHANGED
    title: str = ""


@dataclass
class ImportCheck:
    problems: list[Problem] = field(default_factory=list)
    measures: list[actions.MeasureImport] = field(default_factory=list)
    indicators: list[actions.IndicatorImport] = field(default_factory=list)
    values: list[actions.ValueImport] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> bool:
        return bool(self.measures or self.indicators or self.values)


class _Checker:
    """Checks the tables of one upload against one plan, for one person."""

    def __init__(self, user, plan: Plan, step: Callable[[int], None]):
        self.user = user
        self.plan = plan
        self.step = step
        self.lookups = Lookups(plan)
        self.can_edit = access.can_edit_plan(user, plan)
        self.can_record = self.can_edit or access.can_follow_up(user, plan)
        self.result = ImportCheck()
        self.existing = {
            m.pk: m
            for m in plan.measures.select_related("status", "parent").prefetch_related(
                "themes", "focus_areas", "target_groups", "areas", "indicators"
            )
        }
        self.measure_rows: list[_MeasureRow] = []
        self.by_title: dict[str, list[str]] = {}  # final title key -> measure refs
        self.locked = set(plan.follow_ups.filter(submitted_at__isnull=False).values_list("period", flat=True))

    def problem(self, sheet: str, row: int | None, column: str, reason: str) -> None:
        self.result.problems.append(Problem(sheet, _error(row, column, reason)))

    # --- measures -------------------------------------------------------------------------------

    def check_measures(self, table: Table, sheet: str) -> None:
        columns = _measure_columns(self.lookups)
        present = _present(table, columns)
        clean_rows, errors = _validate_in_batches(table, columns, self.step)
        self.result.problems += [Problem(sheet, e) for e in errors]
        clean_numbers = {row.number for row in clean_rows}
        raw_titles = self._raw_titles(table, present)
        claimed: dict[int, int] = {}
        new_titles: dict[str, int] = {}
        rows: list[_MeasureRow] = []
        for data in clean_rows:
            measure_id = data.get("id")
            if measure_id is not None:
                measure = self.existing.get(measure_id)
                if measure is None:
                    self.problem(
                        sheet,
                        data.number,
                        present["id"],
                        _("There is no measure with ID %(id)s in this plan.") % {"id": measure_id},
                    )
                    continue
                if measure_id in claimed:
                    self.problem(
                        sheet,
                        data.number,
                        present["id"],
                        _("The ID %(id)s is also in row %(row)s; each measure has one row.")
                        % {"id": measure_id, "row": claimed[measure_id]},
                    )
                    continue
                claimed[measure_id] = data.number
                rows.append(_MeasureRow(data.number, f"m{measure.pk}", measure, data))
            else:
                rows.append(_MeasureRow(data.number, f"new{data.number}", None, data))
        # Rows without ID: an unclaimed measure with the same title is that measure (same file twice).
        titles_in_db: dict[str, list[Measure]] = {}
        for measure in self.existing.values():
            if measure.pk not in claimed:
                titles_in_db.setdefault(_key(measure.title), []).append(measure)
        for row in rows:
            if row.measure is not None:
                continue
            key = _key(row.data["title"])
            if key in new_titles:
                self.problem(
                    sheet,
                    row.number,
                    present["title"],
                    _(
                        "Another measure without ID in row %(row)s has the same title; give each measure its own title."
                    )
                    % {"row": new_titles[key]},
                )
                row.ref = ""
                continue
            new_titles[key] = row.number
            matches = titles_in_db.get(key, [])
            if len(matches) == 1:
                row.measure = matches[0]
                row.ref = f"m{matches[0].pk}"
        rows = [row for row in rows if row.ref]
        for row in rows:
            self._fields(row, present)
        self.measure_rows = rows
        # Titles after the import, for the "Part of" column and for the indicator sheet.
        in_file = {row.measure.pk for row in rows if row.measure is not None}
        for measure in self.existing.values():
            if measure.pk not in in_file:
                self.by_title.setdefault(_key(measure.title), []).append(f"m{measure.pk}")
        for row in rows:
            row.title = row.data["title"]
            self.by_title.setdefault(_key(row.title), []).append(row.ref)
        for number, title in raw_titles.items():  # rows with errors still name their measures
            if number not in clean_numbers:
                self.by_title.setdefault(_key(title), []).append(f"bad{number}")
        if "parent" in present:
            self._parents(rows, present["parent"], sheet)
        self._tree_rules(rows, present, sheet)
        for row in rows:
            self._progress(row, present, sheet)
            self._dates(row, present, sheet)
            self._person(row, present, sheet)
            self._areas(row, present, sheet)
        self._gate_and_collect(rows, present, sheet)

    @staticmethod
    def _raw_titles(table: Table, present: dict[str, str]) -> dict[int, str]:
        position = table.headers.index(present["title"]) if "title" in present else None
        if position is None:
            return {}
        return {
            row.number: str(row.values[position]) for row in table.rows if row.values[position] is not None
        }

    def _fields(self, row: _MeasureRow, present: dict[str, str]) -> None:
        """The fields a row changes (all of them for a new measure); a blank cell empties the field,
        a missing column leaves it alone."""
        m, data = row.measure, row.data

        def change(name: str, value: Any, same: bool) -> None:
            if m is None or not same:
                row.fields[name] = value
                if m is not None:
                    row.changed_columns.append(present.get(name, name))

        for name in ("title", "description", "partners_text"):
            if name in present:
                value = data[name] or ""
                change(name, value, m is not None and _norm(value) == _norm(getattr(m, name)))
        defaults = {"prevention_level": PreventionLevel.GENERAL, "status": self.lookups.first_status}
        for name, default in defaults.items():
            if name in present and data[name] is not None:
                change(name, data[name], m is not None and data[name] == getattr(m, name))
            elif m is None:
                row.fields[name] = default  # blank: unchanged, or the default for a new measure
        for name in ("start", "end", "responsible_function"):
            if name in present:
                change(name, data[name], m is not None and data[name] == getattr(m, name))
        if "weight" in present:
            weight = data["weight"] if data["weight"] is not None else Decimal(1)
            change("weight", weight, m is not None and weight == m.weight)
        if "position" in present and data["position"] is not None:
            change("position", data["position"], m is not None and data["position"] == m.position)
        elif m is None:
            row.fields["position"] = self._next_position()
        if "shared_with_partners" in present:
            shared = bool(data["shared_with_partners"])
            change("shared_with_partners", shared, m is not None and shared == m.shared_with_partners)
        for name in ("themes", "focus_areas", "target_groups", "areas"):
            if name in present:
                chosen = data[name] or []
                current = {o.pk for o in getattr(m, name).all()} if m else set()
                if m is None or {o.pk for o in chosen} != current:
                    row.relations[name] = chosen
                    if m is not None:
                        row.changed_columns.append(present[name])

    def _next_position(self) -> int:
        if not hasattr(self, "_position"):
            self._position = max([m.position for m in self.existing.values()] + [0])
        self._position += 1
        return self._position

    def _parents(self, rows: list[_MeasureRow], column: str, sheet: str) -> None:
        for row in rows:
            title = row.data.get("parent")
            if not title:
                row.parent_ref = None
            else:
                refs = list(self.by_title.get(_key(title), []))
                if not refs:
                    self.problem(
                        sheet,
                        row.number,
                        column,
                        _("There is no measure called “%(title)s” in the plan or the file.")
                        % {"title": title},
                    )
                    continue
                if len(refs) > 1:
                    self.problem(
                        sheet,
                        row.number,
                        column,
                        _("More than one measure is called “%(title)s”; give them different titles.")
                        % {"title": title},
                    )
                    continue
                if refs[0] == row.ref:
                    self.problem(sheet, row.number, column, _("A measure cannot be part of itself."))
                    continue
                if refs[0].startswith("bad"):
                    continue  # the parent's own row has an error, reported there
                row.parent_ref = refs[0]
            current = f"m{row.measure.parent_id}" if row.measure and row.measure.parent_id else None
            if row.measure is not None and row.parent_ref == current:
                row.parent_ref = UNCHANGED
            elif row.measure is not None:
                row.changed_columns.append(column)

    def _final_parents(self, rows: list[_MeasureRow]) -> dict[str, str | None]:
        parents = {f"m{m.pk}": (f"m{m.parent_id}" if m.parent_id else None) for m in self.existing.values()}
        for row in rows:
            if row.measure is None:
                parents[row.ref] = None
            if row.parent_ref is not UNCHANGED:
                parents[row.ref] = row.parent_ref
        return parents

    def _tree_rules(self, rows: list[_MeasureRow], present: dict[str, str], sheet: str) -> None:
        """One level of sub-measures, as in the plan's form: a sub-measure has no parts of its own."""
        parents = self._final_parents(rows)
        self.has_children = {parent for parent in parents.values() if parent}
        column = present.get("parent", "")
        for row in rows:
            if row.parent_ref is UNCHANGED or row.parent_ref is None:
                continue
            if parents.get(row.parent_ref):
                self.problem(
                    sheet,
                    row.number,
                    column,
                    _(
                        "“%(title)s” is itself part of another measure; a sub-measure cannot have parts of its own."
                    )
                    % {"title": row.data["parent"]},
                )
            elif row.ref in self.has_children:
                self.problem(
                    sheet,
                    row.number,
                    column,
                    _("This measure has sub-measures of its own, so it cannot be part of another."),
                )

    def _progress(self, row: _MeasureRow, present: dict[str, str], sheet: str) -> None:
        if "progress" not in present:
            return
        m = row.measure
        value = row.data["progress"]
        status = row.fields.get("status") or (m.status if m else self.lookups.first_status)
        shown = m.progress if m else None
        if m is not None and value == shown:
            if "status" in row.fields and m.manual_progress is not None:
                row.fields["manual_progress"] = None  # the new status's own progress
            return
        if value is None:
            manual = None
        elif row.ref in self.has_children and m is not None:
            self.problem(
                sheet,
                row.number,
                present["progress"],
                _("This measure's progress is computed from its sub-measures; leave the cell as it was."),
            )
            return
        else:
            manual = None if value == status.default_progress else value
        if m is None:
            row.fields["manual_progress"] = manual
        elif manual != m.manual_progress:
            row.fields["manual_progress"] = manual
            row.changed_columns.append(present["progress"])

    def _dates(self, row: _MeasureRow, present: dict[str, str], sheet: str) -> None:
        m = row.measure
        start = row.fields["start"] if "start" in row.fields else (m.start if m else None)
        end = row.fields["end"] if "end" in row.fields else (m.end if m else None)
        if start and end and end < start:
            column = present.get("end") or present.get("start", "")
            self.problem(sheet, row.number, column, _("The end date is before the start date."))

    def _person(self, row: _MeasureRow, present: dict[str, str], sheet: str) -> None:
        if "responsible_person" not in present:
            return
        m = row.measure
        value = row.data["responsible_person"]
        current = m.responsible_person if m else None
        if isinstance(value, _UnknownPerson):
            if current is not None and current.get_username().casefold() == value.username.casefold():
                value = current
            else:
                self.problem(
                    sheet,
                    row.number,
                    present["responsible_person"],
                    _("No one with the user name “%(name)s” has a role in %(unit)s.")
                    % {"name": value.username, "unit": self.plan.unit.display_name},
                )
                return
        if m is None or (value.pk if value else None) != m.responsible_person_id:
            row.fields["responsible_person"] = value
            if m is not None:
                row.changed_columns.append(present["responsible_person"])

    def _areas(self, row: _MeasureRow, present: dict[str, str], sheet: str) -> None:
        if "areas" not in row.relations:
            return
        current = {a.pk for a in row.measure.areas.all()} if row.measure else set()
        outside = [a for a in row.relations["areas"] if a.pk not in self.lookups.area_choices | current]
        if outside:
            self.problem(
                sheet,
                row.number,
                present["areas"],
                _("%(areas)s: not an area of %(unit)s.")
                % {"areas": ", ".join(a.code for a in outside), "unit": self.plan.unit.display_name},
            )

    def _gate_and_collect(self, rows: list[_MeasureRow], present: dict[str, str], sheet: str) -> None:
        for row in rows:
            changed = row.measure is None or row.fields or row.relations or row.parent_ref is not UNCHANGED
            if not changed:
                self.result.unchanged += 1
                continue
            if not self.can_edit:
                column = (row.changed_columns or [present.get("title", "")])[0]
                self.problem(
                    sheet,
                    row.number,
                    column,
                    _(
                        "Measures can be added or changed only while the plan is a draft or returned with "
                        "comments, by the unit's coordinator. Leave this row as it was exported."
                    ),
                )
                continue
            self.result.measures.append(
                actions.MeasureImport(
                    ref=row.ref,
                    measure=row.measure,
                    fields=row.fields,
                    relations=row.relations,
                    parent_ref=None if row.parent_ref is UNCHANGED else row.parent_ref,
                    set_parent=row.parent_ref is not UNCHANGED,
                )
            )

    # --- indicators and their values ------------------------------------------------------------

    def check_values(self, table: Table, sheet: str) -> None:
        columns = _value_columns()
        present = _present(table, columns)
        clean_rows, errors = _validate_in_batches(table, columns, self.step)
        self.result.problems += [Problem(sheet, e) for e in errors]
        indicators = {i.pk: (m, i) for m in self.existing.values() for i in m.indicators.all()}
        new_measures = {row.ref for row in self.measure_rows if row.measure is None}
        defined: dict[str, tuple[int, dict]] = {}  # indicator ref -> (row, definition)
        by_name: dict[tuple[str, str], str] = {}  # (measure ref, name key) -> indicator ref
        for measure in self.existing.values():
            for indicator in measure.indicators.all():
                by_name.setdefault((f"m{measure.pk}", _key(indicator.name)), f"i{indicator.pk}")
        seen_values: dict[tuple[str, int, str], int] = {}
        for data in clean_rows:
            located = self._locate_indicator(data, present, sheet, indicators, by_name, new_measures)
            if located is None:
                continue
            ref, indicator, measure_ref = located
            definition = self._definition(data, present, indicator)
            if ref in defined:
                first_row, first = defined[ref]
                differs = [name for name in first if name in definition and definition[name] != first[name]]
                if differs:
                    self.problem(
                        sheet,
                        data.number,
                        present.get(differs[0], differs[0]),
                        _(
                            "The indicator is described differently in row %(row)s; write it the same way in every row."
                        )
                        % {"row": first_row},
                    )
                    continue
            else:
                defined[ref] = (data.number, definition)
                self._collect_indicator(data.number, ref, indicator, measure_ref, definition, present, sheet)
            self._collect_value(data, present, sheet, ref, indicator, seen_values)

    def _locate_indicator(self, data, present, sheet, indicators, by_name, new_measures):
        indicator_id = data.get("indicator_id")
        measure_ref = None
        if data.get("measure_id") is not None:
            if data["measure_id"] not in self.existing:
                self.problem(
                    sheet,
                    data.number,
                    present["measure_id"],
                    _("There is no measure with ID %(id)s in this plan.") % {"id": data["measure_id"]},
                )
                return None
            measure_ref = f"m{data['measure_id']}"
        if indicator_id is not None:
            if indicator_id not in indicators:
                self.problem(
                    sheet,
                    data.number,
                    present["indicator_id"],
                    _("There is no indicator with ID %(id)s in this plan.") % {"id": indicator_id},
                )
                return None
            measure, indicator = indicators[indicator_id]
            if measure_ref and measure_ref != f"m{measure.pk}":
                self.problem(
                    sheet,
                    data.number,
                    present["measure_id"],
                    _("The indicator with ID %(id)s belongs to another measure.") % {"id": indicator_id},
                )
                return None
            return f"i{indicator.pk}", indicator, f"m{measure.pk}"
        if measure_ref is None:
            title = data.get("measure")
            refs = self.by_title.get(_key(title), []) if title else []
            column = present.get("measure") or present.get("measure_id", "")
            if not title:
                self.problem(sheet, data.number, column, _("Give the measure's ID or title."))
                return None
            if not refs:
                self.problem(
                    sheet,
                    data.number,
                    column,
                    _("There is no measure called “%(title)s” in the plan or the file.") % {"title": title},
                )
                return None
            if len(refs) > 1:
                self.problem(
                    sheet,
                    data.number,
                    column,
                    _("More than one measure is called “%(title)s”; give the measure's ID.")
                    % {"title": title},
                )
                return None
            if refs[0].startswith("bad"):
                return None
            measure_ref = refs[0]
        name = data.get("indicator")
        if not name:
            self.problem(
                sheet, data.number, present.get("indicator", ""), _("Give the indicator's name or its ID.")
            )
            return None
        key = (measure_ref, _key(name))
        if key in by_name:
            ref = by_name[key]
            indicator = indicators[int(ref[1:])][1] if ref.startswith("i") else None
            return ref, indicator, measure_ref
        ref = f"newi{data.number}"
        by_name[key] = ref
        return ref, None, measure_ref

    @staticmethod
    def _definition(data, present, indicator: Indicator | None) -> dict:
        definition = {}
        if "indicator" in present and data["indicator"]:
            definition["name"] = data["indicator"]
        if "unit" in present:
            definition["unit"] = data["unit"] or ""
        for name in ("baseline", "target"):
            if name in present:
                definition[name] = data[name]
        if "direction" in present and data["direction"]:
            definition["direction"] = data["direction"]
        return definition

    def _collect_indicator(self, number, ref, indicator, measure_ref, definition, present, sheet) -> None:
        if indicator is None:
            fields = {"direction": Indicator.Direction.INCREASE, **definition}
        else:
            fields = {}
            for name, value in definition.items():
                current = getattr(indicator, name)
                same = _norm(value) == _norm(current) if name in ("name", "unit") else value == current
                if not same:
                    fields[name] = value
            if not fields:
                return
        if not self.can_edit:
            column = present.get(next(iter(fields)), "") if indicator else present.get("indicator", "")
            self.problem(
                sheet,
                number,
                column,
                _(
                    "Indicators can be added or changed only while the plan is a draft or returned with "
                    "comments; during the follow-up, only their values are imported."
                ),
            )
            return
        self.result.indicators.append(
            actions.IndicatorImport(ref=ref, indicator=indicator, measure_ref=measure_ref, fields=fields)
        )

    def _collect_value(self, data, present, sheet, ref, indicator, seen) -> None:
        value = data.get("value")
        if value is None:
            return
        year = data.get("year") or self.plan.year.year
        period = data.get("period")
        if year != self.plan.year.year:
            self.problem(
                sheet,
                data.number,
                present.get("year", ""),
                _("Values are recorded for the plan's year, %(year)s.") % {"year": self.plan.year.year},
            )
            return
        if not period:
            self.problem(
                sheet,
                data.number,
                present.get("period", "") or str(VALUE_FIELDS[9].label),
                _("Give the period of the value: t1, t2 or annual."),
            )
            return
        key = (ref, year, period)
        if key in seen:
            self.problem(
                sheet,
                data.number,
                present.get("value", ""),
                _("Row %(row)s already gives this indicator's value for the same period.")
                % {"row": seen[key]},
            )
            return
        seen[key] = data.number
        note = (data.get("note") or "") if "note" in present else None
        if indicator is not None:
            stored = next(
                (v for v in self._stored_values(indicator) if v.year == year and v.period == period), None
            )
            if (
                stored is not None
                and stored.value == value
                and (note is None or _norm(note) == _norm(stored.note))
            ):
                self.result.unchanged += 1
                return
        if period in self.locked:
            self.problem(
                sheet,
                data.number,
                present.get("value", ""),
                _(
                    "The %(period)s follow-up is submitted and locked; correct the value on the follow-up page."
                )
                % {"period": Period(period).label},
            )
            return
        if not self.can_record:
            self.problem(
                sheet, data.number, present.get("value", ""), _("You may not record values in this plan now.")
            )
            return
        self.result.values.append(
            actions.ValueImport(indicator_ref=ref, year=year, period=period, value=value, note=note)
        )

    def _stored_values(self, indicator: Indicator) -> list[IndicatorValue]:
        if not hasattr(self, "_values"):
            self._values: dict[int, list[IndicatorValue]] = {}
            for value in IndicatorValue.objects.filter(
                indicator__measure__plan=self.plan, year=self.plan.year.year
            ):
                self._values.setdefault(value.indicator_id, []).append(value)
        return self._values.get(indicator.pk, [])


def check_import(
    user, plan: Plan, tables: list[Table], step: Callable[[int], None] = lambda n: None
) -> ImportCheck:
    """Every row of every table checked; the changes to make, or every problem found."""
    checker = _Checker(user, plan, step)
    kinds = [(table, _kind(table)) for table in tables]
    named = len(tables) > 1 or tables[0].format == "xlsx"
    for table, kind in kinds:  # measures first: the indicator rows may name new measures
        if kind == "measures":
            checker.check_measures(table, table.sheet if named else "")
    for table, kind in kinds:
        if kind == "values":
            checker.check_values(table, table.sheet if named else "")
    if not any(kind for _table, kind in kinds):
        expected = ", ".join(str(f.label) for f in MEASURE_FIELDS[:4])
        checker.problem(
            "",
            None,
            "",
            _(
                "The file has neither the measure columns nor the indicator columns of the plan's export "
                "(for example %(columns)s). Start from the plan's XLSX export."
            )
            % {"columns": expected},
        )
    return checker.result


# --------------------------------------------------------------------------------------------------
# Import: the background task's body


def run_import(report, plan_id: int, user_id: int, stored_name: str, upload_name: str) -> None:
    """Read the stored upload, check every row, and save everything or nothing. Safe to run twice:
    unchanged rows are skipped, so a second run of the same file changes nothing."""
    plan = Plan.objects.select_related("unit", "unit__city", "year").get(pk=plan_id)
    user = get_user_model().objects.get(pk=user_id)
    report.result({"url": reverse("plans:detail", args=[plan.pk])})
    try:
        try:
            with default_storage.open(stored_name, "rb") as handle:
                data = handle.read(MAX_IMPORT_BYTES + 1)
        except FileNotFoundError:
            report.error(None, "", _("The uploaded file is no longer there. Upload it again."))
            report.message(NOTHING_IMPORTED)
            return
        try:
            tables = read_tables(data, upload_name)
        except TableError as error:
            report.error(None, "", error.message)
            report.message(NOTHING_IMPORTED)
            return
        report.total(sum(len(t.rows) for t in tables if _kind(t)))
        report.message(CHECKING)
        check = check_import(user, plan, tables, report.step)
        if not check.ok:
            for problem in check.problems:
                report.error(problem.row, problem.field, problem.reason)
            report.message(NOTHING_IMPORTED)
            return
        report.message(SAVING)
        try:
            counts = actions.do_import_plan_rows(user, plan, check.measures, check.indicators, check.values)
        except ValidationError as error:
            for message in error.messages:
                report.error(None, "", message)
            report.message(NOTHING_IMPORTED)
            return
        except PermissionDenied:
            report.error(None, "", _("You may no longer import into this plan; it has moved on."))
            report.message(NOTHING_IMPORTED)
            return
        report.message(summary(counts, check.unchanged))
        report.result(
            {"url": reverse("plans:detail", args=[plan.pk]), **counts, "unchanged": check.unchanged}
        )
    finally:
        default_storage.delete(stored_name)


def summary(counts: dict[str, int], unchanged: int) -> str:
    """The job's closing line, in the person's language (the job page shows it as written)."""
    if not any(counts.values()):
        return _("Nothing to change: the file matches the plan.")
    sentences = {
        "measures_created": ngettext("%(n)s new measure.", "%(n)s new measures.", counts["measures_created"]),
        "measures_changed": ngettext(
            "%(n)s measure changed.", "%(n)s measures changed.", counts["measures_changed"]
        ),
        "indicators": ngettext(
            "%(n)s indicator added or changed.", "%(n)s indicators added or changed.", counts["indicators"]
        ),
        "values": ngettext("%(n)s value recorded.", "%(n)s values recorded.", counts["values"]),
    }
    parts = [sentence % {"n": counts[key]} for key, sentence in sentences.items() if counts[key]]
    if unchanged:
        parts.append(ngettext("%(n)s row unchanged.", "%(n)s rows unchanged.", unchanged) % {"n": unchanged})
    return " ".join(parts)  # whole sentences, each translated on its own
