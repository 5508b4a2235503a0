"""The national comparison: what each user may count, the category ranking and the grades."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from oneplan.plans import comparison
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan, PlanKind
from oneplan.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db

YEAR = 2568  # the demo plans run 2566-2570


def expected_ranks(plans) -> Counter:
    counts: Counter = Counter()
    for plan in plans:
        for issue in reference_edition(plan).issues.filter(priority__lte=3, category__isnull=False):
            counts[(issue.category.code, issue.priority)] += 1
    return counts


def test_secretariat_counts_every_provinces_plan(demo_user):
    data = comparison.compare(demo_user("secretariat"), YEAR)
    provincial = Plan.objects.filter(kind=PlanKind.PROVINCE, first_year_be=2566)
    assert data.provinces_counted == provincial.count() >= 9
    got = Counter(
        {
            (row.category.code, rank): n
            for row in data.categories
            for rank, n in row.counts.items()
            if n
        }
    )
    assert got == expected_ranks(provincial)
    assert {g.plan for g in data.grades} == set(Plan.objects.filter(first_year_be=2566))
    assert {g.grade_label for g in data.grades} <= {"ดีมาก", "ดี", "พอใช้", "ต้องปรับปรุง"}
    # The cluster plan's issues are listed by category.
    listed = [title for _cat, items in data.cluster_issues for _c, _r, title in items]
    cluster = Plan.objects.get(kind=PlanKind.CLUSTER, first_year_be=2566)
    assert set(listed) == set(reference_edition(cluster).issues.values_list("title", flat=True))


def test_a_province_counts_only_what_it_may_read(demo_user):
    data = comparison.compare(demo_user("rayong"), YEAR)
    assert data.provinces_counted == 1
    assert {g.plan.kind for g in data.grades} == {"province", "cluster"}
    assert "ชลบุรี" not in " ".join(g.plan.title for g in data.grades)


def test_chart_bars_are_proportional_and_never_wider_than_the_chart(demo_user):
    data = comparison.compare(demo_user("secretariat"), YEAR, with_grades=False)
    longest = max(row.total for row in data.categories)
    for row in data.categories:
        width = sum(w for _rank, _x, w in row.bars)
        assert width <= comparison.BAR_WIDTH + len(comparison.RANKS)
        if row.total == longest:
            assert abs(width - comparison.BAR_WIDTH) <= len(comparison.RANKS)


def test_page_and_csv_export_without_formula_injection(demo_user):
    plan = make_plan(first_year_be=2566 - 5)
    plan.title = '=HYPERLINK("http://x")'
    plan.last_year_be = YEAR
    plan.first_year_be = YEAR - 4
    plan.save()
    client = Client()
    client.force_login(demo_user("secretariat"))
    assert client.get(f"/plans/compare/?year={YEAR}").status_code == 200
    body = client.get(f"/plans/compare/?year={YEAR}&format=csv").content.decode()
    assert "อันดับ 1" in body
    assert "HYPERLINK" in body  # the plan is listed ...
    assert ",=HYPERLINK" not in body and "\n=HYPERLINK" not in body  # ... but not as a formula
