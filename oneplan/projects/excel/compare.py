"""Comparing a valid row with the stored proposal: only what differs is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from oneplan.plans.importing import _same
from oneplan.projects.excel.cells import IndicatorItem, OutputItem
from oneplan.projects.excel.context import Context
from oneplan.projects.excel.rows import MISSING, ProposalRow
from oneplan.projects.models import BudgetLine, Proposal, ProposalIndicator, ProposalOutput


@dataclass
class Children:
    """A proposal's budget, outputs, indicators and locations as plain values, to compare."""

    budget: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    outputs: list[OutputItem] = field(default_factory=list)
    indicators: list[IndicatorItem] = field(default_factory=list)
    locations: set[str] = field(default_factory=set)


def children_of(ids: list[int]) -> dict[int, Children]:
    """The children of many proposals in four queries of plain values (no model instances)."""
    found = {pk: Children() for pk in ids}
    lines = BudgetLine.objects.filter(proposal_id__in=ids, amount__gt=0)
    for pk, year, category, amount in lines.values_list(
        "proposal_id", "fiscal_year_be", "category", "amount"
    ):
        found[pk].budget[(year, category)] = amount
    outputs = ProposalOutput.objects.filter(proposal_id__in=ids).order_by("proposal_id", "pk")
    for pk, *item in outputs.values_list("proposal_id", "description", "unit", "quantity"):
        found[pk].outputs.append(tuple(item))
    indicators = ProposalIndicator.objects.filter(proposal_id__in=ids).order_by("proposal_id", "pk")
    for pk, *item in indicators.values_list("proposal_id", "name", "unit", "target"):
        found[pk].indicators.append(tuple(item))
    places = Proposal.locations.through.objects.filter(proposal_id__in=ids)
    for pk, code in places.values_list("proposal_id", "area_id"):
        found[pk].locations.add(code)
    return found


def equal(current: Any, new: Any) -> bool:
    """Equal values; texts compared as cleaned (both sides are cleaned already, almost always)."""
    return current == new or _same(current, new)


def _same_items(current: Sequence[tuple], new: Sequence[tuple]) -> bool:
    return len(current) == len(new) and all(
        all(equal(a, b) for a, b in zip(old, item, strict=True))
        for old, item in zip(current, new, strict=True)
    )


def _same_budget(current: dict, new: dict) -> bool:
    return current.keys() == new.keys() and all(current[k] == new[k] for k in new)


@dataclass
class Change:
    """What differs between a proposal and its row."""

    fields: dict[str, Any]
    old: dict[str, Any]
    budget: bool
    outputs: bool
    indicators: bool
    locations: bool

    @property
    def any(self) -> bool:
        return bool(self.fields or self.budget or self.outputs or self.indicators or self.locations)


def wanted_fields(context: Context, row: ProposalRow, new: bool) -> dict[str, Any]:
    values = {k: v for k, v in row.values.items() if v is not MISSING}
    values["area_id"] = row.area_code
    values["proposer_kind"] = context.spec.proposer_kind
    if context.proposer is not None or new:
        values["proposer_id"] = context.proposer.pk if context.proposer is not None else None
    return values


def compare(context: Context, row: ProposalRow, proposal: Proposal, now: Children) -> Change:
    wanted = wanted_fields(context, row, new=False)
    fields = {k: v for k, v in wanted.items() if not equal(getattr(proposal, k), v)}
    old = {k: getattr(proposal, k) for k in fields}
    return Change(
        fields=fields,
        old=old,
        budget=row.budget is not None and not _same_budget(now.budget, row.budget),
        outputs=row.outputs is not None and not _same_items(now.outputs, row.outputs),
        indicators=row.indicators is not None and not _same_items(now.indicators, row.indicators),
        locations=row.locations is not None and now.locations != row.locations,
    )
