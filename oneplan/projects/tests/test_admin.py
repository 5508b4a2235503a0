"""The national secretariat tunes the screening in the admin, and the next screening
follows; nobody else can."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.test import Client

from oneplan.cycles.models import Cycle
from oneplan.projects.models import Criterion, EligibilityRule
from oneplan.projects.screening import ProposalFacts, rules_for, screen

pytestmark = pytest.mark.django_db


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_secretariat_tunes_a_rules_words_and_the_screening_follows(demo_user):
    regime = Cycle.objects.get(fiscal_year_be=2570).regime
    rule = EligibilityRule.objects.get(regime=regime, code="NE-EQUIPMENT-DREDGING")
    cctv = ProposalFacts(title="โครงการจัดหากล้องโทรทัศน์วงจรปิดเพื่อความปลอดภัย")

    def verdict() -> str:
        finding = next(f for f in screen(cctv, rules_for(regime)).findings if f.rule == rule.code)
        return finding.verdict

    assert verdict() != "ineligible"
    url = f"/admin/projects/eligibilityrule/{rule.pk}/change/"
    client = admin_client(demo_user("secretariat"))
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "regime": rule.regime_id,
            "code": rule.code,
            "title_th": rule.title_th,
            "terms": json.dumps([*rule.terms, "จัดหากล้องโทรทัศน์วงจรปิด"], ensure_ascii=False),
            "exceptions": json.dumps(rule.exceptions, ensure_ascii=False),
            "tags": json.dumps(rule.tags),
            "params": json.dumps(rule.params, ensure_ascii=False),
            "enabled": "on",
            "source": rule.source,
            "order": rule.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert verdict() == "ineligible"
    entry = LogEntry.objects.get_for_object(rule).latest("timestamp")
    assert entry.actor.username == "secretariat"


def test_a_provincial_officer_cannot_change_criteria_weights(demo_user):
    user = demo_user("rayong")
    user.is_staff = True  # even with admin access, the policy refuses
    user.save()
    criterion = Criterion.objects.filter(regime__is_current=True).first()
    response = admin_client(user).post(
        f"/admin/projects/criterion/{criterion.pk}/change/",
        {"weight": 0, "code": criterion.code},
    )
    assert response.status_code in (403, 302, 404)
    criterion.refresh_from_db()
    assert criterion.weight != 0
