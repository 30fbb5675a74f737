"""Board documents as PDF, with ReportLab (pure Python: nothing to install on a laptop or server).

    pdf = build_document(
        "Handlingsplan 2026", "Mot våldsbejakande extremism", "Stockholms stad",
        "Socialförvaltningen",
        [Section("Åtgärder", ["Fritext, stycken skilda av tomrad.",
                             Html("<ul><li><strong>Utbildning</strong> för personal</li></ul>"),
                             TableBlock(["Åtgärd", "Nivå"], [["Föräldraträffar", "Generell"]])])],
    )

The first page carries the city, the unit, the title, the date and a table of contents with page
numbers (two passes: ReportLab's multiBuild); every page has "Sida X av Y" / "Page X of Y"; the
sections are PDF bookmarks (the outline a reader opens from the side panel); title, author (the
city), subject and language are set in the metadata. Helvetica with WinAnsi encoding covers
Swedish (å ä ö é ü and the quotation marks and dashes Swedish text uses); ReportLab's open-source
edition does not write a tagged (PDF/UA) structure tree.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Indenter,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
FONT_ITALIC = "Helvetica-Oblique"
INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")  # dark blue, the usual municipal heading colour
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#b7bec8")
HEADER_FILL = colors.HexColor("#e8ecf1")
STRIPE_FILL = colors.HexColor("#f6f7f9")
MARGIN_X = 25 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
PDF_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}


class Html(str):
    """A block of HTML from a trusted or untrusted source, drawn with a safe subset: <p>, <h1>-<h6>
    (all drawn as a sub-heading), <ul>/<ol start>/<li>, <strong>/<b>, <em>/<i>, <code>, <br>, <hr>,
    <blockquote>, <table> (with <thead>/<th> as the header) and <a href> with http, https, mailto or
    tel; so ``Html(richtext.render(markdown))`` prints what the page shows. Other tags are dropped
    and their text kept; <script>, <style> and the like are dropped with their content. Nothing
    reaches ReportLab's own markup unescaped."""


@dataclass
class TableBlock:
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    col_widths: Sequence[float] | None = None  # relative weights, e.g. (3, 1, 1); None: equal widths


@dataclass
class Section:
    heading: str
    blocks: Sequence[str | Html | TableBlock | Flowable] = field(default_factory=list)


@dataclass(frozen=True)
class _Styles:
    city: ParagraphStyle
    unit: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    contents: ParagraphStyle
    toc: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_number: ParagraphStyle
    cell_header: ParagraphStyle
    cell_header_number: ParagraphStyle


def _styles() -> _Styles:
    body = ParagraphStyle(
        "Body", fontName=FONT, fontSize=10.5, leading=15, textColor=INK, spaceAfter=7, splitLongWords=1
    )
    cell = ParagraphStyle("Cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    return _Styles(
        city=ParagraphStyle(
            "City", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, textColor=ACCENT
        ),
        unit=ParagraphStyle("Unit", parent=body, fontSize=11, leading=14, textColor=MUTED, spaceAfter=6),
        title=ParagraphStyle("Title", parent=body, fontName=FONT_BOLD, fontSize=24, leading=29, spaceAfter=8),
        subtitle=ParagraphStyle(
            "Subtitle", parent=body, fontSize=14, leading=18, textColor=MUTED, spaceAfter=10
        ),
        meta=ParagraphStyle("Meta", parent=body, fontSize=10, textColor=MUTED),
        contents=ParagraphStyle(
            "Contents",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceAfter=6,
        ),
        toc=ParagraphStyle("TOC", parent=body, fontSize=10.5, leading=16, leftIndent=0, firstLineIndent=0),
        heading=ParagraphStyle(
            "SectionHeading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=8,
        ),
        subheading=ParagraphStyle(
            "SubHeading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=6,
        ),
        body=body,
        cell=cell,
        cell_number=ParagraphStyle("CellNumber", parent=cell, alignment=TA_RIGHT),
        cell_header=ParagraphStyle("CellHeader", parent=cell, fontName=FONT_BOLD),
        cell_header_number=ParagraphStyle(
            "CellHeaderNumber", parent=cell, fontName=FONT_BOLD, alignment=TA_RIGHT
        ),
    )


