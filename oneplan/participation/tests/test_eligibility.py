"""Tests for oneplan.participation.eligibility: pure, no database.

Expected dates and Thai strings are worked out by hand from the rules in DOMAIN.md
section 2 and the assumptions in the module docstring; the property tests compare the
module with simple independent oracles (day-by-day coverage, anniversary dates).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from oneplan.participation import eligibility as el
from oneplan.participation.eligibility import (
    DEFAULT_DISQUALIFYING_POSITIONS,
    POSITION_LABELS,
    EligibilityRules,
    Finding,
    Nominee,
    PositionHeld,
    Registration,
    Verdict,
    check_business_selection,
    check_district_selection,
    check_nominee,
    completed_years,
    latest_registration_start,
)

DAY = date(2026, 6, 1)  # selection day: 1 มิ.ย. 2569
DISTRICT = "2101"
RULES = EligibilityRules()
ONE_DAY = timedelta(days=1)
THAI = re.compile(r"[\u0e00-\u0e7f]")


def nominee(**changes) -> Nominee:
    """A nominee who is eligible for DISTRICT outside the municipality on DAY."""
    values = {
        "birth_date": date(1980, 3, 15),
        "nationality": "ไทย",
        "registrations": (Registration(DISTRICT, False, date(2010, 1, 1)),),
        "positions": (),
        "community_leader": True,
    }
    values.update(changes)
    return Nominee(**values)


def check(n: Nominee, on: date = DAY, *, inside: bool = False, rules=RULES) -> Verdict:
    return check_nominee(
        n, district_code=DISTRICT, inside_municipality=inside, selection_date=on, rules=rules
    )


def codes(verdict: Verdict) -> list[str]:
    return [f.code for f in verdict.reasons]


def registered(*periods: tuple[date, date | None], inside: bool = False) -> Nominee:
    return nominee(registrations=tuple(Registration(DISTRICT, inside, s, e) for s, e in periods))


# =========================================================================== rules


def test_default_rules_follow_the_regulation():
    assert RULES.min_age_years == 18
    assert RULES.min_registration_days == 365
    assert RULES.require_thai_nationality and RULES.require_community_leader
    assert RULES.max_per_district == 6
    assert RULES.max_business == 10
    assert RULES.business_channels == (
        "chamber_of_commerce",
        "federation_of_industries",
        "governor",
    )
    assert RULES.disqualifying_positions == {
        "political_position",
        "local_council_member",
        "local_executive",
        "party_official",
        "civil_servant",
        "local_staff",
        "state_employee",
    }
    # Assumption 5: kamnan and village headmen are not disqualified unless the rules say so.
    assert {"kamnan", "village_headman", "assistant_village_headman"}.isdisjoint(
        RULES.disqualifying_positions
    )
    assert set(POSITION_LABELS) >= RULES.disqualifying_positions
    assert POSITION_LABELS["local_council_member"] == "สมาชิกสภาท้องถิ่น"
    assert POSITION_LABELS["kamnan"] == "กำนัน"


def test_rules_are_frozen_and_hashable():
    with pytest.raises(AttributeError):
        RULES.max_business = 11  # type: ignore[misc]
    assert hash(RULES) == hash(EligibilityRules())


def test_from_params_empty_gives_defaults_and_ignores_unknown_keys():
    assert EligibilityRules.from_params({}) == RULES
    assert EligibilityRules.from_params({"colour": "blue", "max_business": 12}) == (
        EligibilityRules(max_business=12)
    )


def test_from_params_reads_lists_from_json():
    params = json.loads(
        '{"min_age_years": 20, "disqualifying_positions": ["kamnan", "civil_servant"],'
        ' "business_channels": ["governor"], "require_community_leader": false}'
    )
    rules = EligibilityRules.from_params(params)
    assert rules.min_age_years == 20
    assert rules.disqualifying_positions == frozenset({"kamnan", "civil_servant"})
    assert rules.business_channels == ("governor",)
    assert rules.require_community_leader is False


def test_default_rules_round_trip_through_json():
    text = json.dumps(RULES.to_params(), ensure_ascii=False)
    assert EligibilityRules.from_params(json.loads(text)) == RULES


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("min_age_years", "18"),
        ("min_age_years", 18.0),
        ("min_age_years", True),
        ("min_age_years", None),
        ("min_age_years", -1),
        ("min_registration_days", [365]),
        ("max_per_district", "6"),
        ("max_business", -3),
        ("require_thai_nationality", "yes"),
        ("require_community_leader", 1),
        ("disqualifying_positions", "civil_servant"),
        ("disqualifying_positions", {"civil_servant": True}),
        ("disqualifying_positions", ["civil_servent"]),
        ("disqualifying_positions", [1]),
        ("disqualifying_positions", 7),
        ("business_channels", "governor"),
        ("business_channels", []),
        ("business_channels", ["governor", "governor"]),
        ("business_channels", ["governor", ""]),
    ],
)
def test_from_params_rejects_bad_values_in_thai(key, value):
    with pytest.raises(ValueError, match=key) as caught:
        EligibilityRules.from_params({key: value})
    assert THAI.search(str(caught.value))
    # The constructor checks the same way.
    with pytest.raises(ValueError, match=key):
        EligibilityRules(**{key: value})


def test_from_params_explains_the_type_received():
    with pytest.raises(ValueError) as caught:
        EligibilityRules.from_params({"max_per_district": "6"})
    assert str(caught.value) == (
        "กติกา 'max_per_district' (จำนวนผู้แทนภาคประชาสังคมสูงสุดต่ออำเภอ) ต้องเป็นจำนวนเต็ม แต่ได้ข้อความ '6'"
    )


def test_from_params_names_unknown_position_codes():
    with pytest.raises(ValueError, match="รหัสตำแหน่งที่ไม่รู้จัก: civil_servent"):
        EligibilityRules.from_params({"disqualifying_positions": ["civil_servent"]})


@pytest.mark.parametrize("params", [None, [], "{}", 5])
def test_from_params_needs_an_object(params):
    with pytest.raises(ValueError, match="JSON object"):
        EligibilityRules.from_params(params)


counts = st.integers(min_value=0, max_value=10_000)
rules_strategy = st.builds(
    EligibilityRules,
    min_age_years=st.integers(0, 120),
    min_registration_days=counts,
    require_thai_nationality=st.booleans(),
    require_community_leader=st.booleans(),
    disqualifying_positions=st.frozensets(st.sampled_from(sorted(POSITION_LABELS))),
    max_per_district=counts,
    max_business=counts,
    business_channels=st.lists(
        st.text(min_size=1, max_size=12).filter(str.strip), min_size=1, max_size=5, unique=True
    ).map(tuple),
)


@given(rules_strategy)
def test_rules_round_trip_through_json(rules):
    params = json.loads(json.dumps(rules.to_params()))
    assert EligibilityRules.from_params(params) == rules


# =========================================================================== whole verdict


def test_a_qualified_nominee_is_eligible():
    assert check(nominee()) == Verdict(eligible=True, reasons=())


def test_every_reason_is_reported_at_once():
    verdict = check(
        Nominee(
            birth_date=date(2008, 6, 2),
            nationality="ลาว",
            registrations=(Registration(DISTRICT, False, date(2025, 6, 2)),),
            positions=(
                PositionHeld("local_council_member", start=date(2022, 1, 1)),
                PositionHeld("party_official", end=DAY),
                PositionHeld("kamnan"),
            ),
            community_leader=False,
        )
    )
    assert not verdict.eligible
    assert codes(verdict) == [
        "age",
        "nationality",
        "registration",
        "community_leader",
        "position",
        "position",
    ]
    messages = [f.message for f in verdict.reasons]
    assert messages[0].startswith(
        "อายุ 17 ปี 11 เดือน 30 วัน ณ วันคัดเลือก (1 มิ.ย. 2569) ต้องมีอายุไม่ต่ำกว่า 18 ปีบริบูรณ์"
    )
    assert "2 มิ.ย. 2569" in messages[0]  # when they will be 18
    assert messages[1] == "สัญชาติ 'ลาว' ต้องมีสัญชาติไทย"
    assert messages[2] == (
        "มีชื่อในทะเบียนบ้านในอำเภอรหัส 2101 นอกเขตเทศบาล ติดต่อกันตั้งแต่ 2 มิ.ย. 2568 "
        "ยังไม่ครบ 1 ปี ณ วันคัดเลือก (1 มิ.ย. 2569) ต้องมีชื่อตั้งแต่ 1 มิ.ย. 2568 หรือก่อนนั้น"
    )
    assert messages[3] == "ไม่ได้เป็นผู้นำชุมชนตามกฎหมายว่าด้วยสภาองค์กรชุมชน"
    assert messages[4] == ("เป็นสมาชิกสภาท้องถิ่น ณ วันคัดเลือก (1 มิ.ย. 2569) ซึ่งเป็นลักษณะต้องห้าม")
    assert messages[5].startswith("เป็นที่ปรึกษาพรรคการเมือง")


def test_missing_data_is_reported_not_guessed():
    verdict = check(nominee(birth_date=None, nationality="  ", registrations=()))
    assert codes(verdict) == ["missing", "missing", "missing"]
    assert "วันเกิด" in verdict.reasons[0].message
    assert "สัญชาติ" in verdict.reasons[1].message
    assert "ทะเบียนบ้าน" in verdict.reasons[2].message


# =========================================================================== age


def test_exactly_18_on_the_selection_day_is_eligible():
    assert check(nominee(birth_date=date(2008, 6, 1))).eligible


def test_one_day_short_of_18_is_not():
    verdict = check(nominee(birth_date=date(2008, 6, 2)))
    assert codes(verdict) == ["age"]


def test_age_message_drops_zero_parts():
    verdict = check(nominee(birth_date=date(2009, 6, 1)))
    assert verdict.reasons[0].message == (
        "อายุ 17 ปี ณ วันคัดเลือก (1 มิ.ย. 2569) ต้องมีอายุไม่ต่ำกว่า 18 ปีบริบูรณ์ "
        "(เกิด 1 มิ.ย. 2552 จะมีอายุครบเมื่อ 1 มิ.ย. 2570)"
    )


def test_born_on_29_february_comes_of_age_on_1_march_in_common_years():
    leapling = nominee(birth_date=date(2008, 2, 29))
    on_28 = check(leapling, date(2026, 2, 28))
    assert codes(on_28) == ["age"]
    assert "อายุ 17 ปี 11 เดือน 30 วัน" in on_28.reasons[0].message
    assert "จะมีอายุครบเมื่อ 1 มี.ค. 2569" in on_28.reasons[0].message
    assert check(leapling, date(2026, 3, 1)).eligible


def test_born_on_29_february_comes_of_age_on_29_february_in_leap_years():
    twenty = EligibilityRules(min_age_years=20)
    leapling = nominee(birth_date=date(2008, 2, 29))
    assert codes(check(leapling, date(2028, 2, 28), rules=twenty)) == ["age"]
    assert check(leapling, date(2028, 2, 29), rules=twenty).eligible


def test_birth_after_the_selection_day_is_flagged():
    verdict = check(nominee(birth_date=DAY + ONE_DAY))
    assert codes(verdict) == ["age"]
    assert "อยู่หลังวันคัดเลือก" in verdict.reasons[0].message


def test_minimum_age_is_a_rule():
    nineteen = nominee(birth_date=date(2006, 6, 2))
    assert check(nineteen).eligible
    verdict = check(nineteen, rules=EligibilityRules(min_age_years=20))
    assert "ต้องมีอายุไม่ต่ำกว่า 20 ปีบริบูรณ์" in verdict.reasons[0].message


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        (date(2008, 6, 1), date(2026, 6, 1), 18),
        (date(2008, 6, 1), date(2026, 5, 31), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2008, 12, 31), date(2009, 1, 1), 0),
    ],
)
def test_completed_years(born, on, years):
    assert completed_years(born, on) == years


# =========================================================================== nationality


@pytest.mark.parametrize(
    "text",
    ["ไทย", "Thai", "THAI", "TH", "th", "THA", " ไทย ", "สัญชาติไทย", "สัญชาติ ไทย", "ไทย\u200b"],
)
def test_thai_nationality_in_any_spelling(text):
    assert check(nominee(nationality=text)).eligible


@pytest.mark.parametrize("text", ["ลาว", "Lao", "Myanmar", "ไม่ทราบ"])
def test_other_nationalities_are_not_thai(text):
    assert codes(check(nominee(nationality=text))) == ["nationality"]


def test_nationality_is_a_rule():
    open_rules = EligibilityRules(require_thai_nationality=False)
    assert check(nominee(nationality="Lao"), rules=open_rules).eligible
    assert check(nominee(nationality=""), rules=open_rules).eligible


# =========================================================================== registration


def test_exactly_one_year_of_registration_is_enough():
    assert check(registered((date(2025, 6, 1), None))).eligible


def test_one_day_short_of_a_year_is_not():
    verdict = check(registered((date(2025, 6, 2), None)))
    assert codes(verdict) == ["registration"]


def test_touching_periods_join_up():
    periods = ((date(2025, 6, 1), date(2025, 12, 31)), (date(2026, 1, 1), None))
    assert check(registered(*periods)).eligible


def test_overlapping_periods_join_up():
    periods = ((date(2026, 1, 1), None), (date(2025, 6, 1), date(2026, 2, 1)))
    assert check(registered(*periods)).eligible


def test_a_one_day_gap_breaks_continuity():
    periods = ((date(2020, 6, 1), date(2025, 12, 30)), (date(2026, 1, 1), None))
    verdict = check(registered(*periods))
    assert codes(verdict) == ["registration"]
    assert "ติดต่อกันตั้งแต่ 1 ม.ค. 2569" in verdict.reasons[0].message


def test_moving_across_the_municipality_line_resets_continuity():
    n = nominee(
        registrations=(
            Registration(DISTRICT, True, date(2010, 1, 1), date(2026, 1, 31)),
            Registration(DISTRICT, False, date(2026, 2, 1)),
        )
    )
    outside = check(n, inside=False)
    assert codes(outside) == ["registration"]
    assert "ติดต่อกันตั้งแต่ 1 ก.พ. 2569" in outside.reasons[0].message
    inside = check(n, inside=True)
    assert codes(inside) == ["registration"]
    assert "สิ้นสุดเมื่อ 31 ม.ค. 2569" in inside.reasons[0].message


def test_registration_on_the_other_side_only_is_explained():
    verdict = check(registered((date(2000, 1, 1), None), inside=True), inside=False)
    assert verdict.reasons[0].message == (
        "ไม่มีชื่อในทะเบียนบ้านในอำเภอรหัส 2101 นอกเขตเทศบาล ณ วันคัดเลือก (1 มิ.ย. 2569) "
        "(มีชื่ออยู่ในเขตเทศบาลของอำเภอเดียวกัน ซึ่งนับรวมไม่ได้) "
        "ต้องมีชื่อติดต่อกันไม่น้อยกว่า 1 ปี นับถึงวันคัดเลือก"
    )
    assert check(registered((date(2000, 1, 1), None), inside=True), inside=True).eligible


def test_another_district_does_not_count():
    n = nominee(registrations=(Registration("2102", False, date(2000, 1, 1)),))
    assert codes(check(n)) == ["registration"]


def test_district_codes_in_thai_digits_match():
    n = nominee(registrations=(Registration("๒๑๐๑", False, date(2000, 1, 1)),))
    assert check_nominee(
        n, district_code=" 2101", inside_municipality=False, selection_date=DAY
    ).eligible


def test_registration_ending_on_the_selection_day_counts():
    assert check(registered((date(2020, 1, 1), DAY))).eligible


def test_registration_ending_the_day_before_does_not():
    verdict = check(registered((date(2020, 1, 1), DAY - ONE_DAY)))
    assert codes(verdict) == ["registration"]
    assert "สิ้นสุดเมื่อ 31 พ.ค. 2569" in verdict.reasons[0].message


def test_registration_starting_after_the_selection_day_does_not_count():
    later = registered((DAY + ONE_DAY, None))
    assert codes(check(later)) == ["registration"]
    # ... and does not bridge an earlier period that ended before the day.
    bridged = registered((date(2020, 1, 1), DAY - ONE_DAY), (DAY + ONE_DAY, None))
    assert codes(check(bridged)) == ["registration"]


def test_a_period_ending_before_it_starts_on_the_other_side_is_ignored():
    n = nominee(
        registrations=(
            Registration(DISTRICT, False, date(2010, 1, 1)),
            Registration(DISTRICT, True, date(2020, 5, 1), date(2020, 4, 1)),
        )
    )
    assert check(n).eligible


def test_a_period_ending_before_it_starts_is_a_data_error():
    n = registered((date(2010, 1, 1), None), (date(2020, 5, 1), date(2020, 4, 1)))
    verdict = check(n)
    assert codes(verdict) == ["registration"]
    assert "วันสิ้นสุด (1 เม.ย. 2563) อยู่ก่อนวันเริ่ม (1 พ.ค. 2563)" in verdict.reasons[0].message


def test_a_year_back_from_29_february_is_28_february():
    leap_day = date(2028, 2, 29)
    assert check(registered((date(2027, 2, 28), None)), leap_day).eligible
    assert not check(registered((date(2027, 3, 1), None)), leap_day).eligible


def test_a_year_from_29_february_ends_on_1_march():
    since_leap_day = registered((date(2024, 2, 29), None))
    assert not check(since_leap_day, date(2025, 2, 28)).eligible
    assert check(since_leap_day, date(2025, 3, 1)).eligible


def test_a_year_spanning_29_february_is_a_calendar_year_not_365_days():
    # 2 Mar 2023 -> 1 Mar 2024 is 365 days but not a full year.
    assert not check(registered((date(2023, 3, 2), None)), date(2024, 3, 1)).eligible
    assert check(registered((date(2023, 3, 1), None)), date(2024, 3, 1)).eligible


@pytest.mark.parametrize(
    ("on", "min_days", "latest"),
    [
        (date(2026, 6, 1), 365, date(2025, 6, 1)),
        (date(2028, 2, 29), 365, date(2027, 2, 28)),
        (date(2025, 3, 1), 365, date(2024, 3, 1)),
        (date(2025, 2, 28), 365, date(2024, 2, 28)),
        (date(2026, 6, 1), 730, date(2024, 6, 1)),
        (date(2026, 6, 1), 90, date(2026, 3, 3)),
        (date(2026, 6, 1), 400, date(2025, 4, 27)),
        (date(2026, 6, 1), 0, date(2026, 6, 1)),
        (date(1, 6, 1), 365, None),
        (date(1, 1, 5), 10, None),
    ],
)
def test_latest_registration_start(on, min_days, latest):
    assert latest_registration_start(on, min_days) == latest


def test_registration_period_is_a_rule():
    ninety = EligibilityRules(min_registration_days=90)
    assert check(registered((date(2026, 3, 3), None)), rules=ninety).eligible
    verdict = check(registered((date(2026, 3, 4), None)), rules=ninety)
    assert "ยังไม่ครบ 90 วัน" in verdict.reasons[0].message
    zero = EligibilityRules(min_registration_days=0)
    assert check(registered((DAY, None)), rules=zero).eligible
    assert not check(registered((date(2020, 1, 1), DAY - ONE_DAY)), rules=zero).eligible


# =========================================================================== community leader


def test_must_be_a_community_leader():
    assert codes(check(nominee(community_leader=False))) == ["community_leader"]
    open_rules = EligibilityRules(require_community_leader=False)
    assert check(nominee(community_leader=False), rules=open_rules).eligible


# =========================================================================== positions


@pytest.mark.parametrize("kind", sorted(DEFAULT_DISQUALIFYING_POSITIONS))
def test_each_disqualifying_position_held_on_the_day(kind):
    verdict = check(nominee(positions=(PositionHeld(kind),)))
    assert codes(verdict) == ["position"]
    assert verdict.reasons[0].message.startswith(f"เป็น{POSITION_LABELS[kind]} ณ วันคัดเลือก")


def test_position_ended_the_day_before_is_fine():
    assert check(nominee(positions=(PositionHeld("civil_servant", end=DAY - ONE_DAY),))).eligible


def test_position_ended_on_the_day_disqualifies():
    verdict = check(nominee(positions=(PositionHeld("civil_servant", end=DAY),)))
    assert codes(verdict) == ["position"]
    assert "วันสุดท้ายของตำแหน่งคือวันคัดเลือก" in verdict.reasons[0].message


def test_position_starting_after_the_day_is_fine_and_on_the_day_is_not():
    assert check(
        nominee(positions=(PositionHeld("local_executive", start=DAY + ONE_DAY),))
    ).eligible
    assert not check(nominee(positions=(PositionHeld("local_executive", start=DAY),))).eligible


@pytest.mark.parametrize("kind", ["kamnan", "village_headman", "assistant_village_headman"])
def test_kamnan_and_headmen_are_not_disqualified_unless_the_rules_say_so(kind):
    n = nominee(positions=(PositionHeld(kind, start=date(2020, 1, 1)),))
    assert check(n).eligible
    strict = EligibilityRules(disqualifying_positions=DEFAULT_DISQUALIFYING_POSITIONS | {kind})
    assert codes(check(n, rules=strict)) == ["position"]


def test_unknown_position_kind_is_reported():
    verdict = check(nominee(positions=(PositionHeld("senator?"),)))
    assert codes(verdict) == ["position"]
    assert "ไม่รู้จักประเภทตำแหน่ง 'senator?'" in verdict.reasons[0].message


# =========================================================================== caps


def test_district_cap():
    assert check_district_selection({"2101": 6, "2102": 0}, RULES) == []
    assert check_district_selection({"2101": 7, "2102": 6, "2103": 9}, RULES) == [
        Finding(
            "district_cap",
            "อำเภอรหัส 2101 คัดเลือกผู้แทนภาคประชาสังคม 7 คน เกินจำนวนที่กำหนด (ไม่เกิน 6 คนต่ออำเภอ) อยู่ 1 คน",
        ),
        Finding(
            "district_cap",
            "อำเภอรหัส 2103 คัดเลือกผู้แทนภาคประชาสังคม 9 คน เกินจำนวนที่กำหนด (ไม่เกิน 6 คนต่ออำเภอ) อยู่ 3 คน",
        ),
    ]


def test_district_cap_adds_up_the_same_district_spelt_twice():
    findings = check_district_selection({"2101": 4, "๒๑๐๑": 3}, RULES)
    assert [f.code for f in findings] == ["district_cap"]
    assert "7 คน" in findings[0].message


def test_district_cap_is_a_rule():
    assert check_district_selection({"2101": 4}, EligibilityRules(max_per_district=3))


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None])
def test_caps_reject_bad_counts(bad):
    with pytest.raises(ValueError, match="จำนวนเต็ม"):
        check_district_selection({"2101": bad}, RULES)
    with pytest.raises(ValueError, match="จำนวนเต็ม"):
        check_business_selection({"governor": bad}, RULES)


def test_business_cap():
    ten = {"chamber_of_commerce": 4, "federation_of_industries": 3, "governor": 3}
    assert check_business_selection(ten, RULES) == []
    findings = check_business_selection({**ten, "governor": 4}, RULES)
    assert findings == [
        Finding(
            "business_cap",
            "คัดเลือกผู้แทนภาคธุรกิจเอกชนรวม 11 คน เกินจำนวนที่กำหนด (ไม่เกิน 10 คน) อยู่ 1 คน "
            "(คณะกรรมการหอการค้าจังหวัด 4 คน, คณะกรรมการสภาอุตสาหกรรมจังหวัด 3 คน, "
            "ผู้ว่าราชการจังหวัด 4 คน)",
        )
    ]


def test_business_unknown_channel_and_total_are_both_reported():
    findings = check_business_selection({"governor": 10, "tourism_council": 1}, RULES)
    assert [f.code for f in findings] == ["business_channel", "business_cap"]
    assert "'tourism_council' (1 คน)" in findings[0].message


def test_business_channels_are_a_rule():
    rules = EligibilityRules(business_channels=("governor", "tourism_council"), max_business=3)
    assert check_business_selection({"tourism_council": 3}, rules) == []
    assert [f.code for f in check_business_selection({"chamber_of_commerce": 1}, rules)] == [
        "business_channel"
    ]


# =========================================================================== properties

near_dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
any_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
districts = st.sampled_from([DISTRICT, "2102"])


@st.composite
def periods(draw, district=districts, inside=None):
    inside = st.booleans() if inside is None else inside
    start = draw(near_dates)
    length = draw(st.none() | st.integers(0, 900))
    return Registration(
        draw(district), draw(inside), start, None if length is None else start + timedelta(length)
    )


here_periods = periods(district=st.just(DISTRICT), inside=st.just(False))
position_kinds = st.sampled_from([*sorted(POSITION_LABELS), "unknown"])


@st.composite
def positions(draw):
    start = draw(st.none() | near_dates)
    end = draw(st.none() | near_dates)
    assume(start is None or end is None or start <= end)
    return PositionHeld(draw(position_kinds), start, end)


nominees = st.builds(
    Nominee,
    birth_date=st.none() | any_dates,
    nationality=st.sampled_from(["ไทย", "Thai", "TH", "ลาว", "", "Myanmar"]),
    registrations=st.lists(periods(), max_size=5).map(tuple),
    positions=st.lists(positions(), max_size=3).map(tuple),
    community_leader=st.booleans(),
)


def anniversary(born: date, years: int) -> date:
    """Independent oracle: the day ``years`` after ``born``; 29 Feb falls on 1 Mar."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


