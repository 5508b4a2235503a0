"""The monitoring API's writes go through the same services as the pages: a token client
records allocations, writes, submits and reviews progress reports and fetches the results
report of a period — and another province can do none of it to Rayong's records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from oneplan.monitoring import reports
from oneplan.monitoring.models import Allocation, ProgressReport, ReportStatus
from oneplan.projects.models import ActionPlan

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def plan() -> ActionPlan:
    return ActionPlan.objects.get(cycle__fiscal_year_be=2569, province_id="21")


def test_an_allocation_is_recorded_changed_and_refused_to_another_province(plan, demo_user):
    item = plan.items.order_by("rank").first()
    Allocation.objects.filter(item=item).delete()
    rayong = api_for(demo_user("rayong"))
    body = {
        "item": item.pk,
        "category": "operating",
        "amount": "1250000.50",
        "notice": "หนังสือสำนักงบประมาณ",
        "notice_date": "15/11/2568",
        "budget_code": "๒๑๐๐๑",
    }
    answer = rayong.post("/api/v1/allocations", body, format="json")
    assert answer.status_code == 201, answer.content
    saved = Allocation.objects.get(item=item, category="operating")
    assert saved.amount == Decimal("1250000.50") and saved.budget_code == "21001"
    assert saved.notice_date.isoformat() == "2025-11-15"  # B.E. typed, ISO stored
    assert LogEntry.objects.get_for_object(saved).exists()
    cut = rayong.post("/api/v1/allocations", {**body, "amount": "1000000"}, format="json")
    assert cut.status_code == 201 and Allocation.objects.filter(item=item).count() == 1
    assert Allocation.objects.get(pk=saved.pk).amount == Decimal("1000000")
    negative = rayong.post("/api/v1/allocations", {**body, "amount": "-5"}, format="json")
    assert negative.status_code == 400
    chonburi = api_for(demo_user("chonburi"))
    refused = chonburi.post("/api/v1/allocations", {**body, "amount": "9"}, format="json")
    assert refused.status_code in (403, 404)
    assert Allocation.objects.get(pk=saved.pk).amount == Decimal("1000000")


def test_a_report_written_submitted_returned_and_accepted_through_the_api(plan, demo_user):
    ProgressReport.objects.filter(item__action_plan=plan).delete()
    item = plan.items.order_by("rank").first()
    period = reports.periods(plan.cycle)[0].code
    rayong = api_for(demo_user("rayong"))
    outputs = reports.report_for(item, reports.periods(plan.cycle)[0]).outputs
    written = rayong.post(
        "/api/v1/progress-reports",
        {
            "item": item.pk,
            "period": period,
            "activities": "อบรมเกษตรกร 2 รุ่น",
            "progress_percent": 30,
            "spent": "500000",
            "outputs": [{"output": outputs[0]["output"], "done": "120"}],
        },
        format="json",
    )
    assert written.status_code == 201, written.content
    pk = written.json()["id"]
    assert ProgressReport.objects.get(pk=pk).outputs[0]["done"] == "120"
    unknown = rayong.patch(
        f"/api/v1/progress-reports/{pk}",
        {"outputs": [{"output": 999999, "done": "1"}]},
        format="json",
    )
    assert unknown.status_code == 400
    chonburi = api_for(demo_user("chonburi"))
    assert chonburi.get(f"/api/v1/progress-reports/{pk}").status_code == 404
    assert chonburi.post(f"/api/v1/progress-reports/{pk}/submit").status_code == 404
    assert rayong.post(f"/api/v1/progress-reports/{pk}/submit").json()["status"] == "submitted"
    locked = rayong.patch(f"/api/v1/progress-reports/{pk}", {"spent": "1"}, format="json")
    assert locked.status_code == 400 and ProgressReport.objects.get(pk=pk).spent == 500000
    no_note = rayong.post(f"/api/v1/progress-reports/{pk}/review", {"accept": False})
    assert no_note.status_code == 400
    returned = rayong.post(
        f"/api/v1/progress-reports/{pk}/review",
        {"accept": False, "note": "ขอภาพถ่ายกิจกรรม"},
        format="json",
    )
    assert returned.json()["status"] == ReportStatus.RETURNED
    again = rayong.patch(
        f"/api/v1/progress-reports/{pk}", {"progress_percent": 35, "submit": True}, format="json"
    )
    assert again.json()["status"] == "submitted" and again.json()["progress_percent"] == 35
    accepted = rayong.post(f"/api/v1/progress-reports/{pk}/review", {"accept": True})
    assert accepted.json()["status"] == ReportStatus.ACCEPTED
    assert ProgressReport.objects.get(pk=pk).locked
    bad_period = rayong.post(
        "/api/v1/progress-reports", {"item": item.pk, "period": "2569-Q9"}, format="json"
    )
    assert bad_period.status_code == 404


def test_the_six_monthly_report_through_the_api(demo_user):
    rayong = api_for(demo_user("rayong"))
    query = {"province": "21", "fiscal_year": 2569, "period": "H1", "as": "pdf"}
    answer = rayong.get("/api/v1/result-reports", query)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    # As the page sends it: a private download under the report's (Thai) title, never cached.
    assert answer["Cache-Control"] == "private, no-store"
    assert answer["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    word = rayong.get("/api/v1/result-reports", {**query, "as": "docx"})
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert rayong.get("/api/v1/result-reports", {**query, "period": "Q7"}).status_code == 400
    outsider = api_for(demo_user("chonburi"))
    assert outsider.get("/api/v1/result-reports", query).status_code == 404
    assert APIClient().get("/api/v1/result-reports", query).status_code in (401, 403)
