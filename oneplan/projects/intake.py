"""One intake for proposals: a typed draft, its invariants checked once, one atomic save.

The page form, the API and the Excel rows only parse what they are sent into a
`ProposalDraft` (types and their own format errors), call `validate` and map each
`Problem` back to their own channel (a form field, a DRF `{field: [message]}`, a sheet's
row and column); then `do_save_proposal` writes it (Zulip's `actions/do_*` style).
A problem names the draft's field in `Problem.column` (no sheet, no row).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, Cluster
from oneplan.audit.versioning import save_if_current
from oneplan.cycles.models import Cycle
from oneplan.documents.workbook import Problem
from oneplan.documents.workbook import field_problem as problem
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.models import (
    FUNDING_CHANNELS,
    BudgetCategory,
    BudgetLine,
    FundingChannel,
    Level,
    Proposal,
    ProposalIndicator,
    ProposalOutput,
)
from oneplan.projects.owners import plan_years

__all__ = ["Problem", "ProposalDraft", "do_save_proposal", "problem", "validate"]

# The proposal's own columns a draft carries (its many-to-many and lines are apart).
SCALARS = (
    "cycle",
    "reference_code",
    "title",
    "rationale",
    "objectives",
    "expected_outcomes",
    "benefits",
    "level",
    "area",
    "cluster",
    "whole_area",
    "start_date",
    "end_date",
    "funding_channel",
    "proposer_kind",
    "proposer",
    "responsible_agency",
    "issue",
    "goal",
    "strategy",
    "indicator",
    "stage",
    "requests_budget_directly",
    "negative_impacts_analysed",
)

# A proposal's links into a plan → what is said when the linked item is not in the plan of
# the province or cluster proposing.
PLAN_LINKS = {
    "issue": gettext_lazy(
        "This strategic issue is not in the development plan of the proposing province or cluster"
    ),
    "goal": gettext_lazy(
        "This goal is not in the development plan of the proposing province or cluster"
    ),
    "strategy": gettext_lazy(
        "This strategy is not in the development plan of the proposing province or cluster"
    ),
    "indicator": gettext_lazy(
        "This indicator is not in the development plan of the proposing province or cluster"
    ),
    "stage": gettext_lazy(
        "This value-chain stage is not in the development plan of the proposing province or cluster"
    ),
}

Budget = dict[tuple[int, str], Decimal]


@dataclass
class ProposalDraft:
    """Everything a proposal is written with. `budget`, `locations`, `tags`, `outputs` and
    `indicators` are None when the writer does not set them (they stay as they are)."""

    cycle: Cycle | None = None
    reference_code: str = ""
    title: str = ""
    rationale: str = ""
    objectives: str = ""
    expected_outcomes: str = ""
    benefits: str = ""
    level: str = Level.PROVINCE
    area: Area | None = None
    cluster: Cluster | None = None
    whole_area: bool = False
    start_date: date | None = None
    end_date: date | None = None
    funding_channel: str = ""
    proposer_kind: str = ""
    proposer: Any = None
    responsible_agency: str = ""
    issue: Any = None
    goal: Any = None
    strategy: Any = None
    indicator: Any = None
    stage: Any = None
    requests_budget_directly: bool = False
    negative_impacts_analysed: bool = False
    budget: Budget | None = None
    locations: list[Area] | None = None
    tags: list[Any] | None = None
    outputs: list[tuple[str, str, Any]] | None = None
    indicators: list[tuple[str, str, Any]] | None = None
    # The names of the fields the writer set (None: all of them); a check of an
    # unchanged, stored link is not repeated on every later edit.
    sent: frozenset[str] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, proposal: Proposal, **changes: Any) -> ProposalDraft:
        """The draft of a proposal as it is (its scalars), with `changes` on top."""
        values = {name: _stored(proposal, name) for name in SCALARS}
        values["level"] = values["level"] or Level.PROVINCE
        if proposal.pk is not None and "locations" not in changes:
            values["locations"] = list(proposal.locations.all())
        values.update(changes)
        return cls(**values)

    def set(self, name: str) -> bool:
        return self.sent is None or name in self.sent

    def province(self) -> Area | None:
        if self.area is None:
            return None
        if len(self.area.code) == 2:
            return self.area
        return Area.objects.filter(code=self.area.province_code).first()

    def owner(self) -> Area | Cluster | None:
        """The body whose action plan the proposal is for: its cluster, else its province."""
        if self.level == Level.CLUSTER:
            return self.cluster
        return self.province()


def _stored(proposal: Proposal, name: str) -> Any:
    """A field's value on the proposal; None for a link not set (no query, no error)."""
    model_field = Proposal._meta.get_field(name)
    if model_field.is_relation and getattr(proposal, model_field.attname) is None:
        return None
    return getattr(proposal, name)


