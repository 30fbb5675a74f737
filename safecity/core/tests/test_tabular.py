"""Reading, checking and writing tables as Swedish municipal users make them (safecity.core.tabular)."""

import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from safecity.core.tabular import (
    CellError,
    Column,
    PercentValue,
    RowError,
    Sheet,
    TableError,
    detect_delimiter,
    iter_csv,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_percent,
    parse_text,
    read_table,
    validate,
    write_csv,
    write_xlsx,
)

DATA = Path(__file__).parent / "data"
LANGUAGE_CHOICES = [("sv", gettext_lazy("Swedish")), ("en", gettext_lazy("English"))]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def excel_time(*parts):
    """Excel has no time zones: its date-times are naive, in Swedish local time."""
    return dt.datetime(*parts)  # noqa: DTZ001


def values(table):
    return [row.values for row in table.rows]


def reason(parser, value):
    with pytest.raises(CellError) as caught:
        parser(value)
    return caught.value.reason


def one_column_errors(parser, *cells, header="Antal"):
    """The messages validate gives for ``cells`` in a column ``header`` (rows 2, 3, ...)."""
    rows = [[f"row {number}", cell] for number, cell in enumerate(cells, start=2)]
    table = read_table(write_csv(rows, ["Label", header]), "t.csv")
    _clean, errors = validate(table, [Column("value", aliases=[header], parser=parser)])
    return [error.message for error in errors]


# --- reading CSV ---------------------------------------------------------------------------------


def test_it_reads_a_cp1252_semicolon_export_with_decimal_commas():
    table = read_table((DATA / "tabular_bra_cp1252.csv").read_bytes(), "tabular_bra_cp1252.csv")

    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.headers == ["Område", "Brottskod", "År", "Antal", "Per 100 000 inv.", "Andel uppklarade"]
    assert table.header_row == 1
    assert [row.number for row in table.rows] == [2, 3, 4]
    assert table.rows[1].values == ["Rinkeby-Kista", "0401", "2024", "987", "2 011,25", "9,75 %"]
    assert parse_decimal(table.rows[0].values[4]) == Decimal("1004.5")
    assert parse_int(table.rows[0].values[3]) == 1234
    assert parse_percent(table.rows[1].values[5]) == Decimal("9.75")


def test_it_reads_a_utf8_csv_with_bom_and_quoted_decimal_commas():
    table = read_table((DATA / "tabular_survey_utf8_bom.csv").read_bytes(), "tabular_survey_utf8_bom.csv")

    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ","
    assert table.headers[0] == "Indikator"  # no BOM stuck to the first header
    assert table.rows[0].values == ["Känner sig trygg utomhus på kvällen", "Älvsjö", "2024", "71,5", "812"]


def test_it_reads_utf16_with_bom_as_excel_saves_unicode_text():
    data = "Område\tAntal\r\nKista\t3\r\n".encode("utf-16")

    table = read_table(data, "unicode.txt")

    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert values(table) == [["Kista", "3"]]


def test_it_reads_utf8_without_bom():
    table = read_table("Område;Antal\nÖstermalm;4\n".encode(), "a.csv")

    assert table.encoding == "utf-8"
    assert values(table) == [["Östermalm", "4"]]


def test_it_reads_an_uploaded_file_object_from_the_start():
    upload = io.BytesIO(b"a;b\n1;2\n")
    upload.read()  # a form or a previous reader moved the position

    assert values(read_table(upload, "a.csv")) == [["1", "2"]]


def test_it_strips_whitespace_and_tidies_headers_but_keeps_the_original():
    table = read_table(b'  Omr\xc3\xa5de ;"Antal\n anm\xc3\xa4lda"\n  Kista ;  3 \n', "a.csv")

    assert table.headers == ["Område", "Antal anmälda"]
    assert table.original_headers == ["Område", "Antal\n anmälda"]
    assert values(table) == [["Kista", "3"]]
    assert table.index("antal  ANMÄLDA") == 1


