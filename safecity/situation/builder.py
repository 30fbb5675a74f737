"""The lägesbild builder: fill, refresh, write, finalise and export situational pictures.

Every write is a ``do_*`` function here: one transaction, an access-log entry. Sections filled
from the data (statistics, signals) store the figures they used with their sources and the date
they were taken, so a final picture keeps saying what it said even after new imports.

Figures are stored raw. Signal and notice counts are always shown suppressed; statistics are
shown exact in the coordinators' builder and suppressed in the exports (PDF, XLSX), which leave
the coordinators (PRODUCT.md rule 4).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.suppression import suppress
from safecity.intake import stats as intake_stats
from safecity.organisation.access import log_access
from safecity.organisation.models import Unit

from . import analysis
from .models import Category, Dataset, ImportRun, PoliceEvent
from .models_picture import FILLED_SECTIONS, PictureSection, SectionKind, SituationPicture

TREND_YEARS = 5


# --- reading --------------------------------------------------------------------------------------


def latest_final_picture(unit: Unit | None, *, period_end: dt.date | None = None) -> SituationPicture | None:
    """The newest final picture of the unit (None: the city-wide one), for the action plan to link.

    With ``period_end``, the newest final picture of a period ending on or before that day.
    """
    pictures = SituationPicture.objects.filter(state=SituationPicture.State.FINAL)
    pictures = pictures.filter(unit=unit) if unit is not None else pictures.filter(unit__isnull=True)
    if period_end is not None:
        pictures = pictures.filter(period_end__lte=period_end)
    return pictures.order_by("-period_end", "-version").first()


# --- filling from the data ------------------------------------------------------------------------


def _sources(start: dt.date, end: dt.date) -> list[analysis.Source]:
    datasets = Dataset.objects.exclude(kind__in=[Dataset.Kind.POLICE_EVENTS, Dataset.Kind.SURVEY])
    return [analysis.Source()] + [
        analysis.Source(dataset_id=pk) for pk in datasets.values_list("pk", flat=True)
    ]


def statistics_figures(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Counts per source and category in the period and the year before it, the monthly trend of
    the last five years to the period's end, and the spikes within the period."""
    units_of = analysis.area_units(end)
    area_ids = [area_id for area_id, unit_id in units_of.items() if unit_id == unit.pk]
    names = {c.pk: c.display_name for c in Category.objects.all()}
    datasets = {d.pk: d for d in Dataset.objects.all()}
    previous_start, previous_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    result = []
    for source in _sources(start, end):
        rows, when, amount = analysis._base(source, None, previous_start, end)
        rows = rows.filter(area_id__in=area_ids)
        per = defaultdict(lambda: [0.0, 0.0])
        for row in (
            rows.annotate(
                period=analysis.Trunc(when, "day", output_field=rows.model._meta.get_field(when).__class__())
            )
            .values("category_id", "period")
            .annotate(total=amount)
            .order_by()
        ):
            day = analysis._as_date(row["period"])
            if start <= day <= end:
                per[row["category_id"]][0] += float(row["total"] or 0)
            elif previous_start <= day <= previous_end:
                per[row["category_id"]][1] += float(row["total"] or 0)
        trend_start = dt.date(end.year - TREND_YEARS + 1, 1, 1)
        points = analysis.series(
            source, area_ids=area_ids, category_id=None, granularity="month", start=trend_start, end=end
        )
        counts = [value for _day, value in points]
        first = analysis.observed_from(counts)
        trend = analysis.poisson_trend(
            counts[first:], periods_per_year=12, months=[d.month for d, _v in points[first:]]
        )
        spikes = [
            {
                "start": points[s.index + first][0].isoformat(),
                "count": s.count,
                "expected": round(s.expected, 1),
            }
            for s in analysis.find_spikes(counts[first:])
            if start <= points[s.index + first][0] <= end
        ]
        if source.is_police:
            name = _("Police events")
            last = PoliceEvent.objects.aggregate(last=Max("occurred_at"))["last"]
            as_of = timezone.localtime(last).date().isoformat() if last else ""
        else:
            name = datasets[source.dataset_id].name
            last_run = (
                ImportRun.objects.filter(dataset_id=source.dataset_id, state=ImportRun.State.DONE)
                .order_by("-created_at")
                .first()
            )
            as_of = timezone.localtime(last_run.created_at).date().isoformat() if last_run else ""
        if not per and not sum(counts):
            continue
        result.append(
            {
                "source": name,
                "dataset_id": source.dataset_id,
                "as_of": as_of,
                "categories": sorted(
                    (
                        {"category": names.get(cid, _("without a category")), "count": v[0], "previous": v[1]}
                        for cid, v in per.items()
                    ),
                    key=lambda r: str(r["category"]),
                ),
                "trend": {
                    "enough_data": trend.enough_data,
                    "percent_per_year": trend.percent_per_year,
                    "ci_percent": list(trend.ci_percent) if trend.ci_percent else None,
                    "p_value": trend.p_value,
                    "direction": trend.direction,
                    "from": trend_start.isoformat(),
                },
                "spikes": spikes,
            }
        )
    return {"sources": result, "taken_at": timezone.now().isoformat()}


