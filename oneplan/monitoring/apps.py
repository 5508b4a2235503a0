from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "oneplan.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        from oneplan.core import jobs
        from oneplan.monitoring.models import (
            Allocation,
            DisbursementImport,
            IndicatorResult,
            PerformanceIndicator,
            PerformanceScore,
            ProgressReport,
            ReportPhoto,
            Transaction,
        )
        from oneplan.monitoring.tasks import HANDLER, KIND
        from oneplan.orgs.models import Role
        from oneplan.orgs.policy import ScopeSpec, register

        editors = frozenset(
            {
                Role.NATIONAL_SECRETARIAT,
                Role.SYSTEM_ADMIN,
                Role.PROVINCIAL_STRATEGY,
                Role.CLUSTER_STRATEGY,
            }
        )
        # An allocation belongs to its action plan's owner; imports and their rows to the
        # province that imported them. Cluster members read their cluster's.
        register(
            Allocation,
            ScopeSpec(
                area="province",
                cluster="cluster",
                editors=editors,
                cluster_members_read=True,
                cluster_reaches_area=False,
            ),
        )
        for model in (DisbursementImport, Transaction):
            register(model, ScopeSpec(area="province", editors=editors))
        # A progress report is the proposing agency's (or the province's, for its area);
        # the province reviews it.
        register(
            IndicatorResult,
            ScopeSpec(
                area="province",
                cluster="cluster",
                editors=editors,
                cluster_members_read=True,
                cluster_reaches_area=False,
            ),
        )
        national = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
        register(PerformanceIndicator, ScopeSpec(public_read=True, editors=national))
        register(PerformanceScore, ScopeSpec(area="province", editors=editors))
        for model, prefix in ((ProgressReport, ""), (ReportPhoto, "report__")):
            register(model, ScopeSpec(area=f"{prefix}area", organisation=f"{prefix}proposer"))
        jobs.register(KIND, HANDLER)  # the GFMIS import, in the background
