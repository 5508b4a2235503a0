"""No 500 on any input (issue 12), the API's part: a NUL or a lone surrogate in any field is
a Thai 400 naming the field (PostgreSQL refuses NUL in text), a body that is not JSON or is
nested too deep a Thai 400, DRF's own messages in Thai, every 404 under /api/ JSON, and the
calendars' schema says what the data holds."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from oneplan.plans.models import Plan
from oneplan.projects.models import Proposal

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "cycle": 2570,
    "reference_code": "NUL-70-001",
    "title": "โครงการส่งเสริมการแปรรูปมังคุดเพื่อการส่งออก",
    "objectives": "เพื่อเพิ่มมูลค่ามังคุด",
    "area": "21",
    "funding_channel": "province",
    "proposer_kind": "agency",
    "budget_lines": [{"fiscal_year_be": 2570, "category": "operating", "amount": "1500000"}],
    "tags": ["agri_value"],
}
DRAFT = {
    "cycle": 2570,
    "title": "โครงการจัดซื้อครุภัณฑ์การเกษตร",
    "area": "21",
    "budget_lines": [{"fiscal_year_be": 2570, "category": "investment", "amount": "7800000"}],
}


def thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def api_for(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def post(api: APIClient, url: str, body: str | bytes):
    return api.post(url, body, content_type="application/json")


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("/api/v1/proposals", {**PROPOSAL, "title": "ab\x00cd"}, "title"),
        ("/api/v1/proposals", {**PROPOSAL, "area": "2\x001"}, "area"),
        (
            "/api/v1/proposals",
            {**PROPOSAL, "budget_lines": [{**PROPOSAL["budget_lines"][0], "category": "op\x00"}]},
            "budget_lines[0].category",
        ),
        ("/api/v1/plans", {"province": "2\x001", "first_year_be": 2601}, "province"),
        ("/api/v1/plans", {"province": "21", "first_year_be": 2601, "title": "\x00"}, "title"),
        ("/api/v1/proposals/screen", {**DRAFT, "title": "a\x00"}, "title"),
        ("/api/v1/proposals/screen", {**DRAFT, "area": "\x00"}, "area"),
        ("/api/v1/proposals/bulk", [PROPOSAL, {**PROPOSAL, "reference_code": "X\x00"}], "[1]"),
    ],
)
def test_a_nul_in_any_field_is_a_thai_400_naming_it(demo_user, url, body, field):
    api = api_for(demo_user("rayong" if "plans" in url else "rayong_agency"))
    before = Proposal.objects.count(), Plan.objects.count()
    response = post(api, url, json.dumps(body))
    assert response.status_code == 400, response.content
    text = json.dumps(response.json(), ensure_ascii=False)
    assert thai(response.json()["detail"]) and field in text and "NUL" in text
    assert (Proposal.objects.count(), Plan.objects.count()) == before


def test_a_nul_in_a_form_field_is_refused_too(demo_user):
    api = api_for(demo_user("rayong"))
    response = api.post("/api/v1/plans", {"province": "2\x001", "first_year_be": "2601"})
    assert response.status_code == 400, response.content
    assert "province" in response.json()["detail"]


def test_a_lone_surrogate_is_a_thai_400(demo_user):
    api = api_for(demo_user("rayong_agency"))
    body = json.dumps([PROPOSAL]).replace("NUL-70-001", "\\ud800", 1)
    response = post(api, "/api/v1/proposals/bulk", body)
    assert response.status_code == 400, response.content
    data = response.json()
    assert thai(data["detail"]) and data["errors"][0]["field"] == "reference_code"


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b"not json",
        b'{"cycle": NaN}',
        b'{"cycle": 2570',
        '{"cycle": 2570}'.encode("utf-16"),
        b'{"cycle": ' + b"9" * 5000 + b"}",
    ],
)
def test_a_body_that_cannot_be_read_is_a_thai_400(demo_user, body):
    response = post(api_for(demo_user("rayong_agency")), "/api/v1/proposals/screen", body)
    assert response.status_code == 400, response.content
    assert thai(response.json()["detail"]), response.json()


def test_drf_messages_are_in_thai(demo_user):
    api = api_for(demo_user("rayong_agency"))
    for body in (
        {**DRAFT, "title": ["a list"]},
        {**DRAFT, "cycle": "NaN"},
        {**DRAFT, "budget_lines": [{"fiscal_year_be": 2570, "amount": "NaN"}]},
    ):
        response = post(api, "/api/v1/proposals/screen", json.dumps(body))
        assert response.status_code == 400, response.content
        for messages in response.json().values():
            text = json.dumps(messages, ensure_ascii=False)
            assert thai(text), (body, response.json())
    response = post(api, "/api/v1/proposals/bulk", json.dumps([{**PROPOSAL, "title": True}]))
    assert response.status_code == 400
    assert all(thai(e["message"]) for e in response.json()["errors"]), response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/proposals/abc",
        "/api/v1/plans/1.5",
        "/api/v1/nothing-here",
        "/api/v1/proposals/99999999999999999999",
        "/api/v1/plans/99999999999999999999",
        "/api/v1/editions/-1",
    ],
)
def test_every_api_404_is_json(demo_user, url):
    response = api_for(demo_user("rayong")).get(url)
    assert response.status_code == 404, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert thai(response.json()["detail"])


def test_an_api_404_is_json_on_a_development_server_too(demo_user, settings):
    """`make run` serves with DEBUG on, where Django answers an unmatched address with its own
    HTML page: the API's catch-all keeps it JSON."""
    settings.DEBUG = True
    response = api_for(demo_user("rayong")).get("/api/v1/proposals/abc")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert thai(response.json()["detail"])


def test_a_page_404_is_still_a_page(demo_user):
    client = APIClient(raise_request_exception=False)
    response = client.get("/plans/editions/abc/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_the_calendars_schema_says_a_step_may_have_no_phase(demo_user):
    api = api_for(demo_user("rayong"))
    steps = [s for c in api.get("/api/v1/calendars").json() for s in c["steps"]]
    assert any(s["phase"] is None for s in steps)
    schema = api.get("/api/v1/openapi.json").json()
    phase = schema["components"]["schemas"]["StepOut"]["properties"]["phase"]
    assert phase.get("nullable") is True, phase


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/proposals?province=%00", "province"),
        ("/api/v1/proposals?q=ab%00cd", "q"),
        ("/api/v1/areas/search?q=%00", "q"),
        ("/api/v1/plans?province=2%001", "province"),
        ("/api/v1/areas/provinces/%00/districts", ""),
        ("/api/v1/proposals?%00=1", ""),
    ],
)
def test_a_nul_in_the_address_is_a_thai_400_naming_the_parameter(demo_user, url, name):
    response = api_for(demo_user("rayong")).get(url)
    assert response.status_code == 400, (url, response.status_code)
    detail = response.json()["detail"]
    assert thai(detail) and name in detail


def test_a_page_with_a_nul_in_its_address_is_a_thai_400(demo_user):
    client = APIClient(raise_request_exception=False)
    client.force_login(demo_user("rayong"))
    for url in ("/projects/?q=%00", "/monitoring/2569/%00/", "/areas/search/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert thai(response.content.decode())