# Letters Helvetica (Windows-1252) lacks and Unicode does not decompose; others lose their accent.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H"})


def _printable(text: str) -> str:
    """``text`` with letters outside Windows-1252 (Polish ł, Romanian ș, Czech ř ...) written without
    their accent, so a name prints as a near letter instead of a black box. Symbols such as ≥ and →
    are left alone: ReportLab draws them from its Symbol font."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    characters = []
    for character in text.translate(_PLAIN_LETTERS):
        try:
            character.encode("cp1252")
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c)
            )
            if base and base.isascii():
                character = base
        characters.append(character)
    return "".join(characters)


def _text(value: Any) -> str:
    """Plain text made safe for ReportLab's paragraph markup."""
    return escape(_printable(str(value)))


# --------------------------------------------------------------------------------------------------
# Page furniture


class _PageCount(Flowable):
    """Takes no room; tells multiBuild to run one more pass until the page count of a pass equals
    the one before, so the footer can say "of Y" without holding pages back (which would break the
    bookmarks)."""

    def __init__(self):
        super().__init__()
        self.previous: int | None = None  # the total of the pass before: what the footer shows
        self.current = 0

    def isIndexing(self):  # noqa: N802 (ReportLab's names)
        return 1

    def isSatisfied(self):  # noqa: N802
        return self.previous == self.current

    def beforeBuild(self):  # noqa: N802
        self.previous, self.current = (self.current or None), 0

    def afterBuild(self):  # noqa: N802
        pass

    def notify(self, kind, stuff):
        pass

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        pass


def _draw_furniture(canvas: Canvas, document: _BoardDocument) -> None:
    """The footer on every page ("Sida 3 av 12") and a running header from page 2 on."""
    furniture = document.furniture
    width, height = canvas._pagesize
    page = canvas.getPageNumber()
    canvas.saveState()
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    y = MARGIN_BOTTOM - 9 * mm
    canvas.line(MARGIN_X, y + 4 * mm, width - MARGIN_X, y + 4 * mm)
    total = document.page_count.previous or page  # the first pass only measures
    page_text = furniture["page"] % {"page": page, "pages": total}
    canvas.drawRightString(width - MARGIN_X, y, page_text)
    room = width - 2 * MARGIN_X - stringWidth(page_text, FONT, 8.5) - 10 * mm
    canvas.drawString(MARGIN_X, y, _fit(furniture["footer"], room, FONT, 8.5))
    if page > 1:  # the first page has the full letterhead instead
        top = height - MARGIN_TOP + 8 * mm
        canvas.drawRightString(width - MARGIN_X, top, furniture["date"])
        room = width - 2 * MARGIN_X - stringWidth(furniture["date"], FONT, 8.5) - 10 * mm
        canvas.drawString(MARGIN_X, top, _fit(furniture["header"], room, FONT, 8.5))
        canvas.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)
    if page == 1:
        canvas.addPageLabel(0, style="D", start=1)  # the viewer's page box says 3, as the footer does
        canvas.showOutline()  # open the bookmarks panel
    canvas.restoreState()


def _fit(text: str, room: float, font: str, size: float) -> str:
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


class _BoardDocument(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, *, furniture: dict[str, str], **kwargs):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            displayDocTitle=1,
            **kwargs,
        )
        self.furniture = furniture
        self.page_count = _PageCount()
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_draw_furniture)])

    def afterPage(self):  # noqa: N802 (ReportLab's name)
        self.page_count.current = self.page

    def afterFlowable(self, flowable):  # noqa: N802
        key = getattr(flowable, "outline_key", None)
        if key:
            text = flowable.outline_text
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0, closed=False)
            self.notify("TOCEntry", (0, _text(text), self.page, key))


