"""Needs at scale: the intake of problems and needs (ปัญหาและความต้องการ) in bulk.

One typed draft (`NeedDraft`) and one `validate` for every channel: the Excel upload (in the
layouts officials use), the API's JSON list and its Excel upload. Each channel only parses
into drafts and maps the `Problem`s back (a sheet's row and column, a JSON item's index and
field); `save_needs` writes all the drafts in one transaction or none, asking the one
policy for each need and leaving its audit entry with the acting user.

The two Excel layouts (the downloadable template holds both, one sheet each):

- the village plan (แผนพัฒนาหมู่บ้าน): the village's DOPA code, หมู่ที่ and name, the problem
  or need, the project or activity proposed, its budget, the priority, the category (ด้าน)
  and who carries it out (ทำเอง / ทำร่วม / ขอรับการสนับสนุน — the last is beyond the
  village's capacity);
- the community forum's summary (สรุปผลการจัดเวทีประชาคม): the area's code (a village,
  sub-district or district), the day of the forum, the problem, the need or way to solve it,
  the priority, the category, beyond capacity (ใช่/ไม่ใช่) and the level that raised it.

A sheet's layout is told by its header: a column "วันที่จัดประชาคม" without one for the
project is the forum's; otherwise the village plan's. A need already recorded in the cycle for
the same area with the same title is updated, not added twice, so a file imported again
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from oneplan.areas.models import Area, AreaLevel
from oneplan.core.dates import implausible_year
from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Cycle
from oneplan.documents import workbook, xlsx
from oneplan.documents.workbook import Header, Problem, field_problem, match_key
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.participation.models import Need, NeedLevel, NeedSource
from oneplan.plans.models import IssueCategory

LIMITS = "needs"  # settings.ONEPLAN_IMPORT_LIMITS
HEADER_SCAN_ROWS = 12
MAX_BULK = 5000  # needs in one JSON request
TITLE_LENGTH = Need._meta.get_field("title").max_length

NEED_AREA_LEVELS = (AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE)
LEVEL_OF_AREA = {
    AreaLevel.VILLAGE: NeedLevel.VILLAGE,
    AreaLevel.SUBDISTRICT: NeedLevel.SUBDISTRICT,
    AreaLevel.DISTRICT: NeedLevel.DISTRICT,
}

# Words in the cells → values.
HANDLING_WORDS = {
    "ทำเอง": False,
    "ดำเนินการเอง": False,
    "ทำร่วม": False,
    "ดำเนินการร่วม": False,
    "ขอรับการสนับสนุน": True,
    "ขอสนับสนุน": True,
    "เกินศักยภาพ": True,
}
YES_NO_WORDS = {
    "ใช่": True,
    "เกิน": True,
    "เกินศักยภาพ": True,
    "✓": True,
    "/": True,
    "x": True,
    "1": True,
    "yes": True,
    "ไม่ใช่": False,
    "ไม่": False,
    "ไม่เกิน": False,
    "-": False,
    "0": False,
    "no": False,
}
LEVEL_WORDS = {
    "หมู่บ้าน": NeedLevel.VILLAGE,
    "ชุมชน": NeedLevel.VILLAGE,
    "ตำบล": NeedLevel.SUBDISTRICT,
    "อปท.": NeedLevel.LOCAL_GOVERNMENT,
    "อปท": NeedLevel.LOCAL_GOVERNMENT,
    "ท้องถิ่น": NeedLevel.LOCAL_GOVERNMENT,
    "อำเภอ": NeedLevel.DISTRICT,
}

# The template's columns: (title, key, width). The reader accepts the other titles below.
VILLAGE_PLAN_SHEET = "แผนพัฒนาหมู่บ้าน"
FORUM_SHEET = "สรุปประชาคม"
VILLAGE_PLAN_COLUMNS = [
    ("ลำดับ", "number", 7),
    ("รหัสหมู่บ้าน", "area", 13),
    ("หมู่ที่", "village_no", 7),
    ("ชื่อหมู่บ้าน", "place", 18),
    ("ปัญหา/ความต้องการ", "title", 40),
    ("โครงการ/กิจกรรมที่เสนอ", "project_idea", 40),
    ("งบประมาณ (บาท)", "budget", 16),
    ("ลำดับความสำคัญ", "priority", 10),
    ("ด้าน", "category", 18),
    ("การดำเนินการ", "handling", 18),
    ("รายละเอียด", "detail", 30),
]
FORUM_COLUMNS = [
    ("ลำดับ", "number", 7),
    ("รหัสพื้นที่", "area", 12),
    ("ชื่อพื้นที่", "place", 20),
    ("วันที่จัดประชาคม", "raised_on", 14),
    ("ปัญหา", "title", 40),
    ("ความต้องการ/แนวทางแก้ไข", "detail", 40),
    ("ลำดับความสำคัญ", "priority", 10),
    ("ด้าน", "category", 18),
    ("เกินศักยภาพ", "beyond", 12),
    ("ระดับที่เสนอ", "level", 12),
]
HEADERS: dict[str, str] = {title: key for title, key, _w in VILLAGE_PLAN_COLUMNS + FORUM_COLUMNS}
HEADERS.update(
    {
        "ที่": "number",
        "รหัส": "area",
        "รหัสพื้นที่ (DOPA)": "area",
        "รหัสหมู่บ้าน/ตำบล": "area",
        "หมู่": "village_no",
        "หมู่บ้าน": "place",
        "ปัญหาและความต้องการ": "title",
        "ความต้องการ": "title",
        "สภาพปัญหา": "title",
        "โครงการ": "project_idea",
        "โครงการ/กิจกรรม": "project_idea",
        "งบประมาณ": "budget",
        "ลำดับ ความสำคัญ": "priority",
        "ความสำคัญ": "priority",
        "ประเภท": "category",
        "ประเภทปัญหา": "category",
        "ด้านการพัฒนา": "category",
        "วิธีดำเนินการ": "handling",
        "ผู้ดำเนินการ": "handling",
        "วันที่": "raised_on",
        "วันที่ประชาคม": "raised_on",
        "แนวทางแก้ไข": "detail",
        "เกินขีดความสามารถ": "beyond",
        "ระดับ": "level",
    }
)
# A draft's field → the key of its column (to put a problem of the field in its column).
FIELD_KEYS = {
    "area_code": "area",
    "title": "title",
    "detail": "detail",
    "project_idea": "project_idea",
    "budget": "budget",
    "priority": "priority",
    "category": "category",
    "raised_by_level": "level",
    "beyond_capacity": "beyond",
    "raised_on": "raised_on",
}


# --------------------------------------------------------------------------- the draft


@dataclass
class NeedDraft:
    """A need as every channel gives it, before the rules."""

    fiscal_year: int | None
    area_code: str
    title: str
    detail: str = ""
    project_idea: str = ""
    budget: Decimal | None = None
    priority: int | None = None
    category: str = ""  # the category's code (agriculture) or Thai name (การเกษตร)
    source: str = NeedSource.VILLAGE_PLAN
    raised_by_level: str = ""  # by default the area's level
    beyond_capacity: bool = False
    raised_on: date | None = None

    def __post_init__(self) -> None:
        self.area_code = workbook.clean_code(self.area_code) if self.area_code else ""
        self.title = normalize_text(self.title or "")
        self.detail = workbook.clean_lines(self.detail) if self.detail else ""
        self.project_idea = workbook.clean_lines(self.project_idea) if self.project_idea else ""
        self.category = normalize_text(self.category or "")


@dataclass
class Context:
    """What the rules read from the database, once for all the drafts."""

    user: Any
    province: Area | None
    cycles: dict[int, Cycle]
    areas: dict[str, Area]
    categories: dict[str, IssueCategory]

    @classmethod
    def load(cls, user: Any, drafts: Iterable[NeedDraft], province: Area | None) -> Context:
        drafts = list(drafts)
        codes = {d.area_code for d in drafts if d.area_code}
        categories: dict[str, IssueCategory] = {}
        for category in IssueCategory.objects.all():
            categories[match_key(category.code)] = category
            categories[match_key(category.name_th)] = category
            if category.name_en:
                categories[match_key(category.name_en)] = category
        return cls(
            user=user,
            province=province,
            cycles={c.fiscal_year_be: c for c in Cycle.objects.all()},
            areas={a.code: a for a in Area.objects.filter(code__in=codes)},
            categories=categories,
        )


# --------------------------------------------------------------------------- the rules


def validate(draft: NeedDraft, context: Context) -> list[Problem]:
    """Every rule of a need, each problem naming the draft's field (in Thai)."""
    problems: list[Problem] = []
    if draft.fiscal_year is None:
        problems.append(field_problem("fiscal_year", _("The fiscal year is missing")))
    elif draft.fiscal_year not in context.cycles:
        problems.append(
            field_problem(
                "fiscal_year",
                _("There is no planning cycle for the fiscal year %(year)s")
                % {"year": draft.fiscal_year},
            )
        )
    problems.extend(_area_problems(draft, context))
    if not draft.title:
        problems.append(field_problem("title", _("The problem or need is missing")))
    elif len(draft.title) > TITLE_LENGTH:
        problems.append(
            field_problem(
                "title",
                _("The text is %(length)s characters long, more than the %(limit)s accepted")
                % {"length": f"{len(draft.title):,}", "limit": TITLE_LENGTH},
            )
        )
    if draft.priority is not None and not 1 <= draft.priority <= 32767:
        problems.append(
            field_problem("priority", _("The priority must be a whole number from 1 up"))
        )
    if draft.budget is not None and not _good_money(draft.budget):
        problems.append(
            field_problem(
                "budget",
                _("The budget must be an amount of baht from 0, with at most 2 decimal places"),
            )
        )
    if draft.category and match_key(draft.category) not in context.categories:
        problems.append(
            field_problem(
                "category",
                _("Unknown category “%(value)s” (see the sheet “%(sheet)s” of the template)")
                % {"value": draft.category, "sheet": LISTS_SHEET},
            )
        )
    if draft.raised_on is not None and (reason := implausible_year(draft.raised_on)):
        problems.append(field_problem("raised_on", reason))
    if draft.source not in NeedSource.values:
        problems.append(
            field_problem("source", _("Unknown source “%(value)s”") % {"value": draft.source})
        )
    if draft.raised_by_level and draft.raised_by_level not in NeedLevel.values:
        problems.append(
            field_problem(
                "raised_by_level",
                _("Unknown level “%(value)s”") % {"value": draft.raised_by_level},
            )
        )
    return problems


