"""The results reports of a province's action plan (DOMAIN.md §6): six-monthly and year-end,
or whatever periods the cycle's regime sets (`oneplan.cycles.report_periods`), generated from
the data, not retyped: spending against the allocation and the target, results overall and
per strategic issue (the plan's indicators), each project's spending, progress and
obstacles. DOCX and PDF in the official layout (Sarabun 16 pt, Thai digits).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oneplan.areas.models import Area, Cluster
from oneplan.core.thai import format_baht, format_date_full
from oneplan.cycles import report_periods
from oneplan.cycles.models import Cycle
from oneplan.cycles.rules import ReportPeriod
from oneplan.documents import blocks as b
from oneplan.documents import docx, pdf, xlsx
from oneplan.documents.registry import DOCX, PDF
from oneplan.monitoring import indicators, services
from oneplan.monitoring.models import ProgressReport, ReportStatus
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan
from oneplan.projects.owners import owner_name, plan_filter


def _period(cycle: Cycle, kind: str) -> ReportPeriod:
    period = report_periods.report_period(cycle, kind)
    if period is None:
        raise LookupError(f"The regime of cycle {cycle.fiscal_year_be} has no report {kind!r}.")
    return period


def indicator_period(period: ReportPeriod) -> str:
    """The indicator results a report shows (`IndicatorResult.period`): the half year's
    ("H1") until the year is complete, the whole year's ("year") at 12 months."""
    return "year" if period.months >= 12 else "H1"


def report_date(cycle: Cycle, kind: str) -> date:
    """The day the report covers up to: the last day of its period (31 March for the half
    year, 30 September for the year)."""
    return report_periods.period_end(cycle.fiscal_year_be, _period(cycle, kind).months)


def title(owner: Area | Cluster, cycle: Cycle, kind: str) -> str:
    return (
        f"รายงานผลการดำเนินงานตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {cycle.fiscal_year_be}"
        f" ของ{owner_name(owner)} {_period(cycle, kind).name_th}"
    )


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def report_blocks(owner: Area | Cluster, cycle: Cycle, kind: str) -> list[b.Block]:
    """The report of a province's or a cluster's action plan."""
    until = report_date(cycle, kind)
    allocations = services.allocations_of(owner, cycle)
    overall = services.total(allocations, until)
    target = services.target_percent(cycle, until)
    out: list[b.Block] = [
        b.Heading(title(owner, cycle, kind)),
        b.Para(f"ข้อมูล ณ วันที่ {format_date_full(until)}", align="center", indent=False),
        b.Heading("1. ผลการเบิกจ่ายงบประมาณ", level=2),
        b.Para(
            f"ได้รับจัดสรรงบประมาณ {format_baht(overall.allocated)} บาท เบิกจ่ายแล้ว"
            f" {format_baht(overall.disbursed)} บาท คิดเป็นร้อยละ {_percent(overall.percent)}"
            f" (เป้าหมายการเบิกจ่ายสะสม ณ วันที่รายงาน ร้อยละ {target:.2f})"
            + (" ต่ำกว่าเป้าหมาย" if overall.percent is not None and overall.percent < target else "")
        ),
        b.table(
            ["ประเด็นยุทธศาสตร์", "ได้รับจัดสรร (บาท)", "เบิกจ่าย (บาท)", "ร้อยละ"],
            [
                [r.label, format_baht(r.allocated), format_baht(r.disbursed), _percent(r.percent)]
                for r in services.rates_by(allocations, "issue", until)
            ],
            widths=[46, 20, 20, 14],
            numeric=[1, 2, 3],
        ),
    ]
    plan = Plan.objects.filter(
        **plan_filter(owner),
        first_year_be__lte=cycle.fiscal_year_be,
        last_year_be__gte=cycle.fiscal_year_be,
    ).first()
    edition = reference_edition(plan) if plan else None
    kind_name = "แผนพัฒนากลุ่มจังหวัด" if isinstance(owner, Cluster) else "แผนพัฒนาจังหวัด"
    out.append(b.Heading(f"2. ผลการดำเนินงานตามตัวชี้วัดของ{kind_name}", level=2))
    if edition is None:
        out.append(b.Para(f"ยังไม่มี{kind_name}ที่ครอบคลุมปีงบประมาณนี้ในระบบ"))
    else:
        period = indicator_period(_period(cycle, kind))
        rolled = indicators.rollup(edition, cycle.fiscal_year_be, period)
        out.append(
            b.table(
                ["ประเด็นยุทธศาสตร์", "ตัวชี้วัดที่มีผล", "ผลสัมฤทธิ์เฉลี่ย (ร้อยละ)"],
                [
                    [r.label, f"{r.measured}/{r.total}", _percent(r.percent)]
                    for r in rolled["issue"]
                ],
                widths=[60, 18, 22],
                numeric=[1, 2],
            )
        )
    reports = {
        r.item_id: r
        for r in ProgressReport.objects.filter(
            item__action_plan__cycle=cycle,
            **(
                {"item__action_plan__cluster": owner}
                if isinstance(owner, Cluster)
                else {"item__action_plan__province": owner}
            ),
            period_end__lte=until,
            status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
        ).order_by("period_end")
    }  # the latest report of each project up to the day
    out.append(b.Heading("3. ผลการดำเนินงานรายโครงการ", level=2))
    rows = []
    obstacles = []
    for rate in services.rates_by(allocations, "item", until):
        report = reports.get(rate.key)
        rows.append(
            [
                rate.label,
                format_baht(rate.allocated),
                format_baht(rate.disbursed),
                _percent(rate.percent),
                f"{report.progress_percent}" if report else "-",
            ]
        )
        if report and report.problems.strip():
            obstacles.append(f"{rate.label}: {report.problems.strip()}")
    out.append(
        b.table(
            ["โครงการ", "ได้รับจัดสรร (บาท)", "เบิกจ่าย (บาท)", "ร้อยละเบิกจ่าย", "ความก้าวหน้า (ร้อยละ)"],
            rows,
            widths=[40, 17, 17, 12, 14],
            numeric=[1, 2, 3, 4],
        )
    )
    out.append(b.Heading("4. ปัญหา อุปสรรค", level=2))
    out.append(b.Bullets(tuple(obstacles)) if obstacles else b.Para("ไม่มี"))
    return out


