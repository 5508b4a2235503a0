"""Reading areas: search by Thai or English name, the country overview of a regime."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from oneplan.areas.models import Area, AreaLevel, Cluster, ClusterMembership, ClusterRegime
from oneplan.core.thai import normalize_text

# Prefixes people type before a name: "จังหวัดระยอง", "อ.เมือง", "ต. ท่าประดู่", "Amphoe ...".
_PREFIXES = re.compile(
    r"^(จังหวัด|จ\.|อำเภอ|อ\.|ตำบล|ต\.|แขวง|เขต|กิ่งอำเภอ|หมู่บ้าน|"
    r"changwat|amphoe|tambon|khet|khwaeng|province|district)\s*",
    re.IGNORECASE,
)
LEVEL_ORDER = {
    AreaLevel.PROVINCE: 0,
    AreaLevel.DISTRICT: 1,
    AreaLevel.SUBDISTRICT: 2,
    AreaLevel.VILLAGE: 3,
}


@dataclass(frozen=True)
class AreaHit:
    area: Area
    exact: bool
    starts: bool


def new_village(subdistrict: Area) -> Area:
    """An unsaved village of a sub-district: what "add a village here" is judged on.

    Its number, and so its code, is set when the user gives it (VillageForm).
    """
    return Area(
        code=f"{subdistrict.code}00",
        level=AreaLevel.VILLAGE,
        parent=subdistrict,
        source="manual",
    )


def clean_query(text: str) -> str:
    q = normalize_text(text or "", arabic_digits=True)
    previous = None
    while previous != q:
        previous = q
        q = _PREFIXES.sub("", q).strip()
    return q


def search_areas(text: str, limit: int = 30) -> list[Area]:
    """Provinces, districts, sub-districts and villages whose Thai or English name matches.

    Exact names first, then names that start with the query, then the rest; within
    each, provinces before districts before sub-districts, then by code.
    """
    q = clean_query(text)
    if not q:
        return []
    if q.isdigit():
        candidates = Area.objects.filter(code__startswith=q).exclude(level=AreaLevel.COUNTRY)
        return list(candidates.select_related("parent__parent").order_by("code")[:limit])
    matches = (
        Area.objects.active()
        .exclude(level=AreaLevel.COUNTRY)
        .filter(Q(name_th__icontains=q) | Q(name_en__icontains=q))
        .select_related("parent__parent")[: limit * 20]
    )
    folded = q.casefold()

    def rank(area: Area) -> tuple:
        names = (area.name_th.casefold(), area.name_en.casefold())
        exact = folded in names
        starts = any(n.startswith(folded) for n in names)
        return (not exact, not starts, LEVEL_ORDER.get(area.level, 9), area.code)

    return sorted(matches, key=rank)[:limit]


def search_clusters(text: str, regime: ClusterRegime | None, limit: int = 10) -> list[Cluster]:
    q = clean_query(text)
    if not q or regime is None:
        return []
    q = re.sub(r"^กลุ่มจังหวัด", "", q)
    return list(
        Cluster.objects.filter(regime=regime)
        .filter(Q(name_th__icontains=q) | Q(name_en__icontains=q))
        .order_by("order")[:limit]
    )


def resolve_regime(code: str | None) -> ClusterRegime | None:
    """The regime named by `code`, else the one in force."""
    if code:
        found = ClusterRegime.objects.filter(code=code).first()
        if found:
            return found
    return ClusterRegime.objects.filter(in_force=True).first() or ClusterRegime.objects.last()


def clusters_of(regime: ClusterRegime) -> list[Cluster]:
    """The clusters of a regime with their members and operations centre, in order."""
    members = ClusterMembership.objects.select_related("province").order_by("province__code")
    return list(
        Cluster.objects.filter(regime=regime)
        .select_related("region", "operations_centre")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("order")
    )


def cluster_of_province(province: Area, regime: ClusterRegime | None) -> Cluster | None:
    if regime is None:
        return None
    membership = (
        ClusterMembership.objects.filter(regime=regime, province=province)
        .select_related("cluster")
        .first()
    )
    return membership.cluster if membership else None
