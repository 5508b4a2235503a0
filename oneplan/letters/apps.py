from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "oneplan.letters"
    label = "letters"
    verbose_name = _("Official letters")

    def ready(self) -> None:
        from oneplan.letters import permissions

        permissions.register_all()