def report(owner: Area | Cluster, cycle: Cycle, kind: str, fmt: str) -> tuple[bytes, str]:
    blocks = b.with_thai_digits(report_blocks(owner, cycle, kind), True)
    heading = title(owner, cycle, kind)
    if fmt == "docx":
        return docx.write_docx(blocks, title=heading), DOCX
    return pdf.blocks_to_pdf(blocks, title=heading), PDF


# --------------------------------------------------------------------------- tables


def dashboard_xlsx(allocations, points: list[services.MonthPoint]) -> bytes:
    """A province's (or cluster's) disbursement page as one workbook: by project, agency,
    issue and month."""
    workbook = xlsx.new_workbook()
    headers = ["", "ได้รับจัดสรร (บาท)", "ผูกพัน (บาท)", "เบิกจ่าย (บาท)", "ร้อยละ"]
    for sheet, by in (("รายโครงการ", "item"), ("รายหน่วยงาน", "agency"), ("รายประเด็น", "issue")):
        rows = [
            [r.label, r.allocated, r.committed, r.disbursed, r.percent]
            for r in services.rates_by(allocations, by)
        ]
        xlsx.add_sheet(workbook, sheet, headers, rows, widths=[60, 18, 18, 18, 10])
    xlsx.add_sheet(
        workbook,
        "รายเดือน",
        ["เดือน", "เบิกจ่ายสะสม (บาท)", "ร้อยละ", "เป้าหมาย (ร้อยละ)"],
        [[p.month_start, p.disbursed, p.percent, p.target] for p in points],
        widths=[14, 20, 10, 16],
    )
    return xlsx.to_bytes(workbook)


def national_csv(rows: list) -> bytes:
    """The national table (one row per province, in the page's order) as CSV."""
    header = [
        "รหัส",
        "จังหวัด",
        "ได้รับจัดสรร",
        "เบิกจ่าย",
        "ร้อยละเบิกจ่าย",
        "ผลสัมฤทธิ์ตัวชี้วัด",
        "รายงานล่าช้า",
        "ระดับคุณภาพแผน",
    ]
    body = [
        [
            r.code,
            r.name,
            r.allocated,
            r.disbursed,
            "" if r.rate is None else r.rate,
            "" if r.achievement is None else r.achievement,
            r.late_reports,
            r.grade_label,
        ]
        for r in rows
    ]
    return xlsx.csv_bytes([header, *body])
