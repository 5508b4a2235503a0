"""The one workbook reader every Excel import uses: limits from the settings, the attachment
checker's refusals, the header found by its titles however they are spaced or numbered,
rows by number with every problem by sheet, row and column, progress, and the cell helpers."""

from __future__ import annotations

import io
import runpy
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook as NewWorkbook

from oneplan.core import hostile
from oneplan.documents import uploads, workbook
from oneplan.documents.tests import files
from oneplan.documents.workbook import CellError, Problem

KINDS = ("plan", "proposals", "calendar", "gfmis")


def xlsx(*sheets: tuple[str, list[list[Any]]], percent: tuple[str, str] | None = None) -> bytes:
    """A workbook with these sheets and rows (None leaves a cell empty, [] a row blank)."""
    book = NewWorkbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
    if percent is not None:
        title, coordinate = percent
        book[title][coordinate].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def limited(**changed: int) -> dict[str, dict[str, int]]:
    """The settings' limits with the plan's changed."""
    limits = django_settings.ONEPLAN_IMPORT_LIMITS
    return {**limits, "plan": {**limits["plan"], **changed}}


def refusal(data: Any, kind: str = "plan", hint: str = "") -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        workbook.open_workbook(data, kind, hint=hint).close()
    return refused.value


# --------------------------------------------------------------------------- limits


def test_each_kind_has_the_limits_it_had_before_they_came_from_the_settings():
    mb = 1024 * 1024
    assert workbook.limits("plan") == workbook.Limits(5 * mb, 60 * mb, 20_000, 100_000)
    assert workbook.limits("proposals") == workbook.Limits(50 * mb, 1024 * mb, 120_000, 300_000)
    assert workbook.limits("calendar").file_bytes == 5 * mb
    assert workbook.limits("gfmis") == workbook.Limits(200 * mb, 1024 * mb, 1_048_576, 1_048_576)


def test_the_environment_sets_a_limit(monkeypatch):
    monkeypatch.setenv("ONEPLAN_IMPORT_PROPOSALS_ROWS", "250000")
    monkeypatch.setenv("ONEPLAN_IMPORT_PLAN_FILE_BYTES", "1048576")
    path = Path(workbook.__file__).parents[1] / "settings.py"
    limits = runpy.run_path(str(path))["ONEPLAN_IMPORT_LIMITS"]
    assert limits["proposals"]["rows"] == 250_000
    assert limits["plan"]["file_bytes"] == 1024 * 1024
    assert limits["gfmis"] == django_settings.ONEPLAN_IMPORT_LIMITS["gfmis"]


def test_limits_that_are_not_configured_whole_are_an_error_of_the_configuration():
    with override_settings(ONEPLAN_IMPORT_LIMITS={"plan": {"file_bytes": 1}}):
        with pytest.raises(ImproperlyConfigured, match="exactly the keys"):
            workbook.limits("plan")
        with pytest.raises(ImproperlyConfigured, match="'gfmis'"):
            workbook.limits("gfmis")


def test_the_file_size_comes_from_the_settings_and_no_more_is_read():
    class Counting(io.BytesIO):
        read_at_most = 0

        def read(self, size: int | None = -1) -> bytes:
            Counting.read_at_most = max(Counting.read_at_most, size or 0)
            return super().read(size)

    data = xlsx(("ชีต", [["ก"]])) + b"\0" * 5000
    with override_settings(ONEPLAN_IMPORT_LIMITS=limited(file_bytes=4096)):
        refused = refusal(Counting(data))
    assert refused.code == "too_big"
    assert refused.messages == ["ไฟล์ใหญ่เกิน 0.00390625 MB กรุณาแบ่งไฟล์หรือลดขนาดไฟล์"]
    assert Counting.read_at_most == 4097
    # An upload that says its size is refused before a byte is read.
    upload = Counting(data)
    upload.size = len(data)  # type: ignore[attr-defined]
    Counting.read_at_most = 0
    with override_settings(ONEPLAN_IMPORT_LIMITS=limited(file_bytes=4096)):
        refusal(upload)
    assert Counting.read_at_most == 0


def test_the_unpacked_size_comes_from_the_settings(settings):
    # Like rows pack far beyond the ratio an attachment may have: only the size counts.
    data = xlsx(("ชีต", [["ก" * 1000] * 20] * 20))
    with pytest.raises(ValidationError, match="คลาย"):
        uploads.check_attachment(SimpleUploadedFile("like-rows.xlsx", data))
    workbook.open_workbook(data, "plan").close()
    settings.ONEPLAN_IMPORT_LIMITS = limited(unpacked_bytes=20_000)
    refused = refusal(data)
    assert refused.code == "too_big" and "เมื่อขยาย" in refused.messages[0]


