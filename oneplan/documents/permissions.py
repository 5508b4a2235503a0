"""Where background jobs sit under the permission policy (registered by
`DocumentsConfig.ready`; `core.Job` lives below the policy and cannot register itself)."""

from __future__ import annotations

from oneplan.core.models import Job
from oneplan.orgs.policy import ScopeSpec, register


def register_all() -> None:
    # Every job is read by whoever reads the area or cluster it was made for; its pages
    # (documents/views.py) further limit a job to the user who asked for it.
    register(Job, ScopeSpec(area="area", cluster="cluster", cluster_members_read=True))
