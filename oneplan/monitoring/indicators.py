"""Indicator results and performance-agreement scoring (DOMAIN.md §6).

* `achievement(direction, baseline, target, actual)` — per cent of the target reached, by the
  indicator's direction: higher is better (progress from the baseline to the target), lower
  is better (the reverse), keep at the target (100 at the target, less the further away).
* `rollup(edition, year)` — mean achievement (each capped at 100) per goal and per strategic
  issue of a plan edition.
* `level_from_thresholds` and `weighted_total` — the five-level milestone scoring of the
  performance agreement and a province's weighted total over its indicators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan.monitoring.models import IndicatorResult, PerformanceIndicator, PerformanceScore
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.models import Direction, Indicator, PlanKind

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def achievement(
    direction: str, baseline: Decimal | None, target: Decimal, actual: Decimal
) -> Decimal | None:
    """Per cent of the target reached: 0 when the result moved away from the baseline (an
    official figure is never negative), above 100 when the target was passed; None when it
    cannot be computed."""
    value = _achievement(direction, baseline, Decimal(target), Decimal(actual))
    return None if value is None else max(Decimal(0), value).quantize(CENT)


def _achievement(
    direction: str, baseline: Decimal | None, target: Decimal, actual: Decimal
) -> Decimal | None:
    if direction == Direction.MAINTAIN:
        if target == 0:
            return HUNDRED if actual == 0 else Decimal(0)
        gap = abs(actual - target) / abs(target) * HUNDRED
        return max(Decimal(0), HUNDRED - gap).quantize(CENT)
    if baseline is not None and Decimal(baseline) != target:
        baseline = Decimal(baseline)
        if direction == Direction.DECREASE:
            value = (baseline - actual) / (baseline - target) * HUNDRED
        else:
            value = (actual - baseline) / (target - baseline) * HUNDRED
        return value.quantize(CENT)
    if direction == Direction.DECREASE:
        if actual <= 0:
            return HUNDRED if target >= 0 else None
        return (target / actual * HUNDRED).quantize(CENT)
    if target == 0:
        return None
    return (actual / target * HUNDRED).quantize(CENT)


def capped(value: Decimal | None) -> Decimal | None:
    return None if value is None else max(Decimal(0), min(HUNDRED, value))


@dataclass(frozen=True)
class Achieved:
    indicator: Indicator
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None


def achievements(
    edition: Any, year: int, period: str = "year", *, user: Any = None
) -> list[Achieved]:
    """Each indicator's target, actual and achievement; with `user`, only the results that
    user may read (a page), without it every result (a report the system makes)."""
    indicators = list(edition.indicators.select_related("goal__issue").prefetch_related("targets"))
    found = IndicatorResult.objects.filter(indicator__in=indicators, year_be=year, period=period)
    if user is not None:
        found = found.restrict(user)
    results = {r.indicator_id: r.actual for r in found}
    out = []
    for indicator in indicators:
        target = next((t.value for t in indicator.targets.all() if t.year_be == year), None)
        actual = results.get(indicator.pk)
        percent = (
            achievement(indicator.direction, indicator.baseline, target, actual)
            if target is not None and actual is not None
            else None
        )
        out.append(Achieved(indicator, target, actual, percent))
    return out


@dataclass(frozen=True)
class Rollup:
    label: str
    measured: int  # indicators with a result
    total: int
    percent: Decimal | None  # mean of capped achievements


def rollup(
    edition: Any, year: int, period: str = "year", *, user: Any = None
) -> dict[str, list[Rollup]]:
    """Mean achievement per goal and per strategic issue (indicators without a result are
    counted as not measured, not as zero); `user` as in `achievements`."""
    rows = achievements(edition, year, period, user=user)
    by: dict[str, dict[str, list[Decimal | None]]] = {
        "goal": defaultdict(list),
        "issue": defaultdict(list),
    }
    for row in rows:
        goal = row.indicator.goal
        by["goal"][str(goal) if goal else "—"].append(capped(row.percent))
        issue = goal.issue if goal else None
        by["issue"][str(issue) if issue else "—"].append(capped(row.percent))
    out: dict[str, list[Rollup]] = {}
    for level, groups in by.items():
        out[level] = []
        for label, values in groups.items():
            measured = [v for v in values if v is not None]
            mean = (sum(measured) / len(measured)).quantize(CENT) if measured else None
            out[level].append(Rollup(label, len(measured), len(values), mean))
    return out


@transaction.atomic
def record_result(
    user: Any,
    indicator: Indicator,
    year: int,
    actual: Decimal,
    *,
    period: str = "year",
    evidence: str = "",
    source: str = "",
) -> IndicatorResult:
    plan = indicator.edition.plan
    result = IndicatorResult.objects.filter(
        indicator=indicator, year_be=year, period=period
    ).first()
    result = result or IndicatorResult(indicator=indicator, year_be=year, period=period)
    result.province = plan.province if plan.kind == PlanKind.PROVINCE else None
    result.cluster = plan.cluster if plan.kind == PlanKind.CLUSTER else None
    policy.require(
        user,
        Action.ADD if result.pk is None else Action.CHANGE,
        result,
        _("You may not record indicator results of this plan."),
    )
    if year not in plan.years:
        raise ValidationError(
            _("The year B.E. %(year)s is outside the plan's years") % {"year": year}
        )
    result.actual, result.evidence, result.source = actual, evidence, source
    result.recorded_by = user
    result.full_clean()
    with set_actor(user):
        result.save()
    return result


# --------------------------------------------------------------------------- the agreement


def level_from_thresholds(thresholds: Sequence[Any], actual: Decimal) -> Decimal:
    """The level (0–5) an actual value reaches on thresholds for levels 1–5, rising or
    falling (a falling list means lower is better)."""
    values = [Decimal(str(t)) for t in thresholds]
    if len(values) != 5:
        raise ValidationError(_("The thresholds must have 5 levels"))
    rising = values[0] <= values[-1]
    level = 0
    for number, threshold in enumerate(values, start=1):
        if (actual >= threshold) if rising else (actual <= threshold):
            level = number
    return Decimal(level)


def weighted_total(scores: Iterable[PerformanceScore]) -> Decimal | None:
    """Σ(weight × level) / Σ(weight): the province's score on a 0–5 scale."""
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for score in scores:
        weight = Decimal(score.indicator.weight)
        total_weight += weight
        weighted += weight * Decimal(score.level)
    if not total_weight:
        return None
    return (weighted / total_weight).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class AgreementLevel:
    number: int  # 1–5
    text: str  # what the province must show to reach it
    evidence: str  # what it showed


