"""Headcounts and sessions from XLSX or CSV: every cell checked, every error named by row and column.

Units, functions and programmes are matched by code or by name (Swedish or English), ignoring case.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecity.core import tabular
from safecity.core.tabular import CellError, Column
from safecity.organisation.models import Function

from . import access
from .models import Programme, Session

HEADCOUNTS = "headcounts"
SESSIONS = "sessions"


def _lookup(objects, labels=("name", "name_en")):
    names = {}
    for obj in objects:
        for attr in ("code", *labels):
            value = getattr(obj, attr, "")
            if value:
                names[tabular.normalise_header(value)] = obj
    return names


def _parser(names: dict, what: str):
    def parse(value):
        found = names.get(tabular.normalise_header(tabular.parse_text(value)))
        if found is None:
            raise CellError(_("“%(value)s” is not a known %(what)s.") % {"value": value, "what": what})
        return found

    return parse


def _columns(user, kind: str) -> list[Column]:
    units = _lookup(access.units_for(user))
    functions = _lookup(Function.objects.all())
    columns = [
        Column(
            "unit",
            aliases=["enhet"],
            parser=_parser(units, _("unit you may register for")),
            label=gettext_lazy("unit"),
        ),
        Column(
            "function",
            aliases=["funktion", "verksamhet"],
            parser=_parser(functions, _("function")),
            label=gettext_lazy("function"),
        ),
    ]
    if kind == HEADCOUNTS:
        return [
            *columns,
            Column(
                "year",
                aliases=["år"],
                parser=lambda v: tabular.parse_int(v, min_value=2000, max_value=2100),
                label=gettext_lazy("year"),
            ),
            Column(
                "number",
                aliases=["antal", "headcount"],
                parser=lambda v: tabular.parse_int(v, min_value=0),
                label=gettext_lazy("number of staff"),
            ),
        ]
    programmes = _lookup(Programme.objects.all(), labels=("title", "title_en"))
    return [
        Column("date", aliases=["datum"], parser=tabular.parse_date, label=gettext_lazy("date")),
        Column(
            "programme",
            aliases=["program", "utbildning"],
            parser=_parser(programmes, _("programme")),
            label=gettext_lazy("programme"),
        ),
        *columns,
        Column(
            "format",
            aliases=["form"],
            parser=lambda v: tabular.parse_choice(v, Session.Format),
            label=gettext_lazy("format"),
        ),
        Column(
            "participants",
            aliases=["deltagare"],
            parser=lambda v: tabular.parse_int(v, min_value=1),
            label=gettext_lazy("number of participants"),
        ),
    ]


def check_file(user, upload, filename: str, kind: str):
    """(clean rows, errors) for an upload; a file that cannot be read at all is one error."""
    try:
        table = tabular.read_table(upload, filename)
    except tabular.TableError as error:
        return [], [tabular.RowError(0, "", error.message, error.message)]
    rows, errors = tabular.validate(table, _columns(user, kind))
    return [dict(row) for row in rows], errors