def test_rows_with_content_and_rows_read_are_limited_over_all_sheets(settings):
    data = xlsx(("หนึ่ง", [["ก"], ["ข"], ["ค"]]), ("สอง", [["ง"], [], [], [], ["จ"]]))
    settings.ONEPLAN_IMPORT_LIMITS = limited(rows=4)
    with workbook.open_workbook(data, "plan") as book:
        assert list(book.sheets[0].rows())  # three rows
        assert list(book.sheets[0].rows())  # read again: counted once
        with pytest.raises(ValidationError, match="ไฟล์มีข้อมูลเกิน 4 แถว"):
            list(book.sheets[1].rows())
    settings.ONEPLAN_IMPORT_LIMITS = limited(scanned_rows=6)
    with workbook.open_workbook(data, "plan") as book:
        list(book.sheets[0].rows())
        with pytest.raises(ValidationError, match="เกิน 6 แถว"):  # blank rows count
            list(book.sheets[1].rows())


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("data", "words", "code"),
    [
        (b"", "ไฟล์ว่างเปล่า", "bad_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel รุ่นเก่า (.xls)", "bad_file"),
        (b"%PDF-1.7\n", "ไม่ใช่ไฟล์ Excel (.xlsx) หรือไฟล์เสียหาย ใช้แม่แบบ", "bad_file"),
        (files.docx(), "ไม่ใช่ไฟล์ Excel (.xlsx) หรือไฟล์เสียหาย ใช้แม่แบบ", "bad_file"),
        (
            files.rezip(files.xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(508)}),
            "มาโคร",
            "active_content",
        ),
    ],
    ids=["empty", "xls", "pdf", "docx", "macro"],
)
def test_what_is_not_a_sound_xlsx_is_refused_in_thai(data, words, code):
    refused = refusal(data, hint="ใช้แม่แบบ")
    assert words in refused.messages[0]
    assert refused.code == code


def test_the_attachment_checker_refuses_hostile_packages():
    base = hostile.workbook([["ชื่อโครงการ", "งบประมาณ"], ["ถนน", 1000]])
    cases = [c for c in hostile.archive_cases(base) if c.label != "xlsx-110000-empty-rows"]
    refused = {case.label: refusal(case.data) for case in cases}
    assert set(refused) >= {"xlsx-entity-bomb", "xlsx-external-entity", "xlsx-zip-bomb"}
    for label, error in refused.items():
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.messages[0]), label
    assert "ไม่ใช่ไฟล์ Excel" in refused["xlsx-entity-bomb"].messages[0]
    assert "ใหญ่เกิน" in refused["xlsx-declared-bomb"].messages[0]


# --------------------------------------------------------------------------- the header


TITLES = {"ชื่อโครงการ": "title", "โครงการ": "title", "งบประมาณ 2569": "y2569", "Budget Code": "code"}


@pytest.mark.parametrize(
    "written",
    ["ชื่อโครงการ", " ชื่อ  โครงการ ", "ชื่อ\nโครงการ", "ชื่อ\u200bโครงการ", "\tชื่อ\r\nโครงการ"],
)
def test_a_title_is_found_however_it_is_spaced(written):
    header = workbook.find_header([["แบบ ผ.02"], [], [None, written]], TITLES, required=["title"])
    assert header is not None
    assert (header.row, header.columns) == (3, {"title": 1})
    assert header.column("title") == f"B ({workbook.title_text(written)})"


def test_digits_and_case_do_not_matter_and_the_leftmost_column_wins():
    rows = [["budget code", "งบประมาณ ๒๕๖๙", "โครงการ", "ชื่อโครงการ", "BUDGET CODE"]]
    header = workbook.find_header(rows, TITLES, required=["title"])
    assert header is not None
    assert header.columns == {"code": 0, "y2569": 1, "title": 2}
    assert header.column_at(1) == "B (งบประมาณ ๒๕๖๙)"


def test_the_first_row_holding_every_required_column_is_the_header():
    rows = [["ชื่อโครงการ"], ["ชื่อโครงการ", "เวลา"], ["ชื่อโครงการ", "ช่วงเวลา"]]
    wanted = {"ชื่อโครงการ": "title", "เวลา": "when", "ช่วงเวลา": "period"}
    assert workbook.find_header(rows, wanted, required=["title", "when"]).row == 2
    assert workbook.find_header(rows, wanted, required=["title", ("when", "period")]).row == 2
    assert workbook.find_header(rows, wanted, required=["period"]).row == 3
    assert workbook.find_header(rows, wanted, required=["code"]) is None
    assert workbook.find_header(rows, wanted).row == 1


