"""Envelopes and the annual action plan: who sets envelopes, the cluster's share, assembling
the plan from approved proposals within the envelope, its status changes with the deciding
meeting, who disburses cluster money, and the budget-request forms (DOCX, PDF, XLSX).

Built with the ORM on FY 2570 and Rayong (21) in East 1 (Chonburi 20, Rayong 21,
Chachoengsao 24; Chonburi is the operations centre). The demo's FY 2570 envelopes, action
plans and approvals are cleared first, so that each test sets exactly what it checks.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

import docx
import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from oneplan.areas.models import Area, Cluster
from oneplan.areas.services import cluster_of_province
from oneplan.core.models import JobStatus
from oneplan.core.thai import baht_in_words, format_baht, to_thai_digits
from oneplan.cycles.models import Cycle
from oneplan.documents import blocks as b
from oneplan.documents import pdf as pdfmod
from oneplan.documents.registry import get_renderer
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan, StrategicIssue
from oneplan.projects import action_plans as ap
from oneplan.projects import documents as ap_documents
from oneplan.projects.models import (
    ActionPlan,
    ActionPlanStatus,
    BudgetLine,
    Envelope,
    Proposal,
    ProposalOutput,
    ProposalStatus,
)

pytestmark = pytest.mark.django_db

D = Decimal
_codes = count(1)
ENVELOPES = {"20": D("10000000"), "21": D("8000000"), "24": D("6000000")}  # Rayong keeps 5.6 M


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def cycle() -> Cycle:
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    # A clean slate for FY 2570 (rolled back after each test).
    ActionPlan.objects.filter(cycle=cycle).delete()
    Envelope.objects.filter(cycle=cycle).delete()
    Proposal.objects.filter(cycle=cycle, status=ProposalStatus.APPROVED).update(
        status=ProposalStatus.CLINIC
    )
    return cycle


@pytest.fixture
def rayong() -> Area:
    return Area.objects.get(code="21")


@pytest.fixture
def east1(cycle, rayong) -> Cluster:
    cluster = cluster_of_province(rayong, ap.cluster_regime_of(cycle))
    assert cluster is not None and cluster.province_codes() == ["20", "21", "24"]
    return cluster


@pytest.fixture
def envelopes(cycle, demo_user) -> None:
    for code, amount in ENVELOPES.items():
        ap.set_envelope(demo_user("secretariat"), cycle, Area.objects.get(code=code), amount)


@pytest.fixture
def issues() -> list[StrategicIssue]:
    plan = Plan.objects.get(province_id="21", kind="province", first_year_be=2566)
    found = list(reference_edition(plan).issues.order_by("priority")[:2])
    assert [i.priority for i in found] == [1, 2]
    return found


def make_proposal(
    cycle: Cycle,
    title: str,
    budget: dict[str, str],
    *,
    province: str = "21",
    issue: StrategicIssue | None = None,
    status: str = ProposalStatus.APPROVED,
    **fields,
) -> Proposal:
    proposal = Proposal.objects.create(
        cycle=cycle,
        level="province",
        province=Area.objects.get(code=province),
        area=Area.objects.get(code=province),
        reference_code=fields.pop("reference_code", f"AP-{next(_codes):04d}"),
        title=title,
        funding_channel=fields.pop("funding_channel", "province"),
        proposer_kind="agency",
        status=status,
        issue=issue,
        **fields,
    )
    for category, amount in budget.items():
        BudgetLine.objects.create(
            proposal=proposal,
            fiscal_year_be=cycle.fiscal_year_be,
            category=category,
            amount=D(amount),
        )
    return proposal


@pytest.fixture
def proposals(cycle, issues) -> dict[str, Proposal]:
    first, second = issues
    made = {
        "durian": make_proposal(
            cycle,
            "โครงการพัฒนาคุณภาพทุเรียนเพื่อการส่งออก",
            {"operating": "2000000", "investment": "1000000"},
            issue=first,
            reference_code="AP-A",
            objectives="เพื่อยกระดับคุณภาพทุเรียน",
            expected_outcomes="รายได้เกษตรกรเพิ่มขึ้น",
            responsible_agency="สำนักงานเกษตรจังหวัดระยอง",
            requests_budget_directly=True,
        ),
        "market": make_proposal(
            cycle,
            "โครงการตลาดผลไม้ออนไลน์",
            {"operating": "2000000"},
            issue=first,
            reference_code="AP-B",
        ),
        "beach": make_proposal(
            cycle,
            "โครงการฟื้นฟูชายหาดแม่รำพึง",
            {"investment": "2500000"},
            issue=second,
            reference_code="AP-C",
        ),
        "signs": make_proposal(
            cycle, "โครงการป้ายบอกทางท่องเที่ยว", {"operating": "500000"}, reference_code="AP-D"
        ),
        "ministry": make_proposal(
            cycle,
            "โครงการถนนเชื่อมแหล่งท่องเที่ยว (กรมทางหลวงชนบท)",
            {"investment": "9000000"},
            issue=first,
            funding_channel="function",
            reference_code="AP-E",
        ),
        # Not in the plan: not approved, or another province's.
        "idea": make_proposal(
            cycle, "โครงการที่ยังเป็นแนวคิด", {"operating": "100000"}, status=ProposalStatus.FULL
        ),
        "rejected": make_proposal(
            cycle, "โครงการที่ไม่ผ่าน", {"operating": "100000"}, status=ProposalStatus.REJECTED
        ),
        "chonburi": make_proposal(cycle, "โครงการของชลบุรี", {"operating": "100000"}, province="20"),
    }
    ProposalOutput.objects.create(
        proposal=made["durian"], description="เกษตรกรได้รับการพัฒนา", unit="ราย", quantity=D("500")
    )
    return made


def items_of(plan: ActionPlan) -> list[tuple[int, str, Decimal, bool]]:
    return [
        (i.rank, i.proposal.reference_code, i.amount, i.within_envelope)
        for i in plan.items.select_related("proposal").order_by("rank")
    ]


# --------------------------------------------------------------------------- envelopes


def test_only_the_national_secretariat_sets_envelopes(cycle, rayong, east1, demo_user):
    for username in ("rayong", "chonburi", "east1", "rayong_committee"):
        with pytest.raises(PermissionDenied):
            ap.set_envelope(demo_user(username), cycle, rayong, D("8000000"))
    assert not Envelope.objects.filter(cycle=cycle).exists()

    secretariat = demo_user("secretariat")
    envelope = ap.set_envelope(secretariat, cycle, rayong, D("8000000"))
    assert envelope.province == rayong and envelope.amount == D("8000000")
    with pytest.raises(PermissionDenied):
        ap.set_envelope(demo_user("rayong"), cycle, rayong, D("9000000"))

    entries = LogEntry.objects.count()
    ap.set_envelope(secretariat, cycle, rayong, D("8000000.00"))
    assert LogEntry.objects.count() == entries  # nothing changed, nothing written
    ap.set_envelope(secretariat, cycle, rayong, D("8500000"))
    envelope.refresh_from_db()
    assert envelope.amount == D("8500000")
    entry = LogEntry.objects.get_for_object(envelope).latest("timestamp")
    assert entry.actor == secretariat

    for bad in (D("-1"), D("1.001"), 1.5):
        with pytest.raises(ValidationError):
            ap.set_envelope(secretariat, cycle, rayong, bad)
    with pytest.raises(ValidationError):
        ap.set_envelope(secretariat, cycle, Area.objects.get(code="2101"), D("1"))


def test_the_cluster_envelope_comes_from_its_provinces_at_30_70(cycle, rayong, east1, envelopes):
    split = ap.cluster_envelopes(cycle, east1)
    assert split.share_percent == D("30")
    assert split.provincial == ENVELOPES and split.complete
    assert split.total == D("24000000")
    assert split.computed_cluster == split.cluster_amount == D("7200000.00")
    assert split.province_shares == {
        "20": D("7000000.00"),
        "21": D("5600000.00"),
        "24": D("4200000.00"),
    }
    assert split.cluster_amount + sum(split.province_shares.values()) == split.total
    assert ap.envelope_of(cycle, rayong) == D("5600000.00")
    assert ap.envelope_of(cycle, east1) == D("7200000.00")


def test_missing_provinces_an_explicit_cluster_envelope_and_bangkok(
    cycle, rayong, east1, demo_user
):
    secretariat = demo_user("secretariat")
    assert ap.envelope_of(cycle, rayong) is None and ap.envelope_of(cycle, east1) is None
    ap.set_envelope(secretariat, cycle, rayong, D("8000000"))
    split = ap.cluster_envelopes(cycle, east1)
    assert split.missing == ("20", "24") and not split.complete
    assert split.computed_cluster == D("2400000.00")
    ap.set_envelope(secretariat, cycle, east1, D("3000000"))
    assert ap.envelope_of(cycle, east1) == D("3000000")  # set for the cluster: it wins
    assert ap.envelope_of(cycle, rayong) == D("5600000.00")  # the province's share stays
    bangkok = Area.objects.get(code="10")
    ap.set_envelope(secretariat, cycle, bangkok, D("1000000"))
    assert ap.envelope_of(cycle, bangkok) == D("1000000")  # in no cluster: all of it
    other = Cluster.objects.exclude(regime=east1.regime).first()
    with pytest.raises(ValidationError):
        ap.cluster_envelopes(cycle, other)


# --------------------------------------------------------------------------- assembling


def test_assemble_ranks_the_owners_approved_proposals_within_the_envelope(
    cycle, rayong, envelopes, proposals, demo_user
):
    plan = ap.assemble(demo_user("rayong"), cycle, rayong)
    assert plan.title == "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570 ของจังหวัดระยอง"
    assert plan.level == "province" and plan.province == rayong
    assert plan.status == ActionPlanStatus.DRAFT
    # Envelope 5.6 M: issue 1 (A 3 M, B 2 M) fits; C (issue 2, 2.5 M) does not, and D
    # (no issue, 0.5 M) would fit in the 0.6 M left but stays below the strict line.
    # E is paid by a ministry: listed after, never counted against the envelope.
    assert items_of(plan) == [
        (1, "AP-A", D("3000000.00"), True),
        (2, "AP-B", D("2000000.00"), True),
        (3, "AP-C", D("2500000.00"), False),
        (4, "AP-D", D("500000.00"), False),
        (5, "AP-E", D("9000000.00"), False),
    ]
    rows = ap.plan_rows(cycle, rayong, D("5600000.00"))
    assert rows.ranking.total_within == D("5000000.00")
    assert rows.ranking.remaining == D("600000.00")
    assert [r.proposal_id for r in rows.others] == [proposals["ministry"].pk]


def test_assemble_is_idempotent_and_follows_changes(cycle, rayong, envelopes, proposals, demo_user):
    user = demo_user("rayong")
    plan = ap.assemble(user, cycle, rayong)
    entries = LogEntry.objects.count()
    assert ap.assemble(user, cycle, rayong) == plan
    assert LogEntry.objects.count() == entries  # nothing changed, nothing written

    # The market project is cut to 1.5 M: the beach project still does not fit
    # (7 M > 5.6 M) and the signs stay below the line. Only the changed item is written.
    line = proposals["market"].budget_lines.get()
    line.amount = D("1500000")
    line.save()
    entries = LogEntry.objects.count()
    ap.assemble(user, cycle, rayong)
    assert LogEntry.objects.count() == entries + 1  # the one item that changed
    assert items_of(plan)[1] == (2, "AP-B", D("1500000.00"), True)

    # The durian project goes back to the clinic: it leaves the plan, the rest move up.
    Proposal.objects.filter(pk=proposals["durian"].pk).update(status=ProposalStatus.CLINIC)
    ap.assemble(user, cycle, rayong)
    assert items_of(plan) == [
        (1, "AP-B", D("1500000.00"), True),
        (2, "AP-C", D("2500000.00"), True),
        (3, "AP-D", D("500000.00"), True),
        (4, "AP-E", D("9000000.00"), False),
    ]
    assert ActionPlan.objects.filter(cycle=cycle, province=rayong).count() == 1


def test_who_may_assemble(cycle, rayong, east1, envelopes, proposals, demo_user):
    for username in ("chonburi", "east1", "rayong_committee", "rayong_agency"):
        with pytest.raises(PermissionDenied):
            ap.assemble(demo_user(username), cycle, rayong)
    assert not ActionPlan.objects.filter(cycle=cycle).exists()
    plan = ap.assemble(demo_user("secretariat"), cycle, rayong)
    with pytest.raises(PermissionDenied):
        ap.assemble(demo_user("chonburi"), cycle, rayong)
    cluster_plan = ap.assemble(demo_user("east1"), cycle, east1)
    assert cluster_plan.level == "cluster" and cluster_plan.cluster == east1
    assert cluster_plan.title.endswith("ของกลุ่มจังหวัดภาคตะวันออก 1")
    assert not cluster_plan.items.exists()  # Rayong's provincial proposals are not the cluster's
    assert plan.items.count() == 5


def test_assemble_refuses_without_an_envelope_and_after_draft(cycle, rayong, proposals, demo_user):
    user = demo_user("rayong")
    with pytest.raises(ValidationError, match="ยังไม่ได้กำหนดกรอบวงเงินของจังหวัดระยอง"):
        ap.assemble(user, cycle, rayong)
    ap.set_envelope(demo_user("secretariat"), cycle, rayong, D("8000000"))
    plan = ap.assemble(user, cycle, rayong)
    ap.transition(user, plan, ActionPlanStatus.COMMITTEE, "การประชุม ก.บ.จ.ระยอง ครั้งที่ 1/2569")
    entries = LogEntry.objects.count()
    with pytest.raises(ValidationError, match="สถานะ “คณะกรรมการให้ความเห็นชอบแล้ว”"):
        ap.assemble(user, cycle, rayong)
    assert LogEntry.objects.count() == entries
    with pytest.raises(ValidationError):
        ap.assemble(user, cycle, Area.objects.get(code="2101"))  # a district owns no plan


# --------------------------------------------------------------------------- transitions


def test_transitions_record_the_deciding_meeting(cycle, rayong, envelopes, proposals, demo_user):
    user = demo_user("rayong")
    plan = ap.assemble(user, cycle, rayong)
    with pytest.raises(ValidationError, match="เปลี่ยนจากสถานะ “ร่าง” เป็น “ผ่านการพิจารณาระดับชาติแล้ว”"):
        ap.transition(user, plan, ActionPlanStatus.NATIONAL, "ก.บ.ภ.")
    with pytest.raises(ValidationError, match="กรุณาระบุการประชุมหรือหนังสือ"):
        ap.transition(user, plan, ActionPlanStatus.COMMITTEE, "   ")
    with pytest.raises(ValidationError, match="อนาคต"):
        ap.transition(
            user,
            plan,
            ActionPlanStatus.COMMITTEE,
            "ก.บ.จ.",
            timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        ap.transition(user, plan, "approved", "ก.บ.จ.")
    with pytest.raises(PermissionDenied):
        ap.transition(demo_user("rayong_committee"), plan, ActionPlanStatus.COMMITTEE, "ก.บ.จ.")
    with pytest.raises(PermissionDenied):
        ap.transition(demo_user("chonburi"), plan, ActionPlanStatus.COMMITTEE, "ก.บ.จ.")
    assert not plan.transitions.exists()

    steps = [
        (ActionPlanStatus.COMMITTEE, "การประชุม ก.บ.จ.ระยอง ครั้งที่ 1/2569", date(2025, 12, 10)),
        (ActionPlanStatus.NATIONAL, "การประชุม ก.บ.ภ. ครั้งที่ 1/2569", date(2026, 1, 20)),
        (ActionPlanStatus.DRAFT, "หนังสือ สป.มท. ที่ มท 0200/ว 100 ส่งกลับให้ปรับปรุง", None),
        (ActionPlanStatus.COMMITTEE, "การประชุม ก.บ.จ.ระยอง ครั้งที่ 2/2569", date(2026, 2, 3)),
        (ActionPlanStatus.NATIONAL, "การประชุม ก.บ.ภ. ครั้งที่ 2/2569", date(2026, 2, 20)),
        (ActionPlanStatus.CABINET, "มติคณะรัฐมนตรี วันที่ 10 มีนาคม 2569", date(2026, 3, 10)),
        (ActionPlanStatus.BUDGET_BUREAU, "หนังสือ สงป. ที่ นร 0700/123", date(2026, 3, 20)),
    ]
    for to_status, decided_by, decided_on in steps:
        record = ap.transition(user, plan, to_status, decided_by, decided_on)
        assert record.decided_by == decided_by and record.decided_on == decided_on
        assert record.actor == user
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.BUDGET_BUREAU
    assert [(t.from_status, t.to_status) for t in plan.transitions.all()] == [
        ("draft", "committee"),
        ("committee", "national"),
        ("national", "draft"),
        ("draft", "committee"),
        ("committee", "national"),
        ("national", "cabinet"),
        ("cabinet", "budget_bureau"),
    ]
    entry = LogEntry.objects.get_for_object(plan).latest("timestamp")
    assert entry.actor == user and "status" in entry.changes_dict
    with pytest.raises(ValidationError):
        ap.transition(user, plan, ActionPlanStatus.DRAFT, "ขอแก้ไข")


def test_the_status_form_reads_a_typed_buddhist_era_date(assembled, demo_user):
    from django.contrib.messages import get_messages
    from django.test import Client

    client = Client()
    client.force_login(demo_user("rayong"))
    url = "/projects/action-plans/2570/21/status/"
    form = {"to_status": "committee", "decided_by": "การประชุม ก.บ.จ. ครั้งที่ 1/2569"}
    refused = client.post(url, {**form, "decided_on": "30/2/2569"})
    assert refused.status_code == 302
    assert [str(m) for m in get_messages(refused.wsgi_request)] == [
        "ไม่มีวันที่ 30 กุมภาพันธ์ ใน พ.ศ. 2569"
    ]
    assembled.refresh_from_db()
    assert assembled.status == ActionPlanStatus.DRAFT and not assembled.transitions.exists()
    client.post(url, {**form, "decided_on": "๑๐/๑๑/๒๕๖๘"})
    assert assembled.transitions.get().decided_on == date(2025, 11, 10)
    client.post(url, {"to_status": "draft", "decided_by": "ส่งกลับ", "decided_on": "2025-11-12"})
    assert assembled.transitions.latest("pk").decided_on == date(2025, 11, 12)


def test_an_empty_plan_cannot_go_to_the_committee(cycle, rayong, envelopes, demo_user):
    plan = ap.assemble(demo_user("rayong"), cycle, rayong)
    with pytest.raises(ValidationError, match="ยังไม่มีโครงการ"):
        ap.transition(demo_user("rayong"), plan, ActionPlanStatus.COMMITTEE, "ก.บ.จ.")


# --------------------------------------------------------------------------- disbursement


def cluster_proposal(cycle: Cycle, east1: Cluster, locations: list[str], **fields) -> Proposal:
    proposal = Proposal.objects.create(
        cycle=cycle,
        level="cluster",
        cluster=east1,
        area=Area.objects.get(code="20"),
        reference_code=f"CL-{next(_codes):04d}",
        title="โครงการของกลุ่มจังหวัด",
        funding_channel="cluster",
        proposer_kind="agency",
        status=ProposalStatus.APPROVED,
        **fields,
    )
    proposal.locations.set(Area.objects.filter(code__in=locations))
    return proposal


def test_who_disburses(cycle, rayong, east1, proposals):
    assert ap.disbursing_province(proposals["durian"]) == rayong
    in_rayong = cluster_proposal(cycle, east1, ["2101", "2102"])
    assert ap.disbursing_province(in_rayong) == rayong  # one province: it disburses
    spanning = cluster_proposal(cycle, east1, ["2101", "24"])
    assert ap.disbursing_province(spanning).code == east1.operations_centre_id == "20"
    whole = cluster_proposal(cycle, east1, [], whole_area=True)
    assert ap.disbursing_province(whole).code == "20"
    nowhere = cluster_proposal(cycle, east1, [])
    assert ap.disbursing_province(nowhere).code == "20"  # its area, Chonburi
    east1.operations_centre = None
    east1.save()
    spanning.refresh_from_db()
    assert ap.disbursing_province(spanning) is None  # no operations centre yet


def test_the_cluster_plan_names_the_disbursing_province(cycle, east1, envelopes, demo_user):
    in_rayong = cluster_proposal(cycle, east1, ["2101"], responsible_agency="สำนักงานจังหวัดระยอง")
    spanning = cluster_proposal(cycle, east1, ["21", "24"], responsible_agency="กลุ่มจังหวัด")
    for proposal, amount in ((in_rayong, "4000000"), (spanning, "5000000")):
        BudgetLine.objects.create(
            proposal=proposal, fiscal_year_be=2570, category="operating", amount=D(amount)
        )
    plan = ap.assemble(demo_user("east1"), cycle, east1)  # envelope 7.2 M
    assert [(i.proposal_id, i.within_envelope) for i in plan.items.order_by("rank")] == [
        (in_rayong.pk, True),
        (spanning.pk, False),
    ]
    text = docx_text(render("action_plan.docx", plan, thai_digits=False)[0])
    assert "ของกลุ่มจังหวัดภาคตะวันออก 1" in text
    assert "สำนักงานจังหวัดระยอง\n(เบิกจ่ายโดยจังหวัดระยอง)" in text
    assert "กลุ่มจังหวัด\n(เบิกจ่ายโดยจังหวัดชลบุรี)" in text
    assert "กรอบวงเงิน 7,200,000.00 บาท" in text


# --------------------------------------------------------------------------- documents


@pytest.fixture
def assembled(cycle, rayong, envelopes, proposals, demo_user) -> ActionPlan:
    Proposal.objects.filter(pk=proposals["signs"].pk).update(
        title='=HYPERLINK("http://evil.example","คลิก")'
    )
    return ap.assemble(demo_user("rayong"), cycle, rayong)


def render(kind: str, plan: ActionPlan, **params) -> tuple[bytes, str, str]:
    job = SimpleNamespace(params={"action_plan_id": plan.pk, **params})
    return get_renderer(kind)(job, lambda percent, message: None)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    rows = ["\t".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    return "\n".join([*(p.text for p in document.paragraphs), *rows])


GRAND_TOTAL = D("17000000")  # 3 + 2 + 2.5 + 0.5 + 9 M
WITHIN = D("5000000")


def test_the_word_form_lists_projects_totals_and_amounts_in_words(assembled):
    content, filename, content_type = render("action_plan.docx", assembled, thai_digits=False)
    assert filename == "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570 ของจังหวัดระยอง.docx"
    assert content_type.endswith("wordprocessingml.document")
    text = docx_text(content)
    assert "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570 ของจังหวัดระยอง" in text
    for title in ("โครงการพัฒนาคุณภาพทุเรียนเพื่อการส่งออก", "โครงการฟื้นฟูชายหาดแม่รำพึง"):
        assert title in text
    assert "เกษตรกรได้รับการพัฒนา 500 ราย" in text
    assert "ขอตั้งงบประมาณจากสำนักงบประมาณโดยตรง" in text
    assert "ภายในกรอบวงเงิน" in text and "เกินกรอบวงเงิน" in text
    assert "ภายในกรอบ\tใช่" not in text and "ใช่\tภายในกรอบ" in text  # the durian project
    assert "งบกระทรวง/กรม" in text  # the ministry's project: not counted in the envelope
    assert "งบดำเนินงาน" in text and "งบลงทุน" in text
    assert "งบบุคลากร" not in text  # only the categories in use
    assert "ประเด็นยุทธศาสตร์ที่ 1" in text and "โครงการที่ยังไม่ระบุประเด็นยุทธศาสตร์" in text
    assert f"รวมประเด็นยุทธศาสตร์ที่ 1 ({baht_in_words(D('14000000'))})" in text
    assert format_baht(GRAND_TOTAL) in text and baht_in_words(GRAND_TOTAL) in text
    assert "สิบเจ็ดล้านบาทถ้วน" in text
    assert f"ภายในกรอบวงเงิน {format_baht(WITHIN)} บาท (ห้าล้านบาทถ้วน)" in text
    assert "กรอบวงเงิน 5,600,000.00 บาท (ห้าล้านหกแสนบาทถ้วน)" in text

    thai, _name, _type = render("action_plan.docx", assembled, thai_digits=True)
    thai_text = docx_text(thai)
    assert to_thai_digits(format_baht(GRAND_TOTAL)) in thai_text
    assert format_baht(GRAND_TOTAL) not in thai_text


def test_the_spreadsheet_keeps_numbers_and_stores_formulas_as_text(assembled):
    content, filename, _type = render("action_plan.xlsx", assembled)
    assert filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["แผนปฏิบัติราชการ", "ข้อมูลโครงการ"]
    form = workbook["แผนปฏิบัติราชการ"]
    assert form["A1"].value == "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570 ของจังหวัดระยอง"
    cells = [c for row in form.iter_rows() for c in row if c.value is not None]
    evil = [c for c in cells if c.value == '=HYPERLINK("http://evil.example","คลิก")']
    assert evil and all(c.data_type == "s" and c.quotePrefix for c in evil)
    texts = [str(c.value) for c in cells]
    assert any(t.startswith("รวมทั้งสิ้น (สิบเจ็ดล้านบาทถ้วน)") for t in texts)
    assert 17000000 in [c.value for c in cells]  # the grand total, a number
    data = workbook["ข้อมูลโครงการ"]
    headers = [c.value for c in data[1]]
    titles = [row[headers.index("โครงการ")] for row in data.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil.example","คลิก")' in titles
    totals = [
        row[headers.index("รวม (บาท)")] for row in data.iter_rows(min_row=2, values_only=True)
    ]
    assert sum(D(str(t)) for t in totals) == GRAND_TOTAL
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in sheets)


def test_the_pdf_says_the_same_in_thai_digits(assembled, settings, tmp_path):
    data = ap_documents.load_action_plan(assembled.pk)
    blocks = b.with_thai_digits(ap_documents.action_plan_blocks(data), True)
    pages = pdfmod.document_text(
        pdfmod.render_html(pdfmod.blocks_to_html(blocks, title=data.title))
    )
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert to_thai_digits("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570") in text
    joined = text.replace(" ", "")  # lines break inside narrow cells
    assert "สิบเจ็ดล้านบาทถ้วน" in joined and "โครงการตลาดผลไม้ออนไลน์" in joined
    assert to_thai_digits(format_baht(GRAND_TOTAL)) in text
    assert not re.search("[0-9]", text)

    from oneplan.documents.tasks import start_job

    settings.MEDIA_ROOT = tmp_path
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        job = start_job(None, "action_plan.pdf", {"action_plan_id": assembled.pk})
        assert job.status == JobStatus.DONE, job.message
        with job.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        missing = start_job(None, "action_plan.pdf", {"action_plan_id": 999_999})
        assert missing.status == JobStatus.FAILED
        assert missing.message == "ไม่พบแผนปฏิบัติราชการที่ขอ อาจถูกลบไปแล้ว"


def test_the_plan_keeps_the_split_by_category_it_asked_for(assembled, proposals, demo_user):
    durian = proposals["durian"]
    item = assembled.items.get(proposal=durian)
    asked = {c: D(a) for c, a in item.by_category.items()}
    assert sum(asked.values()) == item.amount  # the split adds up to the item
    assert asked == {
        line.category: line.amount for line in durian.budget_lines.filter(fiscal_year_be=2570)
    }
    ap.transition(demo_user("rayong"), assembled, ActionPlanStatus.COMMITTEE, "ก.บ.จ. ครั้งที่ 1/2569")

    # After the plan went to the committee, the proposal's budget is moved between categories.
    durian.budget_lines.filter(fiscal_year_be=2570).update(amount=D("1500000"))

    data = ap_documents.load_action_plan(assembled.pk)
    printed = next(row for row in data.lines if row.proposal.pk == durian.pk)
    assert printed.by_category == asked  # the forms print what the plan asked for
    assert printed.categories_changed  # and mark that the proposal has changed since
    text = docx_text(render("action_plan.docx", assembled, thai_digits=False)[0])
    assert "เปลี่ยนไปหลังจัดทำแผน" in text
