"""The follow-up sheet: one line per measure, with its forms while the unit writes the follow-up and
its recorded values (and corrections) once it is submitted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst

from . import forms, pages
from .actions import FollowUpLine
from .models import (
    FollowUp,
    FollowUpCorrection,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureReport,
    Milestone,
    Period,
    YouthParticipation,
)

YOUTH_THEME = 3  # Capital Code theme 3: Empower youth to promote inclusion


@dataclass
class IndicatorLine:
    indicator: Indicator
    recorded: IndicatorValue | None
    form: forms.IndicatorValueForm | None


@dataclass
class MilestoneLine:
    milestone: Milestone
    form: forms.MilestoneDoneForm | None


@dataclass
class SheetLine:
    report: MeasureReport
    measure: Measure
    form: forms.ReportForm | None = None
    indicators: list[IndicatorLine] = field(default_factory=list)
    milestones: list[MilestoneLine] = field(default_factory=list)
    youth_form: forms.ParticipationForm | None = None
    youth_counts: list[tuple[str, list[int | None], int]] | None = None
    corrections: list[FollowUpCorrection] = field(default_factory=list)
    correction_form: forms.CorrectionForm | None = None

    @property
    def is_youth(self) -> bool:
        return self.youth_form is not None or self.youth_counts is not None

    @property
    def name(self) -> str:
        return f"{self.measure.number} {self.measure.title}"


class FollowUpSheet:
    def __init__(self, follow_up: FollowUp, data=None, *, writer: bool = True, correction=None):
        plan = follow_up.plan
        self.follow_up = follow_up
        self.editable = writer and not follow_up.is_locked
        self.correcting = writer and follow_up.is_locked
        period_index = Period.values.index(follow_up.period)
        measures = pages.flatten(pages.measure_tree(plan))
        order = {m.pk: i for i, m in enumerate(measures)}
        by_pk = {m.pk: m for m in measures}
        reports = sorted(
            follow_up.reports.select_related("status"), key=lambda r: order.get(r.measure_id, len(order))
        )
        statuses = list(forms.statuses_for(plan))
        counts = self._participation(follow_up)
        corrections: dict[int | None, list[FollowUpCorrection]] = {}
        for correction_row in follow_up.corrections.select_related("by"):
            corrections.setdefault(correction_row.report_id, []).append(correction_row)
        self.summary_form = (
            forms.SummaryForm(data, initial={"summary": follow_up.summary}, prefix="summary")
            if self.editable
            else None
        )
        self.lines: list[SheetLine] = []
        for report in reports:
            measure = by_pk.get(report.measure_id)
            if measure is None:
                continue
            indicators = list(measure.indicators.all())
            line = SheetLine(report, measure, corrections=corrections.get(report.pk, []))
            youth = any(t.number == YOUTH_THEME for t in measure.themes.all())
            if self.editable:
                line.form = forms.ReportForm(
                    data,
                    prefix=f"r{report.pk}",
                    statuses=statuses,
                    has_children=bool(measure.sub),
                    initial={
                        "status": report.status_id,
                        "progress": report.progress,
                        "comment": report.comment,
                        "changes": report.changes,
                    },
                )
            for indicator in indicators:
                recorded = indicator.period_values[period_index]
                value_form = None
                if self.editable:
                    initial = (
                        {"value": forms.plain_number(recorded.value), "note": recorded.note}
                        if recorded
                        else {}
                    )
                    value_form = forms.IndicatorValueForm(data, prefix=f"i{indicator.pk}", initial=initial)
                line.indicators.append(IndicatorLine(indicator, recorded, value_form))
            for milestone in measure.milestones.all():
                done_form = None
                if self.editable:
                    done_form = forms.MilestoneDoneForm(
                        data, prefix=f"m{milestone.pk}", initial={"done_on": milestone.done_on}
                    )
                line.milestones.append(MilestoneLine(milestone, done_form))
            if youth:
                mine = counts.get(measure.pk, {})
                if self.editable:
                    initial = {forms.ParticipationForm.key(a, g): n for (a, g), n in mine.items()}
                    line.youth_form = forms.ParticipationForm(data, prefix=f"y{measure.pk}", initial=initial)
                else:
                    line.youth_counts = self._count_rows(mine)
            if self.correcting:
                bound = correction[1] if correction and correction[0] == report.pk else None
                line.correction_form = bound or forms.CorrectionForm(
                    prefix=f"c{report.pk}", statuses=statuses, indicators=indicators
                )
            names = {f"indicator:{i.pk}": i.name for i in indicators}
            for row in line.corrections:
                row.field_label = names.get(row.field) or capfirst(
                    forms.REPORT_FIELDS.get(row.field, row.field)
                )
            self.lines.append(line)

    @staticmethod
    def _participation(follow_up: FollowUp) -> dict[int, dict[tuple[str, str], int]]:
        rows = YouthParticipation.objects.filter(
            measure__plan=follow_up.plan, year=follow_up.plan.year.year, period=follow_up.period
        )
        counts: dict[int, dict[tuple[str, str], int]] = {}
        for row in rows:
            counts.setdefault(row.measure_id, {})[(row.age_band, row.gender)] = row.count
        return counts

    @staticmethod
    def _count_rows(counts: dict[tuple[str, str], int]):
        rows = []
        for age, label in YouthParticipation.AgeBand.choices:
            cells = [counts.get((age, gender)) for gender in YouthParticipation.Gender.values]
            rows.append((label, cells, sum(c or 0 for c in cells)))
        return rows if counts else []

    def _forms(self):
        if self.summary_form:
            yield self.summary_form, ""
        for line in self.lines:
            parts = (*(i.form for i in line.indicators), *(m.form for m in line.milestones))
            for form in (line.form, line.youth_form, *parts):
                if form is not None:
                    yield form, line.name
            if line.correction_form is not None and line.correction_form.is_bound:
                yield line.correction_form, line.name

    def is_valid(self) -> bool:
        return all([form.is_valid() for form, _ in self._forms()])

    @property
    def errors(self) -> list[dict]:
        return forms.error_summary(*self._forms())

    def summary_text(self) -> str:
        return self.summary_form.cleaned_data["summary"] if self.summary_form else self.follow_up.summary

    def lines_to_save(self) -> list[FollowUpLine]:
        """The lines that changed, as the action takes them."""
        result = []
        for line in self.lines:
            values = [
                (i.indicator, i.form.cleaned_data["value"], i.form.cleaned_data["note"])
                for i in line.indicators
                if i.form is not None and i.form.has_changed()
            ]
            youth = line.youth_form.counts() if line.youth_form and line.youth_form.has_changed() else None
            milestones = [
                (m.milestone, m.form.cleaned_data["done_on"]) for m in line.milestones if m.form.has_changed()
            ]
            if not (line.form.has_changed() or values or youth or milestones):
                continue
            data = line.form.cleaned_data
            # A measure with sub-measures keeps the weighted progress it had; the roll-up recomputes it.
            progress = line.form.manual_progress() if "progress" in line.form.fields else line.report.progress
            result.append(
                FollowUpLine(
                    report=line.report,
                    status=data["status"],
                    progress=progress,
                    comment=data["comment"],
                    changes=data["changes"],
                    values=values,
                    participation=youth,
                    milestones=milestones,
                )
            )
        return result
