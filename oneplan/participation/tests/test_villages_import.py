"""A province's villages from a file: the example list of Chanthaburi (22) imports whole; every
kind of bad row is reported by row and column and nothing is written; another province is
refused on the page, in the API and in the service; each village added leaves its audit entry."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from rest_framework.test import APIClient

from oneplan.areas.models import Area, AreaLevel
from oneplan.orgs.models import Role, RoleAssignment, User
from oneplan.participation import villages_import

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).parent / "files" / "villages_chanthaburi.csv"
HEADER = "รหัสหมู่บ้าน,หมู่ที่,ชื่อหมู่บ้าน\n"


@pytest.fixture
def chanthaburi() -> Area:
    return Area.objects.get(code="22")


@pytest.fixture
def officer(chanthaburi) -> User:
    """Chanthaburi's provincial strategy group."""
    user = User.objects.create_user("chanthaburi_strategy", password="x")
    RoleAssignment.objects.create(user=user, role=Role.PROVINCIAL_STRATEGY, area=chanthaburi)
    return user


def csv_upload(text: str, name: str = "villages.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def villages_of(province: str) -> int:
    return Area.objects.filter(level=AreaLevel.VILLAGE, code__startswith=province).count()


def test_the_example_file_imports_every_village_under_its_sub_district(officer, chanthaburi):
    before = villages_of("22")
    with EXAMPLE.open("rb") as upload:
        result = villages_import.import_villages(officer, chanthaburi, upload)
    assert result.ok, result.errors
    assert (result.added, result.updated, result.unchanged) == (12, 0, 0)
    assert villages_of("22") == before + 12
    thai_digits = Area.objects.get(code="22030101")  # written ๒๒๐๓๐๑๐๑ in the file
    assert thai_digits.parent_id == "220301" and thai_digits.village_no == 1
    assert thai_digits.name_th == "ท่าใหม่"  # "บ้าน" is the display's prefix
    assert thai_digits.display_name == "หมู่ที่ 1 บ้านท่าใหม่"
    assert thai_digits.source == "import"
    entries = LogEntry.objects.filter(
        content_type__model="area", object_pk="22030101", action=LogEntry.Action.CREATE
    )
    assert entries.count() == 1 and entries.get().actor == officer
    # The same file again: nothing added; a renamed village is updated, not duplicated.
    renamed = EXAMPLE.read_text(encoding="utf-8").replace("บ้านหัวแหลม", "บ้านหัวแหลมใต้")
    again = villages_import.import_villages(officer, chanthaburi, csv_upload(renamed))
    assert (again.added, again.updated, again.unchanged) == (0, 1, 11)
    assert Area.objects.get(code="22010101").name_th == "หัวแหลมใต้"
    assert villages_of("22") == before + 12


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(officer, chanthaburi):
    text = HEADER + (
        "22010101,1,บ้านดี\n"  # row 2: good
        "2201010,1,บ้านสั้น\n"  # row 3: seven digits
        "21010101,1,บ้านระยอง\n"  # row 4: another province
        "22999901,1,บ้านไม่มีตำบล\n"  # row 5: no such sub-district
        "22010101,1,บ้านซ้ำ\n"  # row 6: repeats row 2
        "22010102,2,\n"  # row 7: no name
        "22010103,4,บ้านเลขผิด\n"  # row 8: หมู่ที่ does not match the code
        "22010100,,บ้านศูนย์\n"  # row 9: village number 00
    )
    before = (villages_of("22"), LogEntry.objects.count())
    result = villages_import.import_villages(officer, chanthaburi, csv_upload(text))
    assert not result.ok
    where = {(p.row, p.column.split(" ")[0]) for p in result.errors}
    assert where == {(3, "A"), (4, "A"), (5, "A"), (6, "A"), (7, "C"), (8, "B"), (9, "A")}
    by_row = {p.row: p.message for p in result.errors}
    assert "8" in by_row[3]  # "... must have 8 digits"
    assert "21" in by_row[4]  # the other province's code
    assert "229999" in by_row[5]
    assert "2" in by_row[6]  # repeats row 2
    assert all(p.sheet == "" for p in result.errors)  # a CSV has no sheets
    assert (villages_of("22"), LogEntry.objects.count()) == before


def test_an_excel_file_is_read_like_a_csv(officer, chanthaburi):
    book = Workbook()
    sheet = book.active
    sheet.title = "หมู่บ้าน"
    sheet.append(["บัญชีหมู่บ้านจังหวัดจันทบุรี"])
    sheet.append(["รหัสหมู่บ้าน", "หมู่ที่", "ชื่อหมู่บ้าน"])
    sheet.append([22020101, 1, "บ้านขลุง"])
    sheet.append(["22020102", 2, None])
    data = io.BytesIO()
    book.save(data)
    result = villages_import.import_villages(
        officer, chanthaburi, SimpleUploadedFile("v.xlsx", data.getvalue())
    )
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("หมู่บ้าน", 4, "C (ชื่อหมู่บ้าน)")]


