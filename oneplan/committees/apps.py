from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "oneplan.committees"
    label = "committees"
    verbose_name = _("Committees and meetings")

    def ready(self) -> None:
        import oneplan.committees.regime_copy  # noqa: F401  (registers its regime copier)
        from oneplan.committees import invitations
        from oneplan.committees.permissions import register_all

        register_all()
        invitations.register()  # its members, offered to the Section 19 invitation lists
