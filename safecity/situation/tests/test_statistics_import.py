"""Statistics and population tables: Swedish exports, every row checked, all or nothing, idempotent."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from safecity.core.tabular import Sheet, write_xlsx
from safecity.organisation.models import Unit, UnitPopulation
from safecity.situation import importing
from safecity.situation.actions import apply_category_mappings
from safecity.situation.models import (
    Category,
    CategoryMapping,
    ColumnMapping,
    Dataset,
    ImportRun,
    Observation,
    PoliceEvent,
)
from safecity.situation.police import import_payload

from .conftest import area, event

pytestmark = pytest.mark.django_db

BRA_CP1252 = (
    "Anmälda brott per stadsdel\r\n"
    "Källa: Brå (bearbetning)\r\n"
    "Område;Brottstyp;Period;Antal;Per 100 000 inv.\r\n"
    "Rinkeby;Misshandel;2024;123;1 234,5\r\n"
    "Tensta;Olaga hot;2024K1;17;98,25\r\n"
    "Södermalm;Skadegörelse;2024-03;5;4,5\r\n"
    "Stockholm;Misshandel;2024;3 456;359,1\r\n"
).encode("cp1252")


@pytest.fixture
def bra(db):
    dataset = Dataset.objects.create(code="bra", name="Brå, anmälda brott", kind=Dataset.Kind.REPORTED_CRIME)
    ColumnMapping.objects.create(
        dataset=dataset,
        place_column="Område",
        place_level=ColumnMapping.PlaceLevel.AREA,
        category_column="Brottstyp",
        period_column="Period",
        value_column="Antal",
        value_unit="count",
    )
    return dataset


def run_for(dataset, data: bytes, name: str = "brott.csv", kind=ImportRun.Kind.STATISTICS, provisional=False):
    run = importing.new_run(
        ContentFile(data, name=name),
        name,
        kind=kind,
        dataset=dataset,
        origin="command",
        provisional=provisional,
    )
    if dataset is not None:
        run.mapping = dataset.column_mapping.snapshot()
        run.save(update_fields=["mapping"])
    return importing.run_import(run)


def observations():
    return {
        (o.source_category, o.place_key, o.granularity, o.period_start.isoformat()): o.value
        for o in Observation.objects.all()
    }


def test_it_imports_a_cp1252_semicolon_csv_with_decimal_commas(bra, area_names):
    run = run_for(bra, BRA_CP1252)
    assert run.state == ImportRun.State.DONE, run.errors
    assert (run.rows, run.created_count, run.updated_count) == (4, 4, 0)
    rinkeby = Observation.objects.get(area=area("Rinkeby"))
    assert rinkeby.value == Decimal("123")
    assert rinkeby.category.code == "violence"  # "Misshandel" is grouped as violence
    assert (rinkeby.granularity, rinkeby.period_start, rinkeby.period_end) == (
        "year",
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
    )
    tensta = Observation.objects.get(area=area("Tensta"))
    assert (tensta.granularity, tensta.period_end) == ("quarter", dt.date(2024, 3, 31))
    city = Observation.objects.get(municipality_code="0180")
    assert city.value == Decimal("3456") and city.area is None
    assert run.provisional is False and not Observation.objects.filter(provisional=True).exists()


def test_it_reads_the_rate_column_with_decimal_commas(bra, area_names):
    mapping = bra.column_mapping
    mapping.value_column, mapping.value_unit = "Per 100 000 inv.", "rate"
    mapping.save()
    run = run_for(bra, BRA_CP1252)
    assert run.state == ImportRun.State.DONE
    assert Observation.objects.get(area=area("Rinkeby"), value_unit="rate").value == Decimal("1234.5")


def test_it_imports_utf8_with_bom(bra, area_names):
    data = "\ufeffOmråde;Brottstyp;Period;Antal\nÅrsta;Misshandel;2023;7\nHägersten;Olaga hot;mars 2024;2,5\n"
    run = run_for(bra, data.encode("utf-8"))
    assert run.state == ImportRun.State.DONE, run.errors
    assert Observation.objects.get(area=area("Årsta")).value == 7
    hagersten = Observation.objects.get(area=area("Hägersten"))
    assert (hagersten.granularity, hagersten.period_start) == ("month", dt.date(2024, 3, 1))


def test_it_imports_an_excel_workbook(bra, area_names):
    workbook = write_xlsx(
        [
            Sheet(
                "Brott",
                ["Område", "Brottstyp", "Period", "Antal"],
                [["Husby", "Misshandel", 2022, 40], ["Akalla", "Skadegörelse", "2022-06", Decimal("3.5")]],
                source="Brå",
            )
        ]
    )
    run = run_for(bra, workbook, "brott.xlsx")
    assert run.state == ImportRun.State.DONE, run.errors
    assert Observation.objects.get(area=area("Husby")).granularity == "year"
    assert Observation.objects.get(area=area("Akalla")).value == Decimal("3.5")


def test_a_bad_row_imports_nothing_and_names_row_and_column(bra, area_names):
    data = (
        "Område;Brottstyp;Period;Antal\n"
        "Rinkeby;Misshandel;2024;12\n"
        "Rinkebyy;Misshandel;2024;3\n"  # row 3: unknown area
        "Tensta;Olaga hot;2024-13;4\n"  # row 4: no such month
        "Husby;Rån;2024;tolv\n"  # row 5: not a number
        "Rinkeby;Misshandel;2024;5\n"  # row 6: repeats row 2
    ).encode("cp1252")
    run = run_for(bra, data)
    assert run.state == ImportRun.State.FAILED
    assert not Observation.objects.exists()
    where = [(problem["row"], problem["column"]) for problem in run.errors]
    assert where == [(3, "Område"), (4, "Period"), (5, "Antal"), (6, "Område")]
    messages = " ".join(problem["message"] for problem in run.errors)
    assert "Rinkebyy" in messages and "2024-13" in messages and "tolv" in messages
    assert "row 2" in run.errors[-1]["message"].lower() or "rad 2" in run.errors[-1]["message"].lower()


def test_a_missing_column_imports_nothing(bra, area_names):
    run = run_for(bra, "Område;Typ;Period;Antal\nRinkeby;Misshandel;2024;1\n".encode())
    assert run.state == ImportRun.State.FAILED
    assert run.errors[0]["column"] == "Brottstyp"
    assert not Observation.objects.exists()


def test_a_bad_row_after_many_good_ones_still_imports_nothing(bra, area_names, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 10)
    lines = (
        ["Område;Brottstyp;Period;Antal"]
        + [f"Rinkeby;Typ {i};2024;{i}" for i in range(95)]
        + ["Rinkeby;X;2024;-1"]
    )
    run = run_for(bra, "\n".join(lines).encode())
    assert run.state == ImportRun.State.FAILED
    assert run.errors[0]["row"] == 97
    assert not Observation.objects.exists()


def test_importing_the_same_file_again_changes_nothing(bra, area_names):
    first = run_for(bra, BRA_CP1252)
    before = list(Observation.objects.order_by("pk").values())
    second = run_for(bra, BRA_CP1252, "brott (1).csv")
    assert second.state == ImportRun.State.UNCHANGED
    assert second.duplicate_of == first
    assert not second.file  # the earlier import keeps the one copy
    assert list(Observation.objects.order_by("pk").values()) == before


def test_the_same_figures_in_another_file_update_rather_than_add(bra, area_names):
    run_for(bra, BRA_CP1252)
    before = observations()
    again = run_for(bra, BRA_CP1252 + b"\r\n", "brott-igen.csv")  # another hash, the same figures
    assert again.state == ImportRun.State.DONE
    assert (again.created_count, again.updated_count) == (0, 4)
    assert observations() == before


def test_final_figures_replace_provisional_ones(bra, area_names):
    run_for(bra, "Område;Brottstyp;Period;Antal\nRinkeby;Misshandel;2024;100\n".encode(), provisional=True)
    assert Observation.objects.get().provisional is True
    run_for(bra, "Område;Brottstyp;Period;Antal\nRinkeby;Misshandel;2024;104\n".encode(), "slutlig.csv")
    final = Observation.objects.get()
    assert (final.value, final.provisional) == (104, False)


def test_former_units_stay_attached_to_their_own_unit(db):
    dataset = Dataset.objects.create(code="stad", name="Stadens statistik", kind=Dataset.Kind.OTHER)
    ColumnMapping.objects.create(
        dataset=dataset,
        place_column="Stadsdelsområde",
        place_level=ColumnMapping.PlaceLevel.UNIT,
        category_value="Anmälda brott",
        period_column="År",
        value_column="Värde",
    )
    data = "Stadsdelsområde;År;Värde\nRinkeby-Kista;2020;10\nrinkeby–kista;2021;11\nJärva;2024;25\n"
    run = run_for(dataset, data.encode("utf-8"))
    assert run.state == ImportRun.State.DONE, run.errors
    rinkeby_kista = Unit.objects.get(code="rinkeby-kista")
    assert Observation.objects.filter(unit=rinkeby_kista).count() == 2  # not moved to Järva
    assert Observation.objects.get(unit__code="jarva").value == 25
    assert set(Observation.objects.values_list("source_category", flat=True)) == {"Anmälda brott"}


def test_survey_results_keep_the_number_of_respondents(db):
    survey = Dataset.objects.create(code="trygghet", name="Trygghetsmätningen", kind=Dataset.Kind.SURVEY)
    ColumnMapping.objects.create(
        dataset=survey,
        place_column="Område",
        category_column="Indikator",
        period_column="År",
        value_column="Andel",
        value_unit="percent",
        n_column="Antal svarande",
    )
    data = "Område;Indikator;År;Andel;Antal svarande\nRinkeby;Otrygg ute sent;2021;45 %;512\nKista;Otrygg ute sent;2021;120;300\n"
    run = run_for(survey, data.encode("utf-8"))
    assert run.state == ImportRun.State.FAILED
    assert [(p["row"], p["column"]) for p in run.errors] == [(3, "Andel")]  # 120 % is not a share
    run = run_for(survey, data.replace(";120;", ";12;").encode("utf-8"))
    assert run.state == ImportRun.State.DONE
    rinkeby = Observation.objects.get(area=area("Rinkeby"))
    assert (rinkeby.value, rinkeby.value_unit, rinkeby.n) == (45, "percent", 512)


def test_the_kind_of_value_can_come_from_a_column(bra, area_names):
    mapping = bra.column_mapping
    mapping.value_column, mapping.value_unit_column = "Värde", "Mått"
    mapping.save()
    data = "Område;Brottstyp;Period;Mått;Värde\nRinkeby;Misshandel;2024;Antal;12\nRinkeby;Misshandel;2024;Per 100 000 inv.;25,5\n"
    run = run_for(bra, data.encode("utf-8"))
    assert run.state == ImportRun.State.DONE, run.errors
    assert dict(Observation.objects.values_list("value_unit", "value")) == {
        "count": 12,
        "rate": Decimal("25.5"),
    }


@pytest.mark.parametrize(
    "text, granularity, start, end",
    [
        ("2024", "year", "2024-01-01", "2024-12-31"),
        ("2024-03", "month", "2024-03-01", "2024-03-31"),
        ("2024M02", "month", "2024-02-01", "2024-02-29"),
        ("2024-12", "month", "2024-12-01", "2024-12-31"),
        ("mars 2024", "month", "2024-03-01", "2024-03-31"),
        ("2024K1", "quarter", "2024-01-01", "2024-03-31"),
        ("2024 Q4", "quarter", "2024-10-01", "2024-12-31"),
        ("K2 2023", "quarter", "2023-04-01", "2023-06-30"),
        (2022, "year", "2022-01-01", "2022-12-31"),
        (dt.date(2022, 5, 1), "month", "2022-05-01", "2022-05-31"),
    ],
)
def test_it_reads_periods(text, granularity, start, end):
    period = importing.parse_period(text)
    assert (period.granularity, period.start.isoformat(), period.end.isoformat()) == (granularity, start, end)


@pytest.mark.parametrize(
    "text", ["2024-13", "2024K5", "24", "våren 2024", "2024-03-15", dt.date(2024, 3, 15), "1/3/2024"]
)
def test_it_refuses_what_is_not_a_period(text):
    with pytest.raises(importing.CellError):
        importing.parse_period(text)


def test_it_imports_population_per_unit_and_year(db):
    data = (
        "enhet;år;folkmängd;källa\n"
        "Järva;2024;88 000;SCB 2024-12-31\n"
        "Rinkeby-Kista;2022;48 500;SCB 2022-12-31\n"
        "Södermalm;2024;131 000;SCB 2024-12-31\n"
    ).encode("cp1252")
    run = run_for(None, data, "befolkning.csv", kind=ImportRun.Kind.POPULATION)
    assert run.state == ImportRun.State.DONE, run.errors
    assert UnitPopulation.objects.get(unit__code="jarva", year=2024).population == 88_000
    assert UnitPopulation.objects.get(unit__code="rinkeby-kista", year=2022).source == "SCB 2022-12-31"
    again = run_for(
        None, data.replace(b"88 000", b"88 100"), "befolkning2.csv", kind=ImportRun.Kind.POPULATION
    )
    assert (again.created_count, again.updated_count) == (0, 3)
    assert UnitPopulation.objects.get(unit__code="jarva", year=2024).population == 88_100


def test_a_bad_population_row_imports_nothing(db):
    before = UnitPopulation.objects.count()
    data = "unit;year;population;source\nJärva;2024;88000;SCB\nAtlantis;2024;5;SCB\nJärva;20x4;1;SCB\n"
    run = run_for(None, data.encode(), "befolkning.csv", kind=ImportRun.Kind.POPULATION)
    assert run.state == ImportRun.State.FAILED
    assert [(p["row"], p["column"]) for p in run.errors] == [(3, "unit"), (4, "year")]
    assert UnitPopulation.objects.count() == before


def test_an_empty_or_unreadable_file_is_refused_with_a_reason(bra):
    with pytest.raises(importing.TableError):
        run_for(bra, b"")
    with pytest.raises(importing.TableError):
        run_for(bra, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "brott.xls")


def test_a_changed_category_mapping_groups_stored_figures_and_events_again(bra, area_names):
    run_for(bra, BRA_CP1252)
    import_payload(json.dumps([event(1, type="Skadegörelse")]).encode(), "e.json", origin="command")
    threats = Category.objects.get(code="threats")
    CategoryMapping.objects.filter(dataset=None, source_value="Skadegörelse").update(category=threats)
    CategoryMapping.objects.create(
        dataset=bra, source_value="Misshandel", category=threats
    )  # this source only
    assert apply_category_mappings() == 4  # one figure and one event of vandalism, two of violence
    assert Observation.objects.get(area=area("Södermalm")).category == threats
    assert Observation.objects.get(area=area("Rinkeby")).category == threats
    assert PoliceEvent.objects.get(police_id=1).category == threats
    assert apply_category_mappings() == 0
