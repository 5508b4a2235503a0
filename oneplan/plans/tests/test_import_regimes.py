"""The plan workbook's alignment columns follow the plan's regime (issue 11): a plan under the
2551 regime aligns, through the template and its import, to the 10th and 11th national
plans and the government policy of that period; today's plans keep their four columns."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from oneplan.cycles.models import Regime
from oneplan.plans.importing import (
    SHEET_HELP,
    SHEET_ISSUES,
    alignment_columns,
    build_template,
    import_workbook,
)
from oneplan.plans.models import AlignmentFramework, AlignmentTarget, Plan, PlanEdition, PlanKind
from oneplan.plans.tests.factories import make_plan
from oneplan.plans.tests.test_importing import chain, edited, upload

pytestmark = pytest.mark.django_db

FIXED = ["ลำดับความสำคัญ", "ประเด็นยุทธศาสตร์", "หมวดระดับชาติ"]
TODAY = ["ยุทธศาสตร์ชาติ", "แผนแม่บท", "หมุดหมาย", "SDGs"]
OF_2551 = ["แผนฯ 10", "แผนฯ 11", "นโยบายรัฐบาล"]


def edition_2551() -> PlanEdition:
    """An empty original edition of a Rayong plan under the 2551 regime."""
    regime = Regime.objects.get(code="2551")
    plan = Plan.objects.create(
        kind=PlanKind.PROVINCE,
        province_id="21",
        regime=regime,
        first_year_be=2592,
        last_year_be=2592 + regime.span_years - 1,
        title="แผนพัฒนาจังหวัดระยอง (ทดสอบนำเข้า 2551)",
    )
    return PlanEdition.objects.create(plan=plan, number=0)


def headers(data: bytes, sheet: str = SHEET_ISSUES) -> list[str]:
    return [cell.value for cell in load_workbook(io.BytesIO(data))[sheet][1]]


def target(code: str, number: int) -> AlignmentTarget:
    return AlignmentTarget.objects.get(framework__code=code, number=number)


def aligned(edition: PlanEdition) -> dict[int, set[tuple[str, int]]]:
    """Each issue's alignments by priority: {1: {("nesdp10", 2), …}}."""
    return {
        issue.priority: {(t.framework.code, t.number) for t in issue.alignments.all()}
        for issue in edition.issues.prefetch_related("alignments__framework")
    }


def filled_2551(edition: PlanEdition) -> bytes:
    """The 2551 template with two issues aligned to the 2551 frameworks (D–F)."""
    return edited(
        build_template(edition),
        {
            (SHEET_ISSUES, "A2"): 1,
            (SHEET_ISSUES, "B2"): "เศรษฐกิจอุตสาหกรรมและการท่องเที่ยว",
            (SHEET_ISSUES, "D2"): "3, 5",
            (SHEET_ISSUES, "E2"): "4",
            (SHEET_ISSUES, "F2"): "1, 4",
            (SHEET_ISSUES, "A3"): 2,
            (SHEET_ISSUES, "B3"): "คุณภาพชีวิตและสิ่งแวดล้อม",
            (SHEET_ISSUES, "E3"): "๖",
        },
    )


# --------------------------------------------------------------------------- the columns


def test_the_columns_are_the_frameworks_of_the_regime_in_their_order():
    regime_2551 = Regime.objects.get(code="2551")
    assert alignment_columns(regime_2551) == (
        ("nesdp10", "แผนฯ 10"),
        ("nesdp11", "แผนฯ 11"),
        ("gov-policy-2551", "นโยบายรัฐบาล"),
    )
    assert alignment_columns(Regime.objects.get(code="2566")) == (
        ("ns-2561-2580", "ยุทธศาสตร์ชาติ"),
        ("mp-2561-2580", "แผนแม่บท"),
        ("nesdp13", "หมุดหมาย"),
        ("sdg", "SDGs"),
    )
    # Ordered by the frameworks' order, whatever the links' order.
    codes = [code for code, _ in alignment_columns(regime_2551.pk)]
    assert codes == list(
        AlignmentFramework.objects.filter(regimes=regime_2551)
        .order_by("order", "pk")
        .values_list("code", flat=True)
    )


def test_a_framework_without_a_known_short_header_is_headed_by_its_thai_name():
    regime = Regime.objects.get(code="2551")
    extra = AlignmentFramework.objects.create(
        code="test-plan-2551", name_th="แผนทดสอบ  ระดับชาติ", order=99
    )
    extra.regimes.add(regime)
    same_name = AlignmentFramework.objects.create(
        code="test-same-name", name_th="แผนฯ 10", order=100
    )
    same_name.regimes.add(regime)
    assert alignment_columns(regime)[3:] == (
        ("test-plan-2551", "แผนทดสอบ ระดับชาติ"),
        ("test-same-name", "แผนฯ 10 (test-same-name)"),  # two columns of one header: told apart
    )


