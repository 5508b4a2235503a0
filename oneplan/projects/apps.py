from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "oneplan.projects"
    label = "projects"
    verbose_name = _("Project pipeline")

    def ready(self) -> None:
        from oneplan.projects import documents  # noqa: F401  (registers action_plan.docx/.pdf/.xlsx)
        from oneplan.projects.permissions import register_all

        register_all()
