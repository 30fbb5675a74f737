"""Reading posts and comments from CSV or JSON, recognising duplicates and saving them classified.

Rules:
- All or nothing: any bad row (no text, a time that is not a time, an address that is not a web
  address, a text over the limit) and nothing is saved; every problem is named by row and field.
- A duplicate (same platform and address, or without an address same platform, time and text) is
  counted, not an error, whether it repeats a row of the same file or an item already stored.
- The author handle is turned into a keyed hash (HMAC with settings.HASH_KEY) as soon as it is
  read; the clear handle is never stored, logged or shown. Problem messages never quote a text,
  an author or an address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecity.core import tabular
from safecity.core.tabular import CellError, Column, Table, TableError

from .models import OnlineItem

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_TEXT_CHARS = 10_000
CLASSIFY_BATCH = 1000
SAVE_BATCH = 1000
MAX_STORED_ERRORS = 200
EXPLANATION_TERMS = 8
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def max_bytes() -> int:
    return int(getattr(settings, "ONLINE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "ONLINE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_text_chars() -> int:
    return int(getattr(settings, "ONLINE_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS))


# --------------------------------------------------------------------------------------------------
# Keyed hashes


def _hmac(purpose: str, *parts: str) -> str:
    message = "\x1f".join([purpose, *parts]).encode("utf-8")
    return hmac.new(str(settings.HASH_KEY).encode("utf-8"), message, hashlib.sha256).hexdigest()


def author_hash(handle: str | None) -> str:
    """A keyed hash of an author handle ("" for none). The same handle gives the same hash."""
    handle = " ".join((handle or "").split()).casefold().lstrip("@")
    return _hmac("online-author", handle) if handle else ""


def normalise_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprint(platform: str, url: str, posted_at: dt.datetime, text: str) -> str:
    """Platform + address, or without an address platform + time (to the second) + normalised text."""
    platform = platform.strip().casefold()
    if url:
        return _hmac("online-url", platform, url.strip())
    when = posted_at.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    return _hmac("online-text", platform, when, normalise_text(text))


# --------------------------------------------------------------------------------------------------
# Cell parsers (messages never quote personal content)

_DATETIME_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)


def parse_time(value: Any) -> dt.datetime:
    """ISO 8601 (2025-06-07T07:32:06+02:00, …Z), the police style 2025-06-07 7:32:06 +02:00, or a
    date alone (midnight). Without an offset the time is Swedish local time."""
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=STOCKHOLM)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=STOCKHOLM)
    text = str(value).strip()
    match = _DATETIME_RE.fullmatch(text)
    problem = CellError(
        _("“%(value)s” is not a date and time. Write it as 2025-06-07 07:32 or 2025-06-07T07:32:06+02:00.")
        % {"value": text[:40]}
    )
    if not match:
        raise problem
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        naive = dt.datetime(  # noqa: DTZ001 - the zone is added below
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        raise problem from None
    if offset is None:
        tz: dt.tzinfo = STOCKHOLM
    elif offset == "Z":
        tz = dt.UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 14 or minutes > 59:
            raise problem
        tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    when = naive.replace(tzinfo=tz)
    if naive.year < 1990 or when > timezone.now() + dt.timedelta(days=1):
        raise CellError(_("The time %(value)s is not possible for a post.") % {"value": text[:40]})
    return when


def _text(limit: Callable[[], int] | int, *, single_line: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip()
        if single_line:
            text = " ".join(text.split())
        maximum = limit() if callable(limit) else limit
        if len(text) > maximum:
            raise CellError(
                _("The text is %(length)s characters long; at most %(limit)s are allowed.")
                % {"length": len(text), "limit": maximum}
            )
        return text

    return parse


_url_validator = URLValidator(schemes=["http", "https"])


def parse_url(value: Any) -> str:
    url = str(value).strip()
    if len(url) > 1000:
        raise CellError(_("The address is longer than 1,000 characters."))
    try:
        _url_validator(url)
    except ValidationError:
        raise CellError(_("This is not a web address (it must start with http:// or https://).")) from None
    return url


def parse_platform(value: Any) -> str:
    platform = " ".join(str(value).split())
    if len(platform) > 40:
        raise CellError(_("The platform name is longer than 40 characters."))
    return platform


def columns() -> list[Column]:
    return [
        Column(
            "platform",
            aliases=["plattform", "kanal", "network", "nätverk"],
            parser=parse_platform,
            label=gettext_lazy("platform"),
        ),
        Column(
            "url",
            aliases=["adress", "länk", "lank", "link", "address", "webbadress", "permalink"],
            parser=parse_url,
            required=False,
            label=gettext_lazy("address"),
        ),
        Column(
            "time",
            aliases=["tid", "datum", "date", "datetime", "timestamp", "tidpunkt", "posted", "publicerad"],
            parser=parse_time,
            label=gettext_lazy("time"),
        ),
        Column(
            "text",
            aliases=["inlägg", "inlagg", "kommentar", "message", "meddelande", "body", "content", "post"],
            parser=_text(max_text_chars),
            label=gettext_lazy("text"),
        ),
        Column(
            "thread",
            aliases=["tråd", "trad", "thread id"],
            parser=_text(200, single_line=True),
            required=False,
        ),
        Column(
            "context",
            aliases=["sammanhang", "kontext"],
            parser=_text(max_text_chars),
            required=False,
        ),
        Column(
            "author",
            aliases=["författare", "forfattare", "handle", "användare", "username", "user", "konto"],
            parser=author_hash,
            required=False,
        ),
    ]


# --------------------------------------------------------------------------------------------------
# Reading files


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_json(data: bytes, filename: str) -> bool:
    if PurePath(filename or "").suffix.lower() in JSON_EXTENSIONS:
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"[", b"{")


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _json_records(text: str) -> list[tuple[int, Any]]:
    """(number, record) pairs: the position in a list (from 1), or the line of JSON Lines."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as first_error:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        records = []
        for number, line in lines:
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError:
                if number == lines[0][0]:
                    raise TableError(
                        _("The file is not valid JSON (line %(line)s, column %(column)s).")
                        % {"line": first_error.lineno, "column": first_error.colno}
                    ) from None
                raise TableError(_("Line %(line)s is not valid JSON.") % {"line": number}) from None
        if len(records) == 1 and isinstance(records[0][1], list | dict):
            payload = records[0][1]
        else:
            return records
    if isinstance(payload, dict) and isinstance(payload.get("items"), list):
        payload = payload["items"]
    elif isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        raise TableError(_("The JSON file must hold a list of objects, or an object with a list “items”."))
    return list(enumerate(payload, start=1))