def test_it_numbers_rows_as_excel_shows_them_skipping_blank_rows():
    table = read_table(b'a;b\n1;2\n;\n\n3;"two\nlines"\n5;\n', "a.csv")

    assert [(row.number, row.values) for row in table.rows] == [
        (2, ["1", "2"]),
        (5, ["3", "two\nlines"]),
        (6, ["5", None]),
    ]


def test_it_pads_short_rows_and_ignores_cells_beyond_the_headers():
    table = read_table(b"a;b;c\n1\n1;2;3;4\n", "a.csv")

    assert values(table) == [["1", None, None], ["1", "2", "3"]]


def test_it_skips_title_rows_above_the_header():
    data = "Anmälda brott 2024, Stockholm\nKälla: Brå\n\nOmråde;Antal\nKista;3\n".encode()

    table = read_table(data, "a.csv")

    assert table.header_row == 4
    assert table.headers == ["Område", "Antal"]
    assert [(row.number, row.values) for row in table.rows] == [(5, ["Kista", "3"])]


def test_it_takes_the_header_row_it_is_told():
    table = read_table(b"x;y\na;b\n1;2\n", "a.csv", header_row=2)

    assert table.headers == ["a", "b"]
    assert values(table) == [["1", "2"]]


def test_it_reads_a_one_column_file():
    table = read_table(b"Namn\nKista\nSkarpnack\n", "a.csv")

    assert table.headers == ["Namn"]
    assert values(table) == [["Kista"], ["Skarpnack"]]


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("Område;Antal;Andel\n" + "".join(f"A{i};{i};{i},5\n" for i in range(30)), ";"),
        ("Område;Andel\n" + "".join(f"A{i};{i},5\n" for i in range(30)), ";"),
        ("Område;Antal, totalt;Andel\nA;3;3,5\nB;4;4,5\n", ";"),
        ("a,b,c\n1,2,3\n4,5,6\n", ","),
        ('name,note\nA,"x; y; z"\nB,"p; q"\n', ","),
        ("a\tb\n1,5\t2\n", "\t"),
        ("Namn\nA\nB\n", ";"),
    ],
)
def test_it_detects_the_delimiter(sample, expected):
    assert detect_delimiter(sample) == expected


# --- reading XLSX and the round trip -------------------------------------------------------------

ROUND_TRIP_ROWS = [
    ["Södermalm", 1234, Decimal("1004.5"), dt.date(2025, 6, 7), PercentValue("0.125"), "=HYPERLINK(1)"],
    ["Rinkeby-Kista", -3, Decimal("0.1"), excel_time(2025, 6, 7, 7, 32, 6), PercentValue("1"), "Åtgärder"],
    ["Skärholmen", 0, None, None, None, "  "],
    [None, None, Decimal("123456789.123"), dt.date(1999, 12, 31), None, True],
]


def test_the_excel_round_trip_gives_back_what_was_written():
    headers = ["Område", "Antal", "Per 100 000", "Datum", "Andel", "Anteckning"]
    data = write_xlsx([Sheet("Brott", headers, ROUND_TRIP_ROWS)])

    table = read_table(data, "brott.xlsx")

    assert (table.format, table.sheet, table.header_row) == ("xlsx", "Brott", 1)
    assert table.headers == headers
    assert [row.number for row in table.rows] == [2, 3, 4, 5]
    expected = [list(row) for row in ROUND_TRIP_ROWS]
    expected[2][5] = None  # blank text is a blank cell
    assert values(table) == expected
    assert isinstance(table.rows[0].values[4], PercentValue)
    assert isinstance(table.rows[0].values[3], dt.date) and not isinstance(
        table.rows[0].values[3], dt.datetime
    )


def test_the_excel_round_trip_keeps_the_header_under_a_source_note():
    data = write_xlsx([Sheet("Brott", ["Område", "Antal"], [["Kista", 3]], source="Brå, statistik.bra.se")])

    table = read_table(data, "brott.xlsx")

    assert table.header_row == 2
    assert table.headers == ["Område", "Antal"]
    assert [(row.number, row.values) for row in table.rows] == [(3, ["Kista", 3])]