def _good_money(amount: Decimal) -> bool:
    """Baht from 0 to the most recorded, to the satang."""
    if not amount.is_finite() or amount < 0 or amount > workbook.MAX_MONEY:
        return False
    return amount == amount.quantize(workbook.SATANG)


def _area_problems(draft: NeedDraft, context: Context) -> list[Problem]:
    code = draft.area_code
    if not code:
        return [field_problem("area_code", _("The area's code is missing"))]
    area = context.areas.get(code)
    if area is None or area.level not in NEED_AREA_LEVELS or not area.is_active:
        if code.isdigit() and len(code) == 8:
            message = _(
                "No village with the code %(code)s: import the province's villages first"
            ) % {"code": code}
        else:
            message = _("“%(code)s” is not the code of a district, sub-district or village") % {
                "code": code
            }
        return [field_problem("area_code", message)]
    if context.province is not None and not context.province.contains(area):
        return [
            field_problem(
                "area_code",
                _("The area %(code)s is not in %(province)s")
                % {"code": code, "province": context.province.display_name},
            )
        ]
    if not may_add_need(context.user, area):
        return [refusal(area)]
    return []


def may_add_need(user: Any, area: Area) -> bool:
    """Whether the user may record a need in the area (as the body they belong to)."""
    probe = Need(area=area, raised_by=getattr(user, "organisation", None))
    return policy.can(user, Action.ADD, probe)


