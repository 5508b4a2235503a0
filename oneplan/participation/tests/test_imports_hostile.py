"""No 500 on any input for the needs-at-scale imports (as `core/tests/test_hostile_inputs.py`
holds the other imports to): every hostile file of `oneplan.core.hostile` sent to the
villages import and the needs import of the API is taken or refused (< 500), a refusal in
Thai, writing nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oneplan.areas.models import Area, AreaLevel
from oneplan.core import hostile
from oneplan.core.tests.test_hostile_inputs import Tally, api_client
from oneplan.participation import needs_import
from oneplan.participation.models import Need

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::UserWarning:openpyxl"),
]

VILLAGE_HEADER = ["รหัสหมู่บ้าน", "หมู่ที่", "ชื่อหมู่บ้าน"]
VILLAGE_ROW = ["21010109", "9", "บ้านทดสอบ"]
VILLAGE_KINDS = ["code", "number", "text"]

NEEDS_HEADER = [title for title, _key, _width in needs_import.VILLAGE_PLAN_COLUMNS]
NEEDS_ROW = [
    1,
    "21010101",
    1,
    "ท่าประดู่",
    "ถนนในหมู่บ้านชำรุด",
    "ซ่อมถนนลูกรัง",
    "150,000",
    1,
    "",
    "ทำเอง",
    "",
]
NEEDS_KINDS = [
    "number",
    "code",
    "number",
    "text",
    "text",
    "text",
    "number",
    "number",
    "text",
    "text",
    "text",
]


def village_counts() -> int:
    return Area.objects.filter(level=AreaLevel.VILLAGE, code__startswith="21").count()


def test_the_villages_import_survives_every_hostile_file(demo_user):
    api = api_client(demo_user("rayong"))
    tally = Tally("POST /api/v1/areas/21/villages/import")
    base = hostile.workbook([VILLAGE_HEADER, VILLAGE_ROW])
    cases = [
        *hostile.csv_cases(VILLAGE_HEADER, VILLAGE_ROW, VILLAGE_KINDS),
        *hostile.workbook_cases(base, 2, VILLAGE_KINDS, every_cell_together=True),
    ]
    for case in cases:
        tally.send(
            case.label,
            lambda case=case: api.post(
                "/api/v1/areas/21/villages/import",
                {"file": SimpleUploadedFile(case.name, case.data)},
                format="multipart",
            ),
            village_counts,
        )
    tally.check()
    assert tally.sent >= 50


def test_the_needs_import_survives_every_hostile_file(demo_user):
    subdistrict = Area.objects.get(code="210101")
    Area.objects.create(
        code="21010101",
        level=AreaLevel.VILLAGE,
        parent=subdistrict,
        name_th="ท่าประดู่",
        village_no=1,
        source="test",
    )
    api = api_client(demo_user("rayong"))
    url = "/api/v1/needs/import?province=21&fiscal_year=2570"
    tally = Tally("POST /api/v1/needs/import")
    base = hostile.workbook([NEEDS_HEADER, NEEDS_ROW])
    for case in hostile.workbook_cases(base, 2, NEEDS_KINDS, every_cell_together=True):
        tally.send(
            case.label,
            lambda case=case: api.post(
                url, {"file": SimpleUploadedFile(case.name, case.data)}, format="multipart"
            ),
            Need.objects.count,
        )
    tally.check()
    assert tally.sent >= 50
