"""The proposal pages as each kind of user sees them, through the real policy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from oneplan.orgs.models import Organisation
from oneplan.projects.models import Proposal, ProposalStatus
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_province_lists_and_reads_its_proposals_another_province_gets_404(demo_user):
    proposal = make_proposal(title="โครงการพัฒนาตลาดผลไม้ระยอง")
    rayong = client_for(demo_user("rayong"))
    assert proposal.title in rayong.get("/projects/").content.decode()
    page = rayong.get(proposal.get_absolute_url())
    assert page.status_code == 200 and proposal.title in page.content.decode()
    assert rayong.get("/projects/clinic/").status_code == 200
    chonburi = client_for(demo_user("chonburi"))
    assert chonburi.get(proposal.get_absolute_url()).status_code == 404
    assert proposal.title not in chonburi.get("/projects/").content.decode()
    assert (
        chonburi.post(
            f"/projects/{proposal.pk}/decision/", {"outcome": "approved", "reason": "x"}
        ).status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FULL


def test_an_agency_enters_a_proposal_with_its_budget(demo_user):
    user = demo_user("rayong_agency")
    client = client_for(user)
    assert client.get("/projects/new/").status_code == 200
    from oneplan.cycles.models import Cycle

    cycle = Cycle.objects.get(fiscal_year_be=2570)
    response = client.post(
        "/projects/new/",
        {
            "cycle": cycle.pk,
            "reference_code": "AGRI-2570-01",
            "title": "โครงการยกระดับมาตรฐานสวนทุเรียนสู่ GAP",
            "objectives": "เพื่อให้สวนทุเรียนผ่านการรับรองมาตรฐาน GAP",
            "area": "21",
            "funding_channel": "province",
            "proposer_kind": "agency",
            "budget_2570_operating": "๑,๒๐๐,๐๐๐",
            "budget_2570_investment": "300000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get(cycle=cycle, reference_code="AGRI-2570-01")
    assert proposal.total_budget == Decimal("1500000")
    assert proposal.proposer == Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")
    assert proposal.created_by == user


def test_reviewer_comments_the_proposer_replies_and_the_reviewer_decides(demo_user):
    agri = Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")
    proposal = make_proposal(proposer=agri, status=ProposalStatus.CLINIC)
    reviewer = client_for(demo_user("rayong"))
    reviewer.post(
        f"/projects/{proposal.pk}/comments/",
        {"field": "objectives", "text": "ขอให้ระบุจำนวนเกษตรกรเป้าหมาย"},
    )
    remark = proposal.comments.get()
    proposer = client_for(demo_user("rayong_agency"))
    assert (
        "ขอให้ระบุจำนวนเกษตรกรเป้าหมาย" in proposer.get(proposal.get_absolute_url()).content.decode()
    )
    # The proposer cannot decide or comment as a reviewer.
    proposer.post(f"/projects/{proposal.pk}/decision/", {"outcome": "approved", "reason": "ดี"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLINIC
    proposer.post(
        f"/projects/{proposal.pk}/comments/{remark.pk}/reply/", {"text": "เกษตรกร 300 ราย"}
    )
    remark.refresh_from_db()
    assert remark.reply == "เกษตรกร 300 ราย"
    reviewer.post(
        f"/projects/{proposal.pk}/decision/",
        {"outcome": "approved", "reason": "สอดคล้องกับประเด็นยุทธศาสตร์ที่ 1"},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.decisions.get().reason == "สอดคล้องกับประเด็นยุทธศาสตร์ที่ 1"


def test_the_action_plan_page_ranks_assembles_and_moves_up_the_chain(demo_user):
    from oneplan.projects.models import ActionPlan

    approved = make_proposal(status=ProposalStatus.APPROVED, title="โครงการที่ผ่านการพิจารณา")
    url = "/projects/action-plans/2570/21/"
    rayong = client_for(demo_user("rayong"))
    page = rayong.get(url)
    assert page.status_code == 200 and approved.title in page.content.decode()
    assert client_for(demo_user("chonburi")).get(url).status_code == 404
    assert client_for(demo_user("rayong_agency")).post(url + "assemble/").status_code == 404
    rayong.post(url + "assemble/")
    plan = ActionPlan.objects.get(cycle__fiscal_year_be=2570, province_id="21")
    assert plan.items.filter(proposal=approved).exists()
    rayong.post(url + "status/", {"to_status": "committee", "decided_by": "มติ ก.บ.จ. ครั้งที่ 3/2569"})
    plan.refresh_from_db()
    assert plan.status == "committee"
    assert plan.transitions.get().decided_by == "มติ ก.บ.จ. ครั้งที่ 3/2569"


def test_templates_upload_and_export_through_the_pages(demo_user):
    import io

    from openpyxl import load_workbook

    rayong = client_for(demo_user("rayong"))
    template = rayong.get("/projects/import/template/agency.xlsx?cycle=2570&province=21")
    assert template.status_code == 200
    workbook = load_workbook(io.BytesIO(template.content))
    assert "คำอธิบาย" in workbook.sheetnames
    assert (
        client_for(demo_user("chonburi"))
        .get("/projects/import/template/agency.xlsx?cycle=2570&province=21")
        .status_code
        == 404
    )
    assert rayong.get("/projects/import/").status_code == 200
    from oneplan.cycles.models import Cycle

    before = Proposal.objects.count()
    garbage = io.BytesIO(b"not an excel file at all")
    garbage.name = "proposals.xlsx"
    page = rayong.post(
        "/projects/import/",
        {"cycle": Cycle.objects.get(fiscal_year_be=2570).pk, "source": "agency", "file": garbage},
    )
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert Proposal.objects.count() == before
    make_proposal(title='=HYPERLINK("http://x")')
    export = rayong.get("/projects/export.xlsx?q=HYPERLINK")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value or "")]
    assert cells, "the proposal is exported"
    assert all(c.data_type == "s" for c in cells), [(c.coordinate, c.data_type) for c in cells]


def test_attachments_are_checked_and_served_only_to_readers(demo_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oneplan.documents.tests import files

    settings.MEDIA_ROOT = tmp_path
    agri = Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")
    proposal = make_proposal(proposer=agri)
    agency = client_for(demo_user("rayong_agency"))
    fake = SimpleUploadedFile("แบบโครงการ.pdf", b"MZ this is an executable", "application/pdf")
    agency.post(f"/projects/{proposal.pk}/attachments/", {"file": fake})
    assert not proposal.attachments.exists()  # the content is not a PDF
    real = SimpleUploadedFile("แบบโครงการ.pdf", files.pdf(), "application/pdf")
    agency.post(f"/projects/{proposal.pk}/attachments/", {"file": real})
    attachment = proposal.attachments.get()
    url = f"/projects/{proposal.pk}/attachments/{attachment.pk}/"
    response = client_for(demo_user("rayong")).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(demo_user("chonburi")).get(url).status_code == 404
    script = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", "text/html")
    agency.post(f"/projects/{proposal.pk}/attachments/", {"file": script})
    assert proposal.attachments.count() == 1


@pytest.mark.parametrize("username", ["reviewer", "rayong_committee"])
def test_panels_and_committee_members_comment_and_score_but_do_not_decide(demo_user, username):
    from oneplan.projects.models import Criterion

    proposal = make_proposal(title="โครงการพัฒนาแหล่งท่องเที่ยวชุมชนริมทะเล", status=ProposalStatus.CLINIC)
    elsewhere = make_proposal(
        title="โครงการพัฒนาตลาดชุมชนชลบุรี", area="20", status=ProposalStatus.CLINIC
    )
    user = demo_user(username)
    client = client_for(user)
    queue = client.get("/projects/clinic/").content.decode()
    assert proposal.title in queue
    # The national panel reviews every province; a Rayong committee member only Rayong.
    assert (elsewhere.title in queue) == (username == "reviewer")

    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'name="text"' in page and 'name="score"' in page  # comment and score forms
    assert 'name="outcome"' not in page  # no decision form

    client.post(f"/projects/{proposal.pk}/comments/", {"text": "ขอแผนที่จุดดำเนินการ"})
    assert proposal.comments.get().author == user
    criterion = Criterion.objects.filter(regime=proposal.cycle.regime).first()
    client.post(f"/projects/{proposal.pk}/scores/", {"criterion": criterion.pk, "score": "4"})
    assert proposal.scores.get().reviewer == user

    refused = client.post(
        f"/projects/{proposal.pk}/decision/", {"outcome": "approved", "reason": "x"}
    )
    assert refused.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLINIC
    # Nor may they edit the proposal itself.
    assert client.get(f"/projects/{proposal.pk}/edit/").status_code == 404


def test_a_score_or_comment_that_cannot_be_read_is_refused_in_thai(demo_user):
    from django.contrib.messages import get_messages

    from oneplan.projects.models import Criterion

    proposal = make_proposal(title="โครงการพัฒนาท่าเรือประมงพื้นบ้าน", status=ProposalStatus.CLINIC)
    client = client_for(demo_user("reviewer"))
    criterion = Criterion.objects.filter(regime=proposal.cycle.regime).first()
    url = f"/projects/{proposal.pk}/scores/"
    for typed, expected in (("NaN", "“NaN” ไม่ใช่ตัวเลข"), ("ห้า", "“ห้า” ไม่ใช่ตัวเลข")):
        response = client.post(url, {"criterion": criterion.pk, "score": typed})
        assert response.status_code == 302
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        assert shown[-1] == f"คะแนน: {expected}", shown
    assert not proposal.scores.exists()
    client.post(url, {"criterion": criterion.pk, "score": "๔"})  # Thai digits are a number
    assert proposal.scores.get().score == 4
    empty = client.post(f"/projects/{proposal.pk}/comments/", {"text": ""})
    assert [str(m) for m in get_messages(empty.wsgi_request)][-1] == "ความเห็น: ฟิลด์นี้จำเป็น"
    assert not proposal.comments.exists()