def may_import_in(user: Any, province: Area) -> bool:
    """Whether the user may record needs somewhere in the province (to take its upload)."""
    if not getattr(user, "is_authenticated", False) or not policy.can_add_any(user, Need):
        return False
    reach = policy.area_reach(user, Action.ADD)
    return reach is None or any(
        p.startswith(province.code) or province.code.startswith(p) for p in reach
    )


def refusal(area: Area) -> Problem:
    return field_problem(
        "area_code", _("You may not record a need in %(area)s") % {"area": area.display_name}
    )


def refused(user: Any, drafts: list[NeedDraft]) -> list[tuple[int, Problem]]:
    """The drafts of a known area in which the user may not record a need: the policy's
    refusals (the API answers them with 403)."""
    areas = Area.objects.filter(code__in={d.area_code for d in drafts}, level__in=NEED_AREA_LEVELS)
    found = {a.code: a for a in areas}
    return [
        (index, refusal(found[draft.area_code]))
        for index, draft in enumerate(drafts)
        if draft.area_code in found and not may_add_need(user, found[draft.area_code])
    ]


def duplicate_problems(drafts: list[NeedDraft]) -> dict[int, Problem]:
    """The drafts that repeat an earlier one (the same year, area and title): index → problem
    naming the first."""
    first: dict[tuple, int] = {}
    found: dict[int, Problem] = {}
    for index, draft in enumerate(drafts):
        if not draft.title or not draft.area_code:
            continue
        key = (draft.fiscal_year, draft.area_code, match_key(draft.title))
        if key in first:
            found[index] = field_problem(
                "title",
                _("The same need of the same area is given twice (also item %(first)s)")
                % {"first": first[key] + 1},
            )
        else:
            first[key] = index
    return found


