"""The profile export format: loading the JSON Schema, reading and validating documents.

The schema is shipped inside the package (data/profile.schema.json); docs/network/profile.schema.json
is the same file for readers (a test keeps them identical). See docs/network/format.md.

Versioning: "MAJOR.MINOR". This installation reads major version 1. A document of a newer MINOR
version (1.3 while we know 1.0) may carry optional fields we do not know yet: those are accepted
and kept. For our own or an older minor version an unknown field is refused, since it can only be
a mistake. Any other major version is refused with a message saying what to do.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

import jsonschema
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT_NAME = "safecity-profile"
SCHEMA_VERSION = "1.0"
MAJOR, MINOR = 1, 0
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

_VERSION_RE = re.compile(r"^(\d+)\.(\d+)$")


class DocumentError(ValueError):
    """A profile document that cannot be accepted; str(error) is a message for people."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or [message]

    def __str__(self):
        return self.message


def schema_text() -> str:
    return resources.files("safecity.network").joinpath("data/profile.schema.json").read_text("utf-8")


@cache
def load_schema() -> dict:
    return json.loads(schema_text())


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema())


def json_path(path) -> str:
    """("initiatives", 2, "theme") -> "initiatives[2].theme"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _value(value) -> str:
    return json.dumps(value, ensure_ascii=False)[:80]


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """Return (path, message) for one schema error, in words a coordinator understands."""
    path = list(error.absolute_path)
    v, inst = error.validator, error.instance
    if v == "required":
        missing = re.match(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else ""
        return json_path([*path, name]), _("required field is missing")
    if v == "additionalProperties":
        extra = sorted(set(inst) - set(error.schema.get("properties", {})))
        names = [
            k for k in extra if not any(re.match(p, k) for p in error.schema.get("patternProperties", {}))
        ]
        return json_path([*path, names[0] if names else "?"]), _(
            "unknown field (not in format version %(v)s)"
        ) % {"v": SCHEMA_VERSION}
    if v == "enum":
        allowed = ", ".join("null" if a is None else str(a) for a in error.validator_value)
        return json_path(path), _("%(value)s is not one of %(allowed)s") % {
            "value": _value(inst),
            "allowed": allowed,
        }
    if v == "const":
        return json_path(path), _("must be %(expected)s, not %(value)s") % {
            "expected": _value(error.validator_value),
            "value": _value(inst),
        }
    if v == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return json_path(path), _("%(value)s is not of type %(type)s") % {
            "value": _value(inst),
            "type": expected,
        }
    if v == "maxItems":
        return json_path(path), _("has %(n)s items; at most %(max)s are allowed") % {
            "n": len(inst),
            "max": error.validator_value,
        }
    if v == "pattern":
        return json_path(path), _("%(value)s does not have the expected form") % {"value": _value(inst)}
    if v in ("minimum", "maximum"):
        return json_path(path), _("%(value)s is out of range") % {"value": _value(inst)}
    if v == "maxLength":
        return json_path(path), _("text is longer than %(max)s characters") % {"max": error.validator_value}
    if v == "uniqueItems":
        return json_path(path), _("contains the same value twice")
    return json_path(path), error.message


def check_version(doc) -> tuple[int, int]:
    """Check the format name and the major version; return (major, minor)."""
    if not isinstance(doc, dict):
        raise DocumentError(_("The file does not contain a profile: a JSON object was expected."))
    fmt = doc.get("format")
    if fmt != FORMAT_NAME:
        raise DocumentError(
            _('This is not a Safe City profile: "format" is %(value)s, expected "%(expected)s".')
            % {"value": _value(fmt) if fmt is not None else _("missing"), "expected": FORMAT_NAME}
        )
    version = doc.get("schema_version")
    match = _VERSION_RE.match(version) if isinstance(version, str) else None
    if not match:
        raise DocumentError(
            _('schema_version: %(value)s is not a format version like "1.0".')
            % {"value": _value(version) if version is not None else _("missing")}
        )
    major, minor = int(match.group(1)), int(match.group(2))
    if major != MAJOR:
        raise DocumentError(
            _(
                "This file uses format version %(version)s; this installation reads %(major)s.x — "
                "ask the city to export in %(major)s.x or upgrade."
            )
            % {"version": version, "major": MAJOR}
        )
    return major, minor


def validate_document(doc) -> None:
    """Raise DocumentError naming the JSON path of the first problem; return None when valid."""
    _major, minor = check_version(doc)
    errors = []
    for error in _validator().iter_errors(doc):
        if error.validator == "additionalProperties" and minor > MINOR:
            continue  # a newer minor version may add optional fields
        errors.append(_describe(error))
    if not errors:
        return
    errors.sort(key=lambda e: e[0])
    messages = [f"{path}: {msg}" for path, msg in errors]
    if len(messages) == 1:
        raise DocumentError(messages[0], messages)
    raise DocumentError(
        ngettext(
            "%(first)s (and %(n)s more problem)", "%(first)s (and %(n)s more problems)", len(messages) - 1
        )
        % {"first": messages[0], "n": len(messages) - 1},
        messages,
    )


def parse_document(data: bytes | str, max_bytes: int = MAX_DOCUMENT_BYTES) -> dict:
    """Read a profile document from bytes: size cap, JSON errors with line and column, validation."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise DocumentError(
            _("The file is too large (%(size)s kB); a profile may be at most %(max)s kB.")
            % {"size": len(raw) // 1024, "max": max_bytes // 1024}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            _("The file is not UTF-8 text (byte %(pos)s cannot be read).") % {"pos": exc.start}
        ) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            _("The file is not valid JSON: %(reason)s at line %(line)s, column %(column)s.")
            % {"reason": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None
    validate_document(doc)
    return doc
