"""Demo monitoring for Rayong's FY 2569 (a whole year, October 2025 – September 2026): the
action plan's projects allocated, a year of GFMIS disbursement imported month by month —
most on the curve, an investment project far behind, a row that matches no allocation.
The extra projects and the curves (the share of each project's allocation disbursed by the
end of each month, October to September) are `data/monitoring.yaml`. Idempotent: skipped
when the year's allocations exist."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.db import transaction

from oneplan.areas.models import Area
from oneplan.core.thai import format_date_numeric
from oneplan.cycles.models import Cycle
from oneplan.demo.files import read
from oneplan.monitoring import indicators, reports, services
from oneplan.monitoring.models import Allocation, PerformanceIndicator
from oneplan.orgs.models import User
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan
from oneplan.projects import action_plans
from oneplan.projects.models import BudgetLine, Envelope, Proposal, ProposalStatus


@transaction.atomic
def load_monitoring_demo() -> int:
    rayong = Area.objects.filter(code="21").first()
    cycle = Cycle.objects.filter(fiscal_year_be=2569).first()
    user = User.objects.filter(username="rayong").first()
    if rayong is None or cycle is None or user is None:
        return 0
    if Allocation.objects.filter(cycle=cycle, province=rayong).exists():
        return 0
    data = read("monitoring.yaml")
    Envelope.objects.get_or_create(
        cycle=cycle, province=rayong, defaults={"amount": Decimal("90000000")}
    )
    for extra in data["extra_projects"]:
        code, title, category = extra["code"], extra["title"], extra["category"]
        proposal, created = Proposal.objects.get_or_create(
            cycle=cycle,
            reference_code=code,
            defaults={
                "level": "province",
                "province": rayong,
                "area": rayong,
                "title": title,
                "funding_channel": "province",
                "proposer_kind": "agency",
                "status": ProposalStatus.APPROVED,
                "responsible_agency": "สำนักงานโยธาธิการและผังเมืองจังหวัดระยอง"
                if category == "investment"
                else "สำนักงานพัฒนาชุมชนจังหวัดระยอง",
            },
        )
        if created:
            BudgetLine.objects.create(
                proposal=proposal,
                fiscal_year_be=2569,
                category=category,
                amount=Decimal(extra["amount"]),
            )
    plan = action_plans.assemble(user, cycle, rayong)
    allocations = []
    for number, item in enumerate(plan.items.select_related("proposal").order_by("rank"), 1):
        for line in item.proposal.budget_lines.filter(fiscal_year_be=2569):
            allocations.append(
                services.allocate(
                    user,
                    item,
                    line.category,
                    line.amount,
                    notice="หนังสือแจ้งการจัดสรรงบประมาณ (ภายใน 30 วัน)",
                    notice_date=date(2025, 10, 28),
                    budget_code=f"2100{number:02d}{line.category[:3].upper()}",
                )
            )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["วันที่เอกสาร", "เลขที่เอกสาร", "รหัสงบประมาณ", "หน่วยงาน", "ยอดผูกพัน", "ยอดเบิกจ่าย"])
    serial = 0
    for allocation in allocations:
        curve = data["behind"] if allocation.category == "investment" else data["on_curve"]
        done = Decimal(0)
        for month_index, share in enumerate(curve):
            target = (allocation.amount * Decimal(str(share))).quantize(Decimal("1"))
            amount, done = target - done, target
            if amount <= 0:
                continue
            year, month = (2025, 10 + month_index) if month_index < 3 else (2026, month_index - 2)
            serial += 1
            writer.writerow(
                [
                    format_date_numeric(date(year, month, 25)),
                    f"GF{serial:06d}",
                    allocation.budget_code,
                    allocation.item.proposal.responsible_agency or "จังหวัดระยอง",
                    "0",
                    f"{amount:,}",
                ]
            )
    writer.writerow(["15/03/2569", "GF999999", "2199XXOPE", "หน่วยงานที่ไม่ได้อยู่ในแผน", "0", "85,000"])
    result = services.import_disbursements(
        user, rayong, cycle, out.getvalue().encode("utf-8-sig"), "GFMIS-ระยอง-2569.csv"
    )
    _progress_reports(user, plan)
    _indicators(user, cycle, rayong)
    return int(result.ok)


def _indicators(user, cycle, rayong) -> None:
    """FY 2569 results for Rayong's plan indicators (most met, one short, one without a
    result yet), and a performance-agreement indicator modelled on seed 004's 3.6."""
    plan = Plan.objects.filter(province=rayong, first_year_be=2566).first()
    edition = reference_edition(plan) if plan else None
    if edition is not None:
        for number, indicator in enumerate(edition.indicators.prefetch_related("targets")):
            target = next((t.value for t in indicator.targets.all() if t.year_be == 2569), None)
            if target is None or number % 5 == 4:
                continue  # not measured yet
            share = Decimal("0.8") if number % 3 == 2 else Decimal("1.05")
            if indicator.direction == "decrease":
                share = Decimal(2) - share
            indicators.record_result(
                user,
                indicator,
                2569,
                (target * share).quantize(Decimal("0.01")),
                evidence="รายงานผลการดำเนินงานประจำปีของหน่วยงาน",
                source=indicator.data_source or "สำนักงานสถิติจังหวัด",
            )
    seed = PerformanceIndicator.objects.filter(code="3.6").order_by("cycle__fiscal_year_be").first()
    if (
        seed is not None
        and not PerformanceIndicator.objects.filter(cycle=cycle, code="3.6").exists()
    ):
        current = PerformanceIndicator.objects.create(
            cycle=cycle,
            code="3.6",
            title=seed.title,
            weight=seed.weight,
            applies_note=seed.applies_note,
            levels=[level.replace("2552", "2569").replace("52", "69") for level in seed.levels],
        )
        current.applies_to.set(seed.applies_to.all())
        if current.applies_to.filter(pk=rayong.pk).exists():
            indicators.score(
                User.objects.get(username="rayong"),
                current,
                rayong,
                level=Decimal(4),
                evidence={
                    "1": "หนังสือจังหวัดระยอง ส่งแผนงานด้านความมั่นคง ลงวันที่ 10 ม.ค. 69",
                    "2": "รายงานรอบ 6 เดือน ส่งเมื่อ 3 เม.ย. 69",
                    "3": "รายงานการประชุมคณะทำงานรายไตรมาส 4 ครั้ง",
                    "4": "รายงานสรุปประเมินผล ส่งเมื่อ 28 ต.ค. 69",
                },
            )


def _progress_reports(user, plan) -> None:
    """Quarterly reports: the road project reports late and is returned once; the others
    are accepted through the year."""
    for item in plan.items.select_related("proposal").order_by("rank"):
        behind = item.proposal.budget_lines.filter(category="investment").exists()
        for number, period in enumerate(reports.periods(plan.cycle), start=1):
            if behind and number > 2:
                break  # not reported since the second quarter: late
            report = reports.report_for(item, period)
            reports.save(
                user,
                report,
                activities=f"ดำเนินกิจกรรมตามแผนไตรมาสที่ {number}",
                progress_percent=min(100, (10 if behind else 25) * number),
                spent=(
                    item.amount * (Decimal("0.05") if behind else Decimal("0.24")) * number
                ).quantize(Decimal("0.01")),
                problems="ผู้รับจ้างส่งมอบงานล่าช้า รอการอนุมัติแบบก่อสร้าง" if behind else "",
            )
            reports.submit(user, report)
            if behind and number == 2:
                reports.review(user, report, accept=False, note="ขอแผนเร่งรัดการก่อสร้างและการเบิกจ่าย")
            else:
                reports.review(user, report, accept=True)
