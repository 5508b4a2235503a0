"""The automatic plan check (ตรวจคุณภาพแผน): what national reviewers found wrong, as rules.

Each rule is a small function registered in `RULES` under its code. Which rules run, their
severity, weight and parameters come from the edition's regime (`CheckRule` rows loaded
from data/check_rules.csv and tuned in the admin), never from constants here.

Scoring is transparent (docs/plan-check.md): for every enabled rule, `examined` is how many
things it looked at (components, or 1 for a plan-level rule) and `failed` how many failed;
the rule scores weight × (1 − failed/examined) (full weight when it examined nothing) and
the plan scores 100 × Σ rule scores / Σ weights, rounded *down* to one decimal so that any
failure shows below 100. The grade comes from the regime's thresholds.

The edition is read once per check, one query per component type (`EditionData`), so the
check costs the same dozen queries on a plan with 4 indicators or 400.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from pythainlp.tokenize import word_tokenize

from oneplan.cycles.models import Regime
from oneplan.plans.models import (
    BaselineFigure,
    CheckRule,
    Goal,
    Indicator,
    IndicatorTarget,
    PlanEdition,
    PlanKind,
    PlanProject,
    Positioning,
    Severity,
    StrategicIssue,
    Strategy,
    SwotItem,
    SwotKind,
    TowsStrategy,
)

log = logging.getLogger(__name__)

__all__ = [
    "GRADE_LABELS",
    "RULES",
    "CheckResult",
    "EditionData",
    "Finding",
    "RuleContext",
    "RuleResult",
    "check_edition",
    "count_words",
    "grade_for",
    "plan_score",
    "rule_score",
    "run_rule",
]

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    rule: str  # rule code, "PC-GOAL-NO-INDICATOR"
    severity: str  # Severity value: "error" | "warning" | "advice"
    message: str  # Thai: what is wrong and what to do, naming the component
    component: str  # model name ("goal", "indicator", ...) or "edition" for plan-level text
    component_id: int | None
    anchor: str  # id of the element on the edition page: "goal-12", "section-vision"
    label: str  # the component as people read it ("1.2 ...")


@dataclass(frozen=True)
class RuleResult:
    code: str
    title: str
    severity: str
    weight: int
    examined: int
    failed: int
    score: float  # weight × pass ratio
    source: str


GRADE_LABELS: dict[str, str] = {
    "very_good": "ดีมาก",
    "good": "ดี",
    "fair": "พอใช้",
    "needs_work": "ต้องปรับปรุง",
}


@dataclass
class CheckResult:
    edition_id: int
    score: float  # 0-100, one decimal
    grade: str  # "very_good" | "good" | "fair" | "needs_work"
    grade_label: str  # ดีมาก / ดี / พอใช้ / ต้องปรับปรุง
    findings: list[Finding] = field(default_factory=list)
    rules: list[RuleResult] = field(default_factory=list)
    # Gate rules that failed: a plan without its minimum content (a vision, strategic issues)
    # grades ต้องปรับปรุง whatever its score (a rule is a gate by its parameter "gate": true).
    gated_by: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Findings by severity, every severity present (0 when none)."""
        result = {value: 0 for value in Severity.values}
        for finding in self.findings:
            result[finding.severity] = result.get(finding.severity, 0) + 1
        return result

    def as_dict(self) -> dict[str, Any]:
        return {
            "edition_id": self.edition_id,
            "score": self.score,
            "grade": self.grade,
            "grade_label": self.grade_label,
            "counts": self.counts(),
            "findings": [asdict(f) for f in self.findings],
            "rules": [asdict(r) for r in self.rules],
            "gated_by": list(self.gated_by),
        }

    def url_for(self, finding: Finding, edition_url: str) -> str:
        return f"{edition_url.split('#', 1)[0]}#{finding.anchor}"


# --------------------------------------------------------------------------- scoring


