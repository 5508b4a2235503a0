from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo's data files and their loader (`oneplan load-demo`); no models."""

    name = "oneplan.demo"
    label = "demo"
    verbose_name = _("Demo")
