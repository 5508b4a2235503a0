"""The empty template workbook of a source: the data sheet, its drop-down lists and the
sheet "คำอธิบาย" that explains every column."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.documents import xlsx
from oneplan.plans import importing
from oneplan.plans.importing import SHEET_HELP, SHEET_LISTS
from oneplan.projects import owners
from oneplan.projects.budget_words import investment_words
from oneplan.projects.excel.plan import (
    district_label,
    districts_of,
    no_plan,
    plan_issues,
    plan_years,
)
from oneplan.projects.excel.templates import Column, Source, Template, template_for
from oneplan.projects.excel.words import CATEGORY_LABELS, FUNDING_LABELS, NO, YES
from oneplan.projects.models import FundingChannel
from oneplan.projects.owners import Owner


def template_filename(source: str, cycle: Cycle, owner: Owner) -> str:
    spec = template_for(source)
    name = re.sub(r'[\\/:*?"<>|\s]+', "-", f"{spec.sheet}-{owner.name_th}")
    return f"แม่แบบนำเข้าโครงการ-{name}-{cycle.fiscal_year_be}.xlsx"


def build_template(source: str, cycle: Cycle, owner: Owner) -> bytes:
    """The empty .xlsx workbook of one source, in Thai, for a province's (or a cluster's)
    proposals of a cycle."""
    spec = template_for(source)
    years = plan_years(cycle, owner)
    issues, plan_title = plan_issues(cycle, owner)
    districts = districts_of(owner) if spec.source == Source.DISTRICT else []
    columns = spec.columns(years)
    sheet_spec = importing.SheetSpec(spec.sheet, columns)
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(
        workbook,
        spec.sheet,
        [column.header for column in columns],
        [],
        widths=[column.width for column in columns],
    )
    sheet.row_dimensions[1].height = 42
    help_sheet = workbook.create_sheet(SHEET_HELP)
    lists = _write_lists(
        workbook.create_sheet(SHEET_LISTS),
        {
            "category": list(CATEGORY_LABELS.values()),
            "funding": list(FUNDING_LABELS.values()),
            "issue": sorted(issues),
            "district": [area.name_th for area in districts],
            "direct": [YES, NO],
        },
    )
    importing._format_columns(sheet, sheet_spec, 0)
    importing._add_validations(sheet, sheet_spec, lists, 0)
    _write_help(help_sheet, spec, cycle, owner, years, columns, issues, plan_title, districts)
    workbook.active = 0
    return xlsx.to_bytes(workbook)


def _write_lists(sheet: Worksheet, values: dict[str, list[Any]]) -> dict[str, str]:
    """The drop-down values on a hidden sheet; returns column key → range (non-empty lists)."""
    sheet.sheet_state = "hidden"
    formulas: dict[str, str] = {}
    for col, (key, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col, value=key)
        for row, item in enumerate(items, start=2):
            xlsx.write_cell(sheet.cell(row=row, column=col), item)
        if items:
            formulas[key] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(items) + 1}"
    return formulas


def _write_help(
    sheet: Worksheet,
    spec: Template,
    cycle: Cycle,
    owner: Owner,
    years: list[int],
    columns: tuple[Column, ...],
    issues: dict[int, tuple[int, str]],
    plan_title: str,
    districts: list[Area],
) -> None:
    lines = _help_lines(spec, cycle, owner, years)
    for row, line in enumerate(lines, start=1):
        cell = xlsx.write_cell(sheet.cell(row=row, column=1), line or None)
        cell.font = importing.TITLE_FONT if row == 1 else xlsx.BODY_FONT
    row = _write_column_help(sheet, len(lines) + 1, columns, owner, issues, plan_title)
    _write_choices_help(sheet, row, spec, owner, issues, districts)
    for letter, width in zip("ABC", (26, 10, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def _help_lines(spec: Template, cycle: Cycle, owner: Owner, years: list[int]) -> list[str]:
    """The instructions at the top of the help sheet (and an empty line after them)."""
    lines = [
        f"แม่แบบนำเข้า{spec.name}",
        f"{owners.owner_name(owner)} รอบปีงบประมาณ พ.ศ. {cycle.fiscal_year_be}"
        f" ปีของแผน พ.ศ. {years[0]}–{years[-1]}",
        "",
        f"1. กรอกโครงการละหนึ่งแถวในชีต “{spec.sheet}” แถวที่ 1 เป็นหัวตาราง ห้ามแก้ชื่อหัวตาราง"
        " (ย้ายลำดับคอลัมน์ได้ คอลัมน์อื่นที่ระบบไม่รู้จักจะถูกข้าม)",
        "2. แบ่งโครงการไว้หลายชีตได้ (เช่น ชีตละยุทธศาสตร์หรือแผนงาน) ทุกชีตที่มีหัวตารางแบบเดียวกันจะถูกนำเข้า"
        " หัวตารางอยู่ใน 12 แถวแรกของชีตก็ได้ และปีงบประมาณอยู่ในแถวหัวตารางแถวที่สองใต้ “งบประมาณ” ก็ได้",
        "3. ในเซลล์ขึ้นบรรทัดใหม่ได้ เป้าหมายและตัวชี้วัดเขียนเป็นข้อ ๆ (1. … 2. … หรือ - …)"
        " แต่ละข้อเป็นผลผลิตหรือตัวชี้วัดหนึ่งรายการ เช่น “จำนวน 200 คน” “1 แห่ง” “ร้อยละ 80”",
        "4. ตัวเลขใช้เลขไทยหรือเลขอารบิกได้ มีจุลภาคคั่นหลักพันได้ เช่น ๑,๒๕๐,๐๐๐ หรือ 1,250,000"
        " งบประมาณว่างหรือ - หมายถึงไม่มีงบประมาณปีนั้น",
        "5. แถวที่ขึ้นต้นด้วย “รวม” (แถวรวมงบประมาณ) ไม่ถูกนำเข้า",
        "6. ถ้ามีข้อผิดพลาดแม้แต่จุดเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงข้อผิดพลาดทั้งหมด"
        " (ชีต แถว คอลัมน์) ให้แก้ไขแล้วนำเข้าใหม่",
        "7. นำเข้าไฟล์เดิมซ้ำได้ ระบบจับคู่ด้วยรหัสอ้างอิง แก้ไขเฉพาะโครงการที่ข้อมูลเปลี่ยน และไม่ลบโครงการที่ไม่อยู่ในไฟล์",
    ]
    if spec.dla_form:
        lines += [
            "8. คอลัมน์ตามแบบของกรมส่งเสริมการปกครองท้องถิ่น: ที่ โครงการ วัตถุประสงค์ เป้าหมาย"
            " (ผลผลิตของโครงการ) งบประมาณแต่ละปี ตัวชี้วัด (KPI) ผลที่คาดว่าจะได้รับ หน่วยงานรับผิดชอบหลัก",
            "9. ถ้าไม่กรอกรหัสอ้างอิง ระบบสร้างรหัสให้จากแบบฟอร์ม จังหวัด หน่วยงานที่เสนอ ชื่อโครงการ"
            " และหน่วยงานรับผิดชอบหลัก (ไม่สนใจช่องว่าง) โครงการชื่อเดียวกันและหน่วยงานเดียวกันสองแถว"
            " จะถูกแจ้งว่าซ้ำ ให้กรอกรหัสอ้างอิงแยกกัน หรือลบแถวที่ซ้ำ",
            "10. หมวดงบประมาณ: ถ้าชื่อโครงการมีคำว่า "
            + " ".join(investment_words(cycle.regime))
            + " เป็นงบลงทุน"
            " นอกนั้นเป็นงบดำเนินงาน (แก้ไขในระบบได้ภายหลัง)",
            f"11. แหล่งงบประมาณ: {FUNDING_LABELS[spec.funding_channel or FundingChannel.LOCAL]}",
        ]
    lines.append("")
    return lines


def _write_column_help(
    sheet: Worksheet,
    row: int,
    columns: tuple[Column, ...],
    owner: Owner,
    issues: dict[int, tuple[int, str]],
    plan_title: str,
) -> int:
    """The table of the columns from `row` on; returns its last row."""
    xlsx.write_row(sheet, row, ["คอลัมน์", "ต้องกรอก", "คำอธิบาย"], header=True)
    for column in columns:
        row += 1
        text = column.help
        if column.key == "issue":
            text += f" — ตาม{plan_title}" if issues else f" — {no_plan(owner)} ให้เว้นว่าง"
        xlsx.write_row(sheet, row, [column.header, YES if column.required else None, text])
    return row


def _write_choices_help(
    sheet: Worksheet,
    row: int,
    spec: Template,
    owner: Owner,
    issues: dict[int, tuple[int, str]],
    districts: list[Area],
) -> None:
    """The lists of the choices (issues, districts, funding, categories) after `row`."""
    for title, items in (
        ("ประเด็นยุทธศาสตร์", [(str(n), t) for n, (_pk, t) in sorted(issues.items())]),
        ("อำเภอ", [(area.code, district_label(area, owner)) for area in districts]),
        ("แหล่งงบประมาณ", [("", label) for label in FUNDING_LABELS.values()]),
        ("หมวดงบประมาณ", [("", label) for label in CATEGORY_LABELS.values()]),
    ):
        if not items or (spec.dla_form and title in ("แหล่งงบประมาณ", "หมวดงบประมาณ")):
            continue
        row += 2
        xlsx.write_row(sheet, row, [title, None, None], header=True)
        for number, text in items:
            row += 1
            xlsx.write_row(sheet, row, [number or None, None, text])
