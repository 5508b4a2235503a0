"""A plan's strategic chain in an Excel workbook: the template officials fill in, and its import.

`build_template(edition)` writes an .xlsx in Thai with one sheet per part of the chain
(ประเด็นยุทธศาสตร์, เป้าประสงค์, ตัวชี้วัด, กลยุทธ์, โครงการ) and a sheet that explains every
column; it is prefilled with the edition's current content, so export → edit → re-import
works.

`import_workbook(user, edition, file)` follows the house rule for imports: parse (the
file read by `documents.workbook`, within settings.ONEPLAN_IMPORT_LIMITS["plan"]), validate
every row, report every error (sheet, row, column, message), then write everything
in one transaction or nothing. Rows are matched to what the edition holds by natural keys
(issues by priority; goals, indicators and strategies by code; projects by strategy code
and name); only fields that differ are written, so re-importing the same file writes
nothing. The workbook is the whole chain: components of these five kinds that are not in
the file are deleted (with, through the database's cascades, the value chains of a
deleted issue).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.core.thai import normalize_text, parse_year
from oneplan.documents import workbook, xlsx
from oneplan.documents.registry import XLSX
from oneplan.documents.workbook import (
    CellError,
    Problem,
    cell_text,
    choice,
    clean_code,
    clean_line,
    clean_lines,
    fitting,
    is_blank,
    parse_number,
    shown,
    whole_number,
)
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans import intake
from oneplan.plans.models import (
    ActorKind,
    AlignmentFramework,
    AlignmentTarget,
    Direction,
    Goal,
    Indicator,
    IssueCategory,
    PlanEdition,
    PlanProject,
    StrategicIssue,
    Strategy,
)

T = TypeVar("T")

XLSX_CONTENT_TYPE = XLSX  # what the upload fields accept and the templates are served as

LIMITS = "plan"  # the upload's limits: settings.ONEPLAN_IMPORT_LIMITS["plan"]
VALIDATION_ROWS = 1_000  # how far down the template's drop-down lists reach (at least)

SHEET_HELP = "คำอธิบาย"
SHEET_ISSUES = "ประเด็นยุทธศาสตร์"
SHEET_GOALS = "เป้าประสงค์"
SHEET_INDICATORS = "ตัวชี้วัด"
SHEET_STRATEGIES = "กลยุทธ์"
SHEET_PROJECTS = "โครงการ"
SHEET_LISTS = "รายการเลือก"  # hidden: the values of the drop-down lists
DATA_SHEETS = (SHEET_ISSUES, SHEET_GOALS, SHEET_INDICATORS, SHEET_STRATEGIES, SHEET_PROJECTS)

# The issues sheet has one alignment column per framework of the plan's regime
# (`alignment_columns`). Their short headers: framework code → column header. Today's four
# are the file format users know; a framework not listed here is headed by its Thai name.
ALIGNMENT_HEADERS: dict[str, str] = {
    # the 2566 regime
    "ns-2561-2580": "ยุทธศาสตร์ชาติ",
    "mp-2561-2580": "แผนแม่บท",
    "nesdp13": "หมุดหมาย",
    "sdg": "SDGs",
    # the 2551 regime
    "nesdp10": "แผนฯ 10",
    "nesdp11": "แผนฯ 11",
    "gov-policy-2551": "นโยบายรัฐบาล",
}

# The workbook's words for choices. They are part of the file format, so they are written
# here rather than taken from the UI translation (which may be reworded at any time).
DIRECTION_LABELS: dict[str, str] = {
    Direction.INCREASE: "เพิ่มขึ้น",
    Direction.DECREASE: "ลดลง",
    Direction.MAINTAIN: "คงที่",
}
ACTOR_LABELS: dict[str, str] = {
    ActorKind.MINISTRY: "กระทรวง/กรม",
    ActorKind.AREA: "กลุ่มจังหวัด/จังหวัด",
    ActorKind.LOCAL: "องค์กรปกครองส่วนท้องถิ่น",
    ActorKind.PRIVATE: "ภาคธุรกิจเอกชน",
    ActorKind.CIVIL: "ภาคประชาสังคม/ชุมชน",
}
YES, NO = "ใช่", "ไม่ใช่"
TARGET_PREFIX = "ค่าเป้าหมาย"
TITLE_FONT = Font(name=xlsx.FONT_NAME, size=18, bold=True)

_YES_WORDS = {YES, "y", "yes", "true", "1", "ได้", "✓"}
_NO_WORDS = {NO, "n", "no", "false", "0", "ไม่ได้", "ไม่", "✗"}
_DIRECTION_WORDS: dict[str, str] = {
    **{label: value for value, label in DIRECTION_LABELS.items()},
    **{value: value for value in Direction.values},
    "ยิ่งมากยิ่งดี": Direction.INCREASE,
    "ยิ่งน้อยยิ่งดี": Direction.DECREASE,
    "รักษาระดับ": Direction.MAINTAIN,
}
_ACTOR_WORDS: dict[str, str] = {
    **{label: value for value, label in ACTOR_LABELS.items()},
    **{part: value for value, label in ACTOR_LABELS.items() for part in label.split("/")},
    **{value: value for value in ActorKind.values},
    **{str(label).lower(): value for value, label in ActorKind.choices},
    "อปท.": ActorKind.LOCAL,
    "อปท": ActorKind.LOCAL,
    "เอกชน": ActorKind.PRIVATE,
    "ประชาสังคม": ActorKind.CIVIL,
}

# --------------------------------------------------------------------------- the columns


PLAIN = "0"  # years and priorities: 2569, not 2,569


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str
    required: bool = False
    width: int = 14
    as_text: bool = False  # stored as text, so that Excel keeps "1.10" and "2, 3"
    number_format: str | None = None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]


def _spaced(word: str) -> str:
    """A word to put between Thai words: a Latin (or digit) end gets a space beside it, so
    "SDGs" becomes " SDGs " and "แผนฯ 10" becomes "แผนฯ 10 "."""
    if not word:
        return word
    before = " " if word[0].isascii() else ""
    after = " " if word[-1].isascii() else ""
    return f"{before}{word}{after}"


def _word_in_message(word: str) -> str:
    """A word for a translated message's placeholder: `_spaced` in Thai (whose messages put
    no spaces around it), the word itself in languages that space their words."""
    return _spaced(word) if (get_language() or "th").startswith("th") else word


def _alignment_column(code: str, header: str) -> Column:
    return Column(
        code,
        header,
        f"หมายเลข{_spaced(header)}ที่ประเด็นนี้สอดคล้อง คั่นด้วยจุลภาค เช่น 2, 3 (เว้นว่างได้)",
        width=14,
        as_text=True,
    )


ISSUE_FIXED_COLUMNS: tuple[Column, ...] = (  # then one column per alignment framework
    Column(
        "priority",
        "ลำดับความสำคัญ",
        "เลขลำดับความสำคัญ 1, 2, 3 … (1 = สำคัญที่สุด) ใช้เป็นรหัสของประเด็น ห้ามซ้ำ",
        required=True,
        width=12,
        number_format=PLAIN,
    ),
    Column("title", "ประเด็นยุทธศาสตร์", "ชื่อประเด็นยุทธศาสตร์", required=True, width=50),
    Column("category", "หมวดระดับชาติ", "หมวดของประเด็นในระดับชาติ เลือกจากรายการในเซลล์", width=30),
)
GOAL_COLUMNS: tuple[Column, ...] = (
    Column("code", "รหัส", "รหัสเป้าประสงค์ เช่น 1.1 ห้ามซ้ำ", required=True, as_text=True),
    Column(
        "issue",
        "ประเด็นยุทธศาสตร์",
        "ลำดับความสำคัญของประเด็นยุทธศาสตร์ที่เป้าประสงค์นี้สังกัด เช่น 1",
        required=True,
        number_format=PLAIN,
    ),
    Column("text", "เป้าประสงค์", "ข้อความเป้าประสงค์", required=True, width=60),
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("code", "รหัส", "รหัสตัวชี้วัด เช่น 1.1.1 ห้ามซ้ำ", required=True, as_text=True),
    Column(
        "goal",
        "เป้าประสงค์",
        "รหัสเป้าประสงค์ที่ตัวชี้วัดนี้วัด เช่น 1.1 (ต้องมีในชีตเป้าประสงค์)",
        as_text=True,
    ),
    Column("name", "ตัวชี้วัด", "ชื่อตัวชี้วัด", required=True, width=50),
    Column("unit", "หน่วยนับ", "หน่วยนับ เช่น ร้อยละ ล้านบาท ครัวเรือน"),
    Column("baseline", "ค่าฐาน", "ค่าฐาน (ตัวเลข)"),
    Column("baseline_year", "ปีฐาน (พ.ศ.)", "ปี พ.ศ. ของค่าฐาน เช่น 2565", number_format=PLAIN),
    Column("direction", "ทิศทาง", "เพิ่มขึ้น ลดลง หรือคงที่ (ว่าง = เพิ่มขึ้น)", width=12),
    Column("data_source", "แหล่งข้อมูล", "หน่วยงานหรือแหล่งของข้อมูล", width=30),
    Column(
        "controllable",
        "จังหวัดควบคุมได้",
        "ใช่ ถ้าจังหวัด (หรือกลุ่มจังหวัด) มีผลต่อค่าตัวชี้วัดได้, ไม่ใช่ ถ้าไม่ได้ เช่น GPP (ว่าง = ใช่)",
        width=16,
    ),
)
STRATEGY_COLUMNS: tuple[Column, ...] = (
    Column("code", "รหัส", "รหัสกลยุทธ์ เช่น 1.1 ห้ามซ้ำ", required=True, as_text=True),
    Column(
        "issue",
        "ประเด็นยุทธศาสตร์",
        "ลำดับความสำคัญของประเด็นยุทธศาสตร์ที่กลยุทธ์นี้สังกัด เช่น 1",
        required=True,
        number_format=PLAIN,
    ),
    Column("text", "กลยุทธ์", "ข้อความกลยุทธ์", required=True, width=60),
)
PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("name", "ชื่อโครงการ", "ชื่อแผนงานหรือโครงการ", required=True, width=50),
    Column(
        "strategy",
        "กลยุทธ์",
        "รหัสกลยุทธ์ที่โครงการนี้สนับสนุน เช่น 1.1 (ต้องมีในชีตกลยุทธ์)",
        as_text=True,
    ),
    Column("actor", "ผู้ดำเนินการ", "ผู้ดำเนินการ เลือกจากรายการในเซลล์ (ว่าง = กลุ่มจังหวัด/จังหวัด)", width=24),
    Column("responsible", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบโครงการ", width=30),
    Column("budget", "งบประมาณ (บาท)", "งบประมาณรวม หน่วยบาท", width=16, number_format="#,##0.00"),
    Column(
        "first_year",
        "ปีเริ่ม",
        "ปีงบประมาณ พ.ศ. ที่เริ่ม (ต้องอยู่ในช่วงปีของแผน)",
        width=10,
        number_format=PLAIN,
    ),
    Column(
        "last_year",
        "ปีสิ้นสุด",
        "ปีงบประมาณ พ.ศ. ที่สิ้นสุด (ต้องอยู่ในช่วงปีของแผน)",
        width=10,
        number_format=PLAIN,
    ),
)


def alignment_columns(regime: Any) -> tuple[tuple[str, str], ...]:
    """The alignment columns of a plan under `regime` (a Regime or its pk): (framework code,
    column header) for each framework linked to the regime, by the frameworks' order."""
    frameworks = (
        AlignmentFramework.objects.filter(regimes=regime)
        .order_by("order", "pk")
        .values_list("code", "name_th")
    )
    taken = {workbook.match_key(column.header) for column in ISSUE_FIXED_COLUMNS}
    columns: list[tuple[str, str]] = []
    for code, name in frameworks:
        header = ALIGNMENT_HEADERS.get(code) or clean_line(name) or code
        if workbook.match_key(header) in taken:  # two frameworks of one name: tell them apart
            header = f"{header} ({code})"
        taken.add(workbook.match_key(header))
        columns.append((code, header))
    return tuple(columns)


