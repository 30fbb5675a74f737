"""The plan's documents: PDF and XLSX of the plan and its follow-ups, and the import in the same columns."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import logged_in
from safecity.core.models import AccessLogEntry, Job
from safecity.core.tabular import Sheet as XlsxSheet
from safecity.core.tabular import read_table, write_csv, write_xlsx
from safecity.plans import actions, documents, imports
from safecity.plans.models import FocusArea, FollowUp, Indicator, IndicatorValue, Measure, Period, TargetGroup
from safecity.plans.tests.fixtures import status, theme
from safecity.plans.tests.plan_pages import approve

pytestmark = pytest.mark.django_db


# --- a plan with something in it -----------------------------------------------------------------------


def write_plan(plan, coordinator):
    sections = list(plan.sections.select_related("section").order_by("section__position"))
    actions.do_save_section(
        coordinator,
        plan,
        sections[0],
        "Med **våldsbejakande extremism** menas\n\n- ideologiskt motiverat våld\n- stöd till sådant våld",
    )
    actions.do_save_section(coordinator, plan, sections[1], "## Läget i Järva\n\nPolisen rapporterar oro.")
    focus_a = FocusArea.objects.get(code="a")
    youth = TargetGroup.objects.get(code="youth")
    parent = actions.do_save_measure(
        coordinator,
        plan,
        title="Föräldraträffar i Rinkeby",
        description="Träffar för föräldrar om *nätets* risker.",
        status=status("ongoing"),
        themes=[theme(1), theme(3)],
        focus_areas=[focus_a],
        target_groups=[youth],
        start=dt.date(2026, 1, 15),
        end=dt.date(2026, 12, 15),
        position=1,
    )
    actions.do_save_measure(
        coordinator,
        plan,
        title="Träffar på arabiska",
        status=status("started"),
        parent=parent,
        themes=[theme(3)],
        position=2,
    )
    actions.do_save_measure(
        coordinator,
        plan,
        title="Samverkan med polisen",
        status=status("planned"),
        prevention_level="specific",
        themes=[theme(4)],
        position=3,
    )
    for n in range(4, 9):
        actions.do_save_measure(coordinator, plan, title=f"Åtgärd {n}", status=status("planned"), position=n)
    indicator = actions.do_save_indicator(
        coordinator, parent, name="Deltagare", unit="st", baseline=Decimal(40), target=Decimal(60)
    )
    actions.do_record_indicator_value(coordinator, indicator, 2026, "t1", Decimal("45.5"))
    return plan


@pytest.fixture
def plan(jarva_plan, jarva_coordinator):
    return write_plan(jarva_plan, jarva_coordinator)


def measures(plan):
    return {m.title: m for m in Measure.objects.filter(plan=plan)}


def snapshot(plan):
    """Everything an import could change, to compare before and after."""
    rows = []
    for m in Measure.objects.filter(plan=plan).order_by("pk"):
        rows.append(
            (
                m.pk,
                m.updated_at,
                m.title,
                m.status_id,
                m.progress,
                m.manual_progress,
                m.parent_id,
                sorted(m.themes.values_list("pk", flat=True)),
            )
        )
    indicators = list(Indicator.objects.filter(measure__plan=plan).order_by("pk").values())
    values = list(IndicatorValue.objects.filter(indicator__measure__plan=plan).order_by("pk").values())
    return rows, indicators, values


def pdf_text(content: bytes) -> str:
    """The text of every page, words separated by single spaces (table cells wrap anywhere)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- PDF -----------------------------------------------------------------------------------------------


def test_the_plan_pdf_opens_with_contents_sections_and_measures(plan, jarva_coordinator):
    response = logged_in(jarva_coordinator).get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    first = reader.pages[0].extract_text()
    contents = reader.pages[0].extract_text(extraction_mode="layout")
    text = pdf_text(response.content)
    assert first.startswith("Stockholm\nJärva\nHandlingsplan mot våldsbejakande")
    assert "Innehåll" in first and "Sida 1 av" in first
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    assert [title for title, _page in outline][:4] == [
        "Om planen",
        "1. Definitioner och miljöer",
        "2. Lokal lägesbild",
        "3. Åtgärder",
    ]
    assert len(outline) == 9  # the facts and the template's eight sections
    for title, page in outline:
        assert re.search(rf"^\s*{re.escape(title)}[ .]+ {page}$", contents, re.MULTILINE), (title, page)
        assert title in reader.pages[page - 1].extract_text()
    assert "Föräldraträffar i Rinkeby" in text and "ideologiskt motiverat våld" in text
    assert "Generell prevention" in text and "Specifik prevention" in text
    assert "Deltagare: 40 → 60 st" in text


