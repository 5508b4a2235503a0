"""Envelopes and the assembly of the action plan through the API, by the same services as
their pages: the national secretariat sets the envelope, the province assembles its draft."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from oneplan.projects.models import ActionPlan, Envelope

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_secretariat_sets_an_envelope_and_no_province_can(demo_user):
    body = {"fiscal_year": "2570", "province": "21", "amount": "150000000"}
    refused = api_for(demo_user("rayong")).post("/api/v1/envelopes", body, format="json")
    assert refused.status_code == 403
    answer = api_for(demo_user("secretariat")).post("/api/v1/envelopes", body, format="json")
    assert answer.status_code == 201, answer.content
    envelope = Envelope.objects.get(cycle__fiscal_year_be=2570, province_id="21")
    assert envelope.amount == Decimal("150000000")
    ce = api_for(demo_user("secretariat")).post(
        "/api/v1/envelopes", {**body, "fiscal_year": "2027", "amount": "1"}, format="json"
    )
    assert ce.status_code == 201  # 2027 C.E. is FY 2570
    assert Envelope.objects.get(pk=envelope.pk).amount == Decimal("1")
    both = api_for(demo_user("secretariat")).post(
        "/api/v1/envelopes", {**body, "cluster": 1}, format="json"
    )
    assert both.status_code == 400


def test_a_province_assembles_its_draft_action_plan(demo_user):
    rayong = api_for(demo_user("rayong"))
    assert not ActionPlan.objects.filter(province_id="21", cycle__fiscal_year_be=2570).exists()
    refused = api_for(demo_user("chonburi")).post(
        "/api/v1/action-plans", {"fiscal_year": 2570, "province": "21"}
    )
    assert refused.status_code == 403
    answer = rayong.post("/api/v1/action-plans", {"fiscal_year": 2570, "province": "21"})
    assert answer.status_code == 201, answer.content
    assembled = ActionPlan.objects.get(pk=answer.json()["id"])
    assert assembled.province_id == "21" and assembled.cycle.fiscal_year_be == 2570
    assert assembled.status == "draft"
    again = rayong.post("/api/v1/action-plans", {"fiscal_year": 2570, "province": "21"})
    assert again.json()["id"] == assembled.pk  # refreshed, not a second plan
    no_envelope = rayong.post("/api/v1/action-plans", {"fiscal_year": 2571, "province": "21"})
    assert no_envelope.status_code in (400, 404)