def test_another_province_is_refused_on_the_page_the_api_and_the_command(demo_user, chanthaburi):
    rayong = demo_user("rayong")
    before = (villages_of("22"), LogEntry.objects.count())
    assert not villages_import.may_import(rayong, chanthaburi)
    page = Client()
    page.force_login(rayong)
    assert "/participation/villages/22/import/" not in page.get("/areas/22/").content.decode()
    assert page.get("/participation/villages/22/import/").status_code == 404
    with EXAMPLE.open("rb") as upload:
        assert page.post("/participation/villages/22/import/", {"file": upload}).status_code == 404
    api = APIClient()
    api.force_authenticate(rayong)
    with EXAMPLE.open("rb") as upload:
        answer = api.post("/api/v1/areas/22/villages/import", {"file": upload}, format="multipart")
    assert answer.status_code == 403
    # A district officer reaches only its district: not the province's whole list.
    assert not villages_import.may_import(demo_user("rayong_district"), Area.objects.get(code="21"))
    with pytest.raises(CommandError):
        call_command("load_villages", str(EXAMPLE), province="22", user="rayong")
    assert (villages_of("22"), LogEntry.objects.count()) == before


def test_the_page_and_the_api_import_for_the_strategy_group(officer):
    page = Client()
    page.force_login(officer)
    assert "/participation/villages/22/import/" in page.get("/areas/22/").content.decode()
    assert page.get("/participation/villages/22/import/").status_code == 200
    with EXAMPLE.open("rb") as upload:
        response = page.post("/participation/villages/22/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["result"].added == 12
    api = APIClient()
    api.force_authenticate(officer)
    bad = csv_upload(HEADER + "22010101,1,บ้านหัวแหลม\n21010101,1,บ้านระยอง\n")
    answer = api.post("/api/v1/areas/22/villages/import", {"file": bad}, format="multipart")
    assert answer.status_code == 400
    assert [(e["row"], e["column"]) for e in answer.json()["errors"]] == [(3, "A (รหัสหมู่บ้าน)")]
    good = csv_upload(HEADER + "22010101,1,บ้านหัวแหลมเหนือ\n22010401,1,บ้านเกาะขวาง\n")
    answer = api.post("/api/v1/areas/22/villages/import", {"file": good}, format="multipart")
    assert answer.status_code == 200
    assert answer.json() == {"added": 1, "updated": 1, "unchanged": 0}


def test_the_command_loads_the_example_file(officer):
    out = io.StringIO()
    call_command("load_villages", str(EXAMPLE), province="22", user=officer.username, stdout=out)
    assert "12" in out.getvalue()
    assert villages_of("22") >= 12


def test_a_title_and_blank_lines_above_the_header_keep_the_row_numbers(officer, chanthaburi):
    text = "บัญชีหมู่บ้านจังหวัดจันทบุรี\n\n" + HEADER + "22010101,1,\n"
    result = villages_import.import_villages(officer, chanthaburi, csv_upload(text))
    assert [(p.row, p.column) for p in result.errors] == [(4, "C (ชื่อหมู่บ้าน)")]


CODES = st.one_of(
    st.from_regex(r"[0-9]{8}", fullmatch=True),
    st.builds(
        str.__add__,
        st.sampled_from(["220101", "220102", "220201", "220301", "229999", "210101"]),
        st.from_regex(r"[0-9]{2}", fullmatch=True),
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=CODES)
def test_a_code_is_taken_only_under_a_sub_district_of_the_province(officer, chanthaburi, code):
    """Whatever 8 digits are given, a village is taken only when its first six are a
    sub-district of the province and its number is 01-99; else its code cell is blamed."""
    text = HEADER + f"{code},,บ้านทดสอบ\n"
    found = villages_import.read(csv_upload(text))
    _known, problems = villages_import.check(
        officer, chanthaburi, found.villages, found.sheet, found.code_column
    )
    problems = found.problems + problems
    sound = (
        code.startswith("22")
        and Area.objects.subdistricts().filter(code=code[:6], is_active=True).exists()
        and not code.endswith("00")
    )
    assert (not problems) is sound
    assert all((p.row, p.column) == (2, "A (รหัสหมู่บ้าน)") for p in problems)


def test_every_refusal_of_the_api_has_the_import_shape(officer):
    """A file refused whole, a missing file and refused rows all answer `detail` and `errors`
    by sheet, row and column (`api.base.ImportView`), and nothing is written."""
    api = APIClient()
    api.force_authenticate(officer)
    url = "/api/v1/areas/22/villages/import"
    before = (villages_of("22"), LogEntry.objects.count())
    answers = [
        api.post(url, {}, format="multipart"),  # no file
        api.post(url, {"file": csv_upload("")}, format="multipart"),  # empty
        api.post(url, {"file": csv_upload(HEADER + "2201010,1,บ้านสั้น\n")}, format="multipart"),
    ]
    for answer in answers:
        assert answer.status_code == 400
        body = answer.json()
        assert set(body) == {"detail", "errors"} and body["detail"]
        assert body["errors"]
        assert all(set(e) == {"sheet", "row", "column", "message"} for e in body["errors"])
    assert [(e["row"], e["column"]) for e in answers[2].json()["errors"]] == [(2, "A (รหัสหมู่บ้าน)")]
    assert (villages_of("22"), LogEntry.objects.count()) == before