# --------------------------------------------------------------------------------------------------
# The document


def build_document(
    title: str,
    subtitle: str,
    city_name: str,
    unit_name: str,
    sections: Sequence[Section],
    *,
    lang: str = "sv",
    date: dt.date | None = None,
) -> bytes:
    """The PDF as bytes, in ``lang`` ("sv" or "en") for the fixed words and number formats.
    ``date`` defaults to today in the site's time zone."""
    if lang not in PDF_LANGUAGES:
        raise ValueError(f"lang must be one of {sorted(PDF_LANGUAGES)}")
    date = date or timezone.localdate()
    styles = _styles()
    with translation.override(lang):
        date_text = formats.date_format(date, "j F Y")
        furniture = {
            "page": _("Page %(page)s of %(pages)s"),
            "footer": _printable(" · ".join(part for part in (city_name, unit_name) if part)),
            "header": _printable(title),
            "date": date_text,
        }
        story: list[Flowable] = [
            Paragraph(_text(city_name), styles.city),
            Paragraph(_text(unit_name), styles.unit) if unit_name else Spacer(1, 0),
            HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=2, spaceAfter=0),
            Spacer(1, 22 * mm),
            Paragraph(_text(title), styles.title),
        ]
        if subtitle:
            story.append(Paragraph(_text(subtitle), styles.subtitle))
        story.append(Paragraph(_text(_("Date: %(date)s") % {"date": date_text}), styles.meta))
        if sections:
            toc = TableOfContents(dotsMinLevel=0, levelStyles=[styles.toc])
            story += [Spacer(1, 14 * mm), Paragraph(_text(_("Contents")), styles.contents), toc, PageBreak()]
        for number, section in enumerate(sections, start=1):
            story.extend(_section(section, f"section-{number}", styles))

        buffer = io.BytesIO()
        document = _BoardDocument(
            buffer,
            furniture=furniture,
            title=title,
            author=city_name,
            subject=subtitle or title,
            creator="Safe City",
            lang=PDF_LANGUAGES[lang],
        )
        document.multiBuild([document.page_count, *story])
    return buffer.getvalue()


def _section(section: Section, key: str, styles: _Styles) -> list[Flowable]:
    heading = Paragraph(_text(section.heading), styles.heading)
    heading.outline_key = key
    heading.outline_text = section.heading
    # A new page when little room is left, rather than keepWithNext: that would push a long table
    # whole onto the next page and leave this one half empty.
    flowables: list[Flowable] = [CondPageBreak(45 * mm), heading]
    for block in section.blocks:
        if isinstance(block, Html):
            flowables.extend(html_flowables(block, styles))
        elif isinstance(block, str):
            flowables.extend(_plain_text(block, styles))
        elif isinstance(block, TableBlock):
            flowables.append(_table(block, styles))
        elif isinstance(block, Flowable):
            flowables.append(block)  # a chart or anything else ReportLab can draw
        else:
            raise TypeError(f"Unknown block type: {type(block).__name__}")
    return flowables


def _plain_text(text: str, styles: _Styles) -> list[Flowable]:
    """Paragraphs separated by a blank line; a single line break stays a line break."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return [
        Paragraph("<br/>".join(_text(line) for line in paragraph.splitlines()), styles.body)
        for paragraph in paragraphs
        if paragraph.strip()
    ]


def _cell_text(value: Any) -> tuple[str, bool]:
    """A table cell's text (escaped) and whether it is a number (drawn right-aligned)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return _text(_("yes") if value else _("no")), False
    if isinstance(value, int | float | Decimal):
        return _text(formats.number_format(value, force_grouping=True)), True
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M"), False
    if isinstance(value, dt.date):
        return value.isoformat(), False
    return "<br/>".join(_text(line) for line in str(value).splitlines()), False


