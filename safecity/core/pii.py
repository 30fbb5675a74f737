"""The personal-data guard: finds Swedish personal identity and co-ordination numbers (with a valid
check digit), phone numbers and e-mail addresses in free text, so the writer can remove them.

Signals and notices must not identify anyone (PRODUCT.md rules 1–2). The guard points out what it
found and why; it never silently changes the text. It errs towards catching: a ten-digit number with
a valid date and check digit is treated as an identity number even without a dash.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

KINDS = {
    "personnummer": _("a personal identity number"),
    "samordningsnummer": _("a co-ordination number"),
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
}

# 6 or 8 digit date part, optional separator (- or + for people over 100), four digits.
_ID = re.compile(r"(?<![\d+])((?:19|20)?\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{3})(\d)(?!\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Swedish numbers: +46 / 0046 / 0 followed by an area or mobile code and 5–8 more digits, written
# with spaces, dashes or brackets between groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|\(0\d{1,3}\)|0)[\s\-]?(?:\(0\))?(?:\d[\s\-]?){6,10}\d(?!\d)")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _identity_kind(match: re.Match) -> str | None:
    year, month, day, _sep, serial, check = match.groups()
    short_year = year[-2:]
    day_number = int(day)
    kind = "personnummer"
    if day_number > 60:
        kind = "samordningsnummer"
        day_number -= 60
    if not luhn_ok(f"{short_year}{month}{day}{serial}{check}"):
        return None
    full_year = int(year) if len(year) == 4 else 2000 + int(short_year)
    try:
        dt.date(full_year, int(month), day_number)
    except ValueError:
        if len(year) == 2:
            try:
                dt.date(1900 + int(short_year), int(month), day_number)
            except ValueError:
                return None
        else:
            return None
    return kind


def find_personal_data(text: str) -> list[Finding]:
    """Everything in `text` that looks like personal data, in order of appearance."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match) -> None:
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        findings.append(Finding(kind, start, end, match.group(0)))

    for match in _EMAIL.finditer(text):
        add("email", match)
    for match in _ID.finditer(text):
        kind = _identity_kind(match)
        if kind:
            add(kind, match)
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 8 <= len(digits.removeprefix("0046").removeprefix("46")) + 1 <= 12:
            add("phone", match)
    return sorted(findings, key=lambda f: f.start)


def explain(findings: list[Finding]) -> str:
    """A plain-words explanation for the form."""
    kinds = sorted({str(f.label) for f in findings})
    return str(
        _(
            "The text seems to contain %(kinds)s. Remove it before you send: this service must not hold "
            "information that can identify a person. If you are worried about someone, contact social "
            "services or the police instead."
        )
    ) % {"kinds": ", ".join(kinds)}