def test_the_plan_pdf_is_in_english_for_an_english_reader(plan, jarva_coordinator):
    response = english(logged_in(jarva_coordinator)).get(reverse("plans:plan_pdf", args=[plan.pk]))
    first = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Contents" in first and "About the plan" in first and "Page 1 of" in first


def test_the_follow_up_pdf_lists_measures_values_and_corrections(
    plan, jarva_coordinator, central_coordinator
):
    approve(plan, jarva_coordinator, central_coordinator)
    follow_up = actions.do_open_follow_up(jarva_coordinator, plan, Period.T1)
    report = follow_up.reports.get(measure__title="Föräldraträffar i Rinkeby")
    actions.do_save_report(
        jarva_coordinator,
        report,
        status=status("ongoing"),
        comment="Fyra träffar hölls.",
        changes="Ny lokal.",
    )
    actions.do_submit_follow_up(jarva_coordinator, follow_up)
    report.refresh_from_db()
    actions.do_correct_report(jarva_coordinator, report, "comment", "Fem träffar hölls.", "Felräknat")
    client = logged_in(jarva_coordinator)
    response = client.get(reverse("plans:follow_up_pdf", args=[plan.pk, "t1"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Uppföljning av handlingsplanen 2026" in text
    for expected in ("Fyra träffar hölls.", "Ny lokal.", "45,5", "Rättelser", "Felräknat", "Jarva Test"):
        assert expected in text
    assert client.get(reverse("plans:follow_up_pdf", args=[plan.pk, "t2"])).status_code == 404
    assert client.get(reverse("plans:follow_up_pdf", args=[plan.pk, "t9"])).status_code == 404


# --- XLSX ----------------------------------------------------------------------------------------------


def test_the_plan_xlsx_has_the_sheets_and_columns(plan, jarva_coordinator):
    response = logged_in(jarva_coordinator).get(reverse("plans:plan_xlsx", args=[plan.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Åtgärder", "Indikatorer", "Kolumner", "Koder"]
    headers = [c.value for c in workbook["Åtgärder"][1]]
    assert headers[:4] == ["ID", "Nr", "Del av", "Åtgärd"]
    for column in (
        "Teman",
        "Fokusområden",
        "Status",
        "Genomförande (%)",
        "Ansvarig verksamhet",
        "Start",
        "Slut",
    ):
        assert column in headers
    measures_sheet = read_table(response.content, "plan.xlsx")
    rows = {
        row.values[3]: dict(zip(measures_sheet.headers, row.values, strict=True))
        for row in measures_sheet.rows
    }
    parent = rows["Föräldraträffar i Rinkeby"]
    assert (parent["Teman"], parent["Fokusområden"], parent["Status"]) == ("1;3", "a", "ongoing")
    assert rows["Träffar på arabiska"]["Del av"] == "Föräldraträffar i Rinkeby"
    assert rows["Träffar på arabiska"]["Nr"] == "1.1"
    values = read_table(response.content, "plan.xlsx", sheet="Indikatorer")
    assert values.headers == [
        "Indikator-ID",
        "Åtgärds-ID",
        "Åtgärd",
        "Indikator",
        "Enhet",
        "Utgångsvärde",
        "Mål",
        "Riktning",
        "År",
        "Period",
        "Värde",
        "Anteckning",
    ]
    assert values.rows[0].values[8:11] == [2026, "t1", Decimal("45.5")]
    described = {row.values[1] for row in read_table(response.content, "plan.xlsx", sheet="Kolumner").rows}
    assert set(headers) <= described


def test_the_follow_up_xlsx_has_a_row_per_measure_and_indicator(plan, jarva_coordinator, central_coordinator):
    approve(plan, jarva_coordinator, central_coordinator)
    actions.do_open_follow_up(jarva_coordinator, plan, Period.T2)
    response = logged_in(jarva_coordinator).get(reverse("plans:follow_up_xlsx", args=[plan.pk, "t2"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Uppföljning", "Indikatorer", "Rättelser", "Kolumner"]
    assert workbook["Uppföljning"].max_row == 1 + 8
    indicator_rows = list(workbook["Indikatorer"].iter_rows(min_row=2, values_only=True))
    assert [row[8:11] for row in indicator_rows] == [(2026, "t2", None)]


# --- round trip ----------------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def run_import(client, plan, name, content, capture):
    with capture(execute=True):
        response = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    return job


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def exported(client, plan) -> bytes:
    return client.get(reverse("plans:plan_xlsx", args=[plan.pk])).content


def edit_workbook(content: bytes, edit) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell(sheet, row_title: str, header: str):
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[3].value == row_title:
            return row[headers.index(header)]
    raise KeyError(row_title)


def test_export_then_import_changes_nothing(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)
    before = snapshot(plan)
    job = run_import(client, plan, "plan.xlsx", exported(client, plan), capture)
    assert job.state == Job.State.DONE, job.errors
    assert job.errors == []
    assert (job.progress, job.total) == (9, 9)
    assert snapshot(plan) == before
    assert job.result["url"] == reverse("plans:detail", args=[plan.pk])
    assert "stämmer med planen" in job.message


def test_an_edited_file_updates_exactly_the_changed_rows(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def edit(workbook):
        sheet = workbook["Åtgärder"]
        cell(sheet, "Samverkan med polisen", "Status").value = "done"
        cell(sheet, "Åtgärd 5", "Teman").value = "2;4"
        sheet.append([None, None, "Samverkan med polisen", "Ny delåtgärd", None, "specific", "4"])
        values = workbook["Indikatorer"]
        values.append([None, None, "Ny delåtgärd", "Möten", "st", 0, 6, "increase", 2026, "t1", 2])

    content = edit_workbook(exported(client, plan), edit)
    before = {m.title: m.updated_at for m in Measure.objects.filter(plan=plan)}
    job = run_import(client, plan, "plan.xlsx", content, capture)
    assert job.errors == [] and job.state == Job.State.DONE
    after = measures(plan)
    changed = {title for title, at in before.items() if after[title].updated_at != at}
    assert changed == {"Samverkan med polisen", "Åtgärd 5"}
    assert after["Samverkan med polisen"].status.code == "done"
    assert after["Samverkan med polisen"].progress == 0  # from its new part, planned
    assert sorted(after["Åtgärd 5"].themes.values_list("number", flat=True)) == [2, 4]
    new = after["Ny delåtgärd"]
    assert new.parent == after["Samverkan med polisen"] and new.prevention_level == "specific"
    assert new.indicators.get().values.get().value == 2
    # The same file again changes nothing: the new rows are found by their titles.
    again = snapshot(plan)
    job = run_import(client, plan, "plan.xlsx", content, capture)
    assert job.errors == [] and snapshot(plan) == again


def test_a_parent_with_parts_gets_its_progress_from_them(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def edit(workbook):
        cell(workbook["Åtgärder"], "Träffar på arabiska", "Genomförande (%)").value = 80

    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), edit), capture)
    assert job.errors == []
    found = measures(plan)
    assert found["Träffar på arabiska"].manual_progress == 80
    assert found["Föräldraträffar i Rinkeby"].progress == 80


def test_a_measure_moves_under_another_but_the_tree_stays_one_level_deep(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def move(workbook):
        sheet = workbook["Åtgärder"]
        cell(sheet, "Åtgärd 4", "Del av").value = "Åtgärd 5"
        cell(sheet, "Åtgärd 4", "Status").value = "done"

    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), move), capture)
    assert job.errors == []
    found = measures(plan)
    assert found["Åtgärd 4"].parent == found["Åtgärd 5"]
    assert found["Åtgärd 5"].progress == 100  # from its only part

    def loop(workbook):
        cell(workbook["Åtgärder"], "Föräldraträffar i Rinkeby", "Del av").value = "Träffar på arabiska"

    before = snapshot(plan)
    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), loop), capture)
    assert [e["field"] for e in job.errors] == ["Åtgärder: Del av"]
    assert snapshot(plan) == before


def csv_of(content: bytes, sheet: str, edit=None, encoding="utf-8") -> bytes:
    table = read_table(content, "plan.xlsx", sheet=sheet)
    rows = [list(row.values) for row in table.rows]
    if edit:
        edit(table.headers, rows)
    data = write_csv(rows, table.headers)
    if encoding != "utf-8":
        data = data.decode("utf-8-sig").encode(encoding)
    return data


def test_a_windows_1252_csv_imports(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def edit(headers, rows):
        title = headers.index("Åtgärd")
        for row in rows:
            if row[title] == "Åtgärd 6":
                row[title] = "Åtgärd sex – för äldre"

    content = csv_of(exported(client, plan), "Åtgärder", edit, encoding="cp1252")
    job = run_import(client, plan, "atgarder.csv", content, capture)
    assert job.errors == [] and job.state == Job.State.DONE
    assert "Åtgärd sex – för äldre" in measures(plan)


def test_a_csv_of_the_indicator_sheet_records_values(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def edit(headers, rows):
        rows.append(list(rows[0]))
        rows[-1][headers.index("Period")] = "t2"
        rows[-1][headers.index("Värde")] = "50,25"

    job = run_import(client, plan, "v.csv", csv_of(exported(client, plan), "Indikatorer", edit), capture)
    assert job.errors == []
    assert IndicatorValue.objects.get(period="t2").value == Decimal("50.25")


# --- errors: nothing is imported -----------------------------------------------------------------------


def test_a_file_with_errors_imports_nothing_and_names_each_row_and_column(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def edit(workbook):
        sheet = workbook["Åtgärder"]
        sheet.cell(row=3, column=17).value = 150  # Genomförande (%), row 3
        sheet.cell(row=7, column=7).value = "1;7"  # Teman, row 7
        cell(sheet, "Åtgärd 8", "Åtgärd").value = "Ändrad titel"  # a good change, not saved either
        cell(sheet, "Åtgärd 4", "Del av").value = "Finns inte"
        cell(sheet, "Åtgärd 5", "Slut").value = dt.date(2025, 1, 1)
        cell(sheet, "Åtgärd 5", "Start").value = dt.date(2026, 1, 1)
        cell(sheet, "Åtgärd 6", "Status").value = "halfway"
        cell(sheet, "Åtgärd 7", "Fokusområden").value = "z"
        values = workbook["Indikatorer"]
        values.append(
            [None, None, "Föräldraträffar i Rinkeby", "Deltagare", "st", 40, 60, "increase", 2019, "t2", 5]
        )
        values.append(
            [None, None, "Föräldraträffar i Rinkeby", "Deltagare", "st", 40, 60, "increase", 2026, "t4", 5]
        )

    assert (
        load_workbook(io.BytesIO(exported(client, plan)))["Åtgärder"].cell(row=1, column=17).value
        == "Genomförande (%)"
    )
    before = snapshot(plan)
    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), edit), capture)
    assert snapshot(plan) == before
    assert job.state == Job.State.DONE
    assert job.message == imports.NOTHING_IMPORTED
    found = {(e["row"], e["field"]) for e in job.errors}
    assert (3, "Åtgärder: Genomförande (%)") in found
    assert (7, "Åtgärder: Teman") in found
    assert any(e["field"] == "Åtgärder: Del av" for e in job.errors)
    assert any(e["field"] == "Åtgärder: Slut" for e in job.errors)
    assert any(e["field"] == "Åtgärder: Status" for e in job.errors)
    assert any(e["field"] == "Åtgärder: Fokusområden" for e in job.errors)
    assert any(e["field"] == "Indikatorer: År" for e in job.errors)
    assert any(e["field"] == "Indikatorer: Period" for e in job.errors)
    progress_error = next(e for e in job.errors if e["row"] == 3)
    assert "100" in progress_error["message"]
    theme_error = next(e for e in job.errors if e["row"] == 7)
    assert "7" in theme_error["message"] and "tema" in theme_error["message"]


def test_a_malformed_csv_imports_nothing(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)
    before = snapshot(plan)
    ids = {m.title: m.pk for m in Measure.objects.filter(plan=plan)}
    # A quotation mark left open swallows the next lines into one cell.
    content = f'ID;Åtgärd;Status\n{ids["Åtgärd 4"]};"Nytt namn;done\n{ids["Åtgärd 5"]};Åtgärd 5;done\n'
    job = run_import(client, plan, "trasig.csv", content.encode(), capture)
    assert snapshot(plan) == before
    assert [(e["row"], e["field"]) for e in job.errors] == [(2, "Åtgärd")]
    assert "citattecken" in job.errors[0]["message"]
    assert job.message == imports.NOTHING_IMPORTED
    # Bytes that are no text at all.
    job = run_import(client, plan, "skrap.csv", b"ID;\x01\x02\x03\x04\x05\x06" * 100, capture)
    assert snapshot(plan) == before
    assert job.errors[0]["row"] is None and "CSV" in job.errors[0]["message"]


def test_a_csv_without_the_export_columns_is_explained(plan, jarva_coordinator, capture):
    job = run_import(logged_in(jarva_coordinator), plan, "x.csv", b"a;b\n1;2\n", capture)
    assert "kolumner" in job.errors[0]["message"]


def test_a_too_large_file_is_refused_before_it_is_stored(plan, jarva_coordinator, capture, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 1000)
    response = logged_in(jarva_coordinator).post(
        reverse("plans:import", args=[plan.pk]), {"file": upload("plan.csv", b"ID;Titel\n" + b"1;x\n" * 500)}
    )
    assert response.status_code == 400
    assert "större än" in response.content.decode()
    assert not Job.objects.exists()


def test_too_many_rows_import_nothing(plan, jarva_coordinator, capture, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 5)
    client = logged_in(jarva_coordinator)
    before = snapshot(plan)
    job = run_import(client, plan, "plan.xlsx", exported(client, plan), capture)
    assert snapshot(plan) == before
    assert "rader" in job.errors[0]["message"]


def test_an_xlsx_that_is_really_text_is_refused(plan, jarva_coordinator, capture):
    response = logged_in(jarva_coordinator).post(
        reverse("plans:import", args=[plan.pk]), {"file": upload("plan.xlsx", b"ID;Titel\n1;x\n")}
    )
    assert response.status_code == 400
    assert "inte en Excel" in response.content.decode()
    assert not Job.objects.exists()


# --- who may do what -----------------------------------------------------------------------------------


DOCUMENTS = ["plans:plan_pdf", "plans:plan_xlsx", "plans:import"]


@pytest.mark.parametrize("person", ["sodermalm_coordinator", "employee", "partner", "intake_officer"])
@pytest.mark.parametrize("name", DOCUMENTS)
def test_it_refuses_those_who_may_not_read_a_draft_plan(plan, request, person, name):
    user = request.getfixturevalue(person)
    response = logged_in(user).get(reverse(name, args=[plan.pk]))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused", object_id=str(plan.pk)).exists()


@pytest.mark.parametrize("person", ["sodermalm_coordinator", "employee", "partner"])
def test_it_refuses_the_follow_up_documents_of_a_plan_they_may_not_read(
    plan, jarva_coordinator, request, person
):
    FollowUp.objects.create(plan=plan, period="t1")
    user = request.getfixturevalue(person)
    for name in ("plans:follow_up_pdf", "plans:follow_up_xlsx"):
        assert logged_in(user).get(reverse(name, args=[plan.pk, "t1"])).status_code == 403


def test_the_partner_is_refused_an_approved_plan_too(plan, jarva_coordinator, central_coordinator, partner):
    approve(plan, jarva_coordinator, central_coordinator)
    assert logged_in(partner).get(reverse("plans:plan_pdf", args=[plan.pk])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(plan, client):
    response = client.get(reverse("plans:plan_xlsx", args=[plan.pk]))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_others_read_the_approved_plan_but_do_not_import(
    plan, jarva_coordinator, central_coordinator, sodermalm_coordinator, employee
):
    approve(plan, jarva_coordinator, central_coordinator)
    for user in (sodermalm_coordinator, employee, central_coordinator):
        client = logged_in(user)
        assert client.get(reverse("plans:plan_pdf", args=[plan.pk])).status_code == 200
        assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 403
    views = AccessLogEntry.objects.filter(user=employee, action="view", object_id=str(plan.pk))
    assert views.exists()


def test_the_manager_reads_but_does_not_import(plan, jarva_manager):
    client = logged_in(jarva_manager)
    assert client.get(reverse("plans:plan_xlsx", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 403


def test_during_the_follow_up_values_import_but_measures_do_not(
    plan, jarva_coordinator, central_coordinator, capture
):
    approve(plan, jarva_coordinator, central_coordinator)
    client = logged_in(jarva_coordinator)
    page = client.get(reverse("plans:import", args=[plan.pk]))
    assert page.status_code == 200 and "bara indikatorvärden" in page.content.decode()

    def values_only(workbook):
        workbook["Indikatorer"].append(
            [None, None, "Föräldraträffar i Rinkeby", "Deltagare", "st", 40, 60, "increase", 2026, "t2", 52]
        )

    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), values_only), capture)
    assert job.errors == []
    assert IndicatorValue.objects.get(period="t2").value == 52

    def measure_too(workbook):
        cell(workbook["Åtgärder"], "Åtgärd 4", "Åtgärd").value = "Ny titel"
        workbook["Indikatorer"].append(
            [
                None,
                None,
                "Föräldraträffar i Rinkeby",
                "Deltagare",
                "st",
                40,
                60,
                "increase",
                2026,
                "annual",
                70,
            ]
        )

    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), measure_too), capture)
    assert [e["field"] for e in job.errors] == ["Åtgärder: Åtgärd"]
    assert not IndicatorValue.objects.filter(period="annual").exists()


