"""A year of Chanthaburi (22) through the API alone, from an empty system (issue 11, item 8).

The database holds what `oneplan migrate` and `oneplan load-reference` make; a superuser
adds the organisations, the users and their roles through the admin; from then on every step
is an API call by the user whose work it is, with a token from /api/v1/auth/token. Nothing
here is created by demo code, and the demo is not loaded at all.

Each step is a function named for what the officials do, so a failure names the step.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from oneplan.areas.models import Cluster
from oneplan.cycles.models import Regime
from oneplan.orgs.models import OrgKind, Role, User
from oneplan.plans.importing import XLSX_CONTENT_TYPE
from tests.journey import chanthaburi as ct
from tests.journey.people import PASSWORD, People, add_organisation, add_user

pytestmark = pytest.mark.django_db


def token_client(user: User) -> APIClient:
    """Signs in as a token client does: username and password for a token, then the token."""
    answer = APIClient().post(
        "/api/v1/auth/token", {"username": user.username, "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client


def ok(response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.content.decode()[:2000])
    return (
        response.json()
        if response.get("Content-Type", "").startswith("application/json")
        else response
    )


def the_deployer_adds_the_people(admin: Client) -> People:
    """The system administrator's first hour: the bodies and their users, in the admin."""
    regime = Regime.objects.get(is_current=True)
    cluster = Cluster.objects.get(
        regime=regime.cluster_regime, memberships__province_id=ct.PROVINCE
    )
    office = add_organisation(admin, "สำนักงานจังหวัดจันทบุรี", OrgKind.PROVINCIAL_OFFICE, ct.PROVINCE)
    agency = add_organisation(
        admin, "สำนักงานเกษตรจังหวัดจันทบุรี", OrgKind.PROVINCIAL_AGENCY, ct.PROVINCE
    )
    return People(
        secretariat=add_user(admin, "secretariat", Role.NATIONAL_SECRETARIAT),
        strategy=add_user(
            admin, "chan_strategy", Role.PROVINCIAL_STRATEGY, area=ct.PROVINCE, organisation=office
        ),
        agency=add_user(admin, "chan_agri", Role.AGENCY_OFFICER, organisation=agency),
        cluster_officer=add_user(admin, "east2", Role.CLUSTER_STRATEGY, cluster=cluster.pk),
        committee_member=add_user(admin, "chan_committee", Role.COMMITTEE_MEMBER, area=ct.PROVINCE),
        agency_office=agency,
        provincial_office=office,
    )


def the_secretariat_sets_the_national_calendar(secretariat: APIClient) -> dict[str, Any]:
    """The national template of FY 2571, from scratch, with the steps officials write."""
    calendar = ok(
        secretariat.post(
            "/api/v1/calendars",
            {
                "cycle": ct.FIRST_YEAR,
                "level": "nation",
                "title": f"ปฏิทินการจัดทำแผนพัฒนาจังหวัดและแผนปฏิบัติราชการประจำปี {ct.FIRST_YEAR}",
                "is_template": True,
            },
            format="json",
        ),
        201,
    )
    for action, when in ct.NATIONAL_STEPS:
        ok(
            secretariat.post(
                f"/api/v1/calendars/{calendar['id']}/steps",
                {"action": action, "when": when},
                format="json",
            ),
            201,
        )
    return calendar


def the_province_copies_the_calendar(strategy: APIClient, template: dict[str, Any]) -> None:
    copy = ok(strategy.post(f"/api/v1/calendars/{template['id']}/copy", {}, format="json"), 201)
    assert copy["level"] == "province" and copy["area"] == ct.PROVINCE
    steps = ok(strategy.get(f"/api/v1/calendars/{copy['id']}"))["steps"]
    assert len(steps) == len(ct.NATIONAL_STEPS)


def the_province_sets_up_its_committee(strategy: APIClient) -> dict[str, Any]:
    """The ก.บ.จ. of the regime in force, its appointment order and its members."""
    committee = ok(
        strategy.post(
            "/api/v1/committees",
            {"cycle": ct.FIRST_YEAR, "type": "kbj", "area": ct.PROVINCE},
            format="json",
        ),
        201,
    )
    order = ok(
        strategy.post(
            f"/api/v1/committees/{committee['id']}/orders",
            {
                "number": "2345/2569",
                "issued_on": "1/12/2569",
                "title": "แต่งตั้งคณะกรรมการบริหารงานจังหวัดแบบบูรณาการจังหวัดจันทบุรี",
                "issued_by": "จังหวัดจันทบุรี",
            },
            format="json",
        ),
        201,
    )
    for member in ct.COMMITTEE_MEMBERS:
        ok(
            strategy.post(
                f"/api/v1/committees/{committee['id']}/members",
                {**member, "order": order["id"], "term_start": "1/12/2569"},
                format="json",
            ),
            201,
        )
    return ok(strategy.get(f"/api/v1/committees/{committee['id']}"))


