"""What a regime owns in plans, copied to a new regime (`oneplan.cycles.regime_copy`): its
plan-check rules, and the alignment frameworks its plans link to (the new regime is added to
the same frameworks; their targets are shared, not copied)."""

from __future__ import annotations

from oneplan.cycles.models import Regime
from oneplan.cycles.regime_copy import copy_owned_rows, register_copier
from oneplan.plans.models import AlignmentFramework, CheckRule


def copy_plans(source: Regime, target: Regime) -> None:
    copy_owned_rows(CheckRule.objects.filter(regime=source), target)
    for framework in AlignmentFramework.objects.filter(regimes=source):
        framework.regimes.add(target)


register_copier("plans", copy_plans)