@given(nominees, near_dates, st.booleans())
def test_eligible_iff_no_reasons(n, on, inside):
    verdict = check(n, on, inside=inside)
    assert verdict.eligible == (verdict.reasons == ())
    assert all(THAI.search(f.message) for f in verdict.reasons)
    assert {f.code for f in verdict.reasons} <= {
        "age",
        "nationality",
        "registration",
        "community_leader",
        "position",
        "missing",
    }


@given(nominees, near_dates, st.booleans(), st.randoms(use_true_random=False))
def test_order_of_periods_does_not_matter(n, on, inside, random):
    shuffled = list(n.registrations)
    random.shuffle(shuffled)
    other = Nominee(n.birth_date, n.nationality, tuple(shuffled), n.positions, n.community_leader)
    assert check(other, on, inside=inside) == check(n, on, inside=inside)


@given(any_dates, any_dates, any_dates)
def test_age_eligibility_is_monotonic_in_the_selection_date(born, day1, day2):
    early, late = sorted((day1, day2))
    if "age" not in codes(check(nominee(birth_date=born), early)):
        assert "age" not in codes(check(nominee(birth_date=born), late))


@given(any_dates, any_dates, st.integers(0, 100))
@example(date(2008, 2, 29), date(2026, 2, 28), 18)
@example(date(2008, 2, 29), date(2026, 3, 1), 18)
def test_age_matches_the_anniversary_oracle(born, on, min_age):
    rules = EligibilityRules(min_age_years=min_age)
    old_enough = born <= on and anniversary(born, min_age) <= on
    assert ("age" not in codes(check(nominee(birth_date=born), on, rules=rules))) == old_enough