def test_the_excel_file_looks_right_in_excel():
    headers = ["Område", "Antal", "Datum", "Andel"]
    rows = [
        ["Södermalm", 1234, dt.date(2025, 6, 7), PercentValue("0.5")],
        ["=1+1", Decimal("2.5"), None, None],
    ]
    data = write_xlsx([Sheet("Brott", headers, rows, source="Brå", formats={"Antal": "#,##0"})])

    sheet = load_workbook(io.BytesIO(data))["Brott"]

    assert sheet["A1"].value == "Source: Brå"
    assert [cell.value for cell in sheet[2]] == headers
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:D4"
    assert sheet["B3"].data_type == "n" and sheet["B3"].number_format == "#,##0"
    assert sheet["C3"].is_date and sheet["C3"].number_format == "yyyy-mm-dd"
    assert sheet["D3"].number_format == "0.0 %"
    assert sheet["A4"].data_type == "s"  # text, never a formula
    assert sheet.column_dimensions["A"].width >= len("Södermalm")


def test_excel_numbers_come_back_at_excels_precision():
    data = write_xlsx([Sheet("S", ["x", "y"], [[0.1 + 0.2, 2.0]])])

    assert values(read_table(data, "s.xlsx")) == [[Decimal("0.3"), 2]]


def test_it_writes_several_sheets_with_names_excel_accepts():
    sheets = [
        Sheet("Brott: 2024/25?", ["a"], [[1]]),
        Sheet("brott- 2024-25-", ["a"], [[2]]),
        Sheet("x" * 40, ["a"], []),
    ]

    workbook = load_workbook(io.BytesIO(write_xlsx(sheets)))

    assert workbook.sheetnames == ["Brott- 2024-25-", "brott- 2024-25- (2)", "x" * 31]


def test_it_reads_a_named_sheet_and_says_which_sheets_exist():
    data = write_xlsx([Sheet("Första", ["a", "b"], [[1, 2]]), Sheet("Andra", ["c", "d"], [[3, 4]])])

    assert read_table(data, "w.xlsx", sheet="Andra").headers == ["c", "d"]
    with pytest.raises(TableError) as caught:
        read_table(data, "w.xlsx", sheet="Tredje")
    assert caught.value.message == "The workbook has no sheet named “Tredje”. Its sheets are: Första, Andra."


def test_it_reads_a_workbook_whatever_the_file_is_called():
    data = write_xlsx([Sheet("S", ["a", "b"], [[1, 2]])])

    assert values(read_table(data, "export.csv")) == [[1, 2]]


def test_text_written_to_excel_never_runs_as_a_formula():
    data = write_xlsx([Sheet("S", ["a"], [["=cmd|'/c calc'!A1"], ["@SUM(1)"]])])

    sheet = load_workbook(io.BytesIO(data))["S"]
    assert [sheet["A2"].data_type, sheet["A3"].data_type] == ["s", "s"]
    assert values(read_table(data, "s.xlsx")) == [["=cmd|'/c calc'!A1"], ["@SUM(1)"]]


def test_write_xlsx_drops_characters_excel_cannot_hold_and_writes_aware_times_in_swedish_time():
    moment = dt.datetime(2025, 6, 7, 5, 32, tzinfo=dt.UTC)

    table = read_table(write_xlsx([Sheet("S", ["a", "b"], [["bell\x07", moment]])]), "s.xlsx")

    assert values(table) == [["bell", excel_time(2025, 6, 7, 7, 32)]]


# --- files that cannot be read -------------------------------------------------------------------


def table_error(data, filename, **kwargs):
    with pytest.raises(TableError) as caught:
        read_table(data, filename, **kwargs)
    return caught.value.message


def test_binary_junk_named_csv_is_refused_clearly():
    junk = bytes(range(256)) * 20 + os.urandom(2000)

    assert table_error(junk, "brott.csv") == (
        "The file does not look like a CSV text file. In Excel, choose Save as and the type "
        "“CSV UTF-8”, or upload the workbook as .xlsx."
    )


