"""Where letters sit under the permission policy (registered by `LettersConfig.ready`):
letters, the number registers and the numbers taken belong to their province and are
written by the province's strategy group (and the national secretariat)."""

from __future__ import annotations

from oneplan.letters.models import IssuedNumber, Letter, NumberRegister, Recipient
from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register

EDITORS = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN, Role.PROVINCIAL_STRATEGY})


def register_all() -> None:
    register(Letter, ScopeSpec(area="province", editors=EDITORS))
    register(NumberRegister, ScopeSpec(area="province", editors=EDITORS))
    register(IssuedNumber, ScopeSpec(area="letter__province", editors=EDITORS))
    register(Recipient, ScopeSpec(area="letter__province", editors=EDITORS))