@given(any_dates, any_dates)
def test_age_parts_are_consistent(born, on):
    assume(born <= on)
    years, months, days = el._age_parts(born, on)
    assert years == completed_years(born, on)
    assert 0 <= months < 12
    assert 0 <= days < 31


@given(any_dates, st.integers(0, 3000))
@example(date(2028, 2, 29), 365)
@example(date(2025, 3, 1), 365)
@example(date(2024, 3, 1), 730)
def test_latest_start_is_exactly_the_edge(on, min_days):
    rules = EligibilityRules(min_registration_days=min_days)
    latest = latest_registration_start(on, min_days)
    assert latest is not None

    def registration_ok(start: date) -> bool:
        return "registration" not in codes(check(registered((start, None)), on, rules=rules))

    assert registration_ok(latest)
    assert not registration_ok(latest + ONE_DAY)
    assert registration_ok(latest - timedelta(days=40))  # an earlier start never hurts


@given(st.lists(periods(), max_size=6), near_dates, st.booleans(), st.sampled_from([0, 90, 365]))
def test_registration_matches_the_day_by_day_oracle(regs, on, inside, min_days):
    rules = EligibilityRules(min_registration_days=min_days)
    latest = latest_registration_start(on, min_days)

    def covered(day: date) -> bool:
        return any(
            r.district_code == DISTRICT
            and r.inside_municipality == inside
            and r.start <= day
            and (r.end is None or day <= r.end)
            for r in regs
        )

    days = (on - latest).days + 1
    expected = all(covered(latest + timedelta(i)) for i in range(days))
    verdict = check(nominee(registrations=tuple(regs)), on, inside=inside, rules=rules)
    # With no period at all the registration check reports "missing" data.
    assert (not {"registration", "missing"} & set(codes(verdict))) == expected