def rule_score(weight: int, examined: int, failed: int) -> Fraction:
    """weight × (1 − failed/examined), exactly; a rule that examined nothing scores full."""
    if examined <= 0:
        return Fraction(weight)
    failed = min(max(failed, 0), examined)
    return Fraction(weight * (examined - failed), examined)


def plan_score(parts: Iterable[tuple[int, int, int]]) -> float:
    """100 × Σ rule scores / Σ weights over (weight, examined, failed), rounded down to 0.1.

    Exact arithmetic, then rounding down: 100.0 only when nothing failed, and a score
    exactly on a grade threshold is not lost to floating point.
    """
    total_weight = 0
    total_score = Fraction(0)
    for weight, examined, failed in parts:
        total_weight += weight
        total_score += rule_score(weight, examined, failed)
    if total_weight == 0:
        return 100.0
    return math.floor(100 * total_score * 10 / total_weight) / 10


def grade_for(score: float, regime: Regime) -> str:
    if score >= regime.grade_very_good:
        return "very_good"
    if score >= regime.grade_good:
        return "good"
    if score >= regime.grade_fair:
        return "fair"
    return "needs_work"


# --------------------------------------------------------------------------- Thai words

# A token counts as a word when it has a Thai letter (consonant or vowel), a Thai digit,
# or a Latin letter or digit: punctuation, ๆ, ฯ and symbols alone do not.
_WORD_RE = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e50-\u0e59A-Za-z0-9]")


def count_words(text: str) -> int:
    """Words in Thai text, by pythainlp's dictionary segmenter (Thai has no spaces)."""
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return sum(1 for token in tokens if _WORD_RE.search(token))


# --------------------------------------------------------------------------- edition data

DIMENSION_TH: dict[str, str] = {
    "economy": "เศรษฐกิจ",
    "society": "สังคม",
    "environment": "ทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    "security": "ความมั่นคง",
    "management": "การบริหารจัดการ",
}

SWOT_TH: dict[str, str] = {
    SwotKind.STRENGTH: "จุดแข็ง",
    SwotKind.WEAKNESS: "จุดอ่อน",
    SwotKind.OPPORTUNITY: "โอกาส",
    SwotKind.THREAT: "อุปสรรค",
}


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(obj: Any) -> str:
    """The component as people read it: its number and its text."""
    if isinstance(obj, StrategicIssue):
        return _short(f"{obj.priority}. {obj.title}")
    if isinstance(obj, Goal | Strategy):
        return _short(f"{obj.number} {obj.text}")
    if isinstance(obj, Indicator):
        return _short(f"{obj.number} {obj.name}")
    if isinstance(obj, SwotItem):
        return _short(f"{SWOT_TH.get(obj.kind, obj.kind)}: {obj.text}")
    return _short(str(obj))


