"""The external-letter layout, checked on the real DOCX and PDF it produces.

The two letters are the seed letters of Rayong (28 May 2019: urgent, two references, two
enclosures, no distribution list) and Samut Sakhon (5 April 2018: an eight-name
distribution list). Their digits are typed as Arabic digits, as users type them, so the
tests see the conversion to Thai digits happen. The DOCX is read back with python-docx,
the PDF with pdftotext/pdfinfo (poppler-utils).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import shutil
import subprocess
from collections.abc import Sequence

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from oneplan.documents.docx import FONT_NAME
from oneplan.documents.pdf import document_text, render_html
from oneplan.letters.layout import (
    LetterContent,
    Reference,
    letter_docx,
    letter_html,
    letter_pdf,
    office_short_name,
)

THAI_DIGITS = re.compile("[๐-๙]")
ARABIC_DIGITS = re.compile("[0-9]")

RAYONG = LetterContent(
    urgency="ด่วนที่สุด",
    number="รย 0017.2/ว 2647",
    office="ศาลากลางจังหวัดระยอง",
    address="ถนนสุขุมวิท รย 21150",
    date=datetime.date(2019, 5, 28),
    subject="ขอนำส่งคู่มือการจัดทำและประสานแผนพัฒนาในระดับพื้นที่",
    salutation="",
    references=(
        "หนังสือจังหวัดระยอง ด่วนที่สุด ที่ รย 0017.2/ว 220 ลงวันที่ 11 มกราคม 2562",
        Reference("หนังสือจังหวัดระยอง ที่ รย 0017.2/ว 1689 ลงวันที่ 28 มีนาคม 2562"),
    ),
    enclosures=(
        ("คู่มือการจัดทำและประสานแผนพัฒนาในระดับพื้นที่", "จำนวน 1 เล่ม"),
        ("ปฏิทินการดำเนินงานการจัดทำแผนฯ", "จำนวน 1 ชุด"),
    ),
    body=(
        "ตามที่จังหวัดระยองแจ้งปฏิทินแนวทางการเชื่อมโยงและบูรณาการแผนพัฒนาในระดับพื้นที่ "
        "ประจำปีงบประมาณ พ.ศ. 2564 เพื่อให้การจัดทำและประสานแผนพัฒนาหมู่บ้าน/ชุมชน "
        "แผนชุมชนระดับตำบล แผนพัฒนาท้องถิ่น และแผนพัฒนาอำเภอ มีเอกภาพและเกิดความสอดคล้อง"
        "เชื่อมโยงกับแผนพัฒนาจังหวัด/กลุ่มจังหวัด และแผนพัฒนาระดับภาค ในลักษณะแผนเดียวกัน "
        "(One Plan) นั้น",
        "กระทรวงมหาดไทยได้จัดทำคู่มือการจัดทำและประสานแผนพัฒนาในระดับพื้นที่ "
        "เพื่อเป็นแนวทางปฏิบัติเกี่ยวกับกระบวนการจัดทำแผนพัฒนาในระดับพื้นที่ "
        "จังหวัดระยองจึงขอส่งคู่มือฯ ดังกล่าวให้กับหน่วยงานของท่าน "
        "เพื่อนำไปใช้ประโยชน์และเป็นแนวทางปฏิบัติสำหรับการดำเนินงานต่อไป ตามสิ่งที่ส่งมาด้วย 1 "
        "รวมทั้งจังหวัดระยองได้กำหนดปฏิทินการดำเนินงานการจัดทำแผนพัฒนาจังหวัดระยอง "
        "พ.ศ. 2561 - 2565 (ฉบับทบทวนปี 2564) เพื่อเป็นแนวทางและกรอบระยะเวลาการดำเนินงาน"
        "ให้กับหน่วยงานที่เกี่ยวข้องด้วย ตามสิ่งที่ส่งมาด้วย 2",
        "จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการ ทั้งนี้ สามารถดาวน์โหลดสิ่งที่ส่งมาด้วยได้ที่"
        "เว็บไซต์จังหวัดระยอง www.rayong.go.th",
    ),
    signatory="นายสุรศักดิ์ เจริญศิริโชติ",
    position="ผู้ว่าราชการจังหวัดระยอง",
    unit_lines=(
        "สำนักงานจังหวัด",
        "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
        "โทรศัพท์ 0-3869-4010/โทรสาร 0-3869-4160",
    ),
)

SAMUT_SAKHON_NAMES = (
    "ที่ทำการปกครองจังหวัดสมุทรสาคร",
    "สำนักงานจังหวัดสมุทรสาคร",
    "สำนักงานพัฒนาชุมชนจังหวัดสมุทรสาคร",
    "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร",
    "อำเภอเมืองสมุทรสาคร",
    "อำเภอกระทุ่มแบน",
    "อำเภอบ้านแพ้ว",
    "องค์การบริหารส่วนจังหวัดสมุทรสาคร",
)

SAMUT_SAKHON = LetterContent(
    number="สค 0017.2/ว 5577",
    office="ศาลากลางจังหวัดสมุทรสาคร",
    address="ถนนเศรษฐกิจ 1 สค 74000",
    date=datetime.date(2018, 4, 5),
    subject=("แนวทางการเชื่อมโยงและบูรณาการแผนในระดับพื้นที่ ประจำปีงบประมาณ พ.ศ. 2563 ของจังหวัดสมุทรสาคร"),
    salutation="",
    references=("หนังสือจังหวัดสมุทรสาคร ด่วนที่สุด ที่ สค 0017.2/ว 5185 ลงวันที่ 30 มีนาคม 2561",),
    enclosures=(("สรุปผลการประชุมฯ", "จำนวน 1 ชุด"),),
    body=(
        "ตามหนังสือที่อ้างถึง จังหวัดสมุทรสาครได้จัดการประชุมเชื่อมโยงและบูรณาการแผนในระดับพื้นที่ "
        "ประจำปีงบประมาณ พ.ศ. 2563 ของจังหวัดสมุทรสาคร เมื่อวันที่ 4 เมษายน 2561 เวลา 13.30 น. "
        "ณ ห้องประชุมท่าจีน (502) ศาลากลางจังหวัดสมุทรสาคร ซึ่งที่ประชุมได้มีมติเห็นชอบ"
        "แนวทางการเชื่อมโยงและบูรณาการแผนในระดับพื้นที่ ประจำปีงบประมาณ พ.ศ. 2563 "
        "ของจังหวัดสมุทรสาคร นั้น",
        "จังหวัดสมุทรสาครพิจารณาแล้ว เพื่อให้แผนในระดับพื้นที่ต่าง ๆ สามารถตอบสนองปัญหาและ"
        "ความต้องการของประชาชนในพื้นที่ได้อย่างมีประสิทธิภาพ จึงขอให้ดำเนินการให้เป็นไปตาม"
        "มติที่ประชุมดังกล่าว และถือปฏิบัติเป็นแนวทางในการจัดทำแผนต่อไป รายละเอียดตามสิ่งที่"
        "ส่งมาด้วย ทั้งนี้ สำหรับอำเภอขอให้แจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ทราบและถือปฏิบัติด้วย",
        "จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป",
    ),
    signatory="(นายประภัสร์ มาลากาญจน์)",
    position="ผู้ว่าราชการจังหวัดสมุทรสาคร",
    unit_lines=(
        "สำนักงานจังหวัด",
        "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
        "โทร. 0 3442 5075 โทรสาร 0 3442 5074",
        "ไปรษณีย์อิเล็กทรอนิกส์ strategy.skn@gmail.com",
    ),
    distribution=SAMUT_SAKHON_NAMES,
)

# What a reader of each letter sees, in the order the regulation puts it.
RAYONG_ORDER = (
    "ด่วนที่สุด",
    "ที่ รย ๐๐๑๗.๒/ว ๒๖๔๗",
    "ศาลากลางจังหวัดระยอง",
    "ถนนสุขุมวิท รย ๒๑๑๕๐",
    "๒๘ พฤษภาคม ๒๕๖๒",
    "เรื่อง",
    "ขอนำส่งคู่มือการจัดทำ",
    "เรียน",
    "อ้างถึง",
    "๑.",
    "ลงวันที่ ๑๑ มกราคม ๒๕๖๒",
    "๒.",
    "ลงวันที่ ๒๘ มีนาคม ๒๕๖๒",
    "สิ่งที่ส่งมาด้วย",
    "คู่มือการจัดทำและประสานแผนพัฒนาในระดับพื้นที่",
    "จำนวน ๑ เล่ม",
    "ปฏิทินการดำเนินงานการจัดทำแผนฯ",
    "จำนวน ๑ ชุด",
    "ตามที่จังหวัดระยองแจ้งปฏิทิน",
    "กระทรวงมหาดไทยได้จัดทำคู่มือ",
    "จึงเรียนมาเพื่อทราบ",
    "ขอแสดงความนับถือ",
    "(นายสุรศักดิ์ เจริญศิริโชติ)",
    "ผู้ว่าราชการจังหวัดระยอง",
    "สำนักงานจังหวัด",
    "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
    "โทรศัพท์ ๐-๓๘๖๙-๔๐๑๐/โทรสาร ๐-๓๘๖๙-๔๑๖๐",
)
SAMUT_SAKHON_ORDER = (
    "ที่ สค ๐๐๑๗.๒/ว ๕๕๗๗",
    "ศาลากลางจังหวัดสมุทรสาคร",
    "๕ เมษายน ๒๕๖๑",
    "เรื่อง",
    "อ้างถึง",
    "สิ่งที่ส่งมาด้วย",
    "สรุปผลการประชุมฯ",
    "จำนวน ๑ ชุด",
    "ตามหนังสือที่อ้างถึง",
    "จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป",
    "ขอแสดงความนับถือ",
    "(นายประภัสร์ มาลากาญจน์)",
    "ผู้ว่าราชการจังหวัดสมุทรสาคร",
    "โทร. ๐ ๓๔๔๒ ๕๐๗๕ โทรสาร ๐ ๓๔๔๒ ๕๐๗๔",
    "ไปรษณีย์อิเล็กทรอนิกส์ strategy.skn@gmail.com",
    "บัญชีแนบท้ายหนังสือ",
    "หนังสือจังหวัดสมุทรสาคร ที่ สค ๐๐๑๗.๒/ว ๕๕๗๗ ลงวันที่ ๕ เมษายน ๒๕๖๑",
    "เรื่อง",
    "แนวทางการเชื่อมโยง",
    "ที่",
    "รายชื่อ",
    *SAMUT_SAKHON_NAMES,
)


# --------------------------------------------------------------------------- helpers


def assert_in_order(text: str, needles: Sequence[str], *, ignore_spaces: bool = False) -> None:
    """Each needle occurs in `text` after the previous one.

    With `ignore_spaces`, whitespace is dropped from both first (a PDF line may end anywhere).
    """
    if ignore_spaces:
        text, needles = squeeze(text), [squeeze(needle) for needle in needles]
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} missing after position {position}: …{text[position:][:200]}"
        position = found + len(needle)


def paragraphs_in_order(document) -> list[Paragraph]:
    """Every paragraph of the body, those inside table cells included, in reading order."""
    found: list[Paragraph] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            found.append(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    found.extend(cell.paragraphs)
    return found


def docx_text(data: bytes) -> str:
    """The body's text, a paragraph a line; no-break spaces read as spaces."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in paragraphs_in_order(document)).replace("\u00a0", " ")


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_page_count(data: bytes) -> int:
    """Pages of the PDF file, as pdfinfo counts them."""
    info = subprocess.run([poppler("pdfinfo"), "-"], input=data, capture_output=True, check=True)
    return int(re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def pdf_page_text(data: bytes, page: int, *, layout: bool = False) -> str:
    """Text of one page of the PDF file, as pdftotext extracts it.

    Good for digits, Latin text and most Thai; not for words with SARA AM (ำ), which the
    font shapes as two glyphs and pdftotext reads back without the nikhahit ("ทำ" -> "ทา").
    With `layout`, lines keep their place on the page (and a "-" ending one is kept).
    """
    options = ["-layout"] if layout else []
    command = [poppler("pdftotext"), *options, "-f", str(page), "-l", str(page), "-", "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()


def laid_out_pages(letter: LetterContent, *, thai_digits: bool = True) -> list[str]:
    """Text of each page as WeasyPrint lays out `letter_html()` for `letter_pdf()`."""
    return document_text(render_html(letter_html(letter, thai_digits=thai_digits)))


def flat(text: str) -> str:
    """Text with every run of whitespace made one space."""
    return " ".join(text.split())


def squeeze(text: str) -> str:
    """Text without any whitespace."""
    return "".join(text.split())


# --------------------------------------------------------------------------- DOCX


@pytest.mark.parametrize(
    ("letter", "order"), [(RAYONG, RAYONG_ORDER), (SAMUT_SAKHON, SAMUT_SAKHON_ORDER)]
)
def test_docx_prints_the_parts_in_the_official_order(letter, order):
    assert_in_order(docx_text(letter_docx(letter)), order)


def test_docx_parts_stand_in_their_own_paragraphs():
    document = docx.Document(io.BytesIO(letter_docx(RAYONG)))
    texts = [p.text for p in paragraphs_in_order(document)]
    assert texts[0] == "ด่วนที่สุด"  # the urgency marker, in the emblem's space
    assert texts[1:4] == ["ที่ รย ๐๐๑๗.๒/ว ๒๖๔๗", "ศาลากลางจังหวัดระยอง", "ถนนสุขุมวิท รย ๒๑๑๕๐"]
    assert "๒๘ พฤษภาคม ๒๕๖๒" in texts
    assert "เรียน" in texts  # no addressee given: "เรียน" alone
    assert "(นายสุรศักดิ์ เจริญศิริโชติ)" in texts  # parentheses added once
    assert "(นายประภัสร์ มาลากาญจน์)" in docx_text(letter_docx(SAMUT_SAKHON))
    assert "((" not in docx_text(letter_docx(SAMUT_SAKHON))


def test_docx_number_and_office_share_the_first_line():
    document = docx.Document(io.BytesIO(letter_docx(RAYONG)))
    table = document.tables[0]
    left, right = table.rows[0].cells
    assert left.text == "ที่ รย ๐๐๑๗.๒/ว ๒๖๔๗"
    assert [p.text for p in right.paragraphs] == ["ศาลากลางจังหวัดระยอง", "ถนนสุขุมวิท รย ๒๑๑๕๐"]
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is None  # borderless


def test_docx_every_run_is_sarabun_16_pt_but_the_urgency_marker():
    document = docx.Document(io.BytesIO(letter_docx(SAMUT_SAKHON)))
    runs = list(document.element.body.iter(qn("w:r")))
    assert runs
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        assert rpr is not None, r.xml
        fonts = rpr.find(qn("w:rFonts"))
        assert "Sarabun" in fonts.get(qn("w:ascii"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:cs")) == FONT_NAME
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"  # half-points
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"

    urgent = docx.Document(io.BytesIO(letter_docx(RAYONG)))
    sizes = {r.text: r.font.size.pt for p in paragraphs_in_order(urgent) for r in p.runs if r.text}
    assert sizes.pop("ด่วนที่สุด") > 16
    assert set(sizes.values()) == {16}
    assert urgent.paragraphs[0].runs[0].bold


def test_docx_layout_geometry():
    document = docx.Document(io.BytesIO(letter_docx(RAYONG)))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert [round(m.cm, 1) for m in (section.left_margin, section.right_margin)] == [3.0, 2.0]
    assert [round(m.cm, 1) for m in (section.top_margin, section.bottom_margin)] == [2.5, 2.0]
    by_text = {p.text: p for p in paragraphs_in_order(document)}
    emblem = document.paragraphs[0].paragraph_format
    assert round(emblem.line_spacing.cm, 1) == 3.0  # the Garuda's space
    assert round(by_text["๒๘ พฤษภาคม ๒๕๖๒"].paragraph_format.left_indent.cm, 1) == 7.5
    body = next(p for t, p in by_text.items() if t.startswith("ตามที่จังหวัดระยอง"))
    assert round(body.paragraph_format.first_line_indent.cm, 1) == 2.5
    assert "JUSTIFY" in body.alignment.name
    subject = next(p for t, p in by_text.items() if t.startswith("เรื่อง\t"))
    fmt = subject.paragraph_format
    assert fmt.left_indent > 0 and fmt.first_line_indent == -fmt.left_indent  # hanging
    name = by_text["(นายสุรศักดิ์ เจริญศิริโชติ)"]
    assert name.alignment.name == "CENTER" and name.paragraph_format.left_indent > 0
    closing = by_text["ขอแสดงความนับถือ"]
    texts = [p.text for p in paragraphs_in_order(document)]
    between = texts[texts.index("ขอแสดงความนับถือ") + 1 : texts.index(name.text)]
    assert between == ["", "", ""]  # room for the signature
    assert closing.paragraph_format.left_indent == name.paragraph_format.left_indent


def test_docx_enclosure_quantity_stands_right_of_its_item():
    document = docx.Document(io.BytesIO(letter_docx(RAYONG)))
    table = next(t for t in document.tables if "สิ่งที่ส่งมาด้วย" in t.rows[0].cells[0].text)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["สิ่งที่ส่งมาด้วย", "๑.", "คู่มือการจัดทำและประสานแผนพัฒนาในระดับพื้นที่", "จำนวน ๑ เล่ม"],
        ["", "๒.", "ปฏิทินการดำเนินงานการจัดทำแผนฯ", "จำนวน ๑ ชุด"],
    ]
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is None  # borderless
    widths = [cell.width.cm for cell in table.rows[0].cells]
    assert round(sum(widths), 1) == 16.0  # the text width, margin to margin

    single = docx.Document(io.BytesIO(letter_docx(SAMUT_SAKHON)))
    table = next(t for t in single.tables if "สิ่งที่ส่งมาด้วย" in t.rows[0].cells[0].text)
    assert [c.text for c in table.rows[0].cells] == ["สิ่งที่ส่งมาด้วย", "สรุปผลการประชุมฯ", "จำนวน ๑ ชุด"]


def test_docx_references_numbered_only_when_many():
    many = docx_text(letter_docx(RAYONG))
    assert "อ้างถึง\t๑.\tหนังสือจังหวัดระยอง ด่วนที่สุด" in many
    assert "\n๒.\tหนังสือจังหวัดระยอง ที่ รย" in many
    one = docx_text(letter_docx(SAMUT_SAKHON))
    assert "อ้างถึง\tหนังสือจังหวัดสมุทรสาคร ด่วนที่สุด" in one


def test_docx_distribution_line_keeps_number_and_date_unbroken():
    document = docx.Document(io.BytesIO(letter_docx(SAMUT_SAKHON)))
    line = next(p.text for p in document.paragraphs if p.text.startswith("หนังสือ"))
    assert line == "หนังสือจังหวัดสมุทรสาคร ที่ สค\u00a0๐๐๑๗.๒/ว\u00a0๕๕๗๗ ลงวันที่ ๕\u00a0เมษายน\u00a0๒๕๖๑"


def test_docx_arabic_digits_when_asked():
    text = docx_text(letter_docx(RAYONG, thai_digits=False))
    assert "28 พฤษภาคม 2562" in text
    assert "ที่ รย 0017.2/ว 2647" in text
    assert "จำนวน 1 เล่ม" in text
    assert "1.\t" in text
    assert not THAI_DIGITS.search(text)
    assert not ARABIC_DIGITS.search(docx_text(letter_docx(RAYONG)))


def test_docx_distribution_list_on_a_new_page():
    document = docx.Document(io.BytesIO(letter_docx(SAMUT_SAKHON)))
    assert len(document.sections) == 2
    second = document.sections[1]
    assert second.start_type.name == "NEW_PAGE"
    first_block = next(iter(second.iter_inner_content()))
    assert first_block.text == "บัญชีแนบท้ายหนังสือ"
    assert not second.header.is_linked_to_previous
    table = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["ที่", "รายชื่อ"]
    assert rows[1:] == [
        [number, name] for number, name in zip("๑๒๓๔๕๖๗๘", SAMUT_SAKHON_NAMES, strict=True)
    ]
    assert len(docx.Document(io.BytesIO(letter_docx(RAYONG))).sections) == 1


def test_distribution_line_names_the_issuer():
    assert office_short_name("ศาลากลางจังหวัดสมุทรสาคร") == "จังหวัดสมุทรสาคร"
    assert office_short_name("ที่ว่าการอำเภอบ้านแพ้ว") == "อำเภอบ้านแพ้ว"
    assert office_short_name("สำนักงานจังหวัดระยอง") == "สำนักงานจังหวัดระยอง"


# --------------------------------------------------------------------------- HTML and PDF


def test_pdf_prints_the_parts_in_order_with_the_list_on_its_own_last_page():
    pages = laid_out_pages(SAMUT_SAKHON)
    assert_in_order(" ".join(pages), SAMUT_SAKHON_ORDER, ignore_spaces=True)
    last = flat(pages[-1])
    assert last.startswith("บัญชีแนบท้ายหนังสือ")  # a page of its own, no page number
    numbered = [f"{n} {name}" for n, name in zip("๑๒๓๔๕๖๗๘", SAMUT_SAKHON_NAMES, strict=True)]
    assert_in_order(last, numbered, ignore_spaces=True)
    assert not any(SAMUT_SAKHON_NAMES[5] in page for page in pages[:-1])

    pdf = letter_pdf(SAMUT_SAKHON)
    without_list = letter_pdf(dataclasses.replace(SAMUT_SAKHON, distribution=()))
    assert pdf_page_count(pdf) == len(pages) == pdf_page_count(without_list) + 1
    first, list_page = pdf_page_text(pdf, 1), flat(pdf_page_text(pdf, len(pages)))
    assert_in_order(first, ["ที่ สค ๐๐๑๗.๒/ว ๕๕๗๗", "๕ เมษายน ๒๕๖๑"], ignore_spaces=True)
    assert list_page.startswith("บัญชีแนบท้ายหนังสือ")
    assert squeeze("ที่ สค ๐๐๑๗.๒/ว ๕๕๗๗ ลงวันที่ ๕ เมษายน ๒๕๖๑") in squeeze(list_page)


def test_pdf_page_count_one_without_the_list_and_two_with_it():
    # The seed letter with its closing paragraph only, short enough for one page.
    short = dataclasses.replace(SAMUT_SAKHON, body=SAMUT_SAKHON.body[-1:])
    alone = dataclasses.replace(short, distribution=())
    assert pdf_page_count(letter_pdf(alone)) == 1
    assert pdf_page_count(letter_pdf(short)) == 2
    pages = laid_out_pages(short)
    assert "strategy.skn@gmail.com" in pages[0] and "บัญชีแนบท้ายหนังสือ" not in pages[0]
    assert flat(pages[1]).startswith("บัญชีแนบท้ายหนังสือ")


def test_pdf_numbers_the_pages_after_the_first():
    pdf = letter_pdf(RAYONG)
    assert pdf_page_count(pdf) == 2  # the long seed letter runs over at Sarabun 16 pt
    assert squeeze(pdf_page_text(pdf, 1)).startswith("ด่วน")  # no number on page 1
    assert squeeze(pdf_page_text(pdf, 2, layout=True)).startswith("-๒-")
    decimal = letter_pdf(RAYONG, thai_digits=False)
    assert squeeze(pdf_page_text(decimal, 2, layout=True)).startswith("-2-")


def test_pdf_of_the_rayong_letter():
    assert_in_order(" ".join(laid_out_pages(RAYONG)), RAYONG_ORDER, ignore_spaces=True)
    arabic = " ".join(laid_out_pages(RAYONG, thai_digits=False))
    needles = ["ที่ รย 0017.2/ว 2647", "28 พฤษภาคม 2562", "จำนวน 1 เล่ม"]
    assert_in_order(arabic, needles, ignore_spaces=True)
    assert not THAI_DIGITS.search(arabic)
    pdf = letter_pdf(RAYONG, thai_digits=False)
    assert "28 พฤษภาคม 2562" in pdf_page_text(pdf, 1)
    assert not THAI_DIGITS.search(pdf_page_text(pdf, 1) + pdf_page_text(pdf, 2))


def test_user_text_is_escaped_in_the_html():
    hostile = dataclasses.replace(
        SAMUT_SAKHON,
        subject='แจ้ง <b onclick="x">ด่วน</b>',
        body=("<script>alert(1)</script> & ข้อความ",),
        distribution=("<img src=x onerror=alert(1)>",),
    )
    html = letter_html(hostile)
    assert "<script>" not in html and "<img" not in html and "<b " not in html
    assert "&lt;script&gt;alert(๑)&lt;/script&gt; &amp; ข้อความ" in html
    assert "&lt;img src=x onerror=alert(๑)&gt;" in html
    shown = squeeze("<script>alert(๑)</script> & ข้อความ")
    assert shown in squeeze(" ".join(laid_out_pages(hostile)))
    assert shown in squeeze(pdf_page_text(letter_pdf(hostile), 1))


def test_parts_left_empty_are_not_printed():
    minimal = LetterContent(
        number="ทดสอบ 1/2569",
        office="ศาลากลางจังหวัดทดสอบ",
        address="ถนนทดสอบ\nอำเภอเมือง ทส 10000",
        date=datetime.date(2026, 10, 1),
        subject="ทดสอบ",
        salutation="ผู้ว่าราชการจังหวัด",
    )
    text = docx_text(letter_docx(minimal))
    assert_in_order(text, ["ที่ ทดสอบ ๑/๒๕๖๙", "ถนนทดสอบ", "อำเภอเมือง ทส ๑๐๐๐๐", "๑ ตุลาคม ๒๕๖๙"])
    assert "เรียน\tผู้ว่าราชการจังหวัด" in text
    for absent in ("อ้างถึง", "สิ่งที่ส่งมาด้วย", "()", "สำเนาส่ง", "บัญชีแนบท้ายหนังสือ"):
        assert absent not in text
    html = letter_html(minimal)
    assert 'class="urgency"' not in html and "อ้างถึง" not in html and "()" not in html
    assert pdf_page_count(letter_pdf(minimal)) == 1


def test_copies_to_follow_the_unit_lines():
    letter = dataclasses.replace(RAYONG, copies_to=("สำนักงานพัฒนาชุมชนจังหวัดระยอง", "อำเภอทุกอำเภอ"))
    order = ["โทรศัพท์", "สำเนาส่ง", "สำนักงานพัฒนาชุมชนจังหวัดระยอง", "อำเภอทุกอำเภอ"]
    assert_in_order(docx_text(letter_docx(letter)), order)
    assert_in_order(" ".join(laid_out_pages(letter)), order, ignore_spaces=True)
