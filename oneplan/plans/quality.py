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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pythainlp.tokenize import word_tokenize

from oneplan.cycles.models import Regime
from oneplan.cycles.rules import RegimeWithoutRules
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
    "NoCheckRules",
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
    message: str  # what is wrong and what to do, naming the component (user's language)
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


# Lazy: turned into the language of the moment by `check_edition` (str), never cached lazy.
GRADE_LABELS: dict[str, Any] = {
    "very_good": gettext_lazy("Very good"),  # ดีมาก
    "good": gettext_lazy("Good"),  # ดี
    "fair": gettext_lazy("Fair"),  # พอใช้
    "needs_work": gettext_lazy("Needs work"),  # ต้องปรับปรุง
}


@dataclass
class CheckResult:
    edition_id: int
    score: float  # 0-100, one decimal
    grade: str  # "very_good" | "good" | "fair" | "needs_work"
    grade_label: str  # GRADE_LABELS in the language of the check (a str)
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


class NoCheckRules(RegimeWithoutRules):
    """The regime has no plan-check rule in use: it refuses to grade rather than call an
    empty plan ดีมาก (a ValidationError: a message on the page, 400 in the API)."""

    refusal = gettext_lazy(
        "The regime “%(regime)s” has no plan-check rules in use, so it cannot grade a "
        "plan. The national secretariat must add its rules, or create the regime from "
        "another one (“New regime from this one”) to copy them."
    )
    refusal_code = "no_check_rules"

    def __init__(self, regime: Regime) -> None:
        super().__init__(regime.name_th, regime.code)
        self.regime = regime


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

# Names as the findings use them (lazy: str() them where they are read).
DIMENSION_TH: dict[str, Any] = {
    "economy": gettext_lazy("Economy"),  # เศรษฐกิจ
    "society": gettext_lazy("Society"),  # สังคม
    "environment": gettext_lazy("Natural resources and environment"),
    "security": gettext_lazy("Security"),  # ความมั่นคง
    "management": gettext_lazy("Management"),  # การบริหารจัดการ
}

SWOT_TH: dict[str, Any] = {
    SwotKind.STRENGTH: gettext_lazy("Strength"),  # จุดแข็ง
    SwotKind.WEAKNESS: gettext_lazy("Weakness"),  # จุดอ่อน
    SwotKind.OPPORTUNITY: gettext_lazy("Opportunity"),  # โอกาส
    SwotKind.THREAT: gettext_lazy("Threat"),  # อุปสรรค
}


def _dimension_name(dimension: str) -> str:
    return str(DIMENSION_TH.get(dimension, dimension))


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
    if ctx.data.is_province:
        message = _(
            "The plan has no vision yet: write a vision that pictures the province at the end "
            "of the plan, concisely, conveying the focus of its development"
        )
    else:
        message = _(
            "The plan has no vision yet: write a vision that pictures the province cluster at "
            "the end of the plan, concisely, conveying the focus of its development"
        )
    return 1, [ctx.section(message, "vision", _("Vision"))]


@rule("PC-VISION-LENGTH")
def vision_length(ctx: RuleContext) -> Outcome:
    vision = ctx.data.edition.vision.strip()
    if not vision:
        return 0, []  # PC-VISION-MISSING says so
    words = count_words(vision)
    low, high = ctx.params.get("min_words"), ctx.params.get("max_words")
    if low is not None and words < int(low):
        if ctx.data.is_province:
            message = _(
                "The vision has only %(words)s words (as Thai text is segmented), too short to "
                "convey the direction of development: expand it to at least %(low)s words, "
                "naming the main focus of the province's development"
            )
        else:
            message = _(
                "The vision has only %(words)s words (as Thai text is segmented), too short to "
                "convey the direction of development: expand it to at least %(low)s words, "
                "naming the main focus of the province cluster's development"
            )
        message %= {"words": words, "low": low}
    elif high is not None and words > int(high):
        message = _(
            "The vision is %(words)s words long (as Thai text is segmented), too long to "
            "remember and communicate: shorten it to at most %(high)s words, keeping only the "
            "main focus of development"
        ) % {"words": words, "high": high}
    else:
        return 1, []
    return 1, [ctx.section(message, "vision", _("Vision"))]


