from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "oneplan.projects"
    label = "projects"
    verbose_name = _("Project pipeline")

    def ready(self) -> None:
        from oneplan.core import jobs
        from oneplan.projects import documents  # noqa: F401  (registers action_plan.docx/.pdf/.xlsx)
        from oneplan.projects.models import ImportJob
        from oneplan.projects.permissions import register_all
        from oneplan.projects.tasks import fail_stale

        register_all()
        jobs.register(ImportJob, fail_stale)  # worker died: failed, its upload deleted
