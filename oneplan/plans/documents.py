"""A plan edition as documents: the plan itself (DOCX, PDF, XLSX) and the annex of changes.

The plan document follows the official outline (DOMAIN.md §3, §8): cover, contents,
ส่วนที่ 1 general information, baseline data and past performance; ส่วนที่ 2 SWOT, TOWS
and positioning; ส่วนที่ 3 vision, mission and, per strategic issue, its goals, indicator
targets per plan year, strategies, alignment and value chains; ส่วนที่ 4 programmes and
projects with budgets (totals also in words); then the strategic-chain summary. The text
is Thai whatever the user's language: it is an official Thai document.

Everything is read in a fixed number of queries (`load_plan`), turned into blocks
(`plan_blocks`), and laid out by the shared renderers in `oneplan.documents`. Importing
this module registers the renderers "plan.docx", "plan.pdf", "plan.xlsx",
"plan_diff.docx" and "plan_diff.pdf" (PlansConfig.ready imports it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

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
from oneplan.plans.diff import ChangeKind, EditionDiff, diff_editions
from oneplan.plans.models import (
    ActorKind,
    AlignmentTarget,
    BaselineFigure,
    Dimension,
    Direction,
    EditionStatus,
    Goal,
    Indicator,
    Plan,
    PlanEdition,
    PlanProject,
    PositionDimension,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    SwotKind,
    TowsQuadrant,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)

__all__ = [
    "PlanData",
    "diff_blocks",
    "load_plan",
    "plan_blocks",
    "plan_docx",
    "plan_pdf",
    "plan_xlsx",
]

DASH = "—"

# Thai names for the document (the UI's labels go through the translation catalogue).
DIMENSION_TH = {
    Dimension.ECONOMY: "ด้านเศรษฐกิจ",
    Dimension.SOCIETY: "ด้านสังคม",
    Dimension.ENVIRONMENT: "ด้านทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    Dimension.SECURITY: "ด้านความมั่นคง",
}
POSITION_TH = {
    PositionDimension.ECONOMY: "ด้านเศรษฐกิจ",
    PositionDimension.SOCIETY: "ด้านสังคม",
    PositionDimension.SECURITY: "ด้านความมั่นคง",
    PositionDimension.MANAGEMENT: "ด้านการบริหารจัดการ",
}
SWOT_TH = {
    SwotKind.STRENGTH: "จุดแข็ง (Strengths)",
    SwotKind.WEAKNESS: "จุดอ่อน (Weaknesses)",
    SwotKind.OPPORTUNITY: "โอกาส (Opportunities)",
    SwotKind.THREAT: "อุปสรรค (Threats)",
}
TOWS_TH = {
    TowsQuadrant.SO: "กลยุทธ์เชิงรุก (SO)",
    TowsQuadrant.ST: "กลยุทธ์เชิงป้องกัน (ST)",
    TowsQuadrant.WO: "กลยุทธ์เชิงแก้ไข (WO)",
    TowsQuadrant.WT: "กลยุทธ์เชิงรับ (WT)",
}
ACTOR_TH = {
    ActorKind.MINISTRY: "กระทรวง/กรม",
    ActorKind.AREA: "กลุ่มจังหวัด/จังหวัด",
    ActorKind.LOCAL: "องค์กรปกครองส่วนท้องถิ่น",
    ActorKind.PRIVATE: "ภาคธุรกิจเอกชน",
    ActorKind.CIVIL: "ภาคประชาสังคม/ชุมชน",
}
DIRECTION_TH = {
    Direction.INCREASE: "ยิ่งมากยิ่งดี",
    Direction.DECREASE: "ยิ่งน้อยยิ่งดี",
    Direction.MAINTAIN: "รักษาระดับ",
}
CHANGE_TH = {ChangeKind.ADDED: "เพิ่ม", ChangeKind.REMOVED: "ยกเลิก", ChangeKind.CHANGED: "แก้ไข"}
SECTION_TH = {
    "edition": "วิสัยทัศน์ พันธกิจ และข้อมูลทั่วไป",
    "baselinefigure": "ข้อมูลพื้นฐาน",
    "swotitem": "การวิเคราะห์ SWOT",
    "towsstrategy": "กลยุทธ์จาก TOWS Matrix",
    "positioning": "ตำแหน่งการพัฒนา",
    "strategicissue": "ประเด็นยุทธศาสตร์",
    "goal": "เป้าประสงค์",
    "indicator": "ตัวชี้วัดและค่าเป้าหมาย",
    "strategy": "กลยุทธ์",
    "valuechain": "ห่วงโซ่คุณค่า",
    "valuechainstage": "ขั้นของห่วงโซ่คุณค่า",
    "planproject": "แผนงาน/โครงการ",
}
NO_DATA = "ยังไม่มีข้อมูล"
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


# --------------------------------------------------------------------------- formatting


def num(value: Decimal | int | None) -> str:
    """A figure as a plan prints it: separators, no trailing zeros, "—" when missing."""
    if value is None:
        return DASH
    if isinstance(value, int):
        return f"{value:,}"
    return format(value.normalize(), ",f")


def edition_label(edition: PlanEdition) -> str:
    if edition.number == 0 or edition.review_year_be is None:
        return "ฉบับแรก"
    return f"ฉบับทบทวน ปี พ.ศ. {edition.review_year_be}"


def status_label(edition: PlanEdition) -> str:
    plan = edition.plan
    labels = {
        EditionStatus.DRAFT: "ร่าง",
        EditionStatus.CONSULTED: "ผ่านการประชุมปรึกษาหารือแล้ว",
        EditionStatus.APPROVED: f"{plan.committee} ให้ความเห็นชอบแล้ว",
        EditionStatus.ENDORSED: f"ผ่านการกลั่นกรองของ {plan.regime.national_body} แล้ว",
        EditionStatus.CABINET: "คณะรัฐมนตรีเห็นชอบแล้ว",
    }
    return labels.get(edition.status, edition.get_status_display())


def period_label(plan: Plan) -> str:
    return f"พ.ศ. {plan.first_year_be}–{plan.last_year_be}"


def issue_heading(issue: StrategicIssue) -> str:
    title = issue.title.strip()
    if title.startswith("ประเด็นยุทธศาสตร์"):
        return title
    return f"ประเด็นยุทธศาสตร์ที่ {issue.priority} {title}"


def safe_filename(text: str) -> str:
    return re.sub(r"\s+", " ", _UNSAFE_FILENAME.sub(" ", text)).strip()[:150] or "document"


def _paragraphs(text: str) -> list[b.Para]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [b.Para(line) for line in lines] or [b.Para(NO_DATA, indent=False)]


# --------------------------------------------------------------------------- loading


@dataclass
class PlanData:
    """One edition and all its components, grouped the way the document reads them."""

    edition: PlanEdition
    baseline: list[BaselineFigure]
    swot: list[SwotItem]
    tows: list[TowsStrategy]
    positionings: list[Positioning]
    issues: list[StrategicIssue]
    goals: dict[int, list[Goal]] = field(default_factory=dict)  # by issue
    indicators: dict[int | None, list[Indicator]] = field(default_factory=dict)  # by goal
    strategies: dict[int, list[Strategy]] = field(default_factory=dict)  # by issue
    chains: dict[int, list[ValueChain]] = field(default_factory=dict)  # by issue
    stages: dict[int, list[ValueChainStage]] = field(default_factory=dict)  # by chain
    projects: list[PlanProject] = field(default_factory=list)

    @property
    def plan(self) -> Plan:
        return self.edition.plan

    @property
    def years(self) -> list[int]:
        return self.plan.years

    def projects_of_strategy(self) -> dict[int | None, list[PlanProject]]:
        return _group(self.projects, lambda p: p.strategy_id)

    def projects_of_stage(self) -> dict[int | None, list[PlanProject]]:
        return _group(self.projects, lambda p: p.stage_id)

    def issue_of_project(self, project: PlanProject) -> int | None:
        if project.strategy_id is not None:
            return project.strategy.issue_id
        if project.stage_id is not None:
            return project.stage.chain.issue_id
        return None

    def alignments_of(self, issue: StrategicIssue) -> list[AlignmentTarget]:
        """The issue's alignment targets with those of its goals and strategies, once each."""
        seen: dict[int, AlignmentTarget] = {}
        owners: list[Any] = [
            issue,
            *self.goals.get(issue.pk, ()),
            *self.strategies.get(issue.pk, ()),
        ]
        for owner in owners:
            for target in owner.alignments.all():
                seen.setdefault(target.pk, target)
        return sorted(seen.values(), key=lambda t: (t.framework.order, t.framework_id, t.number))


