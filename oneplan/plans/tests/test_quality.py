"""The automatic plan check (oneplan.plans.quality), against the real reference data.

Every DB test builds the factory plan once, makes one small defect and checks what the
check says about it. The scoring properties are tested on the pure function, without DB.
"""

from __future__ import annotations

import csv
import json
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pythainlp.tokenize import word_tokenize

from oneplan.cycles.models import Regime
from oneplan.plans import quality
from oneplan.plans.models import (
    BaselineFigure,
    CheckRule,
    Goal,
    Indicator,
    IndicatorTarget,
    Plan,
    PlanEdition,
    PlanKind,
    PlanProject,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
)
from oneplan.plans.quality import (
    RULES,
    CheckResult,
    Finding,
    check_edition,
    count_words,
    grade_for,
    plan_score,
    run_rule,
)
from oneplan.plans.reference import DATA_DIR
from oneplan.plans.tests.factories import east1, make_plan

db = pytest.mark.django_db


# --------------------------------------------------------------------------- helpers


def link_to_cluster(plan: Plan) -> None:
    """Link every issue of a provincial plan to an issue of a (minimal) cluster plan.

    `make_plan()` leaves provincial issues unlinked, which PC-ISSUE-NO-CLUSTER-LINK reports.
    """
    cluster_plan = Plan.objects.create(
        kind=PlanKind.CLUSTER,
        cluster=east1(),
        regime=plan.regime,
        first_year_be=plan.first_year_be,
        last_year_be=plan.last_year_be,
        title="แผนพัฒนากลุ่มจังหวัด (ทดสอบ)",
    )
    cluster_edition = PlanEdition.objects.create(plan=cluster_plan, number=0)
    cluster_issue = StrategicIssue.objects.create(
        edition=cluster_edition, priority=1, title="ประเด็นของกลุ่มจังหวัด"
    )
    for issue in StrategicIssue.objects.filter(edition__plan=plan):
        issue.cluster_issues.add(cluster_issue)


def clean_edition() -> PlanEdition:
    """The factory plan's edition, with its issues linked to a cluster plan: no defects."""
    plan = make_plan()
    link_to_cluster(plan)
    return plan.editions.get()


def fresh(edition: PlanEdition) -> PlanEdition:
    """The edition re-read, so that a regime changed in the test is seen."""
    return PlanEdition.objects.select_related("plan__regime").get(pk=edition.pk)


def regime_rule(edition: PlanEdition, code: str) -> CheckRule:
    return CheckRule.objects.get(regime=edition.plan.regime, code=code)


def issue(edition: PlanEdition, priority: int) -> StrategicIssue:
    return StrategicIssue.objects.get(edition=edition, priority=priority)


def indicator(edition: PlanEdition, number: str = "1.1.1") -> Indicator:
    return Indicator.objects.get(edition=edition, number=number)


def update(obj, **changes) -> None:
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()


def findings_of(result: CheckResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == code]


def rule_result(result: CheckResult, code: str) -> quality.RuleResult:
    return next(r for r in result.rules if r.code == code)


def csv_codes() -> list[str]:
    with (DATA_DIR / "check_rules.csv").open(encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f)]


# --------------------------------------------------------------------------- a clean plan


@db
def test_clean_factory_plan_scores_100_and_grades_very_good():
    edition = clean_edition()
    result = check_edition(edition)
    enabled = CheckRule.objects.filter(regime=edition.plan.regime, enabled=True)

    assert result.findings == []
    assert result.score == 100.0
    assert result.grade == "very_good"
    assert result.grade_label == "ดีมาก"
    assert result.edition_id == edition.pk
    assert [r.code for r in result.rules] == list(
        enabled.order_by("order").values_list("code", flat=True)
    )
    assert all(r.failed == 0 and r.score == r.weight for r in result.rules)
    # Every component rule looked at something: the factory plan has every component kind.
    assert all(r.examined > 0 for r in result.rules)


@db
def test_clean_cluster_plan_skips_the_cluster_link_rule():
    plan = make_plan(cluster=east1())
    result = check_edition(plan.editions.get())

    assert result.findings == []
    assert result.score == 100.0
    link = rule_result(result, "PC-ISSUE-NO-CLUSTER-LINK")
    assert (link.examined, link.failed, link.score) == (0, 0, link.weight)


