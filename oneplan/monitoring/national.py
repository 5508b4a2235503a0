"""The national view (DOMAIN.md §6): every province at once — plan grade, disbursement rate,
indicator achievement and late progress reports — in a fixed number of queries, whatever
the number of provinces, projects or transactions (each measure is one grouped query).

Plan grades come from the plan check, kept in the cache per edition (the check reads the
whole chain of a plan; the dashboard must not repeat that for 77 plans on every view).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Sum

from oneplan.areas.models import Area, AreaLevel, Cluster
from oneplan.core.thai import thai_sort_key
from oneplan.cycles.models import Cycle
from oneplan.monitoring.indicators import achievement, capped
from oneplan.monitoring.models import (
    Allocation,
    IndicatorResult,
    ProgressReport,
    ReportStatus,
    Transaction,
)
from oneplan.monitoring.reports import periods
from oneplan.monitoring.services import ZERO, baht_total, percent_of
from oneplan.plans.models import LOCKED_STATUSES, IndicatorTarget, Plan, PlanKind
from oneplan.plans.quality import GRADE_LABELS, NoCheckRules, check_edition
from oneplan.projects.action_plans import cluster_regime_of
from oneplan.projects.models import ActionPlanItem

DATA_DIR = Path(str(files("oneplan.monitoring").joinpath("data")))
GRADE_TTL = 6 * 60 * 60
CENT = Decimal("0.01")


def tiles() -> dict[str, tuple[int, int]]:
    """Province code → (row, column) of the tile map of Thailand."""
    with (DATA_DIR / "tiles.csv").open(encoding="utf-8") as handle:
        return {r["code"]: (int(r["row"]), int(r["col"])) for r in csv.DictReader(handle)}


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name: str
    allocated: Decimal
    disbursed: Decimal
    rate: Decimal | None
    achievement: Decimal | None
    late_reports: int
    grade: str
    grade_label: str
    row: int
    col: int

    @property
    def rate_band(self) -> int:
        """0–4 for the map's colours: none, <25, <50, <75, 75+ per cent."""
        if self.rate is None:
            return 0
        return 1 + min(3, int(self.rate // 25))


def _money(cycle: Cycle, owner: str = "province") -> dict[Any, tuple[Decimal, Decimal]]:
    """Province (or cluster) → (allocated, disbursed) of the cycle's own budget."""
    allocated = dict(
        Allocation.objects.filter(cycle=cycle, **{f"{owner}__isnull": False})
        .values_list(owner)
        .annotate(total=Sum("amount"))
        .values_list(owner, "total")
    )
    disbursed = dict(
        Transaction.objects.filter(cycle=cycle, **{f"allocation__{owner}__isnull": False})
        .values_list(f"allocation__{owner}")
        .annotate(total=Sum("disbursement"))
        .values_list(f"allocation__{owner}", "total")
    )
    return {
        key: (baht_total(allocated.get(key)), baht_total(disbursed.get(key)))
        for key in set(allocated) | set(disbursed)
    }


def _achievements(cycle: Cycle, owner: str = "province") -> dict[Any, Decimal]:
    """Mean capped achievement of each province's (or cluster's) plan indicators measured
    for the year."""
    year = cycle.fiscal_year_be
    results = IndicatorResult.objects.filter(
        year_be=year, period="year", **{f"{owner}__isnull": False}
    ).values_list(owner, "indicator_id", "indicator__direction", "indicator__baseline", "actual")
    targets = dict(
        IndicatorTarget.objects.filter(
            year_be=year, indicator__results__year_be=year, indicator__results__period="year"
        ).values_list("indicator_id", "value")
    )
    values: dict[str, list[Decimal]] = defaultdict(list)
    for province, indicator, direction, baseline, actual in results:
        target = targets.get(indicator)
        if target is None:
            continue
        value = capped(achievement(direction, baseline, target, actual))
        if value is not None:
            values[province].append(value)
    return {p: (sum(v) / len(v)).quantize(CENT) for p, v in values.items() if v}


def _late_reports(cycle: Cycle, today: date, owner: str = "province") -> dict[Any, int]:
    """Per province (or cluster): projects × periods past their due day without a
    submitted report."""
    due = [p.code for p in periods(cycle) if p.due < today]
    if not due:
        return {}
    items = dict(
        ActionPlanItem.objects.filter(
            action_plan__cycle=cycle, **{f"action_plan__{owner}__isnull": False}
        )
        .values_list(f"action_plan__{owner}")
        .annotate(n=Count("pk"))
        .values_list(f"action_plan__{owner}", "n")
    )
    sent = dict(
        ProgressReport.objects.filter(
            item__action_plan__cycle=cycle,
            period__in=due,
            status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
            **{f"item__action_plan__{owner}__isnull": False},
        )
        .values_list(f"item__action_plan__{owner}")
        .annotate(n=Count("pk"))
        .values_list(f"item__action_plan__{owner}", "n")
    )
    return {p: n * len(due) - sent.get(p, 0) for p, n in items.items()}


def _grades(cycle: Cycle, kind: str = PlanKind.PROVINCE) -> dict[Any, tuple[str, str]]:
    """Province (or cluster) → (grade, label) of its plan covering the cycle's year, from
    the cache; plans not in the cache are checked once and kept."""
    year = cycle.fiscal_year_be
    plans = list(
        Plan.objects.filter(
            kind=kind, first_year_be__lte=year, last_year_be__gte=year
        ).prefetch_related("editions")
    )
    chosen = {}
    for plan in plans:
        editions = sorted(plan.editions.all(), key=lambda e: -e.number)
        locked = [e for e in editions if e.status in LOCKED_STATUSES]
        edition = locked[0] if locked else (editions[0] if editions else None)
        if edition is not None:
            owner = plan.cluster_id if kind == PlanKind.CLUSTER else plan.province_id
            chosen[owner] = edition
    keys = {code: f"oneplan:plan-grade:v2:{e.pk}:{e.status}" for code, e in chosen.items()}
    found = cache.get_many(list(keys.values()))
    out = {}
    for code, edition in chosen.items():
        # The cache keeps the grade only: its label is read in the language of the request.
        grade = found.get(keys[code])
        if not isinstance(grade, str):
            try:
                grade = check_edition(edition).grade
            except NoCheckRules:  # its regime grades nothing: no grade on the dashboard
                continue
            cache.set(keys[code], grade, GRADE_TTL)
        out[code] = (grade, str(GRADE_LABELS[grade]))
    return out


def national(cycle: Cycle, today: date) -> list[ProvinceRow]:
    provinces = list(
        Area.objects.filter(level=AreaLevel.PROVINCE, is_active=True)
        .exclude(code="TH")
        .values_list("code", "name_th")
    )
    money = _money(cycle)
    achieved = _achievements(cycle)
    late = _late_reports(cycle, today)
    grades = _grades(cycle)
    layout = tiles()
    rows = []
    for code, name in provinces:
        allocated, spent = money.get(code, (ZERO, ZERO))
        grade, label = grades.get(code, ("", ""))
        row, col = layout.get(code, (17, 0))
        rows.append(
            ProvinceRow(
                code,
                name,
                allocated,
                spent,
                percent_of(spent, allocated),
                achieved.get(code),
                late.get(code, 0),
                grade,
                label,
                row,
                col,
            )
        )
    return rows


def average_rate(rows: list[ProvinceRow]) -> Decimal | None:
    """The plain mean of the provinces' rates (those with an allocation)."""
    measured = [r.rate for r in rows if r.rate is not None]
    return (sum(measured) / len(measured)).quantize(CENT) if measured else None


SORTS = {
    "name": lambda r: thai_sort_key(r.name),
    "rate": lambda r: (r.rate is None, -(r.rate or 0)),
    "achievement": lambda r: (r.achievement is None, -(r.achievement or 0)),
    "late": lambda r: -r.late_reports,
    "grade": lambda r: (r.grade == "", r.grade_label),
}


def sort_rows(rows: list[ProvinceRow], key: str) -> list[ProvinceRow]:
    return sorted(rows, key=SORTS.get(key, SORTS["name"]))


@dataclass(frozen=True)
class ClusterRow:
    pk: int
    name: str
    allocated: Decimal
    disbursed: Decimal
    rate: Decimal | None
    achievement: Decimal | None = None
    late_reports: int = 0
    grade: str = ""
    grade_label: str = ""

    @property
    def code(self) -> str:
        return f"c{self.pk}"


def clusters(cycle: Cycle, today: date) -> list[ClusterRow]:
    """Every cluster of the cycle's cluster set (its regime's; the set in force when the
    regime names none): its own (cluster-budget) disbursement rate, plan grade, indicator
    achievement and late reports."""
    money = _money(cycle, "cluster")
    achieved = _achievements(cycle, "cluster")
    late = _late_reports(cycle, today, "cluster")
    grades = _grades(cycle, PlanKind.CLUSTER)
    rows = []
    found = Cluster.objects.filter(regime=cluster_regime_of(cycle)).order_by("order", "pk")
    for pk, name in found.values_list("pk", "name_th"):
        allocated, spent = money.get(pk, (ZERO, ZERO))
        grade, label = grades.get(pk, ("", ""))
        rows.append(
            ClusterRow(
                pk,
                name,
                allocated,
                spent,
                percent_of(spent, allocated),
                achieved.get(pk),
                late.get(pk, 0),
                grade,
                label,
            )
        )
    return rows
