"""The annual action plan as budget-request forms: DOCX, PDF and XLSX (DOMAIN.md §3, §5, §8).

The layout follows the official action plan: the title (แผนปฏิบัติราชการประจำปีงบประมาณ
พ.ศ. … ของจังหวัด…), the envelope and a summary, then a table per strategic issue — no.,
project, objectives, targets/outputs (unit and quantity), expected outcomes, responsible
agency, the budget of the fiscal year by budget category, whether the project requests
budget directly from the Budget Bureau (slide 63), whether it is within the envelope — with
a total per issue and a grand total, amounts also in words. For a cluster, the province
that disburses each project is named under its agency.

Everything is read in a fixed number of queries (`load_action_plan`), turned into blocks
(`action_plan_blocks`) and laid out by the shared renderers of `oneplan.documents`; the
spreadsheet goes through `oneplan.documents.xlsx` (numbers stay numbers, text that a
spreadsheet would read as a formula is stored as text). Importing this module registers
"action_plan.docx", "action_plan.pdf" and "action_plan.xlsx" (params: ``action_plan_id``
and, for DOCX and PDF, ``thai_digits``, default true).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.areas.models import Area, Cluster
from oneplan.core.thai import baht_in_words, format_baht, format_date_full
from oneplan.documents import blocks as b
from oneplan.documents import xlsx
from oneplan.documents.docx import write_docx
from oneplan.documents.pdf import blocks_to_pdf
from oneplan.documents.registry import (
    DOCX,
    PDF,
    XLSX,
    Progress,
    RenderError,
    RenderResult,
    register_renderer,
)
from oneplan.plans.documents import issue_heading, num, safe_filename
from oneplan.plans.models import StrategicIssue
from oneplan.projects.action_plans import (
    STATUS_TH,
    action_plan_title,
    disbursing_province,
    draws_on_envelope,
    envelope_of,
)
from oneplan.projects.models import (
    ActionPlan,
    ActionPlanItem,
    BudgetCategory,
    BudgetLine,
    FundingChannel,
    Level,
    Proposal,
)

__all__ = [
    "ActionPlanData",
    "action_plan_blocks",
    "action_plan_docx",
    "action_plan_pdf",
    "action_plan_xlsx",
    "load_action_plan",
]

DASH = "—"
ZERO = Decimal("0.00")
NO_ISSUE = "โครงการที่ยังไม่ระบุประเด็นยุทธศาสตร์"
DIRECT_REQUEST = "ขอตั้งงบประมาณจากสำนักงบประมาณโดยตรง"
WITHIN = "ภายในกรอบวงเงิน"
OUTSIDE = "เกินกรอบวงเงิน"
YES = "ใช่"

CATEGORY_TH = {
    BudgetCategory.PERSONNEL: "งบบุคลากร",
    BudgetCategory.OPERATING: "งบดำเนินงาน",
    BudgetCategory.INVESTMENT: "งบลงทุน",
    BudgetCategory.SUBSIDY: "งบเงินอุดหนุน",
    BudgetCategory.OTHER: "งบรายจ่ายอื่น",
}
CHANNEL_TH = {
    FundingChannel.PROVINCE: "งบประมาณจังหวัด",
    FundingChannel.CLUSTER: "งบประมาณกลุ่มจังหวัด",
    FundingChannel.FUNCTION: "งบประมาณกระทรวง/กรม",
    FundingChannel.LOCAL: "งบประมาณองค์กรปกครองส่วนท้องถิ่น",
    FundingChannel.OTHER: "งบประมาณเอกชน/แหล่งอื่น",
}
CHANGED_MARK = "*"
CHANGED_NOTE = (
    f"หมายเหตุ งบประมาณของโครงการที่มีเครื่องหมาย {CHANGED_MARK} เปลี่ยนไปหลังจัดทำแผน "
    "ยอดที่แสดงเป็นยอดที่บรรจุในแผนปฏิบัติราชการ"
)


# --------------------------------------------------------------------------- loading


@dataclass
class Line:
    """One project of the plan, with what the forms print of it."""

    item: ActionPlanItem
    by_category: dict[str, Decimal]  # as the plan was assembled (else, older plans: now)
    disburser: Area | None = None
    current_by_category: dict[str, Decimal] | None = None  # the proposal's budget now

    @property
    def proposal(self) -> Proposal:
        return self.item.proposal

    @property
    def amount(self) -> Decimal:
        return self.item.amount

    @property
    def categories_changed(self) -> bool:
        """The proposal's budget for the year no longer matches what the plan asked for."""
        now = self.current_by_category
        if now is not None and {c: a for c, a in now.items() if a} != {
            c: a for c, a in self.by_category.items() if a
        }:
            return True
        return sum(self.by_category.values(), ZERO) != self.item.amount

    @property
    def envelope_label(self) -> str:
        if not draws_on_envelope(self.proposal):
            return CHANNEL_TH.get(self.proposal.funding_channel, self.proposal.funding_channel)
        return WITHIN if self.item.within_envelope else OUTSIDE