def validate_all(
    user: Any,
    drafts: list[NeedDraft],
    province: Area | None = None,
    context: Context | None = None,
) -> list[tuple[int, Problem]]:
    """Every problem of every draft: (the draft's index, the problem)."""
    context = context or Context.load(user, drafts, province)
    problems = [(i, p) for i, draft in enumerate(drafts) for p in validate(draft, context)]
    problems.extend(duplicate_problems(drafts).items())
    return sorted(problems, key=lambda item: item[0])


class NeedsRefused(ValidationError):
    """The drafts broke rules: `problems` lists them all, by the draft's index."""

    def __init__(self, problems: list[tuple[int, Problem]]):
        self.problems = problems
        super().__init__([f"{i + 1}. {p.column}: {p.message}" for i, p in problems])


@dataclass
class SaveResult:
    """The needs saved, in the drafts' order, each with whether it was new."""

    items: list[tuple[Need, bool]] = field(default_factory=list)

    @property
    def created(self) -> list[Need]:
        return [need for need, new in self.items if new]

    @property
    def updated(self) -> list[Need]:
        return [need for need, new in self.items if not new]


def save_needs(user: Any, drafts: list[NeedDraft], province: Area | None = None) -> SaveResult:
    """All the drafts saved, or none (NeedsRefused with every problem)."""
    context = Context.load(user, drafts, province)
    problems = validate_all(user, drafts, context=context)
    if problems:
        raise NeedsRefused(problems)
    return _write(user, drafts, context)


def _write(user: Any, drafts: list[NeedDraft], context: Context) -> SaveResult:
    """The drafts, checked against `context`, written in one transaction: each asks the
    policy and leaves its audit entry."""
    result = SaveResult()
    organisation = getattr(user, "organisation", None)
    with transaction.atomic(), set_actor(user):
        for draft in drafts:
            area = context.areas[draft.area_code]
            cycle = context.cycles[draft.fiscal_year]
            need = (
                Need.objects.filter(cycle=cycle, area=area, title=draft.title)
                .order_by("pk")
                .first()
            )
            created = need is None
            if need is None:
                need = Need(cycle=cycle, area=area, title=draft.title, raised_by=organisation)
                if getattr(user, "is_authenticated", False):
                    need.created_by = user
            policy.require(user, Action.ADD if created else Action.CHANGE, need)
            need.detail = draft.detail
            need.project_idea = draft.project_idea
            need.budget = draft.budget
            need.priority = draft.priority
            need.category = (
                context.categories.get(match_key(draft.category)) if draft.category else None
            )
            need.source = draft.source
            need.raised_by_level = draft.raised_by_level or LEVEL_OF_AREA[area.level]
            need.beyond_capacity = draft.beyond_capacity
            need.raised_on = draft.raised_on
            need.full_clean()
            need.save()
            result.items.append((need, created))
    return result


# --------------------------------------------------------------------------- Excel in


@dataclass
class SheetRow:
    """Where a draft came from, to put its problems back."""

    sheet: str
    row: int
    header: Header


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    sheets: dict[str, int] = field(default_factory=dict)  # sheet → needs read

    @property
    def ok(self) -> bool:
        return not self.errors


def layout_of(sheet_name: str, header: Header) -> str:
    """The source a sheet's layout stands for: the forum's or the village plan's."""
    columns = header.columns
    if "raised_on" in columns and "project_idea" not in columns:
        return NeedSource.FORUM
    if "project_idea" not in columns and "ประชาคม" in normalize_text(sheet_name):
        return NeedSource.FORUM
    return NeedSource.VILLAGE_PLAN


