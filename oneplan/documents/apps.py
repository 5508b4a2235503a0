from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "oneplan.documents"
    label = "documents"
    verbose_name = _("Documents and Thai formatting")

    def ready(self) -> None:
        from oneplan.core import jobs
        from oneplan.core.models import Job
        from oneplan.documents import tasks
        from oneplan.orgs.policy import ScopeSpec, register

        # Every background job (core.Job, which cannot import the policy) is read by
        # whoever reads the area or cluster it was made for; its pages (documents/views.py)
        # further limit a job to the user who asked for it.
        register(Job, ScopeSpec(area="area", cluster="cluster", cluster_members_read=True))
        jobs.register(tasks.FAMILY, tasks.HANDLER)  # every document kind; made again once
