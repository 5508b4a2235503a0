"""Word documents in the official Thai layout, with python-docx.

`new_document()` starts a document the way government offices set theirs up: A4,
margins top 2.5 cm, left 3 cm, right 2 cm, bottom 2 cm, every style in TH Sarabun New
16 pt. Thai is a complex script for Word, which then reads the *complex-script*
attributes (``w:rFonts/@w:cs``, ``w:szCs``, ``w:bCs``) rather than the Latin ones, so
every font, size and bold set here is set on both. `write_docx()` lays out a list of
`oneplan.documents.blocks` (cover, a real TOC field, headings, paragraphs, tables whose
header row repeats on every page) and returns the file's bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from oneplan.core.thai import to_thai_digits
from oneplan.documents import blocks as b

__all__ = [
    "CONTENT_WIDTH_CM",
    "FONT_NAME",
    "FONT_SIZE_PT",
    "add_heading",
    "add_page_number_header",
    "add_paragraph",
    "add_table",
    "add_toc",
    "new_document",
    "set_run_format",
    "thai",
    "to_bytes",
    "write_docx",
]

FONT_NAME = "TH Sarabun New"
"""The font Thai government documents are set in; installed on office machines."""
FONT_SIZE_PT = 16
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM, MARGIN_BOTTOM_CM, MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 2.5, 2.0, 3.0, 2.0
CONTENT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
PARAGRAPH_INDENT_CM = 2.5  # ย่อหน้า: the first line of a paragraph starts 2.5 cm in
HEADER_FILL = "D9D9D9"

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    # Thai distributed justification, what Word offers Thai users as "justify".
    "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}
# The schema's order of w:rPr children (ECMA-376 CT_RPr); Word rejects other orders.
_RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
# Children of w:settings that must come after w:updateFields (ECMA-376 CT_Settings).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)
# Children of w:sectPr that must come after w:pgNumType.
_AFTER_PG_NUM_TYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def thai(text: str, thai_digits: bool) -> str:
    """`text` with Thai digits when `thai_digits`, else unchanged."""
    return to_thai_digits(text) if thai_digits else text


# --------------------------------------------------------------------------- run formatting


def _rpr_child(rpr, tag: str):
    """The child `tag` of a w:rPr, created in schema order when missing."""
    found = rpr.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    index = _RPR_ORDER.index(tag)
    rpr.insert_element_before(element, *_RPR_ORDER[index + 1 :])
    return element


def _set_rpr(
    rpr,
    *,
    font_name: str | None = None,
    size_pt: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,
    lang_bidi: str | None = None,
) -> None:
    if font_name is not None:
        fonts = _rpr_child(rpr, "w:rFonts")
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over the named one
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font_name)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _rpr_child(rpr, tag).set(qn("w:val"), "1" if bold else "0")
    if italic is not None:
        for tag in ("w:i", "w:iCs"):
            _rpr_child(rpr, tag).set(qn("w:val"), "1" if italic else "0")
    if color is not None:
        element = _rpr_child(rpr, "w:color")
        element.set(qn("w:val"), color)
        for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
            element.attrib.pop(qn(theme), None)
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        for tag in ("w:sz", "w:szCs"):
            _rpr_child(rpr, tag).set(qn("w:val"), half_points)
    if lang_bidi is not None:
        _rpr_child(rpr, "w:lang").set(qn("w:bidi"), lang_bidi)


def set_run_format(
    run,
    *,
    font_name: str | None = None,
    size_pt: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    """Format one run on both its Latin and its complex-script (Thai) attributes."""
    _set_rpr(
        run._r.get_or_add_rPr(), font_name=font_name, size_pt=size_pt, bold=bold, italic=italic
    )


# --------------------------------------------------------------------------- the document


def new_document(
    *,
    title: str = "",
    font_name: str = FONT_NAME,
    size_pt: float = FONT_SIZE_PT,
    page_numbers: bool = True,
    thai_digits: bool = True,
) -> Document:
    """An empty document in the official layout (see the module's docstring).

    With `page_numbers`, the page number stands centred in the header ("- ๒ -"), in Thai
    digits when `thai_digits`, and not on the first page (the cover).
    """
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
    _drop_unused_table_styles(doc)
    _style_everything(doc, font_name, size_pt)
    _update_fields_on_open(doc)
    if page_numbers:
        add_page_number_header(doc, thai_digits=thai_digits)
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = "OnePlan"
    props.language = "th-TH"
    props.comments = ""
    return doc


def _drop_unused_table_styles(doc: Document) -> None:
    """Remove the template's hundred coloured table styles (Word has them built in anyway)."""
    keep = {"TableNormal", "TableGrid"}
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in keep:
            styles.remove(style)


def _style_everything(doc: Document, font_name: str, size_pt: float) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rpr(rpr, font_name=font_name, size_pt=size_pt, lang_bidi="th-TH")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        ppr.remove(spacing)

    for style in doc.styles:
        if style.type not in (
            WD_STYLE_TYPE.PARAGRAPH,
            WD_STYLE_TYPE.CHARACTER,
            WD_STYLE_TYPE.TABLE,
        ):
            continue
        element_rpr = style.element.get_or_add_rPr()
        _set_rpr(element_rpr, font_name=font_name, size_pt=size_pt)
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            fmt = style.paragraph_format
            fmt.space_before = Pt(0)
            fmt.space_after = Pt(0)
            fmt.line_spacing = 1.0

    for level in range(1, 10):
        heading = doc.styles[f"Heading {level}"]
        _set_rpr(
            heading.element.get_or_add_rPr(),
            font_name=font_name,
            size_pt=size_pt,
            bold=True,
            italic=False,
            color="000000",
        )
        fmt = heading.paragraph_format
        fmt.space_before = Pt(12 if level == 1 else 6)
        fmt.space_after = Pt(6 if level == 1 else 0)
        fmt.keep_with_next = True
        if level == 1:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _update_fields_on_open(doc: Document) -> None:
    """Ask Word to update fields (the table of contents) when the file is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    successors = [tag for tag in _AFTER_UPDATE_FIELDS if not tag.startswith(("m:", "sl:"))]
    settings.insert_element_before(element, *successors)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (w:fldChar begin / instrText / separate / result / end)."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def add_page_number_header(doc: Document, *, thai_digits: bool = True) -> None:
    """Page number centred in the header of every page but the first: "- ๒ -"."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    if thai_digits:
        sect_pr = section._sectPr
        pg_num = sect_pr.find(qn("w:pgNumType"))
        if pg_num is None:
            pg_num = OxmlElement("w:pgNumType")
            sect_pr.insert_element_before(pg_num, *_AFTER_PG_NUM_TYPE)
        pg_num.set(qn("w:fmt"), "thaiNumbers")
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    _add_field(paragraph, "PAGE", thai("2", thai_digits))
    paragraph.add_run(" -")


def add_toc(doc: Document, *, title: str = "สารบัญ", levels: str = "1-3") -> Paragraph:
    """A real Word table of contents (TOC field), filled in when Word updates fields."""
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_format(heading.add_run(title), bold=True)
    paragraph = doc.add_paragraph()
    _add_field(
        paragraph,
        f'TOC \\o "{levels}" \\h \\z \\u',
        "คลิกขวาที่นี่แล้วเลือก “ปรับปรุงเขตข้อมูล” เพื่อแสดงสารบัญ",
    )
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return paragraph


def _style_id(doc: Document, name: str) -> str:
    cache = doc.__dict__.setdefault("_oneplan_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def add_heading(doc: Document, text: str, level: int) -> Paragraph:
    """A heading paragraph ("Heading 1" ... "Heading 9"; 1-3 appear in the contents)."""
    paragraph = doc.add_paragraph()
    paragraph._p.style = _style_id(doc, f"Heading {min(max(level, 1), 9)}")
    paragraph.add_run(text)
    return paragraph


def add_paragraph(
    doc: Document,
    text: str,
    *,
    bold: bool = False,
    align: str = "justify",
    indent: bool = False,
    size_pt: float | None = None,
    style: str | None = None,
) -> Paragraph:
    paragraph = doc.add_paragraph()
    if style is not None:
        # The style's id, set directly: python-docx's lookup by name scans every style.
        paragraph._p.style = _style_id(doc, style)
    paragraph.alignment = _ALIGN[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(PARAGRAPH_INDENT_CM)
    run = paragraph.add_run(text)
    if bold or size_pt:
        set_run_format(run, bold=bold or None, size_pt=size_pt)
    return paragraph


# --------------------------------------------------------------------------- tables


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _mark_row(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _fill_cell(cell: _Cell, text: str, *, bold: bool = False, align: str = "left") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = _ALIGN[align]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if bold:
            set_run_format(run, bold=True)
        if i < len(lines) - 1:
            run.add_break()


CELL_MARGIN_TWIPS = 57  # 0.1 cm left and right, as the print stylesheet's 3 pt padding


def _narrow_cell_margins(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _span_whole_row(row, width: int) -> _Cell:
    """Make the row's first cell span every column (python-docx's merge is much slower)."""
    tr = row._tr
    tcs = tr.tc_lst
    for tc in tcs[1:]:
        tr.remove(tc)
    first = tcs[0]
    first.grid_span = len(tcs)
    first.width = Emu(width)
    return _Cell(first, row.table)


def add_table(
    doc: Document,
    headers: Sequence[str],
    rows: Iterable[Sequence[str] | b.Row],
    *,
    widths: Sequence[float] = (),
    numeric: Iterable[int] = (),
) -> Table:
    """A bordered table whose header row repeats on every page.

    `widths` are relative column widths spread over the text width; `numeric` columns
    are aligned right; a `blocks.Row` of kind "group" spans the whole row, "total" is bold.
    """
    count = len(headers)
    numeric = frozenset(numeric)
    weights = list(widths) or [1.0] * count
    total_weight = sum(weights)
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    column_widths = [Emu(int(text_width * w / total_weight)) for w in weights]

    table = doc.add_table(rows=1, cols=count)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_cell_margins(table)
    for column, width in zip(table.columns, column_widths, strict=True):
        column.width = width

    header = table.rows[0]
    _mark_row(header, "w:tblHeader")
    _mark_row(header, "w:cantSplit")
    for cell, text, width in zip(header.cells, headers, column_widths, strict=True):
        cell.width = width
        _fill_cell(cell, text, bold=True, align="center")
        _shade(cell, HEADER_FILL)

    for row in rows:
        row = row if isinstance(row, b.Row) else b.Row(tuple(row))
        new = table.add_row()
        _mark_row(new, "w:cantSplit")
        if row.kind == "group":
            cell = _span_whole_row(new, sum(column_widths))
            _fill_cell(cell, row.cells[0], bold=True)
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # stays with its rows
            continue
        # add_row() gave each cell its column's width (w:tcW from w:gridCol).
        for index, (cell, text) in enumerate(zip(new.cells, row.cells, strict=False)):
            align = "right" if index in numeric else "left"
            _fill_cell(cell, text, bold=row.kind == "total", align=align)
    return table


# --------------------------------------------------------------------------- blocks


def _add_cover(doc: Document, cover: b.Cover) -> None:
    for _ in range(6):
        doc.add_paragraph()
    add_paragraph(doc, cover.title, bold=True, align="center", size_pt=FONT_SIZE_PT + 8)
    doc.add_paragraph()
    for line in cover.lines:
        add_paragraph(doc, line, bold=True, align="center", size_pt=FONT_SIZE_PT + 2)
    for _ in range(8):
        doc.add_paragraph()
    for line in cover.footer:
        add_paragraph(doc, line, align="center")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def start_section(doc: Document, *, landscape: bool) -> None:
    """Go on on a new page in this orientation; the page numbers run on.

    At the very start of the document the first section is turned instead.
    """
    body = doc.element.body
    has_content = any(child.tag != qn("w:sectPr") for child in body.iterchildren())
    section = doc.add_section(WD_SECTION_START.NEW_PAGE) if has_content else doc.sections[-1]
    if has_content:
        section.different_first_page_header_footer = False  # its first page is no cover
    width, height = sorted((section.page_width, section.page_height), reverse=landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def write_docx(
    blocks: Iterable[b.Block],
    *,
    title: str = "",
    thai_digits: bool = True,
    page_numbers: bool = True,
) -> bytes:
    """Lay out blocks (text already formatted) in an official-layout Word file."""
    doc = new_document(title=title, page_numbers=page_numbers, thai_digits=thai_digits)
    for block in blocks:
        if isinstance(block, b.Cover):
            _add_cover(doc, block)
        elif isinstance(block, b.Toc):
            add_toc(doc, title=block.title)
        elif isinstance(block, b.Heading):
            if block.page_break:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            add_heading(doc, block.text, block.level)
        elif isinstance(block, b.Para):
            add_paragraph(doc, block.text, bold=block.bold, align=block.align, indent=block.indent)
        elif isinstance(block, b.Bullets):
            for item in block.items:
                add_paragraph(doc, item, align="left", style="List Bullet")
        elif isinstance(block, b.Table):
            if block.caption:
                add_paragraph(doc, block.caption, bold=True, align="left")
            add_table(doc, block.headers, block.rows, widths=block.widths, numeric=block.numeric)
            doc.add_paragraph()
        elif isinstance(block, b.PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, b.Section):
            start_section(doc, landscape=block.landscape)
    return to_bytes(doc)


def to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
