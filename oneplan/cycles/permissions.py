"""Where regimes, cycles and calendars sit under the permission policy (registered by
`CyclesConfig.ready`)."""

from __future__ import annotations

from oneplan.cycles.models import Calendar, CalendarStep, Cycle, Phase, Regime
from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
CALENDAR_EDITORS = NATIONAL | {
    Role.PROVINCIAL_STRATEGY,
    Role.CLUSTER_STRATEGY,
    Role.DISTRICT_OFFICER,
}


def register_all() -> None:
    for model in (Regime, Cycle, Phase):
        register(model, ScopeSpec(public_read=True, editors=NATIONAL))
    # A calendar belongs to its body: the nation's (read by all signed-in users), a
    # cluster's, a province's or a district's; published ones are read by anyone.
    for model, prefix in ((Calendar, ""), (CalendarStep, "calendar__")):
        register(
            model,
            ScopeSpec(
                area=f"{prefix}area",
                cluster=f"{prefix}cluster",
                editors=CALENDAR_EDITORS,
                published=f"{prefix}published",
                cluster_members_read=True,
                cluster_reaches_area=False,
            ),
        )
