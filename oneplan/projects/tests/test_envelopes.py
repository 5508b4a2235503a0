"""Envelope arithmetic: the cluster/province split and the ranking within an envelope.

Properties checked with Hypothesis over any amounts and shares, then worked examples,
including the regime's share read from the database.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneplan.projects.envelopes import (
    RankItem,
    rank_key,
    rank_proposals,
    split_envelope,
    to_satang,
)

D = Decimal


def baht(satang: int) -> Decimal:
    return D(satang).scaleb(-2)


amounts = st.integers(min_value=0, max_value=10**13).map(baht)  # up to 100,000 million baht
shares = st.decimals(min_value=0, max_value=100, places=2)
province_envelopes = st.dictionaries(
    st.text(alphabet="0123456789", min_size=2, max_size=2), amounts, max_size=12
)


# --------------------------------------------------------------------------- the split


def is_whole_satang(value: Decimal) -> bool:
    return value == value.quantize(D("0.01")) and value.as_tuple().exponent >= -2


@given(province_envelopes, shares)
def test_split_adds_up_exactly_and_is_never_negative(envelopes, percent):
    split = split_envelope(envelopes, percent)
    assert split.cluster + sum(split.provinces.values(), D(0)) == sum(envelopes.values(), D(0))
    assert split.total == sum(envelopes.values(), D(0))
    assert split.cluster >= 0 and all(share >= 0 for share in split.provinces.values())
    assert list(split.provinces) == list(envelopes)
    assert all(is_whole_satang(v) for v in (split.cluster, *split.provinces.values()))
    assert split.provinces_total == split.total - split.cluster


@given(province_envelopes, shares)
def test_cluster_share_is_the_rounded_percentage(envelopes, percent):
    split = split_envelope(envelopes, percent)
    exact = Fraction(split.total) * Fraction(percent) / 100
    assert abs(Fraction(split.cluster) - exact) <= Fraction(1, 200)  # half a satang


@given(province_envelopes, shares)
def test_each_province_keeps_its_proportion_within_one_satang(envelopes, percent):
    split = split_envelope(envelopes, percent)
    total = sum(envelopes.values(), D(0))
    left = Fraction(split.total - split.cluster)
    for key, own in envelopes.items():
        exact = left * Fraction(own) / Fraction(total) if total else Fraction(0)
        assert abs(Fraction(split.provinces[key]) - exact) < Fraction(1, 100)


@given(province_envelopes, shares)
def test_split_is_deterministic(envelopes, percent):
    assert split_envelope(envelopes, percent) == split_envelope(dict(envelopes), percent)


def test_split_30_70_of_three_provinces():
    split = split_envelope(
        {"20": D("10000000.00"), "21": D("8000000.00"), "24": D("6000000.00")}, D("30")
    )
    assert split.total == D("24000000.00")
    assert split.cluster == D("7200000.00")
    assert split.provinces == {
        "20": D("7000000.00"),
        "21": D("5600000.00"),
        "24": D("4200000.00"),
    }


def test_split_hands_out_the_rounding_satang_by_largest_remainder():
    # 10.00 at 30 %: cluster 3.00; 7.00 among 3.33 / 3.33 / 3.34 of envelope.
    split = split_envelope({"20": D("3.33"), "21": D("3.33"), "24": D("3.34")}, D("30"))
    assert split.cluster == D("3.00")
    # exact shares 2.331, 2.331, 2.338: floors 2.33, 2.33, 2.33 and one satang to "24".
    assert split.provinces == {"20": D("2.33"), "21": D("2.33"), "24": D("2.34")}
    # Ties go to the larger envelope, then to the order given.
    tie = split_envelope({"a": D("0.01"), "b": D("0.01"), "c": D("0.01")}, D("30"))
    assert tie.cluster == D("0.01") and tie.provinces == {
        "a": D("0.01"),
        "b": D("0.01"),
        "c": D("0.00"),
    }
    # Half a satang rounds up: 30 % of 0.05 is 0.015.
    assert split_envelope({"a": D("0.05")}, D("30")).cluster == D("0.02")


def test_split_edge_cases():
    assert split_envelope({}, D("30")).cluster == D("0.00")
    nothing = split_envelope({"20": D("0"), "21": D("0")}, D("30"))
    assert nothing.cluster == 0 and set(nothing.provinces.values()) == {D("0.00")}
    everything = split_envelope({"20": D("5.00"), "21": D("5.00")}, D("100"))
    assert everything.cluster == D("10.00") and set(everything.provinces.values()) == {0}
    assert split_envelope({"20": D("5.00")}, D("0")).provinces == {"20": D("5.00")}


@pytest.mark.parametrize(
    ("envelopes", "percent", "error"),
    [
        ({"20": D("-1")}, D("30"), ValueError),
        ({"20": D("1.005")}, D("30"), ValueError),
        ({"20": D("NaN")}, D("30"), ValueError),
        ({"20": 1.5}, D("30"), TypeError),
        ({"20": D("1")}, D("100.01"), ValueError),
        ({"20": D("1")}, D("-1"), ValueError),
    ],
)
def test_split_refuses_bad_input(envelopes, percent, error):
    with pytest.raises(error):
        split_envelope(envelopes, percent)


def test_to_satang():
    assert to_satang(D("1234.50")) == 123450
    assert to_satang(D("1E+3")) == 100000
    assert to_satang(7) == 700


# --------------------------------------------------------------------------- the ranking

ranking_items = st.lists(
    st.tuples(
        st.none() | st.integers(min_value=1, max_value=5),
        st.none() | st.decimals(min_value=0, max_value=100, places=2),
        st.integers(min_value=0, max_value=10**11).map(baht),
        st.text(alphabet="ABC-0123", min_size=1, max_size=6),
    ),
    max_size=25,
    unique_by=lambda t: t[3],
).map(
    lambda rows: [
        RankItem(
            proposal_id=pk,
            issue_priority=priority,
            score=score,
            amount=amount,
            reference_code=code,
        )
        for pk, (priority, score, amount, code) in enumerate(rows, start=1)
    ]
)
envelopes = st.integers(min_value=0, max_value=10**12).map(baht)


@given(ranking_items, envelopes)
def test_ranking_totals(items, envelope):
    ranking = rank_proposals(items, envelope)
    assert ranking.total_within <= envelope
    assert ranking.total_within + ranking.total_outside == ranking.total_requested
    assert ranking.total_requested == sum((i.amount for i in items), D(0))
    assert ranking.remaining == envelope - ranking.total_within >= 0
    assert ranking.envelope == envelope


@given(ranking_items, envelopes)
def test_ranks_cumulative_and_the_strict_line(items, envelope):
    rows = rank_proposals(items, envelope).rows
    assert [r.rank for r in rows] == list(range(1, len(items) + 1))
    assert sorted(r.proposal_id for r in rows) == sorted(i.proposal_id for i in items)
    running = D(0)
    for row in rows:
        running += row.amount
        assert row.cumulative == running
    assert all(a.cumulative <= b.cumulative for a, b in pairwise(rows))
    flags = [r.within_envelope for r in rows]
    assert flags == sorted(flags, reverse=True)  # within ones first, then none
    for row in rows:
        assert row.within_envelope == (
            row.cumulative <= envelope and all(r.within_envelope for r in rows[: row.rank - 1])
        )


@given(ranking_items, envelopes)
def test_order_respects_priority_then_score_then_code(items, envelope):
    by_id = {i.proposal_id: i for i in items}
    ordered = [by_id[r.proposal_id] for r in rank_proposals(items, envelope).rows]
    for above, below in pairwise(ordered):
        pa, pb = above.issue_priority, below.issue_priority
        assert pb is None or (pa is not None and pa <= pb)
        if pa == pb:
            sa, sb = above.score, below.score
            assert sb is None or (sa is not None and sa >= sb)
            if sa == sb:
                assert above.reference_code < below.reference_code
    assert ordered == sorted(items, key=rank_key)


@given(ranking_items, envelopes, st.randoms(use_true_random=False))
def test_ranking_is_deterministic(items, envelope, rnd: random.Random):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank_proposals(shuffled, envelope) == rank_proposals(items, envelope)


def item(pk: int, priority: int | None, score: str | None, amount: str, code: str) -> RankItem:
    return RankItem(pk, priority, D(score) if score else None, D(amount), code)


def test_ranking_worked_example_with_the_strict_line():
    items = [
        item(1, 2, None, "3000000", "R-03"),
        item(2, 1, "80", "4000000", "R-02"),
        item(3, None, "99", "500000", "R-04"),
        item(4, 1, "90", "5000000", "R-01"),
        item(5, 1, None, "2000000", "R-00"),
    ]
    ranking = rank_proposals(items, D("10000000"))
    assert [(r.rank, r.proposal_id, r.cumulative, r.within_envelope) for r in ranking.rows] == [
        (1, 4, D("5000000.00"), True),
        (2, 2, D("9000000.00"), True),
        (3, 5, D("11000000.00"), False),  # the line: 2 M do not fit in the 1 M left
        (4, 1, D("14000000.00"), False),
        (5, 3, D("14500000.00"), False),  # would fit in the 1 M left, but is below the line
    ]
    assert ranking.total_within == D("9000000.00")
    assert ranking.remaining == D("1000000.00")
    assert ranking.line_rank == 3
    assert ranking.total_outside == D("5500000.00")


def test_ranking_edge_cases():
    empty = rank_proposals([], D("100"))
    assert empty.rows == () and empty.remaining == D("100.00") and empty.line_rank is None
    exact = rank_proposals([item(1, 1, None, "100", "A")], D("100"))
    assert exact.rows[0].within_envelope and exact.remaining == 0
    zero = rank_proposals([item(1, 1, None, "0", "A"), item(2, 1, None, "1", "B")], D("0"))
    assert [r.within_envelope for r in zero.rows] == [True, False]
    with pytest.raises(ValueError):
        rank_proposals([item(1, 1, None, "-1", "A")], D("100"))
    with pytest.raises(ValueError):
        rank_proposals([], D("-1"))


# --------------------------------------------------------------------------- the regime's share


@pytest.mark.django_db
def test_the_regime_in_the_database_sets_the_split(demo_user):
    from oneplan.areas.models import Area
    from oneplan.areas.services import cluster_of_province
    from oneplan.cycles.models import Cycle
    from oneplan.projects.action_plans import (
        cluster_envelopes,
        cluster_regime_of,
        envelope_of,
        set_envelope,
    )
    from oneplan.projects.models import Envelope

    cycle = Cycle.objects.get(fiscal_year_be=2570)
    Envelope.objects.filter(cycle=cycle).delete()  # the demo's (rolled back after the test)
    rayong = Area.objects.get(code="21")
    east1 = cluster_of_province(rayong, cluster_regime_of(cycle))
    secretariat = demo_user("secretariat")
    for code, amount in (("20", "10000000"), ("21", "8000000"), ("24", "6000000")):
        set_envelope(secretariat, cycle, Area.objects.get(code=code), D(amount))

    assert cycle.regime.cluster_share_percent == D("30")
    at_30 = cluster_envelopes(cycle, east1)
    assert at_30.computed_cluster == D("7200000.00")
    assert at_30.province_shares == {
        "20": D("7000000.00"),
        "21": D("5600000.00"),
        "24": D("4200000.00"),
    }

    cycle.regime.cluster_share_percent = D("25")
    cycle.regime.save()
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    at_25 = cluster_envelopes(cycle, east1)
    assert at_25.computed_cluster == D("6000000.00")
    assert at_25.province_shares["21"] == D("6000000.00")
    assert envelope_of(cycle, rayong) == D("6000000.00")
    assert envelope_of(cycle, east1) == D("6000000.00")