def test_the_template_of_a_2551_plan_has_one_column_per_framework_of_its_regime():
    data = build_template(edition_2551())
    assert headers(data) == FIXED + OF_2551
    assert not set(TODAY) & set(headers(data))
    help_rows = [
        [cell.value for cell in row]
        for row in load_workbook(io.BytesIO(data))[SHEET_HELP].iter_rows()
    ]
    explained = {row[1]: row[3] for row in help_rows if row[0] == SHEET_ISSUES}
    assert set(explained) == set(FIXED + OF_2551)
    assert explained["แผนฯ 10"] == (
        "หมายเลขแผนฯ 10 ที่ประเด็นนี้สอดคล้อง คั่นด้วยจุลภาค เช่น 2, 3 (เว้นว่างได้) มีหมายเลข 1–5"
    )
    assert explained["แผนฯ 11"].endswith("มีหมายเลข 1–6")
    assert explained["นโยบายรัฐบาล"].endswith("มีหมายเลข 1–8")


def test_todays_template_keeps_exactly_its_four_columns():
    current = Regime.objects.get(is_current=True)
    assert current.code == "2566"
    data = build_template(make_plan().editions.get())
    assert headers(data) == FIXED + TODAY
    assert load_workbook(io.BytesIO(data))[SHEET_ISSUES]["D2"].value == "2"  # prefilled, as before


# --------------------------------------------------------------------------- the import


def test_a_2551_plan_is_aligned_through_the_workbook_and_the_file_round_trips(demo_user):
    edition = edition_2551()
    user = demo_user("rayong")
    result = import_workbook(user, edition, upload(filled_2551(edition)))
    assert result.ok, result.errors
    assert aligned(edition) == {
        1: {
            ("nesdp10", 3),
            ("nesdp10", 5),
            ("nesdp11", 4),
            ("gov-policy-2551", 1),
            ("gov-policy-2551", 4),
        },
        2: {("nesdp11", 6)},
    }
    issue = edition.issues.get(priority=1)
    assert set(issue.alignments.all()) == {
        target("nesdp10", 3),
        target("nesdp10", 5),
        target("nesdp11", 4),
        target("gov-policy-2551", 1),
        target("gov-policy-2551", 4),
    }
    # The template gives the alignments back in its columns; re-importing it writes nothing.
    again = build_template(edition)
    issues = load_workbook(io.BytesIO(again))[SHEET_ISSUES]
    assert [issues[f"{col}2"].value for col in "DEF"] == ["3, 5", "4", "1, 4"]
    assert [issues[f"{col}3"].value for col in "DEF"] == [None, "6", None]
    entries = LogEntry.objects.count()
    result = import_workbook(user, edition, upload(again))
    assert result.ok, result.errors
    assert not result.changed
    assert LogEntry.objects.count() == entries


def test_a_number_that_is_not_a_target_of_the_framework_is_refused_and_nothing_is_written(
    demo_user,
):
    edition = edition_2551()
    user = demo_user("rayong")
    assert import_workbook(user, edition, upload(filled_2551(edition))).ok
    before = chain(edition)
    data = edited(
        build_template(edition),
        {
            (SHEET_ISSUES, "D2"): "2",  # a change that would be fine on its own
            (SHEET_ISSUES, "D3"): "6",  # the 10th plan has five strategies
            (SHEET_ISSUES, "F3"): "9",  # the policy has eight headings (SDG 9 is not one)
        },
    )
    entries = LogEntry.objects.count()
    result = import_workbook(user, edition, upload(data))
    assert not result.ok
    found = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert found == {
        (SHEET_ISSUES, 3, "D (แผนฯ 10)"): "ไม่มีหมายเลข 6 ในแผนฯ 10 (มีหมายเลข 1–5)",
        (SHEET_ISSUES, 3, "F (นโยบายรัฐบาล)"): "ไม่มีหมายเลข 9 ในนโยบายรัฐบาล (มีหมายเลข 1–8)",
    }
    assert str(result.errors[0]) == (
        "ชีต “ประเด็นยุทธศาสตร์” แถว 3 คอลัมน์ D (แผนฯ 10): ไม่มีหมายเลข 6 ในแผนฯ 10 (มีหมายเลข 1–5)"
    )
    # All or nothing: the valid change of row 2 is not written either.
    assert not result.counts
    assert chain(edition) == before
    assert LogEntry.objects.count() == entries


def test_a_file_of_todays_layout_is_not_read_into_a_2551_plan(demo_user):
    """Today's columns are not the plan's: they are not read, and the plan's own columns
    are missing, as for any column missing from the header row."""
    today = make_plan().editions.get()
    edition = edition_2551()
    result = import_workbook(demo_user("rayong"), edition, upload(build_template(today)))
    messages = [e.message for e in result.errors if e.sheet == SHEET_ISSUES]
    assert messages == [f"ไม่พบคอลัมน์ “{header}” ในแถวหัวตาราง (แถว 1)" for header in OF_2551]
    assert not any(word in str(e) for e in result.errors for word in TODAY)
    assert not edition.issues.exists()


def test_todays_plan_refuses_the_2551_frameworks_numbers_as_before(demo_user):
    """A 2551 file imported into today's plan lacks today's columns."""
    today = make_plan().editions.get()
    before = chain(today)
    data = filled_2551(edition_2551())
    result = import_workbook(demo_user("rayong"), today, upload(data))
    messages = [e.message for e in result.errors if e.sheet == SHEET_ISSUES]
    assert messages == [f"ไม่พบคอลัมน์ “{header}” ในแถวหัวตาราง (แถว 1)" for header in TODAY]
    assert chain(today) == before