@db
def test_factory_provincial_plan_without_cluster_links_is_reported():
    edition = make_plan().editions.get()
    result = check_edition(edition)

    assert {f.rule for f in result.findings} == {"PC-ISSUE-NO-CLUSTER-LINK"}
    assert len(result.findings) == 2
    assert result.score < 100.0


# --------------------------------------------------------------------------- each rule


@dataclass(frozen=True)
class Expect:
    anchor: str
    words: tuple[str, ...]  # what the Thai message must say (the component, the detail)
    also: frozenset[str] = frozenset()  # other rules the same defect rightly trips


def _vision_missing(e: PlanEdition) -> Expect:
    update(e, vision="  ")
    return Expect("section-vision", ("วิสัยทัศน์",))


def _vision_length(e: PlanEdition) -> Expect:
    update(e, vision="ระยองน่าอยู่")
    return Expect("section-vision", ("วิสัยทัศน์", f"{count_words(e.vision)} คำ", "8 คำ"))


def _mission_missing(e: PlanEdition) -> Expect:
    update(e, mission="\n \n")
    return Expect("section-mission", ("พันธกิจ",))


def _general_info_missing(e: PlanEdition) -> Expect:
    update(e, general_info="")
    return Expect("section-general", ("ข้อมูลสภาพทั่วไป", "จังหวัด"))


def _baseline_dimension(e: PlanEdition) -> Expect:
    BaselineFigure.objects.filter(edition=e, dimension="security").delete()
    return Expect("section-baseline", ("ข้อมูลพื้นฐาน", "ความมั่นคง"))


def _no_past_performance(e: PlanEdition) -> Expect:
    update(e, past_performance="")
    return Expect("section-past", ("ผลการดำเนินงานที่ผ่านมา",))


def _swot_incomplete(e: PlanEdition) -> Expect:
    SwotItem.objects.filter(edition=e, kind="T").delete()
    return Expect("section-swot", ("SWOT", "อุปสรรค"))


def _swot_no_evidence(e: PlanEdition) -> Expect:
    item = SwotItem.objects.get(edition=e, kind="S")
    update(item, evidence="")
    return Expect(f"swotitem-{item.pk}", ("“จุดแข็ง: ปัจจัย S”", "ข้อมูลสนับสนุน"))


def _no_tows(e: PlanEdition) -> Expect:
    TowsStrategy.objects.filter(edition=e).delete()
    return Expect("section-tows", ("TOWS",))


def _no_positioning(e: PlanEdition) -> Expect:
    Positioning.objects.filter(edition=e, dimension="management").delete()
    return Expect("section-positioning", ("Positioning", "การบริหารจัดการ"))


def _issues_missing(e: PlanEdition) -> Expect:
    Indicator.objects.filter(edition=e).delete()
    StrategicIssue.objects.filter(edition=e).delete()
    return Expect("section-issues", ("ประเด็นยุทธศาสตร์",))


def _issue_priority(e: PlanEdition) -> Expect:
    update(issue(e, 2), priority=3)
    return Expect("section-issues", ("1, 3", "ลำดับที่ขาดไป: 2", "1 ถึง 2"))


def _issue_no_category(e: PlanEdition) -> Expect:
    first = issue(e, 1)
    update(first, category=None)
    return Expect(f"strategicissue-{first.pk}", ("“1. ประเด็นยุทธศาสตร์ที่ 1", "หมวด"))


def _issue_no_alignment(e: PlanEdition) -> Expect:
    first = issue(e, 1)
    first.alignments.clear()
    return Expect(f"strategicissue-{first.pk}", ("“1. ประเด็นยุทธศาสตร์ที่ 1", "ยุทธศาสตร์ชาติ"))


def _issue_no_cluster_link(e: PlanEdition) -> Expect:
    second = issue(e, 2)
    second.cluster_issues.clear()
    return Expect(f"strategicissue-{second.pk}", ("“2. ประเด็นยุทธศาสตร์ที่ 2", "กลุ่มจังหวัด"))


