"""Envelopes and the annual action plan (แผนปฏิบัติราชการประจำปี), as plain functions.

The national secretariat sets each province's envelope for a cycle (`set_envelope`). A
cluster's envelope is not typed in: it is the cluster's share of its provinces' envelopes
under the cycle's regime (30 : 70 in the seeds' regime), and what each province plans
with is its remaining share (`cluster_envelopes`, `envelope_of`; the arithmetic is in
`oneplan.projects.envelopes`). An envelope set for a cluster itself overrides the computed
share (for rules that allot cluster money separately); it does not change the provinces'.

`assemble` builds the action plan of a province or a cluster from its approved proposals:
those paid from the owner's own budget (provincial budget for a province, cluster budget
for a cluster) are ranked within its envelope with the strict line of
`envelopes.rank_proposals`; approved projects paid from other budgets (ministries, local
governments, the private sector) are listed after them, in the same order, and never
count against the envelope. Re-assembling with nothing changed writes nothing.

`transition` moves the plan along its regime's approval chain (by default draft → committee
→ national review → Cabinet → Budget Bureau), recording the meeting or letter that decided
each step. Every change asks the permission policy (oneplan.orgs.policy) and is recorded in
the audit trail.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, AreaLevel, Cluster, ClusterRegime
from oneplan.areas.services import cluster_of_province
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.envelopes import (
    Ranking,
    RankItem,
    RankRow,
    rank_key,
    rank_proposals,
    split_envelope,
    to_satang,
)
from oneplan.projects.models import (
    ACTION_PLAN_CHAIN,
    ActionPlan,
    ActionPlanItem,
    ActionPlanStatus,
    ActionPlanTransition,
    BudgetLine,
    Criterion,
    CriterionScore,
    Envelope,
    FundingChannel,
    Level,
    Proposal,
    ProposalStatus,
    ScreeningResult,
)
from oneplan.projects.owners import Owner, owner_filter, owner_name

ZERO = Decimal("0.00")

__all__ = [
    "ClusterEnvelopes",
    "PlanRows",
    "action_plan_title",
    "assemble",
    "cluster_envelopes",
    "disbursing_province",
    "draws_on_envelope",
    "envelope_of",
    "next_statuses",
    "plan_rows",
    "set_envelope",
    "transition",
    "weighted_scores",
]


STATUS_TH = {
    ActionPlanStatus.DRAFT: "ร่าง",
    ActionPlanStatus.COMMITTEE: "คณะกรรมการให้ความเห็นชอบแล้ว",
    ActionPlanStatus.NATIONAL: "ผ่านการพิจารณาระดับชาติแล้ว",
    ActionPlanStatus.CABINET: "คณะรัฐมนตรีเห็นชอบแล้ว",
    ActionPlanStatus.BUDGET_BUREAU: "ส่งสำนักงบประมาณแล้ว",
}

MSG_ENVELOPE_DENIED = gettext_lazy(
    "You may not set budget envelopes (only the national secretariat may)."
)
MSG_PLAN_DENIED = gettext_lazy("You may not draw up or change this action plan.")
MSG_NOT_A_PROVINCE = gettext_lazy(
    "Budget envelopes and action plans are set only for a province or a province cluster"
)
MSG_WRONG_CLUSTER_SET = gettext_lazy(
    "This province cluster is not in the cluster set used for this fiscal year"
)
MSG_BAD_AMOUNT = gettext_lazy(
    "The budget envelope must be an amount that is not negative, to the satang at most"
)
MSG_NO_ENVELOPE = gettext_lazy(
    "No budget envelope has been set for %(owner)s in the fiscal year B.E. %(year)s"
)
MSG_PAST_DRAFT = gettext_lazy(
    "This action plan has the status “%(status)s” already; it can be drawn up again only as"
    " a draft (return it to draft first)"
)
MSG_BAD_TRANSITION = gettext_lazy(
    "The action plan cannot move from the status “%(old)s” to “%(new)s”"
)
MSG_UNKNOWN_STATUS = gettext_lazy("Unknown action plan status “%(status)s”")
MSG_NO_DECIDER = gettext_lazy(
    "Please name the meeting or the letter that approved it (e.g. ก.บ.จ. meeting no. 1/2569)"
)
MSG_FUTURE_DATE = gettext_lazy("The date of approval must not be in the future")
MSG_EMPTY_PLAN = gettext_lazy(
    "The action plan has no projects yet. Please draw up the plan from approved projects first"
)


# --------------------------------------------------------------------------- owners


def next_statuses(action_plan: ActionPlan) -> tuple[str, ...]:
    """The statuses the action plan may move to, by its cycle regime's approval chain (or
    the named default, `DEFAULT_ACTION_PLAN_CHAIN`, when the regime has none of its own)."""
    return ACTION_PLAN_CHAIN.next_statuses(action_plan.cycle.regime, action_plan.status)


def cluster_regime_of(cycle: Cycle) -> ClusterRegime | None:
    """The cluster set of a cycle: its regime's, else the one in force."""
    return cycle.regime.cluster_regime or ClusterRegime.objects.filter(in_force=True).first()