@dataclass
class Group:
    """The projects of one strategic issue (or of none)."""

    title: str
    short: str  # "ประเด็นยุทธศาสตร์ที่ 1", for its total
    lines: list[Line]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    def category_total(self, category: str) -> Decimal:
        return sum((line.by_category.get(category, ZERO) for line in self.lines), ZERO)


@dataclass
class ActionPlanData:
    plan: ActionPlan
    title: str
    owner_label: str
    envelope: Decimal | None
    groups: list[Group]
    categories: list[str] = field(default_factory=list)  # the categories in use, in order

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]

    @property
    def is_cluster(self) -> bool:
        return self.plan.level == Level.CLUSTER

    @property
    def total(self) -> Decimal:
        return sum((g.total for g in self.groups), ZERO)

    def category_total(self, category: str) -> Decimal:
        return sum((g.category_total(category) for g in self.groups), ZERO)

    def total_where(self, label: str) -> tuple[int, Decimal]:
        lines = [line for line in self.lines if line.envelope_label == label]
        return len(lines), sum((line.amount for line in lines), ZERO)

    @property
    def other_budgets(self) -> tuple[int, Decimal]:
        lines = [line for line in self.lines if not draws_on_envelope(line.proposal)]
        return len(lines), sum((line.amount for line in lines), ZERO)


def load_action_plan(action_plan_id: int) -> ActionPlanData:
    """An action plan with its projects, outputs and budget lines, in a few queries."""
    plan = ActionPlan.objects.select_related(
        "cycle__regime", "province", "cluster__operations_centre"
    ).get(pk=action_plan_id)
    year = plan.cycle.fiscal_year_be
    items = list(
        plan.items.select_related("proposal__issue", "proposal__cluster__operations_centre")
        .prefetch_related(
            "proposal__outputs",
            "proposal__locations",
            Prefetch(
                "proposal__budget_lines",
                queryset=BudgetLine.objects.filter(fiscal_year_be=year),
            ),
        )
        .order_by("rank", "pk")
    )
    owner: Area | Cluster = plan.cluster if plan.level == Level.CLUSTER else plan.province
    lines = []
    for item in items:
        current: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for budget_line in item.proposal.budget_lines.all():
            current[budget_line.category] += budget_line.amount
        frozen = {c: Decimal(a) for c, a in (item.by_category or {}).items()}
        disburser = disbursing_province(item.proposal) if plan.level == Level.CLUSTER else None
        lines.append(Line(item, frozen or dict(current), disburser, dict(current)))
    used = {c for line in lines for c, amount in line.by_category.items() if amount}
    return ActionPlanData(
        plan=plan,
        title=action_plan_title(plan.cycle, owner),
        owner_label=str(owner),
        envelope=envelope_of(plan.cycle, owner),
        groups=_groups(lines),
        categories=[c for c in BudgetCategory.values if c in used],
    )