def test_a_truncated_workbook_is_refused_clearly():
    data = write_xlsx([Sheet("S", ["a", "b"], [[i, i] for i in range(100)])])
    message = (
        "The file could not be read as an Excel workbook (.xlsx); it may be damaged. "
        "Open it in Excel, save it again and try again."
    )

    assert table_error(data[: len(data) // 2], "brott.xlsx") == message
    assert table_error(b"Omr\xe5de;Antal\n", "brott.xlsx") == message


def test_a_workbook_with_a_broken_sheet_is_refused_clearly():
    data = write_xlsx([Sheet("S", ["a", "b"], [[1, 2]])])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            target.writestr(item, content)

    assert table_error(broken.getvalue(), "brott.xlsx").startswith("The file could not be read as an Excel")


def test_a_zip_bomb_is_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (10 * 1024 * 1024))

    message = table_error(bomb.getvalue(), "b.xlsx", max_bytes=100_000)

    assert message == "The workbook holds more data than can be read at once. Split it into smaller files."


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf", b" ; ;\n;\n"])
def test_an_empty_file_is_refused(data):
    assert table_error(data, "brott.csv") == "The file is empty."


def test_an_empty_workbook_is_refused():
    assert table_error(write_xlsx([Sheet("S", [], [])]), "tom.xlsx") == "The file is empty."


def test_too_many_rows_are_refused():
    data = b"a;b\n" + b"1;2\n" * 11

    assert len(read_table(data, "a.csv", max_rows=11).rows) == 11
    assert table_error(data, "a.csv", max_rows=10) == (
        "The file has more than 10 data rows. Split it into smaller files."
    )


def test_too_many_rows_in_a_workbook_are_refused():
    data = write_xlsx([Sheet("S", ["a"], [[i] for i in range(6)])])

    assert (
        table_error(data, "a.xlsx", max_rows=5)
        == "The file has more than 5 data rows. Split it into smaller files."
    )


def test_a_file_too_large_is_refused_before_it_is_read():
    class Upload(io.BytesIO):
        def read(self, size=-1):
            assert size == 1025  # never the whole file
            return super().read(size)

    data = b"a;b\n" + b"1;2\n" * 1000

    assert table_error(Upload(data), "a.csv", max_bytes=1024) == (
        "The file is larger than 1.0\xa0KB. Split it into smaller files."
    )


def test_the_default_limits_are_20_mb_and_200_000_rows():
    assert table_error(b"a" * (20 * 1024 * 1024 + 1), "a.csv") == (
        "The file is larger than 20.0\xa0MB. Split it into smaller files."
    )
    data = b"a;b\n" + b"1;2\n" * 200_001
    assert (
        table_error(data, "a.csv") == "The file has more than 200,000 data rows. Split it into smaller files."
    )


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "budget.xlsx"), (b"a;b\n", "budget.xls")],
)
def test_an_old_or_locked_excel_file_gets_its_own_advice(data, filename):
    assert table_error(data, filename) == (
        "The file is in the old Excel format (.xls) or is password-protected. "
        "Save it as an Excel workbook (.xlsx) or as CSV and try again."
    )


def test_other_file_types_are_refused():
    assert (
        table_error(b"%PDF-1.7", "plan.pdf")
        == "“plan.pdf” is not a CSV or Excel file. Upload a .csv or .xlsx file."
    )


def test_errors_are_in_swedish_for_swedish_users():
    with translation.override("sv"):
        assert table_error(b"", "a.csv") == "Filen är tom."


