"""What Chanthaburi's officials write in the journey: the strategic chain of their 5-year
plan, as they would type it into the import template, their proposals and their GFMIS
export. Written for this test (Chanthaburi's published plan was not copied): fruit, gems,
tourism and the border trade with Cambodia, as the province's plans are about."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from oneplan.plans.importing import (
    SHEET_GOALS,
    SHEET_INDICATORS,
    SHEET_ISSUES,
    SHEET_PROJECTS,
    SHEET_STRATEGIES,
)

PROVINCE = "22"
FIRST_YEAR = 2571

ISSUES = [
    {"ลำดับความสำคัญ": 1, "ประเด็นยุทธศาสตร์": "ยกระดับการผลิตและการค้าผลไม้คุณภาพสู่ตลาดโลก"},
    {"ลำดับความสำคัญ": 2, "ประเด็นยุทธศาสตร์": "พัฒนาการท่องเที่ยวเชิงนิเวศและอัญมณีอย่างยั่งยืน"},
    {"ลำดับความสำคัญ": 3, "ประเด็นยุทธศาสตร์": "พัฒนาการค้าชายแดนไทย–กัมพูชาและความมั่นคง"},
]
GOALS = [
    {"รหัส": "1.1", "ประเด็นยุทธศาสตร์": 1, "เป้าประสงค์": "มูลค่าการส่งออกผลไม้เพิ่มขึ้น"},
    {"รหัส": "2.1", "ประเด็นยุทธศาสตร์": 2, "เป้าประสงค์": "รายได้จากการท่องเที่ยวเพิ่มขึ้น"},
    {"รหัส": "3.1", "ประเด็นยุทธศาสตร์": 3, "เป้าประสงค์": "มูลค่าการค้าชายแดนเพิ่มขึ้น"},
]
INDICATORS = [
    {
        "รหัส": "1.1.1",
        "เป้าประสงค์": "1.1",
        "ตัวชี้วัด": "ร้อยละที่เพิ่มขึ้นของมูลค่าการส่งออกทุเรียนและมังคุด",
        "หน่วยนับ": "ร้อยละ",
        "ค่าฐาน": 3,
        "ปีฐาน (พ.ศ.)": 2569,
        "targets": [5, 5, 6, 6, 7],
    },
    {
        "รหัส": "2.1.1",
        "เป้าประสงค์": "2.1",
        "ตัวชี้วัด": "รายได้จากการท่องเที่ยว",
        "หน่วยนับ": "ล้านบาท",
        "ค่าฐาน": 9800,
        "ปีฐาน (พ.ศ.)": 2569,
        "targets": [10200, 10600, 11000, 11500, 12000],
    },
    {
        "รหัส": "3.1.1",
        "เป้าประสงค์": "3.1",
        "ตัวชี้วัด": "มูลค่าการค้าผ่านด่านถาวรบ้านแหลม",
        "หน่วยนับ": "ล้านบาท",
        "ค่าฐาน": 21000,
        "ปีฐาน (พ.ศ.)": 2569,
        "targets": [22000, 23000, 24000, 25000, 26000],
    },
]
STRATEGIES = [
    {"รหัส": "1.1", "ประเด็นยุทธศาสตร์": 1, "กลยุทธ์": "ส่งเสริมการผลิตผลไม้ตามมาตรฐาน GAP"},
    {"รหัส": "2.1", "ประเด็นยุทธศาสตร์": 2, "กลยุทธ์": "พัฒนาแหล่งท่องเที่ยวชุมชนและตลาดพลอย"},
    {"รหัส": "3.1", "ประเด็นยุทธศาสตร์": 3, "กลยุทธ์": "พัฒนาโครงสร้างพื้นฐานการค้าชายแดน"},
]


def _fill(sheet, rows: list[dict[str, Any]], years: list[int]) -> None:
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        values = dict(row)
        for year, target in zip(years, values.pop("targets", []), strict=False):
            values[next(h for h in headers if h and h.endswith(str(year)))] = target
        for header, value in values.items():
            sheet.cell(row=number, column=headers.index(header) + 1, value=value)


def filled_plan(template: bytes) -> bytes:
    """The import template of the plan's first edition, filled in as an official would."""
    book = load_workbook(io.BytesIO(template))
    years = list(range(FIRST_YEAR, FIRST_YEAR + 5))
    _fill(book[SHEET_ISSUES], ISSUES, years)
    _fill(book[SHEET_GOALS], GOALS, years)
    _fill(book[SHEET_INDICATORS], INDICATORS, years)
    _fill(book[SHEET_STRATEGIES], STRATEGIES, years)
    _fill(book[SHEET_PROJECTS], [], years)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def proposal(code: str, title: str, issue: int, strategy: int, amount: str) -> dict[str, Any]:
    """A proposal as an agency sends it to POST /api/v1/proposals."""
    return {
        "cycle": FIRST_YEAR,
        "reference_code": code,
        "title": title,
        "rationale": "ผลผลิตผลไม้ของจังหวัดจันทบุรีมีปริมาณสูงแต่คุณภาพไม่สม่ำเสมอ",
        "objectives": "เพื่อยกระดับคุณภาพผลผลิตและเพิ่มมูลค่าการส่งออก",
        "expected_outcomes": "เกษตรกรได้รับการรับรองมาตรฐานและมีรายได้เพิ่มขึ้น",
        "level": "province",
        "area": PROVINCE,
        "whole_area": True,
        "funding_channel": "province",
        "proposer_kind": "agency",
        "responsible_agency": "สำนักงานเกษตรจังหวัดจันทบุรี",
        "issue": issue,
        "strategy": strategy,
        "start_date": "1/10/2570",
        "end_date": "30/9/2571",
        "outputs": [{"description": "เกษตรกรผ่านการอบรม", "unit": "ราย", "quantity": "300"}],
        "indicators": [{"name": "เกษตรกรได้รับรองมาตรฐาน GAP", "unit": "ราย", "target": "200"}],
        "budget_lines": [
            {"fiscal_year_be": FIRST_YEAR, "category": "operating", "amount": amount},
        ],
    }