def _check_owner(cycle: Cycle, owner: Owner) -> None:
    if isinstance(owner, Cluster):
        regime = cluster_regime_of(cycle)
        if regime is not None and owner.regime_id != regime.pk:
            raise ValidationError(MSG_WRONG_CLUSTER_SET)
    elif not isinstance(owner, Area) or owner.level != AreaLevel.PROVINCE:
        raise ValidationError(MSG_NOT_A_PROVINCE)


def action_plan_title(cycle: Cycle, owner: Owner) -> str:
    """ "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570 ของจังหวัดระยอง"."""
    return f"แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {cycle.fiscal_year_be} ของ{owner_name(owner)}"


# --------------------------------------------------------------------------- envelopes


def _envelope_rows(cycle: Cycle, owner: Owner) -> QuerySet[Envelope]:
    if isinstance(owner, Cluster):
        return Envelope.objects.filter(cycle=cycle, cluster=owner)
    return Envelope.objects.filter(cycle=cycle, province=owner)


@transaction.atomic
def set_envelope(user: Any, cycle: Cycle, owner: Owner, amount: Decimal) -> Envelope:
    """Set (or change) the envelope of a province or a cluster; the national secretariat's."""
    _check_owner(cycle, owner)
    try:
        to_satang(amount)
    except (TypeError, ValueError):
        raise ValidationError({"amount": MSG_BAD_AMOUNT}) from None
    envelope = _envelope_rows(cycle, owner).select_for_update().first()
    if envelope is None:
        envelope = Envelope(cycle=cycle, amount=amount, **_owner_fields(owner))
        policy.require(user, Action.ADD, envelope, MSG_ENVELOPE_DENIED)
    else:
        policy.require(user, Action.CHANGE, envelope, MSG_ENVELOPE_DENIED)
        if envelope.amount == amount:
            return envelope
        envelope.amount = amount
    envelope.full_clean()
    with set_actor(user):
        envelope.save()
    return envelope


def _owner_fields(owner: Owner) -> dict[str, Any]:
    if isinstance(owner, Cluster):
        return {"cluster": owner, "province": None}
    return {"province": owner, "cluster": None}


@dataclass(frozen=True)
class ClusterEnvelopes:
    """A cluster's envelope from its provinces' envelopes, and the provinces' remaining shares.

    `provincial` holds the envelopes set for the member provinces (by province code, in code
    order), `missing` the member provinces that have none yet (left out of the sums).
    """

    share_percent: Decimal
    provincial: dict[str, Decimal]
    missing: tuple[str, ...]
    computed_cluster: Decimal  # the cluster's share of Σ provincial
    province_shares: dict[str, Decimal]  # what each province keeps
    explicit_cluster: Decimal | None = None  # an envelope set for the cluster itself

    @property
    def total(self) -> Decimal:
        return sum(self.provincial.values(), Decimal("0.00"))

    @property
    def cluster_amount(self) -> Decimal:
        """The cluster's envelope: the one set for it, else its computed share."""
        return self.computed_cluster if self.explicit_cluster is None else self.explicit_cluster

    @property
    def complete(self) -> bool:
        return not self.missing