def _cell(values: tuple[Any, ...], header: Header, key: str) -> Any:
    position = header.columns.get(key)
    if position is None or position >= len(values):
        return None
    value = values[position]
    return None if workbook.is_blank(value) else value


def _read_row(
    sheet: str,
    header: Header,
    number: int,
    values: tuple[Any, ...],
    source: str,
    fiscal_year: int | None,
) -> tuple[NeedDraft | None, list[Problem]]:
    problems: list[Problem] = []
    cells: dict[str, Any] = {}

    def read(key: str, convert) -> None:
        value = _cell(values, header, key)
        if value is None:
            return
        try:
            cells[key] = convert(value)
        except workbook.CellError as exc:
            problems.append(Problem(sheet, number, header.column(key), exc.message))

    read("area", workbook.clean_code)
    read("village_no", workbook.whole_number)
    read("title", workbook.clean_line)
    read("detail", workbook.clean_lines)
    read("project_idea", workbook.clean_lines)
    read("budget", lambda v: workbook.money(v, what=_("The budget")))
    read("priority", workbook.whole_number)
    read("category", workbook.clean_line)
    read("raised_on", workbook.date_of)
    read("handling", workbook.choice(HANDLING_WORDS, "ทำเอง, ทำร่วม, ขอรับการสนับสนุน"))
    read("beyond", workbook.choice(YES_NO_WORDS, "ใช่, ไม่ใช่"))
    read("level", workbook.choice(LEVEL_WORDS, "หมู่บ้าน, ตำบล, อปท., อำเภอ"))
    area = str(cells.get("area", ""))
    if "village_no" in cells and len(area) == 8 and area.isdigit():
        if int(area[-2:]) != cells["village_no"]:
            problems.append(
                Problem(
                    sheet,
                    number,
                    header.column("village_no"),
                    _("Village no. %(given)s does not match the code %(code)s (หมู่ที่ %(no)s)")
                    % {"given": cells["village_no"], "code": area, "no": int(area[-2:])},
                )
            )
    if problems:
        return None, problems
    beyond = bool(cells.get("beyond", cells.get("handling", False)))
    level = cells.get("level", "")
    draft = NeedDraft(
        fiscal_year=fiscal_year,
        area_code=area,
        title=cells.get("title", ""),
        detail=cells.get("detail", ""),
        project_idea=cells.get("project_idea", ""),
        budget=cells.get("budget"),
        priority=cells.get("priority"),
        category=cells.get("category", ""),
        source=source,
        raised_by_level=level,
        beyond_capacity=beyond,
        raised_on=cells.get("raised_on"),
    )
    return draft, []


def read_workbook(
    upload: Any, fiscal_year: int | None
) -> tuple[list[tuple[SheetRow, NeedDraft]], list[Problem], dict[str, int]]:
    """The drafts of every sheet with a needs table (either layout), the problems of its
    cells, and the needs read per sheet."""
    drafts: list[tuple[SheetRow, NeedDraft]] = []
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    with workbook.open_workbook(upload, LIMITS) as book:
        for sheet in book.sheets:
            header = workbook.find_header(
                sheet.top(HEADER_SCAN_ROWS), HEADERS, required=["area", "title"]
            )
            if header is None:
                continue
            source = layout_of(sheet.name, header)
            counts[sheet.name] = 0
            for number, values in sheet.rows(header.row + 1):
                draft, found = _read_row(sheet.name, header, number, values, source, fiscal_year)
                problems.extend(found)
                if draft is not None:
                    drafts.append((SheetRow(sheet.name, number, header), draft))
                    counts[sheet.name] += 1
    if not counts:
        problems.append(
            Problem(
                "",
                None,
                "",
                _(
                    "No sheet has a table of needs (the columns “รหัสหมู่บ้าน” or “รหัสพื้นที่”"
                    " and “ปัญหา/ความต้องการ” or “ปัญหา”): please use the template"
                ),
            )
        )
    elif not drafts and not problems:
        problems.append(Problem("", None, "", _("The file holds no need.")))
    return drafts, problems, counts


def _in_sheet(where: SheetRow, problem: Problem) -> Problem:
    key = FIELD_KEYS.get(problem.column)
    column = where.header.column(key) if key in where.header.columns else ""
    return Problem(where.sheet, where.row, column, problem.message)


