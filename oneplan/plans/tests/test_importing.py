"""The Excel template of a plan edition and its import: all or nothing, every error reported,
re-importing the same file writes nothing, and only the plan's own people may import."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from oneplan.areas.models import Area
from oneplan.cycles.models import Regime
from oneplan.documents import workbook
from oneplan.plans import importing
from oneplan.plans.importing import (
    SHEET_GOALS,
    SHEET_HELP,
    SHEET_INDICATORS,
    SHEET_ISSUES,
    SHEET_PROJECTS,
    SHEET_STRATEGIES,
    build_template,
    import_workbook,
)
from oneplan.plans.models import (
    ActorKind,
    Direction,
    EditionStatus,
    Plan,
    PlanEdition,
    PlanKind,
    PlanProject,
    Strategy,
)
from oneplan.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def plan() -> Plan:
    return make_plan()


@pytest.fixture
def edition(plan: Plan) -> PlanEdition:
    return plan.editions.get()


@pytest.fixture
def rayong(demo_user):
    return demo_user("rayong")


def empty_edition(province_code: str = "20", first_year_be: int = 2591) -> PlanEdition:
    """A fresh plan (same years as the factory's) with an empty original edition."""
    regime = Regime.objects.get(is_current=True)
    plan = Plan.objects.create(
        kind=PlanKind.PROVINCE,
        province=Area.objects.get(code=province_code),
        regime=regime,
        first_year_be=first_year_be,
        last_year_be=first_year_be + regime.span_years - 1,
        title="แผนพัฒนาจังหวัดชลบุรี (ทดสอบนำเข้า)",
    )
    return PlanEdition.objects.create(plan=plan, number=0)


def upload(data: bytes, name: str = "plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=importing.XLSX_CONTENT_TYPE)


def edited(data: bytes, changes: dict[tuple[str, str], Any]) -> bytes:
    """The workbook with some cells set: {(sheet, "C7"): value}."""
    workbook = load_workbook(io.BytesIO(data))
    for (sheet, cell), value in changes.items():
        workbook[sheet][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def delete_row(data: bytes, sheet: str, row: int) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    workbook[sheet].delete_rows(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_cell(data: bytes, sheet: str, header: str, row: int) -> str:
    """The address of a column's cell, found by its header: ("ตัวชี้วัด", "หน่วยนับ", 2) → "D2"."""
    worksheet = load_workbook(io.BytesIO(data))[sheet]
    for cell in worksheet[1]:
        if cell.value == header:
            return f"{cell.column_letter}{row}"
    raise AssertionError(f"no column {header} in {sheet}")


def chain(edition: PlanEdition) -> dict[str, list[tuple]]:
    """The edition's strategic chain by natural keys, comparable across editions."""
    return {
        "issues": [
            (
                i.priority,
                i.title,
                i.category_id,
                sorted((a.framework.code, a.number) for a in i.alignments.all()),
            )
            for i in edition.issues.prefetch_related("alignments__framework").order_by("priority")
        ],
        "goals": [
            (g.number, g.issue.priority, g.text)
            for g in edition.goals.select_related("issue").order_by("order", "pk")
        ],
        "indicators": [
            (
                i.number,
                i.goal.number if i.goal else None,
                i.name,
                i.unit,
                i.baseline,
                i.baseline_year_be,
                i.direction,
                i.data_source,
                i.controllable,
                sorted(i.target_map().items()),
            )
            for i in edition.indicators.select_related("goal").order_by("order", "pk")
        ],
        "strategies": [
            (s.number, s.issue.priority, s.text)
            for s in edition.strategies.select_related("issue").order_by("order", "pk")
        ],
        "projects": [
            (
                p.name,
                p.strategy.number if p.strategy else None,
                p.actor,
                p.responsible,
                p.budget,
                p.first_year_be,
                p.last_year_be,
            )
            for p in edition.projects.select_related("strategy").order_by("order", "pk")
        ],
    }


def counts(result: importing.ImportResult) -> dict[str, tuple[int, int, int, int]]:
    return {
        name: (c.created, c.updated, c.deleted, c.unchanged) for name, c in result.counts.items()
    }


# --------------------------------------------------------------------------- the template


def test_template_is_in_thai_with_bold_frozen_headers_lists_and_the_editions_content(edition):
    workbook = load_workbook(io.BytesIO(build_template(edition)))
    assert workbook.sheetnames[:6] == [
        SHEET_HELP,
        SHEET_ISSUES,
        SHEET_GOALS,
        SHEET_INDICATORS,
        SHEET_STRATEGIES,
        SHEET_PROJECTS,
    ]
    years = edition.plan.years
    indicators = workbook[SHEET_INDICATORS]
    headers = [c.value for c in indicators[1]]
    assert headers[:9] == [
        "รหัส",
        "เป้าประสงค์",
        "ตัวชี้วัด",
        "หน่วยนับ",
        "ค่าฐาน",
        "ปีฐาน (พ.ศ.)",
        "ทิศทาง",
        "แหล่งข้อมูล",
        "จังหวัดควบคุมได้",
    ]
    assert headers[9:] == [f"ค่าเป้าหมาย {y}" for y in years]
    assert [c.value for c in workbook[SHEET_ISSUES][1]] == [
        "ลำดับความสำคัญ",
        "ประเด็นยุทธศาสตร์",
        "หมวดระดับชาติ",
        "ยุทธศาสตร์ชาติ",
        "แผนแม่บท",
        "หมุดหมาย",
        "SDGs",
    ]
    for name in (SHEET_ISSUES, SHEET_GOALS, SHEET_INDICATORS, SHEET_STRATEGIES, SHEET_PROJECTS):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    # Prefilled: two issues (aligned with national strategy 2 and 3), goals, indicators...
    issues = workbook[SHEET_ISSUES]
    assert [issues.cell(row=r, column=1).value for r in (2, 3)] == [1, 2]
    assert issues["D2"].value == "2"
    assert indicators["A2"].value == "1.1.1"
    assert [indicators.cell(row=2, column=10 + k).value for k in range(len(years))] == [
        4 + k for k in range(len(years))
    ]
    assert workbook[SHEET_PROJECTS]["C2"].value == importing.ACTOR_LABELS[ActorKind.AREA]
    # Drop-down lists: category, direction, controllable, actor.
    listed = {
        name: [str(dv.sqref).split(":")[0] for dv in workbook[name].data_validations.dataValidation]
        for name in (SHEET_ISSUES, SHEET_INDICATORS, SHEET_PROJECTS)
    }
    assert listed == {SHEET_ISSUES: ["C2"], SHEET_INDICATORS: ["G2", "I2"], SHEET_PROJECTS: ["C2"]}
    help_text = " ".join(str(c.value) for row in workbook[SHEET_HELP].iter_rows() for c in row)
    assert "ค่าเป้าหมาย" in help_text and "จังหวัดควบคุมได้" in help_text


def test_template_of_an_empty_edition_has_headers_only():
    workbook = load_workbook(io.BytesIO(build_template(empty_edition())))
    for name in (SHEET_ISSUES, SHEET_GOALS, SHEET_INDICATORS, SHEET_STRATEGIES, SHEET_PROJECTS):
        assert workbook[name].max_row == 1


# --------------------------------------------------------------------------- round trips


def test_template_round_trips_into_an_empty_edition_of_another_plan(edition, demo_user):
    target = empty_edition()
    result = import_workbook(demo_user("chonburi"), target, upload(build_template(edition)))
    assert result.ok, result.errors
    assert chain(target) == chain(edition)
    assert counts(result) == {
        SHEET_ISSUES: (2, 0, 0, 0),
        SHEET_GOALS: (2, 0, 0, 0),
        SHEET_INDICATORS: (2, 0, 0, 0),
        SHEET_STRATEGIES: (2, 0, 0, 0),
        SHEET_PROJECTS: (2, 0, 0, 0),
    }
    # The writes are in the audit trail, by the importing user.
    entry = LogEntry.objects.get_for_object(target.goals.first()).get()
    assert entry.actor.username == "chonburi"


def test_reimporting_the_same_file_writes_nothing(edition, rayong):
    data = build_template(edition)
    before = chain(edition)
    for _attempt in range(2):
        entries = LogEntry.objects.count()
        result = import_workbook(rayong, edition, upload(data))
        assert result.ok, result.errors
        assert LogEntry.objects.count() == entries
        assert not result.changed
        assert {name: c.unchanged for name, c in result.counts.items()} == dict.fromkeys(
            importing.DATA_SHEETS, 2
        )
    assert chain(edition) == before


def test_an_edited_file_changes_only_what_was_edited(edition, rayong):
    data = build_template(edition)
    data = edited(
        data,
        {
            (SHEET_GOALS, "C2"): "เป้าประสงค์ที่แก้ไขแล้ว",
            (SHEET_STRATEGIES, "A4"): "2.2",
            (SHEET_STRATEGIES, "B4"): 2,
            (SHEET_STRATEGIES, "C4"): "กลยุทธ์ใหม่",
            (SHEET_INDICATORS, header_cell(data, SHEET_INDICATORS, "ค่าเป้าหมาย 2593", 3)): 9,
        },
    )
    data = delete_row(data, SHEET_PROJECTS, 3)  # โครงการพัฒนาที่ 2
    entries = LogEntry.objects.count()
    result = import_workbook(rayong, edition, upload(data))
    assert result.ok, result.errors
    assert counts(result) == {
        SHEET_ISSUES: (0, 0, 0, 2),
        SHEET_GOALS: (0, 1, 0, 1),
        SHEET_INDICATORS: (0, 1, 0, 1),
        SHEET_STRATEGIES: (1, 0, 0, 2),
        SHEET_PROJECTS: (0, 0, 1, 1),
    }
    assert LogEntry.objects.count() == entries + 4  # goal, target, new strategy, project
    assert edition.goals.get(number="1.1").text == "เป้าประสงค์ที่แก้ไขแล้ว"
    assert edition.indicators.get(number="2.1.1").target_map()[2593] == Decimal(9)
    assert Strategy.objects.get(edition=edition, number="2.2").issue.priority == 2
    assert list(PlanProject.objects.filter(edition=edition).values_list("name", flat=True)) == [
        "โครงการพัฒนาที่ 1"
    ]


def test_a_row_inserted_in_the_middle_keeps_the_files_order(edition, rayong):
    workbook = load_workbook(io.BytesIO(build_template(edition)))
    goals = workbook[SHEET_GOALS]
    goals.insert_rows(3)
    goals["A3"], goals["B3"], goals["C3"] = "1.2", 1, "เป้าประสงค์ 1.2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_workbook(rayong, edition, upload(buffer.getvalue()))
    assert result.ok, result.errors
    # The new goal goes between the two; the one after it moves down (one update).
    assert counts(result)[SHEET_GOALS] == (1, 1, 0, 1)
    assert [g.number for g in edition.goals.order_by("order", "pk")] == ["1.1", "1.2", "2.1"]
    again = import_workbook(rayong, edition, upload(buffer.getvalue()))
    assert not again.changed


def test_text_longer_than_the_field_is_an_error(edition, rayong):
    data = edited(build_template(edition), {(SHEET_INDICATORS, "D2"): "ร" * 61})
    result = import_workbook(rayong, edition, upload(data))
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        (SHEET_INDICATORS, 2, "D (หน่วยนับ)", "ข้อความยาว 61 ตัวอักษร เกินที่รับได้ 60 ตัวอักษร")
    ]


def test_thai_digits_zero_width_spaces_commas_and_percent_are_accepted(edition, rayong):
    data = build_template(edition)
    target_2591 = header_cell(data, SHEET_INDICATORS, "ค่าเป้าหมาย 2591", 2)
    target_2592 = header_cell(data, SHEET_INDICATORS, "ค่าเป้าหมาย 2592", 2)
    data = edited(
        data,
        {
            (SHEET_ISSUES, "A2"): "๑",
            (SHEET_ISSUES, "B2"): "ประเด็นยุทธศาสตร์ที่\u200b 1 การพัฒนาเศรษฐกิจ",
            (SHEET_ISSUES, "D2"): "๒, ๓",
            (SHEET_GOALS, "A2"): "๑.๑",
            (SHEET_GOALS, "C2"): "เป้าประสงค์\u200b 1.1\ufeff",
            (SHEET_INDICATORS, "B2"): "๑.๑",
            (SHEET_INDICATORS, target_2591): "๑,๒๕๐.๕",
            (SHEET_INDICATORS, target_2592): "5 %",
            (SHEET_PROJECTS, "E2"): "๑,๕๐๐,๐๐๐",
            (SHEET_PROJECTS, "F2"): "๒๕๙๑",
        },
    )
    result = import_workbook(rayong, edition, upload(data))
    assert result.ok, result.errors
    issue = edition.issues.get(priority=1)
    assert issue.title == "ประเด็นยุทธศาสตร์ที่ 1 การพัฒนาเศรษฐกิจ"
    assert sorted(a.number for a in issue.alignments.all()) == [2, 3]
    assert edition.goals.get(number="1.1").text == "เป้าประสงค์ 1.1"
    targets = edition.indicators.get(number="1.1.1").target_map()
    assert targets[2591] == Decimal("1250.5")
    assert targets[2592] == Decimal(5)
    # Only the alignments of issue 1 and two targets changed: text that differs from what
    # is stored only by zero-width characters, or digits written in Thai, writes nothing.
    assert counts(result)[SHEET_ISSUES] == (0, 1, 0, 1)
    assert counts(result)[SHEET_GOALS] == (0, 0, 0, 2)
    assert counts(result)[SHEET_INDICATORS] == (0, 1, 0, 1)
    assert counts(result)[SHEET_PROJECTS] == (0, 0, 0, 2)


def test_christian_era_years_are_converted_and_reported(edition, rayong):
    data = edited(build_template(edition), {(SHEET_PROJECTS, "G2"): 2049})  # = พ.ศ. 2592
    result = import_workbook(rayong, edition, upload(data))
    assert result.ok, result.errors
    assert edition.projects.get(name="โครงการพัฒนาที่ 1").last_year_be == 2592
    assert len(result.notes) == 1
    assert "แถว 2" in result.notes[0] and "ค.ศ. 2049 (พ.ศ. 2592)" in result.notes[0]


def test_rows_missing_from_the_file_are_deleted_children_first(edition, rayong):
    data = build_template(edition)
    for sheet in (SHEET_PROJECTS, SHEET_STRATEGIES, SHEET_INDICATORS, SHEET_GOALS, SHEET_ISSUES):
        data = delete_row(data, sheet, 3)
    result = import_workbook(rayong, edition, upload(data))
    assert result.ok, result.errors
    assert {name: c.deleted for name, c in result.counts.items()} == dict.fromkeys(
        importing.DATA_SHEETS, 1
    )
    assert [i.priority for i in edition.issues.all()] == [1]
    assert edition.goals.count() == edition.strategies.count() == 1


def test_a_file_without_any_strategic_issue_is_refused_rather_than_emptying_the_plan(
    edition, rayong
):
    empty = PlanEdition.objects.create(plan=edition.plan, number=5)
    data = build_template(empty)
    with pytest.raises(ValidationError) as refused:
        import_workbook(rayong, edition, upload(data))
    assert "ไม่มีประเด็นยุทธศาสตร์" in refused.value.messages[0]
    assert edition.issues.count() == 2


# --------------------------------------------------------------------------- errors


def test_every_error_is_reported_with_sheet_row_column_and_nothing_is_written(edition, rayong):
    data = build_template(edition)
    target_2593 = header_cell(data, SHEET_INDICATORS, "ค่าเป้าหมาย 2593", 3)
    data = edited(
        data,
        {
            (SHEET_ISSUES, "C2"): "หมวดที่ไม่มีอยู่จริง",
            (SHEET_ISSUES, "G3"): "3, 99",
            (SHEET_GOALS, "B3"): 7,
            (SHEET_INDICATORS, target_2593): "ห้า",
            (SHEET_INDICATORS, "B2"): "9.9",
            (SHEET_STRATEGIES, "A3"): "1.1",
            (SHEET_STRATEGIES, "C4"): "กลยุทธ์ที่ไม่มีรหัส",
            (SHEET_PROJECTS, "A2"): None,
            (SHEET_PROJECTS, "G3"): 2601,
            (SHEET_PROJECTS, "E3"): "หนึ่งล้าน",
        },
    )
    before = chain(edition)
    entries = LogEntry.objects.count()
    result = import_workbook(rayong, edition, upload(data))

    found = {(e.sheet, e.row, e.column.split(" ")[0]): e.message for e in result.errors}
    assert set(found) == {
        (SHEET_ISSUES, 2, "C"),
        (SHEET_ISSUES, 3, "G"),
        (SHEET_GOALS, 3, "B"),
        (SHEET_INDICATORS, 2, "B"),
        (SHEET_INDICATORS, 3, target_2593[0]),
        (SHEET_STRATEGIES, 3, "A"),
        (SHEET_STRATEGIES, 4, "A"),
        (SHEET_STRATEGIES, 4, "B"),
        (SHEET_PROJECTS, 2, "A"),
        (SHEET_PROJECTS, 3, "B"),  # strategy 2.1 is gone: its row now says 1.1
        (SHEET_PROJECTS, 3, "E"),
        (SHEET_PROJECTS, 3, "G"),
    }
    assert found[(SHEET_ISSUES, 2, "C")] == (
        "ไม่พบหมวดระดับชาติ “หมวดที่ไม่มีอยู่จริง” กรุณาเลือกจากรายการในเซลล์"
    )
    assert "ไม่มีหมายเลข 99 ใน SDGs (มีหมายเลข 1–17)" == found[(SHEET_ISSUES, 3, "G")]
    assert "ไม่พบประเด็นยุทธศาสตร์ลำดับ 7" in found[(SHEET_GOALS, 3, "B")]
    assert "ไม่พบเป้าประสงค์รหัส 9.9" in found[(SHEET_INDICATORS, 2, "B")]
    assert found[(SHEET_INDICATORS, 3, target_2593[0])] == "“ห้า” ไม่ใช่ตัวเลข"
    assert found[(SHEET_STRATEGIES, 3, "A")] == "รหัส 1.1 ซ้ำกับแถว 2"
    assert found[(SHEET_STRATEGIES, 4, "A")] == "ต้องกรอกช่องนี้"
    assert found[(SHEET_PROJECTS, 2, "A")] == "ต้องกรอกช่องนี้"
    assert "นอกช่วงปีของแผน (พ.ศ. 2591–2595)" in found[(SHEET_PROJECTS, 3, "G")]
    assert found[(SHEET_PROJECTS, 3, "E")] == "“หนึ่งล้าน” ไม่ใช่ตัวเลข"
    # The column names its letter and header; the whole message reads as a Thai sentence.
    target_error = next(e for e in result.errors if e.message == "“ห้า” ไม่ใช่ตัวเลข")
    assert target_error.column == f"{target_2593[0]} (ค่าเป้าหมาย 2593)"
    assert str(target_error) == (
        f"ชีต “ตัวชี้วัด” แถว 3 คอลัมน์ {target_2593[0]} (ค่าเป้าหมาย 2593): “ห้า” ไม่ใช่ตัวเลข"
    )
    # Nothing was written.
    assert not result.counts
    assert chain(edition) == before
    assert LogEntry.objects.count() == entries


def test_missing_sheets_and_columns_are_reported(edition, rayong):
    workbook = load_workbook(io.BytesIO(build_template(edition)))
    del workbook[SHEET_PROJECTS]
    workbook[SHEET_GOALS]["C1"] = "ข้อความ"
    workbook[SHEET_INDICATORS]["J1"] = "ค่าเป้าหมาย 2600"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_workbook(rayong, edition, upload(buffer.getvalue()))
    problems = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert problems[(SHEET_PROJECTS, None, "")].startswith("ไม่พบชีต “โครงการ”")
    assert problems[(SHEET_GOALS, 1, "")] == "ไม่พบคอลัมน์ “เป้าประสงค์” ในแถวหัวตาราง (แถว 1)"
    # The intake's rule of targets, with the message the form and the API give.
    assert problems[(SHEET_INDICATORS, 1, "J (ค่าเป้าหมาย 2600)")] == (
        "ปีงบประมาณ 2600 ไม่อยู่ในช่วงปีของแผนนี้"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "ประเด็นยุทธศาสตร์,เป้าประสงค์\n1,เศรษฐกิจ\n".encode(),
        b"PK\x03\x04 not really a zip archive",
        b"",
    ],
    ids=["pdf", "text", "broken-zip", "empty"],
)
def test_a_file_that_is_not_excel_is_refused_with_a_thai_message(edition, rayong, data):
    before = chain(edition)
    with pytest.raises(ValidationError) as refused:
        import_workbook(rayong, edition, upload(data))
    assert "ไฟล์" in refused.value.messages[0]
    assert refused.value.code == "bad_file"
    assert chain(edition) == before


def test_a_zip_that_is_not_a_workbook_is_refused(edition, rayong):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "สวัสดี")
    with pytest.raises(ValidationError, match="ไม่ใช่ไฟล์ Excel"):
        import_workbook(rayong, edition, upload(buffer.getvalue()))


def test_an_oversized_file_is_refused(edition, rayong):
    data = b"PK\x03\x04" + b"\0" * workbook.limits(importing.LIMITS).file_bytes
    with pytest.raises(ValidationError, match="ไฟล์ใหญ่เกิน 5 MB"):
        import_workbook(rayong, edition, upload(data))


def test_too_many_rows_are_refused(edition, rayong, settings):
    limits = settings.ONEPLAN_IMPORT_LIMITS
    settings.ONEPLAN_IMPORT_LIMITS = {**limits, "plan": {**limits["plan"], "rows": 5}}
    with pytest.raises(ValidationError, match="เกิน 5 แถว"):
        import_workbook(rayong, edition, upload(build_template(edition)))


def test_a_locked_edition_refuses(rayong):
    edition = make_plan(status=EditionStatus.APPROVED).editions.get()
    before = chain(edition)
    with pytest.raises(ValidationError, match="ได้รับความเห็นชอบแล้ว"):
        import_workbook(rayong, edition, upload(build_template(edition)))
    assert chain(edition) == before


def test_another_provinces_user_may_not_import(edition, demo_user):
    with pytest.raises(PermissionDenied):
        import_workbook(demo_user("chonburi"), edition, upload(build_template(edition)))


def test_direction_and_controllable_words(edition, rayong):
    data = edited(
        build_template(edition),
        {(SHEET_INDICATORS, "G2"): "ลดลง", (SHEET_INDICATORS, "I2"): "ไม่ใช่"},
    )
    assert import_workbook(rayong, edition, upload(data)).ok
    indicator = edition.indicators.get(number="1.1.1")
    assert indicator.direction == Direction.DECREASE
    assert indicator.controllable is False


# --------------------------------------------------------------------------- pages


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_template_downloads_with_a_thai_file_name(edition, rayong):
    response = client_for(rayong).get(f"/plans/editions/{edition.pk}/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == importing.XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%E0%B9%81%E0%B8%A1%E0%B9%88%E0%B9%81%E0%B8%9A%E0%B8%9A" in disposition  # แม่แบบ
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == SHEET_HELP


def test_the_upload_page_shows_every_error_and_saves_nothing(edition, rayong):
    data = edited(build_template(edition), {(SHEET_INDICATORS, "E2"): "ห้า"})
    before = chain(edition)
    client = client_for(rayong)
    page = client.get(f"/plans/editions/{edition.pk}/import/")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(f"/plans/editions/{edition.pk}/import/", {"file": upload(data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert "“ห้า” ไม่ใช่ตัวเลข" in html
    assert "E (ค่าฐาน)" in html
    assert chain(edition) == before


def test_the_upload_page_shows_the_counts(edition, rayong):
    data = edited(build_template(edition), {(SHEET_GOALS, "C3"): "เป้าประสงค์ใหม่"})
    response = client_for(rayong).post(
        f"/plans/editions/{edition.pk}/import/", {"file": upload(data)}
    )
    assert response.status_code == 200
    assert 'id="import-result"' in response.content.decode()
    assert counts(response.context["result"])[SHEET_GOALS] == (0, 1, 0, 1)
    assert edition.goals.get(number="2.1").text == "เป้าประสงค์ใหม่"


def test_the_upload_page_refuses_a_non_excel_file(edition, rayong):
    response = client_for(rayong).post(
        f"/plans/editions/{edition.pk}/import/", {"file": upload(b"hello", "plan.xlsx")}
    )
    assert response.status_code == 200
    assert "ไม่ใช่ไฟล์ Excel" in response.content.decode()
    assert response.context["result"] is None


def test_another_province_gets_404_from_the_pages(edition, demo_user):
    client = client_for(demo_user("chonburi"))
    data = build_template(edition)
    assert client.get(f"/plans/editions/{edition.pk}/import/template.xlsx").status_code == 404
    assert client.get(f"/plans/editions/{edition.pk}/import/").status_code == 404
    response = client.post(f"/plans/editions/{edition.pk}/import/", {"file": upload(data)})
    assert response.status_code == 404


def test_a_locked_edition_has_no_import_page(rayong):
    edition = make_plan(status=EditionStatus.APPROVED).editions.get()
    assert client_for(rayong).get(f"/plans/editions/{edition.pk}/import/").status_code == 404


def test_the_pages_need_a_login(edition, client):
    response = client.get(f"/plans/editions/{edition.pk}/import/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
