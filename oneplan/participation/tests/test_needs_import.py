"""Needs at scale: the Excel template in the village plan's and the forum summary's layouts,
read back whole (counts, areas, sources, levels), every kind of bad row reported by sheet,
row and column with nothing written, the API's JSON list (problems by index and field) and
its Excel upload, and other provinces refused with nothing written."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from oneplan.areas.models import Area, AreaLevel
from oneplan.participation import needs_import
from oneplan.participation.models import Need, NeedLevel, NeedSource

pytestmark = pytest.mark.django_db

YEAR = 2570


@pytest.fixture
def villages() -> list[Area]:
    """Two villages of Tha Pradu (210101), Mueang Rayong."""
    subdistrict = Area.objects.get(code="210101")
    return [
        Area.objects.create(
            code=f"2101010{n}",
            level=AreaLevel.VILLAGE,
            parent=subdistrict,
            name_th=name,
            village_no=n,
            source="test",
        )
        for n, name in ((1, "ท่าประดู่"), (2, "ตลาด"))
    ]


def filled(village_rows: list[list], forum_rows: list[list]) -> SimpleUploadedFile:
    """The template with rows written under the headers of its two sheets."""
    book = load_workbook(io.BytesIO(needs_import.template_xlsx()))
    for name, rows in (
        (needs_import.VILLAGE_PLAN_SHEET, village_rows),
        (needs_import.FORUM_SHEET, forum_rows),
    ):
        for offset, values in enumerate(rows):
            for column, value in enumerate(values, start=1):
                book[name].cell(row=4 + offset, column=column, value=value)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("needs.xlsx", data.getvalue())


GOOD_VILLAGE_PLAN = [
    # ลำดับ, รหัสหมู่บ้าน, หมู่ที่, ชื่อหมู่บ้าน, ปัญหา/ความต้องการ, โครงการ, งบประมาณ, ลำดับ, ด้าน,
    # การดำเนินการ, รายละเอียด
    [
        1,
        "21010101",
        1,
        "ท่าประดู่",
        "ถนนในหมู่บ้านชำรุด",
        "ซ่อมถนนลูกรัง 1.2 กม.",
        "150,000",
        1,
        "โครงสร้างพื้นฐานและโลจิสติกส์",
        "ขอรับการสนับสนุน",
        "",
    ],
    [2, "๒๑๐๑๐๑๐๒", "๒", "ตลาด", "ขาดตลาดชุมชน", "ลานค้าชุมชน", 80000.5, 2, "", "ทำร่วม", "ใช้ที่สาธารณะ"],
]
GOOD_FORUM = [
    # ลำดับ, รหัสพื้นที่, ชื่อพื้นที่, วันที่จัดประชาคม, ปัญหา, ความต้องการ, ลำดับ, ด้าน,
    # เกินศักยภาพ, ระดับที่เสนอ
    [1, "210101", "ตำบลท่าประดู่", "15/1/2569", "น้ำท่วมขังในฤดูฝน", "ขุดลอกคูระบายน้ำ", 1, "", "ใช่", "ตำบล"],
    [
        2,
        "2101",
        "อำเภอเมืองระยอง",
        date(2026, 1, 20),
        "ผลผลิตทุเรียนราคาตก",
        "",
        1,
        "agriculture",
        "ไม่ใช่",
        "",
    ],
]


def test_the_template_has_both_layouts_and_reads_back_empty():
    book = load_workbook(io.BytesIO(needs_import.template_xlsx()))
    village = [c.value for c in book[needs_import.VILLAGE_PLAN_SHEET][3]]
    forum = [c.value for c in book[needs_import.FORUM_SHEET][3]]
    assert village == [title for title, _k, _w in needs_import.VILLAGE_PLAN_COLUMNS]
    assert forum == [title for title, _k, _w in needs_import.FORUM_COLUMNS]
    drafts, problems, counts = needs_import.read_workbook(
        io.BytesIO(needs_import.template_xlsx()), YEAR
    )
    assert drafts == [] and len(problems) == 1
    assert set(counts) == {needs_import.VILLAGE_PLAN_SHEET, needs_import.FORUM_SHEET}


def test_a_good_file_imports_every_need_of_both_layouts(demo_user, villages):
    rayong = demo_user("rayong")
    before = Need.objects.count()
    result = needs_import.import_workbook(
        rayong, filled(GOOD_VILLAGE_PLAN, GOOD_FORUM), YEAR, Area.objects.get(code="21")
    )
    assert result.ok, result.errors
    assert (result.created, result.updated) == (4, 0)
    assert result.sheets == {needs_import.VILLAGE_PLAN_SHEET: 2, needs_import.FORUM_SHEET: 2}
    assert Need.objects.count() == before + 4
    road = Need.objects.get(title="ถนนในหมู่บ้านชำรุด")
    assert road.area_id == "21010101" and road.cycle.fiscal_year_be == YEAR
    assert road.source == NeedSource.VILLAGE_PLAN and road.raised_by_level == NeedLevel.VILLAGE
    assert road.budget == Decimal("150000.00") and road.project_idea == "ซ่อมถนนลูกรัง 1.2 กม."
    assert road.beyond_capacity is True and road.category.code == "infrastructure"
    assert road.created_by == rayong
    market = Need.objects.get(title="ขาดตลาดชุมชน")
    assert market.area_id == "21010102" and market.budget == Decimal("80000.50")
    assert market.beyond_capacity is False and market.detail == "ใช้ที่สาธารณะ"
    flood = Need.objects.get(title="น้ำท่วมขังในฤดูฝน")
    assert flood.source == NeedSource.FORUM and flood.raised_by_level == NeedLevel.SUBDISTRICT
    assert flood.raised_on == date(2026, 1, 15) and flood.beyond_capacity is True
    durian = Need.objects.get(title="ผลผลิตทุเรียนราคาตก")
    assert durian.area_id == "2101" and durian.raised_by_level == NeedLevel.DISTRICT
    assert durian.raised_on == date(2026, 1, 20) and durian.category.code == "agriculture"
    logged = LogEntry.objects.filter(
        content_type__model="need", object_pk=str(road.pk), action=LogEntry.Action.CREATE
    )
    assert logged.get().actor == rayong
    # The same file again updates the same needs, never a second copy.
    again = needs_import.import_workbook(
        rayong, filled(GOOD_VILLAGE_PLAN, GOOD_FORUM), YEAR, Area.objects.get(code="21")
    )
    assert (again.created, again.updated) == (0, 4)
    assert Need.objects.count() == before + 4


def test_every_bad_row_is_reported_by_sheet_row_and_column_and_nothing_is_written(
    demo_user, villages
):
    village_rows = [
        [1, "21010199", "", "", "หมู่บ้านที่ไม่มี", "", "", "", "", "", ""],  # row 4: no village
        [2, "20010101", "", "", "ของชลบุรี", "", "", "", "", "", ""],  # row 5: not recorded
        [3, "21010101", 1, "", "", "โครงการ", "", "", "", "", ""],  # row 6: no title
        [4, "21010101", 1, "", "งบผิด", "", "หนึ่งแสน", "", "", "", ""],  # row 7: budget
        [5, "21010101", 1, "", "ลำดับผิด", "", "", "0", "", "", ""],  # row 8: priority
        [6, "21010101", 1, "", "ด้านผิด", "", "", "", "ด้านที่ไม่มี", "", ""],  # row 9: category
        [7, "21010101", 3, "", "หมู่ผิด", "", "", "", "", "", ""],  # row 10: หมู่ที่ ≠ code
        [8, "21010101", 1, "", "วิธีผิด", "", "", "", "", "ทำบางส่วน", ""],  # row 11: handling
        [9, "21010102", 2, "", "ซ้ำ", "", "", "", "", "", ""],  # row 12
        [10, "21010102", 2, "", "ซ้ำ", "", "", "", "", "", ""],  # row 13: repeats row 12
        [11, "2001", "", "", "อำเภออื่น", "", "", "", "", "", ""],  # row 14: other province
    ]
    forum_rows = [
        [1, "210101", "", "32/13/2569", "วันผิด", "", "", "", "", ""],  # row 4: date
        [2, "210101", "", "", "เกินผิด", "", "", "", "บางที", ""],  # row 5: beyond capacity
        [3, "210101", "", "", "ระดับผิด", "", "", "", "", "จังหวัด"],  # row 6: level
    ]
    before = (Need.objects.count(), LogEntry.objects.count())
    result = needs_import.import_workbook(
        demo_user("rayong"), filled(village_rows, forum_rows), YEAR, Area.objects.get(code="21")
    )
    assert not result.ok
    found = {(p.sheet, p.row, p.column.split(" ")[0]) for p in result.errors}
    plan, forum = needs_import.VILLAGE_PLAN_SHEET, needs_import.FORUM_SHEET
    assert found == {
        (plan, 4, "B"),
        (plan, 5, "B"),
        (plan, 6, "E"),
        (plan, 7, "G"),
        (plan, 8, "H"),
        (plan, 9, "I"),
        (plan, 10, "C"),
        (plan, 11, "J"),
        (plan, 13, "E"),
        (plan, 14, "B"),
        (forum, 4, "D"),
        (forum, 5, "I"),
        (forum, 6, "J"),
    }
    assert all(p.message for p in result.errors)
    assert (Need.objects.count(), LogEntry.objects.count()) == before
    # No cycle for the year: one problem for the whole file.
    result = needs_import.import_workbook(
        demo_user("rayong"), filled(GOOD_VILLAGE_PLAN, []), 2400, Area.objects.get(code="21")
    )
    assert [(p.sheet, p.row) for p in result.errors] == [("", None)]


def test_the_page_imports_and_refuses_another_province(demo_user, villages):
    page = Client()
    page.force_login(demo_user("rayong"))
    assert page.get("/participation/needs/import/?province=21").status_code == 200
    template = page.get("/participation/needs/import/template.xlsx?province=21")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    assert "needs/import/" in page.get("/participation/needs/?province=21").content.decode()
    response = page.post(
        "/participation/needs/import/?province=21",
        {"fiscal_year": YEAR, "file": filled(GOOD_VILLAGE_PLAN, GOOD_FORUM)},
    )
    assert response.status_code == 200
    assert response.context["result"].created == 4
    # Chonburi's strategy group records no need of Rayong's areas.
    other = Client()
    other.force_login(demo_user("chonburi"))
    before = (Need.objects.count(), LogEntry.objects.count())
    response = other.post(
        "/participation/needs/import/?province=20",
        {"fiscal_year": YEAR, "file": filled(GOOD_VILLAGE_PLAN, [])},
    )
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert not response.context["result"].ok
    assert (Need.objects.count(), LogEntry.objects.count()) == before
    outsider = Client()
    outsider.force_login(demo_user("rayong_committee"))
    assert outsider.get("/participation/needs/import/?province=21").status_code == 404


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_takes_a_list_all_or_nothing(demo_user, villages):
    rayong = demo_user("rayong")
    items = [
        {"fiscal_year": YEAR, "area": "21010101", "title": "ไฟฟ้าส่องสว่างไม่พอ", "budget": "25000"},
        {
            "fiscal_year": YEAR,
            "area": "210101",
            "title": "ขยะล้นถังในตลาด",
            "source": "forum",
            "raised_on": "2569-01-15",
            "beyond_capacity": True,
            "category": "environment",
        },
    ]
    before = (Need.objects.count(), LogEntry.objects.count())
    bad = [*items, {"fiscal_year": YEAR, "area": "21999999", "title": ""}, {"area": 5}]
    answer = _api(rayong).post("/api/v1/needs/bulk", bad, format="json")
    assert answer.status_code == 400
    fields = {(e["index"], e["field"]) for e in answer.json()["errors"]}
    assert {(2, "area"), (2, "title"), (3, "fiscal_year"), (3, "title")} <= fields
    assert {i for i, _f in fields} == {2, 3}
    assert (Need.objects.count(), LogEntry.objects.count()) == before
    answer = _api(rayong).post("/api/v1/needs/bulk", items, format="json")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["created"], body["updated"]) == (2, 0)
    litter = Need.objects.get(pk=body["items"][1]["id"])
    assert litter.raised_on == date(2026, 1, 15) and litter.source == NeedSource.FORUM
    assert litter.raised_by_level == NeedLevel.SUBDISTRICT
    again = _api(rayong).post("/api/v1/needs/bulk", items, format="json").json()
    assert (again["created"], again["updated"]) == (0, 2)
    # Another province's strategy group: refused, nothing written.
    before = (Need.objects.count(), LogEntry.objects.count())
    answer = _api(demo_user("chonburi")).post("/api/v1/needs/bulk", items, format="json")
    assert answer.status_code == 403
    assert {e["index"] for e in answer.json()["errors"]} == {0, 1}
    assert (Need.objects.count(), LogEntry.objects.count()) == before


def test_the_api_takes_the_excel_file(demo_user, villages):
    url = f"/api/v1/needs/import?province=21&fiscal_year={YEAR}"
    answer = _api(demo_user("rayong")).post(
        url, {"file": filled(GOOD_VILLAGE_PLAN, GOOD_FORUM)}, format="multipart"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["created"] == 4
    bad = filled([[1, "21010101", 1, "", "", "", "", "", "", "", ""]], [])
    answer = _api(demo_user("rayong")).post(url, {"file": bad}, format="multipart")
    assert answer.status_code == 400
    assert [(e["sheet"], e["row"]) for e in answer.json()["errors"]] == [
        (needs_import.VILLAGE_PLAN_SHEET, 4)
    ]
    before = (Need.objects.count(), LogEntry.objects.count())
    answer = _api(demo_user("chonburi")).post(
        url, {"file": filled(GOOD_VILLAGE_PLAN, [])}, format="multipart"
    )
    assert answer.status_code == 403
    assert (Need.objects.count(), LogEntry.objects.count()) == before
