from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "oneplan.documents"
    label = "documents"
    verbose_name = _("Documents and Thai formatting")

    def ready(self) -> None:
        from oneplan.core import jobs
        from oneplan.documents import permissions, tasks

        permissions.register_all()
        jobs.register(tasks.FAMILY, tasks.HANDLER)  # every document kind; made again once