def _issue_no_goal(e: PlanEdition) -> Expect:
    first = issue(e, 1)
    Goal.objects.filter(issue=first).update(issue=issue(e, 2))
    return Expect(f"strategicissue-{first.pk}", ("“1. ประเด็นยุทธศาสตร์ที่ 1", "เป้าประสงค์"))


def _goal_no_indicator(e: PlanEdition) -> Expect:
    goal = Goal.objects.get(edition=e, number="1.1")
    update(indicator(e, "1.1.1"), goal=Goal.objects.get(edition=e, number="2.1"))
    return Expect(f"goal-{goal.pk}", ("เป้าประสงค์ “1.1 เป้าประสงค์ 1.1”", "ตัวชี้วัด"))


def _indicator_no_goal(e: PlanEdition) -> Expect:
    source = indicator(e)
    orphan = Indicator.objects.create(
        edition=e,
        goal=None,
        number="9.9.9",
        name="จำนวนวิสาหกิจชุมชนที่ได้รับการพัฒนา",
        unit="แห่ง",
        baseline=Decimal(10),
        data_source="สำนักงานเกษตรจังหวัด",
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=orphan, year_be=t.year_be, value=t.value)
        for t in source.targets.all()
    )
    return Expect(f"indicator-{orphan.pk}", ("ตัวชี้วัด “9.9.9 จำนวนวิสาหกิจชุมชน", "เป้าประสงค์"))


def _indicator_no_target(e: PlanEdition) -> Expect:
    target = indicator(e)
    years = e.plan.years
    target.targets.filter(year_be__in=years[1:3]).delete()
    return Expect(
        f"indicator-{target.pk}",
        ("ตัวชี้วัด “1.1.1 ร้อยละของครัวเรือน", f"พ.ศ. {years[1]}, {years[2]} ", str(years[-1])),
    )


def _indicator_no_baseline(e: PlanEdition) -> Expect:
    target = indicator(e, "2.1.1")
    update(target, baseline=None)
    return Expect(f"indicator-{target.pk}", ("ตัวชี้วัด “2.1.1 ร้อยละของครัวเรือน", "ค่าฐาน"))


def _indicator_no_source(e: PlanEdition) -> Expect:
    target = indicator(e)
    update(target, data_source=" ")
    return Expect(f"indicator-{target.pk}", ("ตัวชี้วัด “1.1.1", "แหล่งข้อมูล"))


def _indicator_external(e: PlanEdition) -> Expect:
    target = indicator(e)
    update(target, name="อัตราการขยายตัวของ gpp ภาคเกษตร")  # the rule's term is "GPP"
    return Expect(f"indicator-{target.pk}", ("ตัวชี้วัด “1.1.1 อัตราการขยายตัว", "“GPP”"))


def _issue_no_strategy(e: PlanEdition) -> Expect:
    first = issue(e, 1)
    Strategy.objects.filter(issue=first).update(issue=issue(e, 2))
    # Its project now sits under issue 2, so top issue 1 also has no budgeted project.
    return Expect(
        f"strategicissue-{first.pk}",
        ("“1. ประเด็นยุทธศาสตร์ที่ 1", "กลยุทธ์"),
        frozenset({"PC-TOP-ISSUE-NO-BUDGET"}),
    )


def _strategy_no_project(e: PlanEdition) -> Expect:
    strategy = Strategy.objects.create(
        edition=e, issue=issue(e, 1), number="1.2", text="ยกระดับมาตรฐานสินค้าเกษตร"
    )
    return Expect(f"strategy-{strategy.pk}", ("กลยุทธ์ “1.2 ยกระดับมาตรฐาน", "โครงการ"))


def _top_issue_no_budget(e: PlanEdition) -> Expect:
    first = issue(e, 1)
    PlanProject.objects.filter(strategy__issue=first).update(budget=Decimal(0))
    return Expect(f"strategicissue-{first.pk}", ("ลำดับที่ 1 “1. ประเด็นยุทธศาสตร์ที่ 1", "งบประมาณ"))


