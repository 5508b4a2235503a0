"""Where the monitoring models sit under the permission policy (registered at start-up by
`MonitoringConfig.ready`)."""

from __future__ import annotations

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
from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
EDITORS = NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.CLUSTER_STRATEGY}


def register_all() -> None:
    # An allocation belongs to its action plan's owner; imports and their rows to the
    # province that imported them. Cluster members read their cluster's.
    register(
        Allocation,
        ScopeSpec(
            area="province",
            cluster="cluster",
            editors=EDITORS,
            cluster_members_read=True,
            cluster_reaches_area=False,
        ),
    )
    for model in (DisbursementImport, Transaction):
        register(model, ScopeSpec(area="province", editors=EDITORS))
    register(
        IndicatorResult,
        ScopeSpec(
            area="province",
            cluster="cluster",
            editors=EDITORS,
            cluster_members_read=True,
            cluster_reaches_area=False,
        ),
    )
    register(PerformanceIndicator, ScopeSpec(public_read=True, editors=NATIONAL))
    register(PerformanceScore, ScopeSpec(area="province", editors=EDITORS))
    # A progress report is the proposing agency's (or the province's, for its area); the
    # province reviews it.
    for model, prefix in ((ProgressReport, ""), (ReportPhoto, "report__")):
        register(model, ScopeSpec(area=f"{prefix}area", organisation=f"{prefix}proposer"))
