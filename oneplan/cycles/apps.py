from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "oneplan.cycles"
    label = "cycles"
    verbose_name = _("Planning cycles")

    def ready(self) -> None:
        import oneplan.cycles.regime_copy  # noqa: F401  (registers its regime copier)
        from oneplan.cycles import permissions, rules
        from oneplan.cycles.report_periods import REPORT_PERIODS

        permissions.register_all()
        rules.register(REPORT_PERIODS)
