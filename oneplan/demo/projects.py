"""Demo proposals for Rayong's FY 2570 action plan, from every source: agencies, districts
(beyond district capacity), the PAO, a municipality and the consultation — some not
eligible (equipment, dredging, a study tour), some near-duplicates of each other or of a
project approved in FY 2569 — plus envelopes; and three projects of the Eastern 1 cluster
office for the cluster's plan (one in one province, two spanning several); the content is
`data/proposals.yaml`. Idempotent: proposals are keyed by code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction

from oneplan.areas.models import Area, Cluster
from oneplan.core.thai import fiscal_year_range
from oneplan.cycles.models import Cycle
from oneplan.demo.files import read
from oneplan.orgs.models import Organisation, User
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan, StrategicIssue
from oneplan.projects.models import (
    BudgetLine,
    Envelope,
    ProjectTag,
    Proposal,
    ProposalOutput,
    ProposalStatus,
)
from oneplan.projects.screening import screen_proposal


@dataclass(frozen=True)
class DemoProposal:
    code: str
    title: str
    objectives: str
    rationale: str
    source: str  # ProposerKind
    proposer: str  # Organisation name_th, or ""
    area: str  # DOPA code: the province, or the proposing district
    issue: int | None  # priority of the Rayong plan's issue
    budget: dict[str, str]  # category -> baht (FY of the cycle)
    output: tuple[str, str, str] = ("", "", "")  # description, quantity, unit
    responsible: str = ""
    tags: tuple[str, ...] = ()
    status: str = ProposalStatus.FULL
    year: int = 2570
    months: tuple[int, int] = (11, 8)  # start month (Oct-Dec) and end month (Jan-Sep)
    direct: bool = False
    impacts: bool = True
    extra: dict = field(default_factory=dict)
    cluster: bool = False  # for the Eastern 1 cluster's plan (issue: the cluster plan's)
    locations: tuple[str, ...] = ()  # DOPA codes where it runs


_TUPLES = ("output", "tags", "months", "locations")


def read_proposals() -> list[DemoProposal]:
    """The demo proposals of `data/proposals.yaml` (fields left out take their defaults)."""
    return [
        DemoProposal(**{k: tuple(v) if k in _TUPLES else v for k, v in row.items()})
        for row in read("proposals.yaml")["proposals"]
    ]


def read_envelopes() -> dict[str, Decimal]:
    """Envelopes (กรอบวงเงิน) of FY 2570, in baht, for the demo's provinces; the Eastern 1
    cluster's envelope is computed from them by the regime's split (30:70)."""
    return {code: Decimal(amount) for code, amount in read("proposals.yaml")["envelopes"].items()}


def _organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(name_th=name).first() if name else None


def _issue(priority: int | None, cluster: Cluster | None = None) -> StrategicIssue | None:
    if priority is None:
        return None
    plans = Plan.objects.filter(first_year_be=2566)
    plan = (plans.filter(cluster=cluster) if cluster else plans.filter(province_id="21")).first()
    if plan is None:
        return None
    return reference_edition(plan).issues.filter(priority=priority).first()


@transaction.atomic
def load_project_demo() -> int:
    """Load the demo proposals (skipping those that exist) and the envelopes; screen them."""
    rayong = Area.objects.get(code="21")
    east1 = Cluster.objects.filter(regime__in_force=True, memberships__province=rayong).first()
    actor = User.objects.get(username="rayong")
    tags = {t.code: t for t in ProjectTag.objects.all()}
    created: list[Proposal] = []
    with set_actor(actor):
        for spec in read_proposals():
            cycle = Cycle.objects.get(fiscal_year_be=spec.year)
            if Proposal.objects.filter(cycle=cycle, reference_code=spec.code).exists():
                continue
            area = Area.objects.filter(code=spec.area).first()
            if area is None or (spec.cluster and east1 is None):
                continue  # a partial reference load (tests) without that province
            first_day, last_day = fiscal_year_range(spec.year)
            start = date(first_day.year, spec.months[0], 1)  # the months are Oct-Dec
            end = date(last_day.year, spec.months[1], 28)  # the months are Jan-Sep
            issue = _issue(spec.issue, east1 if spec.cluster else None)
            owner = (
                {"level": "cluster", "cluster": east1}
                if spec.cluster
                else {"level": "province", "province": rayong}
            )
            proposal = Proposal.objects.create(
                cycle=cycle,
                **owner,
                area=area,
                reference_code=spec.code,
                title=spec.title,
                objectives=spec.objectives,
                rationale=spec.rationale,
                expected_outcomes=spec.output[0],
                start_date=start,
                end_date=end,
                funding_channel="cluster" if spec.cluster else "province",
                proposer_kind=spec.source,
                proposer=_organisation(spec.proposer),
                responsible_agency=spec.responsible,
                issue=issue,
                strategy=issue.strategies.order_by("order").first() if issue else None,
                requests_budget_directly=spec.direct,
                negative_impacts_analysed=spec.impacts,
                status=spec.status,
                created_by=actor,
            )
            proposal.tags.set([tags[c] for c in spec.tags if c in tags])
            if spec.locations:
                proposal.locations.set(Area.objects.filter(code__in=spec.locations))
            for category, amount in spec.budget.items():
                BudgetLine.objects.create(
                    proposal=proposal,
                    fiscal_year_be=spec.year,
                    category=category,
                    amount=Decimal(amount),
                )
            if spec.output[0]:
                ProposalOutput.objects.create(
                    proposal=proposal,
                    description=spec.output[0],
                    quantity=Decimal(spec.output[1]) if spec.output[1] else None,
                    unit=spec.output[2],
                )
            created.append(proposal)
        cycle = Cycle.objects.get(fiscal_year_be=2570)
        for code, amount in read_envelopes().items():
            if Area.objects.filter(code=code).exists():
                Envelope.objects.get_or_create(
                    cycle=cycle, province_id=code, defaults={"amount": amount}
                )
    for proposal in created:
        screen_proposal(proposal)
    return len(created)
