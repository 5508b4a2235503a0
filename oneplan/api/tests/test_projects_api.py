"""The project API: proposals read through the policy and written through the services, the
bulk upload (all or nothing, indexed errors, idempotent), screening, similar projects, the
two draft checks that save nothing, the review, envelopes, action plans and the schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, User
from oneplan.orgs.policy import Action
from oneplan.plans.models import StrategicIssue
from oneplan.projects.excel import plan_years
from oneplan.projects.models import (
    ActionPlan,
    ActionPlanStatus,
    Decision,
    Envelope,
    Proposal,
    ProposalStatus,
    ReviewComment,
    ScreeningResult,
)
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

AGRI = "สำนักงานเกษตรจังหวัดระยอง"


@pytest.fixture(autouse=True)
def _reference(db):
    """The screening rules and criteria (loading is idempotent; the session's reference
    load may predate them)."""
    from oneplan.projects import reference

    reference.load_all()


@pytest.fixture
def client_for(demo_user):
    """An API client signed in with a token: client_for("rayong")."""

    def make(username: str) -> APIClient:
        token, _created = Token.objects.get_or_create(user=demo_user(username))
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make


def agri() -> Organisation:
    return Organisation.objects.get(name_th=AGRI)


def thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def the_message(english: str, **values) -> str:
    """A services message as the API's language (Thai) renders it, from the catalogue."""
    with translation.override("th"):
        text = translation.gettext(english)
        return text % {k: str(v) for k, v in values.items()} if values else text


def rows_everywhere() -> tuple[int, int, int]:
    return Proposal.objects.count(), ScreeningResult.objects.count(), LogEntry.objects.count()


def body(code: str = "API-70-001", **fields) -> dict:
    """A proposal as a client sends it: Rayong, FY 2570, with outputs, indicators, budget."""
    data = {
        "cycle": 2570,
        "reference_code": code,
        "title": "โครงการส่งเสริมการแปรรูปมังคุดเพื่อการส่งออก",
        "objectives": "1. เพื่อเพิ่มมูลค่ามังคุด\n2. เพื่อเพิ่มรายได้ของเกษตรกร",
        "area": "21",
        "funding_channel": "province",
        "proposer_kind": "agency",
        "start_date": "2026-11-01",
        "end_date": "2027-08-31",
        "outputs": [{"description": "เกษตรกรได้รับการพัฒนา", "unit": "ราย", "quantity": "200"}],
        "indicators": [{"name": "รายได้ของเกษตรกรเพิ่มขึ้น", "unit": "ร้อยละ", "target": "10"}],
        "budget_lines": [
            {"fiscal_year_be": 2570, "category": "operating", "amount": "1500000"},
            {"fiscal_year_be": 2570, "category": "investment", "amount": "500000.50"},
        ],
        "tags": ["agri_value"],
    }
    data.update(fields)
    return data


# --------------------------------------------------------------------------- reading


def test_each_user_lists_what_the_policy_lets_them_read(client_for):
    own = make_proposal(proposer=agri())
    district = make_proposal(area="2101", proposer_kind="district")
    chonburi = make_proposal(area="20")

    def ids(username: str, **params) -> set[int]:
        response = client_for(username).get("/api/v1/proposals", params)
        assert response.status_code == 200, response.content
        return {p["id"] for p in response.json()}

    seen = ids("rayong")
    assert {own.pk, district.pk} <= seen and chonburi.pk not in seen
    # Everything that lies in Rayong, and every project of the clusters Rayong is a member of
    # (their action plans list them for every member province), wherever it lies.
    in_rayong = Proposal.objects.filter(area__code__startswith="21")
    of_its_clusters = Proposal.objects.filter(cluster__memberships__province_id="21")
    expected = set(in_rayong.values_list("pk", flat=True))
    expected |= set(of_its_clusters.values_list("pk", flat=True))
    assert expected == seen
    assert of_its_clusters.exclude(area__code__startswith="21").exists()  # Chachoengsao's
    seen = ids("chonburi")
    assert chonburi.pk in seen and not {own.pk, district.pk} & seen
    seen = ids("rayong_agency")
    assert own.pk in seen and chonburi.pk not in seen
    assert {own.pk, district.pk, chonburi.pk} <= ids("secretariat")
    assert APIClient().get("/api/v1/proposals").status_code in (401, 403)


