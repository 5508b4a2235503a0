"""Committees under the one policy: a committee belongs to its area (the country, a province,
a district) or its cluster; its strategy office keeps its members and meetings."""

from __future__ import annotations

from oneplan.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Attendance,
    Committee,
    CommitteeType,
    FollowUp,
    Meeting,
    MeetingDocument,
    Member,
)
from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
EDITORS = NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.CLUSTER_STRATEGY, Role.DISTRICT_OFFICER}


def register_all() -> None:
    register(CommitteeType, ScopeSpec(public_read=True, editors=NATIONAL))
    register(
        Committee,
        ScopeSpec(area="area", cluster="cluster", editors=EDITORS, cluster_reaches_area=False),
    )
    for model, prefix in (
        (AppointmentOrder, "committee__"),
        (Member, "committee__"),
        (Meeting, "committee__"),
        (AgendaItem, "meeting__committee__"),
        (Attendance, "meeting__committee__"),
        (MeetingDocument, "meeting__committee__"),
        (FollowUp, "item__meeting__committee__"),
    ):
        register(
            model,
            ScopeSpec(
                area=f"{prefix}area",
                cluster=f"{prefix}cluster",
                editors=EDITORS,
                cluster_reaches_area=False,
            ),
        )