# The national template's steps as the secretariat writes them (dates as officials type them).
NATIONAL_STEPS = [
    ("แจ้งแนวทางการจัดทำแผนพัฒนาจังหวัดและกรอบวงเงินให้จังหวัดและกลุ่มจังหวัด", "ภายใน 30 พ.ย. 2569"),
    ("จังหวัดจัดประชุมปรึกษาหารือภาคส่วนต่าง ๆ ตามมาตรา 19", "ธ.ค. 2569 - ม.ค. 2570"),
    ("ก.บ.จ. พิจารณาให้ความเห็นชอบร่างแผนพัฒนาจังหวัด", "ภายใน 15 ก.พ. 2570"),
    ("จังหวัดส่งคำของบประมาณประจำปี พ.ศ. 2571", "ภายใน 31 มี.ค. 2570"),
]

COMMITTEE_MEMBERS = [
    {
        "full_name": "ผู้ว่าราชการจังหวัดจันทบุรี",
        "position_title": "ผู้ว่าราชการจังหวัดจันทบุรี",
        "role": "chair",
        "basis": "position",
        "seat": "governor",
        "province": PROVINCE,
    },
    {
        "full_name": "รองผู้ว่าราชการจังหวัดจันทบุรี",
        "position_title": "รองผู้ว่าราชการจังหวัดจันทบุรี",
        "role": "vice_chair",
        "basis": "position",
        "seat": "deputy_governor",
    },
    {
        "full_name": "นายกองค์การบริหารส่วนจังหวัดจันทบุรี",
        "position_title": "นายกองค์การบริหารส่วนจังหวัดจันทบุรี",
        "role": "member",
        "basis": "position",
        "seat": "pao_chief",
    },
    {
        "full_name": "นางสาวมาลี ศรีจันทร์",
        "position_title": "ผู้แทนภาคประชาสังคม",
        "role": "member",
        "basis": "representative",
        "seat": "civil_society",
        "gender": "female",
    },
    {
        "full_name": "หัวหน้าสำนักงานจังหวัดจันทบุรี",
        "position_title": "หัวหน้าสำนักงานจังหวัดจันทบุรี",
        "role": "secretary",
        "basis": "position",
        "seat": "official",
    },
]

# Villages as the DOPA list gives them (written for the test; the sub-districts are real).
VILLAGES = [
    ("22010101", 1, "บ้านหัวแหลม"),
    ("22010102", 2, "บ้านตลาดล่าง"),
    ("22010201", 1, "บ้านวัดใหม่"),
    ("22010301", 1, "บ้านคลองนารายณ์"),
]


def villages_csv() -> bytes:
    rows = ["รหัสหมู่บ้าน,หมู่ที่,ชื่อหมู่บ้าน"] + [f"{c},{n},{name}" for c, n, name in VILLAGES]
    return ("\n".join(rows) + "\n").encode()


def needs() -> list[dict[str, Any]]:
    """What the villages' plans ask for, as the district sends them in bulk."""
    wanted = [
        ("ถนนเข้าสวนผลไม้ชำรุด ขนส่งผลผลิตไม่ได้ในฤดูฝน", "ก่อสร้างถนนคอนกรีตเสริมเหล็กเข้าสวน", "1500000"),
        ("ขาดแหล่งน้ำสำหรับสวนทุเรียนในฤดูแล้ง", "ขุดลอกสระน้ำประจำหมู่บ้าน", "800000"),
        ("ผลผลิตมังคุดคุณภาพต่ำ ราคาตกต่ำ", "อบรมการผลิตมังคุดคุณภาพ", "150000"),
        ("ตลาดพลอยขาดที่จอดรถนักท่องเที่ยว", "ปรับปรุงลานจอดรถตลาดพลอย", "2000000"),
    ]
    return [
        {
            "fiscal_year": FIRST_YEAR,
            "area": code,
            "title": title,
            "project_idea": idea,
            "budget": budget,
            "source": "village_plan",
        }
        for (code, _n, _name), (title, idea, budget) in zip(VILLAGES, wanted, strict=True)
    ]