def cluster_envelopes(cycle: Cycle, cluster: Cluster) -> ClusterEnvelopes:
    """The split of a cluster's provincial envelopes under the cycle's regime."""
    _check_owner(cycle, cluster)
    members = list(
        cluster.memberships.order_by("province_id").values_list("province_id", flat=True)
    )
    amounts = dict(
        Envelope.objects.filter(cycle=cycle, province_id__in=members).values_list(
            "province_id", "amount"
        )
    )
    provincial = {code: amounts[code] for code in members if code in amounts}
    split = split_envelope(provincial, cycle.regime.cluster_share_percent)
    explicit = (
        Envelope.objects.filter(cycle=cycle, cluster=cluster)
        .values_list("amount", flat=True)
        .first()
    )
    return ClusterEnvelopes(
        share_percent=split.share_percent,
        provincial=provincial,
        missing=tuple(code for code in members if code not in amounts),
        computed_cluster=split.cluster,
        province_shares=dict(split.provinces),
        explicit_cluster=explicit,
    )


def envelope_of(cycle: Cycle, owner: Owner) -> Decimal | None:
    """What a province or a cluster plans with in a cycle; None when no envelope is set.

    A province in a cluster keeps its remaining share of its envelope; a province in no
    cluster (Bangkok) its whole envelope; a cluster its share (or the envelope set for it).
    """
    _check_owner(cycle, owner)
    if isinstance(owner, Cluster):
        split = cluster_envelopes(cycle, owner)
        if split.explicit_cluster is None and not split.provincial:
            return None
        return split.cluster_amount
    own = _envelope_rows(cycle, owner).values_list("amount", flat=True).first()
    if own is None:
        return None
    cluster = cluster_of_province(owner, cluster_regime_of(cycle))
    if cluster is None:
        return own
    return cluster_envelopes(cycle, cluster).province_shares[owner.code]


# --------------------------------------------------------------------------- ranking


def _weighted_score_function() -> Callable[..., Decimal | None] | None:
    """`oneplan.projects.screening.weighted_score` when that module has it, else None."""
    if importlib.util.find_spec("oneplan.projects.screening") is None:
        return None
    module = importlib.import_module("oneplan.projects.screening")
    return getattr(module, "weighted_score", None)


def weighted_scores(cycle: Cycle, proposals: Sequence[Proposal]) -> dict[int, Decimal | None]:
    """Each proposal's weighted screening score (0-100), None where it cannot be computed.

    The reviewers' mean score per criterion where there is one, else the automatic score of
    the saved screening (`screening.weighted_score`); three queries for any number.
    """
    weighted = _weighted_score_function()
    if weighted is None or not proposals:
        return {p.pk: None for p in proposals}
    ids = [p.pk for p in proposals]
    criteria = list(Criterion.objects.filter(regime_id=cycle.regime_id))
    reviewer: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for proposal_id, code, value in CriterionScore.objects.filter(
        proposal_id__in=ids, criterion__regime_id=cycle.regime_id
    ).values_list("proposal_id", "criterion__code", "score"):
        reviewer[proposal_id][code].append(value)
    auto = dict(
        ScreeningResult.objects.filter(proposal_id__in=ids).values_list(
            "proposal_id", "auto_scores"
        )
    )
    return {
        pk: _as_score(weighted(auto.get(pk) or {}, reviewer.get(pk, {}), criteria)) for pk in ids
    }


