"""Where the project pipeline sits under the one permission policy (oneplan.orgs.policy).

A proposal belongs to its area (the proposing district, else the province) and to the body
that proposed it: the provincial strategy group changes every proposal of its province, a
district officer those of its district, an agency or a local government its own. Cluster
proposals belong to the cluster office. Envelopes are set nationally; an action plan
belongs to its province or cluster like a development plan.
"""

from __future__ import annotations

from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register
from oneplan.projects.models import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanTransition,
    Attachment,
    BudgetLine,
    Criterion,
    CriterionScore,
    Decision,
    EligibilityRule,
    Envelope,
    ProjectTag,
    Proposal,
    ProposalIndicator,
    ProposalOutput,
    ReviewComment,
    ScreeningResult,
)

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
PLAN_EDITORS = NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.CLUSTER_STRATEGY}


def _proposal_spec(prefix: str = "", **extra) -> ScopeSpec:
    return ScopeSpec(
        area=f"{prefix}area",
        organisation=f"{prefix}proposer",
        cluster=f"{prefix}cluster",
        **extra,
    )


def register_all() -> None:
    for model in (ProjectTag, EligibilityRule, Criterion):
        register(model, ScopeSpec(public_read=True, editors=NATIONAL))
    register(Proposal, _proposal_spec())
    for model in (ProposalOutput, ProposalIndicator, BudgetLine, Attachment, ScreeningResult):
        register(model, _proposal_spec("proposal__"))
    # Scores, decisions and clinic comments are the reviewers' (the province, the cluster,
    # the nation); the proposer reads them and answers comments through the service.
    for model in (CriterionScore, Decision, ReviewComment):
        register(model, _proposal_spec("proposal__", editors=PLAN_EDITORS))
    register(
        Envelope,
        ScopeSpec(area="province", cluster="cluster", editors=NATIONAL, cluster_members_read=True),
    )
    for model, prefix in (
        (ActionPlan, ""),
        (ActionPlanItem, "action_plan__"),
        (ActionPlanTransition, "action_plan__"),
    ):
        register(
            model,
            ScopeSpec(
                area=f"{prefix}province",
                cluster=f"{prefix}cluster",
                editors=PLAN_EDITORS,
                cluster_members_read=True,
                cluster_reaches_area=False,
            ),
        )
