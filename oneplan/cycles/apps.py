from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "oneplan.cycles"
    label = "cycles"
    verbose_name = _("Planning cycles")

    def ready(self) -> None:
        from oneplan.cycles.models import Cycle, Regime
        from oneplan.orgs.models import Role
        from oneplan.orgs.policy import ScopeSpec, register

        national = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
        for model in (Regime, Cycle):
            register(model, ScopeSpec(public_read=True, editors=national))
