"""What a regime owns in committees, copied to a new regime (`oneplan.cycles.regime_copy`):
its committee types with their composition rules (the committees themselves are not)."""

from __future__ import annotations

from oneplan.committees.models import CommitteeType
from oneplan.cycles.models import Regime
from oneplan.cycles.regime_copy import copy_owned_rows, register_copier


def copy_committee_types(source: Regime, target: Regime) -> None:
    copy_owned_rows(CommitteeType.objects.filter(regime=source), target)


register_copier("committees", copy_committee_types)
