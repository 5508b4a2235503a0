"""Proposals in Excel: a template per source, the import (all or nothing, every error with
its sheet, row and column, re-import writes nothing, the policy), the bulk path, the export
(formula-safe) and the real ผ.02 of Nakhon Sawan City Municipality."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.orgs.models import Organisation
from oneplan.plans.importing import SHEET_HELP, SHEET_LISTS
from oneplan.projects import excel
from oneplan.projects.excel import (
    TEMPLATES,
    Source,
    build_template,
    export_proposals,
    import_proposals,
)
from oneplan.projects.models import (
    BudgetCategory,
    FundingChannel,
    Level,
    Proposal,
    ProposalStatus,
    ProposerKind,
)

pytestmark = pytest.mark.django_db

# Written by Thai officials: see oneplan/projects/data/real/README.md.
REAL_CSV = Path(__file__).resolve().parents[1] / "data/real/local_plan_nakhonsawan_2566_2570.csv"
YEARS = [2566, 2567, 2568, 2569, 2570]


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def cycle() -> Cycle:
    return Cycle.objects.get(fiscal_year_be=2570)


@pytest.fixture
def rayong_area() -> Area:
    return Area.objects.get(code="21")


@pytest.fixture
def rayong(demo_user):
    return demo_user("rayong")


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill(template: bytes, rows: list[dict[str, Any]], sheet: str | None = None) -> bytes:
    """The template with rows filled in by header name, from row 2 on."""
    workbook = load_workbook(io.BytesIO(template))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    headers = [cell.value for cell in worksheet[1]]
    for number, values in enumerate(rows, start=2):
        for header, value in values.items():
            worksheet.cell(row=number, column=headers.index(header) + 1).value = value
    return to_bytes(workbook)


def agency_row(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "รหัสอ้างอิง": code,
        "ชื่อโครงการ": f"ก่อสร้างลานกิจกรรมชุมชน {code}",
        "ประเด็นยุทธศาสตร์": 2,
        "วัตถุประสงค์": "1. เพื่อให้ชุมชนมีพื้นที่ทำกิจกรรม\n2. เพื่อส่งเสริมการท่องเที่ยว",
        "เป้าหมาย (ผลผลิต)": "1. ลานกิจกรรม 1 แห่ง\n2. ผู้ใช้ประโยชน์ จำนวน ๒๐๐ คน",
        "ตัวชี้วัด": "ผู้ใช้พึงพอใจ ร้อยละ 80",
        "ผลลัพธ์ที่คาดว่าจะได้รับ": "ชุมชนมีรายได้เพิ่มขึ้น",
        "พื้นที่ดำเนินการ": "เมืองระยอง, บ้านฉาง",
        "แหล่งงบประมาณ": "งบประมาณจังหวัด",
        "หมวดงบประมาณ": "งบลงทุน",
        "งบประมาณ 2569": "1,250,000",
        "งบประมาณ 2570": 500000,
        "หน่วยงานรับผิดชอบ": "สำนักงานโยธาธิการและผังเมืองจังหวัดระยอง",
        **extra,
    }


def agency_file(cycle: Cycle, province: Area, rows: list[dict[str, Any]]) -> bytes:
    return fill(build_template(Source.AGENCY, cycle, province), rows)


def problems(result) -> set[tuple[str, int | None, str]]:
    return {(p.sheet, p.row, p.column) for p in result.errors}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("source", list(Source))
def test_template_of_each_source_opens_with_its_headers_lists_and_help(source, cycle, rayong_area):
    spec = TEMPLATES[source]
    workbook = load_workbook(io.BytesIO(build_template(source, cycle, rayong_area)))
    assert workbook.sheetnames == [spec.sheet, SHEET_HELP, SHEET_LISTS]
    assert workbook[SHEET_LISTS].sheet_state == "hidden"
    sheet = workbook[spec.sheet]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.header for column in spec.columns(YEARS)]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1  # an empty template: nothing to import by accident

    lists = workbook[SHEET_LISTS]
    validations = {}
    for validation in sheet.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        column = re.match(r"'.+'!\$([A-Z]+)\$2:\$[A-Z]+\$(\d+)", validation.formula1)
        values = [lists[f"{column[1]}{row}"].value for row in range(2, int(column[2]) + 1)]
        validations[headers[ord(letter) - ord("A")]] = values
    if spec.dla_form:
        assert headers[:4] == ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย (ผลผลิตของโครงการ)"]
        assert headers[4:9] == [f"งบประมาณ {y}" for y in YEARS]
        assert headers[9:13] == [
            "ตัวชี้วัด (KPI)",
            "ผลที่คาดว่าจะได้รับ",
            "หน่วยงานรับผิดชอบหลัก",
            "รหัสอ้างอิง",
        ]
    else:
        assert validations["หมวดงบประมาณ"] == list(excel.CATEGORY_LABELS.values())
        assert validations["แหล่งงบประมาณ"] == list(excel.FUNDING_LABELS.values())
    if source != Source.LOCAL:  # Rayong's plan has four strategic issues
        assert validations[spec.columns([])[-1].header if spec.dla_form else "ประเด็นยุทธศาสตร์"] == [
            1,
            2,
            3,
            4,
        ]
    if source == Source.DISTRICT:
        assert "เมืองระยอง" in validations["อำเภอ"]

    help_text = "\n".join(
        str(cell.value) for row in workbook[SHEET_HELP].iter_rows() for cell in row if cell.value
    )
    for header in headers:
        assert header in help_text
    assert "จังหวัดระยอง" in help_text


def test_template_years_come_from_the_regime_when_there_is_no_plan(rayong_area):
    old = Cycle.objects.get(fiscal_year_be=2554)  # the 2551 regime: four-year plans, none loaded
    assert excel.plan_years(old, rayong_area) == [2554, 2555, 2556, 2557]
    chonburi = Area.objects.get(code="20")
    assert excel.plan_years(Cycle.objects.get(fiscal_year_be=2570), chonburi) == YEARS


# --------------------------------------------------------------------------- importing


def test_filled_template_imports_with_budgets_outputs_indicators_and_links(
    cycle, rayong_area, rayong
):
    data = agency_file(cycle, rayong_area, [agency_row("AG-001"), agency_row("AG-002")])
    result = import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)

    assert result.ok, [str(p) for p in result.errors]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    proposal = Proposal.objects.get(cycle=cycle, reference_code="AG-001")
    assert proposal.level == Level.PROVINCE and proposal.province_id == "21"
    assert proposal.area_id == "21"
    assert proposal.proposer_kind == ProposerKind.AGENCY
    assert proposal.funding_channel == FundingChannel.PROVINCE
    assert proposal.status == ProposalStatus.IDEA
    assert proposal.created_by == rayong
    assert proposal.issue.priority == 2 and proposal.issue.edition.plan.province_id == "21"
    assert proposal.objectives == "1. เพื่อให้ชุมชนมีพื้นที่ทำกิจกรรม\n2. เพื่อส่งเสริมการท่องเที่ยว"
    assert {(b.fiscal_year_be, b.category, b.amount) for b in proposal.budget_lines.all()} == {
        (2569, BudgetCategory.INVESTMENT, Decimal("1250000")),
        (2570, BudgetCategory.INVESTMENT, Decimal("500000")),
    }
    assert [(o.description, o.unit, o.quantity) for o in proposal.outputs.all()] == [
        ("ลานกิจกรรม 1 แห่ง", "แห่ง", Decimal("1")),
        ("ผู้ใช้ประโยชน์ จำนวน ๒๐๐ คน", "คน", Decimal("200")),
    ]
    assert [(i.name, i.unit, i.target) for i in proposal.indicators.all()] == [
        ("ผู้ใช้พึงพอใจ ร้อยละ 80", "ร้อยละ", "80")
    ]
    assert sorted(a.name_th for a in proposal.locations.all()) == ["บ้านฉาง", "เมืองระยอง"]
    assert not proposal.whole_area
    # Audited through the model layer, with the importing user as actor.
    entry = LogEntry.objects.get_for_object(proposal).get(action=LogEntry.Action.CREATE)
    assert entry.actor == rayong


@pytest.mark.parametrize("source", [s for s in Source if not TEMPLATES[s].dla_form])
def test_each_source_imports_as_its_kind_of_proposer(source, cycle, rayong_area, rayong):
    row = agency_row("X-1", **({"อำเภอ": "บ้านฉาง"} if source == Source.DISTRICT else {}))
    data = fill(build_template(source, cycle, rayong_area), [row])
    result = import_proposals(rayong, cycle, source, data, owner=rayong_area)
    assert result.ok and result.created == 1, [str(p) for p in result.errors]
    proposal = Proposal.objects.get(cycle=cycle, reference_code="X-1")
    assert proposal.proposer_kind == TEMPLATES[source].proposer_kind
    assert proposal.area_id == ("2102" if source == Source.DISTRICT else "21")


def test_reimporting_the_same_file_writes_nothing(cycle, rayong_area, rayong):
    data = agency_file(cycle, rayong_area, [agency_row("AG-001"), agency_row("AG-002")])
    import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)
    entries, stamps = (
        LogEntry.objects.count(),
        list(Proposal.objects.order_by("pk").values_list("updated_at", flat=True)),
    )

    again = import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert not again.changed
    assert LogEntry.objects.count() == entries
    assert list(Proposal.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_changed_row_updates_only_what_differs(cycle, rayong_area, rayong):
    rows = [agency_row("AG-001"), agency_row("AG-002")]
    import_proposals(
        rayong, cycle, Source.AGENCY, agency_file(cycle, rayong_area, rows), owner=rayong_area
    )
    entries = LogEntry.objects.count()
    rows[1] = agency_row(
        "AG-002",
        **{"งบประมาณ 2570": "๗๐๐,๐๐๐", "เป้าหมาย (ผลผลิต)": "ลานกิจกรรม 2 แห่ง"},
    )

    result = import_proposals(
        rayong, cycle, Source.AGENCY, agency_file(cycle, rayong_area, rows), owner=rayong_area
    )

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    changed = Proposal.objects.get(cycle=cycle, reference_code="AG-002")
    assert changed.budget_for_year(2570) == Decimal("700000")
    assert [(o.description, o.unit, o.quantity) for o in changed.outputs.all()] == [
        ("ลานกิจกรรม 2 แห่ง", "แห่ง", Decimal("2"))
    ]
    # One budget line changed, one output changed and one removed: three audit rows.
    assert LogEntry.objects.count() == entries + 3


def test_export_then_import_is_a_round_trip(cycle, rayong_area, rayong):
    rows = [
        agency_row("AG-001", **{"วันเริ่มต้น": "1 ต.ค. 69", "วันสิ้นสุด": "30/9/2570"}),
        agency_row("AG-002", **{"พื้นที่ดำเนินการ": "ทั้งจังหวัด", "ขอตั้งงบประมาณโดยตรง": "ใช่"}),
    ]
    import_proposals(
        rayong, cycle, Source.AGENCY, agency_file(cycle, rayong_area, rows), owner=rayong_area
    )
    queryset = Proposal.objects.filter(cycle=cycle, reference_code__startswith="AG-")
    exported = export_proposals(queryset)

    entries = LogEntry.objects.count()
    again = import_proposals(rayong, cycle, Source.AGENCY, exported, owner=rayong_area)
    assert again.ok, [str(p) for p in again.errors]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert LogEntry.objects.count() == entries

    def snapshot() -> list[tuple]:
        return [
            (
                p.reference_code,
                p.title,
                p.issue_id,
                p.objectives,
                p.start_date,
                p.end_date,
                p.whole_area,
                p.requests_budget_directly,
                sorted(a.pk for a in p.locations.all()),
                sorted((b.fiscal_year_be, b.category, b.amount) for b in p.budget_lines.all()),
                [(o.description, o.unit, o.quantity) for o in p.outputs.all()],
                [(i.name, i.unit, i.target) for i in p.indicators.all()],
            )
            for p in queryset.order_by("reference_code")
        ]

    before = snapshot()
    queryset.delete()
    created = import_proposals(rayong, cycle, Source.AGENCY, exported, owner=rayong_area)
    assert created.created == 2
    assert snapshot() == before


def test_every_error_on_every_sheet_is_reported_and_nothing_written(cycle, rayong_area, rayong):
    template = build_template(Source.AGENCY, cycle, rayong_area)
    workbook = load_workbook(io.BytesIO(fill(template, [agency_row("AG-001")])))
    second = workbook.copy_worksheet(workbook["โครงการ"])
    second.title = "โครงการ (2)"
    headers = [cell.value for cell in second[1]]

    def put(sheet, row: int, header: str, value: Any) -> None:
        sheet.cell(row=row, column=headers.index(header) + 1).value = value

    sheet = workbook["โครงการ"]
    for header, value in agency_row("AG-002").items():
        put(sheet, 3, header, value)
    put(sheet, 3, "ชื่อโครงการ", None)  # required
    put(sheet, 3, "งบประมาณ 2569", "หนึ่งล้าน")  # not a number
    put(sheet, 3, "แหล่งงบประมาณ", "งบพิเศษ")  # not a choice
    for header, value in agency_row("AG-003").items():
        put(sheet, 5, header, value)  # a blank row 4 in between is skipped
    put(sheet, 5, "ประเด็นยุทธศาสตร์", 7)  # Rayong's plan has issues 1-4
    put(sheet, 5, "วันเริ่มต้น", "1/10/2570")
    put(sheet, 5, "วันสิ้นสุด", "30/9/2569")  # before the start
    put(sheet, 5, "งบประมาณ 2570", -5)
    put(second, 2, "รหัสอ้างอิง", "AG-001")  # the copy of row 2: a duplicate code
    for header, value in agency_row("AG-004").items():
        put(second, 3, header, value)
    put(second, 3, "หมวดงบประมาณ", None)  # budgets without their category
    put(second, 3, "พื้นที่ดำเนินการ", "เมืองชลบุรี")  # not a district of Rayong
    put(second, 3, "วันเริ่มต้น", "31 ก.พ. 2570")
    proposals, entries = Proposal.objects.count(), LogEntry.objects.count()

    result = import_proposals(rayong, cycle, Source.AGENCY, to_bytes(workbook), owner=rayong_area)

    assert not result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    by_place = {(p.sheet, p.row, p.column): p.message for p in result.errors}
    assert by_place == {
        ("โครงการ", 3, "B (ชื่อโครงการ)"): "ต้องกรอกช่องนี้",
        ("โครงการ", 3, "M (แหล่งงบประมาณ)"): by_place[("โครงการ", 3, "M (แหล่งงบประมาณ)")],
        ("โครงการ", 3, "S (งบประมาณ 2569)"): "“หนึ่งล้าน” ไม่ใช่ตัวเลข",
        ("โครงการ", 5, "C (ประเด็นยุทธศาสตร์)"): by_place[("โครงการ", 5, "C (ประเด็นยุทธศาสตร์)")],
        ("โครงการ", 5, "L (วันสิ้นสุด)"): by_place[("โครงการ", 5, "L (วันสิ้นสุด)")],
        ("โครงการ", 5, "T (งบประมาณ 2570)"): "งบประมาณต้องไม่ติดลบ",
        ("โครงการ (2)", 2, "A (รหัสอ้างอิง)"): "รหัสอ้างอิง AG-001 ซ้ำกับชีต “โครงการ” แถว 2",
        ("โครงการ (2)", 3, "J (พื้นที่ดำเนินการ)"): by_place[("โครงการ (2)", 3, "J (พื้นที่ดำเนินการ)")],
        ("โครงการ (2)", 3, "K (วันเริ่มต้น)"): by_place[("โครงการ (2)", 3, "K (วันเริ่มต้น)")],
        ("โครงการ (2)", 3, "O (หมวดงบประมาณ)"): "ต้องกรอกช่องนี้",
    }
    assert "“งบพิเศษ” ไม่อยู่ในรายการ" in by_place[("โครงการ", 3, "M (แหล่งงบประมาณ)")]
    assert "ไม่มีประเด็นยุทธศาสตร์ลำดับ 7" in by_place[("โครงการ", 5, "C (ประเด็นยุทธศาสตร์)")]
    assert "ต้องไม่อยู่ก่อนวันที่เริ่มต้น" in by_place[("โครงการ", 5, "L (วันสิ้นสุด)")]
    assert "ไม่พบอำเภอ “เมืองชลบุรี”" in by_place[("โครงการ (2)", 3, "J (พื้นที่ดำเนินการ)")]
    assert "ไม่มีวันที่ 31" in by_place[("โครงการ (2)", 3, "K (วันเริ่มต้น)")]
    assert str(result.errors[0]).startswith("ชีต “โครงการ” แถว 3 คอลัมน์ ")
    assert Proposal.objects.count() == proposals
    assert LogEntry.objects.count() == entries


def test_missing_columns_and_years_outside_the_plan_are_reported(cycle, rayong_area, rayong):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ข้อมูล"
    sheet.append(["ชื่อโครงการ", "หมวดงบประมาณ", "งบประมาณ 2575", "งบประมาณ 2570"])
    sheet.append(["โครงการหนึ่ง", "งบลงทุน", 1, 2])
    result = import_proposals(rayong, cycle, Source.AGENCY, to_bytes(workbook), owner=rayong_area)
    messages = {(p.sheet, p.row, p.column): p.message for p in result.errors}
    assert [p.message for p in result.errors if p.row == 1 and not p.column] == [
        "ไม่พบคอลัมน์ “รหัสอ้างอิง” ในแถวหัวตาราง (แถว 1)",
        "ไม่พบคอลัมน์ “แหล่งงบประมาณ” ในแถวหัวตาราง (แถว 1)",
    ]
    assert messages[("ข้อมูล", 1, "C (งบประมาณ 2575)")] == (
        "ปี พ.ศ. 2575 อยู่นอกช่วงปีของแผน (พ.ศ. 2566–2570)"
    )
    assert not Proposal.objects.filter(cycle=cycle, title="โครงการหนึ่ง").exists()

    empty = Workbook()
    empty.active.append(["อะไรก็ได้"])
    result = import_proposals(rayong, cycle, Source.AGENCY, to_bytes(empty), owner=rayong_area)
    assert [p.message for p in result.errors] == [
        "ไม่พบชีตที่มีหัวตาราง “ชื่อโครงการ” ในไฟล์ กรุณาใช้แม่แบบโครงการที่ส่วนราชการเสนอ ที่ดาวน์โหลดจากระบบ"
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "ไฟล์ว่างเปล่า"),
        ("รหัส,ชื่อโครงการ\nAG-1,ถนน\n".encode(), "ไม่ใช่ไฟล์ Excel (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Excel รุ่นเก่า (.xls)"),
        (_zip({"word/document.xml": b"<w/>"}), "ไม่ใช่ไฟล์ Excel (.xlsx)"),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<broken"}),
            "ไม่ใช่ไฟล์ Excel (.xlsx)",
        ),
    ],
    ids=["empty", "csv", "xls", "docx-like zip", "broken xlsx"],
)
def test_what_is_not_an_xlsx_is_refused_in_thai(data, words, cycle, rayong_area, rayong):
    upload = SimpleUploadedFile("proposals.xlsx", data, content_type=excel.XLSX_CONTENT_TYPE)
    count = Proposal.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_proposals(rayong, cycle, Source.AGENCY, upload, owner=rayong_area)
    assert words in refused.value.messages[0]
    assert Proposal.objects.count() == count


def test_oversized_files_are_refused_and_nothing_is_written(
    cycle, rayong_area, rayong, monkeypatch, settings
):
    data = agency_file(cycle, rayong_area, [agency_row(f"AG-{n}") for n in range(1, 6)])
    count = Proposal.objects.count()
    limits = settings.ONEPLAN_IMPORT_LIMITS

    def limit(**changed: int) -> None:
        settings.ONEPLAN_IMPORT_LIMITS = {**limits, "proposals": {**limits["proposals"], **changed}}

    limit(file_bytes=len(data) - 1)
    with pytest.raises(ValidationError, match="ไฟล์ใหญ่เกิน"):
        import_proposals(rayong, cycle, Source.AGENCY, io.BytesIO(data), owner=rayong_area)

    limit(unpacked_bytes=10_000)
    with pytest.raises(ValidationError, match="ไฟล์ใหญ่เกิน"):
        import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)

    # Too many rows: refused while reading, after rows were already written in bulk.
    limit(rows=4)
    monkeypatch.setattr(excel.importer, "BULK_ROWS", 2)
    with pytest.raises(ValidationError, match="ไฟล์มีข้อมูลเกิน 4 แถว"):
        import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)
    assert Proposal.objects.count() == count


def test_what_the_model_layer_still_refuses_is_a_row_problem(
    cycle, rayong_area, rayong, monkeypatch
):
    from oneplan.projects import services

    real_save = services.save_proposal

    def save(user, proposal, budget=None):
        if proposal.reference_code == "AG-002":
            raise ValidationError({"title": "ชื่อนี้ใช้ไม่ได้"})
        return real_save(user, proposal, budget)

    monkeypatch.setattr(services, "save_proposal", save)
    data = agency_file(cycle, rayong_area, [agency_row("AG-001"), agency_row("AG-002")])
    count = Proposal.objects.count()
    result = import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)
    assert [(p.row, p.column, p.message) for p in result.errors] == [(3, "", "ชื่อนี้ใช้ไม่ได้")]
    assert result.created == 0
    assert Proposal.objects.count() == count  # AG-001, saved before, was undone too


# --------------------------------------------------------------------------- who may import


def test_another_provinces_officer_cannot_import_into_rayong(cycle, rayong_area, demo_user):
    """Decided: refused as a whole (PermissionDenied) before the file is even read."""
    data = agency_file(cycle, rayong_area, [agency_row("AG-001")])
    count = Proposal.objects.count()
    with pytest.raises(PermissionDenied, match="คุณไม่มีสิทธิ์นำเข้าโครงการของจังหวัดระยอง"):
        import_proposals(demo_user("chonburi"), cycle, Source.AGENCY, data, owner=rayong_area)
    assert Proposal.objects.count() == count


def test_a_district_officer_adds_only_his_districts_proposals(cycle, rayong_area, demo_user):
    template = build_template(Source.DISTRICT, cycle, rayong_area)
    data = fill(
        template,
        [
            agency_row("DT-1", **{"อำเภอ": "เมืองระยอง"}),
            agency_row("DT-2", **{"อำเภอ": "อำเภอบ้านฉาง"}),
        ],
    )
    officer = demo_user("rayong_district")  # อำเภอเมืองระยอง
    result = import_proposals(officer, cycle, Source.DISTRICT, data, owner=rayong_area)
    assert [(p.row, p.message) for p in result.errors] == [(3, "คุณไม่มีสิทธิ์เพิ่มโครงการของอำเภอบ้านฉาง")]
    assert not Proposal.objects.filter(cycle=cycle, reference_code__startswith="DT-").exists()

    only_his = fill(template, [agency_row("DT-1", **{"อำเภอ": "เมืองระยอง"})])
    result = import_proposals(officer, cycle, Source.DISTRICT, only_his, owner=rayong_area)
    assert result.created == 1
    assert Proposal.objects.get(cycle=cycle, reference_code="DT-1").area_id == "2101"
    # ... and may not import the proposals of the province's agencies at all.
    with pytest.raises(PermissionDenied):
        import_proposals(officer, cycle, Source.AGENCY, only_his, owner=rayong_area)


def p02_row(title: str, unit: str = "กองช่าง", **extra: Any) -> dict[str, Any]:
    return {
        "ที่": 1,
        "โครงการ": title,
        "วัตถุประสงค์": "เพื่อให้ประชาชนสัญจรสะดวก",
        "เป้าหมาย (ผลผลิตของโครงการ)": "ถนน ค.ส.ล. ยาว 200 เมตร",
        "งบประมาณ 2567": "2,500,000",
        "งบประมาณ 2568": "-",
        "ตัวชี้วัด (KPI)": "ถนน 1 สาย",
        "ผลที่คาดว่าจะได้รับ": "ประชาชนสัญจรสะดวก",
        "หน่วยงานรับผิดชอบหลัก": unit,
        **extra,
    }


def test_a_local_government_imports_its_own_p02_and_owns_the_proposals(
    cycle, rayong_area, demo_user
):
    officer = demo_user("rayong_lao")  # เทศบาลนครระยอง
    data = fill(
        build_template(Source.LOCAL, cycle, rayong_area),
        [p02_row("ก่อสร้างถนน ค.ส.ล. ซอย 5"), p02_row("อบรมอาสาสมัครป้องกันภัย", "สำนักปลัด")],
    )
    result = import_proposals(officer, cycle, Source.LOCAL, data, owner=rayong_area)
    assert result.ok and result.created == 2, [str(p) for p in result.errors]

    city = Organisation.objects.get(name_th="เทศบาลนครระยอง")
    road, training = Proposal.objects.filter(
        cycle=cycle, proposer=city, reference_code__startswith="L02-"
    ).order_by("title")
    assert road.reference_code == excel.derived_code(
        Source.LOCAL, rayong_area, city, "ก่อสร้างถนน ค.ส.ล. ซอย 5", "กองช่าง"
    )
    assert road.reference_code.startswith("L02-21-")
    assert road.proposer_kind == ProposerKind.LOCAL
    assert road.funding_channel == FundingChannel.LOCAL
    assert [(b.fiscal_year_be, b.category) for b in road.budget_lines.all()] == [
        (2567, BudgetCategory.INVESTMENT)
    ]
    assert [b.category for b in training.budget_lines.all()] == [BudgetCategory.OPERATING]
    # The code does not depend on spacing: the same project typed differently is unchanged.
    retyped = fill(
        build_template(Source.LOCAL, cycle, rayong_area),
        [p02_row("ก่อสร้างถนน  ค.ส.ล.\nซอย ๕"), p02_row("อบรมอาสาสมัครป้องกันภัย", "สำนักปลัด ")],
    )
    again = import_proposals(officer, cycle, Source.LOCAL, retyped, owner=rayong_area)
    assert (again.created, again.unchanged) == (0, 1) and again.updated == 1  # title respaced


def test_an_existing_code_of_another_source_or_body_is_not_taken_over(
    cycle, rayong_area, rayong, demo_user
):
    import_proposals(
        rayong,
        cycle,
        Source.AGENCY,
        agency_file(cycle, rayong_area, [agency_row("SHARED-1")]),
        owner=rayong_area,
    )
    pao = fill(build_template(Source.PAO, cycle, rayong_area), [agency_row("SHARED-1")])
    result = import_proposals(rayong, cycle, Source.PAO, pao, owner=rayong_area)
    assert [p.message for p in result.errors] == [
        "รหัสอ้างอิง SHARED-1 เป็นโครงการที่เสนอโดยส่วนราชการอยู่แล้ว"
        " กรุณาใช้รหัสอื่น หรือนำเข้าด้วยแม่แบบของส่วนราชการ"
    ]
    officer = demo_user("rayong_lao")
    p022 = fill(
        build_template(Source.LOCAL_COORDINATED, cycle, rayong_area),
        [p02_row("ถนนเลียบชายหาด", **{"รหัสอ้างอิง": "SHARED-1"})],
    )
    result = import_proposals(officer, cycle, Source.LOCAL_COORDINATED, p022, owner=rayong_area)
    assert len(result.errors) == 1 and result.errors[0].column == "M (รหัสอ้างอิง)"


# --------------------------------------------------------------------------- the bulk path


def test_large_files_are_written_in_bulk_with_one_log_entry_per_proposal(
    cycle, rayong_area, rayong, monkeypatch
):
    monkeypatch.setattr(excel.importer, "BULK_ROWS", 5)
    rows = [agency_row(f"BK-{n:03d}") for n in range(1, 13)]
    data = agency_file(cycle, rayong_area, rows)
    entries = LogEntry.objects.count()

    result = import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)

    assert result.ok and result.bulk
    assert (result.created, result.updated, result.unchanged) == (12, 0, 0)
    created = Proposal.objects.filter(cycle=cycle, reference_code__startswith="BK-")
    assert created.count() == 12
    first = created.get(reference_code="BK-001")
    assert first.created_by == rayong and first.issue.priority == 2
    assert first.budget_for_year(2569) == Decimal("1250000")
    assert [(o.unit, o.quantity) for o in first.outputs.all()] == [
        ("แห่ง", Decimal("1")),
        ("คน", Decimal("200")),
    ]
    assert first.locations.count() == 2 and first.indicators.count() == 1
    logged = LogEntry.objects.filter(pk__gt=0).count() - entries
    assert logged == 12
    entry = LogEntry.objects.get_for_object(first).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == rayong
    assert entry.additional_data == {"import": "agency", "sheet": "โครงการ", "row": 2}

    entries = LogEntry.objects.count()
    again = import_proposals(rayong, cycle, Source.AGENCY, data, owner=rayong_area)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert LogEntry.objects.count() == entries

    rows[7] = agency_row("BK-008", **{"งบประมาณ 2570": 1, "ชื่อโครงการ": "ชื่อใหม่"})
    changed = import_proposals(
        rayong, cycle, Source.AGENCY, agency_file(cycle, rayong_area, rows), owner=rayong_area
    )
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 11)
    eighth = created.get(reference_code="BK-008")
    assert eighth.title == "ชื่อใหม่" and eighth.budget_for_year(2570) == Decimal("1")
    assert eighth.outputs.count() == 2  # untouched children stay
    update = LogEntry.objects.get_for_object(eighth).get(action=LogEntry.Action.UPDATE)
    assert update.changes["title"] == ["ก่อสร้างลานกิจกรรมชุมชน BK-008", "ชื่อใหม่"]
    assert "budget_lines" in update.changes


def test_an_error_late_in_a_large_file_undoes_the_batches_already_written(
    cycle, rayong_area, rayong, monkeypatch
):
    monkeypatch.setattr(excel.importer, "BULK_ROWS", 3)
    rows = [agency_row(f"LT-{n:02d}") for n in range(1, 11)]
    rows[9]["งบประมาณ 2570"] = "ห้าแสน"
    count, entries = Proposal.objects.count(), LogEntry.objects.count()

    result = import_proposals(
        rayong, cycle, Source.AGENCY, agency_file(cycle, rayong_area, rows), owner=rayong_area
    )

    assert problems(result) == {("โครงการ", 11, "T (งบประมาณ 2570)")}
    assert result.created == 0
    assert Proposal.objects.count() == count
    assert LogEntry.objects.count() == entries


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 แห่ง", (Decimal("1"), "แห่ง")),
        ("200 คน", (Decimal("200"), "คน")),
        ("นักเรียน จำนวน ๒๐๐ คน", (Decimal("200"), "คน")),
        ("คณะกรรมการ จํานวน 73 ชุมชน", (Decimal("73"), "ชุมชน")),
        ("ปรับปรุงพื้นลาน 1,740 ต.ร.ม.", (Decimal("1740"), "ต.ร.ม.")),
        ("พื้นที่ไม่น้อยกว่า 360 ตารางเมตร", (Decimal("360"), "ตารางเมตร")),
        ("ผิวจราจร ยาว 611 เมตร ตามแบบแปลนของเทศบาล", (None, "")),
        ("นักเรียน นักศึกษา หรือประชาชน", (None, "")),
    ],
)
def test_quantity_and_unit_are_read_from_a_target(text, expected):
    assert excel.quantity_of(text) == expected


def test_numbered_lists_and_line_breaks_in_cells():
    assert excel.split_items("1. ถนน 1 สาย\n2. ท่อระบายน้ำ\nยาว 20 เมตร\n๓) ป้าย 2 ป้าย") == [
        "ถนน 1 สาย",
        "ท่อระบายน้ำ\nยาว 20 เมตร",
        "ป้าย 2 ป้าย",
    ]
    assert excel.split_items("- ก\n - ข") == ["ก", "ข"]
    assert excel.split_items("ตลาดสด 2 แห่ง\nแผงลอย 2 แห่ง") == ["ตลาดสด 2 แห่ง\nแผงลอย 2 แห่ง"]
    assert excel.split_items("1.5 ล้านบาท") == ["1.5 ล้านบาท"]
    assert excel.indicator_target("ความพึงพอใจ ร้อยละ ๗๐") == ("ร้อยละ", "70")


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1,250,000", Decimal("1250000")),
        ("๑,๒๐๐,๐๐๐", Decimal("1200000")),
        ("1,000 บาท", Decimal("1000")),
        (2500000, Decimal("2500000")),
        (12.5, Decimal("12.5")),
        ("-", None),
        ("0", None),
        (0, None),
    ],
)
def test_budget_cells(cell, amount):
    assert excel.amount_of(cell) == amount


def test_investment_or_operating_from_the_title():
    assert excel.investment_title("ก่อสร้างเขื่อนป้องกันตลิ่ง")
    assert excel.investment_title("จัดหาและติดตั้งกล้องโทรทัศน์วงจรปิด")
    assert not excel.investment_title("กิจกรรมรณรงค์ 3Rs:Reduce Reuse Recycle")
    assert not excel.investment_title("อบรมอาสาสมัครป้องกันภัย")


# --------------------------------------------------------------------------- the export


def test_export_neutralises_formulas_and_keeps_numbers(cycle, rayong_area, rayong):
    import_proposals(
        rayong,
        cycle,
        Source.AGENCY,
        agency_file(cycle, rayong_area, [agency_row("EX-1")]),
        owner=rayong_area,
    )
    proposal = Proposal.objects.get(cycle=cycle, reference_code="EX-1")
    Proposal.objects.filter(pk=proposal.pk).update(
        title="=cmd|' /C calc'!A0",
        rationale="+1+1",
        objectives="-2+3",
        responsible_agency="@SUM(A1:A9)",
        benefits="\t=1",
    )

    workbook = load_workbook(io.BytesIO(export_proposals(Proposal.objects.filter(pk=proposal.pk))))
    sheet = workbook["โครงการ"]
    headers = [cell.value for cell in sheet[1]]
    row = {header: sheet.cell(row=2, column=n) for n, header in enumerate(headers, start=1)}
    for header, text in (
        ("ชื่อโครงการ", "=cmd|' /C calc'!A0"),
        ("หลักการและเหตุผล", "+1+1"),
        ("วัตถุประสงค์", "-2+3"),
        ("หน่วยงานรับผิดชอบ", "@SUM(A1:A9)"),
        ("ประโยชน์ที่คาดว่าจะได้รับ", "\t=1"),
    ):
        assert row[header].value == text
        assert row[header].data_type == "s" and row[header].quotePrefix
    assert row["งบประมาณ 2569"].value == 1250000 and row["งบประมาณ 2569"].data_type == "n"
    assert row["รวมงบประมาณ"].value == 1750000
    assert row["สถานะ"].value == "ข้อเสนอโครงการ (Project Idea)"
    assert row["ผู้เสนอ"].value == "ส่วนราชการ"
    assert row["ผลการกลั่นกรองอัตโนมัติ"].value is None
    assert row["เป้าหมาย (ผลผลิต)"].value == "1. ลานกิจกรรม 1 แห่ง\n2. ผู้ใช้ประโยชน์ จำนวน ๒๐๐ คน"
    assert all(
        cell.value is None or not str(cell.value).startswith("=") or cell.quotePrefix
        for line in sheet.iter_rows()
        for cell in line
    )


def test_export_shows_the_screening_verdict(cycle, rayong_area, rayong):
    from oneplan.projects.models import ScreeningResult

    import_proposals(
        rayong,
        cycle,
        Source.AGENCY,
        agency_file(cycle, rayong_area, [agency_row("SC-1"), agency_row("SC-2")]),
        owner=rayong_area,
    )
    ScreeningResult.objects.create(
        proposal=Proposal.objects.get(reference_code="SC-1"), eligible=True, aligned=True
    )
    ScreeningResult.objects.create(
        proposal=Proposal.objects.get(reference_code="SC-2"), eligible=False, aligned=True
    )
    sheet = load_workbook(
        io.BytesIO(export_proposals(Proposal.objects.filter(reference_code__startswith="SC-")))
    )["โครงการ"]
    verdicts = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert verdicts == ["ผ่านเกณฑ์เบื้องต้น", "ควรพิจารณา: เข้าข่ายโครงการที่ไม่ควรขอ"]


# --------------------------------------------------------------------------- real data


def real_rows() -> list[dict[str, str]]:
    with REAL_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def p02_workbook(rows: list[dict[str, str]]) -> bytes:
    """The rows as the municipality's workbook: one worksheet per strategy and programme,
    the form's title rows, a two-row header (plan years under a merged "งบประมาณ"), the
    budgets typed with thousands separators, and a total row at the bottom of each sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    by_sheet: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_sheet.setdefault(row["sheet"], []).append(row)
    for name, sheet_rows in by_sheet.items():
        sheet = workbook.create_sheet(name)
        sheet.append(["รายละเอียดโครงการพัฒนา"])
        sheet.append([sheet_rows[0]["plan_document"]])
        sheet.append([f"ยุทธศาสตร์ที่ {sheet_rows[0]['strategy_no']} {sheet_rows[0]['strategy_name']}"])
        sheet.append([f"แผนงาน {sheet_rows[0]['programme']}"])
        sheet.append(
            ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย\n(ผลผลิตของโครงการ)", "งบประมาณ"]
            + [None] * 4
            + ["ตัวชี้วัด\n(KPI)", "ผลที่คาดว่า\nจะได้รับ", "หน่วยงาน\nรับผิดชอบหลัก"]
        )
        sheet.append([None] * 4 + [f"{year}\n(บาท)" for year in YEARS] + [None] * 3)
        sheet.merge_cells(start_row=5, start_column=5, end_row=5, end_column=9)
        for row in sheet_rows:
            budgets = [
                f"{int(row[f'budget_{y}']):,}" if row[f"budget_{y}"] else None for y in YEARS
            ]
            sheet.append(
                [
                    row["seq"],
                    row["project"],
                    row["objective"],
                    row["target_output"],
                    *budgets,
                    row["indicator"],
                    row["expected_result"],
                    row["responsible_unit"],
                ]
            )
        sheet.append([f"รวม {len(sheet_rows)} โครงการ", None, None, None, 1, 2, 3, 4, 5])
    return to_bytes(workbook)