def read_json(data: bytes, filename: str, *, row_limit: int) -> Table:
    records = _json_records(_decode(data))
    if len(records) > row_limit:
        raise _too_many_rows(row_limit)
    headers: dict[str, None] = {}
    for number, record in records:
        if not isinstance(record, dict):
            raise TableError(_("Item %(row)s is not an object with fields.") % {"row": number})
        headers.update(dict.fromkeys(str(key) for key in record))
    names = list(headers)
    rows = [tabular.Row(number, [_cell(record.get(name)) for name in names]) for number, record in records]
    return Table(
        headers=names, original_headers=names, rows=rows, header_row=0, filename=filename, format="json"
    )


def _too_many_rows(limit: int) -> TableError:
    return TableError(
        _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": f"{limit:,}"}
    )


def read_file(data: bytes, filename: str) -> Table:
    """The rows of a CSV, XLSX or JSON upload. Raises TableError with a plain-words message."""
    limit_bytes, limit_rows = max_bytes(), max_rows()
    if len(data) > limit_bytes:
        raise TableError(
            _("The file is larger than %(limit)s. Split it into smaller files.")
            % {"limit": filesizeformat(limit_bytes)}
        )
    if not data.strip():
        raise TableError(_("The file is empty."))
    if _looks_like_json(data, filename):
        return read_json(data, filename, row_limit=limit_rows)
    name = (
        filename
        if PurePath(filename or "").suffix.lower() in {".csv", ".txt", ".tsv", ".xlsx"}
        else "upload.csv"
    )
    return tabular.read_table(data, name, max_bytes=limit_bytes, max_rows=limit_rows)