def the_province_gathers_needs(strategy: APIClient) -> None:
    """Its villages from the DOPA list, then the needs of their village plans in bulk."""
    villages = ok(
        strategy.post(
            f"/api/v1/areas/{ct.PROVINCE}/villages/import",
            {"file": SimpleUploadedFile("villages.csv", ct.villages_csv(), "text/csv")},
            format="multipart",
        )
    )
    assert villages["added"] == len(ct.VILLAGES)
    bulk = ok(strategy.post("/api/v1/needs/bulk", ct.needs(), format="json"))
    assert bulk["created"] == len(ct.needs())
    again = ok(strategy.post("/api/v1/needs/bulk", ct.needs(), format="json"))
    assert again["created"] == 0  # sent twice, recorded once
    wrong = [{**ct.needs()[0], "area": "21010101"}]  # a village of Rayong
    assert strategy.post("/api/v1/needs/bulk", wrong, format="json").status_code in (400, 403)


def the_province_holds_its_consultation(strategy: APIClient) -> dict[str, Any]:
    """The Section 19 consultation: invitees of the five groups, attendance, a comment
    answered."""
    consultation = ok(
        strategy.post(
            "/api/v1/consultations",
            {
                "cycle": ct.FIRST_YEAR,
                "province": ct.PROVINCE,
                "held_on": "15/1/2570",
                "venue": "ห้องประชุมศาลากลางจังหวัดจันทบุรี",
            },
            format="json",
        ),
        201,
    )
    pk = consultation["id"]
    ok(strategy.post(f"/api/v1/consultations/{pk}/invitees/build"))
    ok(
        strategy.post(
            f"/api/v1/consultations/{pk}/invitees",
            {"group": "civil_society", "name": "นายสมชาย ใจดี ประธานเครือข่ายชาวสวนผลไม้"},
            format="json",
        ),
        201,
    )
    invitees = ok(strategy.get(f"/api/v1/consultations/{pk}/invitees"))
    assert {i["group"] for i in invitees} >= {"agency_head", "civil_society"}
    # The ก.บ.จ.'s civil-society member is invited from the committee's members.
    assert any(i["name"].startswith("นางสาวมาลี ศรีจันทร์") for i in invitees)
    for invitee in invitees:
        ok(
            strategy.patch(
                f"/api/v1/consultations/{pk}/invitees/{invitee['id']}",
                {"attended": True},
                format="json",
            )
        )
    return consultation


def the_committee_approves_the_plan(
    strategy: APIClient, committee: dict[str, Any], edition: int
) -> None:
    """The ก.บ.จ. meets, with its quorum, and its resolution approves the consulted plan."""
    meeting = ok(
        strategy.post(
            f"/api/v1/committees/{committee['id']}/meetings",
            {"number": "1/2570", "held_on": "30/1/2570", "venue": "ศาลากลางจังหวัดจันทบุรี"},
            format="json",
        ),
        201,
    )
    present = [m["id"] for m in committee["members"]]
    ok(
        strategy.post(
            f"/api/v1/meetings/{meeting['id']}/attendance", {"present": present}, format="json"
        )
    )
    item = ok(
        strategy.post(
            f"/api/v1/meetings/{meeting['id']}/items",
            {
                "section": 4,
                "number": "4.1",
                "title": "ร่างแผนพัฒนาจังหวัดจันทบุรี พ.ศ. 2571–2575",
                "resolution": "ที่ประชุมเห็นชอบ",
                "effect": "approves_plan",
                "plan_edition": edition,
            },
            format="json",
        ),
        201,
    )
    ok(strategy.post(f"/api/v1/meetings/{meeting['id']}/held"))
    ok(strategy.post(f"/api/v1/meetings/{meeting['id']}/items/{item['id']}/apply"))
    detail = ok(strategy.get(f"/api/v1/meetings/{meeting['id']}"))
    assert detail["quorum"]["met"] is True
    assert ok(strategy.get(f"/api/v1/editions/{edition}"))["status"] == "approved"