def years_message(year: int, years: list[int]) -> str:
    # The upload's message for a year outside the plan.
    return _("The year B.E. %(year)s is outside the plan's years (B.E. %(first)s–%(last)s)") % {
        "year": year,
        "first": years[0],
        "last": years[-1],
    }


def budget_years(cycle: Cycle, owner: Area | Cluster | None) -> list[int]:
    """The fiscal years a proposal may ask money for: those of the Excel templates (the
    years of the owner's plan covering the cycle); without an owner, the cycle's year and
    the ones after it, as many as its regime's `fallback_budget_years`."""
    if owner is not None:
        return list(plan_years(cycle, owner))
    first = cycle.fiscal_year_be
    return list(range(first, first + cycle.regime.fallback_budget_years))


# --------------------------------------------------------------------------- the invariants


def validate(draft: ProposalDraft, *, user: Any = None) -> list[Problem]:
    """Every invariant of a proposal across its fields, once; [] when it may be saved.
    (Who may save it is the policy's, asked by `do_save_proposal`.)"""
    return [
        *_dates(draft),
        *_owner(draft),
        *_funding(draft),
        *_places(draft),
        *_plan_links(draft),
        *_budget(draft),
    ]


def _dates(draft: ProposalDraft) -> list[Problem]:
    message = Proposal.dates_problem(draft.start_date, draft.end_date)
    return [problem("end_date", message)] if message else []


def _funding(draft: ProposalDraft) -> list[Problem]:
    """The budget source must be one the cycle's regime allows (issue 11)."""
    regime = draft.cycle.regime if draft.cycle is not None else None
    allowed = FUNDING_CHANNELS.of(regime)
    if not draft.funding_channel or draft.funding_channel in allowed:
        return []
    if not (draft.set("funding_channel") or draft.set("cycle")):
        return []  # a proposal saved before the regime changed keeps its source
    return [
        problem(
            "funding_channel",
            _("The cycle's regime does not take this budget source (it takes: %(sources)s).")
            % {"sources": ", ".join(str(FundingChannel(c).label) for c in allowed)},
        )
    ]


def _owner(draft: ProposalDraft) -> list[Problem]:
    if draft.level != Level.CLUSTER:
        if draft.cluster is not None and draft.set("cluster"):
            return [
                problem(
                    "cluster",
                    _("A cluster can be given only for a cluster's project (level = cluster)"),
                )
            ]
        return []
    if draft.cluster is None:
        return [problem("cluster", _("A cluster's project must name its cluster (cluster)"))]
    regime = draft.cycle.regime if draft.cycle is not None else None
    if (
        regime is not None
        and not regime.takes_cluster(draft.cluster)
        and (draft.set("cluster") or draft.set("cycle"))
    ):  # a 2551-regime year's clusters are the 2009 ones (issue 11)
        return [
            problem(
                "cluster",
                _("This cluster is not in the cluster set of the cycle's regime (%(regime)s).")
                % {"regime": regime.cluster_regime},
            )
        ]
    province = draft.province()
    if (
        province is not None
        and not draft.cluster.memberships.filter(province_id=province.code).exists()
    ):
        return [
            problem(
                "cluster",
                _("%(province)s is not in %(cluster)s")
                % {"province": province.display_name, "cluster": draft.cluster.name_th},
            )
        ]
    return []


def _places(draft: ProposalDraft) -> list[Problem]:
    if not draft.locations or not ({"locations", "area", "cluster", "level"} & _sent(draft)):
        return []
    province = draft.province()
    if draft.level == Level.CLUSTER:
        if draft.cluster is None:
            return []
        inside = set(draft.cluster.memberships.values_list("province_id", flat=True))
        name = draft.cluster.name_th
    else:
        if province is None:
            return []
        inside, name = {province.code}, province.display_name
    outside = [a for a in draft.locations if a.province_code not in inside]
    if outside:
        return [
            problem(
                "locations",
                _("The area “%(area)s” is not in %(owner)s")
                % {"area": outside[0].display_name, "owner": name},
            )
        ]
    return []


