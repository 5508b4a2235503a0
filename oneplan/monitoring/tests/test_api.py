"""The monitoring API: reads through the policy; a GFMIS file sent by a token client goes
through the same checks as the upload page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from oneplan.monitoring.models import Transaction

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_reads_follow_the_policy(demo_user):
    rayong = api_for(demo_user("rayong"))
    allocations = rayong.get("/api/v1/allocations", {"fiscal_year": 2569}).json()
    assert len(allocations) == 5 and {a["province"] for a in allocations} == {"21"}
    assert rayong.get("/api/v1/progress-reports").json()
    assert rayong.get("/api/v1/indicator-results").json()
    assert rayong.get("/api/v1/performance-scores").json()[0]["indicator_code"] == "3.6"
    chonburi = api_for(demo_user("chonburi"))
    assert chonburi.get("/api/v1/allocations", {"fiscal_year": 2569}).json() == []
    assert chonburi.get("/api/v1/progress-reports").json() == []
    assert APIClient().get("/api/v1/allocations").status_code in (401, 403)


def test_a_token_client_imports_with_the_same_checks(demo_user):
    api = api_for(demo_user("rayong"))
    bad = "วันที่เอกสาร,รหัสงบประมาณ,ยอดเบิกจ่าย\n32/01/2569,210001OPE,100\n".encode()
    response = api.post(
        "/api/v1/disbursement-imports?province=21&fiscal_year=2569",
        {"file": SimpleUploadedFile("bad.csv", bad, "text/csv")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 2
    before = Transaction.objects.count()
    good = "วันที่เอกสาร,รหัสงบประมาณ,ยอดเบิกจ่าย\n15/01/2569,210001OPE,100\n".encode()
    response = api.post(
        "/api/v1/disbursement-imports?province=21&fiscal_year=2569",
        {"file": SimpleUploadedFile("good.csv", good, "text/csv")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["added"] == 1 and Transaction.objects.count() == before + 1
    refused = api_for(demo_user("chonburi")).post(
        "/api/v1/disbursement-imports?province=21&fiscal_year=2569",
        {"file": SimpleUploadedFile("good.csv", good, "text/csv")},
        format="multipart",
    )
    assert refused.status_code in (403, 404)
