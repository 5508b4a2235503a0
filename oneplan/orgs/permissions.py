"""Where the area and organisation models sit under the permission policy."""

from __future__ import annotations

from django.db.models import Q

from oneplan.areas.models import (
    Area,
    AreaLevel,
    Cluster,
    ClusterMembership,
    ClusterRegime,
    LocalGovernment,
    LocalGovernmentKind,
    ProvinceProfile,
    Region,
)
from oneplan.orgs.models import Organisation, Role, RoleAssignment, User
from oneplan.orgs.policy import SELF, ScopeSpec, register

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})


def register_all() -> None:
    # Geography is public; only villages are edited here (provinces and below come from geothai).
    register(
        Area,
        ScopeSpec(
            area=SELF,
            public_read=True,
            editors=NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.DISTRICT_OFFICER},
            editable_q=Q(level=AreaLevel.VILLAGE),
            editable=lambda area: area.level == AreaLevel.VILLAGE,
        ),
    )
    register(
        ProvinceProfile,
        ScopeSpec(area="province", public_read=True, editors=NATIONAL | {Role.PROVINCIAL_STRATEGY}),
    )
    # Cluster sets are national decisions: the secretariat sets unconfirmed operations centres.
    register(Cluster, ScopeSpec(cluster=SELF, public_read=True, editors=NATIONAL))
    for model in (ClusterRegime, Region, ClusterMembership, LocalGovernmentKind):
        register(model, ScopeSpec(public_read=True, editors=NATIONAL))
    register(
        LocalGovernment,
        ScopeSpec(
            area="area",
            organisation="organisation",
            public_read=True,
            editors=NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.LAO_OFFICER},
        ),
    )
    register(Organisation, ScopeSpec(area="area", organisation=SELF))
    # People and their roles are managed nationally and by each province for its own staff.
    register(
        User,
        ScopeSpec(
            area="organisation__area",
            organisation="organisation",
            editors=NATIONAL | {Role.PROVINCIAL_STRATEGY},
        ),
    )
    register(
        RoleAssignment,
        ScopeSpec(area="area", organisation="organisation", cluster="cluster", editors=NATIONAL),
    )
