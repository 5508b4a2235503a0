"""The national dashboard shows the clusters of the year's regime (issue 11): a year under
the 2551 regime (the 2009 cluster set) shows that set, today's year today's set."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from oneplan.areas.models import Cluster
from oneplan.cycles.models import Cycle
from oneplan.monitoring import national

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [2553, 2569])
def test_the_cluster_rows_are_those_of_the_cycles_cluster_set(year):
    cycle = Cycle.objects.get(fiscal_year_be=year)
    wanted = cycle.regime.cluster_regime
    rows = national.clusters(cycle, date(2026, 11, 22))
    assert [r.pk for r in rows] == list(
        Cluster.objects.filter(regime=wanted).order_by("order", "pk").values_list("pk", flat=True)
    )
    assert rows


def test_a_2552_set_year_and_todays_year_show_different_clusters():
    old = {r.pk for r in national.clusters(Cycle.objects.get(fiscal_year_be=2553), date.today())}
    new = {r.pk for r in national.clusters(Cycle.objects.get(fiscal_year_be=2569), date.today())}
    assert old and new and not old & new


def test_the_national_page_of_a_2551_regime_year_names_the_2009_clusters(demo_user):
    cycle = Cycle.objects.get(fiscal_year_be=2553)
    client = Client()
    client.force_login(demo_user("secretariat"))
    response = client.get(f"/monitoring/{cycle.fiscal_year_be}/national/")
    assert response.status_code == 200
    shown = {r.pk for r in response.context["clusters"]}
    assert shown == set(
        Cluster.objects.filter(regime=cycle.regime.cluster_regime).values_list("pk", flat=True)
    )


def test_a_plan_under_a_regime_without_rules_has_no_grade_on_the_dashboard():
    from oneplan.cycles.models import Regime
    from oneplan.plans.models import Plan, PlanEdition, PlanKind

    cycle = Cycle.objects.get(fiscal_year_be=2569)
    empty = Regime.objects.create(
        code="T-EMPTY",
        name_th="ชุดหลักเกณฑ์ใหม่ (ทดสอบ)",
        span_years=5,
        provincial_committee="ก.บ.จ.",
        cluster_committee="ก.บ.ก.",
        national_body="ก.บ.ภ.",
    )
    province = "50"
    Plan.objects.filter(province_id=province).delete()
    plan = Plan.objects.create(
        kind=PlanKind.PROVINCE,
        province_id=province,
        regime=empty,
        first_year_be=2569,
        last_year_be=2573,
        title="แผนว่าง (ทดสอบ)",
    )
    PlanEdition.objects.create(plan=plan, number=0)
    assert province not in national._grades(cycle)
    row = next(r for r in national.national(cycle, date(2026, 11, 22)) if r.code == province)
    assert row.grade == ""
