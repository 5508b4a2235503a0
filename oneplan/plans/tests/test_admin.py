"""The national secretariat tunes the plan check in the admin; nobody else can."""

from __future__ import annotations

import pytest
from django.test import Client

from oneplan.cycles.models import Regime
from oneplan.plans.models import CheckRule

pytestmark = pytest.mark.django_db


def test_secretariat_changes_a_rule_weight_in_the_admin_and_it_is_audited(demo_user):
    client = Client()
    client.force_login(demo_user("secretariat"))
    rule = CheckRule.objects.get(regime__is_current=True, code="PC-SWOT-NO-EVIDENCE")
    url = f"/admin/plans/checkrule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "regime": rule.regime_id,
            "code": rule.code,
            "title_th": rule.title_th,
            "severity": "error",
            "weight": 9,
            "enabled": "on",
            "params": "{}",
            "source": rule.source,
            "order": rule.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    rule.refresh_from_db()
    assert (rule.severity, rule.weight) == ("error", 9)
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(rule).latest("timestamp")
    assert entry.actor.username == "secretariat"
    assert entry.changes_dict["weight"] == [5, 9]


def test_a_provincial_officer_cannot_tune_the_rules(demo_user):
    user = demo_user("rayong")
    user.is_staff = True  # even with admin access, the policy refuses
    user.save()
    client = Client()
    client.force_login(user)
    rule = CheckRule.objects.filter(regime__is_current=True).first()
    response = client.post(
        f"/admin/plans/checkrule/{rule.pk}/change/", {"weight": 0, "code": rule.code}
    )
    assert response.status_code in (403, 302, 404)
    rule.refresh_from_db()
    assert rule.weight != 0


def test_reloading_reference_keeps_tuned_rules_and_thresholds():
    from oneplan.core.reference import load_reference

    regime = Regime.objects.get(is_current=True)
    regime.grade_very_good = 90
    regime.save()
    rule = regime.rules.get(code="PC-NO-TOWS")
    rule.weight, rule.enabled = 7, False
    rule.save()
    load_reference(["21"])
    regime.refresh_from_db()
    rule.refresh_from_db()
    assert regime.grade_very_good == 90
    assert (rule.weight, rule.enabled) == (7, False)