def the_province_sends_numbered_letters(strategy: APIClient, consultation: dict[str, Any]) -> None:
    """Letters from the office's register take the numbers in turn, in Thai digits as the
    office writes them; a cancelled number stays in the register book, cancelled."""
    register = ok(
        strategy.post(
            "/api/v1/letter-registers",
            {"province": ct.PROVINCE, "prefix": "จบ ๐๐๑๗.๒", "year_be": 2569},
            format="json",
        ),
        201,
    )
    numbers = []
    for _round in range(3):
        letter = ok(
            strategy.post(
                "/api/v1/letters",
                {"source": "consultation", "id": consultation["id"]},
                format="json",
            ),
            201,
        )
        issued = ok(
            strategy.post(
                f"/api/v1/letters/{letter['id']}/issue",
                {"register": register["id"], "date": "7/12/2569"},
                format="json",
            )
        )
        numbers.append((letter["id"], issued["number"]))
    ok(strategy.post(f"/api/v1/letters/{numbers[1][0]}/cancel", {"reason": "ออกซ้ำ"}, format="json"))
    assert [n for _id, n in numbers] == ["จบ ๐๐๑๗.๒/๑", "จบ ๐๐๑๗.๒/๒", "จบ ๐๐๑๗.๒/๓"]
    book = ok(strategy.get(f"/api/v1/letter-registers/{register['id']}"))
    assert sorted((n["number"], n["status"]) for n in book["numbers"]) == [
        (1, "issued"),
        (2, "cancelled"),
        (3, "issued"),
    ]


def the_strategy_group_imports_its_plan(strategy: APIClient) -> dict[str, Any]:
    """A new 5-year plan (2571–2575), its chain from the filled-in Excel template, consulted
    and approved."""
    plan = ok(
        strategy.post(
            "/api/v1/plans",
            {"province": ct.PROVINCE, "first_year_be": ct.FIRST_YEAR},
            format="json",
        ),
        201,
    )
    edition = plan["editions"][0]["id"]
    template = strategy.get(f"/api/v1/editions/{edition}/import")
    assert template.status_code == 200
    answer = ok(
        strategy.post(
            f"/api/v1/editions/{edition}/import",
            {
                "file": SimpleUploadedFile(
                    "plan.xlsx", ct.filled_plan(template.content), XLSX_CONTENT_TYPE
                )
            },
            format="multipart",
        )
    )
    created = {c["sheet"]: c["created"] for c in answer["counts"]}
    assert sorted(created.values()) == [0, 3, 3, 3, 3]
    for to_status in ("consulted",):
        ok(
            strategy.post(
                f"/api/v1/editions/{edition}/transition",
                {"to_status": to_status, "decided_by": "การประชุม ก.บ.จ.จันทบุรี ครั้งที่ 1/2570"},
                format="json",
            )
        )
    return ok(strategy.get(f"/api/v1/editions/{edition}"))


def the_agency_sends_proposals(agency: APIClient, edition: dict[str, Any]) -> list[int]:
    issues = {i["priority"]: i for i in edition["issues"]}
    strategies = {str(s["number"]): s["id"] for i in edition["issues"] for s in i["strategies"]}
    sent = [
        ct.proposal(
            "CTI-2571-001",
            "โครงการยกระดับคุณภาพทุเรียนและมังคุดสู่มาตรฐาน GAP จังหวัดจันทบุรี",
            issues[1]["id"],
            strategies["1.1"],
            "4500000",
        ),
        ct.proposal(
            "CTI-2571-002",
            "โครงการพัฒนาตลาดพลอยจันทบุรีสู่แหล่งท่องเที่ยวเชิงวัฒนธรรม",
            issues[2]["id"],
            strategies["2.1"],
            "3200000",
        ),
    ]
    ids = []
    for body in sent:
        ids.append(ok(agency.post("/api/v1/proposals", body, format="json"), 201)["id"])
    return ids


def the_province_screens_and_reviews(strategy: APIClient, ids: list[int]) -> None:
    for pk in ids:
        screening = ok(strategy.post(f"/api/v1/proposals/{pk}/screening"))
        assert screening["eligible"] is not None
        for to_status in ("full", "screened", "clinic"):
            current = ok(strategy.get(f"/api/v1/proposals/{pk}"))["status"]
            if current == to_status:
                continue
            ok(
                strategy.post(
                    f"/api/v1/proposals/{pk}/status", {"to_status": to_status}, format="json"
                )
            )
        ok(
            strategy.post(
                f"/api/v1/proposals/{pk}/comments",
                {"text": "ขอให้ระบุพื้นที่ดำเนินการรายอำเภอให้ชัดเจน"},
                format="json",
            ),
            201,
        )
        ok(
            strategy.post(
                f"/api/v1/proposals/{pk}/decision",
                {"outcome": "approved", "reason": "สอดคล้องกับประเด็นยุทธศาสตร์ลำดับต้น"},
                format="json",
            ),
            201,
        )


