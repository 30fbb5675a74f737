"""Board documents as PDF (safecity.core.pdf), checked by reading them back with pypdf."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.platypus import Spacer

from safecity.core.pdf import Html, Section, TableBlock, build_document

LOREM = (
    "Staden arbetar förebyggande mot våldsbejakande extremism. Åtgärderna följs upp varje tertial "
    "och redovisas för nämnden i tertialrapport 1 och i årsrapporten. "
) * 8


def sections():
    return [
        Section("Inledning", [LOREM, LOREM + "\n\n" + LOREM]),
        Section(
            "Lägesbild",
            [
                Html(
                    "<h3>Läget i stadsdelen</h3><p>Polisen rapporterar <strong>ökad</strong> aktivitet, "
                    "se <a href='https://bra.se'>Brå</a>.</p><ul><li>Första punkten<li>Andra punkten</ul>"
                ),
                LOREM,
            ],
        ),
        Section(
            "Åtgärder",
            [
                TableBlock(
                    ["Åtgärd", "Nivå", "Kostnad (kr)", "Start"],
                    [
                        [
                            f"Föräldraträffar i samverkan, omgång {i}",
                            "Generell",
                            Decimal("12345.5") * i,
                            dt.date(2026, 1, 15),
                        ]
                        for i in range(1, 80)
                    ],
                    col_widths=[4, 1.5, 1.5, 1.5],
                )
            ],
        ),
        Section("Uppföljning", ["Uppföljningen sker i tertialrapport 1 och i årsrapporten."]),
    ]


def build(lang="sv", **kwargs):
    arguments = {
        "title": "Handlingsplan 2026 mot våldsbejakande extremism",
        "subtitle": "Arbetsmarknadsnämnden – förslag till beslut",
        "city_name": "Stockholms stad",
        "unit_name": "Arbetsmarknadsförvaltningen",
        "sections": sections(),
        "date": dt.date(2025, 6, 7),
    } | kwargs
    return PdfReader(io.BytesIO(build_document(**arguments, lang=lang)))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def swedish():
    return build("sv")


def test_it_opens_as_an_a4_pdf_of_several_pages(swedish):
    assert len(swedish.pages) >= 4
    box = swedish.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_it_has_the_metadata_a_board_archive_needs(swedish):
    assert swedish.metadata.title == "Handlingsplan 2026 mot våldsbejakande extremism"
    assert swedish.metadata.author == "Stockholms stad"
    assert swedish.metadata.subject == "Arbetsmarknadsnämnden – förslag till beslut"
    assert swedish.trailer["/Root"]["/Lang"] == "sv-SE"
    assert swedish.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_the_swedish_text_can_be_extracted(swedish):
    text = text_of(swedish)

    assert "Åtgärder" in text
    assert "våldsbejakande extremism" in text
    assert "Föräldraträffar i samverkan, omgång 79" in text
    assert re.search(r"12\s345,5", text)  # Swedish number format
    assert "ökad" in text


def test_the_first_page_has_the_city_the_title_the_date_and_the_contents(swedish):
    first = swedish.pages[0].extract_text()

    assert first.startswith("Stockholms stad\nArbetsmarknadsförvaltningen")
    assert "Datum: 7 juni 2025" in first
    assert "Innehåll" in first


def test_the_outline_has_the_sections_and_the_contents_their_pages(swedish):
    outline = [(item.title, swedish.get_destination_page_number(item) + 1) for item in swedish.outline]
    contents = swedish.pages[0].extract_text(extraction_mode="layout")

    assert [title for title, _page in outline] == ["Inledning", "Lägesbild", "Åtgärder", "Uppföljning"]
    for title, page in outline:
        assert page > 1
        assert re.search(rf"^{title}[ .]+ {page}$", contents, re.MULTILINE), (title, page)
        assert title in swedish.pages[page - 1].extract_text()
    assert swedish.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_every_page_says_which_page_of_how_many(swedish):
    total = len(swedish.pages)

    for number, page in enumerate(swedish.pages, start=1):
        assert f"Sida {number} av {total}" in page.extract_text()
    assert swedish.page_labels == [str(number) for number in range(1, total + 1)]


def test_later_pages_repeat_the_title_and_the_table_header(swedish):
    later = [page.extract_text() for page in swedish.pages[1:]]

    assert all("7 juni 2025" in text for text in later)
    assert sum("Kostnad (kr)" in text for text in later) >= 2  # the table went on over a page


def test_it_speaks_english_when_asked():
    reader = build("en")
    first = reader.pages[0].extract_text()

    assert "Contents" in first and "Date: 7 June 2025" in first
    assert f"Page 1 of {len(reader.pages)}" in first
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "12,345.5" in text_of(reader)


def test_html_is_reduced_to_a_safe_subset():
    html = Html(
        "<p>Hej <strong>fet</strong> <em>kursiv</em> <font size=90>stor</font></p>"
        "<script>alert('x')</script><style>p{}</style>"
        "<p><a href='javascript:alert(1)'>farlig</a> <a href='https://stockholm.se/a?b=1&c=2'>stad</a>"
        " <img src='/etc/passwd'> &lt;img src=x&gt;</p><ol><li>ett</li><li>två<ul><li>under</li></ul></li></ol>"
    )

    reader = build(sections=[Section("Avsnitt", [html])])
    text = text_of(reader)
    links = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A")
    ]

    assert "Hej fet kursiv stor" in text
    assert "alert" not in text and "p{}" not in text
    assert "farlig stad" in text
    assert "<img src=x>" in text
    assert re.search(r"1\.\s+ett\s+2\.\s+två\s+\S*\s*under", text)
    assert links == ["https://stockholm.se/a?b=1&c=2"]


def test_plain_text_is_never_read_as_markup():
    reader = build(
        sections=[Section("A <b>", ['<font size="90">x</font> & <img src="/etc/passwd"/>\nny rad'])]
    )

    text = text_of(reader)

    assert '<font size="90">x</font> & <img src="/etc/passwd"/>\nny rad' in text
    assert reader.outline[0].title == "A <b>"


def test_a_table_cell_longer_than_a_page_is_split_instead_of_failing():
    long_cell = " ".join(["Mycket lång beskrivning av åtgärden."] * 900)

    reader = build(
        sections=[Section("Åtgärder", [TableBlock(["Åtgärd", "Nivå"], [[long_cell, "Generell"]])])]
    )

    assert len(reader.pages) >= 3


def test_table_cells_take_numbers_dates_yes_no_and_blanks():
    block = TableBlock(
        ["a", "b", "c", "d", "e"], [[None, True, dt.datetime(2025, 6, 7, 5, 30, tzinfo=dt.UTC), 3, "x"]]
    )

    text = text_of(build(sections=[Section("Tabell", [block])]))

    assert "ja" in text and "2025-06-07 07:30" in text


def test_it_needs_no_sections():
    reader = build(sections=[])

    assert len(reader.pages) == 1
    assert "Sida 1 av 1" in reader.pages[0].extract_text()


def test_letters_helvetica_lacks_print_without_their_accent():
    text = text_of(build(sections=[Section("Namn", ["Łódź, Iași och Dvořák; ≥ 5"])]))

    assert "Lódz, Iasi och Dvorák; ≥ 5" in text  # ó and á are in Windows-1252, so they stay


def test_it_accepts_reportlab_flowables_as_blocks():
    assert len(build(sections=[Section("Diagram", [Spacer(10, 10)])]).pages) == 2


def test_it_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="lang"):
        build("de")
    with pytest.raises(TypeError, match="dict"):
        build(sections=[Section("A", [{"not": "a block"}])])
    with pytest.raises(ValueError, match="col_widths"):
        build(sections=[Section("A", [TableBlock(["a", "b"], [], col_widths=[1])])])


def test_markdown_from_richtext_prints_with_its_table_and_links():
    from safecity.core.richtext import render

    markdown = (
        "## Mål\n\nSe [Brå](https://bra.se).\n\n| Område | Antal |\n|---|---:|\n| Kista | 12 |\n| Södermalm | 4 |\n\n"
        "---\n\n3. tre\n4. fyra\n\n> Citat från nämnden.\n"
    )

    reader = build(sections=[Section("Mål", [Html(render(markdown))])])
    text = reader.pages[1].extract_text(extraction_mode="layout")
    uris = [annotation.get_object()["/A"]["/URI"] for annotation in reader.pages[1]["/Annots"]]

    assert re.search(r"Område\s+Antal", text) and re.search(r"Kista\s+12", text)
    assert re.search(r"3\.\s+tre", text) and re.search(r"4\.\s+fyra", text)
    assert "Citat från nämnden." in text
    assert uris == ["https://bra.se"]