def _groups(lines: Iterable[Line]) -> list[Group]:
    by_issue: dict[int | None, list[Line]] = defaultdict(list)
    issues: dict[int, StrategicIssue] = {}
    for line in lines:
        issue = line.proposal.issue
        by_issue[issue.pk if issue else None].append(line)
        if issue is not None:
            issues[issue.pk] = issue
    ordered = sorted(issues.values(), key=lambda i: (i.priority, i.pk))
    groups = [
        Group(issue_heading(issue), f"ประเด็นยุทธศาสตร์ที่ {issue.priority}", by_issue[issue.pk])
        for issue in ordered
    ]
    if by_issue.get(None):
        groups.append(Group(NO_ISSUE, "โครงการที่ยังไม่ระบุประเด็น", by_issue[None]))
    return groups


# --------------------------------------------------------------------------- text helpers


def outputs_text(proposal: Proposal, empty: str = DASH) -> str:
    """ "เกษตรกรได้รับการอบรม 200 ราย", one output a line."""
    parts = []
    for output in proposal.outputs.all():
        quantity = num(output.quantity) if output.quantity is not None else ""
        parts.append(" ".join(p for p in (output.description, quantity, output.unit) if p))
    return "\n".join(parts) or empty


def agency_text(line: Line, empty: str = DASH) -> str:
    agency = line.proposal.responsible_agency.strip() or empty
    if line.disburser is not None:
        return f"{agency}\n(เบิกจ่ายโดย{line.disburser.display_name})"
    return agency


def money(value: Decimal) -> str:
    """Baht in a table cell: "3,000,000" for whole baht, "2,500.50" otherwise."""
    text = format_baht(value)
    return text.removesuffix(".00")


def amount_text(value: Decimal) -> str:
    return money(value) if value else DASH


def words(value: Decimal) -> str:
    return baht_in_words(value)


# --------------------------------------------------------------------------- blocks

DIRECT_HEADER = "ขอตั้งงบฯ โดยตรง"
ENVELOPE_HEADER = "กรอบวงเงิน"
SHORT_ENVELOPE = {WITHIN: "ภายในกรอบ", OUTSIDE: "เกินกรอบ"}
SHORT_CHANNEL = {
    FundingChannel.PROVINCE: "งบจังหวัด",
    FundingChannel.CLUSTER: "งบกลุ่มจังหวัด",
    FundingChannel.FUNCTION: "งบกระทรวง/กรม",
    FundingChannel.LOCAL: "งบ อปท.",
    FundingChannel.OTHER: "งบเอกชน/อื่น ๆ",
}
LEGEND = (
    "จำนวนเงินในตารางเป็นบาท ช่อง “{direct}” หมายถึงโครงการที่ขอตั้งงบประมาณจากสำนักงบประมาณ"
    "โดยตรง ช่อง “{envelope}” บอกว่าโครงการอยู่ภายในหรือเกินกรอบวงเงินของ{owner} ตามลำดับ"
    "ความสำคัญ (โครงการแรกที่เกินกรอบและโครงการที่อยู่ถัดไปทั้งหมดถือว่าเกินกรอบ) หรือใช้งบประมาณ"
    "จากแหล่งอื่น"
)


def short_envelope_label(line: Line) -> str:
    if not draws_on_envelope(line.proposal):
        return SHORT_CHANNEL.get(line.proposal.funding_channel, line.proposal.funding_channel)
    return SHORT_ENVELOPE[line.envelope_label]


PRINT_HEADERS = (
    "ที่",
    "โครงการ",
    "วัตถุประสงค์",
    "เป้าหมาย/ผลผลิต",
    "ผลลัพธ์ที่คาดว่าจะได้รับ",
    "หน่วยงานรับผิดชอบ",
    "งบประมาณ",
    "หมวดรายจ่าย",
    DIRECT_HEADER,
    ENVELOPE_HEADER,
)
# Centimetres of a landscape page's 24.7 cm of text; a figure takes about 3 cm at 16 pt.
PRINT_WIDTHS = (0.8, 3.1, 2.6, 2.5, 2.5, 2.4, 3.9, 3.1, 1.4, 1.6)
PRINT_NUMERIC = (6,)


