"""Needs rolled up and traced to projects, the Section 19 consultation (representatives by
the rules, the invitation list, comments routed and answered) and its public page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from oneplan.areas.models import Area, AreaLevel
from oneplan.cycles.models import Cycle
from oneplan.participation import services
from oneplan.participation.models import (
    Consultation,
    InviteeGroup,
    Moderation,
    Need,
    NeedLevel,
    NeedSource,
    Nomination,
    PlanComment,
    RepresentativeKind,
)
from oneplan.plans.models import PlanKind

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def consultation() -> Consultation:
    return Consultation.objects.get(province_id="21", cycle__fiscal_year_be=2570)


# --------------------------------------------------------------------------- needs


def test_needs_roll_up_by_district_and_sub_district():
    needs = Need.objects.filter(area__code__startswith="21")
    by_district = {r.area.code: r for r in services.rollup(needs, AreaLevel.DISTRICT)}
    mueang = needs.filter(area__code__startswith="2101")
    assert by_district["2101"].total == mueang.count() == 3
    answered = mueang.filter(proposals__isnull=False).distinct().count()
    assert by_district["2101"].answered == answered == 2  # linked to proposals
    assert sum(r.total for r in by_district.values()) == needs.count()
    by_sub = services.rollup(needs.filter(area__code__startswith="2101"), AreaLevel.SUBDISTRICT)
    assert {r.area.level for r in by_sub} == {AreaLevel.SUBDISTRICT, AreaLevel.DISTRICT}


def test_a_district_officer_records_needs_in_its_district_only(demo_user):
    officer = demo_user("rayong_district")
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    own = Need(
        cycle=cycle,
        area=Area.objects.get(code="210102"),
        title="  ท่อระบายน้ำอุดตัน ​น้ำท่วมขัง ",
        source=NeedSource.FORUM,
        raised_by_level=NeedLevel.SUBDISTRICT,
    )
    services.save_need(officer, own)
    assert own.title == "ท่อระบายน้ำอุดตัน น้ำท่วมขัง"  # normalised: spaces, zero-width
    elsewhere = Need(
        cycle=cycle,
        area=Area.objects.get(code="210201"),
        title="ความต้องการของอำเภออื่น",
        source=NeedSource.FORUM,
        raised_by_level=NeedLevel.SUBDISTRICT,
    )
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.save_need(officer, elsewhere)


def test_the_traceability_page_and_its_export(demo_user):
    client = signed_in(demo_user("rayong"))
    page = client.get("/participation/needs/trace/?province=21").content.decode()
    assert "ผลไม้ล้นตลาดในฤดูกาล" in page and "RY70-AG-02" in page
    assert "ยังไม่มีโครงการ" in page or "no project yet" in page
    data = client.get("/participation/needs/trace/?province=21&format=xlsx").content
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    fruit = [r for r in rows if r[1].startswith("ผลไม้ล้นตลาด")]
    assert {r[3].split()[0] for r in fruit} == {"RY70-AG-02", "RY70-CON-01"}
    assert fruit[0][5]  # the strategic issue the proposal serves
    assert client.get("/participation/needs/?province=21").status_code == 200
    assert (
        signed_in(demo_user("chonburi")).get("/participation/needs/?province=21").status_code == 404
    )


# --------------------------------------------------------------------------- consultation


def test_nominees_are_judged_and_the_caps_hold(consultation, demo_user):
    rayong = demo_user("rayong")
    late_comer = Nomination.objects.get(consultation=consultation, full_name="นายประเสริฐ มาใหม่")
    assert late_comer.eligible is False
    assert {r["code"] for r in late_comer.reasons} == {"registration", "position"}
    with pytest.raises(Exception, match="ขาดคุณสมบัติ"):
        services.select(rayong, late_comer)
    # Six per district at most: four more for Mueang Rayong, the fifth is refused.
    added = []
    for n in range(5):
        nomination = Nomination(
            consultation=consultation,
            kind=RepresentativeKind.CIVIL_SOCIETY,
            district_id="2101",
            inside_municipality=True,
            full_name=f"ผู้แทน {n}",
            birth_date=date(1970, 1, 1),
            community_leader=True,
            registrations=[
                {
                    "district_code": "2101",
                    "inside_municipality": True,
                    "start": "2000-01-01",
                    "end": None,
                }
            ],
        )
        added.append(services.save_nomination(rayong, nomination))
    for nomination in added[:4]:
        services.select(rayong, nomination)
    with pytest.raises(Exception, match="ไม่เกิน 6"):
        services.select(rayong, added[4])


def test_the_invitation_list_has_the_five_groups_and_keeps_attendance(consultation, demo_user):
    groups = set(consultation.invitees.values_list("group", flat=True))
    assert groups == {
        InviteeGroup.AGENCY_HEAD,
        InviteeGroup.LAO_EXECUTIVE,
        InviteeGroup.CIVIL_SOCIETY,
        InviteeGroup.BUSINESS,
    }  # the demo has no state enterprise in Rayong
    executives = consultation.invitees.filter(group=InviteeGroup.LAO_EXECUTIVE).count()
    assert executives == 2  # every local government of the province: the PAO and the city
    attended = consultation.invitees.filter(attended=True).count()
    before = set(consultation.invitees.values_list("name", flat=True))
    services.build_invitations(demo_user("rayong"), consultation)
    # The ก.บ.จ.'s own civil-society and business members join the list in their groups.
    added = consultation.invitees.exclude(name__in=before)
    assert {(i.group, i.name.split(" (")[0]) for i in added} >= {
        (InviteeGroup.CIVIL_SOCIETY, "นางสาวมาลัย ใจดี"),
        (InviteeGroup.BUSINESS, "นายธนา พาณิชย์"),
    }
    assert services.build_invitations(demo_user("rayong"), consultation) == 0  # idempotent
    assert consultation.invitees.filter(attended=True).count() == attended


def test_comments_on_the_cluster_plan_go_to_the_cluster_office(consultation, demo_user):
    cluster_comment = PlanComment.objects.get(
        consultation=consultation, plan__kind=PlanKind.CLUSTER
    )
    assert cluster_comment.forwarded_at is not None and not cluster_comment.answer
    with pytest.raises(Exception):  # noqa: B017 - the province does not answer for the cluster
        services.answer(demo_user("rayong"), cluster_comment, "accepted", "")
    services.answer(demo_user("east1"), cluster_comment, "not_accepted", "มีศูนย์ตรวจสอบแล้ว")
    cluster_comment.refresh_from_db()
    assert (
        cluster_comment.answer == "not_accepted" and cluster_comment.answered_by.username == "east1"
    )
    province_comment = PlanComment.objects.filter(
        consultation=consultation, plan__kind=PlanKind.PROVINCE
    ).first()
    with pytest.raises(Exception, match="เหตุผล"):
        services.answer(demo_user("rayong"), province_comment, "partly", "  ")


def test_the_summary_report_lists_attendance_and_answers(consultation, demo_user):
    from oneplan.documents.pdf import document_text, render_html
    from oneplan.participation.documents import report_blocks

    client = signed_in(demo_user("rayong"))
    response = client.get(f"/participation/consultations/{consultation.pk}/report.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    import docx

    document = docx.Document(io.BytesIO(response.content))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "ผู้แทนภาคประชาสังคม" in cells and "รับไว้พิจารณาปรับแผน" in cells
    assert "ส่งสำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัดแล้ว" in cells
    from oneplan.documents import blocks as b
    from oneplan.documents.pdf import blocks_to_html

    html = blocks_to_html(b.with_thai_digits(report_blocks(consultation), True), title="x")
    text = " ".join(document_text(render_html(html)))
    assert "๒๐ สิงหาคม ๒๕๖๙" in text


def test_the_public_comments_moderated_rate_limited_and_never_markup(consultation, demo_user):
    cache.clear()
    public = Client()
    url = f"/participation/consultations/{consultation.pk}/public/"
    page = public.get(url)
    assert page.status_code == 200 and "ควรเพิ่มตัวชี้วัดรายได้" in page.content.decode()
    plan = services.plans_under_consultation(consultation)[0]
    script = '<script>alert("x")</script>ขอให้ขยายถนน'
    response = public.post(url, {"plan": plan.pk, "text": script, "name": "ชาวบ้าน"})
    assert response.status_code == 302
    comment = PlanComment.objects.get(text=script)
    assert comment.moderation == Moderation.PENDING
    assert "ขอให้ขยายถนน" not in public.get(url).content.decode()  # not before moderation
    services.moderate(demo_user("rayong"), comment, approve=True)
    body = public.get(url).content.decode()
    assert "&lt;script&gt;" in body and "<script>alert" not in body
    for _ in range(django_settings.ONEPLAN_PUBLIC_COMMENTS_PER_HOUR - 1):
        public.post(url, {"plan": plan.pk, "text": "อีกความเห็นหนึ่ง"})
    refused = public.post(url, {"plan": plan.pk, "text": "ความเห็นเกินจำนวน"})
    assert refused.status_code == 429
    assert not PlanComment.objects.filter(text="ความเห็นเกินจำนวน").exists()
    # An unpublished consultation has no public page.
    Consultation.objects.filter(pk=consultation.pk).update(published=False)
    assert public.get(url).status_code == 404


def test_a_district_officer_records_a_nominee_of_its_district(consultation, demo_user):
    client = signed_in(demo_user("rayong_district"))
    response = client.post(
        f"/participation/consultations/{consultation.pk}/nominations/",
        {
            "kind": "civil_society",
            "district": "2101",
            "inside_municipality": "on",
            "full_name": "นางสาวอายุน้อย ยังไม่ถึง",
            "birth_date": "2008-08-01",
            "nationality": "ไทย",
            "community_leader": "on",
            "registered_since": "2008-08-01",
        },
    )
    assert response.status_code == 302
    young = Nomination.objects.get(full_name="นางสาวอายุน้อย ยังไม่ถึง")
    assert young.eligible is False and young.reasons[0]["code"] == "age"
    assert young.area_id == "2101"
    other = client.post(
        f"/participation/consultations/{consultation.pk}/nominations/",
        {
            "kind": "civil_society",
            "district": "2102",
            "full_name": "ผู้แทนอำเภออื่น",
            "nationality": "ไทย",
        },
    )
    assert other.status_code == 404
    assert not Nomination.objects.filter(full_name="ผู้แทนอำเภออื่น").exists()


# --------------------------------------------------------------------------- API


def test_the_eligibility_check_api_saves_nothing(demo_user):
    api = APIClient()
    api.force_authenticate(demo_user("rayong_district"))
    before = Nomination.objects.count()
    body = {
        "birth_date": "2008-06-02",
        "selection_date": "2026-06-01",
        "nationality": "Thai",
        "district_code": "2101",
        "inside_municipality": False,
        "registrations": [
            {"district_code": "2101", "inside_municipality": True, "start": "2020-01-01"}
        ],
        "positions": [{"kind": "local_executive"}],
        "community_leader": False,
    }
    response = api.post("/api/v1/representatives/eligibility", body, format="json")
    assert response.status_code == 200, response.content
    verdict = response.json()
    assert verdict["eligible"] is False
    assert {r["code"] for r in verdict["reasons"]} == {
        "age",
        "registration",
        "community_leader",
        "position",
    }
    assert Nomination.objects.count() == before
    body.update(
        birth_date="1980-01-01",
        inside_municipality=True,
        positions=[],
        community_leader=True,
    )
    assert api.post("/api/v1/representatives/eligibility", body, format="json").json() == {
        "eligible": True,
        "reasons": [],
        "regime": "2566",
    }
    assert APIClient().post(
        "/api/v1/representatives/eligibility", body, format="json"
    ).status_code in (
        401,
        403,
    )
    bad = api.post(
        "/api/v1/representatives/eligibility", {**body, "positions": [{"kind": "x"}]}, format="json"
    )
    assert bad.status_code == 400


def test_the_api_lists_published_calendars_to_anyone_and_needs_to_the_province(demo_user):
    public = APIClient()
    calendars = public.get("/api/v1/calendars").json()
    assert calendars and all(c["published"] for c in calendars)
    assert public.get("/api/v1/needs").status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(demo_user("chonburi"))
    assert api.get("/api/v1/needs", {"area": "21"}).json() == []
    api.force_authenticate(demo_user("rayong"))
    assert (
        len(api.get("/api/v1/needs", {"area": "21"}).json())
        == Need.objects.filter(area__code__startswith="21").count()
    )


def test_a_need_typed_on_the_page_keeps_its_project_idea_budget_and_forum_date(demo_user):
    client = signed_in(demo_user("rayong"))
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    answer = client.post(
        "/participation/needs/new/?province=21",
        {
            "cycle": cycle.pk,
            "area": "210102",
            "title": "ถนนเข้าหมู่บ้านชำรุดในฤดูฝน",
            "project_idea": "ซ่อมสร้างถนนคอนกรีตเสริมเหล็ก",
            "budget": "๑,๕๐๐,๐๐๐",
            "source": NeedSource.FORUM,
            "raised_by_level": NeedLevel.SUBDISTRICT,
            "raised_on": "12/1/2569",
            "priority": "1",
        },
    )
    assert answer.status_code == 302, [
        line for line in answer.content.decode().splitlines() if "error" in line
    ]
    need = Need.objects.get(title="ถนนเข้าหมู่บ้านชำรุดในฤดูฝน")
    assert need.project_idea == "ซ่อมสร้างถนนคอนกรีตเสริมเหล็ก"
    assert need.budget == 1500000 and need.raised_on.isoformat() == "2026-01-12"
    api = APIClient()
    api.force_authenticate(demo_user("rayong"))
    listed = {n["id"]: n for n in api.get("/api/v1/needs").json()}
    assert listed[need.pk]["raised_on"] == "2026-01-12"
    assert listed[need.pk]["project_idea"] == need.project_idea
