"""The demo: Rayong (province 21), whose own documents are seeds 000 and 002.

One user for every role, so that anyone can sign in and see what each sees. Idempotent:
running it again resets the demo users' passwords and roles and changes nothing else.
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


DEMO_USERS = [
    DemoUser("admin", "ผู้ดูแล", "ระบบ", Role.SYSTEM_ADMIN, "ทั้งระบบ", "ผู้ดูแลระบบ"),
    DemoUser(
        "secretariat",
        "สมชาย",
        "ส่วนกลาง",
        Role.NATIONAL_SECRETARIAT,
        "ทั้งประเทศ",
        "เจ้าหน้าที่ฝ่ายเลขานุการ",
    ),
    DemoUser(
        "reviewer",
        "สมหญิง",
        "พิจารณา",
        Role.NATIONAL_REVIEWER,
        "ทั้งประเทศ (อ่านอย่างเดียว)",
        "ผู้พิจารณาแผน",
    ),
    DemoUser(
        "east1",
        "วิชัย",
        "กลุ่มจังหวัด",
        Role.CLUSTER_STRATEGY,
        "กลุ่มจังหวัดภาคตะวันออก 1",
        "นักวิเคราะห์นโยบายและแผน",
    ),
    DemoUser(
        "rayong",
        "มาลี",
        "ยุทธศาสตร์",
        Role.PROVINCIAL_STRATEGY,
        "จังหวัดระยอง",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
    ),
    DemoUser(
        "rayong_district",
        "ประเสริฐ",
        "อำเภอเมือง",
        Role.DISTRICT_OFFICER,
        "อำเภอเมืองระยอง",
        "ปลัดอำเภอ",
    ),
    DemoUser(
        "rayong_agency",
        "สุดา",
        "เกษตร",
        Role.AGENCY_OFFICER,
        "สำนักงานเกษตรจังหวัดระยอง",
        "นักวิชาการเกษตร",
    ),
    DemoUser(
        "rayong_lao", "อนันต์", "ท้องถิ่น", Role.LAO_OFFICER, "เทศบาลนครระยอง", "นักวิเคราะห์นโยบายและแผน"
    ),
    DemoUser(
        "rayong_committee",
        "บุญมี",
        "กรรมการ",
        Role.COMMITTEE_MEMBER,
        "จังหวัดระยอง (ก.บ.จ.)",
        "ผู้แทนภาคประชาสังคม",
    ),
    DemoUser(
        "chonburi", "ปกรณ์", "ชลบุรี", Role.PROVINCIAL_STRATEGY, "จังหวัดชลบุรี", "นักวิเคราะห์นโยบายและแผน"
    ),
]


def _org(name_th: str, kind: str, area_code: str, **extra) -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        area_id=area_code, name_th=name_th, defaults={"kind": kind, **extra}
    )
    return org


@transaction.atomic
def load_demo() -> list[DemoUser]:
    rayong = Area.objects.get(code="21")
    ProvinceProfile.objects.update_or_create(
        province=rayong,
        defaults={
            "letter_prefix": "รย",
            "office_address": "ศาลากลางจังหวัดระยอง ถนนสุขุมวิท รย 21150",
            "phone": "0-3869-4010",
            "fax": "0-3869-4160",
            "website": "https://www.rayong.go.th",
        },
    )
    ProvinceProfile.objects.update_or_create(province_id="20", defaults={"letter_prefix": "ชบ"})

    moi = _org("กระทรวงมหาดไทย", OrgKind.MINISTRY, "TH", short_name="มท.")
    doae = _org("กรมส่งเสริมการเกษตร", OrgKind.DEPARTMENT, "TH", short_name="กสก.")
    _org("สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", OrgKind.NATIONAL_BODY, "TH", short_name="สศช.")
    _org("สำนักงบประมาณ", OrgKind.NATIONAL_BODY, "TH", short_name="สงป.")
    office = _org(
        "สำนักงานจังหวัดระยอง", OrgKind.PROVINCIAL_OFFICE, "21", parent=moi, phone="0-3869-4010"
    )
    agri = _org("สำนักงานเกษตรจังหวัดระยอง", OrgKind.PROVINCIAL_AGENCY, "21", parent=doae)
    _org("สำนักงานพัฒนาชุมชนจังหวัดระยอง", OrgKind.PROVINCIAL_AGENCY, "21", parent=moi)
    _org("สำนักงานการท่องเที่ยวและกีฬาจังหวัดระยอง", OrgKind.PROVINCIAL_AGENCY, "21")
    _org("ที่ว่าการอำเภอเมืองระยอง", OrgKind.DISTRICT_OFFICE, "2101", parent=moi)
    _org("ที่ว่าการอำเภอบ้านฉาง", OrgKind.DISTRICT_OFFICE, "2102", parent=moi)
    _org("หอการค้าจังหวัดระยอง", OrgKind.PRIVATE_SECTOR, "21")
    _org("สภาอุตสาหกรรมจังหวัดระยอง", OrgKind.PRIVATE_SECTOR, "21")
    _org("มหาวิทยาลัยบูรพา วิทยาเขตระยอง (ตัวอย่าง)", OrgKind.ACADEMIC, "21")
    _org("เครือข่ายภาคประชาสังคมจังหวัดระยอง (ตัวอย่าง)", OrgKind.CIVIL_SOCIETY, "21")
    _org("สำนักงานเกษตรจังหวัดชลบุรี", OrgKind.PROVINCIAL_AGENCY, "20", parent=doae)
    _org("สำนักงานจังหวัดชลบุรี", OrgKind.PROVINCIAL_OFFICE, "20", parent=moi)

    kinds = {k.code: k for k in LocalGovernmentKind.objects.all()}
    # Demo codes, not DLA's: real local governments come by import.
    pao, _c = LocalGovernment.objects.update_or_create(
        code="DEMO-21-1", defaults={"kind": kinds["pao"], "name_th": "ระยอง", "area": rayong}
    )
    city, _c = LocalGovernment.objects.update_or_create(
        code="DEMO-21-2",
        defaults={"kind": kinds["city_municipality"], "name_th": "นครระยอง", "area_id": "2101"},
    )
    city.covers.set(["210101", "210102"])
    _org("องค์การบริหารส่วนจังหวัดระยอง", OrgKind.LOCAL_GOVERNMENT, "21", local_government=pao)
    city_org = _org("เทศบาลนครระยอง", OrgKind.LOCAL_GOVERNMENT, "2101", local_government=city)

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

    from oneplan.plans.demo import load_plan_demo

    load_plan_demo()

    from oneplan.projects.demo import load_project_demo

    load_project_demo()

    from oneplan.cycles.demo import load_calendar_demo

    load_calendar_demo()

    from oneplan.participation.demo import load_participation_demo

    load_participation_demo()

    from oneplan.committees.demo import load_committee_demo

    load_committee_demo()

    from oneplan.monitoring.demo import load_monitoring_demo

    load_monitoring_demo()
    return DEMO_USERS


def credentials_table() -> str:
    lines = [f"{'ชื่อผู้ใช้ (username)':<24}{'บทบาท (role)':<34}ขอบเขต (scope)"]
    for u in DEMO_USERS:
        lines.append(f"{u.username:<24}{u.role.label!s:<34}{u.scope}")
    lines.append(f"รหัสผ่านของทุกบัญชี (password for all): {DEMO_PASSWORD}")
    return "\n".join(lines)
