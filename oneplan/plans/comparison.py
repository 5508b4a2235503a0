"""The national comparison of plans (slides 41-47, 83): for the secretariat and reviewers.

* how many provinces rank each national category 1st, 2nd, 3rd (slide 41);
* the clusters' strategic issues by category (slides 43-47);
* each plan's check grade (slide 83: ดีมาก / ดี / พอใช้).

Only plans the user may read are counted (through the policy), for the fiscal year asked
(the plans covering it), using each plan's reference edition (the last approved one, or
the latest when none is approved yet).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch

from oneplan.core.thai import fiscal_year_of
from oneplan.documents.xlsx import csv_bytes
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import IssueCategory, Plan, PlanKind, StrategicIssue
from oneplan.plans.quality import NoCheckRules, check_edition

RANKS = (1, 2, 3)
BAR_WIDTH = 600  # SVG units for the longest bar
ROW_HEIGHT = 28


@dataclass
class CategoryRow:
    category: IssueCategory
    counts: dict[int, int]  # rank -> provinces
    bars: list[tuple[int, int, int]] = field(default_factory=list)  # (rank, x, width) in SVG units
    y: int = 0  # top of the row in the chart

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PlanGrade:
    plan: Plan
    edition_id: int
    edition_label: str
    status: str
    score: float
    grade: str
    grade_label: str
    findings: int


@dataclass
class Comparison:
    year_be: int
    provinces_counted: int
    categories: list[CategoryRow]
    cluster_issues: list[tuple[IssueCategory, list[tuple[str, int, str]]]]  # (cluster, rank, title)
    grades: list[PlanGrade]
    grade_counts: dict[str, dict[str, int]]  # kind -> grade label -> count
    chart_height: int = 0


def _plans(user: Any, year_be: int):
    issues = StrategicIssue.objects.select_related("category").order_by("priority")
    return (
        Plan.objects.all()
        .restrict(user)
        .filter(first_year_be__lte=year_be, last_year_be__gte=year_be)
        .select_related("province", "cluster", "regime")
        .prefetch_related("editions", Prefetch("editions__issues", queryset=issues))
        .order_by("kind", "province_id", "cluster__order")
    )


def compare(user: Any, year_be: int | None = None, with_grades: bool = True) -> Comparison:
    year_be = year_be or fiscal_year_of(date.today())
    categories = list(IssueCategory.objects.order_by("order"))
    counts: dict[int, Counter] = defaultdict(Counter)
    by_category: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    grades: list[PlanGrade] = []
    provinces = 0
    for plan in _plans(user, year_be):
        edition = reference_edition(plan)
        if edition is None:
            continue
        issues = list(edition.issues.all())
        if plan.kind == PlanKind.PROVINCE:
            provinces += 1
            for issue in issues:
                if issue.category_id and issue.priority in RANKS:
                    counts[issue.category_id][issue.priority] += 1
        else:
            for issue in issues:
                if issue.category_id:
                    by_category[issue.category_id].append(
                        (plan.cluster.name_th, issue.priority, issue.title)
                    )
        if with_grades:
            try:
                result = check_edition(edition)
            except NoCheckRules:  # its regime grades nothing: the plan is left ungraded
                continue
            grades.append(
                PlanGrade(
                    plan,
                    edition.pk,
                    edition.label,
                    edition.get_status_display(),
                    result.score,
                    result.grade,
                    result.grade_label,
                    len(result.findings),
                )
            )
    rows = [CategoryRow(c, {rank: counts[c.pk][rank] for rank in RANKS}) for c in categories]
    _layout_bars(rows)
    grade_counts: dict[str, dict[str, int]] = {}
    for grade in grades:
        bucket = grade_counts.setdefault(grade.plan.get_kind_display(), {})
        bucket[grade.grade_label] = bucket.get(grade.grade_label, 0) + 1
    return Comparison(
        year_be=year_be,
        provinces_counted=provinces,
        categories=rows,
        cluster_issues=[
            (c, sorted(by_category[c.pk], key=lambda t: (t[1], t[0])))
            for c in categories
            if by_category[c.pk]
        ],
        grades=sorted(grades, key=lambda g: (g.plan.kind, -g.score)),
        grade_counts=grade_counts,
        chart_height=len(rows) * ROW_HEIGHT + 10,
    )


def _layout_bars(rows: list[CategoryRow]) -> None:
    """Stacked bar segments (rank 1, 2, 3) scaled to the largest total."""
    longest = max((row.total for row in rows), default=0) or 1
    for index, row in enumerate(rows):
        row.y = index * ROW_HEIGHT
        x = 0
        for rank in RANKS:
            width = round(row.counts[rank] * BAR_WIDTH / longest)
            if width:
                row.bars.append((rank, x, width))
            x += width


def as_csv(data: Comparison) -> bytes:
    """The comparison as one CSV file: the categories' ranks, then the plans' grades."""
    rows: list[list[Any]] = [["หมวด", "อันดับ 1", "อันดับ 2", "อันดับ 3"]]
    rows += [[row.category.name_th, *(row.counts[r] for r in RANKS)] for row in data.categories]
    rows.append([])
    rows.append(["แผน", "ฉบับ", "สถานะ", "คะแนน", "ระดับ", "ข้อค้นพบ"])
    rows += [
        [g.plan.title, g.edition_label, g.status, g.score, g.grade_label, g.findings]
        for g in data.grades
    ]
    return csv_bytes(rows)
