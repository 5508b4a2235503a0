"""The cycle's plan as the templates see it: its years, its strategic issues, and the
owner's districts."""

from __future__ import annotations

from collections.abc import Sequence

from oneplan.areas.models import Area, Cluster
from oneplan.cycles.models import Cycle
from oneplan.documents.workbook import match_key
from oneplan.plans.chain import reference_edition
from oneplan.projects import owners
from oneplan.projects.owners import Owner, plan_years

__all__ = [
    "district_label",
    "district_names",
    "districts_of",
    "no_plan",
    "plan_issues",
    "plan_years",
]


def plan_issues(cycle: Cycle, owner: Owner) -> tuple[dict[int, tuple[int, str]], str]:
    """Priority → (issue pk, title) of the owner's current plan, and the plan's name."""
    plan = owners.covering_plan(cycle, owner)
    edition = reference_edition(plan) if plan is not None else None
    if edition is None:
        return {}, ""
    issues = {
        priority: (pk, title)
        for pk, priority, title in edition.issues.order_by("priority", "pk").values_list(
            "pk", "priority", "title"
        )
    }
    return issues, plan.title if plan else ""


def districts_of(owner: Owner) -> list[Area]:
    return owners.districts(owner)


def no_plan(owner: Owner) -> str:
    """ "ระยองยังไม่มีแผนพัฒนาจังหวัดในระบบ" or the same for a cluster."""
    kind = "แผนพัฒนากลุ่มจังหวัด" if isinstance(owner, Cluster) else "แผนพัฒนาจังหวัด"
    return f"{owners.owner_name(owner)}ยังไม่มี{kind}ในระบบ"


def district_label(area: Area, owner: Owner) -> str:
    """A district as the template lists it: with its province when the owner is a cluster."""
    return f"{area.name_th} ({area.parent.name_th})" if isinstance(owner, Cluster) else area.name_th


def district_names(districts: list[Area], provinces: Sequence[Area] = ()) -> dict[str, str]:
    """Name → code of the districts (and, for a cluster, of its member provinces). A
    district is also known with its province's name after it ("บ้านค่าย ระยอง"), which
    tells apart two districts of a cluster that share a name."""
    names: dict[str, str] = {}
    for area in provinces:
        for name in (area.name_th, f"จังหวัด{area.name_th}", f"จ.{area.name_th}", area.code):
            names.setdefault(match_key(name), area.code)
    for area in districts:
        province = area.parent.name_th if provinces else ""
        for name in (area.name_th, f"อำเภอ{area.name_th}", f"อ.{area.name_th}", area.code):
            names.setdefault(match_key(name), area.code)
            if province:
                names.setdefault(match_key(f"{name}{province}"), area.code)
                names.setdefault(match_key(f"{name}จังหวัด{province}"), area.code)
                names.setdefault(match_key(f"{name}จ.{province}"), area.code)
        if area.name_en:
            names.setdefault(match_key(area.name_en), area.code)
    return names