def test_another_provinces_proposal_is_not_found(client_for, demo_user):
    proposal = make_proposal(status=ProposalStatus.CLINIC)
    remark = ReviewComment.objects.create(
        proposal=proposal, text="ขอรายละเอียดเพิ่ม", author=demo_user("rayong")
    )
    api = client_for("chonburi")
    response = api.get(f"/api/v1/proposals/{proposal.pk}")
    assert response.status_code == 404 and thai(response.json()["detail"])
    for url in ("screening", "similar"):
        assert api.get(f"/api/v1/proposals/{proposal.pk}/{url}").status_code == 404
    for url, data in (
        ("screening", {}),
        ("decision", {"outcome": "approved", "reason": "ดี"}),
        ("comments", {"text": "ความเห็น"}),
        ("scores", {"criterion": "necessity", "score": "3"}),
    ):
        response = api.post(f"/api/v1/proposals/{proposal.pk}/{url}", data, format="json")
        assert response.status_code == 404, url
    assert api.patch(f"/api/v1/proposals/{proposal.pk}", {"title": "x"}).status_code == 404
    reply = api.post(f"/api/v1/comments/{remark.pk}/reply", {"text": "ตอบ"}, format="json")
    assert reply.status_code == 404
    assert client_for("rayong").get(f"/api/v1/proposals/{proposal.pk}").status_code == 200


def test_list_shape_filters_budget_and_screening_verdict(client_for):
    proposal = make_proposal(
        title="โครงการทดสอบรายการเอพีไอ", proposer=agri(), budget=Decimal("2500000")
    )
    ScreeningResult.objects.update_or_create(
        proposal=proposal, defaults={"eligible": False, "aligned": True, "findings": []}
    )
    api = client_for("rayong")
    (row,) = api.get("/api/v1/proposals", {"q": "ทดสอบรายการเอพีไอ"}).json()
    assert row["id"] == proposal.pk and row["cycle"] == 2570
    assert row["total_budget"] == "2500000.00"
    assert row["screening"]["eligible"] is False and row["screening"]["aligned"] is True
    assert row["proposer"] == agri().pk and row["proposer_name"] == AGRI
    assert row["province"] == "21" and row["area_name"] == "จังหวัดระยอง"
    assert row["status"] == "full" and row["status_label"]

    def codes(**params) -> set[str]:
        response = api.get("/api/v1/proposals", params)
        assert response.status_code == 200, response.content
        return {p["reference_code"] for p in response.json()}

    assert proposal.reference_code in codes(cycle=2570, status="full", source="agency")
    assert proposal.reference_code not in codes(cycle=2569)
    # A year in C.E. or in Thai digits is the same fiscal year.
    assert proposal.reference_code in codes(cycle="2027") and proposal.reference_code in codes(
        cycle="๒๕๗๐"
    )
    assert proposal.reference_code not in codes(status="clinic")
    assert proposal.reference_code not in codes(source="district")
    assert proposal.reference_code in codes(province="21", q=proposal.reference_code)
    assert not codes(province="20")
    assert {p["screening"] for p in api.get("/api/v1/proposals", {"q": "ไม่มีชื่อนี้"}).json()} == set()
    for bad in ({"status": "maybe"}, {"source": "aliens"}, {"cycle": "สองพัน"}):
        response = api.get("/api/v1/proposals", bad)
        assert response.status_code == 400 and thai(response.json()["detail"]), bad


def test_list_queries_do_not_grow_with_the_proposals(client_for):
    api = client_for("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/proposals")
        assert response.status_code == 200
        return len(captured)

    make_proposal(proposer=agri())
    few = queries()
    for area in ("21", "2101", "20", "24"):
        proposal = make_proposal(area=area)
        ScreeningResult.objects.create(proposal=proposal, eligible=True, aligned=True)
    assert queries() == few


def test_detail_queries_do_not_grow_with_its_parts(client_for, demo_user):
    small = make_proposal(status=ProposalStatus.CLINIC)
    large = make_proposal(status=ProposalStatus.CLINIC)
    for n in range(4):
        ReviewComment.objects.create(
            proposal=large, text=f"ความเห็น {n}", author=demo_user("rayong")
        )
        Decision.objects.create(
            proposal=large, outcome="returned", reason="แก้ไข", decided_by=demo_user("rayong")
        )
    api = client_for("rayong")

    def queries(proposal: Proposal) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(f"/api/v1/proposals/{proposal.pk}")
        assert response.status_code == 200
        return len(captured)

    queries(small)
    assert queries(large) == queries(small)


def test_detail_has_texts_nested_parts_and_review(client_for):
    api = client_for("rayong_agency")
    created = api.post("/api/v1/proposals", body(), format="json").json()
    data = api.get(f"/api/v1/proposals/{created['id']}").json()
    assert data["objectives"] == "1. เพื่อเพิ่มมูลค่ามังคุด\n2. เพื่อเพิ่มรายได้ของเกษตรกร"
    assert data["outputs"] == [
        {"description": "เกษตรกรได้รับการพัฒนา", "unit": "ราย", "quantity": "200.00"}
    ]
    assert data["indicators"] == [{"name": "รายได้ของเกษตรกรเพิ่มขึ้น", "unit": "ร้อยละ", "target": "10"}]
    assert data["tags"] == ["agri_value"] and data["created_by"] == "rayong_agency"
    assert data["decisions"] == [] and data["comments"] == [] and data["scores"] == []


