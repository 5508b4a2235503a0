from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "oneplan.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from oneplan.participation.permissions import register_all

        register_all()