DEFECTS: dict[str, Callable[[PlanEdition], Expect]] = {
    "PC-VISION-MISSING": _vision_missing,
    "PC-VISION-LENGTH": _vision_length,
    "PC-MISSION-MISSING": _mission_missing,
    "PC-GENERAL-INFO-MISSING": _general_info_missing,
    "PC-BASELINE-DIMENSION": _baseline_dimension,
    "PC-NO-PAST-PERFORMANCE": _no_past_performance,
    "PC-SWOT-INCOMPLETE": _swot_incomplete,
    "PC-SWOT-NO-EVIDENCE": _swot_no_evidence,
    "PC-NO-TOWS": _no_tows,
    "PC-NO-POSITIONING": _no_positioning,
    "PC-ISSUES-MISSING": _issues_missing,
    "PC-ISSUE-PRIORITY": _issue_priority,
    "PC-ISSUE-NO-CATEGORY": _issue_no_category,
    "PC-ISSUE-NO-ALIGNMENT": _issue_no_alignment,
    "PC-ISSUE-NO-CLUSTER-LINK": _issue_no_cluster_link,
    "PC-ISSUE-NO-GOAL": _issue_no_goal,
    "PC-GOAL-NO-INDICATOR": _goal_no_indicator,
    "PC-INDICATOR-NO-GOAL": _indicator_no_goal,
    "PC-INDICATOR-NO-TARGET": _indicator_no_target,
    "PC-INDICATOR-NO-BASELINE": _indicator_no_baseline,
    "PC-INDICATOR-NO-SOURCE": _indicator_no_source,
    "PC-INDICATOR-EXTERNAL": _indicator_external,
    "PC-ISSUE-NO-STRATEGY": _issue_no_strategy,
    "PC-STRATEGY-NO-PROJECT": _strategy_no_project,
    "PC-TOP-ISSUE-NO-BUDGET": _top_issue_no_budget,
}


def test_every_rule_has_a_defect_case():
    assert set(DEFECTS) == set(RULES)


@db
@pytest.mark.parametrize("code", list(DEFECTS))
def test_rule_fires_on_a_minimal_defect(code):
    edition = clean_edition()
    expect = DEFECTS[code](edition)
    result = check_edition(fresh(edition))

    assert {f.rule for f in result.findings} == {code} | expect.also
    [finding] = findings_of(result, code)
    row = regime_rule(edition, code)
    assert finding.severity == row.severity
    assert finding.anchor == expect.anchor
    if expect.anchor.startswith("section-"):
        assert (finding.component, finding.component_id) == ("edition", edition.pk)
    else:
        model, pk = expect.anchor.rsplit("-", 1)
        assert (finding.component, finding.component_id) == (model, int(pk))
        assert f"“{finding.label}”" in finding.message  # the message names the component
    for words in expect.words:
        assert words in finding.message, finding.message
    assert "ให้" in finding.message  # ... and says what to do

    ran = rule_result(result, code)
    assert ran.failed == 1
    assert ran.score == round(row.weight * (1 - 1 / ran.examined), 2)
    assert result.score < 100.0


@db
def test_one_finding_per_missing_dimension():
    edition = clean_edition()
    BaselineFigure.objects.filter(edition=edition, dimension__in=["society", "security"]).delete()
    result = check_edition(edition)

    found = findings_of(result, "PC-BASELINE-DIMENSION")
    assert [f.label for f in found] == ["ข้อมูลพื้นฐานด้านสังคม", "ข้อมูลพื้นฐานด้านความมั่นคง"]
    ran = rule_result(result, "PC-BASELINE-DIMENSION")
    assert (ran.examined, ran.failed) == (4, 2)


@db
def test_duplicate_priorities_are_named():
    edition = clean_edition()
    update(issue(edition, 2), priority=1)
    [finding] = findings_of(check_edition(edition), "PC-ISSUE-PRIORITY")
    assert "ลำดับที่ซ้ำกัน: 1" in finding.message
    assert "ลำดับที่ขาดไป: 2" in finding.message