def test_the_real_p02_of_nakhon_sawan_imports(cycle, rayong_area, rayong):
    """548 real rows. Computed here without the importer: a row is valid unless it has no
    title, or the same title and responsible unit (spaces ignored) came earlier — its
    derived reference code would repeat. The import must name exactly those rows."""
    rows = real_rows()
    assert len(rows) == 548
    positions: dict[int, tuple[str, int]] = {}  # index → (sheet, row in the workbook)
    next_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        number = next_row.get(row["sheet"], 7)
        positions[index] = (row["sheet"], number)
        next_row[row["sheet"]] = number + 1
    seen: set[tuple[str, str]] = set()
    invalid: dict[int, str] = {}
    for index, row in enumerate(rows):
        key = (squash(row["project"]), squash(row["responsible_unit"]))
        if not key[0]:
            invalid[index] = "ต้องกรอกช่องนี้"
        elif key in seen:
            invalid[index] = "ซ้ำกับ"
        seen.add(key)
    valid = [row for index, row in enumerate(rows) if index not in invalid]
    assert len(valid) == 533  # 15 projects are listed twice in the municipality's workbook

    result = import_proposals(rayong, cycle, Source.LOCAL, p02_workbook(rows), owner=rayong_area)

    assert result.rows == 548 and len(result.sheets) == 33
    assert {(p.sheet, p.row) for p in result.errors} == {positions[i] for i in invalid}
    for problem in result.errors:
        assert problem.column == "B (โครงการ)"
        assert "ซ้ำกับ" in problem.message and "ถ้าเป็นคนละโครงการ" in problem.message
    imported = Proposal.objects.filter(cycle=cycle, reference_code__startswith="L02-21-")
    assert not imported.exists()

    data = p02_workbook(valid)
    result = import_proposals(rayong, cycle, Source.LOCAL, data, owner=rayong_area)

    assert result.ok, [str(p) for p in result.errors[:5]]
    assert result.created == len(valid) == 533
    assert imported.count() == 533
    assert set(imported.values_list("proposer_kind", "funding_channel").distinct()) == {
        (ProposerKind.LOCAL, FundingChannel.LOCAL)
    }
    expected_total = sum(int(r[f"budget_{y}"] or 0) for r in valid for y in YEARS)
    assert sum(p.total_budget for p in imported.prefetch_related("budget_lines")) == expected_total
    first = imported.get(title="กิจกรรมรณรงค์ 3Rs:Reduce Reuse Recycle")
    assert [(b.fiscal_year_be, b.category, b.amount) for b in first.budget_lines.all()] == [
        (year, BudgetCategory.OPERATING, Decimal("50000")) for year in YEARS
    ]
    assert first.responsible_agency == "สำนักสาธารณสุขฯ งานบริการรักษาความสะอาด"
    assert first.objectives.startswith("1. เพื่อรณรงค์") and "\n2. เพื่อเป็นการ" in first.objectives
    assert imported.filter(budget_lines__category=BudgetCategory.INVESTMENT).exists()
    assert imported.filter(budget_lines__isnull=True).exists()  # projects without a budget
    long_list = max(imported.prefetch_related("outputs"), key=lambda p: p.outputs.count())
    assert long_list.outputs.count() >= 20  # a numbered list of 24 targets in one cell

    entries = LogEntry.objects.count()
    again = import_proposals(rayong, cycle, Source.LOCAL, data, owner=rayong_area)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 533)
    assert LogEntry.objects.count() == entries