class EditionData:
    """What the rules read of one edition: each part loaded on first use, in one query."""

    def __init__(self, edition: PlanEdition) -> None:
        self.edition = edition
        self.plan = edition.plan

    @property
    def is_province(self) -> bool:
        return self.plan.kind == PlanKind.PROVINCE

    @property
    def owner_word(self) -> str:
        return "จังหวัด" if self.is_province else "กลุ่มจังหวัด"

    @cached_property
    def years(self) -> list[int]:
        return self.plan.years

    @cached_property
    def baseline_dimensions(self) -> set[str]:
        rows = BaselineFigure.objects.filter(edition=self.edition)
        return set(rows.values_list("dimension", flat=True))

    @cached_property
    def swot_items(self) -> list[SwotItem]:
        return list(SwotItem.objects.filter(edition=self.edition))

    @cached_property
    def tows_count(self) -> int:
        return TowsStrategy.objects.filter(edition=self.edition).count()

    @cached_property
    def positioning_dimensions(self) -> set[str]:
        rows = Positioning.objects.filter(edition=self.edition)
        return set(rows.values_list("dimension", flat=True))

    @cached_property
    def issues(self) -> list[StrategicIssue]:
        return list(StrategicIssue.objects.filter(edition=self.edition))

    @cached_property
    def aligned_issue_ids(self) -> set[int]:
        through = StrategicIssue.alignments.through
        rows = through.objects.filter(strategicissue__edition=self.edition)
        return set(rows.values_list("strategicissue_id", flat=True))

    @cached_property
    def cluster_linked_issue_ids(self) -> set[int]:
        through = StrategicIssue.cluster_issues.through
        rows = through.objects.filter(from_strategicissue__edition=self.edition)
        return set(rows.values_list("from_strategicissue_id", flat=True))

    @cached_property
    def goals(self) -> list[Goal]:
        return list(Goal.objects.filter(edition=self.edition))

    @cached_property
    def indicators(self) -> list[Indicator]:
        return list(Indicator.objects.filter(edition=self.edition))

    @cached_property
    def target_years(self) -> dict[int, set[int]]:
        result: dict[int, set[int]] = defaultdict(set)
        rows = IndicatorTarget.objects.filter(indicator__edition=self.edition)
        for indicator_id, year in rows.values_list("indicator_id", "year_be"):
            result[indicator_id].add(year)
        return result

    @cached_property
    def strategies(self) -> list[Strategy]:
        return list(Strategy.objects.filter(edition=self.edition))

    @cached_property
    def projects(self) -> list[PlanProject]:
        return list(PlanProject.objects.filter(edition=self.edition))

    # Derived maps, from the lists above (no further queries).

    @cached_property
    def goal_issue_ids(self) -> set[int]:
        return {g.issue_id for g in self.goals}

    @cached_property
    def indicator_goal_ids(self) -> set[int]:
        return {i.goal_id for i in self.indicators if i.goal_id is not None}

    @cached_property
    def strategy_issue_ids(self) -> set[int]:
        return {s.issue_id for s in self.strategies}

    @cached_property
    def project_strategy_ids(self) -> set[int]:
        return {p.strategy_id for p in self.projects if p.strategy_id is not None}

    @cached_property
    def budgeted_issue_ids(self) -> set[int]:
        """Issues with a project whose budget is above zero under one of their strategies."""
        issue_of = {s.pk: s.issue_id for s in self.strategies}
        return {
            issue_of[p.strategy_id]
            for p in self.projects
            if p.strategy_id in issue_of and p.budget is not None and p.budget > Decimal(0)
        }


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RuleContext:
    """What a rule function gets: the data, its parameters, and how to word a finding."""

    data: EditionData
    code: str
    severity: str
    params: Mapping[str, Any]

    def finding(self, message: str, obj: Any) -> Finding:
        """A finding on a component (a model instance)."""
        name = obj._meta.model_name
        return Finding(
            rule=self.code,
            severity=self.severity,
            message=message,
            component=name,
            component_id=obj.pk,
            anchor=f"{name}-{obj.pk}",
            label=_label(obj),
        )

    def section(self, message: str, section: str, label: str) -> Finding:
        """A finding on a section of the edition's own text ("section-vision")."""
        return Finding(
            rule=self.code,
            severity=self.severity,
            message=message,
            component="edition",
            component_id=self.data.edition.pk,
            anchor=f"section-{section}",
            label=label,
        )


Outcome = tuple[int, list[Finding]]  # (examined, findings: at most one per examined thing)
RuleFunction = Callable[[RuleContext], Outcome]

RULES: dict[str, RuleFunction] = {}


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"plan-check rule {code} registered twice")
        RULES[code] = function
        return function

    return register


def _dimensions(ctx: RuleContext) -> list[str]:
    return [str(d) for d in ctx.params.get("dimensions", [])]


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


# Plan-level text.


def _each_without(
    ctx: RuleContext, items: Sequence[Any], present: Collection[int], message: Callable[[Any], str]
) -> Outcome:
    """One finding for each item whose id is not in `present` (e.g. a goal with no indicator)."""
    findings = [ctx.finding(message(item), item) for item in items if item.pk not in present]
    return len(items), findings


