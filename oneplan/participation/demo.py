"""Demo participation for Rayong: needs from several districts (some answered by the demo
proposals), and the FY 2570 Section 19 consultation with nominees (one who does not
qualify), the invitation list, attendance and comments on the provincial and the cluster
plans, some answered. Idempotent: skipped when Rayong's consultation exists.
"""

from __future__ import annotations

from datetime import date

from auditlog.context import set_actor
from django.db import transaction

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.orgs.models import User
from oneplan.participation import services
from oneplan.participation.models import (
    Consultation,
    ConsultationStatus,
    Invitee,
    Need,
    NeedLevel,
    NeedSource,
    Nomination,
    RepresentativeKind,
)
from oneplan.plans.models import IssueCategory, PlanKind
from oneplan.projects.models import Proposal

# (area, title, category, priority, source, level, beyond capacity, proposal codes)
NEEDS = [
    (
        "210102",
        "ถนนเข้าหมู่บ้านชำรุดเป็นหลุมบ่อ ช่วงฤดูฝนสัญจรลำบาก",
        "infrastructure",
        1,
        NeedSource.VILLAGE_PLAN,
        NeedLevel.VILLAGE,
        False,
        (),
    ),
    (
        "210101",
        "ขยะในชุมชนเพิ่มขึ้น ไม่มีระบบคัดแยกขยะต้นทาง",
        "environment",
        1,
        NeedSource.FORUM,
        NeedLevel.SUBDISTRICT,
        True,
        ("RY70-LAO-02",),
    ),
    (
        "2101",
        "ผลไม้ล้นตลาดในฤดูกาล ราคาตกต่ำ ต้องการโรงแปรรูปและตลาดออนไลน์",
        "agriculture",
        1,
        NeedSource.FORUM,
        NeedLevel.DISTRICT,
        True,
        ("RY70-AG-02", "RY70-CON-01"),
    ),
    (
        "210201",
        "เกษตรกรผู้ปลูกทุเรียนต้องการความรู้มาตรฐาน GAP เพื่อส่งออก",
        "agriculture",
        1,
        NeedSource.SURVEY,
        NeedLevel.SUBDISTRICT,
        True,
        ("RY70-D02-02",),
    ),
    (
        "2102",
        "ชายหาดเสื่อมโทรม นักท่องเที่ยวลดลง",
        "tourism",
        2,
        NeedSource.FORUM,
        NeedLevel.DISTRICT,
        True,
        (),
    ),
    (
        "2103",
        "ขาดแคลนน้ำอุปโภคบริโภคในฤดูแล้ง",
        "infrastructure",
        1,
        NeedSource.VILLAGE_PLAN,
        NeedLevel.DISTRICT,
        True,
        ("RY70-PAO-01",),
    ),
    (
        "210301",
        "เยาวชนว่างงาน ต้องการฝึกอาชีพ",
        "society",
        2,
        NeedSource.FORUM,
        NeedLevel.SUBDISTRICT,
        False,
        (),
    ),
    (
        "2104",
        "ยางพาราราคาตกต่ำ ต้องการส่งเสริมอาชีพเสริม",
        "agriculture",
        2,
        NeedSource.SURVEY,
        NeedLevel.DISTRICT,
        True,
        (),
    ),
    (
        "2105",
        "การจราจรติดขัดหน้านิคมอุตสาหกรรม",
        "infrastructure",
        3,
        NeedSource.AGENCY,
        NeedLevel.DISTRICT,
        True,
        (),
    ),
    (
        "2106",
        "ผู้สูงอายุอยู่ลำพัง ต้องการระบบดูแลในชุมชน",
        "society",
        1,
        NeedSource.LOCAL_PLAN,
        NeedLevel.LOCAL_GOVERNMENT,
        False,
        (),
    ),
]

