"""Proposals to test against, built through the ORM."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.orgs.models import Organisation
from oneplan.projects.models import BudgetLine, Proposal, ProposalStatus

_codes = count(1)


def make_proposal(
    *,
    title: str = "โครงการส่งเสริมการผลิตทุเรียนคุณภาพเพื่อการส่งออก",
    year: int = 2570,
    area: str = "21",
    status: str = ProposalStatus.FULL,
    proposer: Organisation | None = None,
    budget: Decimal = Decimal("2500000"),
    **fields,
) -> Proposal:
    cycle = Cycle.objects.get(fiscal_year_be=year)
    province = Area.objects.get(code=area[:2])
    proposal = Proposal.objects.create(
        cycle=cycle,
        level="province",
        province=province,
        area=Area.objects.get(code=area),
        reference_code=fields.pop("reference_code", f"T-{year}-{next(_codes):05d}"),
        title=title,
        objectives=fields.pop("objectives", "เพื่อเพิ่มรายได้ของเกษตรกรผู้ปลูกทุเรียน"),
        funding_channel=fields.pop("funding_channel", "province"),
        proposer_kind=fields.pop("proposer_kind", "agency"),
        proposer=proposer,
        status=status,
        **fields,
    )
    if budget:
        BudgetLine.objects.create(
            proposal=proposal, fiscal_year_be=year, category="operating", amount=budget
        )
    return proposal