def test_the_rows_after_the_header_are_not_read():
    def rows():
        yield ["ชื่อโครงการ"]
        raise AssertionError("read past the header")

    assert workbook.find_header(rows(), TITLES, required=["title"]).row == 1


# --------------------------------------------------------------------------- rows and problems


def test_rows_come_by_number_blank_ones_skipped_percentages_as_shown():
    data = xlsx(
        ("คำอธิบาย", [["อ่านก่อน"]]),
        ("ตัวชี้วัด", [["รหัส", "ค่าเป้าหมาย"], ["1.1", 0.05], [], [" \u200b", None], ["1.2", 7]]),
        percent=("ตัวชี้วัด", "B2"),
    )
    with workbook.open_workbook(data, "plan") as book:
        assert [sheet.name for sheet in book.sheets] == ["คำอธิบาย", "ตัวชี้วัด"]
        sheet = book.sheet(" ตัวชี้วัด ")
        assert sheet is not None and book.sheet("ไม่มี") is None
        assert sheet.top(1) == [("รหัส", "ค่าเป้าหมาย")]
        assert list(sheet.rows(2, as_shown=True)) == [
            (2, ("1.1", Decimal("5.00"))),
            (5, ("1.2", 7)),
        ]
        assert list(sheet.rows(2, width=1)) == [(2, ("1.1",)), (5, ("1.2",))]


def test_a_cell_that_cannot_be_read_is_the_problem_of_its_sheet_and_row():
    base = hostile.workbook([["ชื่อ", "จำนวน"], ["ก", 1], ["ข", 2]], title="ข้อมูล")
    unreadable = 0
    for case in hostile.raw_cell_cases(base, 3, 2):
        with workbook.open_workbook(case.data, "plan") as book:
            try:
                rows = list(book.sheets[0].rows(2))
            except workbook.UnreadableRow as exc:
                unreadable += 1
                assert exc.problem == Problem("ข้อมูล", 3, "", workbook.UNREADABLE), case.label
                assert exc.messages[0].startswith("ชีต “ข้อมูล” แถว 3: อ่านข้อมูลไม่ได้")
                assert exc.code == "bad_file"
                continue
            assert [number for number, _values in rows] == [2, 3], case.label
    assert unreadable  # openpyxl refuses some of them


def test_a_problem_says_where_it_is():
    assert str(Problem("โครงการ", 3, "C (งบประมาณ 2569)", "ไม่ใช่ตัวเลข")) == (
        "ชีต “โครงการ” แถว 3 คอลัมน์ C (งบประมาณ 2569): ไม่ใช่ตัวเลข"
    )
    assert str(Problem("โครงการ", None, "", "ไม่พบคอลัมน์")) == "ชีต “โครงการ”: ไม่พบคอลัมน์"
    assert str(Problem("", 12, "G (ยอดเบิกจ่าย)", "ผิด")) == "แถว 12 คอลัมน์ G (ยอดเบิกจ่าย): ผิด"
    assert str(Problem("", None, "", "ไม่มีข้อมูลในไฟล์")) == "ไม่มีข้อมูลในไฟล์"


def test_progress_is_told_as_the_rows_are_read():
    heard: list[tuple[int, int | None]] = []
    rows = [["ชื่อ"]] + [[f"แถว {n}"] for n in range(1, 1200)]
    data = xlsx(("หนึ่ง", rows), ("สอง", [["x"]] * 10))
    with workbook.open_workbook(data, "plan", progress=lambda *told: heard.append(told)) as book:
        for sheet in book.sheets:
            list(sheet.rows())
            list(sheet.rows())  # read again: no more progress
    assert heard == [(500, 1210), (1000, 1210)]


# --------------------------------------------------------------------------- cells


def test_numbers_and_money():
    assert workbook.parse_number("๑,๒๕๐.๕") == Decimal("1250.5")
    assert workbook.parse_number(" 12 % ") == Decimal("12")
    assert workbook.parse_number("(1,500.00)") == Decimal("-1500.00")
    assert workbook.parse_number("1.5E+3") == Decimal("1500")
    assert workbook.parse_number(3.25) == Decimal("3.25")
    for wrong in ("NaN", "Infinity", "หนึ่งล้าน", True, float("inf"), "1,2,3x"):
        with pytest.raises(CellError, match="ไม่ใช่ตัวเลข"):
            workbook.parse_number(wrong)
    assert workbook.money("๑,๐๐๐.๐๐๕") == Decimal("1000.01")
    assert workbook.money("0.125", negative=True, rounding=ROUND_HALF_EVEN) == Decimal("0.12")
    assert workbook.money("(500)", negative=True) == Decimal("-500.00")
    with pytest.raises(CellError, match=r"^งบประมาณต้องไม่ติดลบ$"):
        workbook.money("-1", what="งบประมาณ")
    assert workbook.money("9,999,999,999,999.99") == workbook.MAX_MONEY
    for too_large in ("10000000000000", "9999999999999.999", "1e400"):
        with pytest.raises(CellError, match="เกินกว่าที่บันทึกได้"):
            workbook.money(too_large)
    assert workbook.whole_number("๓") == 3
    for wrong in ("0", "2.5", "40000"):
        with pytest.raises(CellError, match="จำนวนเต็ม"):
            workbook.whole_number(wrong)