def categories_text(line: Line) -> str:
    """ "งบดำเนินงาน 2,000,000", one category a line, in the budget's order."""
    return (
        "\n".join(
            f"{CATEGORY_TH[c]} {money(line.by_category[c])}"
            for c in BudgetCategory.values
            if line.by_category.get(c)
        )
        or DASH
    )


def _line_row(line: Line) -> b.Row:
    proposal = line.proposal
    mark = f" {CHANGED_MARK}" if line.categories_changed else ""
    return b.Row(
        (
            str(line.item.rank),
            proposal.title,
            proposal.objectives.strip() or DASH,
            outputs_text(proposal),
            proposal.expected_outcomes.strip() or DASH,
            agency_text(line),
            money(line.amount) + mark,
            categories_text(line),
            YES if proposal.requests_budget_directly else DASH,
            short_envelope_label(line),
        )
    )


def _total_row(label: str, total: Decimal) -> b.Row:
    return b.Row(
        ("", f"{label} ({words(total)})", "", "", "", "", money(total), "", "", ""), "total"
    )


def _category_table(data: ActionPlanData) -> b.Table:
    """Totals by strategic issue and budget category (the categories in use)."""
    rows = [
        b.Row(
            (
                group.title,
                *(amount_text(group.category_total(c)) for c in data.categories),
                money(group.total),
            )
        )
        for group in data.groups
    ]
    rows.append(
        b.Row(
            (
                f"รวมทั้งสิ้น ({words(data.total)})",
                *(money(data.category_total(c)) for c in data.categories),
                money(data.total),
            ),
            "total",
        )
    )
    return b.table(
        ("ประเด็นยุทธศาสตร์", *(CATEGORY_TH[c] for c in data.categories), "รวม"),
        rows,
        widths=(9, *([3.2] * len(data.categories)), 3.4),
        numeric=range(1, len(data.categories) + 2),
        caption="งบประมาณจำแนกตามประเด็นยุทธศาสตร์และหมวดรายจ่าย (บาท)",
    )


def _summary(data: ActionPlanData) -> b.Table:
    within_n, within = data.total_where(WITHIN)
    outside_n, outside = data.total_where(OUTSIDE)
    others_n, others = data.other_budgets
    own = CHANNEL_TH[FundingChannel.CLUSTER if data.is_cluster else FundingChannel.PROVINCE]
    rows = [
        b.Row(
            (
                f"กรอบวงเงิน{own}",
                DASH,
                format_baht(data.envelope) if data.envelope is not None else "ยังไม่กำหนด",
            )
        ),
        b.Row(("โครงการภายในกรอบวงเงิน", str(within_n), format_baht(within))),
        b.Row(("โครงการเกินกรอบวงเงิน", str(outside_n), format_baht(outside))),
    ]
    if others_n:
        rows.append(b.Row(("โครงการที่ใช้งบประมาณจากแหล่งอื่น", str(others_n), format_baht(others))))
    if data.envelope is not None:
        remaining = data.envelope - within
        rows.append(b.Row(("วงเงินคงเหลือภายในกรอบ", DASH, format_baht(remaining))))
    rows.append(b.Row(("รวมทั้งสิ้น", str(len(data.lines)), format_baht(data.total)), "total"))
    return b.table(
        ("รายการ", "จำนวนโครงการ", "งบประมาณ (บาท)"),
        rows,
        widths=(8, 3, 4),
        numeric=(1, 2),
        caption="สรุปงบประมาณ",
    )