@given(st.lists(periods(), max_size=4), here_periods, st.integers(0, 900), near_dates)
def test_splitting_a_period_into_touching_ones_never_changes_the_verdict(others, whole, cut, on):
    last = whole.end if whole.end is not None else date(2030, 1, 1)
    split_end = whole.start + timedelta(cut)
    assume(split_end < last)
    first = Registration(whole.district_code, whole.inside_municipality, whole.start, split_end)
    second = Registration(
        whole.district_code, whole.inside_municipality, split_end + ONE_DAY, whole.end
    )
    joined = nominee(registrations=(*others, whole))
    split = nominee(registrations=(*others, first, second))
    assert check(split, on) == check(joined, on)


@given(
    st.lists(periods(), max_size=4),
    here_periods,
    st.integers(-30, 901),
    st.none() | st.integers(0, 900),
    near_dates,
)
@example(  # b is the single day before a starts
    [], Registration(DISTRICT, False, date(2025, 6, 2)), -1, 0, date(2026, 6, 1)
)
def test_joining_adjacent_periods_never_changes_the_verdict(others, a, offset, length, on):
    # b runs from the day before a starts at the latest to the day after a ends at the
    # earliest: they overlap or touch.
    a_last = a.end if a.end is not None else date(2030, 1, 1)
    b_start = a.start + timedelta(offset)
    b_end = None if length is None else b_start + timedelta(length)
    assume(b_start <= a_last + ONE_DAY)
    assume(b_end is None or b_end >= a.start - ONE_DAY)
    b = Registration(DISTRICT, False, b_start, b_end)
    start = min(a.start, b.start)
    end = None if a.end is None or b.end is None else max(a.end, b.end)
    union = Registration(DISTRICT, False, start, end)
    apart = nominee(registrations=(*others, a, b))
    together = nominee(registrations=(*others, union))
    assert check(apart, on) == check(together, on)


