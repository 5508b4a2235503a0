"""The export: any list of proposals as an .xlsx with the agency template's headers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from oneplan.areas.models import AreaLevel
from oneplan.core.thai import be_year
from oneplan.documents import xlsx
from oneplan.projects.excel.cells import indicator_target, number_text, quantity_of
from oneplan.projects.excel.templates import (
    COL_BENEFITS,
    COL_CATEGORY,
    COL_CODE,
    COL_DIRECT,
    COL_DISTRICT,
    COL_END,
    COL_FUNDING,
    COL_INDICATOR,
    COL_ISSUE,
    COL_LOCATIONS,
    COL_OBJECTIVES,
    COL_OUTCOMES,
    COL_RATIONALE,
    COL_RESPONSIBLE,
    COL_START,
    COL_TARGET,
    COL_TITLE,
    budget_column,
)
from oneplan.projects.excel.words import (
    CATEGORY_LABELS,
    FUNDING_LABELS,
    PROPOSER_LABELS,
    SHEET_DATA,
    STATUS_LABELS,
    WHOLE_AREA,
    YES,
)
from oneplan.projects.models import BudgetLine, Proposal, ProposalIndicator, ProposalOutput


def export_filename(name: str = "") -> str:
    stamp = timezone.localdate()
    return f"โครงการ{('-' + name) if name else ''}-{be_year(stamp.year)}{stamp:%m%d}.xlsx"


def screening_verdict(proposal: Proposal) -> str:
    """The automatic screening's advice in a few Thai words ("" when not screened)."""
    try:
        screening = proposal.screening
    except Proposal.screening.RelatedObjectDoesNotExist:
        return ""
    if screening.eligible and screening.aligned:
        return "ผ่านเกณฑ์เบื้องต้น"
    reasons = []
    if not screening.eligible:
        reasons.append("เข้าข่ายโครงการที่ไม่ควรขอ")
    if not screening.aligned:
        reasons.append("ไม่สนับสนุนประเด็นยุทธศาสตร์ลำดับต้น")
    return "ควรพิจารณา: " + ", ".join(reasons)


def _items_text(items: list[str]) -> str | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def _output_text(output: ProposalOutput) -> str:
    """An output as written in the target cell; its quantity added when not in the text."""
    if output.quantity is None or (output.quantity, output.unit) == quantity_of(output.description):
        return output.description
    return f"{output.description} จำนวน {number_text(output.quantity)} {output.unit}".strip()


def _indicator_text(indicator: ProposalIndicator) -> str:
    if not indicator.target or (indicator.unit, indicator.target) == indicator_target(
        indicator.name
    ):
        return indicator.name
    if indicator.unit == "ร้อยละ":
        return f"{indicator.name} ร้อยละ {indicator.target}"
    return f"{indicator.name} {indicator.target} {indicator.unit}".strip()


def _baht_value(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def export_proposals(queryset: models.QuerySet[Proposal]) -> bytes:
    """Any list of proposals as an .xlsx in Thai: budget by year, status, screening verdict.

    The columns carry the agency template's headers, so a file exported from one cycle
    and province imports back with the agency template (other columns are ignored).
    Text is written formula-safe (`xlsx.write_cell`); amounts stay numbers.
    """
    years = sorted(
        set(
            BudgetLine.objects.filter(proposal__in=queryset.values("pk"))
            .values_list("fiscal_year_be", flat=True)
            .distinct()
        )
    )
    headers = [
        COL_CODE.header,
        COL_TITLE.header,
        "รอบปีงบประมาณ",
        "จังหวัด/กลุ่มจังหวัด",
        COL_DISTRICT.header,
        "ผู้เสนอ",
        "หน่วยงานที่เสนอ",
        COL_ISSUE.header,
        COL_RATIONALE.header,
        COL_OBJECTIVES.header,
        COL_TARGET.header,
        COL_INDICATOR.header,
        COL_OUTCOMES.header,
        COL_BENEFITS.header,
        COL_LOCATIONS.header,
        COL_START.header,
        COL_END.header,
        COL_FUNDING.header,
        COL_DIRECT.header,
        COL_CATEGORY.header,
        *(budget_column(year).header for year in years),
        "รวมงบประมาณ",
        COL_RESPONSIBLE.header,
        "สถานะ",
        "ผลการกลั่นกรองอัตโนมัติ",
    ]
    widths = [16, 50, 10, 20, 16, 18, 26, 10, 40, 40, 40, 36, 36, 36, 24, 12, 12, 20, 12, 16]
    widths += [14] * len(years) + [16, 30, 20, 30]
    proposals = (
        queryset.select_related(
            "cycle", "province", "cluster", "area", "proposer", "issue", "screening"
        )
        .prefetch_related("budget_lines", "outputs", "indicators", "locations")
        .order_by("cycle__fiscal_year_be", "reference_code")
    )
    workbook = xlsx.new_workbook()
    xlsx.add_sheet(workbook, SHEET_DATA, headers, _export_rows(proposals, years), widths=widths)
    workbook.active = 0
    return xlsx.to_bytes(workbook)


def _export_rows(proposals: models.QuerySet[Proposal], years: list[int]) -> Iterator[list[Any]]:
    for p in proposals.iterator(chunk_size=1000):
        yield _export_row(p, years)


def _export_row(p: Proposal, years: list[int]) -> list[Any]:
    lines = list(p.budget_lines.all())
    return [
        p.reference_code,
        p.title,
        p.cycle.fiscal_year_be,
        _owner_text(p),
        p.area.name_th if p.area.level == AreaLevel.DISTRICT else None,
        PROPOSER_LABELS.get(p.proposer_kind, p.proposer_kind),
        p.proposer.name_th if p.proposer else None,
        p.issue.priority if p.issue else None,
        p.rationale or None,
        p.objectives or None,
        _items_text([_output_text(o) for o in p.outputs.all()]),
        _items_text([_indicator_text(i) for i in p.indicators.all()]),
        p.expected_outcomes or None,
        p.benefits or None,
        _locations_text(p),
        p.start_date,
        p.end_date,
        FUNDING_LABELS.get(p.funding_channel, p.funding_channel),
        YES if p.requests_budget_directly else None,
        _categories_text(lines),
        *_budget_cells(lines, years),
        p.responsible_agency or None,
        STATUS_LABELS.get(p.status, p.status),
        screening_verdict(p) or None,
    ]


def _categories_text(lines: list[BudgetLine]) -> str | None:
    categories = sorted({line.category for line in lines}, key=list(CATEGORY_LABELS).index)
    return ", ".join(CATEGORY_LABELS.get(c, c) for c in categories) or None


def _budget_cells(lines: list[BudgetLine], years: list[int]) -> list[int | float | None]:
    """The amount of each year (None when there is none), then the total."""
    by_year: dict[int, Decimal] = {}
    for line in lines:
        by_year[line.fiscal_year_be] = by_year.get(line.fiscal_year_be, Decimal(0)) + line.amount
    return [
        *(_baht_value(by_year[y]) if y in by_year else None for y in years),
        _baht_value(sum(by_year.values(), Decimal(0))),
    ]


def _owner_text(p: Proposal) -> str:
    """The province (or the cluster) the proposal belongs to."""
    return p.province.display_name if p.province else (p.cluster.name_th if p.cluster else "")


def _locations_text(p: Proposal) -> str | None:
    if p.whole_area:
        return WHOLE_AREA
    places = sorted(p.locations.all(), key=lambda a: a.code)
    return ", ".join(a.name_th for a in places) or None