@db
def test_vision_too_long_says_how_many_words():
    edition = clean_edition()
    update(edition, vision=" ".join(["จังหวัดน่าอยู่"] * 30))
    [finding] = findings_of(check_edition(edition), "PC-VISION-LENGTH")
    assert f"ยาว {count_words(edition.vision)} คำ" in finding.message
    assert "ไม่เกิน 40 คำ" in finding.message


@db
def test_uncontrollable_indicator_without_a_listed_term():
    edition = clean_edition()
    target = indicator(edition)
    update(target, controllable=False)
    [finding] = findings_of(check_edition(edition), "PC-INDICATOR-EXTERNAL")
    assert finding.anchor == f"indicator-{target.pk}"
    assert "ไม่สามารถส่งผลได้" in finding.message


@db
def test_a_missing_vision_is_not_also_counted_as_too_short():
    edition = clean_edition()
    update(edition, vision="")
    result = check_edition(edition)
    assert {f.rule for f in result.findings} == {"PC-VISION-MISSING"}
    assert rule_result(result, "PC-VISION-LENGTH").examined == 0


@db
def test_an_empty_edition_fails_every_plan_level_rule():
    """docs/plan-check.md: component rules examine nothing, so an empty plan is not 0."""
    plan = make_plan()
    edition = PlanEdition.objects.create(plan=plan, number=1, review_year_be=plan.first_year_be)
    result = check_edition(edition)

    failed = {r.code for r in result.rules if r.failed}
    assert failed == {
        "PC-VISION-MISSING",
        "PC-MISSION-MISSING",
        "PC-GENERAL-INFO-MISSING",
        "PC-BASELINE-DIMENSION",
        "PC-NO-PAST-PERFORMANCE",
        "PC-SWOT-INCOMPLETE",
        "PC-NO-TOWS",
        "PC-NO-POSITIONING",
        "PC-ISSUES-MISSING",
    }
    assert len(findings_of(result, "PC-BASELINE-DIMENSION")) == 4
    assert len(findings_of(result, "PC-SWOT-INCOMPLETE")) == 4
    # The score alone would say พอใช้; the two gate rules (no vision, no strategic issue)
    # cap the grade at ต้องปรับปรุง.
    assert result.score == 63.3
    assert result.gated_by == ["PC-VISION-MISSING", "PC-ISSUES-MISSING"]
    assert (result.grade, result.grade_label) == ("needs_work", "ต้องปรับปรุง")
    assert result.counts() == {"error": 2, "warning": 11, "advice": 5}


@db
def test_a_gate_is_a_rule_parameter_the_secretariat_can_remove():
    plan = make_plan()
    edition = PlanEdition.objects.create(plan=plan, number=1, review_year_be=plan.first_year_be)
    plan.regime.rules.filter(params__gate=True).update(params={})
    result = check_edition(edition)
    assert result.gated_by == [] and result.grade_label == "พอใช้"


# --------------------------------------------------------------------------- rules are data


@db
def test_disabled_rule_does_not_run():
    edition = clean_edition()
    update(edition, vision="")
    CheckRule.objects.filter(
        regime=edition.plan.regime, code__in=["PC-VISION-MISSING", "PC-VISION-LENGTH"]
    ).update(enabled=False)
    result = check_edition(edition)

    assert result.findings == []
    assert result.score == 100.0
    assert "PC-VISION-MISSING" not in {r.code for r in result.rules}


@db
def test_weight_changes_the_score_as_the_formula_says():
    edition = clean_edition()
    _goal_no_indicator(edition)  # one goal of two fails
    rules = CheckRule.objects.filter(regime=edition.plan.regime, enabled=True)
    rule = rules.get(code="PC-GOAL-NO-INDICATOR")

    def expected(weight: int) -> float:
        total = sum(r.weight for r in rules if r.code != rule.code) + weight
        return math.floor(1000 * (total - weight / 2) / total) / 10

    before = check_edition(edition)
    assert before.score == expected(rule.weight)
    assert rule_result(before, rule.code).score == rule.weight / 2

    update(rule, weight=60)
    after = check_edition(edition)
    assert after.score == expected(60)
    assert rule_result(after, rule.code).score == 30
    assert after.score < before.score
    [as_data] = [r for r in after.as_dict()["rules"] if r["code"] == rule.code]
    assert as_data["weight"] == 60


