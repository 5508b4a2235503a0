from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "oneplan.orgs"
    label = "orgs"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from oneplan.orgs import permissions

        permissions.register_all()