def action_plan_blocks(data: ActionPlanData) -> list[b.Block]:
    """The action plan as blocks, digits in Arabic (see `b.with_thai_digits`).

    One table for the whole plan: a row heading each strategic issue (by priority, those
    without an issue last), its projects in rank order, its total; then the grand total.
    """
    plan = data.plan
    year = plan.cycle.fiscal_year_be
    regime = plan.cycle.regime
    committee = regime.cluster_committee if data.is_cluster else regime.provincial_committee
    status = STATUS_TH.get(plan.status, plan.get_status_display())
    owner = "กลุ่มจังหวัด" if data.is_cluster else "จังหวัด"
    result: list[b.Block] = [
        b.Section(landscape=True),
        b.Heading(data.title, 1),
        b.Para(
            f"{data.owner_label} ปีงบประมาณ พ.ศ. {year} (1 ตุลาคม {year - 1} – 30 กันยายน {year})",
            align="center",
            indent=False,
        ),
        b.Para(
            f"สถานะ: {status} ({committee}) พิมพ์เมื่อ {format_date_full(timezone.localdate())}",
            align="center",
            indent=False,
        ),
    ]
    if data.envelope is not None:
        result.append(
            b.Para(
                f"กรอบวงเงิน {format_baht(data.envelope)} บาท ({words(data.envelope)})",
                bold=True,
                indent=False,
            )
        )
    result.append(_summary(data))
    if not data.groups:
        return [*result, b.Para("ยังไม่มีโครงการในแผนปฏิบัติราชการ", indent=False)]

    rows: list[b.Row] = []
    for group in data.groups:
        rows.append(b.Row((group.title,), "group"))
        rows += [_line_row(line) for line in group.lines]
        rows.append(_total_row(f"รวม{group.short}", group.total))
    rows.append(_total_row("รวมทั้งสิ้น", data.total))
    within_n, within = data.total_where(WITHIN)
    result += [
        b.Heading("โครงการตามแผนปฏิบัติราชการ จำแนกตามประเด็นยุทธศาสตร์", 2, page_break=True),
        b.Para(
            LEGEND.format(direct=DIRECT_HEADER, envelope=ENVELOPE_HEADER, owner=owner),
            indent=False,
        ),
        b.table(PRINT_HEADERS, rows, widths=PRINT_WIDTHS, numeric=PRINT_NUMERIC),
        _category_table(data),
        b.Para(
            f"รวมงบประมาณทั้งสิ้น {format_baht(data.total)} บาท ({words(data.total)}) "
            f"จำนวน {len(data.lines)} โครงการ",
            bold=True,
            indent=False,
        ),
        b.Para(
            f"ภายในกรอบวงเงิน {format_baht(within)} บาท ({words(within)}) จำนวน {within_n} โครงการ",
            indent=False,
        ),
    ]
    if any(line.categories_changed for line in data.lines):
        result.append(b.Para(CHANGED_NOTE, indent=False))
    return result


def action_plan_docx(data: ActionPlanData, *, thai_digits: bool = True) -> bytes:
    blocks = b.with_thai_digits(action_plan_blocks(data), thai_digits)
    return write_docx(blocks, title=data.title, thai_digits=thai_digits)


def action_plan_pdf(data: ActionPlanData, *, thai_digits: bool = True) -> bytes:
    blocks = b.with_thai_digits(action_plan_blocks(data), thai_digits)
    return blocks_to_pdf(blocks, title=data.title, thai_digits=thai_digits)


# --------------------------------------------------------------------------- spreadsheet

FIRST_TABLE_ROW = 4


def _xlsx_headers(data: ActionPlanData) -> tuple[str, ...]:
    return (
        "ที่",
        "โครงการ",
        "วัตถุประสงค์",
        "เป้าหมาย/ผลผลิต (หน่วย จำนวน)",
        "ผลลัพธ์ที่คาดว่าจะได้รับ",
        "หน่วยงานรับผิดชอบ",
        *(f"{CATEGORY_TH[c]} (บาท)" for c in data.categories),
        "รวม (บาท)",
        DIRECT_REQUEST,
        "ภายใน/เกินกรอบวงเงิน",
    )


def _xlsx_widths(data: ActionPlanData) -> tuple[float, ...]:
    return (6, 40, 34, 28, 28, 26, *([16] * len(data.categories)), 18, 18, 18)