def _group(items: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return dict(groups)


def load_plan(edition_id: int) -> PlanData:
    """An edition with every component, in a fixed number of queries (about twenty)."""
    edition = PlanEdition.objects.select_related(
        "plan__province", "plan__cluster", "plan__regime"
    ).get(pk=edition_id)
    aligned = ("alignments__framework",)
    data = PlanData(
        edition=edition,
        baseline=list(edition.baseline_figures.all()),
        swot=list(edition.swot_items.all()),
        tows=list(edition.tows_strategies.all()),
        positionings=list(edition.positionings.all()),
        issues=list(edition.issues.select_related("category").prefetch_related(*aligned)),
    )
    data.goals = _group(edition.goals.prefetch_related(*aligned), lambda g: g.issue_id)
    data.indicators = _group(edition.indicators.prefetch_related("targets"), lambda i: i.goal_id)
    strategies = list(edition.strategies.prefetch_related(*aligned))
    data.strategies = _group(strategies, lambda s: s.issue_id)
    chains = list(edition.value_chains.all())
    data.chains = _group(chains, lambda c: c.issue_id)
    stages = list(edition.chain_stages.all())
    data.stages = _group(stages, lambda s: s.chain_id)
    # Attach the parents already read instead of letting each project fetch its own.
    strategy_by_id = {s.pk: s for s in strategies}
    chain_by_id = {c.pk: c for c in chains}
    stage_by_id = {s.pk: s for s in stages}
    for stage in stages:
        if stage.chain_id in chain_by_id:
            stage.chain = chain_by_id[stage.chain_id]
    data.projects = list(edition.projects.all())
    for project in data.projects:
        if project.strategy_id in strategy_by_id:
            project.strategy = strategy_by_id[project.strategy_id]
        if project.stage_id in stage_by_id:
            project.stage = stage_by_id[project.stage_id]
    return data


# --------------------------------------------------------------------------- the plan


def plan_blocks(data: PlanData, progress: Progress | None = None) -> list[b.Block]:
    """The whole plan document as blocks (Arabic digits; see `b.with_thai_digits`)."""
    report = progress or (lambda _percent, _message: None)
    blocks: list[b.Block] = [_cover(data), b.Toc()]
    report(15, "กำลังจัดทำส่วนที่ 1 ข้อมูลทั่วไป")
    blocks += _part_general(data)
    report(25, "กำลังจัดทำส่วนที่ 2 การวิเคราะห์สภาวการณ์")
    blocks += _part_analysis(data)
    report(35, "กำลังจัดทำส่วนที่ 3 วิสัยทัศน์ พันธกิจ และประเด็นยุทธศาสตร์")
    blocks += _part_strategy(data)
    report(45, "กำลังจัดทำส่วนที่ 4 แผนงาน/โครงการ")
    blocks += _part_projects(data)
    report(50, "กำลังจัดทำตารางสรุปความเชื่อมโยงของยุทธศาสตร์")
    blocks += _chain_summary(data)
    return blocks


def _cover(data: PlanData) -> b.Cover:
    plan, edition = data.plan, data.edition
    lines = [plan.owner_name] if plan.owner_name and plan.owner_name not in plan.title else []
    if period_label(plan) not in plan.title:
        lines.append(f"ระยะเวลาของแผน {period_label(plan)}")
    lines += [edition_label(edition), f"สถานะ: {status_label(edition)}"]
    footer = (
        f"จัดทำโดย {plan.owner_name}" if plan.owner_name else "",
        f"ข้อมูล ณ วันที่ {format_date_full(timezone.localdate())}",
    )
    return b.Cover(title=plan.title, lines=tuple(lines), footer=tuple(x for x in footer if x))


def _part_general(data: PlanData) -> list[b.Block]:
    edition = data.edition
    result: list[b.Block] = [
        b.Heading("ส่วนที่ 1 ข้อมูลทั่วไป", 1),
        b.Heading("1.1 สภาพทั่วไป", 2),
        *_paragraphs(edition.general_info),
        b.Heading("1.2 ข้อมูลพื้นฐาน", 2),
    ]
    by_dimension = _group(data.baseline, lambda f: f.dimension)
    for index, dimension in enumerate(Dimension, start=1):
        result.append(b.Heading(f"1.2.{index} {DIMENSION_TH[dimension]}", 3))
        figures = by_dimension.get(dimension.value, [])
        if not figures:
            result.append(b.Para(NO_DATA, indent=False))
            continue
        rows = [
            (str(i), f.name, num(f.value), f.unit or DASH, str(f.year_be or DASH), f.source or DASH)
            for i, f in enumerate(figures, start=1)
        ]
        result.append(
            b.table(
                ("ที่", "รายการ", "ค่า", "หน่วย", "ปี พ.ศ.", "แหล่งข้อมูล"),
                rows,
                widths=(1.0, 4.6, 3.0, 1.8, 1.6, 4.2),
                numeric=(2,),
            )
        )
    result += [b.Heading("1.3 ผลการดำเนินงานที่ผ่านมา", 2), *_paragraphs(edition.past_performance)]
    return result


def _part_analysis(data: PlanData) -> list[b.Block]:
    result: list[b.Block] = [
        b.Heading("ส่วนที่ 2 การวิเคราะห์สภาวการณ์และศักยภาพ", 1, page_break=True),
        b.Heading("2.1 การวิเคราะห์สภาพแวดล้อม (SWOT Analysis)", 2),
    ]
    swot = _group(data.swot, lambda s: s.kind)
    rows: list[b.Row] = []
    for kind in SwotKind:
        items = swot.get(kind.value, [])
        rows.append(b.Row((SWOT_TH[kind],), "group"))
        rows += [
            b.Row((str(i), s.text, s.evidence or DASH)) for i, s in enumerate(items, start=1)
        ] or [b.Row((DASH, NO_DATA, DASH))]
    result.append(b.table(("ที่", "ปัจจัย", "ข้อมูลสนับสนุน"), rows, widths=(1.0, 7.5, 7.5)))

    result.append(b.Heading("2.2 การกำหนดกลยุทธ์ด้วย TOWS Matrix", 2))
    tows = _group(data.tows, lambda t: t.quadrant)
    rows = []
    for quadrant in TowsQuadrant:
        rows.append(b.Row((TOWS_TH[quadrant],), "group"))
        rows += [
            b.Row((str(i), t.text)) for i, t in enumerate(tows.get(quadrant.value, []), start=1)
        ] or [b.Row((DASH, NO_DATA))]
    result.append(b.table(("ที่", "กลยุทธ์"), rows, widths=(1.0, 15)))

    result.append(b.Heading("2.3 การวางตำแหน่งการพัฒนา (Positioning)", 2))
    if data.positionings:
        rows = [
            b.Row((POSITION_TH.get(p.dimension, p.get_dimension_display()), p.text))
            for p in data.positionings
        ]
        result.append(b.table(("มิติ", "ตำแหน่งการพัฒนา"), rows, widths=(4, 12)))
    else:
        result.append(b.Para(NO_DATA, indent=False))
    return result


def _part_strategy(data: PlanData) -> list[b.Block]:
    edition = data.edition
    result: list[b.Block] = [
        b.Heading("ส่วนที่ 3 วิสัยทัศน์ พันธกิจ และประเด็นยุทธศาสตร์", 1, page_break=True),
        b.Heading("3.1 วิสัยทัศน์", 2),
        b.Para(
            edition.vision.strip() or NO_DATA,
            bold=bool(edition.vision.strip()),
            align="center",
            indent=False,
        ),
        b.Heading("3.2 พันธกิจ", 2),
    ]
    missions = edition.missions
    result += [b.Para(f"{i}. {m}", indent=False, align="left") for i, m in enumerate(missions, 1)]
    if not missions:
        result.append(b.Para(NO_DATA, indent=False))
    result.append(b.Heading("3.3 ประเด็นยุทธศาสตร์", 2))
    if data.issues:
        result.append(b.Bullets(tuple(issue_heading(i) for i in data.issues)))
    else:
        result.append(b.Para(NO_DATA, indent=False))
    for index, issue in enumerate(data.issues, start=1):
        result += _issue_blocks(data, issue, f"3.3.{index}")
    return result


def _indicator_table(data: PlanData, issue: StrategicIssue) -> b.Table | b.Para:
    """Goals as group rows, then each indicator: name (unit), baseline, a target per year."""
    years = data.years
    rows: list[b.Row] = []
    for goal in data.goals.get(issue.pk, []):
        rows.append(b.Row((f"เป้าประสงค์ที่ {goal.number} {goal.text}",), "group"))
        indicators = data.indicators.get(goal.pk, [])
        if not indicators:
            rows.append(b.Row(("ยังไม่มีตัวชี้วัด", *([DASH] * (1 + len(years))))))
        for indicator in indicators:
            targets = indicator.target_map()
            name = f"{indicator.number} {indicator.name}"
            if indicator.unit:
                name += f"\nหน่วยนับ: {indicator.unit}"
            baseline = num(indicator.baseline)
            if indicator.baseline_year_be:
                baseline += f"\n({indicator.baseline_year_be})"
            rows.append(b.Row((name, baseline, *(num(targets.get(year)) for year in years))))
    if not rows:
        return b.Para("ยังไม่มีเป้าประสงค์และตัวชี้วัด", indent=False)
    return b.table(
        ("ตัวชี้วัด", "ค่าฐาน", *(str(y) for y in years)),
        rows,
        widths=(4.0, 2.5, *([2.0] * len(years))),
        numeric=range(1, 2 + len(years)),
    )


def _alignment_table(data: PlanData, issue: StrategicIssue) -> b.Table | b.Para:
    targets = data.alignments_of(issue)
    if not targets:
        return b.Para("ยังไม่ได้ระบุความสอดคล้อง", indent=False)
    by_framework = _group(targets, lambda t: t.framework_id)
    rows = [
        (group[0].framework.name_th, "\n".join(f"{t.number}. {t.name_th}" for t in group))
        for group in by_framework.values()
    ]
    return b.table(("แผนระดับชาติ", "ประเด็นที่สอดคล้อง"), rows, widths=(6, 10))


def _value_chain_blocks(data: PlanData, issue: StrategicIssue) -> list[b.Block]:
    by_stage = data.projects_of_stage()
    result: list[b.Block] = []
    for chain in data.chains.get(issue.pk, []):
        rows: list[b.Row] = []
        for number, stage in enumerate(data.stages.get(chain.pk, []), start=1):
            rows.append(b.Row((f"ขั้นที่ {number} {stage.name}",), "group"))
            by_actor = _group(by_stage.get(stage.pk, []), lambda p: p.actor)
            for actor in ActorKind:
                projects = by_actor.get(actor.value, [])
                if projects:
                    rows.append(b.Row((ACTOR_TH[actor], "\n".join(p.name for p in projects))))
            if not by_actor:
                rows.append(b.Row((DASH, "ยังไม่มีโครงการ")))
        caption = f"ห่วงโซ่คุณค่า: {chain.name}"
        if rows:
            result.append(
                b.table(("ผู้ดำเนินการ", "แผนงาน/โครงการ"), rows, widths=(5, 11), caption=caption)
            )
        else:
            result += [b.Para(caption, bold=True, indent=False), b.Para(NO_DATA, indent=False)]
    return result or [b.Para("ไม่ได้จัดทำห่วงโซ่คุณค่า", indent=False)]


def _issue_blocks(data: PlanData, issue: StrategicIssue, number: str) -> list[b.Block]:
    goals = data.goals.get(issue.pk, [])
    strategies = data.strategies.get(issue.pk, [])
    result: list[b.Block] = [b.Heading(f"{number} {issue_heading(issue)}", 3)]
    if issue.category is not None:
        result.append(b.Para(f"หมวดประเด็นการพัฒนา: {issue.category.name_th}", indent=False))
    result += [
        b.Heading("เป้าประสงค์", 4),
        b.Bullets(tuple(f"{g.number} {g.text}" for g in goals))
        if goals
        else b.Para(NO_DATA, indent=False),
        b.Heading("ตัวชี้วัดและค่าเป้าหมาย", 4),
        _indicator_table(data, issue),
        b.Heading("กลยุทธ์", 4),
        b.Bullets(tuple(f"{s.number} {s.text}" for s in strategies))
        if strategies
        else b.Para(NO_DATA, indent=False),
        b.Heading("ความสอดคล้องกับยุทธศาสตร์ชาติ แผนแม่บท หมุดหมาย และเป้าหมายการพัฒนาที่ยั่งยืน", 4),
        _alignment_table(data, issue),
        b.Heading("ห่วงโซ่คุณค่าและโครงการตามผู้ดำเนินการ", 4),
        *_value_chain_blocks(data, issue),
    ]
    return result


def _project_years(project: PlanProject) -> str:
    first, last = project.first_year_be, project.last_year_be
    if first and last and first != last:
        return f"{first}–{last}"
    return str(first or last or DASH)


def _sum(projects: Iterable[PlanProject]) -> Decimal:
    return sum((p.budget or Decimal(0) for p in projects), Decimal(0))


def _part_projects(data: PlanData) -> list[b.Block]:
    result: list[b.Block] = [b.Section(landscape=True), b.Heading("ส่วนที่ 4 แผนงาน/โครงการ", 1)]
    if not data.projects:
        return [*result, b.Para(NO_DATA, indent=False)]
    by_issue = _group(data.projects, data.issue_of_project)
    groups = [(issue_heading(i), by_issue.get(i.pk, [])) for i in data.issues]
    groups.append(("โครงการที่ยังไม่ระบุประเด็นยุทธศาสตร์", by_issue.get(None, [])))
    rows: list[b.Row] = []
    count = 0
    for title, projects in groups:
        if not projects:
            continue
        rows.append(b.Row((title,), "group"))
        for project in projects:
            count += 1
            rows.append(
                b.Row(
                    (
                        str(count),
                        project.name,
                        project.strategy.number if project.strategy_id else DASH,
                        project.responsible or DASH,
                        ACTOR_TH.get(project.actor, project.get_actor_display()),
                        _project_years(project),
                        format_baht(project.budget) if project.budget is not None else DASH,
                    )
                )
            )
        subtotal = _sum(projects)
        rows.append(
            b.Row(
                ("", f"รวม ({baht_in_words(subtotal)})", "", "", "", "", format_baht(subtotal)),
                "total",
            )
        )
    total = _sum(data.projects)
    rows.append(b.Row(("", "รวมทั้งสิ้น", "", "", "", "", format_baht(total)), "total"))
    result += [
        b.table(
            (
                "ที่",
                "แผนงาน/โครงการ",
                "กลยุทธ์",
                "หน่วยงานรับผิดชอบ",
                "ผู้ดำเนินการ",
                "ปีงบประมาณ",
                "งบประมาณ (บาท)",
            ),
            rows,
            widths=(1, 6.4, 1.9, 4.3, 3.4, 2.7, 4.3),
            numeric=(6,),
        ),
        b.Para(
            f"รวมงบประมาณทั้งสิ้น {format_baht(total)} บาท ({baht_in_words(total)}) "
            f"จำนวน {count} โครงการ",
            bold=True,
        ),
    ]
    return result


def _chain_summary(data: PlanData) -> list[b.Block]:
    by_strategy = data.projects_of_strategy()
    rows: list[b.Row] = []
    for issue in data.issues:
        rows.append(b.Row((issue_heading(issue),), "group"))
        goals = data.goals.get(issue.pk, [])
        strategies = data.strategies.get(issue.pk, [])
        for index in range(max(len(goals), len(strategies), 1)):
            goal = goals[index] if index < len(goals) else None
            strategy = strategies[index] if index < len(strategies) else None
            indicators = data.indicators.get(goal.pk, []) if goal else []
            projects = by_strategy.get(strategy.pk, []) if strategy else []
            rows.append(
                b.Row(
                    (
                        f"{goal.number} {goal.text}" if goal else "",
                        "\n".join(f"{i.number} {i.name}" for i in indicators),
                        f"{strategy.number} {strategy.text}" if strategy else "",
                        "\n".join(f"• {p.name}" for p in projects),
                    )
                )
            )
    return [
        b.Heading("สรุปความเชื่อมโยงของยุทธศาสตร์", 1, page_break=True),
        b.Para(
            "ความเชื่อมโยงจากประเด็นยุทธศาสตร์ สู่เป้าประสงค์ ตัวชี้วัด กลยุทธ์ และแผนงาน/โครงการ",
        ),
        b.table(("เป้าประสงค์", "ตัวชี้วัด", "กลยุทธ์", "แผนงาน/โครงการ"), rows, widths=(4, 4, 4, 4))
        if rows
        else b.Para(NO_DATA, indent=False),
    ]


def document_title(data: PlanData) -> str:
    return f"{data.plan.title} ({edition_label(data.edition)})"


def plan_docx(
    data: PlanData, *, thai_digits: bool = True, progress: Progress | None = None
) -> bytes:
    blocks = b.with_thai_digits(plan_blocks(data, progress), thai_digits)
    if progress:
        progress(60, "กำลังจัดรูปแบบเอกสาร Word")
    return write_docx(blocks, title=document_title(data), thai_digits=thai_digits)


def plan_pdf(
    data: PlanData, *, thai_digits: bool = True, progress: Progress | None = None
) -> bytes:
    blocks = b.with_thai_digits(plan_blocks(data, progress), thai_digits)
    if progress:
        progress(60, "กำลังจัดหน้าเอกสาร PDF")
    return blocks_to_pdf(blocks, title=document_title(data), thai_digits=thai_digits)


# --------------------------------------------------------------------------- spreadsheet


def plan_xlsx(data: PlanData) -> bytes:
    """Sheets of issues, goals, indicators (a column per year), strategies and projects.

    Figures stay numbers, in Arabic digits, so that the sheet can compute.
    """
    workbook = xlsx.new_workbook()
    issue_no = {i.pk: i.priority for i in data.issues}
    xlsx.add_sheet(
        workbook,
        "ประเด็นยุทธศาสตร์",
        ("ลำดับความสำคัญ", "ประเด็นยุทธศาสตร์", "หมวดประเด็นการพัฒนา", "ความสอดคล้อง"),
        _issue_rows(data),
        widths=(12, 60, 30, 60),
    )
    goals = [g for i in data.issues for g in data.goals.get(i.pk, [])]
    xlsx.add_sheet(
        workbook,
        "เป้าประสงค์",
        ("ประเด็นที่", "เลขที่", "เป้าประสงค์"),
        [(issue_no[g.issue_id], g.number, g.text) for g in goals],
        widths=(10, 10, 80),
    )
    years = data.years
    xlsx.add_sheet(
        workbook,
        "ตัวชี้วัด",
        (
            "ประเด็นที่",
            "เป้าประสงค์",
            "เลขที่",
            "ตัวชี้วัด",
            "หน่วยนับ",
            "ค่าฐาน",
            "ปีฐาน (พ.ศ.)",
            *(f"เป้าหมาย {y}" for y in years),
            "ทิศทาง",
            "แหล่งข้อมูล",
            "จังหวัดควบคุมได้",
        ),
        _indicator_rows(data, goals, issue_no),
        widths=(10, 12, 10, 60, 12, 12, 12, *([12] * len(years)), 16, 30, 14),
    )
    strategies = [s for i in data.issues for s in data.strategies.get(i.pk, [])]
    xlsx.add_sheet(
        workbook,
        "กลยุทธ์",
        ("ประเด็นที่", "เลขที่", "กลยุทธ์"),
        [(issue_no[s.issue_id], s.number, s.text) for s in strategies],
        widths=(10, 10, 80),
    )
    xlsx.add_sheet(
        workbook,
        "โครงการ",
        (
            "ที่",
            "ประเด็นที่",
            "กลยุทธ์",
            "ห่วงโซ่คุณค่า",
            "ขั้นของห่วงโซ่คุณค่า",
            "แผนงาน/โครงการ",
            "ผู้ดำเนินการ",
            "หน่วยงานรับผิดชอบ",
            "ตั้งแต่ปี",
            "ถึงปี",
            "งบประมาณ (บาท)",
        ),
        _project_rows(data, issue_no),
        widths=(6, 10, 10, 24, 24, 60, 22, 30, 10, 10, 18),
    )
    return xlsx.to_bytes(workbook)


def _issue_rows(data: PlanData) -> list[tuple]:
    """The issues sheet: priority, title, category and the frameworks it aligns with."""
    return [
        (
            i.priority,
            i.title,
            i.category.name_th if i.category else "",
            "\n".join(
                f"{t.framework.name_th} {t.number}. {t.name_th}" for t in data.alignments_of(i)
            ),
        )
        for i in data.issues
    ]


def _indicator_rows(data: PlanData, goals: list[Goal], issue_no: dict[int, int]) -> list[tuple]:
    """The indicators sheet: the goals' indicators, then the plan's own, a target per year."""
    years = data.years
    goal_number = {g.pk: g.number for g in goals}
    goal_issue = {g.pk: issue_no[g.issue_id] for g in goals}
    indicators = [ind for g in goals for ind in data.indicators.get(g.pk, [])]
    indicators += data.indicators.get(None, [])
    rows = []
    for ind in indicators:
        targets = ind.target_map()
        rows.append(
            (
                goal_issue.get(ind.goal_id, ""),
                goal_number.get(ind.goal_id, ""),
                ind.number,
                ind.name,
                ind.unit,
                ind.baseline,
                ind.baseline_year_be,
                *(targets.get(year) for year in years),
                DIRECTION_TH.get(ind.direction, ind.direction),
                ind.data_source,
                "ได้" if ind.controllable else "ไม่ได้",
            )
        )
    return rows


def _project_rows(data: PlanData, issue_no: dict[int, int]) -> list[tuple]:
    """The projects sheet: a row per project of the plan, numbered from 1."""
    return [
        (
            n,
            issue_no.get(data.issue_of_project(p), ""),
            p.strategy.number if p.strategy_id else "",
            p.stage.chain.name if p.stage_id else "",
            p.stage.name if p.stage_id else "",
            p.name,
            ACTOR_TH.get(p.actor, p.actor),
            p.responsible,
            p.first_year_be,
            p.last_year_be,
            p.budget,
        )
        for n, p in enumerate(data.projects, start=1)
    ]


# --------------------------------------------------------------------------- the diff annex


def diff_blocks(diff: EditionDiff) -> list[b.Block]:
    """The annex of changes: a table per section, with kind, item, field, old and new."""
    old, new = diff.old, diff.new
    counts = diff.counts()
    result: list[b.Block] = [
        b.Section(landscape=True),
        b.Heading(f"ภาคผนวก การเปลี่ยนแปลงของ{new.plan.title}", 1),
        b.Para(
            f"เปรียบเทียบ{edition_label(new)} ({status_label(new)}) "
            f"กับ{edition_label(old)} ({status_label(old)})",
            indent=False,
        ),
        b.Para(
            f"เพิ่ม {counts[ChangeKind.ADDED]} รายการ "
            f"แก้ไข {counts[ChangeKind.CHANGED]} รายการ "
            f"ยกเลิก {counts[ChangeKind.REMOVED]} รายการ",
            indent=False,
        ),
    ]
    if not diff.items:
        return [*result, b.Para("ไม่มีการเปลี่ยนแปลง", indent=False)]
    for section, items in diff.by_section():
        rows: list[b.Row] = []
        for item in items:
            kind = CHANGE_TH[item.kind]
            changes = item.changes or ()
            if not changes:
                rows.append(b.Row((kind, item.label, DASH, DASH, DASH)))
            for index, change in enumerate(changes):
                first = index == 0
                rows.append(
                    b.Row(
                        (
                            kind if first else "",
                            item.label if first else "",
                            change.field,
                            change.old,
                            change.new,
                        )
                    )
                )
        title = SECTION_TH.get(items[0].model, section)
        result += [
            b.Heading(title, 2),
            b.table(
                ("ประเภท", "รายการ", "หัวข้อ", "เดิม", "ใหม่"),
                rows,
                widths=(2.2, 5.6, 4.4, 6, 6),
            ),
        ]
    return result


def _diff_title(diff: EditionDiff) -> str:
    return f"การเปลี่ยนแปลงของ{diff.new.plan.title} ({edition_label(diff.new)})"


def load_diff(old_id: int, new_id: int) -> EditionDiff:
    editions = PlanEdition.objects.select_related("plan__regime", "plan__province", "plan__cluster")
    old, new = editions.get(pk=old_id), editions.get(pk=new_id)
    with translation.override("th"):
        return diff_editions(old, new)


def diff_docx(diff: EditionDiff, *, thai_digits: bool = True) -> bytes:
    blocks = b.with_thai_digits(diff_blocks(diff), thai_digits)
    return write_docx(blocks, title=_diff_title(diff), thai_digits=thai_digits)


def diff_pdf(diff: EditionDiff, *, thai_digits: bool = True) -> bytes:
    blocks = b.with_thai_digits(diff_blocks(diff), thai_digits)
    return blocks_to_pdf(blocks, title=_diff_title(diff), thai_digits=thai_digits)


# --------------------------------------------------------------------------- renderers


def _int_param(params: dict[str, Any], name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, TypeError, ValueError):
        raise RenderError("คำขอจัดทำเอกสารไม่ครบถ้วน กรุณาเริ่มใหม่จากหน้าแผน") from None


def _load_for(job: Any) -> PlanData:
    try:
        return load_plan(_int_param(job.params, "edition_id"))
    except PlanEdition.DoesNotExist:
        raise RenderError("ไม่พบแผนฉบับที่ขอ อาจถูกลบไปแล้ว") from None


def _thai_digits(job: Any) -> bool:
    return bool(job.params.get("thai_digits", True))


def _filename(data: PlanData, extension: str) -> str:
    return f"{safe_filename(document_title(data))}.{extension}"


def render_plan_docx(job: Any, progress: Progress) -> RenderResult:
    progress(5, "กำลังอ่านข้อมูลแผน")
    data = _load_for(job)
    content = plan_docx(data, thai_digits=_thai_digits(job), progress=progress)
    return content, _filename(data, "docx"), DOCX


def render_plan_pdf(job: Any, progress: Progress) -> RenderResult:
    progress(5, "กำลังอ่านข้อมูลแผน")
    data = _load_for(job)
    content = plan_pdf(data, thai_digits=_thai_digits(job), progress=progress)
    return content, _filename(data, "pdf"), PDF


def render_plan_xlsx(job: Any, progress: Progress) -> RenderResult:
    progress(5, "กำลังอ่านข้อมูลแผน")
    data = _load_for(job)
    progress(40, "กำลังจัดทำตารางคำนวณ")
    return plan_xlsx(data), _filename(data, "xlsx"), XLSX


def _diff_for(job: Any) -> EditionDiff:
    old_id, new_id = _int_param(job.params, "old_id"), _int_param(job.params, "new_id")
    try:
        return load_diff(old_id, new_id)
    except PlanEdition.DoesNotExist:
        raise RenderError("ไม่พบแผนฉบับที่ขอเปรียบเทียบ อาจถูกลบไปแล้ว") from None
    except ValueError:
        raise RenderError("เปรียบเทียบได้เฉพาะฉบับของแผนเดียวกัน") from None


def _diff_filename(diff: EditionDiff, extension: str) -> str:
    return f"{safe_filename(_diff_title(diff))}.{extension}"


def render_diff_docx(job: Any, progress: Progress) -> RenderResult:
    progress(10, "กำลังเปรียบเทียบสองฉบับของแผน")
    diff = _diff_for(job)
    progress(50, "กำลังจัดรูปแบบเอกสาร Word")
    return diff_docx(diff, thai_digits=_thai_digits(job)), _diff_filename(diff, "docx"), DOCX


def render_diff_pdf(job: Any, progress: Progress) -> RenderResult:
    progress(10, "กำลังเปรียบเทียบสองฉบับของแผน")
    diff = _diff_for(job)
    progress(50, "กำลังจัดหน้าเอกสาร PDF")
    return diff_pdf(diff, thai_digits=_thai_digits(job)), _diff_filename(diff, "pdf"), PDF


PLAN_KINDS = ("plan.docx", "plan.pdf", "plan.xlsx")
DIFF_KINDS = ("plan_diff.docx", "plan_diff.pdf")


def back_to_edition(job: Any) -> tuple[str, str] | None:
    """The job page links back to the plan edition the document was made of."""
    edition_id = job.params.get("edition_id") or job.params.get("new_id")
    if not isinstance(edition_id, int):
        return None
    return reverse("plans:edition", kwargs={"pk": edition_id}), gettext("Back to the plan")


register_renderer("plan.docx", render_plan_docx, back_to_edition)
register_renderer("plan.pdf", render_plan_pdf, back_to_edition)
register_renderer("plan.xlsx", render_plan_xlsx, back_to_edition)
register_renderer("plan_diff.docx", render_diff_docx, back_to_edition)
register_renderer("plan_diff.pdf", render_diff_pdf, back_to_edition)