def _plan_links(draft: ProposalDraft) -> list[Problem]:
    found: list[Problem] = []
    owner_set = bool({"area", "level", "cluster"} & _sent(draft))
    province = draft.province()
    for name, what in PLAN_LINKS.items():
        linked = getattr(draft, name)
        if linked is None or not (owner_set or draft.set(name)):
            continue
        plan = linked.edition.plan
        if draft.level == Level.CLUSTER:
            ours = draft.cluster is not None and plan.cluster_id == draft.cluster.pk
        else:
            ours = province is not None and plan.province_id == province.code
        if not ours:
            found.append(problem(name, what))
    issue, strategy = draft.issue, draft.strategy
    refused = {p.column for p in found}
    if (
        "strategy" not in refused
        and issue is not None
        and strategy is not None
        and strategy.issue_id not in (None, issue.pk)
        and (draft.set("issue") or draft.set("strategy"))
    ):
        found.append(
            problem("strategy", _("This strategy is not under the chosen strategic issue."))
        )
    return found


def _budget(draft: ProposalDraft) -> list[Problem]:
    if not draft.budget:
        return []
    found: list[Problem] = []
    for (_year, category), amount in sorted(draft.budget.items()):
        if amount is not None and amount < 0:
            found.append(problem("budget", _("An amount cannot be negative.")))
            break
        if category not in BudgetCategory.values:
            found.append(
                problem(
                    "budget",
                    _("There is no budget category “%(category)s”") % {"category": category},
                )
            )
            break
    if draft.cycle is not None and draft.area is not None:
        years = budget_years(draft.cycle, draft.owner())
        outside = sorted({year for year, _category in draft.budget} - set(years))
        if years and outside:
            found.append(problem("budget", years_message(outside[0], years)))
    return found


def _sent(draft: ProposalDraft) -> set[str]:
    if draft.sent is None:
        return {f.name for f in fields(draft)}
    return set(draft.sent)


# --------------------------------------------------------------------------- the one save


MSG_DENIED = gettext_lazy("You may not change this proposal.")


@transaction.atomic
def do_save_proposal(
    user: Any,
    draft: ProposalDraft,
    proposal: Proposal | None = None,
    expected_version: int | None = None,
    *,
    denied: str | None = None,
) -> Proposal:
    """Create (`proposal` None, or unsaved) or change a proposal as the draft says, after the
    policy says yes, in one transaction: only the fields that differ are written, with the
    version claim (`expected_version`: `StaleVersion` when someone saved it since), then its
    budget lines, places, tags, outputs and indicators; the audit entries name the user.
    The caller has checked the draft (`validate`); the model's `clean` is asked again."""
    proposal = proposal if proposal is not None else Proposal()
    adding = proposal.pk is None
    if not adding:
        # The proposal as it is stored must be the user's too: naming oneself the proposer
        # of someone else's proposal must not make it one's own.
        policy.require(
            user, Action.CHANGE, Proposal.objects.get(pk=proposal.pk), denied or MSG_DENIED
        )
    changed = _set_scalars(proposal, draft)
    policy.require(user, Action.ADD if adding else Action.CHANGE, proposal, denied or MSG_DENIED)
    proposal.full_clean(exclude=["locations", "tags"])
    with set_actor(user):
        if adding and getattr(user, "is_authenticated", False):
            proposal.created_by = user
        if adding or changed:
            save_if_current(proposal, expected_version, None if adding else changed)
        if draft.budget is not None:
            set_budget(proposal, draft.budget)
        _set_lines(proposal, draft, adding)
        if draft.tags is not None:
            proposal.tags.set(draft.tags)
        if draft.locations is not None:
            proposal.locations.set(draft.locations)
    return proposal


def changed_scalars(proposal: Proposal, draft: ProposalDraft) -> list[str]:
    """The proposal's own fields the draft sets to another value (all it sets, when new)."""
    adding = proposal.pk is None
    changed: list[str] = []
    for name in SCALARS:
        if not draft.set(name):
            continue
        value = getattr(draft, name)
        model_field = Proposal._meta.get_field(name)
        wanted = value.pk if model_field.is_relation and value is not None else value
        if adding or getattr(proposal, model_field.attname) != wanted:
            changed.append(name)
    return changed