def _xlsx_line(data: ActionPlanData, line: Line) -> list[xlsx.Value]:
    proposal = line.proposal
    return [
        line.item.rank,
        proposal.title,
        proposal.objectives.strip(),
        outputs_text(proposal, ""),
        proposal.expected_outcomes.strip(),
        agency_text(line, ""),
        *(line.by_category.get(c, ZERO) for c in data.categories),
        line.amount,
        YES if proposal.requests_budget_directly else "",
        line.envelope_label,
    ]


def _xlsx_total(data: ActionPlanData, label: str, amounts: Sequence[Decimal]) -> list[xlsx.Value]:
    *by_category, total = amounts
    return ["", f"{label} ({words(total)})", "", "", "", "", *by_category, total, "", ""]


def _form_sheet(workbook: Workbook, data: ActionPlanData) -> None:
    headers = _xlsx_headers(data)
    ws = workbook.create_sheet(xlsx.sheet_title("แผนปฏิบัติราชการ"))
    bold = Font(name=xlsx.FONT_NAME, size=xlsx.FONT_SIZE + 2, bold=True)
    xlsx.write_cell(ws.cell(row=1, column=1), data.title).font = bold
    envelope = (
        f"กรอบวงเงิน {format_baht(data.envelope)} บาท ({words(data.envelope)})"
        if data.envelope is not None
        else "ยังไม่ได้กำหนดกรอบวงเงิน"
    )
    status = STATUS_TH.get(data.plan.status, data.plan.status)
    xlsx.write_cell(ws.cell(row=2, column=1), f"{envelope} สถานะ: {status}").font = Font(
        name=xlsx.FONT_NAME, size=xlsx.FONT_SIZE
    )
    xlsx.write_row(ws, FIRST_TABLE_ROW, headers, header=True)
    row = FIRST_TABLE_ROW
    for group in data.groups:
        row += 1
        xlsx.write_row(ws, row, [group.title, *([""] * (len(headers) - 1))])
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.cell(row=row, column=1).font = Font(name=xlsx.FONT_NAME, size=xlsx.FONT_SIZE, bold=True)
        for line in group.lines:
            row += 1
            xlsx.write_row(ws, row, _xlsx_line(data, line))
        row += 1
        amounts = [group.category_total(c) for c in data.categories] + [group.total]
        _bold_row(ws, row, _xlsx_total(data, f"รวม{group.short}", amounts))
    grand = [data.category_total(c) for c in data.categories] + [data.total]
    row += 1
    _bold_row(ws, row, _xlsx_total(data, "รวมทั้งสิ้น", grand))
    within_n, within = data.total_where(WITHIN)
    row += 1
    label = f"ภายในกรอบวงเงิน {within_n} โครงการ ({words(within)})"
    _bold_row(ws, row, ["", label, "", "", "", "", *([""] * len(data.categories)), within, "", ""])
    for index, width in enumerate(_xlsx_widths(data), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"C{FIRST_TABLE_ROW + 1}"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{FIRST_TABLE_ROW}:{FIRST_TABLE_ROW}"


def _bold_row(ws: Worksheet, row: int, values: Sequence[xlsx.Value]) -> None:
    xlsx.write_row(ws, row, values)
    for column in range(1, len(values) + 1):
        ws.cell(row=row, column=column).font = Font(
            name=xlsx.FONT_NAME, size=xlsx.FONT_SIZE, bold=True
        )


def _data_sheet(workbook: Workbook, data: ActionPlanData) -> None:
    year = data.plan.cycle.fiscal_year_be
    rows = []
    for line in sorted(data.lines, key=lambda line: line.item.rank):
        proposal = line.proposal
        issue = proposal.issue
        rows.append(
            (
                line.item.rank,
                issue.priority if issue else None,
                issue.title if issue else "",
                proposal.reference_code,
                proposal.title,
                proposal.objectives,
                outputs_text(proposal, ""),
                proposal.expected_outcomes,
                proposal.responsible_agency,
                line.disburser.display_name if line.disburser else "",
                *(line.by_category.get(c, ZERO) for c in BudgetCategory.values),
                line.amount,
                CHANNEL_TH.get(proposal.funding_channel, proposal.funding_channel),
                YES if proposal.requests_budget_directly else "",
                line.envelope_label,
            )
        )
    xlsx.add_sheet(
        workbook,
        "ข้อมูลโครงการ",
        (
            "ลำดับ",
            "ประเด็นที่",
            "ประเด็นยุทธศาสตร์",
            "รหัสโครงการ",
            "โครงการ",
            "วัตถุประสงค์",
            "เป้าหมาย/ผลผลิต",
            "ผลลัพธ์ที่คาดว่าจะได้รับ",
            "หน่วยงานรับผิดชอบ",
            "จังหวัดที่เบิกจ่าย",
            *(f"{CATEGORY_TH[c]} {year}" for c in BudgetCategory.values),
            "รวม (บาท)",
            "แหล่งงบประมาณ",
            DIRECT_REQUEST,
            "ภายใน/เกินกรอบวงเงิน",
        ),
        rows,
        widths=(8, 10, 40, 16, 50, 40, 30, 40, 30, 18, 16, 16, 16, 16, 16, 18, 24, 18, 18),
    )


def action_plan_xlsx(data: ActionPlanData) -> bytes:
    """The form sheet (as printed) and a flat sheet of the projects for computing."""
    workbook = xlsx.new_workbook()
    _form_sheet(workbook, data)
    _data_sheet(workbook, data)
    return xlsx.to_bytes(workbook)


# --------------------------------------------------------------------------- renderers


def _load_for(job: Any) -> ActionPlanData:
    try:
        action_plan_id = int(job.params["action_plan_id"])
    except (KeyError, TypeError, ValueError):
        raise RenderError("คำขอจัดทำเอกสารไม่ครบถ้วน กรุณาเริ่มใหม่จากหน้าแผนปฏิบัติราชการ") from None
    try:
        return load_action_plan(action_plan_id)
    except ActionPlan.DoesNotExist:
        raise RenderError("ไม่พบแผนปฏิบัติราชการที่ขอ อาจถูกลบไปแล้ว") from None


def _thai_digits(job: Any) -> bool:
    return bool(job.params.get("thai_digits", True))


def _filename(data: ActionPlanData, extension: str) -> str:
    return f"{safe_filename(data.title)}.{extension}"


def render_action_plan_docx(job: Any, progress: Progress) -> RenderResult:
    progress(5, "กำลังอ่านข้อมูลแผนปฏิบัติราชการ")
    data = _load_for(job)
    progress(50, "กำลังจัดรูปแบบเอกสาร Word")
    return action_plan_docx(data, thai_digits=_thai_digits(job)), _filename(data, "docx"), DOCX


def render_action_plan_pdf(job: Any, progress: Progress) -> RenderResult:
    progress(5, "กำลังอ่านข้อมูลแผนปฏิบัติราชการ")
    data = _load_for(job)
    progress(50, "กำลังจัดหน้าเอกสาร PDF")
    return action_plan_pdf(data, thai_digits=_thai_digits(job)), _filename(data, "pdf"), PDF


def render_action_plan_xlsx(job: Any, progress: Progress) -> RenderResult:
    progress(5, "กำลังอ่านข้อมูลแผนปฏิบัติราชการ")
    data = _load_for(job)
    progress(50, "กำลังจัดทำตารางคำนวณ")
    return action_plan_xlsx(data), _filename(data, "xlsx"), XLSX


ACTION_PLAN_KINDS = ("action_plan.docx", "action_plan.pdf", "action_plan.xlsx")

register_renderer("action_plan.docx", render_action_plan_docx)
register_renderer("action_plan.pdf", render_action_plan_pdf)
register_renderer("action_plan.xlsx", render_action_plan_xlsx)
