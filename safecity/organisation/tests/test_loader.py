import datetime as dt
import shutil

import pytest
from django.core.management import CommandError, call_command

from safecity.organisation.loader import DATA_ROOT, LoadError, load
from safecity.organisation.models import Area, AreaAssignment, Contact, Unit, UnitPopulation

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2023, 6, 30)
AFTER = dt.date(2023, 7, 1)


@pytest.fixture
def folder(tmp_path):
    """A copy of the bundled Stockholm folder that a test may break."""
    target = tmp_path / "city"
    shutil.copytree(DATA_ROOT / "stockholm", target)
    return target


def test_it_loads_the_117_areas_and_13_districts_of_2020():
    assert Area.objects.count() == 117
    districts = Unit.objects.valid_on(dt.date(2022, 1, 1)).filter(kind=Unit.Kind.DISTRICT)
    assert districts.count() == 13
    assert Unit.objects.filter(kind=Unit.Kind.SPECIALIST).count() == 5
    assert AreaAssignment.objects.valid_on(BEFORE).count() == 117


def test_it_has_11_districts_after_the_2023_reorganisation():
    districts = Unit.objects.valid_on(AFTER).filter(kind=Unit.Kind.DISTRICT)
    assert districts.count() == 11
    assert {"jarva", "norra-innerstaden"} <= set(districts.values_list("code", flat=True))
    assert not districts.filter(code__in=["rinkeby-kista", "spanga-tensta", "norrmalm", "ostermalm"]).exists()
    assert AreaAssignment.objects.valid_on(AFTER).count() == 117


def test_it_moves_rinkeby_from_rinkeby_kista_to_jarva_on_1_july_2023():
    rinkeby = Area.objects.get(code="rinkeby")
    assert rinkeby.unit_on(BEFORE).code == "rinkeby-kista"
    assert rinkeby.unit_on(AFTER).code == "jarva"
    vasastaden = Area.objects.get(code="vasastaden")
    assert vasastaden.unit_on(BEFORE).code == "norrmalm"
    assert vasastaden.unit_on(AFTER).code == "norra-innerstaden"
    assert Area.objects.get(code="bromma-kyrka").unit_on(BEFORE).code == "bromma"
    assert Area.objects.get(code="bromma-kyrka").unit_on(AFTER).code == "bromma"


def test_it_follows_a_merged_unit_to_the_unit_of_today():
    old = Unit.objects.get(code="spanga-tensta")
    assert old.valid_to == BEFORE
    assert old.current(dt.date(2026, 1, 1)).code == "jarva"
    assert old.current(dt.date(2022, 1, 1)).code == "spanga-tensta"
    assert set(Unit.objects.get(code="jarva").areas_on(AFTER).values_list("code", flat=True)) >= {
        "rinkeby",
        "tensta",
        "kista",
        "husby",
    }


def test_it_loads_population_that_sums_to_the_city_table_of_2011():
    total = sum(UnitPopulation.objects.filter(year=2011).values_list("population", flat=True))
    assert total == 864_324


def test_loading_twice_changes_nothing():
    counts = (
        Unit.objects.count(),
        Area.objects.count(),
        AreaAssignment.objects.count(),
        Contact.objects.count(),
    )
    report = load("stockholm")
    assert report.contacts_created == 0
    again = (
        Unit.objects.count(),
        Area.objects.count(),
        AreaAssignment.objects.count(),
        Contact.objects.count(),
    )
    assert again == counts


def test_it_keeps_a_contact_an_administrator_edited_when_loading_again():
    contact = Contact.objects.filter(unit__code="farsta", kind="coordinator").first()
    contact.phone = "08-508 12 345"
    contact.save()
    load("stockholm")
    contact.refresh_from_db()
    assert contact.phone == "08-508 12 345"