def differs(proposal: Proposal, draft: ProposalDraft) -> bool:
    """Whether saving the draft would change anything (a new proposal always does)."""
    if proposal.pk is None or changed_scalars(proposal, draft):
        return True
    return (
        _budget_differs(proposal, draft)
        or _lines_differ(proposal, draft)
        or _links_differ(proposal, draft)
    )


def _budget_differs(proposal: Proposal, draft: ProposalDraft) -> bool:
    """Whether the draft sets a budget other than the proposal's (zero lines left out)."""
    if draft.budget is None:
        return False
    have = {(b.fiscal_year_be, b.category): b.amount for b in proposal.budget_lines.all()}
    return {k: v for k, v in draft.budget.items() if v} != have


def _lines_differ(proposal: Proposal, draft: ProposalDraft) -> bool:
    """Whether the draft sets outputs or indicators other than the proposal's."""
    if draft.outputs is not None and draft.outputs != [
        (o.description, o.unit, o.quantity) for o in proposal.outputs.all()
    ]:
        return True
    return draft.indicators is not None and draft.indicators != [
        (i.name, i.unit, i.target) for i in proposal.indicators.all()
    ]


def _links_differ(proposal: Proposal, draft: ProposalDraft) -> bool:
    """Whether the draft sets tags or locations other than the proposal's."""
    if draft.tags is not None and {t.pk for t in draft.tags} != {t.pk for t in proposal.tags.all()}:
        return True
    return draft.locations is not None and {a.pk for a in draft.locations} != {
        a.pk for a in proposal.locations.all()
    }


def preview(proposal: Proposal, draft: ProposalDraft) -> Proposal:
    """The proposal as the draft would make it, unsaved and apart from `proposal` (for
    asking the policy before anything is written)."""
    copy = Proposal(
        **{f.attname: getattr(proposal, f.attname) for f in Proposal._meta.concrete_fields}
    )
    copy._state.adding = proposal._state.adding
    _set_scalars(copy, draft)
    return copy


def _set_scalars(proposal: Proposal, draft: ProposalDraft) -> list[str]:
    changed = changed_scalars(proposal, draft)
    for name in changed:
        setattr(proposal, name, getattr(draft, name))
    if draft.area is not None:
        code = draft.area.province_code
        if proposal.province_id != code:
            proposal.province = draft.province()
            changed.append("province")
    if draft.level == Level.PROVINCE and proposal.cluster_id is not None:
        proposal.cluster = None
        changed.append("cluster")
    return list(dict.fromkeys(changed))


def _set_lines(proposal: Proposal, draft: ProposalDraft, adding: bool) -> None:
    if draft.outputs is not None:
        have = [(o.description, o.unit, o.quantity) for o in proposal.outputs.all()]
        if adding or have != draft.outputs:
            for old in proposal.outputs.all():
                old.delete()  # one by one, so that each leaves its audit entry
            for description, unit, quantity in draft.outputs:
                ProposalOutput.objects.create(
                    proposal=proposal, description=description, unit=unit, quantity=quantity
                )
    if draft.indicators is not None:
        have = [(i.name, i.unit, i.target) for i in proposal.indicators.all()]
        if adding or have != draft.indicators:
            for old in proposal.indicators.all():
                old.delete()
            for name, unit, target in draft.indicators:
                ProposalIndicator.objects.create(
                    proposal=proposal, name=name, unit=unit, target=target
                )


def set_budget(proposal: Proposal, budget: Budget) -> None:
    """Make the proposal's budget lines exactly `budget`, touching only what differs."""
    current = {(b.fiscal_year_be, b.category): b for b in proposal.budget_lines.all()}
    for key, line in current.items():
        if key not in budget or not budget[key]:
            line.delete()
    for (year, category), amount in budget.items():
        if not amount:
            continue
        line = current.get((year, category))
        if line is None:
            BudgetLine.objects.create(
                proposal=proposal, fiscal_year_be=year, category=category, amount=amount
            )
        elif line.amount != amount:
            line.amount = amount
            line.save(update_fields=["amount"])
