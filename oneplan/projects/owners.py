"""Whose proposals: a province or a province cluster (กลุ่มจังหวัด).

Proposals, templates, imports and action plans belong to one owner. A province owns the
proposals for its own action plan; a cluster owns those for the cluster's plan, which run
in one or more of its member provinces. These functions answer, for either owner, what
the forms, the Excel templates and the import need to know.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from oneplan.areas.models import Area, AreaLevel, Cluster, province_codes_of
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.models import Plan, PlanKind
from oneplan.projects.models import Level, Proposal

Owner = Area | Cluster


def owner_from_code(code: str) -> Owner:
    """ "21" is a province; "c7" the cluster with id 7; 404 for anything else."""
    if code.startswith("c") and code[1:].isdigit():
        cluster = Cluster.objects.filter(pk=int(code[1:])).first()
        if cluster is not None:
            return cluster
    else:
        province = Area.objects.provinces().filter(code=code).first()
        if province is not None:
            return province
    raise Http404


def owner_code(owner: Owner) -> str:
    """The inverse of `owner_from_code` (for links and query strings)."""
    return f"c{owner.pk}" if isinstance(owner, Cluster) else owner.code


def owner_query(owner: Owner) -> str:
    """The query string that names the owner on the proposal pages (see views.owner_for)."""
    return f"cluster={owner.pk}" if isinstance(owner, Cluster) else f"province={owner.code}"


def is_cluster(owner: Owner) -> bool:
    return isinstance(owner, Cluster)


def owner_name(owner: Owner) -> str:
    """ "จังหวัดระยอง", "กลุ่มจังหวัดภาคตะวันออก 1"."""
    if not isinstance(owner, Cluster):
        return owner.display_name
    name = owner.name_th
    return name if name.startswith("กลุ่มจังหวัด") else f"กลุ่มจังหวัด{name}"


def owner_level(owner: Owner) -> str:
    return Level.CLUSTER if isinstance(owner, Cluster) else Level.PROVINCE


def owned_by(owner: Owner) -> dict[str, Any]:
    """The lookup of a record kept for a province or a cluster (an allocation, a result)."""
    return {"cluster": owner} if isinstance(owner, Cluster) else {"province": owner}


def owner_filter(owner: Owner) -> dict[str, Any]:
    """The lookup of a proposal or an action plan of the owner (with its level)."""
    return {"level": owner_level(owner), **owned_by(owner)}


def owner_fields(owner: Owner) -> dict[str, Any]:
    """The proposal fields that say whose it is (the other owner field emptied)."""
    if isinstance(owner, Cluster):
        return {"level": Level.CLUSTER, "cluster": owner, "province": None}
    return {"level": Level.PROVINCE, "province": owner, "cluster": None}


def owns(owner: Owner, proposal: Proposal) -> bool:
    if isinstance(owner, Cluster):
        return proposal.level == Level.CLUSTER and proposal.cluster_id == owner.pk
    return proposal.level == Level.PROVINCE and proposal.province_id == owner.code


def plan_filter(owner: Owner) -> dict[str, Any]:
    """The lookups that find the owner's development plans."""
    if isinstance(owner, Cluster):
        return {"kind": PlanKind.CLUSTER, "cluster": owner}
    return {"kind": PlanKind.PROVINCE, "province": owner}


def member_provinces(owner: Owner) -> list[Area]:
    if isinstance(owner, Cluster):
        return list(Area.objects.filter(cluster_memberships__cluster=owner).order_by("code"))
    return [owner]


def districts(owner: Owner) -> list[Area]:
    """The active districts of the province, or of every member province of the cluster."""
    codes = [p.code for p in member_provinces(owner)]
    return list(
        Area.objects.filter(parent_id__in=codes, level=AreaLevel.DISTRICT, is_active=True)
        .select_related("parent")
        .order_by("code")
    )


def default_area(owner: Owner) -> Area:
    """Where a proposal with no district belongs: the province; for a cluster, its
    operations-centre province, else its first member."""
    if isinstance(owner, Cluster):
        if owner.operations_centre_id:
            return owner.operations_centre
        members = member_provinces(owner)
        if not members:
            raise Http404
        return members[0]
    return owner


def places_q(owner: Owner, levels: tuple[str, ...]) -> Q:
    """Areas of the given levels inside the owner (for choosing areas and locations)."""
    prefixes = [p.code for p in member_provinces(owner)]
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(code__startswith=prefix)
    return q & Q(level__in=levels)


def clusters_worked_for(user: Any) -> list[Cluster]:
    """The clusters (of the set in force) whose proposals the user may enter: the cluster
    office's own, and the clusters of the provinces the user changes."""
    ids = {s.cluster_id for s in policy.scopes_of(user) if s.cluster_id}
    reach = policy.area_reach(user, Action.CHANGE)
    query = Q(pk__in=ids)
    if reach:  # None (the whole country) would list every cluster: not offered
        query |= Q(memberships__province_id__in=province_codes_of(reach))
    return list(
        Cluster.objects.filter(query, regime__in_force=True).distinct().order_by("order", "pk")
    )


def covering_plan(cycle: Cycle, owner: Owner) -> Plan | None:
    """The owner's plan whose years cover the cycle's fiscal year (the latest such)."""
    year = cycle.fiscal_year_be
    return (
        Plan.objects.filter(
            **plan_filter(owner),
            first_year_be__lte=year,
            last_year_be__gte=year,
        )
        .select_related("regime")
        .order_by("-first_year_be")
        .first()
    )


def plan_years(cycle: Cycle, owner: Owner) -> list[int]:
    """The budget years of the templates: the owner's plan covering the cycle's year;
    else the plan period of the cycle's regime (a plan of the regime covering the year);
    else the regime's span starting with the cycle's year."""
    plan = covering_plan(cycle, owner)
    if plan is not None:
        return plan.years
    year = cycle.fiscal_year_be
    other = (
        Plan.objects.filter(regime=cycle.regime, first_year_be__lte=year, last_year_be__gte=year)
        .order_by("first_year_be")
        .first()
    )
    if other is not None:
        return other.years
    return list(range(year, year + max(cycle.regime.span_years, 1)))