# --- parsers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567,25", "1234567.25"),
        ("1\u202f234", "1234"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("-3,2", "-3.2"),
        ("\u22123,2", "-3.2"),
        ("+7", "7"),
        (",5", "0.5"),
        ("0,75", "0.75"),
        ("1,234", "1.234"),
        ("  42  ", "42"),
        (Decimal("3.50"), "3.5"),
        (7, "7"),
        (0.1, "0.1"),
        (PercentValue("0.75"), "0.75"),
    ],
)
def test_parse_decimal_reads(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "1,234.5",
            "“1,234.5” has both a comma and a point, so the decimal sign is unclear. Write it like 1234,5 or 1 234,5.",
        ),
        (
            "1.234,5",
            "“1.234,5” has both a comma and a point, so the decimal sign is unclear. Write it like 1234,5 or 1 234,5.",
        ),
        ("abc", "“abc” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("12 34", "“12 34” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("1.234.567", "“1.234.567” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("5,", "“5,” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("1e5", "“1e5” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("NaN", "“NaN” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("12 %", "“12 %” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("-", "“-” is not a number. Write numbers like 1234,5 or 1 234,5."),
        (True, "“True” is not a number. Write numbers like 1234,5 or 1 234,5."),
        (dt.date(2025, 6, 7), "“2025-06-07” is not a number. Write numbers like 1234,5 or 1 234,5."),
        ("", "the cell is empty, but a value is required."),
    ],
)
def test_parse_decimal_refuses(value, message):
    assert reason(parse_decimal, value) == message


def test_parse_decimal_checks_the_range():
    assert (
        reason(partial(parse_decimal, min_value=0), "-0,5")
        == "-0.5 is less than the lowest allowed value, 0."
    )
    assert reason(partial(parse_decimal, max_value=1000), "1 000,5") == (
        "1,000.5 is more than the highest allowed value, 1,000."
    )


def test_parse_decimal_errors_name_row_and_column():
    assert one_column_errors(parse_decimal, "1,5", "1,234.5", "x", header="Per 100 000") == [
        "Row 3, column “Per 100 000”: “1,234.5” has both a comma and a point, so the decimal sign is unclear. "
        "Write it like 1234,5 or 1 234,5.",
        "Row 4, column “Per 100 000”: “x” is not a number. Write numbers like 1234,5 or 1 234,5.",
    ]


def swedish(number: Decimal, separator: str, minus: str) -> str:
    """``number`` as a Swedish document writes it: 1 234 567,89."""
    sign = minus if number < 0 else ""
    whole, _point, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + separator.join(groups) + (f",{fraction}" if fraction else "")


@given(
    number=st.decimals(
        min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False
    ),
    separator=st.sampled_from([" ", "\u00a0", "\u202f", ""]),
    minus=st.sampled_from(["-", "\u2212"]),
)
def test_parse_decimal_reads_back_any_swedish_formatted_number(number, separator, minus):
    text = swedish(number, separator, minus)

    assert parse_decimal(text) == number
    assert (
        parse_decimal(text.replace(",", ".").replace(separator, "") if separator else text.replace(",", "."))
        == number
    )


@given(
    number=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
)
def test_parse_decimal_reads_back_what_write_csv_writes(number):
    table = read_table(write_csv([[number]], ["x"]), "x.csv")

    assert parse_decimal(table.rows[0].values[0]) == number


@given(number=st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_int_reads_back_grouped_whole_numbers(number):
    assert parse_int(swedish(Decimal(number), " ", "-")) == number


@pytest.mark.parametrize(
    ("value", "expected"), [("1 234", 1234), ("-5", -5), (12, 12), (Decimal("12.0"), 12), (3.0, 3)]
)
def test_parse_int_reads(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1,5", "“1,5” is not a whole number."),
        ("1,000", "“1,000” is not a whole number."),
        ("12.0", "“12.0” is not a whole number."),
        (Decimal("2.5"), "“2.5” is not a whole number."),
        ("tolv", "“tolv” is not a number. Write numbers like 1234,5 or 1 234,5."),
    ],
)
def test_parse_int_refuses(value, message):
    assert reason(parse_int, value) == message


def test_parse_int_errors_name_row_and_column():
    assert one_column_errors(partial(parse_int, min_value=0), "3", "-1", "", "2,5") == [
        "Row 3, column “Antal”: -1 is less than the lowest allowed value, 0.",
        "Row 4, column “Antal”: the cell is empty, but a value is required.",
        "Row 5, column “Antal”: “2,5” is not a whole number.",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-07", dt.date(2025, 6, 7)),
        ("2025-6-7", dt.date(2025, 6, 7)),
        ("2025-06-07 00:00:00", dt.date(2025, 6, 7)),
        (dt.date(2025, 6, 7), dt.date(2025, 6, 7)),
        (excel_time(2025, 6, 7, 0, 0), dt.date(2025, 6, 7)),
    ],
)
def test_parse_date_reads(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "7/6/2025",
            "“7/6/2025” can be read as more than one date. Write dates as YYYY-MM-DD, for example 2025-06-07.",
        ),
        (
            "07.06.2025",
            "“07.06.2025” can be read as more than one date. Write dates as YYYY-MM-DD, for example 2025-06-07.",
        ),
        ("2025-02-30", "“2025-02-30” is not a date in the calendar."),
        ("7 juni 2025", "“7 juni 2025” is not a date. Write dates as YYYY-MM-DD, for example 2025-06-07."),
        (
            "2025-06-07 13:45",
            "“2025-06-07 13:45” is not a date. Write dates as YYYY-MM-DD, for example 2025-06-07.",
        ),
        (45815, "“45,815” is not a date. Write dates as YYYY-MM-DD, for example 2025-06-07."),
    ],
)
def test_parse_date_refuses(value, message):
    assert reason(parse_date, value) == message