def test_a_submitted_follow_up_takes_a_correction_not_an_import(
    plan, jarva_coordinator, central_coordinator, capture
):
    approve(plan, jarva_coordinator, central_coordinator)
    follow_up = actions.do_open_follow_up(jarva_coordinator, plan, Period.T1)
    actions.do_submit_follow_up(jarva_coordinator, follow_up)
    client = logged_in(jarva_coordinator)

    def edit(workbook):
        sheet = workbook["Indikatorer"]
        sheet.cell(row=2, column=11).value = 99

    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), edit), capture)
    assert [(e["row"], e["field"]) for e in job.errors] == [(2, "Indikatorer: Värde")]
    assert IndicatorValue.objects.get().value == Decimal("45.5")


def test_the_import_action_refuses_a_plan_that_moved_on(plan, jarva_coordinator, jarva_manager):
    actions.do_send_to_board(jarva_manager, plan)
    new = actions.MeasureImport(ref="new2", measure=None, fields={"title": "x"}, relations={})
    with pytest.raises(actions.Refused):
        actions.do_import_plan_rows(jarva_coordinator, plan, [new])
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="refused", detail="import measures"
    ).exists()


# --- the job page and the links ------------------------------------------------------------------------


def test_the_job_page_shows_the_progress_and_the_errors(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)

    def edit(workbook):
        workbook["Åtgärder"].cell(row=7, column=7).value = "9"

    job = run_import(client, plan, "plan.xlsx", edit_workbook(exported(client, plan), edit), capture)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "9 av 9 rader" in page
    assert "<progress" in page
    assert "Åtgärder: Teman" in page and "<td>7</td>" in page
    assert reverse("plans:detail", args=[plan.pk]) in page