@given(st.sampled_from(sorted(DEFAULT_DISQUALIFYING_POSITIONS)), positions(), near_dates)
def test_a_disqualifying_position_counts_iff_held_on_the_day(kind, held, on):
    held = PositionHeld(kind, held.start, held.end)
    holds = (held.start is None or held.start <= on) and (held.end is None or on <= held.end)
    assert ("position" in codes(check(nominee(positions=(held,)), on))) == holds


@given(st.dictionaries(st.from_regex(r"[0-9]{4}", fullmatch=True), counts, max_size=8), counts)
def test_district_cap_flags_exactly_the_districts_over(selected, cap):
    findings = check_district_selection(selected, EligibilityRules(max_per_district=cap))
    over = sorted(code for code, n in selected.items() if n > cap)
    assert [f.message.split()[1] for f in findings] == over
    assert all(f.code == "district_cap" for f in findings)


@given(
    st.dictionaries(
        st.sampled_from([*RULES.business_channels, "other"]), st.integers(0, 8), max_size=4
    ),
    st.integers(0, 20),
)
def test_business_cap_flags_iff_total_over(selected, cap):
    findings = check_business_selection(selected, EligibilityRules(max_business=cap))
    assert ("business_cap" in [f.code for f in findings]) == (sum(selected.values()) > cap)
    assert ("business_channel" in [f.code for f in findings]) == ("other" in selected)
