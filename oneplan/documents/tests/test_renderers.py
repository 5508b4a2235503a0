"""The shared renderers: DOCX layout and fonts, PDF with embedded Sarabun, safe XLSX cells,
and background jobs run end to end with django-tasks' immediate backend.

The DOCX is checked in its XML (what Word reads), the PDF through WeasyPrint's laid-out
pages and its (inflated) font objects, the XLSX by opening it again with openpyxl.
"""

from __future__ import annotations

import io
import re
import zlib
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.test import override_settings
from docx.oxml.ns import qn

from oneplan.core import jobs
from oneplan.core.models import Job, JobStatus
from oneplan.documents import blocks as b
from oneplan.documents import pdf as pdfmod
from oneplan.documents import registry, xlsx
from oneplan.documents.docx import FONT_NAME, add_table, new_document, thai, to_bytes, write_docx

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
THAI_DIGITS = re.compile("[๐-๙]")
ARABIC_DIGITS = re.compile("[0-9]")

SAMPLE: list[b.Block] = [
    b.Cover("แผนพัฒนาจังหวัดทดสอบ พ.ศ. 2566–2570", lines=("ฉบับทบทวน ปี 2568",)),
    b.Toc(),
    b.Heading("ส่วนที่ 1 ข้อมูลทั่วไป", 1),
    b.Para("จังหวัดมีพื้นที่ 3,552 ตารางกิโลเมตร"),
    b.Heading("1.1 ข้อมูลพื้นฐาน", 2),
    b.table(
        ("รายการ", "ค่า"),
        [b.Row(("ด้านเศรษฐกิจ",), "group"), ("ประชากร", "734,753"), b.Row(("รวม", "1"), "total")],
        widths=(3, 1),
        numeric=(1,),
    ),
    b.Bullets(("ข้อที่ 1", "ข้อที่ 2")),
    b.Section(landscape=True),
    b.Heading("ส่วนที่ 2 ตารางกว้าง", 1),
    b.table(("ก", "ข", "ค"), [("1", "2", "3")]),
]


