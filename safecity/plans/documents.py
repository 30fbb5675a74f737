"""A plan's documents: the PDF the board adopts, the follow-up report and the XLSX exports, and the
columns of those exports, which the import (imports.py) reads back in the same form (a round trip).

``plan_pdf``, ``follow_up_pdf``, ``plan_xlsx`` and ``follow_up_xlsx`` return bytes in the active
language: Swedish first, English for readers who chose English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from safecity.core import richtext
from safecity.core.pdf import Html, Section, TableBlock, build_document
from safecity.core.tabular import (
    Sheet,
    write_xlsx,
)
from safecity.organisation.models import Area, Function, Unit

from . import pages
from .models import (
    FocusArea,
    FollowUp,
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

# --------------------------------------------------------------------------------------------------
# Helpers


def pdf_language() -> str:
    return "en" if translation.get_language() == "en" else "sv"


def filename(plan: Plan, kind: str, suffix: str) -> str:
    """``handlingsplan-2026-jarva.pdf``: the kind in the reader's language, ASCII only."""
    return f"{slugify(kind)}-{plan.year.year}-{slugify(plan.unit.name)}.{suffix}"


def _number(value: Decimal | int | None) -> Decimal | int | None:
    """40.00 as 40 and 12.50 as 12.5, so documents do not show decimals nobody wrote."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _period_text(measure: Measure) -> str:
    if not measure.start and not measure.end:
        return ""
    return f"{_date(measure.start)} – {_date(measure.end)}".strip()


def _codes(objects: Iterable, attr: str = "code") -> str:
    return ";".join(str(getattr(o, attr)) for o in objects)


def load_measures(plan: Plan, values_year: int | None = None) -> list[Measure]:
    """The plan's measures in plan order (parents before their parts), numbered as on the plan page,
    with everything the documents show prefetched; indicators carry ``doc_values`` (their values,
    of ``values_year`` only when given)."""
    from django.db.models import Prefetch

    values = IndicatorValue.objects.order_by("year", "period")
    if values_year is not None:
        values = values.filter(year=values_year)
    measures = list(
        plan.measures.select_related("status", "responsible_function", "responsible_person", "parent")
        .prefetch_related(
            "themes",
            "focus_areas",
            "target_groups",
            "areas",
            "milestones",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("id").prefetch_related(
                    Prefetch("values", queryset=values, to_attr="doc_values")
                ),
            ),
        )
        .order_by("position", "id")
    )
    return pages.flatten(pages.build_tree(measures))


# --------------------------------------------------------------------------------------------------
# The spreadsheet columns: one definition for the export, the import and the column descriptions


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # a lazy translation: the header, matched in every language on import
    help: Any
    imported: bool = True


def _col(name: str, label, help_text, imported: bool = True) -> Field:
    return Field(name, label, help_text, imported)


MEASURE_FIELDS = [
    _col(
        "id",
        pgettext_lazy("spreadsheet column", "ID"),
        gettext_lazy(
            "The measure's number in the platform. Keep it to update the measure; leave it empty for a new "
            "measure (a row without ID whose title matches a measure of the plan updates that measure)."
        ),
    ),
    _col(
        "number",
        pgettext_lazy("spreadsheet column", "No."),
        gettext_lazy("The measure's number in the plan (1, 1.2). Not imported."),
        imported=False,
    ),
    _col(
        "parent",
        pgettext_lazy("spreadsheet column", "Part of"),
        gettext_lazy(
            "For a sub-measure: the title of the measure it is part of. Empty for a measure of its own."
        ),
    ),
    _col("title", pgettext_lazy("spreadsheet column", "Measure"), gettext_lazy("The title. Required.")),
    _col(
        "description",
        pgettext_lazy("spreadsheet column", "Description"),
        gettext_lazy("What is done, for whom and why (Markdown)."),
    ),
    _col(
        "prevention_level",
        pgettext_lazy("spreadsheet column", "Prevention level"),
        gettext_lazy("general, specific or individual."),
    ),
    _col(
        "themes",
        pgettext_lazy("spreadsheet column", "Themes"),
        gettext_lazy("Capital Code theme numbers separated by a semicolon, e.g. 1;3."),
    ),
    _col(
        "focus_areas",
        pgettext_lazy("spreadsheet column", "Focus areas"),
        gettext_lazy("Focus area codes separated by a semicolon, e.g. a;c (see the sheet Codes)."),
    ),
    _col(
        "target_groups",
        pgettext_lazy("spreadsheet column", "Target groups"),
        gettext_lazy("Target group codes separated by a semicolon (see the sheet Codes)."),
    ),
    _col(
        "areas",
        pgettext_lazy("spreadsheet column", "Areas"),
        gettext_lazy("Area codes separated by a semicolon; empty when the measure concerns the whole unit."),
    ),
    _col(
        "responsible_function",
        pgettext_lazy("spreadsheet column", "Responsible function"),
        gettext_lazy("A function code (see the sheet Codes)."),
    ),
    _col(
        "responsible_person",
        pgettext_lazy("spreadsheet column", "Responsible person"),
        gettext_lazy("The user name of a person with a role in the unit."),
    ),
    _col("partners_text", pgettext_lazy("spreadsheet column", "Partners"), gettext_lazy("Free text.")),
    _col("start", pgettext_lazy("spreadsheet column", "Start"), gettext_lazy("A date, YYYY-MM-DD.")),
    _col(
        "end",
        pgettext_lazy("spreadsheet column", "End"),
        gettext_lazy("A date, YYYY-MM-DD, not before the start."),
    ),
    _col(
        "status",
        pgettext_lazy("spreadsheet column", "Status"),
        gettext_lazy("A status code (see the sheet Codes). Empty: unchanged, or planned for a new measure."),
    ),
    _col(
        "progress",
        pgettext_lazy("spreadsheet column", "Progress (%)"),
        gettext_lazy(
            "A whole number from 0 to 100. Empty or the status's own figure: the progress that goes with the "
            "status. A measure with sub-measures gets its progress from them."
        ),
    ),
    _col(
        "weight",
        pgettext_lazy("spreadsheet column", "Weight"),
        gettext_lazy("How much a sub-measure counts in the parent's progress. Empty: 1."),
    ),
    _col(
        "position",
        pgettext_lazy("spreadsheet column", "Order"),
        gettext_lazy("The order in the plan (a whole number). Empty: unchanged, or last for a new measure."),
    ),
    _col(
        "shared_with_partners",
        pgettext_lazy("spreadsheet column", "Shared with partners"),
        gettext_lazy("yes or no."),
    ),
]

VALUE_FIELDS = [
    _col(
        "indicator_id",
        pgettext_lazy("spreadsheet column", "Indicator ID"),
        gettext_lazy("The indicator's number in the platform. Empty for a new indicator."),
    ),
    _col(
        "measure_id",
        pgettext_lazy("spreadsheet column", "Measure ID"),
        gettext_lazy("The ID of the measure the indicator belongs to."),
    ),
    _col(
        "measure",
        pgettext_lazy("spreadsheet column", "Measure"),
        gettext_lazy("The measure's title; used when Measure ID is empty (a measure new in this file)."),
    ),
    _col(
        "indicator",
        pgettext_lazy("spreadsheet column", "Indicator"),
        gettext_lazy("The indicator's name; with an empty Indicator ID, a new name makes a new indicator."),
    ),
    _col(
        "unit",
        pgettext_lazy("spreadsheet column", "Unit of measurement"),
        gettext_lazy("E.g. participants, %, sessions."),
    ),
    _col("baseline", pgettext_lazy("spreadsheet column", "Baseline"), gettext_lazy("A number.")),
    _col("target", pgettext_lazy("spreadsheet column", "Target"), gettext_lazy("A number.")),
    _col(
        "direction",
        pgettext_lazy("spreadsheet column", "Direction"),
        gettext_lazy("increase, decrease or keep."),
    ),
    _col(
        "year",
        pgettext_lazy("spreadsheet column", "Year"),
        gettext_lazy("The plan's year. Empty: the plan's year."),
    ),
    _col(
        "period",
        pgettext_lazy("spreadsheet column", "Period"),
        gettext_lazy("t1, t2 or annual. Required with a value."),
    ),
    _col(
        "value",
        pgettext_lazy("spreadsheet column", "Value"),
        gettext_lazy("The indicator's value in the period. Empty: nothing is recorded or removed."),
    ),
    _col("note", pgettext_lazy("spreadsheet column", "Note"), gettext_lazy("A short note on the value.")),
]

REPORT_FIELDS = [
    _col("id", pgettext_lazy("spreadsheet column", "ID"), gettext_lazy("The measure's ID."), False),
    _col("number", pgettext_lazy("spreadsheet column", "No."), gettext_lazy("The measure's number."), False),
    _col("title", pgettext_lazy("spreadsheet column", "Measure"), gettext_lazy("The title."), False),
    _col("status", pgettext_lazy("spreadsheet column", "Status"), gettext_lazy("A status code."), False),
    _col("progress", pgettext_lazy("spreadsheet column", "Progress (%)"), gettext_lazy("0 to 100."), False),
    _col(
        "comment", pgettext_lazy("spreadsheet column", "Comment"), gettext_lazy("The unit's comment."), False
    ),
    _col(
        "changes",
        pgettext_lazy("spreadsheet column", "What changed"),
        gettext_lazy("What changed since the last follow-up."),
        False,
    ),
]

CORRECTION_FIELDS = [
    _col("at", pgettext_lazy("spreadsheet column", "Time"), gettext_lazy("When."), False),
    _col("measure", pgettext_lazy("spreadsheet column", "Measure"), gettext_lazy("The measure."), False),
    _col("field", pgettext_lazy("spreadsheet column", "Field"), gettext_lazy("What was corrected."), False),
    _col("before", pgettext_lazy("spreadsheet column", "Before"), gettext_lazy("The value before."), False),
    _col("after", pgettext_lazy("spreadsheet column", "After"), gettext_lazy("The value after."), False),
    _col("by", pgettext_lazy("spreadsheet column", "By"), gettext_lazy("Who corrected it."), False),
    _col("reason", pgettext_lazy("spreadsheet column", "Reason"), gettext_lazy("Why."), False),
]

SHEET_MEASURES = pgettext_lazy("spreadsheet sheet", "Measures")
SHEET_INDICATORS = pgettext_lazy("spreadsheet sheet", "Indicators")
SHEET_COLUMNS = pgettext_lazy("spreadsheet sheet", "Columns")
SHEET_CODES = pgettext_lazy("spreadsheet sheet", "Codes")
SHEET_FOLLOW_UP = pgettext_lazy("spreadsheet sheet", "Follow-up")
SHEET_CORRECTIONS = pgettext_lazy("spreadsheet sheet", "Corrections")


def _headers(fields: list[Field]) -> list[str]:
    return [str(f.label) for f in fields]


def _columns_sheet(groups: list[tuple[Any, list[Field]]]) -> Sheet:
    rows = [
        [str(sheet), str(f.label), str(f.help), _("yes") if f.imported else _("no")]
        for sheet, fields in groups
        for f in fields
    ]
    headers = [
        pgettext_lazy("spreadsheet column", "Sheet"),
        pgettext_lazy("spreadsheet column", "Column"),
        pgettext_lazy("spreadsheet column", "Description"),
        pgettext_lazy("spreadsheet column", "Imported"),
    ]
    note = _(
        "Upload the workbook, or one sheet saved as CSV, on the plan's import page. Every row is checked "
        "first; if any row is wrong, nothing is imported. Measures and indicator values not in the file are "
        "left as they are."
    )
    rows.append([_("All sheets"), "", note, ""])
    return Sheet(str(SHEET_COLUMNS), [str(h) for h in headers], rows)


def _codes_sheet(plan: Plan) -> Sheet:
    city = plan.unit.city_id
    rows: list[list[Any]] = []
    rows += [
        [pgettext("code list", "Prevention level"), value, str(label)]
        for value, label in PreventionLevel.choices
    ]
    rows += [
        [pgettext("code list", "Capital Code theme"), t.number, t.display_name] for t in Theme.objects.all()
    ]
    rows += [
        [pgettext("code list", "Focus area"), f.code, f.display_name]
        for f in FocusArea.objects.filter(city_id=city)
    ]
    rows += [
        [pgettext("code list", "Target group"), t.code, t.display_name]
        for t in TargetGroup.objects.filter(city_id=city)
    ]
    rows += [
        [pgettext("code list", "Status"), s.code, s.display_name]
        for s in MeasureStatus.objects.filter(city_id=city)
    ]
    rows += [
        [pgettext("code list", "Function"), f.code, f.display_name]
        for f in Function.objects.filter(city_id=city)
    ]
    rows += [[pgettext("code list", "Area"), a.code, a.name] for a in allowed_areas(plan)]
    rows += [
        [pgettext("code list", "Direction"), value, str(label)]
        for value, label in Indicator.Direction.choices
    ]
    rows += [[pgettext("code list", "Period"), value, str(label)] for value, label in Period.choices]
    headers = [
        pgettext_lazy("spreadsheet column", "List"),
        pgettext_lazy("spreadsheet column", "Code"),
        pgettext_lazy("spreadsheet column", "Name"),
    ]
    rows = [[capfirst(str(kind)), code, name] for kind, code, name in rows]
    return Sheet(str(SHEET_CODES), [str(h) for h in headers], rows)


def allowed_areas(plan: Plan):
    unit = plan.unit
    if unit.kind != Unit.Kind.DISTRICT:
        return Area.objects.filter(city_id=unit.city_id)
    return unit.areas_on(dt.date(plan.year.year, 1, 1)).order_by("name")


# --------------------------------------------------------------------------------------------------
# XLSX


def measure_row(measure: Measure) -> list[Any]:
    return [
        measure.pk,
        measure.number,
        measure.parent.title if measure.parent_id else None,
        measure.title,
        measure.description,
        measure.prevention_level,
        _codes(measure.themes.all(), "number"),
        _codes(measure.focus_areas.all()),
        _codes(measure.target_groups.all()),
        _codes(measure.areas.all()),
        measure.responsible_function.code if measure.responsible_function_id else None,
        measure.responsible_person.get_username() if measure.responsible_person_id else None,
        measure.partners_text,
        measure.start,
        measure.end,
        measure.status.code,
        measure.progress,
        measure.weight,
        measure.position,
        measure.shared_with_partners,
    ]


def _value_row(measure: Measure, indicator: Indicator, value: IndicatorValue | None, year=None, period=None):
    return [
        indicator.pk,
        measure.pk,
        measure.title,
        indicator.name,
        indicator.unit,
        indicator.baseline,
        indicator.target,
        indicator.direction,
        value.year if value else year,
        value.period if value else period,
        value.value if value else None,
        value.note if value else None,
    ]


def plan_value_rows(measures: list[Measure]) -> Iterable[list[Any]]:
    """One row per indicator value; an indicator without values gets one row without year and value."""
    for measure in measures:
        for indicator in measure.indicators.all():
            if not indicator.doc_values:
                yield _value_row(measure, indicator, None)
            for value in indicator.doc_values:
                yield _value_row(measure, indicator, value)


def plan_xlsx(plan: Plan) -> bytes:
    measures = load_measures(plan)
    return write_xlsx(
        [
            Sheet(str(SHEET_MEASURES), _headers(MEASURE_FIELDS), [measure_row(m) for m in measures]),
            Sheet(str(SHEET_INDICATORS), _headers(VALUE_FIELDS), plan_value_rows(measures)),
            _columns_sheet([(SHEET_MEASURES, MEASURE_FIELDS), (SHEET_INDICATORS, VALUE_FIELDS)]),
            _codes_sheet(plan),
        ]
    )


def _report_lines(follow_up: FollowUp, measures: list[Measure]):
    reports = {r.measure_id: r for r in follow_up.reports.select_related("status")}
    return [(m, reports[m.pk]) for m in measures if m.pk in reports]


def _correction_rows(follow_up: FollowUp, measures: list[Measure]) -> list[list[Any]]:
    by_report = {r.pk: r.measure_id for r in follow_up.reports.all()}
    titles = {m.pk: f"{m.number} {m.title}" for m in measures}
    indicators = {f"indicator:{i.pk}": i.name for m in measures for i in m.indicators.all()}
    rows = []
    for correction in follow_up.corrections.select_related("by"):
        measure = titles.get(by_report.get(correction.report_id), "")
        by = correction.by.get_full_name() or correction.by.get_username()
        label = indicators.get(correction.field) or str(
            REPORT_FIELD_LABELS.get(correction.field, correction.field)
        )
        rows.append(
            [correction.at, measure, label, correction.old_value, correction.new_value, by, correction.reason]
        )
    return rows


REPORT_FIELD_LABELS = {
    "status": pgettext_lazy("plan document", "Status"),
    "progress": pgettext_lazy("plan document", "Progress (%)"),
    "comment": pgettext_lazy("plan document", "Comment"),
    "changes": pgettext_lazy("plan document", "What changed"),
}


def follow_up_xlsx(follow_up: FollowUp) -> bytes:
    plan = follow_up.plan
    year = plan.year.year
    measures = load_measures(plan, values_year=year)
    lines = _report_lines(follow_up, measures)
    report_rows = [
        [m.pk, m.number, m.title, r.status.code, r.progress, r.comment, r.changes] for m, r in lines
    ]
    value_rows = []
    for measure in measures:
        for indicator in measure.indicators.all():
            value = next((v for v in indicator.doc_values if v.period == follow_up.period), None)
            value_rows.append(_value_row(measure, indicator, value, year, follow_up.period))
    return write_xlsx(
        [
            Sheet(str(SHEET_FOLLOW_UP), _headers(REPORT_FIELDS), report_rows),
            Sheet(str(SHEET_INDICATORS), _headers(VALUE_FIELDS), value_rows),
            Sheet(str(SHEET_CORRECTIONS), _headers(CORRECTION_FIELDS), _correction_rows(follow_up, measures)),
            _columns_sheet(
                [
                    (SHEET_FOLLOW_UP, REPORT_FIELDS),
                    (SHEET_INDICATORS, VALUE_FIELDS),
                    (SHEET_CORRECTIONS, CORRECTION_FIELDS),
                ]
            ),
        ]
    )


# --------------------------------------------------------------------------------------------------
# PDF


def _facts(pairs: list[tuple[str, str]]) -> Html:
    lines = "<br>".join(
        f"<strong>{escape(label)}:</strong> {escape(value)}" for label, value in pairs if value
    )
    return Html(f"<p>{lines}</p>")


def _markdown(text: str) -> Html:
    return Html(str(richtext.render(text)))


def _board_decision(plan: Plan) -> str:
    if not plan.board_decision_date:
        return _("not yet taken")
    return _("%(date)s, ref. %(reference)s") % {
        "date": plan.board_decision_date.isoformat(),
        "reference": plan.board_reference,
    }


def _indicator_text(indicator: Indicator) -> str:
    parts = [indicator.name]
    if indicator.baseline is not None or indicator.target is not None:
        baseline = "–" if indicator.baseline is None else formats.number_format(_number(indicator.baseline))
        target = "–" if indicator.target is None else formats.number_format(_number(indicator.target))
        unit = f" {indicator.unit}" if indicator.unit else ""
        parts.append(
            _("%(baseline)s → %(target)s%(unit)s") % {"baseline": baseline, "target": target, "unit": unit}
        )
    return ": ".join(parts)


def _measure_blocks(measures: list[Measure]) -> list[Any]:
    blocks: list[Any] = []
    headers = [
        pgettext("plan document", "No."),
        pgettext("plan document", "Measure"),
        pgettext("plan document", "Themes"),
        pgettext("plan document", "Focus areas"),
        pgettext("plan document", "Responsible"),
        pgettext("plan document", "Period"),
        pgettext("plan document", "Status"),
        pgettext("plan document", "Progress (%)"),
    ]
    for level, label in PreventionLevel.choices:
        chosen = [m for m in measures if m.prevention_level == level]
        if not chosen:
            continue
        blocks.append(Html(f"<h3>{escape(str(label).capitalize())}</h3>"))
        rows = []
        for m in chosen:
            title = m.title
            indicators = [_indicator_text(i) for i in m.indicators.all()]
            if indicators:
                title += "\n" + "\n".join(f"– {line}" for line in indicators)
            rows.append(
                [
                    m.number,
                    title,
                    ", ".join(str(t.number) for t in m.themes.all()),
                    ", ".join(f.code for f in m.focus_areas.all()),
                    m.responsible_function.display_name if m.responsible_function_id else "",
                    _period_text(m).replace(" – ", " –\n"),
                    m.status.display_name,
                    m.progress,
                ]
            )
        blocks.append(TableBlock(headers, rows, col_widths=[8, 44, 11, 11, 18.5, 22.5, 19, 26]))
    described = [m for m in measures if m.description.strip() or m.target_groups.all() or m.partners_text]
    if described:
        blocks.append(Html(f"<h3>{escape(_('The measures in detail'))}</h3>"))
    for m in described:
        blocks.append(Html(f"<h4>{escape(m.number)} {escape(m.title)}</h4>"))
        if m.description.strip():
            blocks.append(_markdown(m.description))
        facts = [
            (
                pgettext("plan document", "Target groups"),
                ", ".join(t.display_name for t in m.target_groups.all()),
            ),
            (pgettext("plan document", "Partners"), m.partners_text),
        ]
        if any(value for _label, value in facts):
            blocks.append(_facts(facts))
    if not measures:
        blocks.append(_("No measures yet."))
    return blocks


def plan_pdf(plan: Plan) -> bytes:
    """The plan as the board adopts it: facts, the sections in template order, the measures by level."""
    lang = pdf_language()
    measures = load_measures(plan)
    template = plan.year.template
    facts = [
        (pgettext("plan document", "Unit"), plan.unit.display_name),
        (pgettext("plan document", "Year"), str(plan.year.year)),
        (pgettext("plan document", "Status"), str(plan.get_status_display()).capitalize()),
        (pgettext("plan document", "Board decision"), _board_decision(plan)),
        (
            pgettext("plan document", "Approved"),
            _date(timezone.localtime(plan.approved_at).date()) if plan.approved_at else "",
        ),
    ]
    guideline = plan.year.guideline
    if guideline:
        facts.append(
            (pgettext("plan document", "Guidelines"), f"{guideline.display_title} (v{guideline.version})")
        )
    facts.append((pgettext("plan document", "Measures"), str(len(measures))))
    sections = [Section(_("About the plan"), [_facts(facts)])]
    plan_sections = plan.sections.select_related("section").order_by("section__position")
    for number, plan_section in enumerate(plan_sections, start=1):
        blocks: list[Any] = []
        if plan_section.body.strip():
            blocks.append(_markdown(plan_section.body))
        elif plan_section.section.kind != plan_section.section.Kind.MEASURES:
            blocks.append(_("Not written yet."))
        if plan_section.section.kind == plan_section.section.Kind.MEASURES:
            blocks += _measure_blocks(measures)
        sections.append(Section(f"{number}. {plan_section.section.display_title}", blocks))
    title = f"{template.title} {plan.year.year}"
    subtitle = str(plan.get_status_display()).capitalize()
    if plan.board_decision_date:
        subtitle = _("Adopted by the board %(date)s (%(reference)s)") % {
            "date": plan.board_decision_date.isoformat(),
            "reference": plan.board_reference,
        }
    city = plan.unit.city.display_name
    return build_document(title, subtitle, city, plan.unit.display_name, sections, lang=lang)


def follow_up_pdf(follow_up: FollowUp) -> bytes:
    plan = follow_up.plan
    lang = pdf_language()
    year = plan.year.year
    measures = load_measures(plan, values_year=year)
    lines = _report_lines(follow_up, measures)
    period = str(follow_up.get_period_display())
    if follow_up.submitted_at:
        by = follow_up.submitted_by
        state = _("submitted %(date)s by %(name)s") % {
            "date": _date(timezone.localtime(follow_up.submitted_at).date()),
            "name": (by.get_full_name() or by.get_username()) if by else "–",
        }
    else:
        state = _("draft, not submitted")
    facts = [
        (pgettext("plan document", "Unit"), plan.unit.display_name),
        (pgettext("plan document", "Year"), str(year)),
        (pgettext("plan document", "Period"), period),
        (pgettext("plan document", "State"), state),
        (pgettext("plan document", "Board decision"), _board_decision(plan)),
    ]
    sections = [Section(_("About the follow-up"), [_facts(facts)])]
    summary = [_markdown(follow_up.summary)] if follow_up.summary.strip() else [_("No summary written.")]
    sections.append(Section(_("Summary"), summary))
    report_rows = [
        [m.number, m.title, r.status.display_name, r.progress, r.comment, r.changes] for m, r in lines
    ]
    headers = [
        pgettext("plan document", "No."),
        pgettext("plan document", "Measure"),
        pgettext("plan document", "Status"),
        pgettext("plan document", "Progress (%)"),
        pgettext("plan document", "Comment"),
        pgettext("plan document", "What changed"),
    ]
    blocks: list[Any] = (
        [TableBlock(headers, report_rows, col_widths=[8, 34, 19, 26, 36.5, 36.5])]
        if report_rows
        else [_("No measures in this follow-up.")]
    )
    sections.append(Section(_("The measures"), blocks))
    value_rows = []
    for measure in measures:
        for indicator in measure.indicators.all():
            value = next((v for v in indicator.doc_values if v.period == follow_up.period), None)
            value_rows.append(
                [
                    measure.number,
                    indicator.name,
                    indicator.unit,
                    _number(indicator.baseline),
                    _number(indicator.target),
                    _number(value.value) if value else None,
                    value.note if value else "",
                ]
            )
    headers = [
        pgettext("plan document", "No."),
        pgettext("plan document", "Indicator"),
        pgettext("plan document", "Unit of measurement"),
        pgettext("plan document", "Baseline"),
        pgettext("plan document", "Target"),
        pgettext("plan document", "Value"),
        pgettext("plan document", "Note"),
    ]
    blocks = (
        [TableBlock(headers, value_rows, col_widths=[8, 40, 16, 25, 16, 18, 37])]
        if value_rows
        else [_("The measures have no indicators.")]
    )
    sections.append(Section(_("Indicators"), blocks))
    corrections = _correction_rows(follow_up, measures)
    headers = [
        pgettext("plan document", "Date"),
        pgettext("plan document", "Measure"),
        pgettext("plan document", "Field"),
        pgettext("plan document", "Before"),
        pgettext("plan document", "After"),
        pgettext("plan document", "By"),
        pgettext("plan document", "Reason"),
    ]
    for row in corrections:
        row[0] = _date(timezone.localtime(row[0]).date())
    blocks = (
        [TableBlock(headers, corrections, col_widths=[20, 26, 16, 28, 28, 16, 26])]
        if corrections
        else [_("No corrections since the follow-up was submitted.")]
    )
    sections.append(Section(_("Corrections"), blocks))
    title = _("Follow-up of the action plan %(year)s") % {"year": year}
    subtitle = period[:1].upper() + period[1:]
    city = plan.unit.city.display_name
    return build_document(title, subtitle, city, plan.unit.display_name, sections, lang=lang)
