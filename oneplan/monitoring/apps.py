from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "oneplan.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        from oneplan.core import jobs
        from oneplan.monitoring import permissions
        from oneplan.monitoring.tasks import HANDLER, KIND

        permissions.register_all()
        jobs.register(KIND, HANDLER)  # the GFMIS import, in the background
