"""Rules a regime keeps as data (approval chains, report periods, investment words, budget
years without a plan): checked when the secretariat types them, shown with their named
defaults in the admin, loaded from regimes.csv, and a regime without its own follows the
named default."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from oneplan.cycles import report_periods, rules
from oneplan.cycles.models import Calendar, Cycle, Regime
from oneplan.cycles.reference import load_regimes
from oneplan.cycles.report_periods import DEFAULT_REPORT_PERIODS, REPORT_PERIODS, period_end
from oneplan.cycles.rules import ReportPeriod
from oneplan.plans.models import DEFAULT_EDITION_CHAIN, EDITION_CHAIN
from oneplan.projects.budget_words import DEFAULT_INVESTMENT_WORDS, INVESTMENT_WORDS
from oneplan.projects.models import ACTION_PLAN_CHAIN, FUNDING_CHANNELS, PROPOSAL_CHAIN

pytestmark = pytest.mark.django_db

QUARTERS = [
    {"code": f"Q{n}", "name_th": f"ไตรมาสที่ {n}", "name_en": f"Quarter {n}", "months": 3 * n}
    for n in range(1, 5)
]


def current() -> Regime:
    return Regime.objects.get(is_current=True)


def test_every_rule_is_declared_with_a_named_default():
    declared = {rule.field: rule for rule in rules.registered()}
    assert declared == {
        "edition_chain": EDITION_CHAIN,
        "proposal_chain": PROPOSAL_CHAIN,
        "action_plan_chain": ACTION_PLAN_CHAIN,
        "report_periods": REPORT_PERIODS,
        "investment_words": INVESTMENT_WORDS,
        "funding_channels": FUNDING_CHANNELS,
    }
    assert EDITION_CHAIN.default is DEFAULT_EDITION_CHAIN
    assert REPORT_PERIODS.default is DEFAULT_REPORT_PERIODS
    assert INVESTMENT_WORDS.default is DEFAULT_INVESTMENT_WORDS


def test_the_shipped_regimes_carry_todays_rules_as_their_own():
    for regime in Regime.objects.all():
        for rule in rules.registered():
            assert getattr(regime, rule.field), (regime.code, rule.field)
            assert rule.of(regime) == rule.of(None)  # the same as the named default
        assert regime.fallback_budget_years == 3


def test_a_regime_without_its_own_rules_follows_the_named_defaults():
    regime = Regime(code="t", name_th="ทดสอบ", span_years=3)
    assert regime.edition_chain == {} and regime.report_periods == []
    regime.clean()  # empty is allowed: it means the default
    assert EDITION_CHAIN.of(regime) == {str(s): tuple(n) for s, n in DEFAULT_EDITION_CHAIN.items()}
    assert PROPOSAL_CHAIN.next_statuses(regime, "idea") == ("full", "rejected")
    assert ACTION_PLAN_CHAIN.next_statuses(regime, "cabinet") == ("budget_bureau",)
    assert REPORT_PERIODS.of(regime) == DEFAULT_REPORT_PERIODS
    assert INVESTMENT_WORDS.of(regime) == DEFAULT_INVESTMENT_WORDS
    assert regime.fallback_budget_years == 3


@pytest.mark.parametrize(
    "field, value, fragment",
    [
        ("edition_chain", ["draft"], "Write the chain"),
        ("edition_chain", {"drafted": ["consulted"]}, "drafted"),
        ("edition_chain", {"draft": ["published"]}, "published"),
        ("edition_chain", {"draft": "consulted"}, "must be a list"),
        ("edition_chain", {"draft": ["draft"]}, "follow itself"),
        ("proposal_chain", {"idea": ["cabinet"]}, "cabinet"),  # an edition's, not a proposal's
        ("action_plan_chain", {"draft": ["full"]}, "full"),
        ("report_periods", {"H1": 6}, "Write the periods"),
        ("report_periods", [{"code": "H 1", "name_th": "ครึ่งปี", "months": 6}], "H 1"),
        ("report_periods", [{"code": "Q", "name_th": "ไตรมาส", "months": 13}], "13"),
        ("report_periods", [{"code": "Q", "name_th": "ไตรมาส", "months": "3"}], "1 to 12"),
        ("report_periods", [{"code": "Q", "name_th": "", "months": 3}], "Write the periods"),
        ("report_periods", [QUARTERS[0], QUARTERS[0]], "repeated"),
        ("investment_words", "ก่อสร้าง", "Write the words"),
        ("investment_words", ["ก่อสร้าง", " "], "Write the words"),
    ],
)
def test_the_secretariat_cannot_save_a_rule_that_makes_no_sense(field, value, fragment):
    regime = current()
    setattr(regime, field, value)
    with translation.override("en"):  # the fragments are the English source strings
        with pytest.raises(ValidationError) as raised:
            regime.full_clean()
        messages = {
            name: [str(m) for m in found] for name, found in raised.value.message_dict.items()
        }
    assert set(messages) == {field}
    assert any(fragment in message for message in messages[field]), messages


def test_budget_years_without_a_plan_are_at_least_one():
    regime = current()
    regime.fallback_budget_years = 0
    with pytest.raises(ValidationError) as raised:
        regime.full_clean()
    assert set(raised.value.message_dict) == {"fallback_budget_years"}


# --------------------------------------------------------------------------- the admin


def form_data(form) -> dict[str, str]:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, dict | list):
            data[name] = json.dumps(value, ensure_ascii=False)
        elif value is not None:
            data[name] = str(value)
    return data


def test_the_secretariat_edits_the_rules_in_the_admin_beside_their_defaults(demo_user):
    client = Client()
    client.force_login(demo_user("secretariat"))
    regime = current()
    url = f"/admin/cycles/regime/{regime.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    for rule in rules.registered():
        assert rule.describe_default() in str(form.fields[rule.field].help_text)
    assert "draft → consulted" in page.content.decode()
    assert "ท่อระบายน้ำ" in page.content.decode()

    data = form_data(form)
    data["edition_chain"] = json.dumps({"draft": ["cabinet"]})
    refused = client.post(url, {**data, "report_periods": '[{"code": "Q1", "months": 3}]'})
    assert refused.status_code == 200  # shown again with the problem
    assert "เขียนรอบการรายงานในรูปแบบ" in str(refused.context["adminform"].form.errors)
    regime.refresh_from_db()
    assert regime.edition_chain == json.loads(json.dumps(DEFAULT_EDITION_CHAIN))

    data["report_periods"] = json.dumps(QUARTERS, ensure_ascii=False)
    data["investment_words"] = json.dumps(["ครุภัณฑ์"], ensure_ascii=False)
    data["fallback_budget_years"] = "5"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    regime.refresh_from_db()
    assert EDITION_CHAIN.next_statuses(regime, "draft") == ("cabinet",)
    assert [p.code for p in REPORT_PERIODS.of(regime)] == ["Q1", "Q2", "Q3", "Q4"]
    assert INVESTMENT_WORDS.of(regime) == ("ครุภัณฑ์",)
    assert regime.fallback_budget_years == 5


def test_a_provincial_officer_cannot_change_the_rules(demo_user):
    user = demo_user("rayong")
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    regime = current()
    client.post(f"/admin/cycles/regime/{regime.pk}/change/", {"edition_chain": "{}"})
    regime.refresh_from_db()
    assert regime.edition_chain


# --------------------------------------------------------------------------- the loader


def test_the_loader_fills_empty_rules_and_keeps_the_secretariats():
    from oneplan.areas.reference import LoadReport

    regime = current()
    regime.proposal_chain = {}
    regime.report_periods = QUARTERS
    regime.save()
    report = LoadReport()
    load_regimes(report)
    regime.refresh_from_db()
    assert regime.proposal_chain == json.loads(json.dumps(PROPOSAL_CHAIN.default))
    assert [p["code"] for p in regime.report_periods] == ["Q1", "Q2", "Q3", "Q4"]
    again = LoadReport()
    load_regimes(again)
    regime.refresh_from_db()
    assert [p["code"] for p in regime.report_periods] == ["Q1", "Q2", "Q3", "Q4"]


def test_the_loader_refuses_a_data_file_with_a_broken_rule(monkeypatch):
    from oneplan.areas.reference import LoadReport
    from oneplan.cycles import reference

    regime = current()
    regime.edition_chain = {}
    regime.save()
    rows = reference.read_csv("regimes.csv", reference.DATA_DIR)
    for row in rows:
        row["edition_chain"] = '{"draft": ["nowhere"]}'
    monkeypatch.setattr(reference, "read_csv", lambda *args: rows)
    with pytest.raises(ValueError, match="nowhere"):
        load_regimes(LoadReport())


# --------------------------------------------------------------------------- report periods


@given(year=st.integers(min_value=2500, max_value=2700), months=st.integers(1, 12))
def test_a_period_ends_on_the_last_day_of_its_month_of_the_fiscal_year(year, months):
    end = period_end(year, months)
    assert (end + timedelta(days=1)).day == 1  # the last day of a month
    first = date(year - 543 - 1, 10, 1)
    assert first <= end <= date(year - 543, 9, 30)
    assert (end.year - first.year) * 12 + end.month - first.month == months - 1
    if months > 1:
        assert period_end(year, months - 1) < end


def test_the_default_periods_end_on_31_march_and_30_september():
    assert [period_end(2569, p.months) for p in DEFAULT_REPORT_PERIODS] == [
        date(2026, 3, 31),
        date(2026, 9, 30),
    ]


def test_a_regime_with_quarterly_reports_puts_four_reporting_steps_in_the_calendar(demo_user):
    calendar = Calendar.objects.filter(area_id="21", copied_from__isnull=False).first()
    regime = calendar.cycle.regime
    regime.report_periods = QUARTERS
    regime.save()
    from oneplan.cycles import calendars

    made = calendars.add_reporting_steps(demo_user("rayong"), calendar)
    year = calendar.cycle.fiscal_year_be - 543
    assert [(s.start, s.end) for s in made] == [
        (date(year, 1, 1), date(year, 1, 31)),
        (date(year, 4, 1), date(year, 4, 30)),
        (date(year, 7, 1), date(year, 7, 31)),
        (date(year, 10, 1), date(year, 10, 31)),
    ]
    assert "ไตรมาสที่ 1" in made[0].action


def test_a_period_is_named_in_the_language_of_the_page():
    from django.utils import translation

    period = ReportPeriod(code="H1", name_th="รอบ 6 เดือน", name_en="Six-monthly", months=6)
    with translation.override("en"):
        assert period.name == "Six-monthly"
    with translation.override("th"):
        assert period.name == "รอบ 6 เดือน"
    assert ReportPeriod(code="x", name_th="พิเศษ", months=3).name == "พิเศษ"


def test_report_periods_of_a_cycle_follow_its_regime():
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    assert report_periods.report_periods(cycle) == DEFAULT_REPORT_PERIODS
    cycle.regime.report_periods = QUARTERS[:1]
    assert [p.code for p in report_periods.report_periods(cycle)] == ["Q1"]
    assert report_periods.report_period(cycle, "H1") is None


@pytest.mark.django_db
def test_a_regime_takes_the_clusters_of_its_own_set_and_any_when_it_names_none():
    from oneplan.areas.models import Cluster

    regime = Regime.objects.get(code="2551")
    old = Cluster.objects.filter(regime=regime.cluster_regime).first()
    new = Cluster.objects.exclude(regime=regime.cluster_regime).first()
    assert regime.takes_cluster(old) and not regime.takes_cluster(new)
    regime.cluster_regime = None
    assert regime.takes_cluster(old) and regime.takes_cluster(new)


def test_every_regime_without_rules_refuses_as_a_broken_rule():
    """Both refusals share one shape: a ValidationError naming the regime, with its code."""
    from oneplan.plans.quality import NoCheckRules
    from oneplan.projects.screening import NoEligibilityRules

    regime = Regime(code="T-EMPTY", name_th="ชุดหลักเกณฑ์ใหม่ (ทดสอบ)")
    for refusal in (
        NoCheckRules(regime),
        NoEligibilityRules(type("RuleSet", (), {"regime_name": "", "regime_code": "T-EMPTY"})()),
    ):
        assert isinstance(refusal, rules.RegimeWithoutRules)
        assert isinstance(refusal, ValidationError) and refusal.regime_code == "T-EMPTY"
        assert refusal.code in ("no_check_rules", "no_eligibility_rules")
    assert "ชุดหลักเกณฑ์ใหม่ (ทดสอบ)" in NoCheckRules(regime).messages[0]