def issue_columns(alignments: Iterable[tuple[str, str]]) -> tuple[Column, ...]:
    """The issues sheet's columns: the fixed ones, then the given alignment columns."""
    return ISSUE_FIXED_COLUMNS + tuple(
        _alignment_column(code, header) for code, header in alignments
    )


def target_column(year: int) -> Column:
    return Column(
        f"target:{year}",
        f"{TARGET_PREFIX} {year}",
        f"ค่าเป้าหมายของปีงบประมาณ พ.ศ. {year} (ตัวเลข; ว่าง = ไม่มีค่าเป้าหมายปีนั้น)",
        width=14,
    )


def sheet_specs(
    years: Iterable[int], alignments: Iterable[tuple[str, str]]
) -> tuple[SheetSpec, ...]:
    """The five data sheets, their columns in order; the issues get one per alignment
    framework (`alignment_columns` of the plan's regime), the indicators one per plan year."""
    return (
        SheetSpec(SHEET_ISSUES, issue_columns(alignments)),
        SheetSpec(SHEET_GOALS, GOAL_COLUMNS),
        SheetSpec(SHEET_INDICATORS, INDICATOR_COLUMNS + tuple(target_column(y) for y in years)),
        SheetSpec(SHEET_STRATEGIES, STRATEGY_COLUMNS),
        SheetSpec(SHEET_PROJECTS, PROJECT_COLUMNS),
    )