def test_the_import_page_links_the_export_and_starts_a_job(plan, jarva_coordinator, capture):
    client = logged_in(jarva_coordinator)
    page = client.get(reverse("plans:import", args=[plan.pk])).content.decode()
    assert reverse("plans:plan_xlsx", args=[plan.pk]) in page
    assert 'enctype="multipart/form-data"' in page
    job = run_import(client, plan, "plan.xlsx", exported(client, plan), capture)
    assert job.unit == plan.unit and job.kind == "plans.import"


def test_the_links_fragment_shows_what_the_viewer_may_use(plan, jarva_coordinator, employee, rf):
    from django.template.loader import get_template

    FollowUp.objects.create(plan=plan, period="t1")
    fragment = get_template("plans/documents/_links.html")
    request = rf.get("/")
    request.user = jarva_coordinator
    html = fragment.render({"plan": plan, "request": request})
    assert reverse("plans:plan_pdf", args=[plan.pk]) in html
    assert reverse("plans:follow_up_xlsx", args=[plan.pk, "t1"]) in html
    assert reverse("plans:import", args=[plan.pk]) in html
    request.user = employee  # may not read a draft plan
    assert fragment.render({"plan": plan, "request": request}).strip() == ""


def test_the_uploaded_file_is_removed_after_the_import(plan, jarva_coordinator, capture, tmp_path):
    run_import(
        logged_in(jarva_coordinator), plan, "plan.xlsx", exported(logged_in(jarva_coordinator), plan), capture
    )
    assert not list((tmp_path / "imports" / "plans").glob("*"))


def test_the_importer_reads_back_what_the_export_writes(plan, jarva_coordinator):
    tables = imports.read_tables(documents.plan_xlsx(plan), "plan.xlsx")
    assert [imports._kind(t) for t in tables] == ["measures", "values", None, None]
    check = imports.check_import(jarva_coordinator, plan, tables)
    assert check.ok and not check.changes and check.unchanged == 9
    other = imports.read_tables(write_xlsx([XlsxSheet("Blad1", ["a", "b"], [[1, 2]])]), "annan.xlsx")
    check = imports.check_import(jarva_coordinator, plan, other)
    assert [p.row for p in check.problems] == [None]