def test_an_unknown_unit_names_the_line_and_loads_nothing(folder):
    rows = (folder / "area_units.csv").read_text(encoding="utf-8").splitlines()
    rows[6] = rows[6].replace(rows[6].split(",")[1], "atlantis", 1)
    rows.append("nowhere-land,bromma,,")
    (folder / "area_units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "units.csv").write_text(
        (folder / "units.csv").read_text(encoding="utf-8") + "new-unit,Ny enhet,New unit,district,,\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert "area_units.csv, line 7: unknown unit 'atlantis'" in caught.value.problems
    assert f"area_units.csv, line {len(rows)}: unknown area 'nowhere-land'" in caught.value.problems
    assert not Unit.objects.filter(code="new-unit").exists()


def test_a_bad_kind_and_a_bad_date_are_named(folder):
    (folder / "units.csv").write_text(
        "code,name_sv,name_en,kind,valid_from,valid_to\na,A,A,district,2020-13-01,\nb,B,B,county,,\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    problems = "\n".join(caught.value.problems)
    assert "units.csv, line 2: column valid_from: '2020-13-01' is not a date (YYYY-MM-DD)" in problems
    assert "units.csv, line 3: kind 'county' is not one of central, district, specialist" in problems


def test_a_file_in_the_wrong_encoding_is_refused_with_a_reason(folder):
    text = (folder / "units.csv").read_text(encoding="utf-8")
    (folder / "units.csv").write_bytes(text.encode("cp1252"))
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert any(p.startswith("units.csv: not UTF-8") for p in caught.value.problems)


def test_a_missing_column_is_named(folder):
    (folder / "population.csv").write_text("unit,year,source\nbromma,2011,x\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert caught.value.problems == ["population.csv, line 1: missing column(s): population"]


def test_a_negative_population_and_a_wrong_number_are_named(folder):
    (folder / "population.csv").write_text(
        "unit,year,population,source\nbromma,2011,-5,x\nfarsta,twenty,100,x\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert "population.csv, line 2: column population: must not be negative" in caught.value.problems
    assert "population.csv, line 3: column year: 'twenty' is not a whole number" in caught.value.problems


def test_a_merge_from_an_unknown_unit_is_named(folder):
    path = folder / "reorganisations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2024-01-01,x,X,X,bromma;narnia\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert caught.value.problems == ["reorganisations.csv, line 4: unknown unit 'narnia' in merged_from"]
    assert not Unit.objects.filter(code="x").exists()


def test_the_command_prints_every_problem_and_fails(folder):
    (folder / "city.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_organisation", str(folder))
    assert "Nothing was loaded" in str(caught.value)
    assert "city.json, line 1: not valid JSON" in str(caught.value)


def test_another_city_loads_its_own_folder_without_code_changes(tmp_path):
    folder = tmp_path / "malmo"
    folder.mkdir()
    (folder / "city.json").write_text(
        '{"code": "malmo", "name": "Malmö", "name_en": "Malmö"}', encoding="utf-8"
    )
    (folder / "units.csv").write_text(
        "code,name_sv,name_en,kind,valid_from,valid_to\n"
        "malmo-stadskontor,Stadskontoret,City Office,central,,\n"
        "malmo-norr,Norr,North,district,,\n",
        encoding="utf-8",
    )
    (folder / "areas.geojson").write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"malmo-centrum",'
        '"name":"Centrum"},"geometry":{"type":"Polygon","coordinates":[[[13,55.6],[13.1,55.6],[13.1,55.7],[13,55.6]]]}}]}',
        encoding="utf-8",
    )
    (folder / "area_units.csv").write_text(
        "area,unit,valid_from,valid_to\nmalmo-centrum,malmo-norr,,\n", encoding="utf-8"
    )
    call_command("load_organisation", str(folder))
    assert Area.objects.get(code="malmo-centrum").unit_on().code == "malmo-norr"
    assert Unit.objects.get(code="malmo-norr").city.name == "Malmö"


def test_an_unknown_folder_is_refused():
    with pytest.raises(CommandError, match="no such folder"):
        call_command("load_organisation", "gotham")


def test_blank_lines_do_not_shift_the_line_numbers(folder):
    (folder / "population.csv").write_text(
        "unit,year,population,source\n\nbromma,2011,100,x\n\nfarsta,20x1,100,x\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert caught.value.problems == ["population.csv, line 5: column year: '20x1' is not a whole number"]


def test_semicolon_separated_files_from_swedish_excel_are_read(folder):
    (folder / "population.csv").write_text(
        "unit;year;population;source\nbromma;2012;70000;Excel\n", encoding="utf-8-sig"
    )
    load(str(folder))
    assert UnitPopulation.objects.get(unit__code="bromma", year=2012).population == 70000


def test_an_end_before_the_start_is_named_not_a_crash(folder):
    path = folder / "units.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "late,Sen,Late,district,2024-01-01,2023-01-01\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load(str(folder))
    assert any("valid_to is before valid_from" in p for p in caught.value.problems)
    assert not Unit.objects.filter(code="late").exists()


def test_area_assignments_can_be_loaded_without_polygons_for_known_areas(folder):
    (folder / "areas.geojson").unlink()
    load(str(folder))
    assert Area.objects.get(code="rinkeby").unit_on(AFTER).code == "jarva"