def _as_score(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def draws_on_envelope(proposal: Proposal) -> bool:
    """Whether the proposal is paid from its owner's own budget (and so from its envelope)."""
    own = FundingChannel.CLUSTER if proposal.level == Level.CLUSTER else FundingChannel.PROVINCE
    return proposal.funding_channel == own


@dataclass(frozen=True)
class PlanRows:
    """The action plan's rows: the ranking within the envelope, then the other budgets."""

    ranking: Ranking  # proposals paid from the owner's budget
    others: tuple[RankRow, ...]  # approved proposals paid from other budgets

    @property
    def rows(self) -> tuple[RankRow, ...]:
        return self.ranking.rows + self.others


def approved_proposals(cycle: Cycle, owner: Owner) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(cycle=cycle, status=ProposalStatus.APPROVED, **owner_filter(owner))
        .select_related("issue")
        .prefetch_related("budget_lines")
    )


def plan_rows(
    cycle: Cycle, owner: Owner, envelope: Decimal, proposals: Sequence[Proposal] | None = None
) -> PlanRows:
    """Rank the owner's approved proposals within `envelope` (nothing is written)."""
    if proposals is None:
        proposals = list(approved_proposals(cycle, owner))
    scores = weighted_scores(cycle, proposals)
    items: dict[bool, list[RankItem]] = {True: [], False: []}
    for proposal in proposals:
        items[draws_on_envelope(proposal)].append(
            RankItem(
                proposal_id=proposal.pk,
                issue_priority=proposal.issue.priority if proposal.issue_id else None,
                score=scores[proposal.pk],
                amount=proposal.budget_for_year(cycle.fiscal_year_be),
                reference_code=proposal.reference_code,
            )
        )
    ranking = rank_proposals(items[True], envelope)
    others: list[RankRow] = []
    cumulative = ranking.total_requested
    for rank, item in enumerate(sorted(items[False], key=rank_key), start=len(ranking.rows) + 1):
        cumulative += item.amount
        others.append(RankRow(rank, item.proposal_id, item.amount, cumulative, False))
    return PlanRows(ranking=ranking, others=tuple(others))


# --------------------------------------------------------------------------- the action plan


def _plan_of(cycle: Cycle, owner: Owner) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(cycle=cycle, **owner_filter(owner))


@transaction.atomic
def assemble(user: Any, cycle: Cycle, owner: Owner) -> ActionPlan:
    """Build or refresh the draft action plan of a province or a cluster.

    Idempotent: items are created, changed or removed only where the ranking differs, so
    re-assembling with nothing changed writes nothing (and leaves no audit entries).
    """
    _check_owner(cycle, owner)
    plan = _plan_of(cycle, owner).select_for_update().first()
    if plan is None:
        plan = ActionPlan(
            cycle=cycle,
            title=action_plan_title(cycle, owner),
            **owner_filter(owner),
        )
        policy.require(user, Action.ADD, plan, MSG_PLAN_DENIED)
    else:
        policy.require(user, Action.CHANGE, plan, MSG_PLAN_DENIED)
        if plan.status != ActionPlanStatus.DRAFT:
            status = plan.get_status_display()
            raise ValidationError(MSG_PAST_DRAFT % {"status": status})
    envelope = envelope_of(cycle, owner)
    if envelope is None:
        raise ValidationError(
            MSG_NO_ENVELOPE % {"owner": owner_name(owner), "year": cycle.fiscal_year_be}
        )
    rows = plan_rows(cycle, owner, envelope).rows
    with set_actor(user):
        if plan.pk is None:
            plan.save()
        _sync_items(plan, rows, category_split(cycle, [row.proposal_id for row in rows]))
    return plan