@rule("PC-MISSION-MISSING")
def mission_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.missions:
        return 1, []
    message = _(
        "The plan has no missions yet: list the missions that lead to the vision, one per line"
    )
    return 1, [ctx.section(message, "mission", _("Missions"))]


@rule("PC-GENERAL-INFO-MISSING")
def general_info_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.general_info.strip():
        return 1, []
    if ctx.data.is_province:
        message = _(
            "There is no general information about the province yet: add general information "
            "covering every major dimension of development (location, population, economy, "
            "society, natural resources), with the sources of the data"
        )
    else:
        message = _(
            "There is no general information about the province cluster yet: add general "
            "information covering every major dimension of development (location, population, "
            "economy, society, natural resources), with the sources of the data"
        )
    return 1, [ctx.section(message, "general", _("General information"))]


@rule("PC-BASELINE-DIMENSION")
def baseline_dimension(ctx: RuleContext) -> Outcome:
    wanted = _dimensions(ctx)
    present = ctx.data.baseline_dimensions
    findings = []
    for dimension in wanted:
        if dimension in present:
            continue
        name = _dimension_name(dimension)
        message = _(
            "The baseline data has nothing on the dimension “%(dimension)s”: add at least one "
            "baseline figure on “%(dimension)s”, with the year of the figure and its source"
        ) % {"dimension": name}
        label = _("Baseline data: %(dimension)s") % {"dimension": name}
        findings.append(ctx.section(message, "baseline", label))
    return len(wanted), findings


@rule("PC-NO-PAST-PERFORMANCE")
def no_past_performance(ctx: RuleContext) -> Outcome:
    if ctx.data.edition.past_performance.strip():
        return 1, []
    message = _(
        "There is no section on past performance yet: summarise what the previous plan "
        "achieved against its indicators' targets, as the national committee recommends"
    )
    return 1, [ctx.section(message, "past", _("Past performance"))]


@rule("PC-SWOT-INCOMPLETE")
def swot_incomplete(ctx: RuleContext) -> Outcome:
    present = {item.kind for item in ctx.data.swot_items}
    findings = []
    for kind in SwotKind.values:
        if kind in present:
            continue
        name = str(SWOT_TH[kind])
        message = _(
            "The SWOT analysis has no %(name)s (%(kind)s) yet: add at least one %(name)s, "
            "with its supporting evidence"
        ) % {"name": name, "kind": kind}
        findings.append(ctx.section(message, "swot", f"SWOT: {name}"))
    return len(SwotKind.values), findings


