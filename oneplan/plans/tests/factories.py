"""A small but complete plan to test against: built through the ORM, no demo content.

`make_plan()` returns a provincial plan of Rayong (current regime) whose original edition
has every kind of component, so that the check, the diff, the documents and the import
have something to work on. Tests change it to make the case they need.
"""

from __future__ import annotations

from decimal import Decimal

from oneplan.areas.models import Area, Cluster, ClusterRegime
from oneplan.cycles.models import Regime
from oneplan.plans.models import (
    AlignmentTarget,
    BaselineFigure,
    Dimension,
    EditionStatus,
    Goal,
    Indicator,
    IndicatorTarget,
    IssueCategory,
    Plan,
    PlanEdition,
    PlanKind,
    PlanProject,
    PositionDimension,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)


def make_plan(
    province_code: str = "21",
    first_year_be: int = 2591,
    status: str = EditionStatus.DRAFT,
    cluster: Cluster | None = None,
) -> Plan:
    """A plan far in the future (so it never collides with the demo's 2566-2570 plans)."""
    regime = Regime.objects.get(is_current=True)
    if cluster is not None:
        plan = Plan.objects.create(
            kind=PlanKind.CLUSTER,
            cluster=cluster,
            regime=regime,
            first_year_be=first_year_be,
            last_year_be=first_year_be + regime.span_years - 1,
            title=f"แผนพัฒนา{cluster.name_th} (ทดสอบ)",
        )
    else:
        province = Area.objects.get(code=province_code)
        plan = Plan.objects.create(
            kind=PlanKind.PROVINCE,
            province=province,
            regime=regime,
            first_year_be=first_year_be,
            last_year_be=first_year_be + regime.span_years - 1,
            title=f"แผนพัฒนา{province.display_name} (ทดสอบ)",
        )
    edition = PlanEdition.objects.create(
        plan=plan,
        number=0,
        status=status,
        vision="ระยองเมืองน่าอยู่ เศรษฐกิจมั่นคง เกษตรและการท่องเที่ยวยั่งยืน สังคมมีคุณภาพ",
        mission="ส่งเสริมเศรษฐกิจ\nพัฒนาคุณภาพชีวิต\nอนุรักษ์ทรัพยากรธรรมชาติ",
        general_info="จังหวัดระยองตั้งอยู่ในภาคตะวันออก มีพื้นที่ 3,552 ตารางกิโลเมตร",
        past_performance="ผลิตภัณฑ์มวลรวมจังหวัดเพิ่มขึ้นร้อยละ 3 ต่อปีในช่วงแผนที่ผ่านมา",
    )
    fill_edition(edition)
    return plan


def fill_edition(edition: PlanEdition) -> None:
    years = edition.plan.years
    for i, dimension in enumerate(Dimension.values):
        BaselineFigure.objects.create(
            edition=edition,
            dimension=dimension,
            name=f"ข้อมูลพื้นฐานด้าน{dimension}",
            value=Decimal(100 + i),
            unit="หน่วย",
            year_be=years[0] - 1,
            source="สำนักงานสถิติจังหวัด",
            order=i,
        )
    for i, kind in enumerate("SWOT"):
        SwotItem.objects.create(
            edition=edition, kind=kind, text=f"ปัจจัย {kind}", evidence="ข้อมูลสถิติ", order=i
        )
    for i, quadrant in enumerate(["SO", "ST", "WO", "WT"]):
        TowsStrategy.objects.create(
            edition=edition, quadrant=quadrant, text=f"กลยุทธ์ {quadrant}", order=i
        )
    for i, dimension in enumerate(PositionDimension.values):
        Positioning.objects.create(
            edition=edition, dimension=dimension, text=f"ตำแหน่ง {dimension}", order=i
        )
    categories = list(IssueCategory.objects.order_by("order")[:2])
    national = AlignmentTarget.objects.filter(framework__code="ns-2561-2580").order_by("number")
    for n in (1, 2):
        issue = StrategicIssue.objects.create(
            edition=edition,
            priority=n,
            title=f"ประเด็นยุทธศาสตร์ที่ {n} การพัฒนาเศรษฐกิจ",
            category=categories[n - 1],
            order=n,
        )
        issue.alignments.set([national[n]])
        goal = Goal.objects.create(
            edition=edition, issue=issue, number=f"{n}.1", text=f"เป้าประสงค์ {n}.1", order=n
        )
        indicator = Indicator.objects.create(
            edition=edition,
            goal=goal,
            number=f"{n}.1.1",
            name=f"ร้อยละของครัวเรือนที่มีรายได้เพิ่มขึ้น ({n})",
            unit="ร้อยละ",
            baseline=Decimal("3"),
            baseline_year_be=years[0] - 1,
            data_source="สำนักงานพัฒนาชุมชนจังหวัด",
            order=n,
        )
        for k, year in enumerate(years):
            IndicatorTarget.objects.create(indicator=indicator, year_be=year, value=Decimal(4 + k))
        strategy = Strategy.objects.create(
            edition=edition, issue=issue, number=f"{n}.1", text=f"กลยุทธ์ที่ {n}.1", order=n
        )
        chain = ValueChain.objects.create(edition=edition, issue=issue, name=f"ห่วงโซ่คุณค่า {n}")
        stage = ValueChainStage.objects.create(edition=edition, chain=chain, name="การผลิต", order=1)
        PlanProject.objects.create(
            edition=edition,
            strategy=strategy,
            stage=stage,
            name=f"โครงการพัฒนาที่ {n}",
            responsible="สำนักงานจังหวัด",
            budget=Decimal("1500000.00"),
            first_year_be=years[0],
            last_year_be=years[0],
            order=n,
        )


def east1() -> Cluster:
    regime = ClusterRegime.objects.get(in_force=True)
    return Cluster.objects.get(regime=regime, memberships__province_id="21")