def inflated(pdf: bytes) -> bytes:
    """The PDF with every deflated stream appended, so font names can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"".join(parts)


# --------------------------------------------------------------------------- blocks


def test_thai_digits_reach_every_text_but_not_anchors():
    converted = b.with_thai_digits(b.number_anchors(SAMPLE), thai_digits=True)
    cover, table = converted[0], converted[5]
    assert cover.title == "แผนพัฒนาจังหวัดทดสอบ พ.ศ. ๒๕๖๖–๒๕๗๐"
    assert cover.lines == ("ฉบับทบทวน ปี ๒๕๖๘",)
    assert table.rows[1].cells == ("ประชากร", "๗๓๔,๗๕๓")
    assert table.rows[0].kind == "group"
    assert [h.anchor for h in converted if isinstance(h, b.Heading)] == ["h1", "h2", "h3"]
    assert b.with_thai_digits(SAMPLE, thai_digits=False) == SAMPLE


def test_sections_split_by_orientation():
    groups = b.sections(SAMPLE)
    assert [g.landscape for g in groups] == [False, True]
    assert groups[1].items[0].kind == "heading"


def test_thai_helper():
    assert thai("พ.ศ. 2568", True) == "พ.ศ. ๒๕๖๘"
    assert thai("พ.ศ. 2568", False) == "พ.ศ. 2568"


# --------------------------------------------------------------------------- DOCX


def _rpr_ok(rpr, size_half_points: str = "32") -> None:
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attr)) == FONT_NAME, attr
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        assert fonts.get(qn(theme)) is None, theme
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == size_half_points
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == size_half_points


def test_new_document_layout_and_fonts():
    document = docx.Document(io.BytesIO(to_bytes(new_document(title="ทดสอบ"))))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.top_margin.cm, 2) == 2.5 and round(section.left_margin.cm, 2) == 3.0
    assert round(section.right_margin.cm, 2) == 2.0 and round(section.bottom_margin.cm, 2) == 2.0

    styles = document.styles.element
    _rpr_ok(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "List Bullet"):
        _rpr_ok(document.styles[name].element.rPr)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        rpr = document.styles[name].element.rPr
        assert rpr.find(qn("w:b")).get(qn("w:val")) == "1"
        assert rpr.find(qn("w:bCs")).get(qn("w:val")) == "1"  # bold for Thai too

    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
    assert section.different_first_page_header_footer  # no number on the cover


def test_arabic_page_numbers_when_asked():
    document = new_document(thai_digits=False)
    pg_num = document.sections[0]._sectPr.find(qn("w:pgNumType"))
    assert pg_num is None or pg_num.get(qn("w:fmt")) is None


def test_table_header_repeats_and_numbers_align_right():
    document = new_document(page_numbers=False)
    table = add_table(document, ("ก", "ข"), [("x", "1")], widths=(3, 1), numeric=(1,))
    header_tr = table.rows[0]._tr
    assert header_tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # RIGHT
    assert table.rows[0].cells[0].width > table.rows[0].cells[1].width


def test_write_docx_contents_toc_and_landscape():
    data = write_docx(b.with_thai_digits(SAMPLE, True), title="ทดสอบ")
    document = docx.Document(io.BytesIO(data))
    body = document.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    text = "\n".join(p.text for p in document.paragraphs)
    assert "แผนพัฒนาจังหวัดทดสอบ พ.ศ. ๒๕๖๖–๒๕๗๐" in text
    assert "ส่วนที่ ๑ ข้อมูลทั่วไป" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["ส่วนที่ ๑ ข้อมูลทั่วไป", "๑.๑ ข้อมูลพื้นฐาน", "ส่วนที่ ๒ ตารางกว้าง"]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "๗๓๔,๗๕๓" in cells
    assert len(document.sections) == 2
    wide = document.sections[1]
    assert wide.page_width > wide.page_height
    assert not wide.different_first_page_header_footer  # page numbers go on
    assert document.core_properties.title == "ทดสอบ"


def test_docx_digits_stay_arabic_when_not_asked():
    data = write_docx(SAMPLE, title="ทดสอบ", thai_digits=False)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2566–2570" in text
    assert not THAI_DIGITS.search(text)


# --------------------------------------------------------------------------- PDF


def test_font_face_points_at_installed_sarabun_files():
    css = pdfmod.font_face_css()
    urls = re.findall(r'url\("(file://[^"]+)"\)', css)
    assert len(urls) == 4
    for path in pdfmod.font_files().values():
        assert path.is_file() and path.suffix == ".ttf"
        assert path.as_uri() in urls


def test_pdf_embeds_sarabun_and_numbers_pages_in_thai():
    html = pdfmod.blocks_to_html(b.with_thai_digits(SAMPLE, True), title="ทดสอบ")
    document = pdfmod.render_html(html)
    pages = pdfmod.document_text(document)
    assert len(pages) >= 4  # cover, contents, part 1, landscape part 2
    assert "แผนพัฒนาจังหวัดทดสอบ" in pages[0]
    assert "- ๒ -" in pages[1] and "- ๑ -" not in pages[0]  # no number on the cover
    assert "ส่วนที่ ๑ ข้อมูลทั่วไป" in pages[1] and "๓" in pages[1]  # contents with page no.
    landscape = document.pages[-1]
    assert landscape.width > landscape.height
    data = document.write_pdf()
    assert data.startswith(b"%PDF-")
    fonts = re.findall(rb"/FontName\s*/([A-Z]{6}\+[\w-]+)", inflated(data))
    assert any(b"Sarabun" in name for name in fonts)


def test_pdf_with_arabic_digits():
    html = pdfmod.blocks_to_html(SAMPLE, title="ทดสอบ", thai_digits=False)
    pages = pdfmod.document_text(pdfmod.render_html(html))
    assert "- 2 -" in pages[1]
    assert not THAI_DIGITS.search(" ".join(pages))


def test_html_to_pdf_bytes():
    data = pdfmod.html_to_pdf("<p>สวัสดี</p>")
    assert data.startswith(b"%PDF-")


def test_fetcher_reads_only_fonts_and_data(tmp_path: Path):
    fetcher = pdfmod.LocalOnlyFetcher(pdfmod._roots(None))
    font = next(iter(pdfmod.font_files().values()))
    response = fetcher.fetch(font.as_uri())
    assert response.read(4) in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    response.close()
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    for url in (secret.as_uri(), "http://example.invalid/x.png", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    # An image the text points at is skipped, not fetched: rendering still succeeds.
    assert pdfmod.html_to_pdf('<img src="http://example.invalid/x.png">').startswith(b"%PDF")


# --------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize("value", ["=1+2", "+66 81", "-5", "@SUM(A1)", "\t=x", "\r=x"])
def test_safe_cell_neutralises_formulas(value):
    assert xlsx.safe_cell(value) == "'" + value
    assert xlsx.is_formula_like(value)


@pytest.mark.parametrize("value", ["ข้อความ", "1,000", "", None, 5, Decimal("-1.5")])
def test_safe_cell_keeps_other_values(value):
    assert xlsx.safe_cell(value) == value


def test_sheet_stores_formula_like_text_as_text():
    workbook = xlsx.new_workbook()
    rows = [('=HYPERLINK("http://x","y")', Decimal("1500000.50"), 3), ("@x", None, -2)]
    xlsx.add_sheet(workbook, "ตาราง/ทดสอบ", ("ชื่อ", "งบประมาณ", "จำนวน"), rows, widths=(40,))
    data = xlsx.to_bytes(workbook)

    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere

    reopened = openpyxl.load_workbook(io.BytesIO(data))
    ws = reopened[reopened.sheetnames[0]]
    assert reopened.sheetnames == ["ตาราง ทดสอบ"]
    assert ws["A2"].value == '=HYPERLINK("http://x","y")'
    assert ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["A3"].value == "@x" and ws["A3"].data_type == "s"
    assert ws["B2"].value == 1500000.5 and ws["B2"].number_format == "#,##0.00##"
    assert ws["C2"].value == 3 and ws["C2"].number_format == "#,##0"
    assert ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 40
    assert ws.auto_filter.ref == "A1:C3"


# --------------------------------------------------------------------------- jobs


@pytest.fixture
def immediate(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(TASKS=IMMEDIATE):
        yield tmp_path


def _ok_renderer(job, progress):
    progress(50, "ครึ่งทาง")
    seen = Job.objects.get(pk=job.pk)  # progress is visible (to another process) while running
    assert (seen.status, jobs.progress_of(seen)) == (JobStatus.RUNNING, (50, "ครึ่งทาง"))
    return f"สวัสดี {job.params['n']}".encode(), "เอกสาร ทดสอบ.txt", "text/plain"


def _broken_renderer(job, progress):
    raise RuntimeError("secret detail")


def _refusing_renderer(job, progress):
    raise registry.RenderError("ไม่พบแผนที่ขอ")


@pytest.fixture
def renderers():
    registry.register_renderer("test.ok", _ok_renderer)
    registry.register_renderer("test.broken", _broken_renderer)
    registry.register_renderer("test.refused", _refusing_renderer)
    yield
    for kind in ("test.ok", "test.broken", "test.refused"):
        registry._RENDERERS.pop(kind, None)


@pytest.mark.django_db
def test_job_runs_to_done(immediate, renderers, demo_user):
    from oneplan.documents.tasks import start_job

    user = demo_user("rayong")
    job = start_job(user, "test.ok", {"n": 7}, subject_label="ทดสอบ")
    assert job.status == JobStatus.DONE and job.progress == 100
    assert job.filename == "เอกสาร ทดสอบ.txt" and job.content_type == "text/plain"
    assert job.finished_at is not None and job.requested_by == user
    assert job.file.name.startswith("documents/") and job.file.name.endswith(f"{job.pk}.txt")
    with job.file.open("rb") as handle:
        assert handle.read().decode() == "สวัสดี 7"


@pytest.mark.django_db
def test_failing_renderer_gives_thai_message(immediate, renderers, demo_user, caplog):
    from oneplan.documents.tasks import start_job

    job = start_job(demo_user("rayong"), "test.broken", {})
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "ไม่สำเร็จ" in job.message and str(job.pk) in job.message
    assert "secret detail" not in job.message  # details go to the log only
    assert "secret detail" in caplog.text
    assert not job.file

    refused = start_job(demo_user("rayong"), "test.refused", {})
    assert refused.status == JobStatus.FAILED and refused.message == "ไม่พบแผนที่ขอ"


@pytest.mark.django_db
def test_unknown_kind(immediate, demo_user):
    from oneplan.documents.tasks import start_job

    with pytest.raises(ValueError):
        start_job(demo_user("rayong"), "no.such", {})
    job = Job.objects.create(kind="document:no.such")  # a renderer gone since it was queued
    assert jobs.run_job.call(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "ระบบไม่รู้จักเอกสารชนิด “no.such”"
    stranger = Job.objects.create(kind="nothing:at.all")  # no handler for the kind at all
    assert jobs.run_job.call(str(stranger.pk)) == "failed"
    stranger.refresh_from_db()
    assert stranger.status == JobStatus.FAILED and "nothing:at.all" in stranger.message


@pytest.mark.django_db
def test_database_backend_only_queues(settings, renderers, demo_user):
    from oneplan.documents.tasks import start_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start_job(demo_user("rayong"), "test.ok", {"n": 1})
    assert job.status == JobStatus.QUEUED and job.progress == 0


@pytest.mark.django_db
def test_job_is_scoped_by_the_policy(demo_user):
    from oneplan.areas.models import Area
    from oneplan.orgs import policy

    job = Job.objects.create(kind="document:x", area=Area.objects.get(code="21"))
    visible = policy.restrict(Job.objects.all(), demo_user("rayong"))
    assert job in visible
    assert job not in policy.restrict(Job.objects.all(), demo_user("chonburi"))
    assert job not in Job.objects.restrict(demo_user("chonburi"))
