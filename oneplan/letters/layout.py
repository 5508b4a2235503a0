"""Thai official external letters (หนังสือภายนอก) laid out as DOCX and as PDF.

The layout follows the Regulation of the Prime Minister's Office on Correspondence
(ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ): A4 portrait, margins top 2.5 cm, left 3 cm,
right 2 cm, bottom 2 cm, Sarabun 16 pt. From the top of page 1: a 3 cm space for the Garuda
emblem (left empty; the urgency marker, when any, stands at its left), "ที่ <number>" at the
left with the office and its address in a right-hand column on the same line, the date
starting at the page's centre, then "เรื่อง", "เรียน", "อ้างถึง" and "สิ่งที่ส่งมาด้วย", each
with a hanging indent so that wrapped lines align after the label, the body paragraphs
(first line indented 2.5 cm, justified), the closing, the signature space, the name in
parentheses and the position centred a little right of the page's centre, and the owning
unit's lines at the bottom left. A distribution list (บัญชีแนบท้ายหนังสือ) goes on a page of
its own. Pages after the first carry their number ("- ๒ -"); the distribution list does not.

`letter_docx()` writes the Word file with the helpers of `oneplan.documents.docx`;
`letter_pdf()` renders `letter_html()` with WeasyPrint through
`oneplan.documents.pdf.html_to_pdf()` (local Sarabun files, no network). Every text of the
letter is escaped before it goes into the HTML: the fields come from users.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from oneplan.core.thai import format_date_full, to_thai_digits
from oneplan.documents.docx import (
    CONTENT_WIDTH_CM,
    FONT_NAME,
    FONT_SIZE_PT,
    MARGIN_BOTTOM_CM,
    MARGIN_LEFT_CM,
    MARGIN_RIGHT_CM,
    MARGIN_TOP_CM,
    PAGE_WIDTH_CM,
    PARAGRAPH_INDENT_CM,
    add_table,
    new_document,
    set_run_format,
    start_section,
    to_bytes,
)
from oneplan.documents.pdf import FONT_FAMILY, html_to_pdf

__all__ = [
    "LetterContent",
    "Reference",
    "letter_date",
    "letter_docx",
    "letter_html",
    "letter_pdf",
    "office_short_name",
]

# --------------------------------------------------------------------------- geometry
# Horizontal positions are measured from the left margin, in cm.

EMBLEM_HEIGHT_CM = 3.0
"""Height of the space kept for the Garuda emblem at the top of page 1."""
PAGE_CENTRE_CM = PAGE_WIDTH_CM / 2 - MARGIN_LEFT_CM  # 7.5: the date starts here
OFFICE_COLUMN_CM = 8.5  # the office and its address start here, a little right of centre
SIGNATURE_CENTRE_CM = PAGE_CENTRE_CM + 1.5  # closing, name and position are centred here
SIGNATURE_INDENT_CM = 2 * SIGNATURE_CENTRE_CM - CONTENT_WIDTH_CM  # centring with this indent
NUMBER_WIDTH_CM = 0.8  # "๑. " before a numbered reference or enclosure
QUANTITY_WIDTH_CM = 3.5  # "จำนวน ๑ เล่ม", right of each enclosure
DISTRIBUTION_NUMBER_CM = 1.5  # the "ที่" column of the distribution list
URGENCY_SIZE_PT = 32  # ชั้นความเร็ว: bold, larger than the text
SPACE_PT = 6  # space before each part of the letter
SIGNATURE_LINES = 3  # blank lines left for the signature

LABEL_WIDTH_CM = {
    "เรื่อง": 1.5,
    "เรียน": 1.5,
    "อ้างถึง": 1.9,
    "สิ่งที่ส่งมาด้วย": 3.5,
    "สำเนาส่ง": 2.4,
}
"""Where the text after each label starts (and where its wrapped lines align)."""

NO_BREAK_SPACE = "\u00a0"
_OFFICE_PREFIXES = ("ศาลากลาง", "ที่ว่าการ", "ศาลาว่าการ")


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Reference:
    """A letter referred to (อ้างถึง); plain strings are accepted as well."""

    text: str


@dataclass(frozen=True)
class LetterContent:
    """What an external letter says; the layout functions decide where it goes.

    Texts may hold line breaks ("\\n"). Digits may be typed as Arabic digits: with
    ``thai_digits`` the layout functions print them as Thai digits.
    """

    number: str
    office: str
    address: str
    date: datetime.date
    subject: str
    salutation: str
    references: tuple[str | Reference, ...] = ()
    enclosures: tuple[tuple[str, str], ...] = ()
    body: tuple[str, ...] = ()
    closing: str = "ขอแสดงความนับถือ"
    signatory: str = ""
    position: str = ""
    unit_lines: tuple[str, ...] = ()
    urgency: str = ""
    copies_to: tuple[str, ...] = ()
    distribution: tuple[str, ...] = ()


def letter_date(d: datetime.date, *, thai_digits: bool = True) -> str:
    """The date as printed on a letter: "๒๘ พฤษภาคม ๒๕๖๒" (no "วันที่", no "พ.ศ.")."""
    return format_date_full(d, thai_digits=thai_digits)


def office_short_name(office: str) -> str:
    """The issuer as named in "หนังสือ…": "ศาลากลางจังหวัดระยอง" -> "จังหวัดระยอง"."""
    office = " ".join(office.split())
    for prefix in _OFFICE_PREFIXES:
        if office.startswith(prefix) and len(office) > len(prefix):
            return office[len(prefix) :].strip()
    return office


# --------------------------------------------------------------------------- printed texts


@dataclass(frozen=True)
class _Item:
    number: str  # "๑." or "" when the list has a single item
    text: str
    quantity: str = ""


@dataclass(frozen=True)
class _Printed:
    """Every text of the letter exactly as printed (digits converted, lines split)."""

    urgency: str
    number: str
    number_line: str
    office_lines: tuple[str, ...]
    date: str
    subject: str
    salutation: str
    references: tuple[_Item, ...]
    enclosures: tuple[_Item, ...]
    body: tuple[str, ...]
    closing: str
    signatory: str
    position_lines: tuple[str, ...]
    unit_lines: tuple[str, ...]
    copies_to: tuple[str, ...]
    distribution_title: str
    issuer: str
    distribution: tuple[tuple[str, str], ...]


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in _clean(text).split("\n") if line.strip())


def _numbered(
    texts: Iterable[str], quantities: Iterable[str] | None, digits: Callable[[str], str]
) -> tuple[_Item, ...]:
    texts = list(texts)
    quantities = list(quantities) if quantities is not None else [""] * len(texts)
    many = len(texts) > 1
    return tuple(
        _Item(digits(f"{index}.") if many else "", digits(_clean(text)), digits(_clean(qty)))
        for index, (text, qty) in enumerate(zip(texts, quantities, strict=True), 1)
    )


def _printed(letter: LetterContent, thai_digits: bool) -> _Printed:
    def digits(text: str) -> str:
        return to_thai_digits(text) if thai_digits else text

    references = [r.text if isinstance(r, Reference) else r for r in letter.references]
    name = _clean(letter.signatory)
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1].strip()
    date = letter_date(letter.date, thai_digits=thai_digits)
    number = digits(_clean(letter.number))
    issuer = digits(office_short_name(letter.office))
    return _Printed(
        urgency=digits(_clean(letter.urgency)),
        number=number,
        number_line=f"ที่ {number}".strip(),
        office_lines=tuple(digits(line) for line in _lines(letter.office) + _lines(letter.address)),
        date=date,
        subject=digits(_clean(letter.subject)),
        salutation=digits(_clean(letter.salutation)),
        references=_numbered(references, None, digits),
        enclosures=_numbered(
            (item for item, _ in letter.enclosures), (qty for _, qty in letter.enclosures), digits
        ),
        body=tuple(digits(_clean(p)) for p in letter.body if p.strip()),
        closing=digits(_clean(letter.closing)),
        signatory=digits(f"({name})") if name else "",
        position_lines=tuple(digits(line) for line in _lines(letter.position)),
        unit_lines=tuple(digits(_clean(line)) for line in letter.unit_lines if line.strip()),
        copies_to=tuple(digits(_clean(line)) for line in letter.copies_to if line.strip()),
        distribution_title="บัญชีแนบท้ายหนังสือ",
        issuer=issuer,
        distribution=tuple(
            (digits(str(index)), digits(_clean(recipient)))
            for index, recipient in enumerate((n for n in letter.distribution if n.strip()), 1)
        ),
    )


# --------------------------------------------------------------------------- DOCX


def _add_text(
    paragraph: Paragraph, text: str, *, size_pt: float = FONT_SIZE_PT, bold: bool = False
) -> None:
    """Runs in Sarabun at `size_pt`; a line break in `text` becomes a break in the line."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_run_format(run, font_name=FONT_NAME, size_pt=size_pt, bold=True if bold else None)
        if index < len(lines) - 1:
            run.add_break()