# --------------------------------------------------------------------------- writing


def test_agency_creates_a_proposal_of_its_body_with_nested_budget(client_for, demo_user):
    api = client_for("rayong_agency")
    response = api.post("/api/v1/proposals", body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["proposer"] == agri().pk and data["proposer_kind"] == "agency"
    assert data["total_budget"] == "2000000.50"
    assert data["budget_lines"] == [
        {"fiscal_year_be": 2570, "category": "investment", "amount": "500000.50"},
        {"fiscal_year_be": 2570, "category": "operating", "amount": "1500000.00"},
    ]
    proposal = Proposal.objects.get(pk=data["id"])
    assert (
        proposal.province_id == "21" and proposal.area_id == "21" and proposal.level == "province"
    )
    assert proposal.status == ProposalStatus.IDEA
    entries = LogEntry.objects.get_for_object(proposal)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert {e.actor for e in entries} == {demo_user("rayong_agency")}
    # the province's strategy group reads and changes it; the agency sees it in its list
    assert client_for("rayong").get(f"/api/v1/proposals/{proposal.pk}").status_code == 200
    listed = {p["id"] for p in api.get("/api/v1/proposals").json()}
    assert proposal.pk in listed


def test_an_agency_may_not_propose_in_another_province(client_for):
    response = client_for("rayong_agency").post("/api/v1/proposals", body(area="20"), format="json")
    assert response.status_code == 403 and thai(response.json()["detail"])
    response = client_for("chonburi").post("/api/v1/proposals", body(), format="json")
    assert response.status_code == 403 and thai(response.json()["detail"])
    # nor for another body
    other = Organisation.objects.exclude(pk=agri().pk).filter(area_id="21").first()
    response = client_for("rayong_agency").post(
        "/api/v1/proposals", body(proposer=other.pk), format="json"
    )
    assert response.status_code == 403
    assert not Proposal.objects.filter(reference_code="API-70-001").exists()
    # the national reviewer reads but proposes nothing
    assert (
        client_for("reviewer").post("/api/v1/proposals", body(), format="json").status_code == 403
    )


def test_district_proposes_for_its_district(client_for):
    api = client_for("rayong_district")
    response = api.post(
        "/api/v1/proposals", body(area="2101", proposer_kind="district"), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["area"] == "2101" and response.json()["province"] == "21"
    assert response.json()["area_name"].startswith("อำเภอ")
    response = api.post("/api/v1/proposals", body("API-70-002"), format="json")
    assert response.status_code == 403  # the province's own proposals are not the district's


def test_create_checks_every_rule_with_thai_messages(client_for):
    api = client_for("rayong")
    bad = body(
        title="  ",
        proposer_kind="martian",
        end_date="2026-10-01",
        budget_lines=[
            {"fiscal_year_be": 2575, "category": "operating", "amount": "1"},
            {"fiscal_year_be": 2570, "category": "operating", "amount": "-5"},
            {"fiscal_year_be": 2570, "category": "nonsense", "amount": "5"},
        ],
        tags=["no-such-kind"],
    )
    response = api.post("/api/v1/proposals", bad, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert {"title", "proposer_kind", "budget_lines", "tags"} <= set(errors)
    assert all(thai(str(v)) for v in errors.values())
    lines = errors["budget_lines"]
    assert "fiscal_year_be" in lines["0"] and "amount" in lines["1"] and "category" in lines["2"]
    # the years of the Excel upload: those of the province's plan covering the cycle
    years = plan_years(Cycle.objects.get(fiscal_year_be=2570), Area.objects.get(code="21"))
    assert lines["0"]["fiscal_year_be"] == [
        f"ปี พ.ศ. 2575 อยู่นอกช่วงปีของแผน (พ.ศ. {years[0]}–{years[-1]})"
    ]

    dates = api.post("/api/v1/proposals", body(end_date="2026-10-01"), format="json")
    assert dates.status_code == 400 and thai(dates.json()["end_date"][0])
    twice = body(
        budget_lines=[
            {"fiscal_year_be": 2570, "category": "operating", "amount": "1"},
            {"fiscal_year_be": 2570, "category": "operating", "amount": "2"},
        ]
    )
    response = api.post("/api/v1/proposals", twice, format="json")
    assert response.status_code == 400 and "category" in response.json()["budget_lines"]["1"]
    elsewhere = api.post("/api/v1/proposals", body(locations=["2101", "2001"]), format="json")
    assert elsewhere.status_code == 400 and thai(elsewhere.json()["locations"][0])
    nowhere = api.post("/api/v1/proposals", body(area="99"), format="json")
    assert nowhere.status_code == 400 and thai(nowhere.json()["area"][0])
    missing = api.post("/api/v1/proposals", {"cycle": 2599}, format="json").json()
    assert {"cycle", "reference_code", "title", "area", "funding_channel"} <= set(missing)
    assert thai(missing["cycle"][0])

    created = api.post("/api/v1/proposals", body(locations=["2101"]), format="json")
    assert created.status_code == 201 and created.json()["locations"] == ["2101"]
    again = api.post("/api/v1/proposals", body(), format="json")
    assert again.status_code == 400 and thai(again.json()["reference_code"][0])


def test_plan_links_must_be_of_the_proposals_province(client_for):
    rayong_issue = StrategicIssue.objects.filter(edition__plan__province_id="21").first()
    other_issue = StrategicIssue.objects.exclude(edition__plan__province_id="21").first()
    api = client_for("rayong")
    response = api.post("/api/v1/proposals", body(issue=other_issue.pk), format="json")
    assert response.status_code == 400 and thai(response.json()["issue"][0])
    response = api.post("/api/v1/proposals", body(issue=rayong_issue.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["issue"] == rayong_issue.pk


def test_patch_changes_only_what_is_sent(client_for):
    api = client_for("rayong_agency")
    created = api.post("/api/v1/proposals", body(), format="json").json()
    url = f"/api/v1/proposals/{created['id']}"
    response = api.patch(
        url,
        {
            "title": "โครงการส่งเสริมการแปรรูปมังคุดและเงาะเพื่อการส่งออก",
            "budget_lines": [{"fiscal_year_be": 2570, "category": "operating", "amount": "900000"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"].endswith("มังคุดและเงาะเพื่อการส่งออก")
    assert data["total_budget"] == "900000.00" and len(data["budget_lines"]) == 1
    assert data["outputs"] == created["outputs"] and data["objectives"] == created["objectives"]
    # sending the same again writes nothing
    entries = LogEntry.objects.count()
    assert api.patch(url, {"title": data["title"]}, format="json").status_code == 200
    assert LogEntry.objects.count() == entries
    # a district officer reads the proposal but may not change the agency's
    response = client_for("rayong_district").patch(url, {"title": "อื่น"}, format="json")
    assert response.status_code == 403
    # nor may the agency take over a district's proposal by naming itself its proposer
    district = make_proposal(area="2101", proposer_kind="district")
    taken = api.patch(
        f"/api/v1/proposals/{district.pk}", {"proposer": agri().pk, "area": "21"}, format="json"
    )
    assert taken.status_code == 403 and thai(taken.json()["detail"])
    district.refresh_from_db()
    assert district.proposer_id is None and district.area_id == "2101"
    bad = api.patch(url, {"end_date": "2026-01-01"}, format="json")
    assert bad.status_code == 400 and "end_date" in bad.json()


# --------------------------------------------------------------------------- bulk


def test_bulk_is_all_or_nothing_with_every_error_indexed(client_for):
    api = client_for("rayong_agency")
    rows = [
        body("BULK-001"),
        body("BULK-002", budget_lines=[{"fiscal_year_be": 2570, "category": "x", "amount": "-1"}]),
        body("BULK-003", title=""),
        body("BULK-001", title="โครงการซ้ำรหัสในรายการ"),
        body("BULK-005", area="20"),  # refused: reported with the rows' own errors
    ]
    before = rows_everywhere()
    response = api.post("/api/v1/proposals/bulk", rows, format="json")
    assert response.status_code == 400
    data = response.json()
    assert thai(data["detail"])
    found = {(e["index"], e["field"]) for e in data["errors"]}
    assert {
        (1, "budget_lines[0].category"),
        (1, "budget_lines[0].amount"),
        (2, "title"),
        (3, "reference_code"),
        (4, "area"),
    } <= found
    assert [e["index"] for e in data["errors"]] == sorted(e["index"] for e in data["errors"])
    assert all(thai(e["message"]) for e in data["errors"])
    assert 0 not in {e["index"] for e in data["errors"]}
    assert rows_everywhere() == before


def test_bulk_refusal_of_one_row_saves_nothing(client_for):
    rows = [body("BULK-101"), body("BULK-102", area="20")]
    before = rows_everywhere()
    response = client_for("rayong_agency").post("/api/v1/proposals/bulk", rows, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["index"] == 1 and error["field"] == "area" and thai(error["message"])
    assert error["reference_code"] == "BULK-102"
    assert rows_everywhere() == before


def test_bulk_is_idempotent_by_cycle_and_reference_code(client_for):
    api = client_for("rayong_agency")
    rows = [body("BULK-201"), body("BULK-202", title="โครงการพัฒนาตลาดผลไม้ออนไลน์")]
    first = api.post("/api/v1/proposals/bulk", rows, format="json")
    assert first.status_code == 200, first.content
    result = first.json()
    assert (result["created"], result["updated"], result["unchanged"]) == (2, 0, 0)
    ids = [item["id"] for item in result["items"]]
    assert [item["index"] for item in result["items"]] == [0, 1]
    created = Proposal.objects.filter(pk__in=ids)
    assert {p.proposer_id for p in created} == {agri().pk}
    assert sum(p.total_budget for p in created) == Decimal("4000001.00")

    before = rows_everywhere()
    rows[0]["reference_code"] = " BULK-๒๐๑ "  # read as the upload reads codes: the same one
    again = api.post("/api/v1/proposals/bulk", rows, format="json").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert [item["id"] for item in again["items"]] == ids
    assert rows_everywhere() == before  # no new proposal, no new audit entry

    rows[1]["budget_lines"] = [{"fiscal_year_be": 2570, "category": "operating", "amount": "7"}]
    changed = api.post("/api/v1/proposals/bulk", rows, format="json").json()
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    assert Proposal.objects.get(pk=ids[1]).total_budget == Decimal("7")


def test_bulk_may_not_take_over_another_provinces_code(client_for):
    make_proposal(area="20", reference_code="BULK-301")
    response = client_for("rayong").post(
        "/api/v1/proposals/bulk", [body("BULK-301")], format="json"
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["index"] == 0 and "BULK-301" in error["message"]


def test_bulk_keeps_to_the_source_of_an_existing_code(client_for):
    make_proposal(area="2101", proposer_kind="district", reference_code="BULK-401")
    response = client_for("rayong").post(
        "/api/v1/proposals/bulk", [body("BULK-401")], format="json"
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "reference_code" and "อำเภอ" in error["message"]


def test_bulk_wants_a_list(client_for):
    api = client_for("rayong")
    for sent in ({"proposals": []}, []):
        response = api.post("/api/v1/proposals/bulk", sent, format="json")
        assert response.status_code == 400 and thai(response.json()["detail"])


# --------------------------------------------------------------------------- screening


def test_screening_is_read_then_run(client_for):
    proposal = make_proposal(
        title="โครงการจัดซื้อครุภัณฑ์การเกษตรเพื่อกลุ่มเกษตรกร",
        objectives="เพื่อจัดซื้อรถแทรกเตอร์ให้กลุ่มเกษตรกร",
        proposer=agri(),
    )
    api = client_for("rayong_agency")
    url = f"/api/v1/proposals/{proposal.pk}/screening"
    missing = api.get(url)
    assert missing.status_code == 404 and thai(missing.json()["detail"])
    # reading is not running: the national reviewer reads proposals but changes none
    assert client_for("reviewer").post(url).status_code == 403
    response = api.post(url)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["proposal"] == proposal.pk and result["eligible"] is False
    verdicts = {f["rule"]: f["verdict"] for f in result["findings"]}
    assert verdicts["NE-EQUIPMENT-DREDGING"] == "ineligible"
    assert "necessity" in result["auto_scores"]
    saved = api.get(url)
    assert saved.status_code == 200 and saved.json()["findings"] == result["findings"]
    listed = client_for("rayong").get("/api/v1/proposals", {"q": proposal.reference_code}).json()
    assert listed[0]["screening"]["eligible"] is False


def test_draft_screen_finds_and_saves_nothing(client_for):
    before = rows_everywhere()
    draft = {
        "cycle": 2570,
        "title": "โครงการจัดซื้อครุภัณฑ์การเกษตรเพื่อกลุ่มเกษตรกร",
        "objectives": "เพื่อจัดซื้อรถแทรกเตอร์และเครื่องพ่นสารเคมีให้กลุ่มเกษตรกร",
        "area": "21",
        "budget_lines": [{"fiscal_year_be": 2570, "category": "investment", "amount": "7800000"}],
        "tags": ["equipment"],
    }
    response = client_for("rayong_agency").post("/api/v1/proposals/screen", draft, format="json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["eligible"] is False and result["aligned"] is False
    finding = next(f for f in result["findings"] if f["rule"] == "NE-EQUIPMENT-DREDGING")
    assert finding["verdict"] == "ineligible" and finding["evidence"]
    assert any(f["kind"] == "alignment" for f in result["findings"])
    assert result["auto_scores"]["feasibility_budget"]["score"] is not None
    assert rows_everywhere() == before

    clean = {**draft, "title": "โครงการยกระดับมาตรฐานการผลิตทุเรียนเพื่อการส่งออก"}
    clean.update(objectives="เพื่อพัฒนาคุณภาพทุเรียนให้ผ่านมาตรฐาน GAP", tags=["agri_value"])
    clean["issue"] = (
        StrategicIssue.objects.filter(edition__plan__province_id="21", priority=1).first().pk
    )
    result = client_for("rayong_agency").post("/api/v1/proposals/screen", clean, format="json")
    assert result.status_code == 200, result.content
    assert result.json()["eligible"] is True and result.json()["aligned"] is True
    assert rows_everywhere() == before
    bad = client_for("rayong_agency").post("/api/v1/proposals/screen", {"cycle": 2570})
    assert bad.status_code == 400 and "title" in bad.json()
    assert APIClient().post("/api/v1/proposals/screen", draft, format="json").status_code in (
        401,
        403,
    )


# --------------------------------------------------------------------------- similar


def test_draft_similar_finds_the_approved_durian_project_and_saves_nothing(client_for):
    before = rows_everywhere()
    draft = {
        "cycle": 2570,
        "title": "โครงการพัฒนาศักยภาพการผลิตทุเรียนคุณภาพเพื่อการส่งออก",
        "text": "เพื่อยกระดับคุณภาพทุเรียนให้ได้มาตรฐาน GAP",
        "limit": 5,
    }
    response = client_for("rayong_agency").post("/api/v1/proposals/similar", draft, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert 0 < data["threshold"] < 1 and len(data["matches"]) <= 5
    best = data["matches"][0]
    assert best["proposal"]["reference_code"] == "RY69-AG-01"
    assert best["likely_duplicate"] is True and best["same_cycle"] is False
    assert best["score"] >= data["threshold"] and best["shared_terms"]
    assert best["agency"] == AGRI
    scores = [m["score"] for m in data["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert rows_everywhere() == before
    # Chonburi is not shown Rayong's projects (only what it may read: its cluster's are)
    chonburi = User.objects.get(username="chonburi")
    other = client_for("chonburi").post("/api/v1/proposals/similar", draft, format="json").json()
    shown = Proposal.objects.filter(pk__in=[m["proposal"]["id"] for m in other["matches"]])
    assert "RY69-AG-01" not in {p.reference_code for p in shown}
    assert all(policy.can(chonburi, Action.VIEW, p) for p in shown)
    assert not any(p.area_id.startswith("21") and p.cluster_id is None for p in shown)
    bad = client_for("rayong").post("/api/v1/proposals/similar", {"title": " ", "cycle": 2570})
    assert bad.status_code == 400 and thai(bad.json()["title"][0])


def test_similar_proposals_of_a_saved_proposal(client_for):
    proposal = Proposal.objects.get(reference_code="RY70-AG-01")
    response = client_for("rayong").get(f"/api/v1/proposals/{proposal.pk}/similar")
    assert response.status_code == 200, response.content
    matches = response.json()["matches"]
    codes = [m["proposal"]["reference_code"] for m in matches]
    assert "RY69-AG-01" in codes and proposal.reference_code not in codes
    limited = client_for("rayong").get(f"/api/v1/proposals/{proposal.pk}/similar", {"limit": 1})
    assert len(limited.json()["matches"]) <= 1
    bad = client_for("rayong").get(f"/api/v1/proposals/{proposal.pk}/similar", {"limit": 500})
    assert bad.status_code == 400


# --------------------------------------------------------------------------- review


def test_from_idea_to_decision_through_the_api(client_for):
    agency, province = client_for("rayong_agency"), client_for("rayong")
    proposal = agency.post("/api/v1/proposals", body(), format="json").json()
    url = f"/api/v1/proposals/{proposal['id']}/status"
    assert agency.post(url, {"to_status": "full"}, format="json").json()["status"] == "full"
    approve = agency.post(url, {"to_status": "approved"}, format="json")
    assert approve.status_code == 400
    assert approve.json()["detail"] == the_message(
        "Approving or rejecting is a decision: record it with its reason."
    )
    unknown = agency.post(url, {"to_status": "heaven"}, format="json")
    assert unknown.status_code == 400 and thai(unknown.json()["to_status"][0])
    assert client_for("chonburi").post(url, {"to_status": "screened"}).status_code == 404
    assert client_for("reviewer").post(url, {"to_status": "screened"}).status_code == 403
    for step in ("screened", "clinic"):
        response = province.post(url, {"to_status": step}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == step
    decided = province.post(
        f"/api/v1/proposals/{proposal['id']}/decision",
        {"outcome": "returned", "reason": "ขอให้ปรับตัวชี้วัด"},
        format="json",
    )
    assert decided.status_code == 201 and decided.json()["proposal_status"] == "returned"


def test_a_reviewer_decides_with_a_reason(client_for):
    proposal = make_proposal(status=ProposalStatus.CLINIC, proposer=agri())
    url = f"/api/v1/proposals/{proposal.pk}/decision"
    refused = client_for("rayong_agency").post(
        url, {"outcome": "approved", "reason": "ดี"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == the_message(
        "Only the reviewers of this proposal may decide on it."
    )
    api = client_for("rayong")
    blank = api.post(url, {"outcome": "approved", "reason": "  "}, format="json")
    assert blank.status_code == 400
    assert blank.json()["detail"] == the_message("Give the reason for the decision.")
    assert api.post(url, {"outcome": "maybe", "reason": "x"}, format="json").status_code == 400
    assert not Decision.objects.filter(proposal=proposal).exists()

    response = api.post(url, {"outcome": "approved", "reason": "สอดคล้องกับประเด็นที่ 1"}, format="json")
    assert response.status_code == 201, response.content
    decision = response.json()
    assert decision["outcome"] == "approved" and decision["decided_by"] == "rayong"
    assert decision["proposal_status"] == "approved"
    assert decision["reason"] == "สอดคล้องกับประเด็นที่ 1"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    detail = api.get(f"/api/v1/proposals/{proposal.pk}").json()
    assert [d["id"] for d in detail["decisions"]] == [decision["id"]]


def test_clinic_comment_and_the_proposers_reply(client_for):
    proposal = make_proposal(status=ProposalStatus.CLINIC, proposer=agri())
    url = f"/api/v1/proposals/{proposal.pk}/comments"
    comment = {"text": "ขอให้ระบุจำนวนเกษตรกรเป้าหมาย", "field": "objectives"}
    assert client_for("rayong_agency").post(url, comment, format="json").status_code == 403
    bad_field = client_for("rayong").post(url, {"text": "x", "field": "colour"}, format="json")
    assert bad_field.status_code == 400
    response = client_for("rayong").post(url, comment, format="json")
    assert response.status_code == 201, response.content
    remark = response.json()
    assert remark["field"] == "objectives" and remark["author"] == "rayong"
    assert remark["reply"] == "" and remark["replied_by"] is None

    reply_url = f"/api/v1/comments/{remark['id']}/reply"
    blank = client_for("rayong_agency").post(reply_url, {"text": ""}, format="json")
    assert blank.status_code == 400
    assert blank.json()["detail"] == the_message("Write the reply.")
    answer = client_for("rayong_agency").post(
        reply_url, {"text": "เพิ่มเป้าหมาย 300 ราย แล้ว"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["reply"] == "เพิ่มเป้าหมาย 300 ราย แล้ว"
    assert answer.json()["replied_by"] == "rayong_agency"
    assert client_for("chonburi").post(reply_url, {"text": "x"}, format="json").status_code == 404
    district = client_for("rayong_district").post(reply_url, {"text": "x"}, format="json")
    assert district.status_code == 403


def test_reviewer_scores_a_criterion_of_the_cycle(client_for):
    proposal = make_proposal(status=ProposalStatus.CLINIC, proposer=agri())
    url = f"/api/v1/proposals/{proposal.pk}/scores"
    api = client_for("rayong")
    response = api.post(url, {"criterion": "necessity", "score": "4", "note": "ดี"}, format="json")
    assert response.status_code == 200, response.content
    score = response.json()
    assert (score["criterion"], score["score"], score["reviewer"]) == (
        "necessity",
        "4.00",
        "rayong",
    )
    assert score["max_score"] == 5 and thai(score["criterion_title"])
    again = api.post(url, {"criterion": "necessity", "score": "3"}, format="json").json()
    assert again["id"] == score["id"] and again["score"] == "3.00"
    too_high = api.post(url, {"criterion": "necessity", "score": "9"}, format="json")
    assert too_high.status_code == 400 and too_high.json()["detail"] == the_message(
        "A score runs from 0 to %(max)s.", max=5
    )
    unknown = api.post(url, {"criterion": "beauty", "score": "3"}, format="json")
    assert unknown.status_code == 400 and thai(unknown.json()["detail"])
    agency = client_for("rayong_agency").post(
        url, {"criterion": "necessity", "score": "5"}, format="json"
    )
    assert agency.status_code == 403


# --------------------------------------------------------------------------- envelopes


def test_envelopes_readable_by_province_and_cluster(client_for):
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    Envelope.objects.get_or_create(cycle=cycle, province_id="21", defaults={"amount": 1})
    Envelope.objects.get_or_create(cycle=cycle, province_id="20", defaults={"amount": 1})
    response = client_for("rayong").get("/api/v1/envelopes", {"cycle": 2570})
    assert response.status_code == 200, response.content
    rows = response.json()
    assert {r["cycle"] for r in rows} == {2570}
    provinces = {r["province"] for r in rows if r["province"]}
    assert "21" in provinces and "20" not in provinces
    rayong = next(r for r in rows if r["province"] == "21")
    assert rayong["owner_name"] == "จังหวัดระยอง" and Decimal(rayong["amount"]) > 0
    everything = client_for("secretariat").get("/api/v1/envelopes", {"cycle": 2570}).json()
    assert {"20", "21"} <= {r["province"] for r in everything}
    assert client_for("rayong").get("/api/v1/envelopes", {"cycle": "x"}).status_code == 400


# --------------------------------------------------------------------------- action plans


@pytest.fixture
def action_plan(demo_user) -> ActionPlan:
    """Rayong's FY 2570 action plan from two approved proposals within an envelope."""
    from oneplan.projects.action_plans import assemble

    cycle = Cycle.objects.get(fiscal_year_be=2570)
    ActionPlan.objects.filter(cycle=cycle).delete()
    Envelope.objects.update_or_create(
        cycle=cycle, province_id="21", defaults={"amount": Decimal("120000000")}
    )
    for code in ("AP-API-1", "AP-API-2"):
        make_proposal(
            reference_code=code,
            title=f"โครงการในแผนปฏิบัติราชการ {code}",
            status=ProposalStatus.APPROVED,
            proposer=agri(),
        )
    return assemble(demo_user("rayong"), cycle, Area.objects.get(code="21"))


def test_action_plans_list_and_detail(client_for, action_plan):
    api = client_for("rayong")
    listed = api.get("/api/v1/action-plans", {"cycle": 2570})
    assert listed.status_code == 200, listed.content
    row = next(p for p in listed.json() if p["id"] == action_plan.pk)
    assert row["status"] == "draft" and row["province"] == "21" and row["level"] == "province"
    assert row["owner_name"] == "จังหวัดระยอง" and row["item_count"] >= 2
    assert Decimal(row["total_amount"]) >= Decimal("5000000")
    detail = api.get(f"/api/v1/action-plans/{action_plan.pk}").json()
    ranks = [item["rank"] for item in detail["items"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    codes = {item["proposal"]["reference_code"] for item in detail["items"]}
    assert {"AP-API-1", "AP-API-2"} <= codes
    item = next(i for i in detail["items"] if i["proposal"]["reference_code"] == "AP-API-1")
    assert item["amount"] == "2500000.00" and item["within_envelope"] is True
    assert item["proposal"]["title"].endswith("AP-API-1")
    assert detail["transitions"] == []
    assert client_for("chonburi").get(f"/api/v1/action-plans/{action_plan.pk}").status_code == 404
    assert action_plan.pk not in {
        p["id"] for p in client_for("chonburi").get("/api/v1/action-plans").json()
    }
    bad = api.get("/api/v1/action-plans", {"level": "village"})
    assert bad.status_code == 400


def test_action_plan_transition(client_for, action_plan):
    url = f"/api/v1/action-plans/{action_plan.pk}/transition"
    step = {"to_status": "committee", "decided_by": "การประชุม ก.บ.จ. ครั้งที่ 1/2569"}
    refused = client_for("rayong_agency").post(url, step, format="json")
    assert refused.status_code == 403 and thai(refused.json()["detail"])
    api = client_for("rayong")
    skip = api.post(url, {**step, "to_status": "cabinet"}, format="json")
    assert skip.status_code == 400 and thai(skip.json()["detail"])
    response = api.post(url, step, format="json")
    assert response.status_code == 200, response.content
    record = response.json()
    assert (record["from_status"], record["to_status"]) == ("draft", "committee")
    assert record["action_plan_status"] == "committee" and record["actor"] == "rayong"
    action_plan.refresh_from_db()
    assert action_plan.status == ActionPlanStatus.COMMITTEE
    detail = api.get(f"/api/v1/action-plans/{action_plan.pk}").json()
    assert [t["to_status"] for t in detail["transitions"]] == ["committee"]


# --------------------------------------------------------------------------- the schema


def test_openapi_schema_documents_the_project_endpoints():
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/api/v1/proposals": {"get", "post"},
        "/api/v1/proposals/{id}": {"get", "patch"},
        "/api/v1/proposals/bulk": {"post"},
        "/api/v1/proposals/screen": {"post"},
        "/api/v1/proposals/similar": {"post"},
        "/api/v1/proposals/{id}/screening": {"get", "post"},
        "/api/v1/proposals/{id}/similar": {"get"},
        "/api/v1/proposals/{id}/status": {"post"},
        "/api/v1/proposals/{id}/decision": {"post"},
        "/api/v1/proposals/{id}/comments": {"post"},
        "/api/v1/proposals/{id}/scores": {"post"},
        "/api/v1/comments/{id}/reply": {"post"},
        "/api/v1/envelopes": {"get"},
        "/api/v1/action-plans": {"get"},
        "/api/v1/action-plans/{id}": {"get"},
        "/api/v1/action-plans/{id}/transition": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    list_params = {p["name"] for p in paths["/api/v1/proposals"]["get"]["parameters"]}
    assert {"cycle", "status", "source", "province", "q"} <= list_params
    for path in ("/api/v1/proposals/bulk", "/api/v1/proposals/screen", "/api/v1/proposals/similar"):
        assert "requestBody" in paths[path]["post"], path
    bulk = paths["/api/v1/proposals/bulk"]["post"]["requestBody"]["content"]["application/json"]
    assert bulk["schema"]["type"] == "array"
    components = schema["components"]["schemas"]
    assert {
        "ProposalDetail",
        "ProposalWrite",
        "BulkResult",
        "BulkErrors",
        "Screening",
        "ScreeningResult",
        "SimilarResult",
        "ActionPlanDetail",
        "Envelope",
    } <= set(components)