@db
def test_severity_and_params_come_from_the_database():
    edition = clean_edition()
    length = regime_rule(edition, "PC-VISION-LENGTH")
    update(length, params={"min_words": 50, "max_words": 80}, severity="error")
    external = regime_rule(edition, "PC-INDICATOR-EXTERNAL")
    update(external, params={"terms": ["ครัวเรือน"]})
    result = check_edition(edition)

    [vision] = findings_of(result, "PC-VISION-LENGTH")
    assert vision.severity == "error"
    assert "อย่างน้อย 50 คำ" in vision.message
    assert len(findings_of(result, "PC-INDICATOR-EXTERNAL")) == 2


@db
def test_grade_threshold_from_the_regime():
    edition = clean_edition()
    _goal_no_indicator(edition)
    score = check_edition(fresh(edition)).score
    assert 85 <= score < 100
    assert check_edition(fresh(edition)).grade == "very_good"

    Regime.objects.filter(pk=edition.plan.regime_id).update(grade_very_good=math.ceil(score) + 1)
    result = check_edition(fresh(edition))
    assert (result.grade, result.grade_label) == ("good", "ดี")

    Regime.objects.filter(pk=edition.plan.regime_id).update(
        grade_very_good=100, grade_good=100, grade_fair=100
    )
    assert check_edition(fresh(edition)).grade_label == "ต้องปรับปรุง"


def test_grade_bands():
    regime = Regime(grade_very_good=85, grade_good=70, grade_fair=50)
    assert [grade_for(s, regime) for s in (100, 85, 84.9, 70, 69.9, 50, 49.9, 0)] == [
        "very_good",
        "very_good",
        "good",
        "good",
        "fair",
        "fair",
        "needs_work",
        "needs_work",
    ]


@db
def test_unknown_rule_code_in_the_database_is_skipped():
    edition = clean_edition()
    CheckRule.objects.create(
        regime=edition.plan.regime, code="PC-NOT-YET", title_th="กฎใหม่", severity="error", weight=50
    )
    result = check_edition(edition)
    assert result.score == 100.0
    assert "PC-NOT-YET" not in {r.code for r in result.rules}


# --------------------------------------------------------------------------- the catalogue


def test_every_catalogue_code_has_a_function_and_vice_versa():
    codes = csv_codes()
    assert len(codes) == len(set(codes)) == 25
    assert set(codes) == set(RULES)


@db
def test_every_regime_rule_has_a_function():
    assert set(CheckRule.objects.values_list("code", flat=True)) <= set(RULES)


# --------------------------------------------------------------------------- Thai words


def test_vision_words_are_counted_with_pythainlp():
    sentence = "ประชาชนมีคุณภาพชีวิตที่ดีและเศรษฐกิจเติบโตอย่างยั่งยืน"  # no spaces
    tokens = word_tokenize(sentence, engine="newmm", keep_whitespace=False)
    assert count_words(sentence) == len(tokens) == 10  # the example in docs/plan-check.md


def test_punctuation_is_not_a_word():
    assert count_words("เมืองน่าอยู่ๆ, สะอาด! (ปลอดภัย)") == 4
    assert count_words("Smart City 2570 ๒๕๗๐") == 4
    assert count_words("  ") == 0


@db
def test_a_vision_without_spaces_is_long_enough():
    edition = clean_edition()
    update(edition, vision="ประชาชนมีคุณภาพชีวิตที่ดีและเศรษฐกิจเติบโตอย่างยั่งยืน")
    assert findings_of(check_edition(edition), "PC-VISION-LENGTH") == []


# --------------------------------------------------------------------------- API


@db
def test_as_dict_is_json_ready_and_links_to_the_component():
    edition = clean_edition()
    expect = _goal_no_indicator(edition)
    result = check_edition(edition)
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))

    assert data["edition_id"] == edition.pk
    assert data["grade_label"] == result.grade_label
    assert data["counts"] == {"error": 1, "warning": 0, "advice": 0}
    assert data["findings"][0]["anchor"] == expect.anchor
    assert len(data["rules"]) == len(result.rules)
    url = result.url_for(result.findings[0], "/plans/editions/7/")
    assert url == f"/plans/editions/7/#{expect.anchor}"
    assert result.url_for(result.findings[0], "/plans/editions/7/#top") == url


