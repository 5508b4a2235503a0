"""Automatic screening: the eligibility rules as data, main purpose, Thai word matching,
alignment with the regime's top priorities, automatic scores and the weighted score."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pythainlp.tokenize import word_tokenize

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle, Regime
from oneplan.plans.models import StrategicIssue
from oneplan.projects import reference
from oneplan.projects.models import (
    BudgetLine,
    Criterion,
    EligibilityRule,
    ProjectTag,
    Proposal,
    ProposalOutput,
    ProposalStatus,
    ScreeningResult,
)
from oneplan.projects.screening import (
    CHECK,
    INELIGIBLE,
    OK,
    AutoScore,
    ProposalFacts,
    facts_from_draft,
    facts_of,
    rules_for,
    screen,
    screen_proposal,
    split_objectives,
    weighted_score,
)

REAL_CSV = Path(__file__).resolve().parents[1] / "data/real/local_plan_nakhonsawan_2566_2570.csv"
EQUIPMENT = "NE-EQUIPMENT-DREDGING"
STUDY = "NE-STUDY-TRAINING"
SUB_ACTIVITY = "NE-SUB-ACTIVITY"
MICRO = "NE-MICRO-SPOT"
ROUTINE = "NE-ROUTINE-SERVICE"
SIMILAR = "NE-SIMILAR-APPROVED"
ROAD_WATER = "ROAD-WATER-LINK"
ALL_RULES = {EQUIPMENT, STUDY, SUB_ACTIVITY, MICRO, ROUTINE, SIMILAR, ROAD_WATER}


@pytest.fixture(autouse=True)
def _reference(db):
    # The session fixture may have run before this app had reference data; loading is idempotent.
    reference.load_all()


def regime(code: str = "2566") -> Regime:
    return Regime.objects.get(code=code)


def facts(title: str, **fields) -> ProposalFacts:
    """A plain provincial-budget proposal of FY 2570: 2.5 million baht, nothing else linked."""
    fields.setdefault("funding_channel", "province")
    fields.setdefault("fiscal_year_be", 2570)
    fields.setdefault("budget_lines", ((2570, "operating", Decimal("2500000")),))
    return ProposalFacts(title=title, **fields)


def make_proposal(title: str, **fields) -> Proposal:
    rayong = Area.objects.get(code="21")
    proposal = Proposal.objects.create(
        cycle=Cycle.objects.get(fiscal_year_be=2570),
        level="province",
        province=rayong,
        area=rayong,
        reference_code=fields.pop("reference_code", f"TS-{Proposal.objects.count() + 1:05d}"),
        title=title,
        funding_channel="province",
        proposer_kind="agency",
        **fields,
    )
    return proposal


def top_issue(priority: int) -> StrategicIssue:
    issue = (
        StrategicIssue.objects.filter(edition__plan__province_id="21", priority=priority)
        .order_by("-edition__number")
        .first()
    )
    if issue is None:
        pytest.skip("the Rayong demo plan has no such issue")
    return issue


# --------------------------------------------------------------------------- reference data


def test_rules_and_criteria_are_loaded_for_each_regime_and_a_reload_changes_nothing():
    for code in ("2551", "2566"):
        rules = set(
            EligibilityRule.objects.filter(regime__code=code).values_list("code", flat=True)
        )
        assert rules == ALL_RULES
        criteria = Criterion.objects.filter(regime__code=code)
        assert sum(c.weight for c in criteria) == 100
        assert {c.code for c in criteria if c.automatic} == {
            "necessity",
            "feasibility_time",
            "feasibility_budget",
            "linkage",
            "sufficiency",
        }
        assert all(c.max_score == 5 for c in criteria)
    assert ProjectTag.objects.filter(code__in=["road", "water", "vocational_training"]).count() == 3
    assert not reference.load_all().changed
    # Rule 6 names the Thai Khem Khaeng plan only under the 2551 regime.
    assert "ไทยเข้มแข็ง" in EligibilityRule.objects.get(regime__code="2551", code=SIMILAR).title_th
    assert (
        "ไทยเข้มแข็ง" not in EligibilityRule.objects.get(regime__code="2566", code=SIMILAR).title_th
    )


def test_a_reload_keeps_the_secretariats_tuning():
    rule = EligibilityRule.objects.get(regime__code="2566", code=EQUIPMENT)
    rule.terms, rule.enabled = ["ครุภัณฑ์"], False
    rule.save()
    Criterion.objects.filter(regime__code="2566", code="necessity").update(weight=40)
    reference.load_all()
    rule.refresh_from_db()
    assert rule.terms == ["ครุภัณฑ์"] and rule.enabled is False
    assert Criterion.objects.get(regime__code="2566", code="necessity").weight == 40


# --------------------------------------------------------------------------- the six kinds


@pytest.mark.parametrize(
    ("title", "rule", "word"),
    [
        ("โครงการจัดซื้อครุภัณฑ์คอมพิวเตอร์", EQUIPMENT, "ครุภัณฑ์"),
        ("โครงการขุดลอกคลองส่งน้ำ", EQUIPMENT, "ขุดลอก"),
        ("โครงการศึกษาดูงานผู้นำชุมชน", STUDY, "ศึกษาดูงาน"),
        ("โครงการฝึกอบรมเจ้าหน้าที่ด้านระเบียบงานสารบรรณ", STUDY, "ฝึกอบรม"),
        ("โครงการจ้างที่ปรึกษาศึกษาความเหมาะสมการก่อสร้างอาคาร", STUDY, "ศึกษาความเหมาะสม"),
        ("โครงการจ้างเหมาเก็บขยะมูลฝอยในเขตเทศบาล", ROUTINE, "เก็บขยะ"),
        ("ซ่อมแซมหลังคาอาคารสำนักงานเทศบาล", ROUTINE, "ซ่อมแซม"),
        ("ทาสีภายนอกอาคารเรียน 1 โรงเรียนเทศบาล", ROUTINE, "ทาสี"),
    ],
)
def test_an_ineligible_kind_in_the_title_is_found_with_its_words(title, rule, word):
    result = screen(facts(title), regime())
    finding = result.finding(rule)
    assert finding.verdict == INELIGIBLE
    assert word in finding.words
    assert any(h.term == word and h.field == "title" for h in finding.matches)
    assert word in finding.message and "ชื่อโครงการ" in finding.message
    assert not result.eligible
    others = [f for f in result.eligibility if f.rule != rule]
    assert all(f.verdict != INELIGIBLE for f in others), [(f.rule, f.words) for f in others]


def test_a_sub_activity_needs_two_signals_a_title_starting_with_an_activity_and_a_small_budget():
    small = ((2570, "operating", Decimal("50000")),)
    finding = screen(facts("กิจกรรมรณรงค์ลดขยะในโรงเรียน", budget_lines=small), regime()).finding(
        SUB_ACTIVITY
    )
    assert finding.verdict == INELIGIBLE
    assert {s.signal for s in finding.signals} == {"title_prefix", "small_budget"}
    assert "50,000.00 บาท" in finding.message
    # One signal only: a reviewer should look.
    alone = screen(facts("กิจกรรมรณรงค์ลดขยะในโรงเรียน"), regime()).finding(SUB_ACTIVITY)
    assert alone.verdict == CHECK and "1 จาก 2" in alone.message
    big = screen(facts("โครงการรณรงค์ลดขยะ"), regime()).finding(SUB_ACTIVITY)
    assert big.verdict == OK


def test_a_micro_spot_is_a_lane_in_the_title_at_a_single_village():
    title = "ก่อสร้างถนน ค.ส.ล. ซอยข้างวัดหนองกระทิง"
    village = facts(title, location_count=1, location_levels=("village",))
    finding = screen(village, regime()).finding(MICRO)
    assert finding.verdict == INELIGIBLE and "ซอย" in finding.words
    assert [s.signal for s in finding.signals] == ["single_micro_location"]
    unknown_place = screen(facts(title), regime()).finding(MICRO)
    assert unknown_place.verdict == CHECK
    province_wide = screen(facts(title, whole_area=True, location_count=1), regime())
    assert province_wide.finding(MICRO).verdict == CHECK


def test_similarity_to_an_approved_project_comes_from_the_caller():
    proposal = facts("โครงการยกระดับการผลิตทุเรียนคุณภาพสู่มาตรฐานการส่งออก")
    assert screen(proposal, regime()).finding(SIMILAR).verdict == OK
    similar = [("RY69-AG-01", "โครงการพัฒนาศักยภาพการผลิตทุเรียนคุณภาพเพื่อการส่งออก", 0.82)]
    finding = screen(proposal, regime(), similar_approved=similar).finding(SIMILAR)
    assert finding.verdict == CHECK
    assert "RY69-AG-01" in finding.message and "0.82" in finding.message
    # Below the rule's min_similarity (the similarity search's duplicate threshold): no finding.
    faint = [("RY69-TR-01", "โครงการฟื้นฟูแหล่งท่องเที่ยวชายหาดแม่รำพึง", 0.21)]
    assert screen(proposal, regime(), similar_approved=faint).finding(SIMILAR).verdict == OK


def test_roads_and_water_sources_must_link_to_a_strategic_issue():
    title = "โครงการก่อสร้างถนนลาดยางเชื่อมแหล่งผลิตผลไม้ตำบลเชิงเนิน"
    unlinked = screen(facts(title), regime()).finding(ROAD_WATER)
    assert unlinked.verdict == CHECK
    assert {"ถนน", "ลาดยาง"} <= set(unlinked.words)  # ถนนลาดยาง is one dictionary word
    assert "ประเด็นยุทธศาสตร์" in unlinked.message
    linked = screen(facts(title, issue_priority=3), regime()).finding(ROAD_WATER)
    assert linked.verdict == OK and "ลำดับที่ 3" in linked.message
    tagged = screen(facts("โครงการบริหารจัดการน้ำชุมชน", tags=frozenset({"water"})), regime())
    assert tagged.finding(ROAD_WATER).tags == ("water",)
    assert tagged.finding(ROAD_WATER).verdict == CHECK
    # A walking street is a market, and road safety is not road building.
    assert screen(facts("ถนนคนเดิน"), regime()).finding(ROAD_WATER).verdict == OK
    safety = screen(facts("ชุมชนปลอดภัยร่วมใจลดอุบัติเหตุทางถนน"), regime()).finding(ROAD_WATER)
    assert safety.verdict == OK and safety.lifted_by


# --------------------------------------------------------------------------- exceptions


@pytest.mark.parametrize(
    ("title", "lifting"),
    [
        ("โครงการฝึกอบรมอาชีพการทำขนมไทยแก่ผู้ว่างงาน", "ฝึกอบรมอาชีพ"),
        ("อบรมฝึกและส่งเสริมประสบการณ์ด้านอาชีพเบื้องต้นสำหรับเด็กนอกระบบ", "ด้านอาชีพ"),
        ("โครงการวิจัยแก้ปัญหาดินเค็มในพื้นที่เกษตรกรรม", "วิจัย + ปัญหา"),
        ("โครงการศึกษาความเป็นไปได้และจัดทำแผนแม่บทการท่องเที่ยวจังหวัด", "แผนแม่บท"),
    ],
)
def test_exceptions_lift_study_and_training_and_say_so(title, lifting):
    finding = screen(facts(title), regime()).finding(STUDY)
    assert finding.verdict == OK
    assert finding.words  # the words are still reported
    assert any(lift.startswith(lifting) for lift in finding.lifted_by)
    assert "ข้อยกเว้น" in finding.message


def test_research_without_an_area_problem_is_not_lifted():
    finding = screen(facts("โครงการวิจัยพฤติกรรมผู้บริโภคสินค้าออนไลน์"), regime()).finding(STUDY)
    assert finding.verdict == INELIGIBLE and finding.words == ["วิจัย"]


def test_a_vocational_tag_lifts_a_training_tag():
    tagged = facts("โครงการพัฒนาแรงงาน", tags=frozenset({"training", "vocational_training"}))
    finding = screen(tagged, regime()).finding(STUDY)
    assert finding.verdict == OK and finding.tags == ("training",)
    assert finding.lifted_by == ("ลักษณะโครงการ “ฝึกอบรมด้านอาชีพ”",)
    only_training = screen(replace(tagged, tags=frozenset({"training"})), regime())
    assert only_training.finding(STUDY).verdict == INELIGIBLE


# --------------------------------------------------------------------------- main purpose


def test_main_purpose_title_and_first_objective_weigh_more_than_the_rest():
    base = "โครงการพัฒนาแหล่งท่องเที่ยวชุมชนริมแม่น้ำ"
    first = facts(base, objectives="1. เพื่อจัดซื้อครุภัณฑ์ประจำศูนย์บริการนักท่องเที่ยว\n2. อื่น ๆ")
    found = screen(first, regime()).finding(EQUIPMENT)
    assert found.verdict == INELIGIBLE and found.matches[0].field == "objective_1"
    second = facts(base, objectives="1. เพื่อพัฒนาแหล่งท่องเที่ยว 2. เพื่อจัดซื้อครุภัณฑ์ประกอบ")
    found = screen(second, regime()).finding(EQUIPMENT)
    assert found.verdict == CHECK and found.matches[0].field == "objectives"
    assert "ไม่ได้อยู่ในชื่อโครงการ" in found.message
    rationale = facts(base, rationale="ศูนย์บริการนักท่องเที่ยวขาดครุภัณฑ์ที่จำเป็น")
    found = screen(rationale, regime()).finding(EQUIPMENT)
    assert found.verdict == CHECK and found.matches[0].field == "rationale"
    assert screen(facts(base), regime()).finding(EQUIPMENT).verdict == OK


def test_a_weak_word_in_the_title_only_asks_for_a_check():
    finding = screen(facts("จัดหากล้องโทรทัศน์วงจรปิด"), regime()).finding(EQUIPMENT)
    assert finding.verdict == CHECK and finding.words == ["จัดหา"]
    assert finding.weak_matches and not finding.matches


def test_a_proposal_funded_elsewhere_gets_at_most_a_check():
    result = screen(facts("โครงการจัดซื้อครุภัณฑ์คอมพิวเตอร์", funding_channel="function"), regime())
    assert result.finding(EQUIPMENT).verdict == CHECK and result.eligible
    assert "ข้อสังเกต" in result.finding(EQUIPMENT).message


# --------------------------------------------------------------------------- reading Thai


def test_a_term_inside_another_word_does_not_match():
    rule = EligibilityRule.objects.get(regime__code="2566", code=ROAD_WATER)
    rule.terms = [*rule.terms, "สระ"]  # a pond
    rule.save()
    assert screen(facts("ส่งเสริมอาชีพอิสระ"), regime()).finding(ROAD_WATER).verdict == OK
    pond = screen(facts("ขุดสระน้ำประจำหมู่บ้าน"), regime()).finding(ROAD_WATER)
    assert pond.verdict == CHECK and "สระ" in pond.words
    # Nor is "ถนน" found inside the single word "ถนนคนเดิน" (a walking street).
    assert "ถนน" not in screen(facts("ถนนคนเดิน"), regime()).finding(ROAD_WATER).words


def test_rule_words_are_known_to_the_segmenter_and_spaces_do_not_matter():
    # Plain newmm reads โครง|การศึกษา|ดูงาน; the rules' words are added to its dictionary.
    finding = screen(facts("โครงการศึกษาดูงานผู้นำชุมชน"), regime()).finding(STUDY)
    assert "ศึกษาดูงาน" in finding.words
    spaced = screen(facts("โครงการศึกษา ดูงาน ผู้นำชุมชน"), regime()).finding(STUDY)
    assert "ศึกษาดูงาน" in spaced.words
    education = screen(facts("โครงการส่งเสริมการจัดการศึกษาของท้องถิ่น"), regime())
    assert education.finding(STUDY).verdict == OK  # การศึกษา is education, not a study
    # PyThaiNLP's own dictionary is left as it was for everyone else.
    assert "ศึกษาดูงาน" not in word_tokenize("โครงการศึกษาดูงานผู้นำชุมชน", engine="newmm")


def test_zero_width_characters_and_thai_digits_are_normalised():
    hidden = screen(facts("โครงการจัดซื้อครุ\u200bภัณฑ์\u200cการแพทย์"), regime()).finding(EQUIPMENT)
    assert hidden.verdict == INELIGIBLE and "ครุภัณฑ์" in hidden.words
    thai = facts("โครงการพัฒนาตลาดชุมชน", objectives="๑. เพื่อศึกษาดูงานตลาดต้นแบบ ๒. เพื่อเพิ่มรายได้")
    finding = screen(thai, regime()).finding(STUDY)
    assert finding.verdict == INELIGIBLE and finding.matches[0].field == "objective_1"
    assert split_objectives("๑. เพื่อก ๒) เพื่อข\n- เพื่อค ไทยแลนด์ 4.0") == [
        "เพื่อก",
        "เพื่อข",
        "เพื่อค ไทยแลนด์ 4.0",
    ]


# --------------------------------------------------------------------------- configuration


def test_a_disabled_rule_stops_firing():
    title = "โครงการจัดซื้อครุภัณฑ์คอมพิวเตอร์"
    assert not screen(facts(title), regime()).eligible
    EligibilityRule.objects.filter(regime__code="2566", code=EQUIPMENT).update(enabled=False)
    result = screen(facts(title), regime())
    assert result.eligible and result.finding(EQUIPMENT) is None


def test_mistyped_parameters_fall_back_to_their_defaults():
    EligibilityRule.objects.filter(regime__code="2566", code=SUB_ACTIVITY).update(
        params={"needs": "two", "min_budget": "many", "signals": "small_budget"}
    )
    result = screen(facts("กิจกรรมรณรงค์ลดขยะ"), regime())
    assert result.finding(SUB_ACTIVITY).verdict == OK  # no budget threshold, no prefix list


def test_rules_are_per_regime():
    EligibilityRule.objects.filter(regime__code="2551", code=STUDY).update(terms=["ประชุม"])
    title = "โครงการศึกษาดูงานผู้นำชุมชน"
    assert screen(facts(title), regime("2551")).finding(STUDY).verdict == OK
    assert screen(facts(title), regime("2566")).finding(STUDY).verdict == INELIGIBLE


def test_screening_reads_and_never_writes():
    proposal = facts("โครงการจัดซื้อครุภัณฑ์คอมพิวเตอร์")
    with CaptureQueriesContext(connection) as queries:
        screen(proposal, regime())
    assert queries.captured_queries
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    compiled = rules_for(regime())
    with CaptureQueriesContext(connection) as queries:
        screen(proposal, compiled)
    assert not queries.captured_queries


# --------------------------------------------------------------------------- alignment, saving


def test_alignment_follows_the_regimes_top_priorities_in_the_database():
    issue = top_issue(2)
    proposal = make_proposal("โครงการยกระดับมาตรฐานสินค้าเกษตรปลอดภัย", issue=issue)
    first = screen_proposal(proposal)
    assert first.aligned
    alignment = next(f for f in first.findings if f["kind"] == "alignment")
    assert alignment["issue_priority"] == 2 and alignment["top_priorities"] == 2
    assert first.auto_scores["necessity"]["score"] == "4.00"

    Regime.objects.filter(code="2566").update(top_priorities=1)
    second = screen_proposal(proposal)
    assert second.pk == first.pk and not second.aligned
    assert ScreeningResult.objects.filter(proposal=proposal).count() == 1
    alignment = next(f for f in second.findings if f["kind"] == "alignment")
    assert "ไม่อยู่ใน 1 ลำดับแรก" in alignment["message"]
    assert second.auto_scores["necessity"]["score"] == "2.00"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IDEA  # a person decides


def test_a_saved_proposal_and_its_draft_give_the_same_facts():
    issue = top_issue(1)
    village = Area.objects.filter(level="subdistrict", code__startswith="21").first()
    proposal = make_proposal(
        "โครงการจัดซื้อครุภัณฑ์การเกษตร",
        objectives="1. เพื่อจัดซื้อรถแทรกเตอร์\n2. เพื่อเพิ่มผลผลิต",
        rationale="กลุ่มเกษตรกรขาดเครื่องจักรกล",
        issue=issue,
        start_date=date(2026, 11, 1),
        end_date=date(2027, 8, 31),
        negative_impacts_analysed=True,
    )
    proposal.tags.set(ProjectTag.objects.filter(code="equipment"))
    proposal.locations.set([village])
    ProposalOutput.objects.create(proposal=proposal, description="ครุภัณฑ์การเกษตร 12 รายการ")
    BudgetLine.objects.create(
        proposal=proposal, fiscal_year_be=2570, category="investment", amount=Decimal("7800000")
    )
    saved = facts_of(proposal)
    draft = facts_from_draft(
        {
            "title": proposal.title,
            "objectives": proposal.objectives,
            "rationale": proposal.rationale,
            "outputs": [{"description": "ครุภัณฑ์การเกษตร 12 รายการ"}],
            "tags": ["equipment"],
            "issue": issue.pk,
            "start_date": "1 พ.ย. ๒๕๖๙",
            "end_date": "2027-08-31",
            "budget": {(2570, "investment"): "7,800,000"},
            "negative_impacts_analysed": True,
            "locations": [village.code],
            "funding_channel": "province",
            "proposer_kind": "agency",
        },
        proposal.cycle,
    )
    assert draft == saved
    assert saved.investment_share == 1 and saved.total_budget == Decimal("7800000")
    record = screen_proposal(proposal)
    assert not record.eligible
    json.dumps(record.findings)
    equipment = next(f for f in record.findings if f.get("rule") == EQUIPMENT)
    assert equipment["verdict_label"] and equipment["evidence"][0]["field"] == "ชื่อโครงการ"


def test_a_half_typed_draft_still_gives_facts():
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    draft = facts_from_draft(
        {
            "title": "โครงการพัฒนาตลาด",
            "issue": "not a number",
            "issue_priority": "๒",
            "start_date": "sometime",
            "budget": [{"fiscal_year_be": "ปีหน้า", "category": "operating", "amount": "๕๐,๐๐๐"}],
            "locations": ["no such area"],
        },
        cycle,
    )
    assert draft.issue_priority == 2 and draft.start_date is None
    assert draft.budget_lines == ((2570, "operating", Decimal(50000)),)
    assert draft.location_count == 0
    assert screen(draft, regime()).aligned


# --------------------------------------------------------------------------- automatic scores


def test_automatic_scores_come_with_their_reasons():
    good = facts(
        "โครงการส่งเสริมเศรษฐกิจชุมชนตามหลักปรัชญาของเศรษฐกิจพอเพียง",
        issue_priority=1,
        has_strategy=True,
        has_indicator=True,
        start_date=date(2026, 11, 1),
        end_date=date(2027, 9, 30),
        negative_impacts_analysed=True,
        budget_lines=(
            (2570, "investment", Decimal("3000000")),
            (2570, "operating", Decimal("1000000")),
        ),
    )
    scores = screen(good, regime()).auto_scores
    assert scores["necessity"].score == 5 and "ลำดับที่ 1" in scores["necessity"].reason
    assert scores["feasibility_time"].score == 5
    assert "ภายในปีงบประมาณ พ.ศ. 2570" in scores["feasibility_time"].reason
    assert scores["feasibility_budget"].score == 5 and "งบลงทุนร้อยละ 75" in (
        scores["feasibility_budget"].reason
    )
    assert scores["linkage"].score == 4 and "กลยุทธ์" in scores["linkage"].reason
    assert scores["sufficiency"].score == 5 and "พอเพียง" in scores["sufficiency"].reason
    for code in ("feasibility_technical", "feasibility_physical", "value_for_money"):
        assert scores[code].score is None and scores[code].reason

    poor = facts(
        "โครงการพัฒนาตลาด",
        issue_priority=5,
        start_date=date(2026, 11, 1),
        end_date=date(2028, 3, 31),
        budget_lines=(),
    )
    scores = screen(poor, regime()).auto_scores
    assert scores["necessity"].score == 2 and "ไม่อยู่ใน 2 ลำดับแรก" in scores["necessity"].reason
    assert scores["feasibility_time"].score == 0
    assert "เกินปีงบประมาณ" in scores["feasibility_time"].reason
    assert scores["feasibility_budget"].score == 0
    assert scores["linkage"].score == 0
    assert scores["sufficiency"].score is None  # nothing found: for the reviewers
    no_issue = screen(replace(poor, issue_priority=None), regime()).auto_scores["necessity"]
    assert no_issue.score == 0 and "ยังไม่ได้เชื่อมโยง" in no_issue.reason


def test_the_sufficiency_words_and_kind_are_the_criterions_data():
    criterion = Criterion.objects.get(regime=regime(), code="sufficiency")
    assert criterion.params["terms"][0] == "พอเพียง"  # loaded from criteria.csv
    organic = facts("โครงการส่งเสริมเกษตรอินทรีย์วิถีชุมชน")
    sufficient = facts("โครงการส่งเสริมเศรษฐกิจพอเพียงในครัวเรือน")
    assert screen(organic, regime()).auto_scores["sufficiency"].score is None
    assert screen(sufficient, regime()).auto_scores["sufficiency"].score == 5

    # The secretariat replaces the words: the new one counts, the old one no longer does.
    criterion.params = {"terms": ["เกษตรอินทรีย์"], "tag": ""}
    criterion.save()
    scores = screen(organic, regime()).auto_scores["sufficiency"]
    assert scores.score == 5 and "เกษตรอินทรีย์" in scores.reason
    assert screen(sufficient, regime()).auto_scores["sufficiency"].score is None
    tagged = replace(sufficient, tags=frozenset({"community_economy"}))
    assert screen(tagged, regime()).auto_scores["sufficiency"].score is None  # no kind now


def test_a_criterion_switched_to_manual_is_left_to_the_reviewers():
    Criterion.objects.filter(regime__code="2566", code="necessity").update(automatic=False)
    scores = screen(facts("โครงการพัฒนาตลาด", issue_priority=1), regime()).auto_scores
    assert scores["necessity"].score is None


def test_the_weighted_score_waits_for_the_reviewers_then_adds_up():
    criteria = list(Criterion.objects.filter(regime__code="2566"))
    good = facts("โครงการส่งเสริมตลาดผลไม้", issue_priority=1, has_strategy=True)
    auto = screen(good, regime()).as_dict()["auto_scores"]
    assert weighted_score(auto, {}, criteria) is None
    manual = {c: [Decimal(5)] for c in ("feasibility_technical", "feasibility_physical")}
    assert weighted_score(auto, manual, criteria) is None
    manual["value_for_money"] = [Decimal(4), Decimal(5)]
    manual["sufficiency"] = [Decimal(3)]
    total = weighted_score(auto, manual, criteria)
    assert total is not None and Decimal(0) <= total <= Decimal(100)
    everything = {c.code: [Decimal(c.max_score)] for c in criteria}
    assert weighted_score(auto, everything, criteria) == Decimal("100.00")


# --------------------------------------------------------------------------- weighted score


@dataclass(frozen=True)
class Crit:
    code: str
    weight: Decimal
    max_score: int


@st.composite
def scored_criteria(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    criteria = [
        Crit(
            f"c{i}",
            draw(st.decimals(min_value=0, max_value=100, places=2)),
            draw(st.integers(min_value=1, max_value=10)),
        )
        for i in range(n)
    ]
    auto, reviewers = {}, {}
    for c in criteria:
        score = st.decimals(min_value=0, max_value=c.max_score, places=2)
        if draw(st.booleans()):
            auto[c.code] = AutoScore("", draw(score), c.max_score, "")
        else:
            reviewers[c.code] = draw(st.lists(score, min_size=1, max_size=4))
    return criteria, auto, reviewers


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scored_criteria())
def test_weighted_score_stays_between_0_and_100(data):
    criteria, auto, reviewers = data
    total = weighted_score(auto, reviewers, criteria)
    if sum(c.weight for c in criteria) == 0:
        assert total is None
    else:
        assert total is not None and Decimal(0) <= total <= Decimal(100)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scored_criteria(), st.data())
def test_raising_any_one_score_never_lowers_the_total(data, more):
    criteria, auto, reviewers = data
    before = weighted_score(auto, reviewers, criteria)
    c = more.draw(st.sampled_from(criteria))
    bump = more.draw(st.decimals(min_value=0, max_value=10, places=2))
    if c.code in auto:
        old = auto[c.code]
        auto = {**auto, c.code: replace(old, score=old.score + bump)}
    else:
        scores = list(reviewers[c.code])
        i = more.draw(st.integers(min_value=0, max_value=len(scores) - 1))
        scores[i] += bump
        reviewers = {**reviewers, c.code: scores}
    after = weighted_score(auto, reviewers, criteria)
    if before is not None:
        assert after >= before


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scored_criteria(), st.data())
def test_no_total_while_a_criterion_has_no_score(data, more):
    criteria, auto, reviewers = data
    missing = more.draw(st.sampled_from(criteria)).code
    auto = {k: v for k, v in auto.items() if k != missing}
    reviewers = {k: v for k, v in reviewers.items() if k != missing}
    assert weighted_score(auto, reviewers, criteria) is None
    # An automatic score with no value is no score either.
    auto[missing] = {"score": None}
    assert weighted_score(auto, reviewers, criteria) is None


def test_reviewers_mean_replaces_the_automatic_score():
    criteria = [Crit("a", Decimal(60), 5), Crit("b", Decimal(40), 5)]
    auto = {"a": AutoScore("", Decimal(5), 5, ""), "b": {"score": "0"}}
    assert weighted_score(auto, {}, criteria) == Decimal("60.00")
    assert weighted_score(auto, {"a": [Decimal(1), Decimal(2)]}, criteria) == Decimal("18.00")


# --------------------------------------------------------------------------- real texts


def _budget(row: dict[str, str]) -> Decimal:
    for year in range(2566, 2571):
        value = (row.get(f"budget_{year}") or "").replace(",", "").strip()
        try:
            if Decimal(value) > 0:
                return Decimal(value)
        except ArithmeticError:
            continue
    return Decimal(0)


def real_facts() -> list[ProposalFacts]:
    with REAL_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        facts(
            row["project"],
            objectives=row["objective"],
            outputs=(row["target_output"],),
            expected_outcomes=row["expected_result"],
            budget_lines=((2570, "operating", _budget(row)),) if _budget(row) else (),
            proposer_kind="local",
        )
        for row in rows
    ]


def test_the_548_real_nakhon_sawan_projects_screen():
    projects = real_facts()
    assert len(projects) == 548
    ruleset = rules_for(regime())
    verdicts: Counter[tuple[str, str]] = Counter()
    by_title = {}
    for project in projects:
        result = screen(project, ruleset)
        by_title[project.title] = result
        for finding in result.eligibility:
            assert finding.message
            verdicts[finding.rule, finding.verdict] += 1
    print(sorted(verdicts.items()))
    assert verdicts[STUDY, INELIGIBLE] > 20 and verdicts[ROUTINE, INELIGIBLE] > 20
    assert verdicts[ROAD_WATER, CHECK] > 50
    teachers = by_title["อบรมพัฒนาครูและบุคลากรทางการศึกษา และศึกษาดูงาน"].finding(STUDY)
    assert teachers.verdict == INELIGIBLE
    vocational = "อบรมฝึกและส่งเสริมประสบการณ์ด้านอาชีพเบื้องต้นสำหรับเด็กนอกระบบ"
    assert by_title[vocational].finding(STUDY).lifted_by
    assert by_title["ถนนคนเดิน"].finding(ROAD_WATER).verdict == OK
    campaign = by_title["กิจกรรมรณรงค์ 3Rs:Reduce Reuse Recycle"].finding(SUB_ACTIVITY)
    assert campaign.verdict == INELIGIBLE
    # Education (การศึกษา) is not a study: only the training courses listed among the
    # outputs of this school-funding project are found, so it is for a reviewer to look.
    school = by_title["ส่งเสริมศักยภาพการจัดการศึกษาของท้องถิ่น (เงินอุดหนุนด้านการศึกษา)"]
    assert school.finding(STUDY).verdict == CHECK
    assert {h.field for h in school.finding(STUDY).matches} == {"outputs"}


@pytest.mark.django_db
def test_screening_a_saved_proposal_asks_the_search_for_approved_look_alikes():
    """Rule 6 without the caller's help: an approved FY 2569 project and its near-copy."""
    from oneplan.projects.models import ProposalStatus
    from oneplan.projects.screening import screen_proposal
    from oneplan.projects.tests.factories import make_proposal

    title = "โครงการพัฒนาระบบน้ำหยดในสวนมังคุดเพื่อลดต้นทุนการผลิต"
    make_proposal(title=title, year=2569, status=ProposalStatus.APPROVED)
    again = make_proposal(title=title + " ระยะที่ 2", year=2570)
    result = screen_proposal(again)
    finding = next(f for f in result.findings if f["rule"] == "NE-SIMILAR-APPROVED")
    assert finding["verdict"] == "check", finding
