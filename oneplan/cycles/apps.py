from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "oneplan.cycles"
    label = "cycles"
    verbose_name = _("Planning cycles")

    def ready(self) -> None:
        from oneplan.cycles import rules
        from oneplan.cycles.models import Calendar, CalendarStep, Cycle, Phase, Regime
        from oneplan.cycles.report_periods import REPORT_PERIODS
        from oneplan.orgs.models import Role
        from oneplan.orgs.policy import ScopeSpec, register

        national = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
        for model in (Regime, Cycle, Phase):
            register(model, ScopeSpec(public_read=True, editors=national))
        # A calendar belongs to its body: the nation's (read by all signed-in users), a
        # cluster's, a province's or a district's; published ones are read by anyone.
        editors = national | {
            Role.PROVINCIAL_STRATEGY,
            Role.CLUSTER_STRATEGY,
            Role.DISTRICT_OFFICER,
        }
        for model, prefix in ((Calendar, ""), (CalendarStep, "calendar__")):
            register(
                model,
                ScopeSpec(
                    area=f"{prefix}area",
                    cluster=f"{prefix}cluster",
                    editors=frozenset(editors),
                    published=f"{prefix}published",
                    cluster_members_read=True,
                    cluster_reaches_area=False,
                ),
            )
        rules.register(REPORT_PERIODS)