@dataclass(frozen=True)
class AgreementRow:
    indicator: PerformanceIndicator
    score: PerformanceScore | None
    levels: list[AgreementLevel]


def agreement(
    cycle: Any, province: Any, *, user: Any = None
) -> tuple[list[AgreementRow], Decimal | None]:
    """The indicators of a cycle's agreement that apply to a province, each with its five
    levels and the evidence given for each, and the province's weighted total; with `user`,
    only the scores that user may read."""
    applying = PerformanceIndicator.objects.filter(cycle=cycle, applies_to=province)
    found = PerformanceScore.objects.filter(indicator__in=applying, province=province)
    if user is not None:
        found = found.restrict(user)
    scores = {s.indicator_id: s for s in found.select_related("indicator")}
    rows = []
    for indicator in applying:
        score = scores.get(indicator.pk)
        evidence = score.evidence if score else {}
        levels = [
            AgreementLevel(n, text, evidence.get(str(n), ""))
            for n, text in enumerate(indicator.levels, start=1)
        ]
        rows.append(AgreementRow(indicator, score, levels))
    return rows, weighted_total(scores.values())


@transaction.atomic
def score(
    user: Any,
    indicator: Any,
    province: Any,
    *,
    level: Decimal | None = None,
    actual: Decimal | None = None,
    evidence: dict | None = None,
) -> PerformanceScore:
    """Record a province's level (or its actual value, turned into a level by the
    thresholds), with the evidence behind each level."""
    if not indicator.applies_to.filter(pk=province.pk).exists():
        raise ValidationError(
            _("Indicator %(code)s is not used to assess %(province)s")
            % {"code": indicator.code, "province": province.display_name}
        )
    record = PerformanceScore.objects.filter(indicator=indicator, province=province).first()
    record = record or PerformanceScore(indicator=indicator, province=province)
    policy.require(
        user,
        Action.ADD if record.pk is None else Action.CHANGE,
        record,
        _("You may not record the assessment of this province."),
    )
    if actual is not None and indicator.thresholds:
        level = level_from_thresholds(indicator.thresholds, actual)
        record.actual = actual
    if level is None or not Decimal(0) <= Decimal(level) <= Decimal(5):
        raise ValidationError(_("The level must be between 0 and 5"))
    if (Decimal(level) * 2) % 1:
        raise ValidationError(_("Levels are given in steps of half a level"))
    record.level = Decimal(level)
    if evidence is not None:
        record.evidence = evidence
    record.full_clean()
    with set_actor(user):
        record.save()
    return record
