"""Where participation sits under the one permission policy (oneplan.orgs.policy).

Needs belong to their area (a village, sub-district or district) and to the body that
recorded them: districts and local governments enter theirs, the province sees all. A
consultation belongs to its province; nominations to their district (civil society) or the
province (business), so a district officer records the nominees of the district's meeting.
Plan comments belong to the plan's province or cluster; the cluster office answers those
on its plan. What is published is read by anyone.
"""

from __future__ import annotations

from oneplan.orgs.models import Role
from oneplan.orgs.policy import DEFAULT_EDITORS, ScopeSpec, register
from oneplan.participation.models import (
    Consultation,
    Invitee,
    Need,
    Nomination,
    PlanComment,
)

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
PROVINCE_EDITORS = NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.CLUSTER_STRATEGY}


def register_all() -> None:
    register(Need, ScopeSpec(area="area", organisation="raised_by", editors=DEFAULT_EDITORS))
    register(
        Consultation,
        ScopeSpec(area="province", editors=PROVINCE_EDITORS, published="published"),
    )
    register(
        Invitee,
        ScopeSpec(
            area="consultation__province",
            editors=PROVINCE_EDITORS,
            published="consultation__published",
        ),
    )
    register(
        Nomination,
        ScopeSpec(area="area", editors=PROVINCE_EDITORS | {Role.DISTRICT_OFFICER}),
    )
    register(
        PlanComment,
        ScopeSpec(
            area="province",
            cluster="cluster",
            editors=PROVINCE_EDITORS,
            cluster_members_read=True,
            cluster_reaches_area=False,
        ),
    )
