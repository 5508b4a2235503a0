from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "oneplan.letters"
    label = "letters"
    verbose_name = _("Official letters")

    def ready(self) -> None:
        from oneplan.letters.models import Letter
        from oneplan.orgs.models import Role
        from oneplan.orgs.policy import ScopeSpec, register

        register(
            Letter,
            ScopeSpec(
                area="province",
                editors=frozenset(
                    {Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN, Role.PROVINCIAL_STRATEGY}
                ),
            ),
        )
