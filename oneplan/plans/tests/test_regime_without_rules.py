"""A regime without plan-check rules refuses to grade, and says why (issue 11): it never
calls an empty plan ดีมาก, on the page, in the API, in the comparison or on the dashboard."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.cycles.models import Regime
from oneplan.plans.comparison import compare
from oneplan.plans.models import Plan, PlanEdition, PlanKind
from oneplan.plans.quality import NoCheckRules, check_edition
from oneplan.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def new_regime(code: str = "T-EMPTY") -> Regime:
    current = Regime.objects.get(is_current=True)
    return Regime.objects.create(
        code=code,
        name_th="ชุดหลักเกณฑ์ใหม่ (ทดสอบ)",
        span_years=5,
        cluster_regime=current.cluster_regime,
        provincial_committee="ก.บ.จ.",
        cluster_committee="ก.บ.ก.",
        national_body="ก.บ.ภ.",
    )


def empty_plan(regime: Regime) -> PlanEdition:
    """A plan under `regime` with nothing in it: the plan a fresh regime once graded 100."""
    plan = Plan.objects.create(
        kind=PlanKind.PROVINCE,
        province_id="21",
        regime=regime,
        first_year_be=2596,
        last_year_be=2600,
        title="แผนว่าง (ทดสอบ)",
    )
    return PlanEdition.objects.create(plan=plan, number=0)


def test_a_new_regime_without_rules_refuses_to_grade_and_says_why():
    edition = empty_plan(new_regime())
    with pytest.raises(NoCheckRules) as refused:
        check_edition(edition)
    assert "ชุดหลักเกณฑ์ใหม่ (ทดสอบ)" in refused.value.messages[0]


def test_rules_all_out_of_use_refuse_alike():
    regime = new_regime()
    edition = empty_plan(regime)
    source = Regime.objects.get(is_current=True)
    rule = source.rules.first()
    rule.pk, rule.regime, rule.enabled = None, regime, False
    rule.save()
    with pytest.raises(NoCheckRules):
        check_edition(edition)


def test_the_check_page_shows_the_refusal_not_a_grade(demo_user):
    edition = empty_plan(new_regime())
    client = Client()
    client.force_login(demo_user("rayong"))
    response = client.get(f"/plans/editions/{edition.pk}/check/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="check-refused"' in page
    assert "grade-very_good" not in page and "grade-" not in page


def test_the_api_answers_400_with_the_reason(demo_user):
    edition = empty_plan(new_regime())
    token, _created = Token.objects.get_or_create(user=demo_user("rayong"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(f"/api/v1/plans/{edition.plan_id}/check", format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert "grade" not in data and "score" not in data
    assert "ชุดหลักเกณฑ์ใหม่ (ทดสอบ)" in data["detail"]


def test_the_comparison_leaves_a_plan_of_such_a_regime_ungraded(demo_user):
    edition = empty_plan(new_regime())
    result = compare(demo_user("secretariat"), 2597)
    assert edition.plan_id not in {g.plan.pk for g in result.grades}


def test_the_existing_regimes_still_grade():
    edition = make_plan().editions.get()
    result = check_edition(edition)
    assert result.rules and 0 <= result.score <= 100
    assert result.grade in {"very_good", "good", "fair", "needs_work"}