# --------------------------------------------------------------------------- results


@dataclass
class SheetCounts:
    sheet: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)  # by sheet name
    notes: list[str] = field(default_factory=list)  # e.g. a C.E. year read and converted

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())


# --------------------------------------------------------------------------- the template


def build_template(edition: PlanEdition) -> bytes:
    """The .xlsx workbook officials fill in, prefilled with the edition's strategic chain."""
    alignments = alignment_columns(edition.plan.regime_id)
    specs = sheet_specs(edition.plan.years, alignments)
    rows = _template_rows(edition, alignments)
    workbook = xlsx.new_workbook()
    help_sheet = workbook.create_sheet(SHEET_HELP)
    data_sheets = [
        xlsx.add_sheet(
            workbook,
            spec.name,
            [column.header for column in spec.columns],
            rows[spec.name],
            widths=[column.width for column in spec.columns],
        )
        for spec in specs
    ]
    lists = _write_lists(workbook.create_sheet(SHEET_LISTS))
    for sheet, spec in zip(data_sheets, specs, strict=True):
        _format_columns(sheet, spec, len(rows[spec.name]))
        _add_validations(sheet, spec, lists, len(rows[spec.name]))
    _write_help(help_sheet, edition, specs, alignments)
    workbook.active = 0
    return xlsx.to_bytes(workbook)


def template_filename(edition: PlanEdition) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', " ", edition.plan.title).strip()
    return f"แม่แบบนำเข้าแผน-{name}.xlsx"


def _write_lists(sheet: Worksheet) -> dict[str, str]:
    """The drop-down values on a hidden sheet; returns column key → range formula."""
    sheet.sheet_state = "hidden"
    values: dict[str, list[str]] = {
        "category": list(
            IssueCategory.objects.order_by("order", "pk").values_list("name_th", flat=True)
        ),
        "direction": list(DIRECTION_LABELS.values()),
        "controllable": [YES, NO],
        "actor": list(ACTOR_LABELS.values()),
    }
    formulas: dict[str, str] = {}
    for col, (key, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col, value=key)
        for row, item in enumerate(items, start=2):
            xlsx.write_cell(sheet.cell(row=row, column=col), item)
        last = max(len(items) + 1, 2)
        formulas[key] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${last}"
    return formulas


def _format_columns(sheet: Worksheet, spec: SheetSpec, filled: int) -> None:
    """Codes and number lists as text (so Excel keeps "1.10" and "2, 3"), years plain."""
    for col, column in enumerate(spec.columns, start=1):
        fmt = "@" if column.as_text else column.number_format
        if fmt is None:
            continue
        sheet.column_dimensions[get_column_letter(col)].number_format = fmt
        for row in range(2, filled + 2):
            sheet.cell(row=row, column=col).number_format = fmt


