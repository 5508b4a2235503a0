"""The demo: Rayong (province 21), whose own documents are seeds 000 and 002.

One user for every role, so that anyone can sign in and see what each sees, and then each
app's part of the demo, in the order of the apps' dependencies. The content is data
(`data/`, see its README.md); the modules beside this one write it through the apps'
models and services. Idempotent: running it again resets the demo users' passwords and
roles and changes nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from oneplan.areas.models import (
    Area,
    Cluster,
    ClusterRegime,
    LocalGovernment,
    LocalGovernmentKind,
    ProvinceProfile,
)
from oneplan.demo.committees import load_committee_demo
from oneplan.demo.cycles import load_calendar_demo
from oneplan.demo.files import read
from oneplan.demo.monitoring import load_monitoring_demo
from oneplan.demo.participation import load_participation_demo
from oneplan.demo.plans import load_plan_demo
from oneplan.demo.projects import load_project_demo
from oneplan.orgs.models import Organisation, OrgKind, Role, RoleAssignment, User

DEMO_PASSWORD = "oneplan-demo"  # noqa: S105 - printed on purpose; demo only


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    scope: str  # what the role is scoped to, in words
    position: str = ""


def read_users() -> list[DemoUser]:
    """The demo users of `data/users.yaml`."""
    return [DemoUser(**{**row, "role": Role(row["role"])}) for row in read("users.yaml")]


DEMO_USERS = read_users()


def _org(name_th: str, kind: str, area_code: str, **extra) -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        area_id=area_code, name_th=name_th, defaults={"kind": kind, **extra}
    )
    return org


def load_organisations() -> dict[str, Organisation]:
    """The province profiles, organisations and local governments of
    `data/organisations.yaml`, by name. Organisations of a local government are written
    after the local governments, the others before them, each in the file's order."""
    data = read("organisations.yaml")
    for row in data["profiles"]:
        defaults = {k: v for k, v in row.items() if k != "province"}
        ProvinceProfile.objects.update_or_create(province_id=row["province"], defaults=defaults)
    by_name: dict[str, Organisation] = {}

    def write(row: dict, local_government: LocalGovernment | None = None) -> None:
        named = ("name_th", "kind", "area", "parent", "local_government")
        extra = {k: v for k, v in row.items() if k not in named}
        if "parent" in row:
            extra["parent"] = by_name[row["parent"]]
        if local_government is not None:
            extra["local_government"] = local_government
        by_name[row["name_th"]] = _org(row["name_th"], row["kind"], row["area"], **extra)

    for row in data["organisations"]:
        if "local_government" not in row:
            write(row)
    kinds = {k.code: k for k in LocalGovernmentKind.objects.all()}
    local_governments = {}
    for row in data["local_governments"]:
        # Demo codes, not DLA's: real local governments come by import.
        local_government, _c = LocalGovernment.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": kinds[row["kind"]],
                "name_th": row["name_th"],
                "area_id": row["area"],
            },
        )
        if "covers" in row:
            local_government.covers.set(row["covers"])
        local_governments[row["code"]] = local_government
    for row in data["organisations"]:
        if "local_government" in row:
            write(row, local_governments[row["local_government"]])
    return by_name


@transaction.atomic
def load_demo() -> list[DemoUser]:
    rayong = Area.objects.get(code="21")
    organisations = load_organisations()
    office = organisations["สำนักงานจังหวัดระยอง"]
    agri = organisations["สำนักงานเกษตรจังหวัดระยอง"]
    city_org = organisations["เทศบาลนครระยอง"]

    regime = ClusterRegime.objects.get(in_force=True)
    east1 = Cluster.objects.get(regime=regime, memberships__province=rayong)
    cluster_office = _org(
        f"สำนักงานบริหารยุทธศาสตร์{east1.name_th}",
        OrgKind.CLUSTER_OFFICE,
        east1.operations_centre_id or "20",
        cluster=east1,
    )

    scope_of = {
        Role.CLUSTER_STRATEGY: {"cluster": east1, "organisation": cluster_office},
        Role.PROVINCIAL_STRATEGY: {"area": rayong, "organisation": office},
        Role.DISTRICT_OFFICER: {"area_id": "2101"},
        Role.AGENCY_OFFICER: {"organisation": agri},
        Role.LAO_OFFICER: {"organisation": city_org},
        Role.COMMITTEE_MEMBER: {"area": rayong},
    }
    for spec in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name, user.position = (
            spec.first_name,
            spec.last_name,
            spec.position,
        )
        user.is_superuser = user.is_staff = spec.role == Role.SYSTEM_ADMIN
        if spec.role == Role.NATIONAL_SECRETARIAT:
            user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        scope = dict(scope_of.get(spec.role, {}))
        if spec.username == "chonburi":
            scope = {
                "area_id": "20",
                "organisation": Organisation.objects.get(area_id="20", name_th="สำนักงานจังหวัดชลบุรี"),
            }
        user.organisation = scope.get("organisation")
        user.save()
        user.role_assignments.all().delete()
        RoleAssignment.objects.create(user=user, role=spec.role, **scope)

    load_plan_demo()
    load_project_demo()
    load_calendar_demo()
    load_participation_demo()
    load_committee_demo()
    load_monitoring_demo()
    return DEMO_USERS


def credentials_table() -> str:
    lines = [f"{'ชื่อผู้ใช้ (username)':<24}{'บทบาท (role)':<34}ขอบเขต (scope)"]
    for u in DEMO_USERS:
        lines.append(f"{u.username:<24}{u.role.label!s:<34}{u.scope}")
    lines.append(f"รหัสผ่านของทุกบัญชี (password for all): {DEMO_PASSWORD}")
    return "\n".join(lines)