def test_parse_date_errors_name_row_and_column():
    assert one_column_errors(parse_date, "2025-06-07", "7/6/2025", header="Datum") == [
        "Row 3, column “Datum”: “7/6/2025” can be read as more than one date. "
        "Write dates as YYYY-MM-DD, for example 2025-06-07."
    ]


def test_parse_date_reads_excel_date_cells():
    data = write_xlsx([Sheet("S", ["Datum"], [[dt.date(2025, 6, 7)], [excel_time(2025, 6, 8, 9, 30)]])])

    clean, errors = validate(read_table(data, "s.xlsx"), [Column("Datum", parser=parse_date)])

    assert errors == []
    assert [row["Datum"] for row in clean] == [dt.date(2025, 6, 7), dt.date(2025, 6, 8)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("75 %", "75"),
        ("75%", "75"),
        ("75\u00a0%", "75"),
        ("75", "75"),
        ("12,5 %", "12.5"),
        ("0,75", "0.75"),  # a written number is always percent: 0,75 % (the rule)
        ("0 %", "0"),
        (PercentValue("0.75"), "75"),  # Excel shows this cell as 75 %
        (PercentValue("1"), "100"),
        (Decimal("0.75"), "0.75"),  # a plain Excel number is percent, like written text
        (40, "40"),
    ],
)
def test_parse_percent_reads(value, expected):
    result = parse_percent(value)

    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x %", "“x %” is not a percentage. Write percentages like 75 % or 12,5 %."),
        ("%", "“%” is not a percentage. Write percentages like 75 % or 12,5 %."),
        ("75 %%", "“75 %%” is not a percentage. Write percentages like 75 % or 12,5 %."),
        ("120 %", "120 % is more than the highest allowed value, 100 %."),
        ("-1", "-1 % is less than the lowest allowed value, 0 %."),
    ],
)
def test_parse_percent_refuses(value, message):
    assert reason(parse_percent, value) == message


def test_parse_percent_allows_other_ranges_for_changes():
    assert parse_percent("-12,5 %", min_value=None, max_value=None) == Decimal("-12.5")


def test_parse_percent_reads_excel_percentage_cells():
    data = write_xlsx([Sheet("S", ["Andel"], [[PercentValue("0.125")], [Decimal("12.5")]])])

    clean, errors = validate(read_table(data, "s.xlsx"), [Column("Andel", parser=parse_percent)])

    assert errors == []
    assert [row["Andel"] for row in clean] == [Decimal("12.5"), Decimal("12.5")]


def test_parse_percent_errors_name_row_and_column():
    assert one_column_errors(parse_percent, "75 %", "175 %", header="Andel") == [
        "Row 3, column “Andel”: 175 % is more than the highest allowed value, 100 %."
    ]


@pytest.mark.parametrize("value", ["sv", "SWEDISH", " swedish ", "Svenska", "svenska"])
def test_parse_choice_accepts_swedish_and_english_labels_and_the_value(value):
    assert parse_choice(value, LANGUAGE_CHOICES) == "sv"