def category_split(cycle: Cycle, proposal_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Each proposal's amount for the cycle's year by budget category, as the plan keeps it
    (exact decimal strings, categories with an amount only)."""
    split: dict[int, dict[str, Decimal]] = defaultdict(dict)
    lines = BudgetLine.objects.filter(
        proposal_id__in=list(proposal_ids), fiscal_year_be=cycle.fiscal_year_be
    ).values_list("proposal_id", "category", "amount")
    for proposal_id, category, amount in lines:
        split[proposal_id][category] = split[proposal_id].get(category, ZERO) + amount
    return {
        pk: {c: f"{amount:.2f}" for c, amount in sorted(cats.items()) if amount}
        for pk, cats in split.items()
    }


def _sync_items(
    plan: ActionPlan, rows: Sequence[RankRow], split: dict[int, dict[str, str]]
) -> None:
    current = {item.proposal_id: item for item in plan.items.all()}
    for row in rows:
        item = current.pop(row.proposal_id, None)
        wanted = {
            "rank": row.rank,
            "amount": row.amount,
            "within_envelope": row.within_envelope,
            "by_category": split.get(row.proposal_id, {}),
        }
        if item is None:
            ActionPlanItem.objects.create(action_plan=plan, proposal_id=row.proposal_id, **wanted)
            continue
        changed = [name for name, value in wanted.items() if getattr(item, name) != value]
        if changed:
            for name in changed:
                setattr(item, name, wanted[name])
            item.save(update_fields=changed)
    for item in current.values():
        item.delete()


@transaction.atomic
def transition(
    user: Any,
    action_plan: ActionPlan,
    to_status: str,
    decided_by: str,
    decided_on: date | None = None,
) -> ActionPlanTransition:
    """Move an action plan one step, recording the meeting or letter that decided it."""
    policy.require(user, Action.CHANGE, action_plan, MSG_PLAN_DENIED)
    plan = ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    if to_status not in ActionPlanStatus.values:
        raise ValidationError(MSG_UNKNOWN_STATUS % {"status": to_status})
    if to_status not in next_statuses(plan):
        raise ValidationError(
            MSG_BAD_TRANSITION
            % {
                "old": ActionPlanStatus(plan.status).label,
                "new": ActionPlanStatus(to_status).label,
            }
        )
    decided_by = " ".join(decided_by.split())
    if not decided_by:
        raise ValidationError(MSG_NO_DECIDER)
    if decided_on is not None and decided_on > timezone.localdate():
        raise ValidationError(MSG_FUTURE_DATE)
    if to_status == ActionPlanStatus.COMMITTEE and not plan.items.exists():
        raise ValidationError(MSG_EMPTY_PLAN)
    with set_actor(user):
        record = ActionPlanTransition.objects.create(
            action_plan=plan,
            from_status=plan.status,
            to_status=to_status,
            actor=user if getattr(user, "is_authenticated", False) else None,
            decided_by=decided_by[:300],
            decided_on=decided_on,
        )
        plan.status = to_status
        plan.save(update_fields=["status"])
    action_plan.status = to_status
    return record


# --------------------------------------------------------------------------- disbursement


def _province_codes(areas: Sequence[Area]) -> set[str]:
    return {a.province_code for a in areas if a.province_code is not None}


def disbursing_province(proposal: Proposal) -> Area | None:
    """The province that disburses (and procures) for a project (DOMAIN.md §5).

    A provincial project: its province. A cluster project: the province it runs in, on the
    cluster's behalf; the operations-centre province when it spans two or more provinces
    (or the whole cluster). Where it runs comes from its locations, else its province, else
    its area. None when that is unknown, or when the cluster has no operations centre yet.
    """
    if proposal.level == Level.PROVINCE:
        return proposal.province
    cluster = proposal.cluster
    if proposal.whole_area:
        codes: set[str] = set()
        spans_several = True
    else:
        codes = _province_codes(list(proposal.locations.all()))
        if not codes and proposal.province_id:
            codes = {proposal.province_id}
        if not codes and proposal.area_id:
            codes = _province_codes([proposal.area])
        spans_several = len(codes) > 1
    if spans_several:
        return cluster.operations_centre if cluster is not None else None
    if not codes:
        return None
    return Area.objects.get(code=codes.pop())