@rule("PC-VISION-MISSING")
def vision_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.vision.strip():
        return 1, []
    message = (
        f"ยังไม่ได้กำหนดวิสัยทัศน์ของแผน ให้เขียนวิสัยทัศน์ที่บอกภาพอนาคตของ{ctx.data.owner_word}"
        "เมื่อสิ้นสุดแผน อย่างกระชับและสื่อจุดเน้นการพัฒนา"
    )
    return 1, [ctx.section(message, "vision", "วิสัยทัศน์")]


@rule("PC-VISION-LENGTH")
def vision_length(ctx: RuleContext) -> Outcome:
    vision = ctx.data.edition.vision.strip()
    if not vision:
        return 0, []  # PC-VISION-MISSING says so
    words = count_words(vision)
    low, high = ctx.params.get("min_words"), ctx.params.get("max_words")
    if low is not None and words < int(low):
        message = (
            f"วิสัยทัศน์มีเพียง {words} คำ (นับตามการตัดคำภาษาไทย) สั้นเกินกว่าจะสื่อทิศทางการพัฒนา "
            f"ให้ขยายให้มีอย่างน้อย {low} คำ โดยระบุจุดเน้นการพัฒนาที่สำคัญของ{ctx.data.owner_word}"
        )
    elif high is not None and words > int(high):
        message = (
            f"วิสัยทัศน์ยาว {words} คำ (นับตามการตัดคำภาษาไทย) เกินกว่าจะจดจำและสื่อสารได้ "
            f"ให้กระชับให้ไม่เกิน {high} คำ โดยคงไว้เฉพาะจุดเน้นการพัฒนาที่สำคัญ"
        )
    else:
        return 1, []
    return 1, [ctx.section(message, "vision", "วิสัยทัศน์")]


@rule("PC-MISSION-MISSING")
def mission_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.missions:
        return 1, []
    message = "ยังไม่ได้กำหนดพันธกิจ ให้ระบุพันธกิจที่จะนำไปสู่วิสัยทัศน์ บรรทัดละ 1 ข้อ"
    return 1, [ctx.section(message, "mission", "พันธกิจ")]


@rule("PC-GENERAL-INFO-MISSING")
def general_info_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.general_info.strip():
        return 1, []
    word = ctx.data.owner_word
    message = (
        f"ยังไม่มีข้อมูลสภาพทั่วไปของ{word} ให้เพิ่มข้อมูลสภาพทั่วไปที่ครอบคลุมทุกมิติการพัฒนาที่สำคัญ "
        "(ที่ตั้ง ประชากร เศรษฐกิจ สังคม ทรัพยากรธรรมชาติ) พร้อมแหล่งที่มาของข้อมูล"
    )
    return 1, [ctx.section(message, "general", "ข้อมูลสภาพทั่วไป")]


@rule("PC-BASELINE-DIMENSION")
def baseline_dimension(ctx: RuleContext) -> Outcome:
    wanted = _dimensions(ctx)
    present = ctx.data.baseline_dimensions
    findings = []
    for dimension in wanted:
        if dimension in present:
            continue
        name = DIMENSION_TH.get(dimension, dimension)
        message = (
            f"ข้อมูลพื้นฐานยังไม่มีข้อมูลด้าน{name} ให้เพิ่มข้อมูลพื้นฐานด้าน{name}อย่างน้อย 1 รายการ "
            "พร้อมปีของข้อมูลและแหล่งที่มา"
        )
        findings.append(ctx.section(message, "baseline", f"ข้อมูลพื้นฐานด้าน{name}"))
    return len(wanted), findings


