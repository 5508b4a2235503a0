from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "oneplan.plans"
    label = "plans"
    verbose_name = _("Development plans")

    def ready(self) -> None:
        from oneplan.orgs.models import Role
        from oneplan.orgs.policy import ScopeSpec, register
        from oneplan.plans.models import AlignmentFramework, AlignmentTarget

        national = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
        for model in (AlignmentFramework, AlignmentTarget):
            register(model, ScopeSpec(public_read=True, editors=national))
