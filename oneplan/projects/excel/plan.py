"""The cycle's plan as the templates see it: its years, its strategic issues, and the
owner's districts."""

from __future__ import annotations

from collections.abc import Sequence

from oneplan.areas.models import Area, Cluster
from oneplan.cycles.models import Cycle
from oneplan.documents.workbook import match_key
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan
from oneplan.projects import owners
from oneplan.projects.owners import Owner


def _covering_plan(cycle: Cycle, owner: Owner) -> Plan | None:
    year = cycle.fiscal_year_be
    return (
        Plan.objects.filter(
            **owners.plan_filter(owner),
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
    plan = _covering_plan(cycle, owner)
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


def plan_issues(cycle: Cycle, owner: Owner) -> tuple[dict[int, tuple[int, str]], str]:
    """Priority → (issue pk, title) of the owner's current plan, and the plan's name."""
    plan = _covering_plan(cycle, owner)
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