def _table(block: TableBlock, styles: _Styles) -> Table:
    width = A4[0] - 2 * MARGIN_X
    count = len(block.headers)
    weights = list(block.col_widths or [1] * count)
    if len(weights) != count or any(weight <= 0 for weight in weights):
        raise ValueError("col_widths needs one positive weight per header")
    widths = [width * weight / sum(weights) for weight in weights]
    body = []
    numeric_columns = [True] * count
    for row in block.rows:
        cells = []
        for position, value in enumerate(list(row)[:count] + [None] * (count - len(row))):
            text, numeric = _cell_text(value)
            numeric_columns[position] &= numeric or value is None
            cells.append(Paragraph(text, styles.cell_number if numeric else styles.cell))
        body.append(cells)
    header_styles = [
        styles.cell_header_number if numeric and block.rows else styles.cell_header
        for numeric in numeric_columns
    ]
    data = [
        [Paragraph(_text(header), style) for header, style in zip(block.headers, header_styles, strict=True)]
    ]
    return _styled_table(data + body, widths, header_rows=1)


def _styled_table(data: list[list[Flowable]], widths: list[float], header_rows: int) -> Table:
    """Header rows shaded and repeated on every page, thin rules, light stripes; a row taller than a
    page is split rather than failing."""
    table = Table(data, colWidths=widths, repeatRows=header_rows, splitInRow=1, hAlign="LEFT", spaceAfter=10)
    commands = [
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    else:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.25, RULE))
    commands += [
        ("BACKGROUND", (0, row), (-1, row), STRIPE_FILL) for row in range(header_rows + 1, len(data), 2)
    ]
    table.setStyle(TableStyle(commands))
    return table


# --------------------------------------------------------------------------------------------------
# The HTML subset