# (name, gender, district, inside municipality, birth date, registered since, leader, positions)
NOMINEES = [
    ("นางสาวมาลัย ใจดี", "female", "2101", True, date(1975, 3, 2), date(2001, 5, 1), True, ()),
    ("นายสมศักดิ์ รักถิ่น", "male", "2101", True, date(1968, 7, 15), date(1990, 1, 10), True, ()),
    ("นางบุญมี ศรีบ้านฉาง", "female", "2102", False, date(1980, 1, 20), date(2010, 2, 1), True, ()),
    ("นายวีระ ทองดี", "male", "2102", False, date(1972, 9, 9), date(1999, 6, 6), True, ()),
    # Not qualified: moved into the district eight months before, and a civil servant.
    (
        "นายประเสริฐ มาใหม่",
        "male",
        "2103",
        False,
        date(1985, 4, 4),
        date(2025, 12, 1),
        True,
        ("civil_servant",),
    ),
]
BUSINESS = [
    ("นายธนา พาณิชย์", "male", "chamber_of_commerce"),
    ("นางสาวอรุณี อุตสาหกรรม", "female", "federation_of_industries"),
]
COMMENTS = [
    (
        PlanKind.PROVINCE,
        "ประเด็นยุทธศาสตร์ที่ 2",
        "ควรเพิ่มตัวชี้วัดรายได้จากการท่องเที่ยวชุมชน",
        "ผู้แทนภาคประชาสังคม อำเภอบ้านฉาง",
        "accepted",
        "เพิ่มตัวชี้วัดในฉบับทบทวน",
    ),
    (
        PlanKind.PROVINCE,
        "ประเด็นยุทธศาสตร์ที่ 4",
        "ขอให้บรรจุโครงการแก้ปัญหาน้ำแล้งในอำเภอแกลง",
        "นายกองค์การบริหารส่วนตำบล",
        "partly",
        "บรรจุในแผนปฏิบัติราชการปีถัดไปตามกรอบวงเงิน",
    ),
    (
        PlanKind.CLUSTER,
        "ประเด็นการพัฒนาที่ 3",
        "กลุ่มจังหวัดควรมีศูนย์กลางตรวจสอบมาตรฐานผลไม้ร่วมกัน",
        "ผู้แทนภาคธุรกิจเอกชน",
        "",
        "",
    ),
]


@transaction.atomic
def load_participation_demo() -> int:
    rayong = Area.objects.filter(code="21").first()
    cycle = Cycle.objects.filter(fiscal_year_be=2570).first()
    if rayong is None or cycle is None:
        return 0
    if Consultation.objects.filter(province=rayong, cycle=cycle).exists():
        return 0
    actor = User.objects.get(username="rayong")
    categories = {c.code: c for c in IssueCategory.objects.all()}
    with set_actor(actor):
        for area, title, category, priority, source, level, beyond, codes in NEEDS:
            where = Area.objects.filter(code=area).first()
            if where is None:
                continue
            need = Need.objects.create(
                cycle=cycle,
                area=where,
                title=title,
                category=categories.get(category),
                priority=priority,
                source=source,
                raised_by_level=level,
                beyond_capacity=beyond,
                created_by=actor,
            )
            need.proposals.set(Proposal.objects.filter(cycle=cycle, reference_code__in=codes))
        consultation = Consultation.objects.create(
            cycle=cycle,
            province=rayong,
            title="การประชุมปรึกษาหารือทุกภาคส่วนตามมาตรา 19 จังหวัดระยอง ประจำปีงบประมาณ พ.ศ. 2570",
            held_on=date(2026, 8, 20),
            venue="ห้องประชุมพลา ศาลากลางจังหวัดระยอง",
            selection_date=date(2026, 7, 30),
            status=ConsultationStatus.HELD,
            published=True,
            public_comments_open=True,
        )
        for name, gender, district, inside, born, since, leader, positions in NOMINEES:
            if not Area.objects.filter(code=district).exists():
                continue
            nomination = Nomination(
                consultation=consultation,
                kind=RepresentativeKind.CIVIL_SOCIETY,
                district_id=district,
                inside_municipality=inside,
                full_name=name,
                gender=gender,
                birth_date=born,
                community_leader=leader,
                registrations=[
                    {
                        "district_code": district,
                        "inside_municipality": inside,
                        "start": since.isoformat(),
                        "end": None,
                    }
                ],
                positions=[{"kind": k, "start": None, "end": None} for k in positions],
                nominated_by="ที่ประชุมคัดเลือกผู้แทนภาคประชาสังคมของอำเภอ",
            )
            services.save_nomination(actor, nomination)
            if nomination.eligible:
                services.select(actor, nomination)
        for name, gender, channel in BUSINESS:
            nomination = Nomination(
                consultation=consultation,
                kind=RepresentativeKind.BUSINESS,
                channel=channel,
                full_name=name,
                gender=gender,
            )
            services.save_nomination(actor, nomination)
            services.select(actor, nomination)
        services.build_invitations(actor, consultation)
        for number, invitee in enumerate(consultation.invitees.order_by("pk")):
            if number % 4 != 3:  # most came
                Invitee.objects.filter(pk=invitee.pk).update(attended=True)
        plans = {p.kind: p for p in services.plans_under_consultation(consultation)}
        for kind, component, text, who, verdict, why in COMMENTS:
            plan = plans.get(kind)
            if plan is None:
                continue
            comment = services.add_comment(
                actor, consultation, plan, text, component=component, commenter=who
            )
            if verdict and kind == PlanKind.PROVINCE:
                services.answer(actor, comment, verdict, why)
        consultation.summary = (
            "ที่ประชุมให้ความเห็นต่อร่างแผนพัฒนาจังหวัดระยองฉบับทบทวน และร่างแผนปฏิบัติราชการ"
            " ประจำปีงบประมาณ พ.ศ. 2570 จังหวัดจะนำความเห็นไปปรับปรุงแผนก่อนเสนอ ก.บ.จ."
        )
        consultation.save(update_fields=["summary"])
    return 1