def the_action_plan_is_assembled(secretariat: APIClient, strategy: APIClient) -> dict[str, Any]:
    ok(
        secretariat.post(
            "/api/v1/envelopes",
            {"fiscal_year": ct.FIRST_YEAR, "province": ct.PROVINCE, "amount": "100000000"},
            format="json",
        ),
        201,
    )
    plan = ok(
        strategy.post(
            "/api/v1/action-plans", {"fiscal_year": ct.FIRST_YEAR, "province": ct.PROVINCE}
        ),
        201,
    )
    detail = ok(strategy.get(f"/api/v1/action-plans/{plan['id']}"))
    assert len(detail["items"]) == 2
    return detail


def the_budget_is_allocated_and_spent(strategy: APIClient, action_plan: dict[str, Any]) -> None:
    for number, item in enumerate(action_plan["items"], start=1):
        ok(
            strategy.post(
                "/api/v1/allocations",
                {
                    "item": item["id"],
                    "category": "operating",
                    "amount": "3000000",
                    "budget_code": f"2200{number}",
                    "notice": "หนังสือสำนักงบประมาณ",
                    "notice_date": "20/10/2570",
                },
                format="json",
            ),
            201,
        )
    gfmis = "วันที่เอกสาร,รหัสงบประมาณ,ยอดเบิกจ่าย\n15/12/2570,22001,750000\n20/01/2571,22002,400000\n"
    imported = ok(
        strategy.post(
            f"/api/v1/disbursement-imports?province={ct.PROVINCE}&fiscal_year={ct.FIRST_YEAR}",
            {"file": SimpleUploadedFile("gfmis.csv", gfmis.encode(), "text/csv")},
            format="multipart",
        ),
        201,
    )
    assert imported["added"] == 2 and imported["matched"] == 2


def the_agency_reports_and_the_province_accepts(
    agency: APIClient, strategy: APIClient, action_plan: dict[str, Any]
) -> None:
    item = action_plan["items"][0]["id"]
    report = ok(
        agency.post(
            "/api/v1/progress-reports",
            {
                "item": item,
                "period": f"{ct.FIRST_YEAR}-Q1",
                "activities": "อบรมเกษตรกร 3 รุ่น รวม 310 ราย",
                "progress_percent": 30,
                "spent": "750000",
                "submit": True,
            },
            format="json",
        ),
        201,
    )
    assert report["status"] == "submitted"
    accepted = ok(
        strategy.post(f"/api/v1/progress-reports/{report['id']}/review", {"accept": True})
    )
    assert accepted["status"] == "accepted"


def the_six_monthly_report_is_produced(strategy: APIClient) -> None:
    answer = strategy.get(
        "/api/v1/result-reports",
        {"province": ct.PROVINCE, "fiscal_year": ct.FIRST_YEAR, "period": "H1", "as": "pdf"},
    )
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_a_year_of_chanthaburi_through_the_api():
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    admin = Client()
    admin.force_login(root)
    people = the_deployer_adds_the_people(admin)
    strategy, agency = token_client(people.strategy), token_client(people.agency)
    secretariat = token_client(people.secretariat)

    template = the_secretariat_sets_the_national_calendar(secretariat)
    the_province_copies_the_calendar(strategy, template)
    committee = the_province_sets_up_its_committee(strategy)
    the_province_gathers_needs(strategy)
    consultation = the_province_holds_its_consultation(strategy)
    edition = the_strategy_group_imports_its_plan(strategy)
    the_committee_approves_the_plan(strategy, committee, edition["id"])
    edition = ok(strategy.get(f"/api/v1/editions/{edition['id']}"))
    ids = the_agency_sends_proposals(agency, edition)
    the_province_screens_and_reviews(strategy, ids)
    action_plan = the_action_plan_is_assembled(secretariat, strategy)
    the_budget_is_allocated_and_spent(strategy, action_plan)
    the_agency_reports_and_the_province_accepts(agency, strategy, action_plan)
    the_province_sends_numbered_letters(strategy, consultation)
    the_six_monthly_report_is_produced(strategy)