@rule("PC-NO-PAST-PERFORMANCE")
def no_past_performance(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.past_performance.strip():
        return 1, []
    message = (
        "ยังไม่มีหัวข้อผลการดำเนินงานที่ผ่านมา ให้สรุปผลการดำเนินงานตามแผนช่วงที่ผ่านมา "
        "เทียบกับค่าเป้าหมายของตัวชี้วัด ตามข้อเสนอแนะของคณะกรรมการระดับชาติ"
    )
    return 1, [ctx.section(message, "past", "ผลการดำเนินงานที่ผ่านมา")]


@rule("PC-SWOT-INCOMPLETE")
def swot_incomplete(ctx: RuleContext) -> Outcome:
    present = {item.kind for item in ctx.data.swot_items}
    findings = []
    for kind in SwotKind.values:
        if kind in present:
            continue
        name = SWOT_TH[kind]
        message = f"การวิเคราะห์ SWOT ยังไม่มี{name} ({kind}) ให้เพิ่ม{name}อย่างน้อย 1 ข้อ พร้อมข้อมูลสนับสนุน"
        findings.append(ctx.section(message, "swot", f"SWOT: {name}"))
    return len(SwotKind.values), findings


@rule("PC-SWOT-NO-EVIDENCE")
def swot_no_evidence(ctx: RuleContext) -> Outcome:
    items = ctx.data.swot_items
    findings = [
        ctx.finding(
            f"ปัจจัย SWOT “{_label(item)}” ไม่มีข้อมูลสนับสนุน ให้ระบุข้อมูลหรือสถิติที่ยืนยันข้อนี้ "
            "พร้อมแหล่งที่มา เพื่อไม่ให้การวิเคราะห์เป็นเพียงความเห็น",
            item,
        )
        for item in items
        if not item.evidence.strip()
    ]
    return len(items), findings


@rule("PC-NO-TOWS")
def no_tows(ctx: RuleContext) -> Outcome:
    if ctx.data.tows_count:
        return 1, []
    message = (
        "ยังไม่มีกลยุทธ์จากการวิเคราะห์ TOWS ให้จับคู่ปัจจัย SWOT เป็นกลยุทธ์เชิงรุก (SO) "
        "เชิงป้องกัน (ST) เชิงแก้ไข (WO) และเชิงรับ (WT) เพื่อใช้กำหนดประเด็นยุทธศาสตร์"
    )
    return 1, [ctx.section(message, "tows", "TOWS Matrix")]


@rule("PC-NO-POSITIONING")
def no_positioning(ctx: RuleContext) -> Outcome:
    wanted = _dimensions(ctx)
    present = ctx.data.positioning_dimensions
    findings = []
    for dimension in wanted:
        if dimension in present:
            continue
        name = DIMENSION_TH.get(dimension, dimension)
        message = (
            f"ยังไม่ได้กำหนดตำแหน่งการพัฒนา (Positioning) ด้าน{name} "
            f"ให้ระบุตำแหน่งการพัฒนาด้าน{name}ของ{ctx.data.owner_word}"
        )
        findings.append(ctx.section(message, "positioning", f"ตำแหน่งการพัฒนาด้าน{name}"))
    return len(wanted), findings


# Strategic issues.


@rule("PC-ISSUES-MISSING")
def issues_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.issues:
        return 1, []
    message = (
        "ยังไม่มีประเด็นยุทธศาสตร์ ให้กำหนดประเด็นยุทธศาสตร์เรียงตามลำดับความสำคัญ "
        "พร้อมเป้าประสงค์ ตัวชี้วัด ค่าเป้าหมาย และกลยุทธ์ของแต่ละประเด็น"
    )
    return 1, [ctx.section(message, "issues", "ประเด็นยุทธศาสตร์")]


@rule("PC-ISSUE-PRIORITY")
def issue_priority(ctx: RuleContext) -> Outcome:
    issues = ctx.data.issues
    if not issues:
        return 0, []
    priorities = sorted(issue.priority for issue in issues)
    expected = list(range(1, len(issues) + 1))
    if priorities == expected:
        return 1, []
    counts = Counter(priorities)
    duplicates = sorted(p for p, n in counts.items() if n > 1)
    gaps = [p for p in expected if p not in counts]
    details = []
    if duplicates:
        details.append(f"ลำดับที่ซ้ำกัน: {_numbers(duplicates)}")
    if gaps:
        details.append(f"ลำดับที่ขาดไป: {_numbers(gaps)}")
    message = (
        f"ลำดับความสำคัญของประเด็นยุทธศาสตร์เป็น {_numbers(priorities)} "
        f"({'; '.join(details)}) ให้เรียงลำดับใหม่เป็น 1 ถึง {len(issues)} โดยไม่ซ้ำและไม่ข้ามลำดับ"
    )
    return 1, [ctx.section(message, "issues", "ลำดับความสำคัญของประเด็นยุทธศาสตร์")]


@rule("PC-ISSUE-NO-CATEGORY")
def issue_no_category(ctx: RuleContext) -> Outcome:
    issues = ctx.data.issues
    findings = [
        ctx.finding(
            f"ประเด็นยุทธศาสตร์ “{_label(issue)}” ยังไม่ได้ระบุหมวดระดับชาติ "
            "ให้เลือกหมวด (เช่น การเกษตร การท่องเที่ยว) เพื่อใช้สรุปลำดับความสำคัญระดับประเทศ",
            issue,
        )
        for issue in issues
        if issue.category_id is None
    ]
    return len(issues), findings


@rule("PC-ISSUE-NO-ALIGNMENT")
def issue_no_alignment(ctx: RuleContext) -> Outcome:
    issues = ctx.data.issues
    aligned = ctx.data.aligned_issue_ids
    findings = [
        ctx.finding(
            f"ประเด็นยุทธศาสตร์ “{_label(issue)}” ยังไม่เชื่อมโยงกับแผนระดับชาติ "
            "ให้ระบุความสอดคล้องกับยุทธศาสตร์ชาติ แผนแม่บท หมุดหมายของแผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ "
            "หรือเป้าหมายการพัฒนาที่ยั่งยืน (SDGs) อย่างน้อย 1 รายการ",
            issue,
        )
        for issue in issues
        if issue.pk not in aligned
    ]
    return len(issues), findings


@rule("PC-ISSUE-NO-CLUSTER-LINK")
def issue_no_cluster_link(ctx: RuleContext) -> Outcome:
    if not ctx.data.is_province:
        return 0, []  # only a provincial plan aligns with a cluster plan
    return _each_without(
        ctx,
        ctx.data.issues,
        ctx.data.cluster_linked_issue_ids,
        lambda issue: (
            f"ประเด็นยุทธศาสตร์ “{_label(issue)}” ยังไม่เชื่อมโยงกับแผนพัฒนากลุ่มจังหวัด "
            "ให้ระบุประเด็นยุทธศาสตร์ของกลุ่มจังหวัดที่ประเด็นนี้สนับสนุน"
        ),
    )


@rule("PC-ISSUE-NO-GOAL")
def issue_no_goal(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.issues,
        ctx.data.goal_issue_ids,
        lambda issue: (
            f"ประเด็นยุทธศาสตร์ “{_label(issue)}” ยังไม่มีเป้าประสงค์ "
            "ให้เพิ่มเป้าประสงค์อย่างน้อย 1 ข้อที่บอกผลลัพธ์ที่ต้องการจากประเด็นนี้"
        ),
    )


@rule("PC-GOAL-NO-INDICATOR")
def goal_no_indicator(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.goals,
        ctx.data.indicator_goal_ids,
        lambda goal: (
            f"เป้าประสงค์ “{_label(goal)}” ยังไม่มีตัวชี้วัด ให้เพิ่มตัวชี้วัดอย่างน้อย 1 ตัว "
            "ที่วัดผลของเป้าประสงค์นี้ได้ พร้อมค่าฐานและค่าเป้าหมายรายปี"
        ),
    )


# Indicators.


@rule("PC-INDICATOR-NO-GOAL")
def indicator_no_goal(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    findings = [
        ctx.finding(
            f"ตัวชี้วัด “{_label(indicator)}” ไม่ได้ผูกกับเป้าประสงค์ใด "
            "ให้เลือกเป้าประสงค์ที่ตัวชี้วัดนี้วัด หรือลบตัวชี้วัดออกหากไม่เกี่ยวข้องกับเป้าประสงค์ใดของแผน",
            indicator,
        )
        for indicator in indicators
        if indicator.goal_id is None
    ]
    return len(indicators), findings


@rule("PC-INDICATOR-NO-TARGET")
def indicator_no_target(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    years = ctx.data.years
    span = f"{years[0]}–{years[-1]}" if years else ""
    findings = []
    for indicator in indicators:
        missing = [y for y in years if y not in ctx.data.target_years.get(indicator.pk, ())]
        if not missing:
            continue
        message = (
            f"ตัวชี้วัด “{_label(indicator)}” ยังไม่มีค่าเป้าหมายปี พ.ศ. {_numbers(missing)} "
            f"ให้กำหนดค่าเป้าหมายให้ครบทุกปีของแผน (พ.ศ. {span})"
        )
        findings.append(ctx.finding(message, indicator))
    return len(indicators), findings


@rule("PC-INDICATOR-NO-BASELINE")
def indicator_no_baseline(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    findings = [
        ctx.finding(
            f"ตัวชี้วัด “{_label(indicator)}” ยังไม่มีค่าฐาน (baseline) "
            "ให้ระบุค่าฐานพร้อมปีที่วัด เพื่อใช้เทียบกับค่าเป้าหมายและติดตามความก้าวหน้า",
            indicator,
        )
        for indicator in indicators
        if indicator.baseline is None
    ]
    return len(indicators), findings


@rule("PC-INDICATOR-NO-SOURCE")
def indicator_no_source(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    findings = []
    for indicator in indicators:
        missing = [
            name
            for name, value in (("หน่วยนับ", indicator.unit), ("แหล่งข้อมูล", indicator.data_source))
            if not value.strip()
        ]
        if not missing:
            continue
        what = "และ".join(missing)
        message = (
            f"ตัวชี้วัด “{_label(indicator)}” ยังไม่ระบุ{what} ให้ระบุ{what}ของตัวชี้วัด เพื่อให้วัดและตรวจสอบผลได้"
        )
        findings.append(ctx.finding(message, indicator))
    return len(indicators), findings


@rule("PC-INDICATOR-EXTERNAL")
def indicator_external(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    terms = [str(t) for t in ctx.params.get("terms", []) if str(t).strip()]
    findings = []
    for indicator in indicators:
        name = indicator.name.casefold()
        term = next((t for t in terms if t.casefold() in name), None)
        if term is not None:
            why = f"อิง “{term}” ซึ่งขึ้นกับปัจจัยภายนอกที่{ctx.data.owner_word}ควบคุมไม่ได้"
        elif not indicator.controllable:
            why = f"ถูกระบุว่าเป็นผลที่{ctx.data.owner_word}ไม่สามารถส่งผลได้"
        else:
            continue
        message = (
            f"ตัวชี้วัด “{_label(indicator)}” {why} ให้เปลี่ยนเป็นตัวชี้วัดที่วัดผลจากการดำเนินงาน"
            f"ของ{ctx.data.owner_word}โดยตรง (เช่น รายได้ของกลุ่มเป้าหมาย ผลผลิตต่อไร่)"
        )
        findings.append(ctx.finding(message, indicator))
    return len(indicators), findings


# Strategies and projects.


@rule("PC-ISSUE-NO-STRATEGY")
def issue_no_strategy(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.issues,
        ctx.data.strategy_issue_ids,
        lambda issue: (
            f"ประเด็นยุทธศาสตร์ “{_label(issue)}” ยังไม่มีกลยุทธ์ "
            "ให้เพิ่มกลยุทธ์ที่บอกแนวทางดำเนินการที่ชัดเจนเพื่อให้บรรลุเป้าประสงค์ของประเด็นนี้"
        ),
    )


@rule("PC-STRATEGY-NO-PROJECT")
def strategy_no_project(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.strategies,
        ctx.data.project_strategy_ids,
        lambda strategy: (
            f"กลยุทธ์ “{_label(strategy)}” ยังไม่มีแผนงาน/โครงการรองรับ "
            "ให้เพิ่มโครงการที่ตอบสนองกลยุทธ์นี้ พร้อมหน่วยงานรับผิดชอบและงบประมาณ"
        ),
    )


@rule("PC-TOP-ISSUE-NO-BUDGET")
def top_issue_no_budget(ctx: RuleContext) -> Outcome:
    top = int(ctx.params.get("top_priorities", 0))
    issues = [issue for issue in ctx.data.issues if issue.priority <= top]
    budgeted = ctx.data.budgeted_issue_ids
    findings = [
        ctx.finding(
            f"ประเด็นยุทธศาสตร์ลำดับที่ {issue.priority} “{_label(issue)}” ยังไม่มีโครงการที่ระบุงบประมาณ "
            "ให้ระบุโครงการภายใต้กลยุทธ์ของประเด็นนี้พร้อมวงเงินงบประมาณ "
            "เพราะเป็นประเด็นที่มีลำดับความสำคัญสูง",
            issue,
        )
        for issue in issues
        if issue.pk not in budgeted
    ]
    return len(issues), findings


# --------------------------------------------------------------------------- running


def _run(code: str, data: EditionData, params: Mapping[str, Any], severity: str) -> Outcome:
    ctx = RuleContext(data=data, code=code, severity=severity, params=params or {})
    examined, findings = RULES[code](ctx)
    return examined, findings


def run_rule(
    code: str, edition: PlanEdition, params: dict, *, severity: str | None = None
) -> tuple[int, list[Finding]]:
    """Run one rule on an edition: (examined, findings).

    The findings carry `severity` when given, else the severity of the regime's row for the
    rule (warning if the regime has none). Raises KeyError for an unknown code.
    """
    if code not in RULES:
        raise KeyError(f"no plan-check rule {code}")
    if severity is None:
        row = CheckRule.objects.filter(regime_id=edition.plan.regime_id, code=code).first()
        severity = row.severity if row else Severity.WARNING
    return _run(code, EditionData(edition), params, severity)


def check_edition(edition: PlanEdition) -> CheckResult:
    """Run the regime's enabled rules on an edition: score, grade, findings, rule by rule."""
    regime = edition.plan.regime
    data = EditionData(edition)
    findings: list[Finding] = []
    results: list[RuleResult] = []
    gated_by: list[str] = []
    for row in regime.rules.filter(enabled=True).order_by("order", "code"):
        if row.code not in RULES:
            log.warning("plan-check rule %s of regime %s has no function", row.code, regime.code)
            continue
        examined, rule_findings = _run(row.code, data, row.params, row.severity)
        failed = min(len(rule_findings), examined)
        results.append(
            RuleResult(
                code=row.code,
                title=row.title_th,
                severity=row.severity,
                weight=row.weight,
                examined=examined,
                failed=failed,
                score=round(float(rule_score(row.weight, examined, failed)), 2),
                source=row.source,
            )
        )
        findings.extend(rule_findings)
        if failed and row.params.get("gate"):
            gated_by.append(row.code)
    score = plan_score((r.weight, r.examined, r.failed) for r in results)
    grade = "needs_work" if gated_by else grade_for(score, regime)
    return CheckResult(
        edition_id=edition.pk,
        score=score,
        grade=grade,
        grade_label=GRADE_LABELS[grade],
        findings=findings,
        rules=results,
        gated_by=gated_by,
    )