def test_parse_choice_refuses_others_listing_the_choices():
    assert reason(partial(parse_choice, choices=LANGUAGE_CHOICES), "Norska") == (
        "“Norska” is not one of the allowed values: Swedish, English."
    )


def test_parse_choice_errors_name_row_and_column():
    parser = partial(parse_choice, choices=LANGUAGE_CHOICES)

    assert one_column_errors(parser, "Engelska", "finska", header="Språk") == [
        "Row 3, column “Språk”: “finska” is not one of the allowed values: Swedish, English."
    ]


def test_parse_text_keeps_codes_as_written():
    assert parse_text(" Kista ") == "Kista"
    assert parse_text(180) == "180"
    assert parse_text(dt.date(2025, 6, 7)) == "2025-06-07"
    assert (
        reason(partial(parse_text, max_length=3), "Kista")
        == "the text is 5 characters long; at most 3 are allowed."
    )


# --- validate --------------------------------------------------------------------------------------

COLUMNS = [
    Column("area", aliases=["Område", "Stadsdel"], label="Area"),
    Column("count", aliases=["Antal"], parser=partial(parse_int, min_value=0)),
    Column("rate", aliases=["Per 100 000 inv."], parser=parse_decimal, required=False),
    Column("note", aliases=["Anteckning"], required=False),
]


def test_validate_gives_clean_rows_with_their_row_numbers():
    table = read_table((DATA / "tabular_bra_cp1252.csv").read_bytes(), "bra.csv")

    clean, errors = validate(table, COLUMNS)

    assert errors == []
    assert clean == [
        {"area": "Södermalm", "count": 1234, "rate": Decimal("1004.5"), "note": None},
        {"area": "Rinkeby-Kista", "count": 987, "rate": Decimal("2011.25"), "note": None},
        {"area": "Skärholmen", "count": 56, "rate": Decimal("147.0"), "note": None},
    ]
    assert [row.number for row in clean] == [2, 3, 4]


def test_validate_returns_every_error_and_only_the_good_rows():
    table = read_table(
        b"Stadsdel;Antal;Per 100 000 inv.\nKista;3;1,5\n;x;\nEnskede;-2;1,2.3\nBromma;4;\n", "a.csv"
    )

    clean, errors = validate(table, COLUMNS)

    assert [row["area"] for row in clean] == ["Kista", "Bromma"]
    assert [(error.row, error.column) for error in errors] == [
        (3, "Stadsdel"),
        (3, "Antal"),
        (4, "Antal"),
        (4, "Per 100 000 inv."),
    ]
    assert errors[0] == RowError(
        3,
        "Stadsdel",
        "Row 3, column “Stadsdel”: the cell is empty, but a value is required.",
        "the cell is empty, but a value is required.",
    )
    assert str(errors[2]) == "Row 4, column “Antal”: -2 is less than the lowest allowed value, 0."


def test_validate_reports_a_missing_column_once_on_the_header_row():
    table = read_table(b"Antal;Annat\n1;x\n2;y\n3;z\n", "a.csv")

    clean, errors = validate(table, COLUMNS)

    assert clean == []
    assert [error.message for error in errors] == [
        "Row 1: the required column “Area” is missing. It may also be called: area, Område, Stadsdel."
    ]


def test_validate_still_checks_the_other_columns_when_one_is_missing():
    table = read_table(b"Antal\n1\nx\n", "a.csv", header_row=1)

    clean, errors = validate(table, COLUMNS)

    assert clean == []
    assert [error.message for error in errors] == [
        "Row 1: the required column “Area” is missing. It may also be called: area, Område, Stadsdel.",
        "Row 3, column “Antal”: “x” is not a number. Write numbers like 1234,5 or 1 234,5.",
    ]


def test_validate_names_a_column_without_aliases_plainly():
    _clean, errors = validate(read_table(b"a;b\n1;2\n", "a.csv"), [Column("Område")])

    assert [error.message for error in errors] == ["Row 1: the required column “Område” is missing."]


def test_validate_refuses_a_column_that_appears_twice():
    table = read_table(b"Omr\xc3\xa5de;Antal;Stadsdel\nA;1;B\n", "a.csv")

    clean, errors = validate(table, COLUMNS)

    assert clean == []
    assert [error.message for error in errors] == ["Row 1: the column “Område” appears more than once."]