def _add_validations(sheet: Worksheet, spec: SheetSpec, lists: dict[str, str], filled: int) -> None:
    last_row = max(VALIDATION_ROWS, filled + 500)
    for col, column in enumerate(spec.columns, start=1):
        if column.key not in lists:
            continue
        validation = DataValidation(
            type="list",
            formula1=lists[column.key],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="ค่าไม่อยู่ในรายการ",
            error=f"กรุณาเลือก{column.header}จากรายการ",
        )
        letter = get_column_letter(col)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _excel_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _alignment_text(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


def _template_rows(
    edition: PlanEdition, alignments: Sequence[tuple[str, str]]
) -> dict[str, list[list[Any]]]:
    """The edition's current chain as the rows of each data sheet, in display order."""
    years = edition.plan.years
    issues = (
        edition.issues.select_related("category")
        .prefetch_related("alignments__framework")
        .order_by("priority", "pk")
    )
    issue_rows = []
    for issue in issues:
        by_framework: dict[str, list[int]] = {}
        for target in issue.alignments.all():
            by_framework.setdefault(target.framework.code, []).append(target.number)
        issue_rows.append(
            [
                issue.priority,
                issue.title,
                issue.category.name_th if issue.category else None,
                *(_alignment_text(by_framework.get(code, [])) or None for code, _ in alignments),
            ]
        )
    goal_rows = [
        [goal.number, goal.issue.priority, goal.text]
        for goal in edition.goals.select_related("issue").order_by("order", "pk")
    ]
    indicator_rows = []
    indicators = edition.indicators.select_related("goal").prefetch_related("targets")
    for indicator in indicators.order_by("order", "pk"):
        targets = indicator.target_map()
        indicator_rows.append(
            [
                indicator.number,
                indicator.goal.number if indicator.goal else None,
                indicator.name,
                indicator.unit or None,
                _excel_number(indicator.baseline),
                indicator.baseline_year_be,
                DIRECTION_LABELS.get(indicator.direction, indicator.direction),
                indicator.data_source or None,
                YES if indicator.controllable else NO,
                *(_excel_number(targets.get(year)) for year in years),
            ]
        )
    strategy_rows = [
        [strategy.number, strategy.issue.priority, strategy.text]
        for strategy in edition.strategies.select_related("issue").order_by("order", "pk")
    ]
    project_rows = [
        [
            project.name,
            project.strategy.number if project.strategy else None,
            ACTOR_LABELS.get(project.actor, project.actor),
            project.responsible or None,
            _excel_number(project.budget),
            project.first_year_be,
            project.last_year_be,
        ]
        for project in edition.projects.select_related("strategy").order_by("order", "pk")
    ]
    return {
        SHEET_ISSUES: issue_rows,
        SHEET_GOALS: goal_rows,
        SHEET_INDICATORS: indicator_rows,
        SHEET_STRATEGIES: strategy_rows,
        SHEET_PROJECTS: project_rows,
    }


def _target_ranges(alignments: Sequence[tuple[str, str]]) -> dict[str, str]:
    """For the help sheet: the numbers each alignment framework has ("1–6")."""
    ranges: dict[str, str] = {}
    for code, _header in alignments:
        numbers = sorted(
            AlignmentTarget.objects.filter(framework__code=code).values_list("number", flat=True)
        )
        ranges[code] = f"{numbers[0]}–{numbers[-1]}" if numbers else "-"
    return ranges


def _write_help(
    sheet: Worksheet,
    edition: PlanEdition,
    specs: tuple[SheetSpec, ...],
    alignments: Sequence[tuple[str, str]],
) -> None:
    plan = edition.plan
    edition_name = (
        "ฉบับแรก" if edition.number == 0 else f"ฉบับทบทวน ปี พ.ศ. {edition.review_year_be or ''}"
    )
    intro = [
        f"แม่แบบนำเข้าห่วงโซ่ยุทธศาสตร์: {plan.title} ({edition_name})",
        f"ปีของแผน: พ.ศ. {plan.first_year_be}–{plan.last_year_be}",
        "",
        "1. กรอกข้อมูลในชีต "
        + " ".join(f"“{name}”" for name in DATA_SHEETS)
        + " แถวที่ 1 เป็นหัวตาราง ห้ามแก้ชื่อหัวตารางหรือชื่อชีต",
        "2. ไฟล์นี้คือห่วงโซ่ยุทธศาสตร์ทั้งหมดของแผนฉบับนี้: รายการที่มีในระบบแต่ไม่อยู่ในไฟล์ จะถูกลบเมื่อนำเข้า",
        "3. ระบบจับคู่แถวกับข้อมูลเดิมด้วย ลำดับความสำคัญ (ประเด็นยุทธศาสตร์) รหัส (เป้าประสงค์"
        " ตัวชี้วัด กลยุทธ์) และรหัสกลยุทธ์กับชื่อโครงการ (โครงการ)",
        "4. ปีให้กรอกเป็น พ.ศ. ถ้ากรอกเป็น ค.ศ. ระบบจะแปลงให้และแจ้งไว้ในผลการนำเข้า",
        "5. ตัวเลขใช้เลขไทยหรือเลขอารบิกได้ มีจุลภาคคั่นหลักพันได้ เช่น ๑,๒๕๐ หรือ 1,250",
        "6. ถ้ามีข้อผิดพลาดแม้แต่จุดเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงข้อผิดพลาดทั้งหมด"
        " (ชีต แถว คอลัมน์) ให้แก้ไขแล้วนำเข้าใหม่",
        "7. นำเข้าไฟล์เดิมซ้ำได้ ระบบจะไม่เปลี่ยนแปลงข้อมูลที่เหมือนเดิม",
        "",
    ]
    for line in intro:
        sheet.append([line or None])
    for row, line in enumerate(intro, start=1):
        cell = xlsx.write_cell(sheet.cell(row=row, column=1), line or None)
        cell.font = TITLE_FONT if row == 1 else xlsx.BODY_FONT
    header_row = len(intro) + 1
    xlsx.write_row(sheet, header_row, ["ชีต", "คอลัมน์", "ต้องกรอก", "คำอธิบาย"], header=True)
    ranges = _target_ranges(alignments)
    row = header_row
    for spec in specs:
        for column in spec.columns:
            text = column.help
            if column.key in ranges:
                text += f" มีหมายเลข {ranges[column.key]}"
            row += 1
            xlsx.write_row(
                sheet, row, [spec.name, column.header, YES if column.required else None, text]
            )
    for letter, width in zip("ABCD", (20, 22, 10, 90), strict=True):
        sheet.column_dimensions[letter].width = width


# --------------------------------------------------------------------------- reading the file


@dataclass
class _Sheet:
    """One data sheet as read: the header row (row 1) and the rows with content."""

    name: str
    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number, cell values)


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


TEMPLATE_HINT = gettext_lazy("Please use the template downloaded from the system")


def _read_sheets(book: workbook.Workbook) -> dict[str, _Sheet]:
    """The data sheets present in the workbook, their header in row 1 (within the limits)."""
    sheets: dict[str, _Sheet] = {}
    for name in DATA_SHEETS:
        sheet = book.sheet(name)
        if sheet is None:
            continue
        top = sheet.top(1)
        headers = [workbook.title_text(value) for value in (top[0] if top else ())]
        sheets[name] = _Sheet(name, headers, list(sheet.rows(2, as_shown=True)))
    return sheets


# --------------------------------------------------------------------------- converting cells


def _fit(value: Decimal, places: int, digits: int, original: Any) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    if abs(value) >= Decimal(10) ** (digits - places):
        raise CellError(_("“%(value)s” is too large") % {"value": shown(original)})
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def measure(value: Any) -> Decimal:
    """A baseline or target value (20 digits, 4 decimal places)."""
    return _fit(parse_number(value), 4, 20, value)


def baht(value: Any) -> Decimal:
    """A budget in baht: not below zero."""
    return workbook.money(value, what=_("The budget"))


direction_of = choice(_DIRECTION_WORDS, " / ".join(DIRECTION_LABELS.values()))
actor_of = choice(_ACTOR_WORDS, " / ".join(ACTOR_LABELS.values()))


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_line(value).lower()
    if text in _YES_WORDS:
        return True
    if text in _NO_WORDS:
        return False
    raise CellError(
        _("“%(value)s” must be %(yes)s or %(no)s") % {"value": shown(value), "yes": YES, "no": NO}
    )


# --------------------------------------------------------------------------- validating


@dataclass
class IssueRow:
    """A strategic-issue row parsed into the intake's draft."""

    row: int
    draft: intake.IssueDraft


@dataclass
class GoalRow:
    """A goal (or strategy) row parsed into the intake's draft, with its issue's priority."""

    row: int
    issue: int
    draft: intake.GoalDraft


@dataclass
class IndicatorRow:
    """An indicator row parsed into the intake's draft, with the code of its goal's row."""

    row: int
    goal: str | None
    draft: intake.IndicatorDraft


# Where an intake problem of an indicator draft is shown: its field → the sheet's column.
DRAFT_COLUMNS = {
    "number": "code",
    "name": "name",
    "direction": "direction",
    "baseline_year_be": "baseline_year",
}


@dataclass
class StrategyRow(GoalRow):
    draft: intake.StrategyDraft


@dataclass
class ProjectRow:
    row: int
    name: str
    strategy: str | None
    actor: str
    responsible: str
    budget: Decimal | None
    first_year_be: int | None
    last_year_be: int | None


@dataclass
class ParsedWorkbook:
    issues: list[IssueRow] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    target_years: list[int] = field(default_factory=list)  # the year columns in the file
    strategies: list[StrategyRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)


_MISSING = object()


