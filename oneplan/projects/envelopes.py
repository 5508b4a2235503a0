"""Envelope arithmetic: the cluster/province split and ranking proposals within an envelope.

Plain functions on plain values (no database), exact to the satang: amounts are `Decimal`
baht holding a whole number of satang, worked on as integer satang, rounded ROUND_HALF_UP
where a share has to be rounded, never floats.

The split (DOMAIN.md §5, slide 82, ก.น.จ. 19 Nov 2009): the provincial envelopes of one
cluster are summed and the sum is split cluster : provinces = p : 100 − p (30 : 70 in the
seeds' regime; `Regime.cluster_share_percent` in the database). The cluster's share is the
rounded p % of the sum; what is left is shared among the provinces in proportion to their
own envelopes by the largest-remainder method, so that every share is a whole number of
satang, each within one satang of its exact proportional value, and

    cluster + Σ provinces == Σ provincial envelopes      (exactly).

The ranking (`rank_proposals`) orders proposals by the priority of the strategic issue they
serve (1 first, none last), then by weighted screening score (highest first, none last),
then by reference code, and draws **a strict line**: walking down the list, a proposal is
within the envelope while the running total still fits; the first proposal that does not
fit, *and every proposal after it*, is outside the envelope — even a later, smaller one
that would fit in what is left. The order is the committee's order of priority: filling
the gap with a lower-ranked project would put it ahead of a higher-ranked one that was cut.
What is left (`Ranking.remaining`) is reported so that the committee can trim the first
project below the line or move a project up, as a decision of its own.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

__all__ = [
    "RankItem",
    "RankRow",
    "Ranking",
    "Split",
    "from_satang",
    "rank_proposals",
    "split_envelope",
    "to_satang",
]

K = TypeVar("K", bound=Hashable)

SATANG = Decimal("0.01")
HUNDRED = 100


def to_satang(amount: Decimal) -> int:
    """Whole satang in a baht amount; refuses floats, negatives and fractions of a satang."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"จำนวนเงินต้องเป็น Decimal ไม่ใช่ {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"จำนวนเงินไม่ถูกต้อง: {amount}")
    if value < 0:
        raise ValueError(f"จำนวนเงินติดลบไม่ได้: {amount}")
    numerator, denominator = value.as_integer_ratio()
    satang, rest = divmod(numerator * HUNDRED, denominator)
    if rest:
        raise ValueError(f"จำนวนเงินละเอียดเกินหนึ่งสตางค์: {amount}")
    return satang


def from_satang(satang: int) -> Decimal:
    """Baht with two places from whole satang."""
    return (Decimal(satang) / HUNDRED).quantize(SATANG)


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for non-negative integers."""
    quotient, rest = divmod(numerator, denominator)
    return quotient + 1 if 2 * rest >= denominator else quotient


# --------------------------------------------------------------------------- the split


@dataclass(frozen=True)
class Split(Generic[K]):
    """One cluster's envelope split: the cluster's share and each province's remaining share."""

    share_percent: Decimal
    total: Decimal  # Σ the provincial envelopes
    cluster: Decimal  # the cluster's share
    provinces: Mapping[K, Decimal]  # each province's remaining share, in the input's order

    @property
    def provinces_total(self) -> Decimal:
        return sum(self.provinces.values(), Decimal("0.00"))


def split_envelope(
    provincial_amounts: Mapping[K, Decimal], cluster_share_percent: Decimal
) -> Split[K]:
    """Split a cluster's provincial envelopes between the cluster and its provinces.

    The cluster gets `cluster_share_percent` % of the sum, rounded half up to the satang;
    the rest goes to the provinces in proportion to their envelopes, the satang left over
    by rounding down going one each to the largest remainders (ties: the larger envelope,
    then the mapping's order — callers pass provinces sorted by code). Raises `ValueError`
    for a negative amount, a fraction of a satang or a share outside 0–100.
    """
    percent = Decimal(cluster_share_percent)
    if not percent.is_finite() or not Decimal(0) <= percent <= HUNDRED:
        raise ValueError(f"สัดส่วนของกลุ่มจังหวัดต้องอยู่ระหว่างร้อยละ 0 ถึง 100: {percent}")
    satang = {key: to_satang(amount) for key, amount in provincial_amounts.items()}
    total = sum(satang.values())
    p_num, p_den = percent.as_integer_ratio()
    cluster = _round_half_up(total * p_num, p_den * HUNDRED)
    left = total - cluster

    shares: dict[K, int] = {}
    remainders: list[tuple[int, int, int, K]] = []
    for index, (key, own) in enumerate(satang.items()):
        share, rest = divmod(left * own, total) if total else (0, 0)
        shares[key] = share
        remainders.append((-rest, -own, index, key))
    leftover = left - sum(shares.values())  # fewer than the number of provinces
    for _rest, _own, _index, key in sorted(remainders)[:leftover]:
        shares[key] += 1

    return Split(
        share_percent=percent,
        total=from_satang(total),
        cluster=from_satang(cluster),
        provinces={key: from_satang(share) for key, share in shares.items()},
    )


# --------------------------------------------------------------------------- the ranking


@dataclass(frozen=True)
class RankItem:
    """What the ranking needs of one proposal."""

    proposal_id: int
    issue_priority: int | None  # priority of its strategic issue (1 = first), None = none
    score: Decimal | None  # weighted screening score, None = not scored
    amount: Decimal  # baht requested in the cycle's fiscal year
    reference_code: str


@dataclass(frozen=True)
class RankRow:
    rank: int  # 1, 2, 3 ...
    proposal_id: int
    amount: Decimal
    cumulative: Decimal  # Σ amounts of this row and every row above it
    within_envelope: bool


@dataclass(frozen=True)
class Ranking:
    envelope: Decimal
    rows: tuple[RankRow, ...]

    @property
    def total_requested(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    @property
    def total_within(self) -> Decimal:
        return sum((row.amount for row in self.rows if row.within_envelope), Decimal("0.00"))

    @property
    def total_outside(self) -> Decimal:
        return sum((row.amount for row in self.rows if not row.within_envelope), Decimal("0.00"))

    @property
    def remaining(self) -> Decimal:
        """What the envelope has left after the proposals within it."""
        return self.envelope - self.total_within

    @property
    def line_rank(self) -> int | None:
        """The rank of the first proposal outside the envelope (None when all fit)."""
        return next((row.rank for row in self.rows if not row.within_envelope), None)


def rank_key(item: RankItem) -> tuple[bool, int, bool, Decimal, str, int]:
    """Issue priority (none last), score (highest first, none last), reference code."""
    return (
        item.issue_priority is None,
        item.issue_priority or 0,
        item.score is None,
        -(item.score or Decimal(0)),
        item.reference_code,
        item.proposal_id,
    )


def rank_proposals(items: Iterable[RankItem], envelope: Decimal) -> Ranking:
    """Rank proposals and draw the strict line of the envelope (see the module's docstring).

    Raises `ValueError` for a negative amount or envelope or a fraction of a satang.
    """
    limit = to_satang(envelope)
    rows: list[RankRow] = []
    cumulative = 0
    fits = True
    for rank, item in enumerate(sorted(items, key=rank_key), start=1):
        amount = to_satang(item.amount)
        cumulative += amount
        fits = fits and cumulative <= limit
        rows.append(
            RankRow(
                rank=rank,
                proposal_id=item.proposal_id,
                amount=from_satang(amount),
                cumulative=from_satang(cumulative),
                within_envelope=fits,
            )
        )
    return Ranking(envelope=from_satang(limit), rows=tuple(rows))