def test_validate_matches_headers_ignoring_case_spacing_and_underscores():
    table = read_table(b"  AREA ;antal;PER_100_000 INV.\nKista;1;2\n", "a.csv")

    clean, errors = validate(table, COLUMNS)

    assert errors == []
    assert clean == [{"area": "Kista", "count": 1, "rate": Decimal("2"), "note": None}]


def test_validate_matches_a_lazy_label_in_every_language():
    column = Column("language", label=gettext_lazy("Swedish"))

    for header in ("Swedish", "Svenska"):
        clean, errors = validate(read_table(f"{header};x\nja;1\n".encode(), "a.csv"), [column])
        assert (errors, clean) == ([], [{"language": "ja"}])


def test_validate_turns_django_validation_errors_into_row_errors():
    from django.core.validators import validate_email

    def email(value):
        validate_email(value)
        return value

    _clean, errors = validate(
        read_table(b"E-post;x\nnot-an-address;1\n", "a.csv"), [Column("E-post", parser=email)]
    )

    assert [error.message for error in errors] == ["Row 2, column “E-post”: Enter a valid email address."]


def test_validate_messages_are_translated():
    table = read_table("Område;Antal\nKista;x\n".encode(), "a.csv")

    with translation.override("sv"):
        _clean, errors = validate(table, COLUMNS)

    assert [error.message for error in errors] == [
        "Rad 2, kolumn ”Antal”: ”x” är inte ett tal. Skriv tal som 1234,5 eller 1 234,5."
    ]


# --- write_csv -------------------------------------------------------------------------------------


def test_write_csv_writes_what_swedish_excel_opens():
    rows = [
        ["Södermalm", 1234, Decimal("1004.5"), dt.date(2025, 6, 7), True, None],
        ["=1+1", -3, 0.25, dt.datetime(2025, 6, 7, 5, 32, tzinfo=dt.UTC), False, "a;b"],
    ]

    data = write_csv(rows, ["Område", "Antal", "Per 100 000", "Datum", "Aktiv", "Anteckning"])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "Område;Antal;Per 100 000;Datum;Aktiv;Anteckning",
        "Södermalm;1234;1004,5;2025-06-07;yes;",
        '\'=1+1;-3;0,25;2025-06-07 07:32:00;no;"a;b"',
        "",
    ]


def test_write_csv_reads_back_with_read_table():
    data = write_csv([["Kista", Decimal("2.5"), dt.date(2025, 1, 2)]], ["Område", "Värde", "Datum"])

    table = read_table(data, "a.csv")
    clean, errors = validate(
        table, [Column("Område"), Column("Värde", parser=parse_decimal), Column("Datum", parser=parse_date)]
    )

    assert (table.encoding, table.delimiter, errors) == ("utf-8-sig", ";", [])
    assert clean == [{"Område": "Kista", "Värde": Decimal("2.5"), "Datum": dt.date(2025, 1, 2)}]


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20),
            st.integers(min_value=-(10**12), max_value=10**12),
            st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
            st.dates(min_value=dt.date(1900, 3, 1)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_excel_round_trip_holds_for_any_values(rows):
    table = read_table(write_xlsx([Sheet("S", ["t", "i", "d", "day"], rows)]), "s.xlsx")

    def expected(row):
        text = row[0].strip() or None
        return [text, row[1], row[2], row[3]]

    assert values(table) == [expected(row) for row in rows if any(v not in ("", None) for v in expected(row))]


def test_iter_csv_streams_the_same_bytes_line_by_line():
    rows = [["Kista", Decimal("1.5")], ["Bromma", None]]

    chunks = list(iter_csv(iter(rows), ["Område", "Värde"]))

    assert chunks == [b"\xef\xbb\xbfOmr\xc3\xa5de;V\xc3\xa4rde\r\n", b"Kista;1,5\r\n", b"Bromma;\r\n"]
    assert b"".join(chunks) == write_csv(rows, ["Område", "Värde"])