class _Row:
    """One row of a sheet, with where each column is."""

    def __init__(
        self, sheet: _Sheet, number: int, values: Sequence[Any], layout: dict[str, int]
    ) -> None:
        self.sheet = sheet
        self.number = number
        self.values = values
        self.layout = layout

    def raw(self, key: str) -> Any:
        index = self.layout.get(key)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def column(self, key: str) -> str:
        index = self.layout[key]
        return f"{get_column_letter(index + 1)} ({self.sheet.headers[index]})"


class Validator:
    """Reads the sheets into rows, collecting every problem instead of stopping at the first."""

    def __init__(self, edition: PlanEdition) -> None:
        self.plan = edition.plan
        self.years = self.plan.years
        self.errors: list[Problem] = []
        self.notes: list[str] = []
        self.categories: dict[str, int] = {}
        for pk, code, name in IssueCategory.objects.values_list("pk", "code", "name_th"):
            self.categories[normalize_text(name).lower()] = pk
            self.categories[normalize_text(code).lower()] = pk
        # One column per framework of the plan's regime; a column of another regime's
        # framework (a file of another period's layout) is not one of them, so not read.
        self.alignment_columns = alignment_columns(self.plan.regime_id)
        self.targets: dict[str, dict[int, int]] = {code: {} for code, _ in self.alignment_columns}
        rows = AlignmentTarget.objects.filter(  # only the frameworks of the plan's regime
            framework__code__in=list(self.targets), framework__regimes=self.plan.regime_id
        )
        for pk, code, number in rows.values_list("pk", "framework__code", "number"):
            self.targets[code][number] = pk

    # ---- bookkeeping

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(Problem(sheet, row, column, message))

    def read(
        self,
        row: _Row,
        key: str,
        convert: Callable[[Any], T],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        """The converted cell, or `default` when blank or wrong (and the problem noted)."""
        value = row.raw(key)
        if is_blank(value):
            if required:
                self.problem(
                    row.sheet.name, row.number, row.column(key), _("This cell must be filled in")
                )
                return _MISSING
            return default
        try:
            return convert(value)
        except CellError as exc:
            self.problem(row.sheet.name, row.number, row.column(key), exc.message)
            return _MISSING

    def year(self, row: _Row, key: str, *, in_plan: bool) -> int | object | None:
        value = row.raw(key)
        if is_blank(value):
            return None
        where = row.column(key)
        try:
            parsed = parse_year(cell_text(value))
        except (ValueError, CellError) as exc:
            self.problem(row.sheet.name, row.number, where, getattr(exc, "message", str(exc)))
            return _MISSING
        if parsed.era_given == "CE":
            self.notes.append(
                _("Sheet “%(sheet)s” row %(row)s column %(column)s: %(explanation)s")
                % {
                    "sheet": row.sheet.name,
                    "row": row.number,
                    "column": where,
                    "explanation": parsed.explanation,
                }
            )
        first, last = self.years[0], self.years[-1]
        if in_plan and not first <= parsed.be <= last:
            self.problem(
                row.sheet.name,
                row.number,
                where,
                _("The year B.E. %(year)s is outside the plan's years (B.E. %(first)s–%(last)s)")
                % {"year": parsed.be, "first": first, "last": last},
            )
            return _MISSING
        # A baseline year (not `in_plan`) after the plan: the intake's rule of the indicator.
        return parsed.be

    def category(self, value: Any) -> int:
        text = clean_line(value).lower()
        if text not in self.categories:
            raise CellError(
                _("No national category “%(value)s”; please choose from the list in the cell")
                % {"value": shown(value)}
            )
        return self.categories[text]

    def alignments(self, code: str, header: str) -> Callable[[Any], frozenset[int]]:
        known = self.targets[code]

        def convert(value: Any) -> frozenset[int]:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            text = normalize_text(cell_text(value), arabic_digits=True)
            parts = [p for p in re.split(r"[,\s;/、]+", text) if p]
            pks: set[int] = set()
            for part in parts:
                if not part.isdigit():
                    raise CellError(
                        _(
                            "“%(value)s” must be numbers of %(header)s separated by commas,"
                            " e.g. 2, 3"
                        )
                        % {"value": shown(value), "header": _word_in_message(header)}
                    )
                number = int(part)
                if number not in known:
                    span = (
                        _(" (numbers %(first)s–%(last)s exist)")
                        % {"first": min(known), "last": max(known)}
                        if known
                        else ""
                    )
                    message = _("There is no number %(number)s in %(header)s%(span)s") % {
                        "number": number,
                        "header": _word_in_message(header),
                        "span": span,
                    }
                    raise CellError(normalize_text(message))
                pks.add(known[number])
            return frozenset(pks)

        return convert

    # ---- the sheets

    def layout(self, sheet: _Sheet, spec: SheetSpec) -> dict[str, int] | None:
        """Where each column is, found by its header; None when a required one is missing."""
        wanted = {c.header: c.key for c in spec.columns if not c.key.startswith("target:")}
        layout = workbook.match_columns(dict(enumerate(sheet.headers)), wanted)
        complete = True
        for column in spec.columns:
            if column.key.startswith("target:"):
                continue
            if column.key not in layout:
                self.problem(
                    sheet.name,
                    1,
                    "",
                    _("No column “%(header)s” in the header row (row 1)")
                    % {"header": column.header},
                )
                complete = False
        return layout if complete else None

    def target_layout(self, sheet: _Sheet, layout: dict[str, int]) -> list[int]:
        """The indicator sheet's "ค่าเป้าหมาย <year>" columns, added to the layout."""
        years: list[int] = []
        for index, header in enumerate(sheet.headers):
            if not header.startswith(TARGET_PREFIX):
                continue
            where = f"{get_column_letter(index + 1)} ({header})"
            try:
                parsed = parse_year(header.removeprefix(TARGET_PREFIX).strip())
            except ValueError as exc:
                self.problem(sheet.name, 1, where, str(exc))
                continue
            if parsed.era_given == "CE":
                self.notes.append(
                    _("Sheet “%(sheet)s” column header %(column)s: %(explanation)s")
                    % {"sheet": sheet.name, "column": where, "explanation": parsed.explanation}
                )
            outside = intake.target_year_problems([parsed.be], self.years)
            for problem in outside:
                self.problem(sheet.name, 1, where, problem.message)
            if outside:
                continue
            if parsed.be in years:
                self.problem(
                    sheet.name,
                    1,
                    where,
                    _("The target column of the year %(year)s appears twice") % {"year": parsed.be},
                )
            else:
                years.append(parsed.be)
                layout[f"target:{parsed.be}"] = index
        return years

    def validate(self, sheets: dict[str, _Sheet]) -> ParsedWorkbook:
        parsed = ParsedWorkbook()
        specs = {spec.name: spec for spec in sheet_specs(self.years, self.alignment_columns)}
        layouts: dict[str, dict[str, int]] = {}
        for name in DATA_SHEETS:
            if name not in sheets:
                self.problem(
                    name,
                    None,
                    "",
                    _(
                        "No sheet “%(sheet)s” in the file. Please use the template downloaded"
                        " from the system"
                    )
                    % {"sheet": name},
                )
                continue
            layout = self.layout(sheets[name], specs[name])
            if layout is not None:
                layouts[name] = layout
        if SHEET_INDICATORS in layouts:
            parsed.target_years = self.target_layout(
                sheets[SHEET_INDICATORS], layouts[SHEET_INDICATORS]
            )

        def rows(name: str) -> list[_Row]:
            if name not in layouts:
                return []
            sheet = sheets[name]
            return [_Row(sheet, number, values, layouts[name]) for number, values in sheet.rows]

        # Keys seen, even on rows with other problems, so one mistake is reported once.
        issue_keys = self._issues(rows(SHEET_ISSUES), parsed)
        goal_keys = self._goals(rows(SHEET_GOALS), parsed, issue_keys, SHEET_ISSUES in layouts)
        self._indicators(rows(SHEET_INDICATORS), parsed, goal_keys, SHEET_GOALS in layouts)
        strategy_keys = self._strategies(
            rows(SHEET_STRATEGIES), parsed, issue_keys, SHEET_ISSUES in layouts
        )
        self._projects(rows(SHEET_PROJECTS), parsed, strategy_keys, SHEET_STRATEGIES in layouts)
        return parsed

    def _duplicate(self, row: _Row, key: str, seen: dict[Any, int], value: Any, what: str) -> bool:
        if value in seen:
            self.problem(
                row.sheet.name,
                row.number,
                row.column(key),
                _("%(what)s repeats row %(row)s") % {"what": what, "row": seen[value]},
            )
            return True
        seen[value] = row.number
        return False

    def _reference(
        self, row: _Row, key: str, value: Any, known: dict[Any, int], check: bool, message: str
    ) -> None:
        """A reference to another sheet's key (checked only when that sheet could be read)."""
        if value is not _MISSING and value is not None and check and value not in known:
            self.problem(row.sheet.name, row.number, row.column(key), message)

    def _issues(self, rows: list[_Row], parsed: ParsedWorkbook) -> dict[int, int]:
        seen: dict[int, int] = {}
        for row in rows:
            before = len(self.errors)
            priority = self.read(row, "priority", whole_number, required=True)
            if priority is not _MISSING:
                self._duplicate(
                    row, "priority", seen, priority, _("Priority %(n)s") % {"n": priority}
                )
            title = self.read(
                row, "title", fitting(clean_line, StrategicIssue, "title"), required=True
            )
            category = self.read(row, "category", self.category)
            alignment_ids: set[int] = set()
            for code, header in self.alignment_columns:
                ids = self.read(row, code, self.alignments(code, header), default=frozenset())
                if ids is not _MISSING:
                    alignment_ids |= ids
            if len(self.errors) == before:
                parsed.issues.append(
                    IssueRow(
                        row.number,
                        intake.IssueDraft(
                            priority=priority,
                            title=title,
                            category_id=category,
                            alignment_ids=frozenset(alignment_ids),
                        ),
                    )
                )
        return seen

    def _goals(
        self, rows: list[_Row], parsed: ParsedWorkbook, issues: dict[int, int], check: bool
    ) -> dict[str, int]:
        seen: dict[str, int] = {}
        for row in rows:
            before = len(self.errors)
            code = self.read(row, "code", fitting(clean_code, Goal, "number"), required=True)
            if code is not _MISSING:
                self._duplicate(row, "code", seen, code, _("Code %(code)s") % {"code": code})
            issue = self.read(row, "issue", whole_number, required=True)
            self._reference(
                row,
                "issue",
                issue,
                issues,
                check,
                _("No strategic issue of priority %(n)s in the sheet “%(sheet)s”")
                % {"n": issue, "sheet": SHEET_ISSUES},
            )
            text = self.read(row, "text", clean_lines, required=True)
            if len(self.errors) == before:
                draft = intake.GoalDraft(issue_id=None, number=code, text=text)
                parsed.goals.append(GoalRow(row.number, issue, draft))
        return seen

    def _indicators(
        self, rows: list[_Row], parsed: ParsedWorkbook, goals: dict[str, int], check: bool
    ) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            before = len(self.errors)
            code = self.read(row, "code", fitting(clean_code, Indicator, "number"), required=True)
            if code is not _MISSING:
                self._duplicate(row, "code", seen, code, _("Code %(code)s") % {"code": code})
            goal = self.read(row, "goal", clean_code)
            self._reference(
                row,
                "goal",
                goal,
                goals,
                check,
                _("No goal with the code %(code)s in the sheet “%(sheet)s”")
                % {"code": goal, "sheet": SHEET_GOALS},
            )
            name = self.read(row, "name", fitting(clean_line, Indicator, "name"), required=True)
            unit = self.read(row, "unit", fitting(clean_line, Indicator, "unit"), default="")
            baseline = self.read(row, "baseline", measure)
            baseline_year = self.year(row, "baseline_year", in_plan=False)
            direction = self.read(row, "direction", direction_of, default=Direction.INCREASE)
            data_source = self.read(
                row, "data_source", fitting(clean_line, Indicator, "data_source"), default=""
            )
            controllable = self.read(row, "controllable", yes_no, default=True)
            targets = {
                year: self.read(row, f"target:{year}", measure) for year in parsed.target_years
            }
            if len(self.errors) > before:
                continue
            draft = intake.IndicatorDraft(
                goal_id=None,
                number=code,
                name=name,
                unit=unit,
                baseline=baseline,
                baseline_year_be=baseline_year,
                direction=direction,
                data_source=data_source,
                controllable=controllable,
                targets=targets,
            )
            for problem in intake.indicator_field_problems(draft, self.plan):
                where = row.column(DRAFT_COLUMNS[problem.column])
                self.problem(row.sheet.name, row.number, where, problem.message)
            if len(self.errors) == before:
                parsed.indicators.append(IndicatorRow(row.number, goal, draft))

    def _strategies(
        self, rows: list[_Row], parsed: ParsedWorkbook, issues: dict[int, int], check: bool
    ) -> dict[str, int]:
        seen: dict[str, int] = {}
        for row in rows:
            before = len(self.errors)
            code = self.read(row, "code", fitting(clean_code, Strategy, "number"), required=True)
            if code is not _MISSING:
                self._duplicate(row, "code", seen, code, _("Code %(code)s") % {"code": code})
            issue = self.read(row, "issue", whole_number, required=True)
            self._reference(
                row,
                "issue",
                issue,
                issues,
                check,
                _("No strategic issue of priority %(n)s in the sheet “%(sheet)s”")
                % {"n": issue, "sheet": SHEET_ISSUES},
            )
            text = self.read(row, "text", clean_lines, required=True)
            if len(self.errors) == before:
                draft = intake.StrategyDraft(issue_id=None, number=code, text=text)
                parsed.strategies.append(StrategyRow(row.number, issue, draft))
        return seen

    def _projects(
        self, rows: list[_Row], parsed: ParsedWorkbook, strategies: dict[str, int], check: bool
    ) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            before = len(self.errors)
            name = self.read(row, "name", fitting(clean_line, PlanProject, "name"), required=True)
            strategy = self.read(row, "strategy", clean_code)
            self._reference(
                row,
                "strategy",
                strategy,
                strategies,
                check,
                _("No strategy with the code %(code)s in the sheet “%(sheet)s”")
                % {"code": strategy, "sheet": SHEET_STRATEGIES},
            )
            if name is not _MISSING and strategy is not _MISSING:
                label = _("The project “%(name)s” under strategy %(strategy)s") % {
                    "name": shown(name),
                    "strategy": strategy or _("(not given)"),
                }
                self._duplicate(row, "name", seen, (strategy or "", name), label)
            actor = self.read(row, "actor", actor_of, default=ActorKind.AREA)
            responsible = self.read(
                row, "responsible", fitting(clean_line, PlanProject, "responsible"), default=""
            )
            budget = self.read(row, "budget", baht)
            first = self.year(row, "first_year", in_plan=True)
            last = self.year(row, "last_year", in_plan=True)
            if isinstance(first, int) and isinstance(last, int) and first > last:
                self.problem(
                    row.sheet.name,
                    row.number,
                    row.column("last_year"),
                    _("The last year (B.E. %(last)s) comes before the first (B.E. %(first)s)")
                    % {"last": last, "first": first},
                )
            if len(self.errors) == before:
                parsed.projects.append(
                    ProjectRow(row.number, name, strategy, actor, responsible, budget, first, last)
                )


# --------------------------------------------------------------------------- writing


def _require_editable(user: Any, edition: PlanEdition) -> None:
    """The intake's rule of a locked edition (its message, as the form and the API give it),
    then the policy."""
    for problem in intake.locked_problem(edition):
        raise ValidationError(problem.message, code="locked")
    if not policy.can(user, Action.CHANGE, edition):
        raise PermissionDenied(_("You may not change this edition of the plan."))


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, str) and isinstance(new, str):
        return clean_lines(current) == clean_lines(new)
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        if current is None or new is None:
            return current is new
        return Decimal(current) == Decimal(new)
    return current == new