def signal_figures(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Signals by kind and concern notices by sector received in the period (raw; shown suppressed)."""
    signals = intake_stats.signal_counts(unit, start, end, by=("kind",))
    notices = intake_stats.notice_counts(unit, start, end, by=("sector",))
    return {
        "signals": [{"label": str(r["kind"]), "count": r["count"]} for r in signals],
        "notices": [{"label": str(r["sector"]), "count": r["count"]} for r in notices],
        "taken_at": timezone.now().isoformat(),
    }


def _sources_text(kind: str, figures: dict) -> str:
    if kind == SectionKind.STATISTICS:
        return "\n".join(
            _("%(source)s, data up to %(date)s") % {"source": s["source"], "date": s["as_of"] or "–"}
            for s in figures.get("sources", [])
        )
    return _("Signals and concern notices registered in Safe City")


def fill(section: PictureSection) -> None:
    picture = section.picture
    if section.kind == SectionKind.STATISTICS:
        section.figures = statistics_figures(picture.unit, picture.period_start, picture.period_end)
    elif section.kind == SectionKind.SIGNALS:
        section.figures = signal_figures(picture.unit, picture.period_start, picture.period_end)
    section.sources = _sources_text(section.kind, section.figures)
    section.sources_as_of = timezone.localdate()


# --- writing --------------------------------------------------------------------------------------


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})


@transaction.atomic
def do_create_picture(
    user, unit: Unit | None, period_start: dt.date, period_end: dt.date
) -> SituationPicture:
    """A new draft version for the unit and period; its written sections start from the newest
    earlier version of the same period, its filled sections are filled from the data now."""
    _check_period(period_start, period_end)
    same = SituationPicture.objects.select_for_update().filter(
        unit=unit, period_start=period_start, period_end=period_end
    )
    if unit is None:
        same = SituationPicture.objects.select_for_update().filter(
            unit__isnull=True, period_start=period_start, period_end=period_end
        )
    if same.filter(state=SituationPicture.State.DRAFT).exists():
        raise ValidationError(_("There is already a draft for this period: go on with it."))
    previous = same.order_by("-version").first()
    picture = SituationPicture.objects.create(
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        version=(previous.version + 1) if previous else 1,
        created_by=user,
    )
    earlier = {s.kind: s for s in previous.sections.all()} if previous else {}
    for kind in SectionKind.values:
        section = PictureSection(picture=picture, kind=kind, updated_by=user)
        if kind in earlier:
            section.text = earlier[kind].text
            section.sources = earlier[kind].sources
            section.sources_as_of = earlier[kind].sources_as_of
            section.figures = earlier[kind].figures
        if unit is not None and kind in FILLED_SECTIONS:
            fill(section)
        section.save()
    if unit is None:
        _assemble_city(picture)
    log_access(user, Action.CREATE, obj=picture, label=str(picture))
    return picture


def _require_draft(picture: SituationPicture) -> None:
    if picture.is_final:
        raise ValidationError(_("A final picture is not changed; start a new version from it."))


@transaction.atomic
def do_save_section(
    user, section: PictureSection, *, text: str, sources: str, sources_as_of
) -> PictureSection:
    _require_draft(section.picture)
    section.text, section.sources, section.sources_as_of = text, sources, sources_as_of
    section.updated_by, section.updated_at = user, timezone.now()
    section.save(update_fields=["text", "sources", "sources_as_of", "updated_by", "updated_at"])
    log_access(user, Action.CHANGE, obj=section.picture, detail=f"section {section.kind}")
    return section


@transaction.atomic
def do_refresh_picture(user, picture: SituationPicture) -> SituationPicture:
    """Fill the statistics and signals sections again from today's data (the city-wide picture:
    assemble again from the units' final pictures)."""
    _require_draft(picture)
    if picture.is_city_wide:
        _assemble_city(picture)
    else:
        for section in picture.sections.filter(kind__in=FILLED_SECTIONS):
            fill(section)
            section.updated_by, section.updated_at = user, timezone.now()
            section.save(update_fields=["figures", "sources", "sources_as_of", "updated_by", "updated_at"])
    log_access(user, Action.CHANGE, obj=picture, detail="refreshed")
    return picture


@transaction.atomic
def do_finalise_picture(user, picture: SituationPicture) -> SituationPicture:
    _require_draft(picture)
    picture.state = SituationPicture.State.FINAL
    picture.finalised_by, picture.finalised_at = user, timezone.now()
    picture.save(update_fields=["state", "finalised_by", "finalised_at"])
    log_access(user, Action.CHANGE, obj=picture, detail="final")
    return picture


def unit_final_pictures(period_start: dt.date, period_end: dt.date) -> list[SituationPicture]:
    """The newest final picture of each unit for exactly this period."""
    newest: dict[int, SituationPicture] = {}
    for picture in (
        SituationPicture.objects.filter(
            unit__isnull=False,
            state=SituationPicture.State.FINAL,
            period_start=period_start,
            period_end=period_end,
        )
        .select_related("unit")
        .prefetch_related("sections")
        .order_by("unit__name", "-version")
    ):
        newest.setdefault(picture.unit_id, picture)
    return list(newest.values())


def _sum_rows(rows_lists: list[list[dict]], key: str = "label") -> list[dict]:
    totals: dict[str, dict] = {}
    for rows in rows_lists:
        for row in rows:
            item = totals.setdefault(str(row[key]), {**row, "count": 0, "previous": 0})
            item["count"] += row.get("count") or 0
            item["previous"] = (item.get("previous") or 0) + (row.get("previous") or 0)
    return sorted(totals.values(), key=lambda r: str(r[key]))


def _assemble_city(picture: SituationPicture) -> None:
    """The city-wide picture from the units' final pictures: texts under unit headings, sums."""
    units = unit_final_pictures(picture.period_start, picture.period_end)
    for section in picture.sections.all():
        parts, sources, figures_lists = [], [], []
        for unit_picture in units:
            unit_section = next((s for s in unit_picture.sections.all() if s.kind == section.kind), None)
            if unit_section is None:
                continue
            heading = _("%(unit)s (version %(version)s)") % {
                "unit": unit_picture.unit.display_name,
                "version": unit_picture.version,
            }
            if unit_section.text.strip():
                parts.append(f"## {heading}\n\n{unit_section.text.strip()}")
            if unit_section.sources.strip():
                sources.append(unit_section.sources.strip())
            figures_lists.append(unit_section.figures or {})
        if section.kind == SectionKind.STATISTICS:
            by_source: dict[str, list[list[dict]]] = defaultdict(list)
            for figures in figures_lists:
                for source in figures.get("sources", []):
                    by_source[source["source"]].append(source["categories"])
            section.figures = {
                "sources": [
                    {"source": name, "categories": _sum_rows(lists, "category"), "spikes": [], "trend": None}
                    for name, lists in sorted(by_source.items())
                ],
                "units": [p.unit.display_name for p in units],
            }
        elif section.kind == SectionKind.SIGNALS:
            section.figures = {
                "signals": _sum_rows([f.get("signals", []) for f in figures_lists]),
                "notices": _sum_rows([f.get("notices", []) for f in figures_lists]),
                "units": [p.unit.display_name for p in units],
            }
        if section.kind != SectionKind.ASSESSMENT or not section.text.strip():
            section.text = "\n\n".join(parts)
        section.sources = "\n".join(dict.fromkeys("\n".join(sources).splitlines()))
        section.sources_as_of = timezone.localdate()
        section.save(update_fields=["text", "figures", "sources", "sources_as_of"])


# --- exports --------------------------------------------------------------------------------------


def _shown(value, exact: bool):
    if value is None:
        return None
    value = round(value)
    return value if exact else suppress(value)


def section_tables(section: PictureSection, *, exact_statistics: bool) -> list[dict]:
    """The section's figures as tables: {"title", "headers", "rows"}; signals always suppressed."""
    figures = section.figures or {}
    tables = []
    if section.kind == SectionKind.STATISTICS:
        for source in figures.get("sources", []):
            tables.append(
                {
                    "title": source["source"],
                    "headers": [_("Category"), _("Count"), _("The year before")],
                    "rows": [
                        [
                            r["category"],
                            _shown(r["count"], exact_statistics),
                            _shown(r["previous"], exact_statistics),
                        ]
                        for r in source["categories"]
                    ],
                }
            )
    elif section.kind == SectionKind.SIGNALS:
        for key, title in (("signals", _("Signals by kind")), ("notices", _("Concern notices by sector"))):
            tables.append(
                {
                    "title": title,
                    "headers": [_("Kind"), _("Count")],
                    "rows": [[r["label"], _shown(r["count"], False)] for r in figures.get(key, [])],
                }
            )
    return tables


def picture_title(picture: SituationPicture) -> str:
    place = picture.unit.display_name if picture.unit_id else _("the city")
    return _("Situational picture of %(place)s") % {"place": place}


def picture_subtitle(picture: SituationPicture) -> str:
    return _("%(start)s to %(end)s, version %(version)s (%(state)s)") % {
        "start": picture.period_start.isoformat(),
        "end": picture.period_end.isoformat(),
        "version": picture.version,
        "state": picture.get_state_display(),
    }


def _sections(picture: SituationPicture) -> list[PictureSection]:
    return sorted(picture.sections.all(), key=lambda s: s.position)


def export_pdf(picture: SituationPicture, *, lang: str = "sv") -> bytes:
    from safecity.core import pdf, richtext

    city = picture.unit.city.display_name if picture.unit_id else ""
    sections = []
    for section in _sections(picture):
        blocks: list = []
        if section.text.strip():
            blocks.append(pdf.Html(str(richtext.render(section.text))))
        for table in section_tables(section, exact_statistics=False):
            blocks.append(table["title"])
            blocks.append(pdf.TableBlock(headers=table["headers"], rows=table["rows"]))
        if section.sources.strip():
            blocks.append(_("Sources: %(sources)s") % {"sources": "; ".join(section.sources.splitlines())})
        sections.append(pdf.Section(heading=str(section.get_kind_display()).capitalize(), blocks=blocks))
    return pdf.build_document(
        picture_title(picture),
        picture_subtitle(picture),
        city,
        picture.unit.display_name if picture.unit_id else "",
        sections,
        lang=lang,
    )


def export_xlsx(picture: SituationPicture) -> bytes:
    from safecity.core.tabular import Sheet, write_xlsx

    rows, texts = [], []
    for section in _sections(picture):
        name = str(section.get_kind_display())
        for table in section_tables(section, exact_statistics=False):
            for row in table["rows"]:
                rows.append([name, table["title"], *row[:2], row[2] if len(row) > 2 else None])
        texts.append([name, section.text, section.sources, section.sources_as_of])
    return write_xlsx(
        [
            Sheet(
                title=_("Figures"),
                headers=[_("Section"), _("Table"), _("Label"), _("Count"), _("The year before")],
                rows=rows,
                source=picture_title(picture) + " " + picture_subtitle(picture),
            ),
            Sheet(
                title=_("Texts"),
                headers=[_("Section"), _("Text"), _("Sources"), _("Sources as of")],
                rows=texts,
            ),
        ]
    )