@db
def test_run_rule_alone():
    edition = clean_edition()
    update(edition, vision="ระยอง")
    examined, findings = run_rule("PC-VISION-LENGTH", edition, {"min_words": 3})
    assert examined == 1
    assert [f.severity for f in findings] == [regime_rule(edition, "PC-VISION-LENGTH").severity]
    assert run_rule("PC-VISION-LENGTH", edition, {}, severity="advice") == (1, [])
    with pytest.raises(KeyError):
        run_rule("PC-NO-SUCH-RULE", edition, {})


@db
def test_queries_do_not_grow_with_the_plan(django_assert_max_num_queries):
    """One query per component type: 400 indicators cost what 2 do."""
    edition = clean_edition()
    goal = Goal.objects.filter(edition=edition).first()
    years = edition.plan.years
    many = Indicator.objects.bulk_create(
        Indicator(
            edition=edition,
            goal=goal if n % 2 else None,
            key=uuid.uuid4(),
            number=f"1.1.{n + 2}",
            name=f"ตัวชี้วัดที่ {n}",
            unit="ร้อยละ",
            data_source="จังหวัด",
            baseline=Decimal(1),
        )
        for n in range(400)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year_be=y, value=Decimal(5)) for i in many for y in years[:-1]
    )
    count_words("อุ่นเครื่องตัดคำ")  # pythainlp loads its dictionary once per process
    edition = fresh(edition)
    with django_assert_max_num_queries(16):
        start = time.perf_counter()
        result = check_edition(edition)
        elapsed = time.perf_counter() - start

    assert len(findings_of(result, "PC-INDICATOR-NO-GOAL")) == 200
    assert len(findings_of(result, "PC-INDICATOR-NO-TARGET")) == 400
    assert elapsed < 2.0  # well under a second in practice; generous for slow CI machines


# --------------------------------------------------------------------------- scoring


@st.composite
def rule_parts(draw) -> tuple[int, int, int]:
    weight = draw(st.integers(min_value=1, max_value=100))
    examined = draw(st.integers(min_value=0, max_value=500))
    failed = draw(st.integers(min_value=0, max_value=examined))
    return weight, examined, failed


@given(st.lists(rule_parts(), max_size=30))
def test_score_is_within_0_and_100_and_100_only_without_failures(parts):
    score = plan_score(parts)
    assert 0.0 <= score <= 100.0
    assert round(score, 1) == score
    assert (score == 100.0) == all(failed == 0 for _, _, failed in parts)


@given(st.lists(rule_parts(), min_size=1, max_size=30), st.data())
def test_one_more_failure_never_raises_the_score(parts, data):
    open_rules = [i for i, (_, examined, failed) in enumerate(parts) if failed < examined]
    if not open_rules:
        return
    i = data.draw(st.sampled_from(open_rules))
    weight, examined, failed = parts[i]
    worse = [*parts[:i], (weight, examined, failed + 1), *parts[i + 1 :]]
    assert plan_score(worse) <= plan_score(parts)


def test_score_formula_worked_example():
    # docs/plan-check.md: 1 of 4 goals without indicator, 2 of 8 SWOT items without
    # evidence, no past performance; the other rules (weight 102) pass.
    example = [(8, 4, 1), (5, 8, 2), (5, 1, 1), (102, 1, 0)]
    assert plan_score(example) == 93.1
    # ... and the vision deleted too: 84.79 shows as 84.7 (rounded down), so ดี.
    without_vision = [(8, 4, 1), (5, 8, 2), (5, 1, 1), (10, 1, 1), (4, 0, 0), (88, 1, 0)]
    assert plan_score(without_vision) == 84.7
    assert plan_score([(10, 1, 0), (8, 4, 1), (2, 0, 0)]) == 90.0
    assert plan_score([]) == 100.0
    assert plan_score([(0, 3, 3)]) == 100.0  # nothing weighs: nothing to lose
