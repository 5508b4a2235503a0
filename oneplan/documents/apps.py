from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "oneplan.documents"
    label = "documents"
    verbose_name = _("Documents and Thai formatting")

    def ready(self) -> None:
        from oneplan.core import jobs
        from oneplan.documents.models import DocumentJob
        from oneplan.documents.tasks import requeue_stale
        from oneplan.orgs.policy import ScopeSpec, register

        # Read by whoever reads the area or cluster it was made for; the views further
        # limit a job to the user who asked for it.
        register(DocumentJob, ScopeSpec(area="area", cluster="cluster", cluster_members_read=True))
        jobs.register(DocumentJob, requeue_stale)  # a job whose worker died is made again