_DROP_WITH_CONTENT = {
    "script",
    "style",
    "head",
    "title",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
}
_VOID = {"br", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source", "track"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "section", "article", "blockquote", "ul", "ol", "li", "table", "tr", "td", "th"}
_BLOCKS |= _HEADINGS


class _Node:
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]] | None = None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs or []}
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    """A forgiving HTML reader: unclosed <p> and <li> close the way browsers close them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROP_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag in ("br", "hr"):
            self.handle_startendtag(tag, attrs)
            return
        if tag in _VOID:
            return
        if tag in _BLOCKS and self._is_open("p"):
            self._close("p")
        if tag == "li" and self._is_open("li", within=("ul", "ol")):
            self._close("li")
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if self.dropping or tag not in ("br", "hr"):
            return
        if tag == "hr" and self._is_open("p"):
            self._close("p")
        self.stack[-1].children.append(_Node(tag))

    def handle_endtag(self, tag):
        if tag in _DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if not self.dropping and self._is_open(tag):
            self._close(tag)

    def handle_data(self, data):
        if not self.dropping:
            self.stack[-1].children.append(data)

    def _is_open(self, tag: str, within: tuple[str, ...] = ()) -> bool:
        for node in reversed(self.stack[1:]):
            if node.tag == tag:
                return True
            if node.tag in within:
                return False
        return False

    def _close(self, tag: str) -> None:
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                return


def html_flowables(html: str, styles: _Styles | None = None) -> list[Flowable]:
    """The safe subset of ``html`` as ReportLab flowables (see ``Html``)."""
    styles = styles or _styles()
    builder = _TreeBuilder()
    builder.feed(str(html))
    builder.close()
    return _blocks(builder.root, styles)


def _blocks(node: _Node, styles: _Styles) -> list[Flowable]:
    flowables: list[Flowable] = []
    inline: list[str] = []

    def flush():
        text = "".join(inline).strip()
        inline.clear()
        if re.sub(r"<[^>]*>", "", text).strip():
            flowables.append(Paragraph(text, styles.body))

    for child in node.children:
        if isinstance(child, str):
            inline.append(_text(child))
        elif child.tag in _HEADINGS:
            flush()
            text = _inline(child).strip()
            if text:
                flowables += [CondPageBreak(30 * mm), Paragraph(text, styles.subheading)]
        elif child.tag in ("ul", "ol"):
            flush()
            listing = _list(child, styles)
            if listing is not None:
                flowables.append(listing)
        elif child.tag == "table":
            flush()
            table = _html_table(child, styles)
            if table is not None:
                flowables.append(table)
        elif child.tag == "blockquote":
            flush()
            flowables += [Indenter(left=14), *_blocks(child, styles), Indenter(left=-14)]
        elif child.tag == "hr":
            flush()
            flowables.append(HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=8))
        elif child.tag in _BLOCKS:
            flush()
            flowables.extend(_blocks(child, styles))
        else:
            inline.append(_inline_node(child))
    flush()
    return flowables


def _inline(node: _Node) -> str:
    return "".join(_text(child) if isinstance(child, str) else _inline_node(child) for child in node.children)


def _inline_node(node: _Node) -> str:
    inner = _inline(node)
    if node.tag in ("strong", "b"):
        return f"<b>{inner}</b>"
    if node.tag in ("em", "i"):
        return f"<i>{inner}</i>"
    if node.tag == "br":
        return "<br/>"
    if node.tag == "code":
        return f'<font face="Courier">{inner}</font>'
    if node.tag == "a":
        href = node.attrs.get("href", "").strip()
        if urlsplit(href).scheme.lower() in LINK_SCHEMES:
            return f'<a href="{escape(href, {chr(34): "&quot;"})}" color="#1f4e79"><u>{inner}</u></a>'
    return inner


def _html_table(node: _Node, styles: _Styles) -> Table | None:
    """An HTML table (as Markdown tables come out of safecity.core.richtext) drawn like a TableBlock:
    the rows of <thead>, or leading rows of only <th>, are the header."""
    rows: list[tuple[bool, list[_Node]]] = []

    def collect(parent: _Node, in_head: bool) -> None:
        for child in parent.children:
            if isinstance(child, str):
                continue
            if child.tag == "tr":
                cells = [
                    cell for cell in child.children if isinstance(cell, _Node) and cell.tag in ("td", "th")
                ]
                if cells:
                    rows.append((in_head or all(cell.tag == "th" for cell in cells), cells))
            elif child.tag in ("thead", "tbody", "tfoot"):
                collect(child, child.tag == "thead")

    collect(node, False)
    if not rows:
        return None
    header_rows = 0
    while header_rows < len(rows) and rows[header_rows][0]:
        header_rows += 1
    count = max(len(cells) for _head, cells in rows)
    data = []
    for position, (_head, cells) in enumerate(rows):
        style = styles.cell_header if position < header_rows else styles.cell
        row = [Paragraph(_inline(cell).strip(), style) for cell in cells]
        data.append(row + [""] * (count - len(row)))
    width = A4[0] - 2 * MARGIN_X
    return _styled_table(data, [width / count] * count, header_rows=min(header_rows, len(rows) - 1))


def _list(node: _Node, styles: _Styles) -> ListFlowable | None:
    items = []
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                items.append(ListItem(Paragraph(_text(child.strip()), styles.body)))
            continue
        holder = child if child.tag == "li" else _Node("li")
        if holder is not child:
            holder.children.append(child)
        flowables = _blocks(holder, styles)
        if flowables:
            items.append(ListItem(flowables))
    if not items:
        return None
    ordered = node.tag == "ol"
    start = node.attrs.get("start", "")
    return ListFlowable(
        items,
        bulletType="1" if ordered else "bullet",
        bulletFormat="%s." if ordered else None,
        start=(int(start) if start.isdigit() else None) if ordered else "•",
        bulletFontName=FONT,
        bulletFontSize=10,
        leftIndent=18,
        bulletDedent=14 if ordered else 10,
        spaceBefore=0,
        spaceAfter=6,
    )
