from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The command line and the plumbing that spans apps (reference loading)."""

    name = "oneplan.core"
    label = "core"
    verbose_name = _("OnePlan")
