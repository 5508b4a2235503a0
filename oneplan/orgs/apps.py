from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from oneplan.core import restrict


class OrgsConfig(AppConfig):
    name = "oneplan.orgs"
    label = "orgs"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from oneplan.orgs import permissions, policy

        permissions.register_all()
        # The policy opens the door every model's manager has (core.restrict, the shelf
        # below, knows no app): `Model.objects.restrict(user, action)`.
        restrict.install(policy.restrict, policy.can)
