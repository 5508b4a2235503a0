"""Where letters sit under the permission policy (registered by `LettersConfig.ready`)."""

from __future__ import annotations

from oneplan.letters.models import Letter
from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register

EDITORS = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN, Role.PROVINCIAL_STRATEGY})


def register_all() -> None:
    register(Letter, ScopeSpec(area="province", editors=EDITORS))
