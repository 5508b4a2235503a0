"""Demo proposals for Rayong's FY 2570 action plan, from every source: agencies, districts
(beyond district capacity), the PAO, a municipality and the consultation — some not
eligible (equipment, dredging, a study tour), some near-duplicates of each other or of a
project approved in FY 2569 — plus envelopes; and three projects of the Eastern 1 cluster
office for the cluster's plan (one in one province, two spanning several). Idempotent:
proposals are keyed by code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction

from oneplan.areas.models import Area, Cluster
from oneplan.cycles.models import Cycle
from oneplan.documents.thai import fiscal_year_range
from oneplan.orgs.models import Organisation, User
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan, StrategicIssue
from oneplan.projects.models import (
    BudgetLine,
    Envelope,
    ProjectTag,
    Proposal,
    ProposalOutput,
    ProposalStatus,
)


@dataclass(frozen=True)
class DemoProposal:
    code: str
    title: str
    objectives: str
    rationale: str
    source: str  # ProposerKind
    proposer: str  # Organisation name_th, or ""
    area: str  # DOPA code: the province, or the proposing district
    issue: int | None  # priority of the Rayong plan's issue
    budget: dict[str, str]  # category -> baht (FY of the cycle)
    output: tuple[str, str, str] = ("", "", "")  # description, quantity, unit
    responsible: str = ""
    tags: tuple[str, ...] = ()
    status: str = ProposalStatus.FULL
    year: int = 2570
    months: tuple[int, int] = (11, 8)  # start month (Oct-Dec) and end month (Jan-Sep)
    direct: bool = False
    impacts: bool = True
    extra: dict = field(default_factory=dict)
    cluster: bool = False  # for the Eastern 1 cluster's plan (issue: the cluster plan's)
    locations: tuple[str, ...] = ()  # DOPA codes where it runs


AGRI = "สำนักงานเกษตรจังหวัดระยอง"
TOURISM = "สำนักงานการท่องเที่ยวและกีฬาจังหวัดระยอง"
CDD = "สำนักงานพัฒนาชุมชนจังหวัดระยอง"
CITY = "เทศบาลนครระยอง"
PAO = "องค์การบริหารส่วนจังหวัดระยอง"

PROPOSALS: list[DemoProposal] = [
    # --- approved in FY 2569: what FY 2570 proposals may repeat
    DemoProposal(
        "RY69-AG-01",
        "โครงการพัฒนาศักยภาพการผลิตทุเรียนคุณภาพเพื่อการส่งออก",
        "1. เพื่อยกระดับคุณภาพทุเรียนให้ได้มาตรฐาน GAP\n2. เพื่อเพิ่มรายได้ให้เกษตรกร",
        "ทุเรียนเป็นพืชเศรษฐกิจหลักของจังหวัดระยอง แต่สัดส่วนผลผลิตคุณภาพส่งออกยังต่ำ",
        "agency",
        AGRI,
        "21",
        1,
        {"operating": "3800000"},
        ("เกษตรกรผู้ปลูกทุเรียนได้รับการพัฒนา", "500", "ราย"),
        AGRI,
        ("agri_value",),
        ProposalStatus.APPROVED,
        2569,
    ),
    DemoProposal(
        "RY69-TR-01",
        "โครงการฟื้นฟูแหล่งท่องเที่ยวชายหาดแม่รำพึง",
        "เพื่อปรับปรุงภูมิทัศน์และสิ่งอำนวยความสะดวกของชายหาดแม่รำพึง",
        "ชายหาดแม่รำพึงเป็นแหล่งท่องเที่ยวหลัก สภาพสิ่งอำนวยความสะดวกทรุดโทรม",
        "agency",
        TOURISM,
        "21",
        2,
        {"investment": "9500000"},
        ("ชายหาดได้รับการปรับปรุง", "1", "แห่ง"),
        TOURISM,
        ("tourism_restoration",),
        ProposalStatus.APPROVED,
        2569,
    ),
    # --- FY 2570
    DemoProposal(
        "RY70-AG-01",
        "โครงการยกระดับการผลิตทุเรียนคุณภาพสู่มาตรฐานการส่งออก",
        "1. เพื่อพัฒนาคุณภาพทุเรียนให้ผ่านมาตรฐาน GAP และมาตรฐานส่งออก\n2. เพื่อเพิ่มรายได้เกษตรกร",
        "ผู้ส่งออกต้องการทุเรียนคุณภาพเพิ่มขึ้น ขณะที่เกษตรกรจำนวนมากยังไม่ผ่านมาตรฐาน",
        "agency",
        AGRI,
        "21",
        1,
        {"operating": "4200000"},
        ("เกษตรกรผู้ปลูกทุเรียนผ่านมาตรฐาน GAP", "600", "ราย"),
        AGRI,
        ("agri_value",),
        ProposalStatus.SCREENED,
    ),
    DemoProposal(
        "RY70-AG-02",
        "โครงการพัฒนาศูนย์รวบรวมและแปรรูปผลไม้ชุมชน",
        "เพื่อเพิ่มมูลค่าผลไม้ด้วยการแปรรูปและการบรรจุภัณฑ์ของวิสาหกิจชุมชน",
        "ผลไม้ล้นตลาดในช่วงฤดูกาล ราคาตกต่ำ ชุมชนขาดโรงแปรรูปที่ได้มาตรฐาน",
        "agency",
        CDD,
        "21",
        1,
        {"investment": "6500000", "operating": "1200000"},
        ("วิสาหกิจชุมชนมีโรงแปรรูปมาตรฐาน อย.", "5", "แห่ง"),
        CDD,
        ("community_economy", "otop"),
        ProposalStatus.CLINIC,
    ),
    DemoProposal(
        "RY70-AG-03",
        "โครงการจัดซื้อครุภัณฑ์การเกษตรเพื่อสนับสนุนกลุ่มเกษตรกร",
        "เพื่อจัดซื้อรถแทรกเตอร์และเครื่องพ่นสารเคมีให้กลุ่มเกษตรกร",
        "กลุ่มเกษตรกรขาดเครื่องจักรกลการเกษตร",
        "agency",
        AGRI,
        "21",
        1,
        {"investment": "7800000"},
        ("ครุภัณฑ์การเกษตร", "12", "รายการ"),
        AGRI,
        ("equipment",),
    ),
    DemoProposal(
        "RY70-TR-01",
        "โครงการพัฒนาเส้นทางท่องเที่ยวเชิงเกษตรและวิถีชุมชนจังหวัดระยอง",
        "เพื่อพัฒนาเส้นทางท่องเที่ยวเชิงเกษตรเชื่อมสวนผลไม้และชุมชนท่องเที่ยว",
        "นักท่องเที่ยวนิยมการท่องเที่ยวสวนผลไม้ แต่ขาดการเชื่อมโยงเส้นทางและมาตรฐานบริการ",
        "agency",
        TOURISM,
        "21",
        2,
        {"operating": "3500000"},
        ("เส้นทางท่องเที่ยวเชิงเกษตร", "3", "เส้นทาง"),
        TOURISM,
        ("tourism_restoration", "creative_economy"),
        ProposalStatus.CLINIC,
    ),
    DemoProposal(
        "RY70-TR-02",
        "โครงการปรับปรุงภูมิทัศน์และฟื้นฟูชายหาดแม่รำพึง ระยะที่ 2",
        "เพื่อฟื้นฟูชายหาดแม่รำพึงและปรับปรุงสิ่งอำนวยความสะดวกนักท่องเที่ยว",
        "ต่อเนื่องจากการปรับปรุงชายหาดแม่รำพึงในปีงบประมาณ พ.ศ. 2569",
        "agency",
        TOURISM,
        "21",
        2,
        {"investment": "8900000"},
        ("ชายหาดได้รับการปรับปรุง", "1", "แห่ง"),
        TOURISM,
        ("tourism_restoration",),
    ),
    DemoProposal(
        "RY70-TR-03",
        "โครงการศึกษาดูงานการท่องเที่ยวชุมชนของผู้นำท้องถิ่น",
        "เพื่อให้ผู้นำชุมชนศึกษาดูงานการจัดการท่องเที่ยวชุมชนต้นแบบในต่างจังหวัด",
        "ผู้นำชุมชนยังขาดประสบการณ์การจัดการท่องเที่ยวโดยชุมชน",
        "agency",
        TOURISM,
        "21",
        2,
        {"operating": "850000"},
        ("ผู้นำชุมชนเข้าร่วมศึกษาดูงาน", "80", "คน"),
        TOURISM,
        ("training",),
    ),
    DemoProposal(
        "RY70-SC-01",
        "โครงการฝึกอบรมอาชีพแรงงานนอกระบบเพื่อรองรับอุตสาหกรรมใน EEC",
        "เพื่อพัฒนาทักษะอาชีพแรงงานนอกระบบให้ตรงกับความต้องการของสถานประกอบการ",
        "สถานประกอบการในพื้นที่ EEC ขาดแคลนแรงงานทักษะ",
        "agency",
        CDD,
        "21",
        3,
        {"operating": "1800000"},
        ("แรงงานได้รับการฝึกอาชีพ", "400", "คน"),
        CDD,
        ("vocational_training",),
    ),
    # --- districts: projects beyond the district's capacity (ก.บ.อ.)
    DemoProposal(
        "RY70-D01-01",
        "โครงการก่อสร้างถนนลาดยางเชื่อมแหล่งผลิตผลไม้ตำบลเชิงเนิน",
        "เพื่อให้เกษตรกรขนส่งผลไม้สู่ตลาดได้สะดวก ลดความเสียหายของผลผลิต",
        "ถนนลูกรังเสียหายในฤดูฝน ขนส่งผลไม้ล่าช้า",
        "district",
        "ที่ว่าการอำเภอเมืองระยอง",
        "2101",
        None,
        {"investment": "12500000"},
        ("ถนนลาดยาง", "3.5", "กิโลเมตร"),
        "สำนักงานโยธาธิการและผังเมืองจังหวัดระยอง",
        ("road",),
    ),
    DemoProposal(
        "RY70-D02-01",
        "โครงการขุดลอกคลองระบายน้ำตำบลบ้านฉาง",
        "เพื่อขุดลอกคลองระบายน้ำป้องกันน้ำท่วมพื้นที่เกษตร",
        "คลองตื้นเขิน เกิดน้ำท่วมขังทุกปี",
        "district",
        "ที่ว่าการอำเภอบ้านฉาง",
        "2102",
        4,
        {"investment": "4600000"},
        ("คลองได้รับการขุดลอก", "5", "กิโลเมตร"),
        "โครงการชลประทานระยอง",
        ("dredging", "water"),
    ),
    DemoProposal(
        "RY70-D02-02",
        "โครงการยกระดับการผลิตทุเรียนคุณภาพเพื่อการส่งออก อำเภอบ้านฉาง",
        "เพื่อพัฒนาคุณภาพทุเรียนของเกษตรกรอำเภอบ้านฉางให้ได้มาตรฐานส่งออก",
        "เกษตรกรในอำเภอบ้านฉางต้องการพัฒนาคุณภาพทุเรียน",
        "district",
        "ที่ว่าการอำเภอบ้านฉาง",
        "2102",
        1,
        {"operating": "1500000"},
        ("เกษตรกรผู้ปลูกทุเรียน", "150", "ราย"),
        "สำนักงานเกษตรอำเภอบ้านฉาง",
        ("agri_value",),
    ),
    # --- the PAO, beyond its capacity
    DemoProposal(
        "RY70-PAO-01",
        "โครงการพัฒนาระบบประปาหมู่บ้านเพื่อแก้ปัญหาภัยแล้ง",
        "เพื่อเพิ่มแหล่งน้ำดิบและปรับปรุงระบบประปาหมู่บ้านในพื้นที่ประสบภัยแล้ง",
        "หลายหมู่บ้านขาดแคลนน้ำอุปโภคบริโภคในฤดูแล้ง",
        "pao",
        PAO,
        "21",
        4,
        {"investment": "9800000"},
        ("ระบบประปาหมู่บ้าน", "6", "แห่ง"),
        PAO,
        ("water",),
        ProposalStatus.IDEA,
    ),
    # --- a municipality
    DemoProposal(
        "RY70-LAO-01",
        "โครงการจ้างเหมาเก็บขยะมูลฝอยในเขตเทศบาล",
        "เพื่อจ้างเหมาบริการเก็บขนขยะมูลฝอยในเขตเทศบาลนครระยอง",
        "ปริมาณขยะเพิ่มขึ้นตามจำนวนประชากร",
        "local",
        CITY,
        "2101",
        4,
        {"operating": "5400000"},
        ("ขยะได้รับการจัดเก็บ", "120", "ตันต่อวัน"),
        CITY,
        (),
    ),
    DemoProposal(
        "RY70-LAO-02",
        "โครงการคัดแยกขยะต้นทางและธนาคารขยะชุมชน",
        "เพื่อลดปริมาณขยะด้วยการคัดแยกขยะต้นทางและจัดตั้งธนาคารขยะในชุมชน",
        "ขยะเข้าสู่ระบบกำจัดเกินขีดความสามารถ",
        "local",
        CITY,
        "2101",
        4,
        {"operating": "950000"},
        ("ชุมชนมีธนาคารขยะ", "20", "ชุมชน"),
        CITY,
        ("community_economy",),
    ),
    # --- from the Section 19 consultation
    DemoProposal(
        "RY70-CON-01",
        "โครงการส่งเสริมตลาดผลไม้ออนไลน์ของวิสาหกิจชุมชน",
        "เพื่อพัฒนาช่องทางการตลาดออนไลน์และระบบขนส่งผลไม้ของวิสาหกิจชุมชน",
        "ข้อเสนอจากการประชุมปรึกษาหารือตามมาตรา 19: ชุมชนต้องการขยายตลาดผลไม้",
        "consultation",
        "",
        "21",
        1,
        {"operating": "1300000"},
        ("วิสาหกิจชุมชนขายผลไม้ออนไลน์", "40", "กลุ่ม"),
        CDD,
        ("creative_economy",),
    ),
]

CLUSTER_OFFICE = "สำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัดภาคตะวันออก 1"

PROPOSALS += [
    DemoProposal(
        "E1-70-TR-01",
        "โครงการพัฒนาเส้นทางท่องเที่ยวเชื่อมโยงชายฝั่งทะเลตะวันออก",
        "1. เพื่อพัฒนาเส้นทางท่องเที่ยวเชื่อมโยงชายฝั่งชลบุรีและระยอง\n2. เพื่อเพิ่มรายได้จากการท่องเที่ยวของกลุ่มจังหวัด",
        "นักท่องเที่ยวกระจุกตัวในเมืองพัทยา แหล่งท่องเที่ยวชุมชนชายฝั่งยังไม่เชื่อมโยงกัน",
        "agency",
        CLUSTER_OFFICE,
        "20",
        2,
        {"operating": "6000000", "investment": "12000000"},
        ("เส้นทางท่องเที่ยวเชื่อมโยง", "3", "เส้นทาง"),
        CLUSTER_OFFICE,
        ("tourism_restoration",),
        ProposalStatus.APPROVED,
        cluster=True,
        locations=("20", "21"),
    ),
    DemoProposal(
        "E1-70-AG-01",
        "โครงการยกระดับมาตรฐานผลไม้ภาคตะวันออกสู่ตลาดโลก",
        "เพื่อพัฒนาระบบรับรองมาตรฐานและการตรวจสอบย้อนกลับผลไม้ของกลุ่มจังหวัด",
        "ตลาดต่างประเทศเข้มงวดมาตรฐานสุขอนามัยพืชและการตรวจสอบย้อนกลับ",
        "agency",
        CLUSTER_OFFICE,
        "21",
        3,
        {"operating": "8500000"},
        ("สวนผลไม้ได้รับการรับรองมาตรฐาน", "1200", "แปลง"),
        "สำนักงานเกษตรจังหวัดระยอง",
        ("agri_value",),
        ProposalStatus.APPROVED,
        cluster=True,
        locations=("21", "24"),
    ),
    DemoProposal(
        "E1-70-ID-01",
        "โครงการพัฒนาทักษะแรงงานรองรับอุตสาหกรรมเป้าหมายในพื้นที่ EEC",
        "เพื่อพัฒนาทักษะแรงงานในพื้นที่ให้ตรงกับความต้องการของอุตสาหกรรมเป้าหมาย",
        "สถานประกอบการในนิคมอุตสาหกรรมขาดแคลนแรงงานทักษะสูง",
        "agency",
        CLUSTER_OFFICE,
        "24",
        1,
        {"operating": "4800000"},
        ("แรงงานได้รับการฝึกทักษะ", "800", "คน"),
        "สำนักงานพัฒนาฝีมือแรงงานฉะเชิงเทรา",
        (),
        ProposalStatus.SCREENED,
        cluster=True,
        locations=("2401",),
    ),
]

# Envelopes (กรอบวงเงิน) of FY 2570, in baht, for the demo's provinces; the Eastern 1
# cluster's envelope is computed from them by the regime's split (30:70).
ENVELOPES = {"21": Decimal("120000000"), "20": Decimal("150000000"), "24": Decimal("110000000")}


def _organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(name_th=name).first() if name else None


def _issue(priority: int | None, cluster: Cluster | None = None) -> StrategicIssue | None:
    if priority is None:
        return None
    plans = Plan.objects.filter(first_year_be=2566)
    plan = (plans.filter(cluster=cluster) if cluster else plans.filter(province_id="21")).first()
    if plan is None:
        return None
    return reference_edition(plan).issues.filter(priority=priority).first()


@transaction.atomic
def load_project_demo() -> int:
    """Load the demo proposals (skipping those that exist) and the envelopes; screen them."""
    rayong = Area.objects.get(code="21")
    east1 = Cluster.objects.filter(regime__in_force=True, memberships__province=rayong).first()
    actor = User.objects.get(username="rayong")
    tags = {t.code: t for t in ProjectTag.objects.all()}
    created: list[Proposal] = []
    with set_actor(actor):
        for spec in PROPOSALS:
            cycle = Cycle.objects.get(fiscal_year_be=spec.year)
            if Proposal.objects.filter(cycle=cycle, reference_code=spec.code).exists():
                continue
            area = Area.objects.filter(code=spec.area).first()
            if area is None or (spec.cluster and east1 is None):
                continue  # a partial reference load (tests) without that province
            first_day, last_day = fiscal_year_range(spec.year)
            start = date(first_day.year, spec.months[0], 1)  # the months are Oct-Dec
            end = date(last_day.year, spec.months[1], 28)  # the months are Jan-Sep
            issue = _issue(spec.issue, east1 if spec.cluster else None)
            owner = (
                {"level": "cluster", "cluster": east1}
                if spec.cluster
                else {"level": "province", "province": rayong}
            )
            proposal = Proposal.objects.create(
                cycle=cycle,
                **owner,
                area=area,
                reference_code=spec.code,
                title=spec.title,
                objectives=spec.objectives,
                rationale=spec.rationale,
                expected_outcomes=spec.output[0],
                start_date=start,
                end_date=end,
                funding_channel="cluster" if spec.cluster else "province",
                proposer_kind=spec.source,
                proposer=_organisation(spec.proposer),
                responsible_agency=spec.responsible,
                issue=issue,
                strategy=issue.strategies.order_by("order").first() if issue else None,
                requests_budget_directly=spec.direct,
                negative_impacts_analysed=spec.impacts,
                status=spec.status,
                created_by=actor,
            )
            proposal.tags.set([tags[c] for c in spec.tags if c in tags])
            if spec.locations:
                proposal.locations.set(Area.objects.filter(code__in=spec.locations))
            for category, amount in spec.budget.items():
                BudgetLine.objects.create(
                    proposal=proposal,
                    fiscal_year_be=spec.year,
                    category=category,
                    amount=Decimal(amount),
                )
            if spec.output[0]:
                ProposalOutput.objects.create(
                    proposal=proposal,
                    description=spec.output[0],
                    quantity=Decimal(spec.output[1]) if spec.output[1] else None,
                    unit=spec.output[2],
                )
            created.append(proposal)
        cycle = Cycle.objects.get(fiscal_year_be=2570)
        for code, amount in ENVELOPES.items():
            if Area.objects.filter(code=code).exists():
                Envelope.objects.get_or_create(
                    cycle=cycle, province_id=code, defaults={"amount": amount}
                )
    try:
        from oneplan.projects.screening import screen_proposal
    except ImportError:  # the screening module is optional for the demo
        return len(created)
    for proposal in created:
        screen_proposal(proposal)
    return len(created)