def _update(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set the fields that differ and save only those; True when something was written."""
    changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _reorder(objects: list[Any]) -> list[Any]:
    """Give the objects, in file order, increasing (order, pk), changing as few as possible.

    The display order is (order, pk): an object already after its predecessor keeps its
    value, a new one or one out of place gets the next number. Returns the saved objects
    whose order changed.
    """
    moved: list[Any] = []
    last: tuple[int, float] | None = None
    for obj in objects:
        key = (obj.order, obj.pk) if obj.pk is not None else None
        if key is None or (last is not None and key <= last):
            obj.order = 1 if last is None else last[0] + 1
            if obj.pk is not None:
                moved.append(obj)
            key = (obj.order, obj.pk if obj.pk is not None else math.inf)
        last = key
    return moved


def _first_by(objects: Iterable[T], key: Callable[[T], Any]) -> tuple[dict[Any, T], list[T]]:
    """Index objects by a natural key; later objects with the same key are left over."""
    index: dict[Any, T] = {}
    extra: list[T] = []
    for obj in objects:
        if index.setdefault(key(obj), obj) is not obj:
            extra.append(obj)
    return index, extra


def _code_of(obj: Goal | Strategy | Indicator) -> str:
    return clean_code(obj.number)


def _project_key(project: PlanProject) -> tuple[str, str]:
    strategy = clean_code(project.strategy.number) if project.strategy else ""
    return strategy, normalize_text(project.name)


class _Tally:
    """What happened to each sheet's rows; an object saved twice is counted once."""

    def __init__(self) -> None:
        self.created = dict.fromkeys(DATA_SHEETS, 0)
        self.deleted = dict.fromkeys(DATA_SHEETS, 0)
        self.kept: dict[str, set[int]] = {name: set() for name in DATA_SHEETS}
        self.updated: dict[str, set[int]] = {name: set() for name in DATA_SHEETS}

    def kept_as(self, sheet: str, obj: models.Model, updated: bool) -> None:
        self.kept[sheet].add(obj.pk)
        if updated:
            self.updated[sheet].add(obj.pk)

    def counts(self) -> dict[str, SheetCounts]:
        return {
            name: SheetCounts(
                name,
                created=self.created[name],
                updated=len(self.updated[name]),
                deleted=self.deleted[name],
                unchanged=len(self.kept[name] - self.updated[name]),
            )
            for name in DATA_SHEETS
        }


def _save_in_order(objects: list[Any], sheet: str, tally: _Tally) -> None:
    """Renumber moved objects and create the new ones, so display order follows the file."""
    for obj in _reorder(objects):
        obj.save(update_fields=["order"])
        tally.kept_as(sheet, obj, updated=True)
    for obj in objects:
        if obj.pk is None:
            obj.save()
            tally.created[sheet] += 1


def _sync_issues(
    edition: PlanEdition, rows: list[IssueRow], tally: _Tally
) -> tuple[dict[int, StrategicIssue], list[StrategicIssue]]:
    """Strategic issues by priority, their alignments as a set; returns (by priority, stale)."""
    existing, stale = _first_by(
        edition.issues.prefetch_related("alignments").order_by("priority", "pk"),
        lambda issue: issue.priority,
    )
    issues: dict[int, StrategicIssue] = {}
    for row in rows:
        draft = row.draft
        alignment_ids = draft.alignment_ids or frozenset()
        values = {"title": draft.title, "category_id": draft.category_id}
        issue = existing.pop(draft.priority, None)
        if issue is None:
            issue = StrategicIssue.objects.create(
                edition=edition, priority=draft.priority, order=draft.priority, **values
            )
            issue.alignments.set(alignment_ids)
            tally.created[SHEET_ISSUES] += 1
        else:
            updated = _update(issue, values)
            if {target.pk for target in issue.alignments.all()} != set(alignment_ids):
                issue.alignments.set(alignment_ids)
                updated = True
            tally.kept_as(SHEET_ISSUES, issue, updated)
        issues[draft.priority] = issue
    return issues, stale + list(existing.values())


def _sync_coded(
    model: type[Goal] | type[Strategy],
    edition: PlanEdition,
    rows: list[GoalRow] | list[StrategyRow],
    issues: dict[int, StrategicIssue],
    sheet: str,
    tally: _Tally,
) -> tuple[dict[str, Any], list[Any]]:
    """Goals or strategies by code, under their issue; returns (by code, stale)."""
    queryset = model.objects.filter(edition=edition).order_by("order", "pk")
    existing, stale = _first_by(queryset, _code_of)
    by_code: dict[str, Any] = {}
    for row in rows:
        values = {"issue_id": issues[row.issue].pk, "text": row.draft.text}
        obj = existing.pop(row.draft.number, None)
        if obj is None:
            obj = model(edition=edition, number=row.draft.number, **values)
        else:
            tally.kept_as(sheet, obj, _update(obj, values))
        by_code[row.draft.number] = obj
    _save_in_order(list(by_code.values()), sheet, tally)
    return by_code, stale + list(existing.values())


def _sync_indicators(
    edition: PlanEdition, rows: list[IndicatorRow], goals: dict[str, Goal], tally: _Tally
) -> list[Indicator]:
    """Indicators by code, with a target for each year column of the file; returns stale."""
    queryset = edition.indicators.prefetch_related("targets").order_by("order", "pk")
    existing, stale = _first_by(queryset, _code_of)
    in_file: list[tuple[Indicator, IndicatorRow]] = []
    for row in rows:
        draft = row.draft
        values = {
            "goal_id": goals[row.goal].pk if row.goal else None,
            "name": draft.name,
            "unit": draft.unit,
            "baseline": draft.baseline,
            "baseline_year_be": draft.baseline_year_be,
            "direction": draft.direction,
            "data_source": draft.data_source,
            "controllable": draft.controllable,
        }
        indicator = existing.pop(draft.number, None)
        if indicator is None:
            indicator = Indicator(edition=edition, number=draft.number, **values)
        else:
            updated = _update(indicator, values)
            updated = _sync_targets(indicator, draft.targets) or updated
            tally.kept_as(SHEET_INDICATORS, indicator, updated)
        in_file.append((indicator, row))
    new = [(indicator, row) for indicator, row in in_file if indicator.pk is None]
    _save_in_order([indicator for indicator, _row in in_file], SHEET_INDICATORS, tally)
    for indicator, row in new:
        _sync_targets(indicator, row.draft.targets)
    return stale + list(existing.values())


def _sync_projects(
    edition: PlanEdition, rows: list[ProjectRow], strategies: dict[str, Strategy], tally: _Tally
) -> list[PlanProject]:
    """Projects by (strategy code, name); returns the stale ones."""
    queryset = edition.projects.select_related("strategy").order_by("order", "pk")
    existing, stale = _first_by(queryset, _project_key)
    in_file: list[PlanProject] = []
    for row in rows:
        values = {
            "strategy_id": strategies[row.strategy].pk if row.strategy else None,
            "actor": row.actor,
            "responsible": row.responsible,
            "budget": row.budget,
            "first_year_be": row.first_year_be,
            "last_year_be": row.last_year_be,
        }
        project = existing.pop((row.strategy or "", row.name), None)
        if project is None:
            project = PlanProject(edition=edition, name=row.name, **values)
        else:
            tally.kept_as(SHEET_PROJECTS, project, _update(project, values))
        in_file.append(project)
    _save_in_order(in_file, SHEET_PROJECTS, tally)
    return stale + list(existing.values())


def apply_workbook(edition: PlanEdition, data: ParsedWorkbook) -> dict[str, SheetCounts]:
    """Make the edition's chain what the workbook says; the caller holds the transaction."""
    tally = _Tally()
    issues, stale_issues = _sync_issues(edition, data.issues, tally)
    goals, stale_goals = _sync_coded(Goal, edition, data.goals, issues, SHEET_GOALS, tally)
    strategies, stale_strategies = _sync_coded(
        Strategy, edition, data.strategies, issues, SHEET_STRATEGIES, tally
    )
    stale_indicators = _sync_indicators(edition, data.indicators, goals, tally)
    stale_projects = _sync_projects(edition, data.projects, strategies, tally)
    # Children first: when an issue goes, its cascade finds none of these rows left (only
    # its value chains, which belong to it).
    for sheet, stale in (
        (SHEET_PROJECTS, stale_projects),
        (SHEET_INDICATORS, stale_indicators),
        (SHEET_STRATEGIES, stale_strategies),
        (SHEET_GOALS, stale_goals),
        (SHEET_ISSUES, stale_issues),
    ):
        for obj in stale:
            obj.delete()
        tally.deleted[sheet] += len(stale)
    return tally.counts()


def _sync_targets(indicator: Indicator, targets: dict[int, Decimal | None]) -> bool:
    """Set the targets of the given years (None removes one); True when something changed."""
    return bool(intake.write_targets(indicator, targets))


def import_workbook(user: Any, edition: PlanEdition, file: Any) -> ImportResult:
    """Import a filled-in template into an edition: all of it, or (with the errors) nothing.

    Raises PermissionDenied when the user may not change the edition, and ValidationError
    (a translated message) when the edition is locked or the file is not a usable .xlsx.
    """
    _require_editable(user, edition)
    with workbook.open_workbook(file, LIMITS, hint=TEMPLATE_HINT) as book:
        sheets = _read_sheets(book)
    validator = Validator(edition)
    parsed = validator.validate(sheets)
    result = ImportResult(errors=validator.errors, notes=validator.notes)
    if result.errors:
        return result
    if not parsed.issues and edition.issues.exists():
        # The workbook is the whole chain: a file without any strategic issue would remove
        # them all. That is almost always the wrong file, so it is refused.
        raise _refuse(
            _(
                "This file has no strategic issue at all. Importing it would remove the whole"
                " strategic chain of this edition, so it is not imported. Please check that you"
                " chose the right file"
            ),
            "empty_chain",
        )
    with transaction.atomic(), set_actor(user):
        current = PlanEdition.objects.select_for_update().select_related("plan").get(pk=edition.pk)
        _require_editable(user, current)
        result.counts = apply_workbook(current, parsed)
    return result