def import_workbook(
    user: Any, upload: Any, fiscal_year: int | None, province: Area | None = None
) -> ImportResult:
    """Read the file, check every need, then save them all or none; see the module."""
    result = ImportResult()
    rows, problems, counts = read_workbook(upload, fiscal_year)
    result.errors.extend(problems)
    result.sheets = counts
    drafts = [draft for _where, draft in rows]
    context = Context.load(user, drafts, province)
    year_problem = None
    for index, found in validate_all(user, drafts, context=context):
        if found.column == "fiscal_year":
            year_problem = Problem("", None, "", found.message)  # once, for the whole file
            continue
        result.errors.append(_in_sheet(rows[index][0], found))
    if year_problem is not None:
        result.errors.insert(0, year_problem)
    if result.errors:
        order = {name: index for index, name in enumerate(counts)}
        result.errors.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column))
        return result
    saved = _write(user, drafts, context)
    result.created, result.updated = len(saved.created), len(saved.updated)
    return result


# --------------------------------------------------------------------------- the template

LISTS_SHEET = "รายการ"
TEMPLATE_NAME = "แบบนำเข้าปัญหาและความต้องการ.xlsx"


def template_xlsx(province: Area | None = None, fiscal_year: int | None = None) -> bytes:
    """The template: a sheet in the village plan's layout, one in the forum summary's, and
    the lists of words the cells take (categories, ways of carrying out, levels)."""
    book = xlsx.new_workbook()
    where = f" {province.display_name}" if province is not None else ""
    year = f" ปีงบประมาณ พ.ศ. {fiscal_year}" if fiscal_year else ""
    _template_sheet(
        book,
        VILLAGE_PLAN_SHEET,
        f"แผนพัฒนาหมู่บ้าน: ปัญหา ความต้องการ และโครงการ{where}{year}",
        VILLAGE_PLAN_COLUMNS,
        "รหัสหมู่บ้าน 8 หลัก (เช่น 22010101); การดำเนินการ: ทำเอง ทำร่วม หรือขอรับการสนับสนุน",
    )
    _template_sheet(
        book,
        FORUM_SHEET,
        f"สรุปผลการจัดเวทีประชาคม{where}{year}",
        FORUM_COLUMNS,
        "รหัสพื้นที่: หมู่บ้าน 8 หลัก ตำบล 6 หลัก หรืออำเภอ 4 หลัก; วันที่ เช่น 15/1/2569",
    )
    categories = list(IssueCategory.objects.order_by("order").values_list("name_th", flat=True))
    lists = book.create_sheet(LISTS_SHEET)
    xlsx.write_row(lists, 1, ["ด้าน", "การดำเนินการ", "เกินศักยภาพ", "ระดับที่เสนอ"], header=True)
    columns = [
        categories,
        ["ทำเอง", "ทำร่วม", "ขอรับการสนับสนุน"],
        ["ใช่", "ไม่ใช่"],
        ["หมู่บ้าน", "ตำบล", "อปท.", "อำเภอ"],
    ]
    for column, words in enumerate(columns, start=1):
        for row, word in enumerate(words, start=2):
            lists.cell(row=row, column=column, value=word)
    for letter in "ABCD":
        lists.column_dimensions[letter].width = 28
    _validations(book, len(categories))
    return xlsx.to_bytes(book)


def _template_sheet(book, name: str, title: str, columns, note: str) -> None:
    sheet = book.create_sheet(name)
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=note).font = Font(italic=True, color="808080")
    xlsx.write_row(sheet, 3, [c[0] for c in columns], header=True)
    for index, (_title, _key, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=3, column=index).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A4"


def _validations(book, categories: int) -> None:
    lists = f"'{LISTS_SHEET}'"
    for name, columns in ((VILLAGE_PLAN_SHEET, VILLAGE_PLAN_COLUMNS), (FORUM_SHEET, FORUM_COLUMNS)):
        sheet = book[name]
        keys = [key for _title, key, _width in columns]
        for key, source in (
            ("category", f"={lists}!$A$2:$A${categories + 1}"),
            ("handling", f"={lists}!$B$2:$B$4"),
            ("beyond", f"={lists}!$C$2:$C$3"),
            ("level", f"={lists}!$D$2:$D$5"),
        ):
            if key not in keys:
                continue
            letter = get_column_letter(keys.index(key) + 1)
            check = DataValidation(type="list", formula1=source, allow_blank=True)
            check.add(f"{letter}4:{letter}5000")
            sheet.add_data_validation(check)
