"""Indicator results against targets by direction, roll-up per goal and issue, and the
performance agreement's five-level scoring with weights (seed 004, indicator 3.6)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from oneplan.areas.models import Area
from oneplan.monitoring import indicators
from oneplan.monitoring.indicators import achievement, level_from_thresholds, weighted_total
from oneplan.monitoring.models import PerformanceIndicator, PerformanceScore

amounts = st.decimals(min_value=D("0.5"), max_value=D("100000"), places=2)


@given(amounts, amounts, amounts, amounts)
def test_more_is_better_when_higher_is_better(baseline, target, actual, more):
    assume(target > baseline)  # a higher-is-better target above where it started
    low = achievement("increase", baseline, target, actual)
    high = achievement("increase", baseline, target, actual + more)
    assert high >= low


@given(amounts, amounts)
def test_reaching_the_target_is_100_in_every_direction(baseline, target):
    for direction in ("increase", "decrease", "maintain"):
        for base in (baseline, None):
            assume(base is None or base != target)
            assert achievement(direction, base, target, target) == D(100)


@given(amounts, amounts, amounts)
def test_less_is_better_when_lower_is_better(target, actual, less):
    assume(actual - less > 0)
    assert achievement("decrease", None, target, actual - less) >= achievement(
        "decrease", None, target, actual
    )


@given(st.sampled_from(["increase", "decrease", "maintain"]), amounts, amounts, amounts)
def test_an_official_achievement_is_never_negative(direction, baseline, target, actual):
    for base in (baseline, None):
        value = achievement(direction, base, target, actual)
        assert value is None or value >= 0


def test_a_result_that_moved_away_from_the_baseline_achieved_nothing():
    # 100 at the start, 120 the target, 80 measured: worse than the start, not -100 %
    assert achievement("increase", D(100), D(120), D(80)) == D(0)
    assert achievement("decrease", D(20), D(10), D(30)) == D(0)


def test_worked_examples():
    assert achievement("increase", D(100), D(120), D(110)) == D(50)  # half the way
    assert achievement("decrease", D(20), D(10), D(15)) == D(50)
    assert achievement("increase", None, D(80), D(60)) == D(75)
    assert achievement("maintain", None, D(100), D(90)) == D(90)
    assert achievement("increase", None, D(0), D(5)) is None


def test_levels_from_thresholds_and_the_weighted_total():
    assert level_from_thresholds([60, 70, 80, 90, 100], D(85)) == 3
    assert level_from_thresholds([60, 70, 80, 90, 100], D(50)) == 0
    assert level_from_thresholds([20, 15, 10, 5, 0], D(7)) == 3  # lower is better
    a = PerformanceScore(indicator=PerformanceIndicator(weight=D(3)), level=D(4))
    b = PerformanceScore(indicator=PerformanceIndicator(weight=D(1)), level=D(2))
    assert weighted_total([a, b]) == D("3.5")
    assert weighted_total([]) is None


@pytest.mark.django_db
def test_indicator_3_6_applies_to_the_border_and_coastal_provinces(demo_user):
    seed = PerformanceIndicator.objects.get(cycle__fiscal_year_be=2552, code="3.6")
    assert seed.weight == D(3) and len(seed.levels) == 5
    names = set(seed.applies_to.values_list("name_th", flat=True))
    assert {"เชียงราย", "สงขลา", "ปัตตานี", "ระยอง", "กรุงเทพมหานคร"} <= names
    assert "ขอนแก่น" not in names and len(names) == 44  # 30 border, Pattani, 23 coastal
    current = PerformanceIndicator.objects.get(cycle__fiscal_year_be=2569, code="3.6")
    rayong_score = PerformanceScore.objects.get(indicator=current, province_id="21")
    assert rayong_score.level == 4 and set(rayong_score.evidence) == {"1", "2", "3", "4"}
    with pytest.raises(Exception, match="ไม่ได้ใช้ประเมิน"):
        indicators.score(demo_user("secretariat"), current, Area.objects.get(code="40"), level=D(3))
    with pytest.raises(Exception, match="ครึ่งระดับ"):
        indicators.score(demo_user("rayong"), current, Area.objects.get(code="21"), level=D("3.3"))
    with pytest.raises(Exception):  # noqa: B017 - Chonburi does not score Rayong
        indicators.score(demo_user("chonburi"), current, Area.objects.get(code="21"), level=D(5))


@pytest.mark.django_db
def test_the_plan_rolls_up_by_goal_and_issue(demo_user):
    from oneplan.plans.chain import reference_edition
    from oneplan.plans.models import Plan

    edition = reference_edition(Plan.objects.get(province_id="21", first_year_be=2566))
    rows = indicators.achievements(edition, 2569)
    measured = [r for r in rows if r.percent is not None]
    assert measured and len(measured) < len(rows)  # some not measured yet
    rolled = indicators.rollup(edition, 2569)
    assert sum(r.total for r in rolled["issue"]) == len(rows)
    assert all(r.percent is None or D(0) <= r.percent <= D(100) for r in rolled["goal"])
    with pytest.raises(Exception, match="นอกช่วงปีของแผน"):
        indicators.record_result(demo_user("rayong"), rows[0].indicator, 2580, D(1))


@pytest.mark.django_db
def test_the_results_and_agreement_pages(demo_user):
    from django.test import Client

    from oneplan.plans.chain import reference_edition
    from oneplan.plans.models import Plan

    edition = reference_edition(Plan.objects.get(province_id="21", first_year_be=2566))
    client = Client()
    client.force_login(demo_user("rayong"))
    url = f"/monitoring/indicators/{edition.pk}/2569/"
    page = client.get(url).content.decode()
    assert 'name="actual"' in page
    indicator = edition.indicators.order_by("pk").last()
    client.post(url, {"indicator": indicator.pk, "actual": "1,234.5", "evidence": "รายงานสถิติ"})
    assert indicator.results.get(year_be=2569).actual == D("1234.5")
    assert client.post(url, {"indicator": indicator.pk, "actual": "ไม่ทราบ"}).status_code == 302
    assert indicator.results.get(year_be=2569).actual == D("1234.5")  # unchanged
    agreement = client.get("/monitoring/2569/21/agreement/").content.decode()
    assert "3.6" in agreement and "4.0" in agreement
    outsider = Client()
    outsider.force_login(demo_user("chonburi"))
    assert outsider.get(url).status_code == 404
    assert outsider.get("/monitoring/2569/21/agreement/").status_code == 404


@pytest.mark.django_db
def test_the_agreement_page_records_a_level_and_its_evidence(demo_user):
    from django.contrib.messages import get_messages
    from django.test import Client

    current = PerformanceIndicator.objects.get(cycle__fiscal_year_be=2569, code="3.6")
    client = Client()
    client.force_login(demo_user("rayong"))
    url = "/monitoring/2569/21/agreement/"
    form = {"indicator": current.pk, "level": "๔.๕", "evidence-5": "รายงานการประชุม ครั้งที่ ๒"}
    assert client.post(url, form).status_code == 302
    saved = PerformanceScore.objects.get(indicator=current, province_id="21")
    assert saved.level == D("4.5") and saved.evidence == {"5": "รายงานการประชุม ครั้งที่ ๒"}
    page = client.get(url).content.decode()
    assert 'value="รายงานการประชุม ครั้งที่ ๒"' in page and 'value="4.5"' in page
    refused = client.post(url, {"indicator": current.pk, "level": "6"}, HTTP_ACCEPT_LANGUAGE="th")
    shown = [str(m) for m in get_messages(refused.wsgi_request)]
    assert any(m.startswith("ระดับที่ได้: ") for m in shown), shown
    assert PerformanceScore.objects.get(pk=saved.pk).level == D("4.5")  # unchanged
