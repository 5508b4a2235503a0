"""The calendar's Excel import answers every file with the steps imported or a Thai problem
naming the row and column, never a crash, and replaces nothing when it refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from oneplan.core import hostile
from oneplan.cycles import calendar_files
from oneplan.cycles.models import Calendar

pytestmark = pytest.mark.django_db

HEADER = ["ที่", "การดำเนินการ", "ผู้ดำเนินการ", "เวลา", "สถานที่", "หมายเหตุ"]


@pytest.fixture
def calendar() -> Calendar:
    return Calendar.objects.filter(area_id="21").order_by("-cycle__fiscal_year_be").first()


def steps(calendar: Calendar) -> list[tuple]:
    return list(calendar.steps.order_by("number").values_list("number", "action", "venue"))


def thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_a_value_the_step_cannot_hold_is_a_problem_of_its_row_and_column(calendar, demo_user):
    before = steps(calendar)
    data = hostile.workbook(
        [
            HEADER,
            [1, "ประชุม ก.บ.จ.", "สำนักงานจังหวัด", "15 ม.ค. 70", "ห้องประชุม", ""],
            [10**30, "ส่งโครงการ", "ทุกหน่วยงาน", "ม.ค. 70", "ก" * 400, ""],
        ]
    )
    result = calendar_files.import_xlsx(demo_user("rayong"), calendar, data)
    assert {(p.row, p.column.split(" ")[0]) for p in result.errors} == {(3, "A"), (3, "E")}
    assert all(thai(p.message) for p in result.errors), result.errors
    assert steps(calendar) == before


def test_a_broken_cell_is_refused_by_its_row(calendar, demo_user):
    base = hostile.workbook([HEADER, [1, "ประชุม", "สำนักงานจังหวัด", "15 ม.ค. 70", "", ""]])
    for case in hostile.raw_cell_cases(base, 2, 6):
        before = steps(calendar)
        try:
            result = calendar_files.import_xlsx(demo_user("rayong"), calendar, case.data)
        except ValidationError as exc:
            assert "แถว 2" in exc.messages[0], (case.label, exc.messages)
            assert steps(calendar) == before, case.label
            continue
        if not result.ok:
            assert all(p.row == 2 and thai(p.message) for p in result.errors), (case.label, result)
            assert steps(calendar) == before, case.label


def test_the_page_shows_the_problems_instead_of_failing(calendar, demo_user):
    client = Client(raise_request_exception=False)
    client.force_login(demo_user("rayong"))
    data = hostile.workbook(
        [HEADER, [1, "ประชุม ก.บ.จ.", "สำนักงานจังหวัด", "15 ม.ค. 70", "ก" * 400, ""]]
    )
    response = client.post(
        f"/calendars/{calendar.pk}/import/", {"file": SimpleUploadedFile("c.xlsx", data)}
    )
    assert response.status_code == 200
    assert "ยาวเกิน 300 ตัวอักษร" in response.content.decode()