@rule("PC-SWOT-NO-EVIDENCE")
def swot_no_evidence(ctx: RuleContext) -> Outcome:
    items = ctx.data.swot_items
    findings = [
        ctx.finding(
            _(
                "The SWOT factor “%(item)s” has no supporting evidence: give the data or "
                "statistics that confirm it, with their source, so that the analysis is more "
                "than opinion"
            )
            % {"item": _label(item)},
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
    message = _(
        "There are no strategies from a TOWS analysis yet: pair the SWOT factors into "
        "offensive (SO), defensive (ST), corrective (WO) and protective (WT) strategies, "
        "from which to set the strategic issues"
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
        name = _dimension_name(dimension)
        if ctx.data.is_province:
            message = _(
                "No development positioning is set for the dimension “%(dimension)s”: state "
                "the province's development positioning in “%(dimension)s”"
            )
        else:
            message = _(
                "No development positioning is set for the dimension “%(dimension)s”: state "
                "the province cluster's development positioning in “%(dimension)s”"
            )
        message %= {"dimension": name}
        label = _("Development positioning: %(dimension)s") % {"dimension": name}
        findings.append(ctx.section(message, "positioning", label))
    return len(wanted), findings


# Strategic issues.


@rule("PC-ISSUES-MISSING")
def issues_missing(ctx: RuleContext) -> Outcome:
    if ctx.data.issues:
        return 1, []
    message = _(
        "There are no strategic issues yet: set the strategic issues in order of priority, "
        "each with its goals, indicators, targets and strategies"
    )
    return 1, [ctx.section(message, "issues", _("Strategic issues"))]


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
        details.append(_("repeated: %(numbers)s") % {"numbers": _numbers(duplicates)})
    if gaps:
        details.append(_("missing: %(numbers)s") % {"numbers": _numbers(gaps)})
    message = _(
        "The strategic issues are ranked %(priorities)s (%(details)s): rank them again from "
        "1 to %(count)s, with no rank repeated or skipped"
    ) % {"priorities": _numbers(priorities), "details": "; ".join(details), "count": len(issues)}
    label = _("Priority of the strategic issues")
    return 1, [ctx.section(message, "issues", label)]


@rule("PC-ISSUE-NO-CATEGORY")
def issue_no_category(ctx: RuleContext) -> Outcome:
    issues = ctx.data.issues
    findings = [
        ctx.finding(
            _(
                "The strategic issue “%(issue)s” has no national category: choose one (e.g. "
                "agriculture, tourism), used to sum up the priorities of the country"
            )
            % {"issue": _label(issue)},
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
            _(
                "The strategic issue “%(issue)s” is not linked to any national plan: state its "
                "alignment with the National Strategy, a master plan, a milestone of the "
                "National Economic and Social Development Plan or a Sustainable Development "
                "Goal (SDG), at least one"
            )
            % {"issue": _label(issue)},
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
            _(
                "The strategic issue “%(issue)s” is not linked to the province cluster's "
                "development plan: name the cluster's strategic issues that this issue supports"
            )
            % {"issue": _label(issue)}
        ),
    )


@rule("PC-ISSUE-NO-GOAL")
def issue_no_goal(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.issues,
        ctx.data.goal_issue_ids,
        lambda issue: (
            _(
                "The strategic issue “%(issue)s” has no goal yet: add at least one goal stating "
                "the outcome wanted from this issue"
            )
            % {"issue": _label(issue)}
        ),
    )


@rule("PC-GOAL-NO-INDICATOR")
def goal_no_indicator(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.goals,
        ctx.data.indicator_goal_ids,
        lambda goal: (
            _(
                "The goal “%(goal)s” has no indicator yet: add at least one indicator that "
                "measures it, with its baseline and yearly targets"
            )
            % {"goal": _label(goal)}
        ),
    )


# Indicators.


@rule("PC-INDICATOR-NO-GOAL")
def indicator_no_goal(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    findings = [
        ctx.finding(
            _(
                "The indicator “%(indicator)s” belongs to no goal: choose the goal it measures, "
                "or delete it if it has nothing to do with any goal of the plan"
            )
            % {"indicator": _label(indicator)},
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
        message = _(
            "The indicator “%(indicator)s” has no target for B.E. %(years)s: set a target for "
            "every year of the plan (B.E. %(span)s)"
        ) % {"indicator": _label(indicator), "years": _numbers(missing), "span": span}
        findings.append(ctx.finding(message, indicator))
    return len(indicators), findings


@rule("PC-INDICATOR-NO-BASELINE")
def indicator_no_baseline(ctx: RuleContext) -> Outcome:
    indicators = ctx.data.indicators
    findings = [
        ctx.finding(
            _(
                "The indicator “%(indicator)s” has no baseline yet: give its baseline with the "
                "year it was measured, to compare with the targets and follow progress"
            )
            % {"indicator": _label(indicator)},
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
        no_unit, no_source = not indicator.unit.strip(), not indicator.data_source.strip()
        if no_unit and no_source:
            message = _(
                "The indicator “%(indicator)s” has no unit and no data source yet: give its "
                "unit and data source, so that results can be measured and verified"
            )
        elif no_unit:
            message = _(
                "The indicator “%(indicator)s” has no unit yet: give its unit, so that results "
                "can be measured and verified"
            )
        elif no_source:
            message = _(
                "The indicator “%(indicator)s” has no data source yet: give its data source, so "
                "that results can be measured and verified"
            )
        else:
            continue
        message %= {"indicator": _label(indicator)}
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
        province = ctx.data.is_province
        if term is not None and province:
            message = _(
                "The indicator “%(indicator)s” rests on “%(term)s”, which depends on outside "
                "factors the province cannot control: replace it with an indicator that "
                "measures the results of the province's own work directly (e.g. the income "
                "of the target group, yield per rai)"
            )
        elif term is not None:
            message = _(
                "The indicator “%(indicator)s” rests on “%(term)s”, which depends on outside "
                "factors the province cluster cannot control: replace it with an indicator "
                "that measures the results of the province cluster's own work directly (e.g. "
                "the income of the target group, yield per rai)"
            )
        elif not indicator.controllable and province:
            message = _(
                "The indicator “%(indicator)s” is marked as a result the province cannot "
                "influence: replace it with an indicator that measures the results of the "
                "province's own work directly (e.g. the income of the target group, yield per "
                "rai)"
            )
        elif not indicator.controllable:
            message = _(
                "The indicator “%(indicator)s” is marked as a result the province cluster "
                "cannot influence: replace it with an indicator that measures the results of "
                "the province cluster's own work directly (e.g. the income of the target "
                "group, yield per rai)"
            )
        else:
            continue
        message %= {"indicator": _label(indicator), "term": term}
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
            _(
                "The strategic issue “%(issue)s” has no strategy yet: add strategies that set "
                "out clearly how the goals of this issue will be reached"
            )
            % {"issue": _label(issue)}
        ),
    )


@rule("PC-STRATEGY-NO-PROJECT")
def strategy_no_project(ctx: RuleContext) -> Outcome:
    return _each_without(
        ctx,
        ctx.data.strategies,
        ctx.data.project_strategy_ids,
        lambda strategy: (
            _(
                "The strategy “%(strategy)s” has no programme or project yet: add projects "
                "that carry it out, with the agency responsible and the budget"
            )
            % {"strategy": _label(strategy)}
        ),
    )


@rule("PC-TOP-ISSUE-NO-BUDGET")
def top_issue_no_budget(ctx: RuleContext) -> Outcome:
    top = int(ctx.params.get("top_priorities", 0))
    issues = [issue for issue in ctx.data.issues if issue.priority <= top]
    budgeted = ctx.data.budgeted_issue_ids
    findings = [
        ctx.finding(
            _(
                "Strategic issue no. %(priority)s “%(issue)s” has no project with a budget: "
                "name projects under its strategies with their budgets, as it is an issue of "
                "high priority"
            )
            % {"priority": issue.priority, "issue": _label(issue)},
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
    """Run the regime's enabled rules on an edition: score, grade, findings, rule by rule.

    Raises `NoCheckRules` when the regime has no rule in use (none it can run): without
    rules there is nothing to grade by, and a grade would be a lie.
    """
    regime = edition.plan.regime
    rows = []
    for row in regime.rules.filter(enabled=True).order_by("order", "code"):
        if row.code not in RULES:
            log.warning("plan-check rule %s of regime %s has no function", row.code, regime.code)
            continue
        rows.append(row)
    if not rows:
        raise NoCheckRules(regime)
    data = EditionData(edition)
    findings: list[Finding] = []
    results: list[RuleResult] = []
    gated_by: list[str] = []
    for row in rows:
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
        grade_label=str(GRADE_LABELS[grade]),
        findings=findings,
        rules=results,
        gated_by=gated_by,
    )