@dataclass
class Problem:
    row: int | None
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class Checked:
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0


def check(data: bytes, filename: str) -> Checked:
    """Parse and check every row; rows only when there is no problem at all."""
    try:
        table = read_file(data, filename)
    except TableError as error:
        return Checked(problems=[Problem(None, "", error.message)])
    clean, errors = tabular.validate(table, columns())
    problems = [Problem(e.row or None, e.column, e.reason or e.message) for e in errors]
    if not table.rows and not problems:
        problems.append(Problem(None, "", _("The file has no rows.")))
    rows = []
    for row in clean:
        row = dict(row, number=row.number)
        row["url"] = row.get("url") or ""
        row["thread"] = row.get("thread") or ""
        row["context"] = row.get("context") or ""
        row["author"] = row.get("author") or ""
        rows.append(row)
    return Checked(rows=[] if problems else rows, problems=problems, total=len(table.rows))


# --------------------------------------------------------------------------------------------------
# Duplicates, classification, saving


def split_duplicates(rows: Iterable[dict], replacing=None) -> tuple[list[dict], int]:
    """Rows that are new (with their fingerprint), and how many repeat the file or stored items.
    Items of the import `replacing` do not count: a second run of an import replaces them."""
    seen: set[str] = set()
    fresh: list[dict] = []
    duplicates = 0
    for row in rows:
        row["fingerprint"] = fingerprint(row["platform"], row["url"], row["time"], row["text"])
        if row["fingerprint"] in seen:
            duplicates += 1
            continue
        seen.add(row["fingerprint"])
        fresh.append(row)
    stored: set[str] = set()
    prints = [row["fingerprint"] for row in fresh]
    for start in range(0, len(prints), 500):
        chunk = prints[start : start + 500]
        found = OnlineItem.objects.filter(fingerprint__in=chunk)
        if replacing is not None:
            found = found.exclude(content_import=replacing)
        stored.update(found.values_list("fingerprint", flat=True))
    if stored:
        duplicates += sum(1 for row in fresh if row["fingerprint"] in stored)
        fresh = [row for row in fresh if row["fingerprint"] not in stored]
    return fresh, duplicates


def active_classifier():
    """The active ClassifierModel row (without its weights), or None."""
    from .models import ClassifierModel

    return ClassifierModel.objects.filter(is_active=True).defer("weights").first()


def classification_fields(prediction, model, now) -> dict:
    explanation = [[str(term), round(float(weight), 4)] for term, weight in (prediction.explanation or [])]
    return {
        "label": prediction.label,
        "score": float(prediction.score),
        "target": prediction.target or "",
        "language": (prediction.language or "")[:8],
        "explanation": explanation[:EXPLANATION_TERMS],
        "classifier": model,
        "classified_at": now,
    }


def classify(texts: list[str]) -> list:
    """Predictions for `texts` with the active version; raises the classifier's NoActiveModel."""
    from .classifier import classify_texts

    return classify_texts(texts)


CLASSIFIED_FIELDS = ["label", "score", "target", "language", "explanation", "classifier", "classified_at"]


def classify_items(items: list[OnlineItem], model, progress: Callable[[int], None] | None = None) -> None:
    """Fill in the classifier's fields on `items` (not saved), in batches."""
    now = timezone.now()
    for start in range(0, len(items), CLASSIFY_BATCH):
        batch = items[start : start + CLASSIFY_BATCH]
        for item, prediction in zip(batch, classify([i.text for i in batch]), strict=True):
            for name, value in classification_fields(prediction, model, now).items():
                setattr(item, name, value)
        if progress:
            progress(len(batch))


def build_items(rows: list[dict], run) -> list[OnlineItem]:
    return [
        OnlineItem(
            unit_id=run.unit_id,
            origin=OnlineItem.Origin.IMPORT,
            content_import=run,
            fingerprint=row["fingerprint"],
            platform=row["platform"],
            url=row["url"],
            posted_at=row["time"],
            text=row["text"],
            context=row["context"],
            thread=row["thread"],
            author_hash=row["author"],
        )
        for row in rows
    ]
