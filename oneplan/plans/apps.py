from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "oneplan.plans"
    label = "plans"
    verbose_name = _("Development plans")

    def ready(self) -> None:
        import oneplan.plans.documents  # noqa: F401  (registers the plan.* / plan_diff.* renderers)
        from oneplan.cycles import rules
        from oneplan.plans import regime_copy  # noqa: F401  (registers its regime copier)
        from oneplan.plans.models import EDITION_CHAIN
        from oneplan.plans.permissions import register_all

        register_all()
        rules.register(EDITION_CHAIN)
