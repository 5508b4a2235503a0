"""What a regime owns in projects, copied to a new regime (`oneplan.cycles.regime_copy`):
its eligibility rules (the kinds of project not eligible) and its screening criteria."""

from __future__ import annotations

from oneplan.cycles.models import Regime
from oneplan.cycles.regime_copy import copy_owned_rows, register_copier
from oneplan.projects.models import Criterion, EligibilityRule


def copy_projects(source: Regime, target: Regime) -> None:
    copy_owned_rows(EligibilityRule.objects.filter(regime=source), target)
    copy_owned_rows(Criterion.objects.filter(regime=source), target)


register_copier("projects", copy_projects)