def _paragraph(
    container: Document,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    left_cm: float = 0.0,
    first_line_cm: float = 0.0,
    space_before_pt: float = 0,
    bold: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    if left_cm:
        fmt.left_indent = Cm(left_cm)
    if first_line_cm:
        fmt.first_line_indent = Cm(first_line_cm)
    if space_before_pt:
        fmt.space_before = Pt(space_before_pt)
    if text:
        _add_text(paragraph, text, bold=bold)
    return paragraph


def _tab_stops(paragraph: Paragraph, *positions_cm: float) -> None:
    stops = paragraph.paragraph_format.tab_stops
    for position in positions_cm:
        stops.add_tab_stop(Cm(position), WD_TAB_ALIGNMENT.LEFT)


def _docx_field(
    doc: Document, label: str, value: str, *, space_before_pt: float = SPACE_PT
) -> Paragraph:
    """A labelled line ("เรื่อง", tab, value); wrapped lines align after the label."""
    width = LABEL_WIDTH_CM[label]
    paragraph = _paragraph(
        doc, left_cm=width, first_line_cm=-width, space_before_pt=space_before_pt
    )
    _tab_stops(paragraph, width)
    _add_text(paragraph, f"{label}\t{value}" if value else label)
    return paragraph


def _docx_references(doc: Document, items: tuple[_Item, ...]) -> None:
    """The references (อ้างถึง), numbered when many; wrapped lines align after the number."""
    label = "อ้างถึง"
    width = LABEL_WIDTH_CM[label]
    for index, item in enumerate(items):
        indent = width + (NUMBER_WIDTH_CM if item.number else 0)
        first_line = -indent if index == 0 else -(indent - width)
        paragraph = _paragraph(
            doc, left_cm=indent, first_line_cm=first_line, space_before_pt=SPACE_PT * (index == 0)
        )
        _tab_stops(paragraph, width, indent)
        parts = [label] if index == 0 else []
        _add_text(
            paragraph,
            "\t".join([*parts, item.number, item.text] if item.number else [*parts, item.text]),
        )


def _docx_enclosures(doc: Document, items: tuple[_Item, ...]) -> None:
    """The enclosures (สิ่งที่ส่งมาด้วย) as a borderless table: label | number | item | quantity.

    A table (rather than tab stops) keeps a long item wrapping inside its own column, with
    its quantity beside it, as in the PDF.
    """
    label = "สิ่งที่ส่งมาด้วย"
    numbered = any(item.number for item in items)
    with_quantity = any(item.quantity for item in items)
    widths = [LABEL_WIDTH_CM[label]]
    if numbered:
        widths.append(NUMBER_WIDTH_CM)
    widths.append(CONTENT_WIDTH_CM - sum(widths) - (QUANTITY_WIDTH_CM if with_quantity else 0))
    if with_quantity:
        widths.append(QUANTITY_WIDTH_CM)
    table = _borderless_table(doc, len(items), widths)
    for index, (row, item) in enumerate(zip(table.rows, items, strict=True)):
        texts = [label if index == 0 else ""]
        if numbered:
            texts.append(item.number)
        texts.append(item.text)
        if with_quantity:
            texts.append(item.quantity)
        for cell, text in zip(row.cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            if index == 0:
                paragraph.paragraph_format.space_before = Pt(SPACE_PT)
            if text:
                _add_text(paragraph, text)


def _no_cell_margins(table: Table) -> None:
    """Cells without left/right padding and no indent, so text lines up with the margin."""
    tbl_pr = table._tbl.tblPr
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.insert_element_before(
        indent,
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )
    tbl_pr.insert_element_before(
        layout, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
    tbl_pr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _borderless_table(doc: Document, rows: int, widths_cm: list[float]) -> Table:
    """A table without borders or cell padding whose columns have these widths."""
    table = doc.add_table(rows=rows, cols=len(widths_cm))  # no style: the "Normal Table"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _no_cell_margins(table)
    for index, width in enumerate(widths_cm):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
    return table


def _docx_head(doc: Document, p: _Printed) -> None:
    """The emblem space (with the urgency marker), then "ที่" | office and address."""
    emblem = _paragraph(doc)
    emblem.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    emblem.paragraph_format.line_spacing = Cm(EMBLEM_HEIGHT_CM)
    if p.urgency:
        _add_text(emblem, p.urgency, size_pt=URGENCY_SIZE_PT, bold=True)

    table = _borderless_table(doc, 1, [OFFICE_COLUMN_CM, CONTENT_WIDTH_CM - OFFICE_COLUMN_CM])
    left, right = table.rows[0].cells
    _add_text(left.paragraphs[0], p.number_line)
    for index, line in enumerate(p.office_lines):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        _add_text(paragraph, line)

    _paragraph(doc, p.date, left_cm=PAGE_CENTRE_CM, space_before_pt=SPACE_PT)


def _docx_signature(doc: Document, p: _Printed) -> None:
    def centred(text: str = "", space_before_pt: float = 0) -> Paragraph:
        paragraph = _paragraph(
            doc,
            text,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            left_cm=SIGNATURE_INDENT_CM,
            space_before_pt=space_before_pt,
        )
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    centred(p.closing, SPACE_PT * 2)
    for _ in range(SIGNATURE_LINES):
        centred()
    if p.signatory:
        centred(p.signatory)
    for line in p.position_lines:
        centred(line)


def _docx_distribution(doc: Document, p: _Printed) -> None:
    start_section(doc, landscape=False)
    section = doc.sections[-1]
    section.header.is_linked_to_previous = False  # an empty header: no page number here
    heading = _paragraph(doc, p.distribution_title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    heading.paragraph_format.keep_with_next = True
    # No-break spaces keep the number and the date each on one line.
    number, date = (text.replace(" ", NO_BREAK_SPACE) for text in (p.number, p.date))
    line = f"หนังสือ{p.issuer} ที่ {number} ลงวันที่ {date}"
    _paragraph(doc, line, space_before_pt=SPACE_PT)
    _docx_field(doc, "เรื่อง", p.subject, space_before_pt=0)
    _paragraph(doc)
    number_width = DISTRIBUTION_NUMBER_CM / CONTENT_WIDTH_CM
    table = add_table(doc, ("ที่", "รายชื่อ"), p.distribution, widths=(number_width, 1))
    for row in table.rows:
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _format_every_run(doc: Document) -> None:
    """Give every run its own font (and 16 pt unless it has a size) so nothing falls back."""
    parts = [doc.element.body]
    for section in doc.sections:
        for header in (section.header, section.first_page_header):
            if not header.is_linked_to_previous:
                parts.append(header._element)
    for part in parts:
        for r in part.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            has_size = rpr is not None and rpr.find(qn("w:sz")) is not None
            set_run_format(
                Run(r, None), font_name=FONT_NAME, size_pt=None if has_size else FONT_SIZE_PT
            )


def letter_docx(letter: LetterContent, *, thai_digits: bool = True) -> bytes:
    """The letter as a Word file (bytes), in the official layout; see the module docstring."""
    p = _printed(letter, thai_digits)
    doc = new_document(title=p.subject, page_numbers=True, thai_digits=thai_digits)
    _docx_head(doc, p)
    _docx_field(doc, "เรื่อง", p.subject, space_before_pt=SPACE_PT * 2)
    _docx_field(doc, "เรียน", p.salutation)
    if p.references:
        _docx_references(doc, p.references)
    if p.enclosures:
        _docx_enclosures(doc, p.enclosures)
    for text in p.body:
        _paragraph(
            doc,
            text,
            align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
            first_line_cm=PARAGRAPH_INDENT_CM,
            space_before_pt=SPACE_PT,
        )
    _docx_signature(doc, p)
    for index, line in enumerate(p.unit_lines):
        _paragraph(doc, line, space_before_pt=FONT_SIZE_PT * 1.5 if index == 0 else 0)
    if p.copies_to:
        for index, line in enumerate(p.copies_to):
            if index == 0:
                _docx_field(doc, "สำเนาส่ง", line, space_before_pt=FONT_SIZE_PT)
            else:
                width = LABEL_WIDTH_CM["สำเนาส่ง"]
                _paragraph(doc, line, left_cm=width)
    if p.distribution:
        _docx_distribution(doc, p)
    _format_every_run(doc)
    return to_bytes(doc)


# --------------------------------------------------------------------------- HTML and PDF


def _h(text: str) -> str:
    """Escaped text for HTML; line breaks become <br>."""
    return "<br>".join(escape(line, quote=True) for line in text.split("\n"))


def _css(thai_digits: bool) -> str:
    counter = "thai" if thai_digits else "decimal"
    return f"""
@page {{
  size: A4;
  margin: {MARGIN_TOP_CM}cm {MARGIN_RIGHT_CM}cm {MARGIN_BOTTOM_CM}cm {MARGIN_LEFT_CM}cm;
  @top-center {{
    content: "- " counter(page, {counter}) " -";
    font-family: "{FONT_FAMILY}"; font-size: {FONT_SIZE_PT}pt;
    vertical-align: bottom; padding-bottom: 0.4cm;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}
@page distribution {{ @top-center {{ content: none; }} }}
html {{
  font-family: "{FONT_FAMILY}", sans-serif; font-size: {FONT_SIZE_PT}pt;
  line-height: 1.3; color: #000;
}}
body {{ margin: 0; }}
p {{ margin: 0; }}
.emblem {{ height: {EMBLEM_HEIGHT_CM}cm; display: flex; align-items: center; }}
.urgency {{ font-size: {URGENCY_SIZE_PT}pt; font-weight: bold; line-height: 1.2; }}
.head {{ display: flex; }}
.head .number {{ flex: none; width: {OFFICE_COLUMN_CM}cm; }}
.head .office {{ flex: 1; }}
.date {{ margin: {SPACE_PT}pt 0 0 {PAGE_CENTRE_CM}cm; }}
.field {{ display: flex; margin-top: {SPACE_PT}pt; }}
.field.first {{ margin-top: {SPACE_PT * 2}pt; }}
.field.tight {{ margin-top: 0; }}
.label {{ flex: none; }}
.value {{ flex: 1; min-width: 0; }}
.item {{ display: flex; }}
.item .no {{ flex: none; width: {NUMBER_WIDTH_CM}cm; }}
.item .text {{ flex: 1; min-width: 0; }}
.item .qty {{ flex: none; width: {QUANTITY_WIDTH_CM}cm; }}
.nowrap {{ white-space: nowrap; }}
p.body {{ text-indent: {PARAGRAPH_INDENT_CM}cm; text-align: justify; margin-top: {SPACE_PT}pt; }}
.signature {{ margin: {SPACE_PT * 2}pt 0 0 {SIGNATURE_INDENT_CM}cm; text-align: center;
  break-inside: avoid; }}
.signature .space {{ height: {SIGNATURE_LINES * 1.3}em; }}
.unit {{ margin-top: {FONT_SIZE_PT * 1.5}pt; break-inside: avoid; }}
.copies {{ margin-top: {FONT_SIZE_PT}pt; }}
.distribution {{ page: distribution; break-before: page; }}
.distribution h1 {{ font-size: {FONT_SIZE_PT}pt; font-weight: bold; text-align: center;
  margin: 0; }}
.distribution .line {{ margin-top: {SPACE_PT}pt; }}
table.list {{ width: 100%; border-collapse: collapse; table-layout: fixed;
  margin-top: {FONT_SIZE_PT * 1.3}pt; }}
table.list th, table.list td {{ border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: top;
  overflow-wrap: break-word; }}
table.list th {{ background: #d9d9d9; font-weight: bold; text-align: center; }}
table.list .no {{ width: {DISTRIBUTION_NUMBER_CM}cm; text-align: center; }}
table.list tr {{ break-inside: avoid; }}
"""


def _html_field(label: str, value: str, extra_class: str = "") -> str:
    width = LABEL_WIDTH_CM[label]
    classes = f"field {extra_class}".strip()
    return (
        f'<div class="{classes}"><div class="label" style="width: {width}cm">{_h(label)}</div>'
        f'<div class="value">{_h(value)}</div></div>'
    )


def _html_items(label: str, items: tuple[_Item, ...]) -> str:
    rows = []
    with_quantity = any(item.quantity for item in items)
    for item in items:
        number = f'<div class="no">{_h(item.number)}</div>' if item.number else ""
        quantity = f'<div class="qty">{_h(item.quantity)}</div>' if with_quantity else ""
        rows.append(
            f'<div class="item">{number}<div class="text">{_h(item.text)}</div>{quantity}</div>'
        )
    width = LABEL_WIDTH_CM[label]
    return (
        f'<div class="field"><div class="label" style="width: {width}cm">{_h(label)}</div>'
        f'<div class="value">{"".join(rows)}</div></div>'
    )


def letter_html(letter: LetterContent, *, thai_digits: bool = True) -> str:
    """The letter as a standalone HTML document (A4 print CSS), the source of the PDF."""
    p = _printed(letter, thai_digits)
    out = [
        '<!doctype html>\n<html lang="th">\n<head>\n<meta charset="utf-8">',
        f"<title>{_h(p.subject)}</title>\n<style>{_css(thai_digits)}</style>\n</head>\n<body>",
        '<div class="letter">',
        '<div class="emblem">',
        f'<p class="urgency">{_h(p.urgency)}</p>' if p.urgency else "",
        "</div>",
        f'<div class="head"><div class="number">{_h(p.number_line)}</div>'
        f'<div class="office">{"".join(f"<p>{_h(line)}</p>" for line in p.office_lines)}</div>'
        "</div>",
        f'<p class="date">{_h(p.date)}</p>',
        _html_field("เรื่อง", p.subject, "first"),
        _html_field("เรียน", p.salutation),
    ]
    if p.references:
        out.append(_html_items("อ้างถึง", p.references))
    if p.enclosures:
        out.append(_html_items("สิ่งที่ส่งมาด้วย", p.enclosures))
    out.extend(f'<p class="body">{_h(text)}</p>' for text in p.body)
    out.append(f'<div class="signature"><p>{_h(p.closing)}</p><div class="space"></div>')
    if p.signatory:
        out.append(f"<p>{_h(p.signatory)}</p>")
    out.extend(f"<p>{_h(line)}</p>" for line in p.position_lines)
    out.append("</div>")
    if p.unit_lines:
        out.append(
            '<div class="unit">' + "".join(f"<p>{_h(line)}</p>" for line in p.unit_lines) + "</div>"
        )
    if p.copies_to:
        label = "สำเนาส่ง"
        width = LABEL_WIDTH_CM[label]
        lines = "".join(f"<p>{_h(line)}</p>" for line in p.copies_to)
        out.append(
            f'<div class="field copies"><div class="label" style="width: {width}cm">'
            f'{_h(label)}</div><div class="value">{lines}</div></div>'
        )
    out.append("</div>")
    if p.distribution:
        rows = "".join(
            f'<tr><td class="no">{_h(no)}</td><td>{_h(name)}</td></tr>'
            for no, name in p.distribution
        )
        out.extend(
            [
                '<section class="distribution">',
                f"<h1>{_h(p.distribution_title)}</h1>",
                f'<p class="line">หนังสือ{_h(p.issuer)} ที่ <span class="nowrap">{_h(p.number)}'
                f'</span> ลงวันที่ <span class="nowrap">{_h(p.date)}</span></p>',
                _html_field("เรื่อง", p.subject, "tight"),
                '<table class="list"><thead><tr><th class="no">ที่</th><th>รายชื่อ</th></tr>'
                f"</thead><tbody>{rows}</tbody></table>",
                "</section>",
            ]
        )
    out.append("</body>\n</html>\n")
    return "\n".join(part for part in out if part)


def letter_pdf(letter: LetterContent, *, thai_digits: bool = True) -> bytes:
    """The letter as PDF bytes: `letter_html()` rendered with the Sarabun fonts."""
    return html_to_pdf(letter_html(letter, thai_digits=thai_digits))