def test_the_largest_amount_fits_every_money_field_it_is_kept_in():
    from oneplan.monitoring.models import Transaction
    from oneplan.plans.models import PlanProject
    from oneplan.projects.models import BudgetLine

    for field in (
        Transaction._meta.get_field("disbursement"),
        BudgetLine._meta.get_field("amount"),
        PlanProject._meta.get_field("budget"),
    ):
        assert workbook.MAX_MONEY < Decimal(10) ** (field.max_digits - field.decimal_places)
        assert -workbook.MAX_MONEY.as_tuple().exponent == field.decimal_places


def test_dates():
    assert workbook.date_of(datetime(2569, 10, 1)) == date(2026, 10, 1)  # Excel keeps B.E.
    assert workbook.date_of(date(2026, 10, 1)) == date(2026, 10, 1)
    assert workbook.date_of("1 ต.ค. 69") == date(2026, 10, 1)
    assert workbook.date_of("๑/๑๐/๒๕๖๙") == date(2026, 10, 1)
    with pytest.raises(CellError, match="ไม่ใช่วันที่"):
        workbook.date_of(45000)
    with pytest.raises(CellError, match="ไม่น่าจะถูกต้อง"):
        workbook.date_of(date(3112, 1, 1))
    with pytest.raises(CellError):
        workbook.date_of("วันพรุ่งนี้")


def test_text():
    assert workbook.clean_line(" ถนน\u200b  สาย  ๑ ") == "ถนน สาย ๑"
    assert workbook.clean_lines("1. ก\n\n  2.  ข ") == "1. ก\n2. ข"
    assert workbook.clean_code(" ๑.๑. ") == "1.1"
    assert workbook.clean_code(2.0) == "2"
    with pytest.raises(CellError, match="เป็นวันที่"):
        workbook.clean_line(datetime(2026, 1, 2))
    assert workbook.shown("ก\x00ข" + "ค" * 100).startswith("ก\ufffdข")
    assert len(workbook.shown("ค" * 100)) <= 60
    assert workbook.is_blank(" \u200b\n") and not workbook.is_blank("0")
    yes = workbook.choice({"ใช่": "y", "Yes": "y"}, "ใช่ / ไม่ใช่")
    assert yes(" YES ") == "y"
    with pytest.raises(CellError, match=r"ไม่อยู่ในรายการ \(ใช่ / ไม่ใช่\)"):
        yes("อาจจะ")


# --------------------------------------------------------------------------- properties


THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"
texts = st.text(
    alphabet=st.sampled_from("กขคงเแโใไะาิีึืุู่้๊๋์ํั็ abcXYZ0123456789๐๑๒๓\n\t" + ZERO_WIDTH),
    max_size=40,
)


@given(texts)
def test_clean_line_is_normal_and_idempotent(text):
    cleaned = workbook.clean_line(text)
    assert workbook.clean_line(cleaned) == cleaned
    assert cleaned == cleaned.strip() and "  " not in cleaned and "\n" not in cleaned
    assert not set(ZERO_WIDTH) & set(cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)


@given(texts, st.lists(st.integers(0, 40), max_size=4), st.sampled_from(" \n\u200b"))
@example("\u0e01\u0e48\u0e38", [2], " ")  # a space between marks: NFC orders them once gone
def test_a_title_compares_the_same_with_spaces_and_either_digits(text, places, gap):
    spaced = text
    for place in places:
        spaced = spaced[:place] + gap + spaced[place:]
    assert workbook.match_key(spaced.translate(THAI_DIGITS).upper()) == workbook.match_key(text)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2), st.booleans())
def test_an_amount_reads_back_however_it_is_written(amount, thai):
    written = f"{abs(amount):,.2f}"
    written = written.translate(THAI_DIGITS) if thai else written
    written = f"({written})" if amount < 0 else written
    assert workbook.money(written, negative=True) == amount


def test_a_zip_without_a_workbook_part_is_not_an_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refusal(buffer.getvalue()).code == "bad_file"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_opens_a_sound_workbook(kind):
    with workbook.open_workbook(xlsx(("ชีต", [["ก", 1]])), kind) as book:
        assert list(book.sheets[0].rows()) == [(1, ("ก", 1))]
