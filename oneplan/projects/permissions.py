"""Where the project pipeline sits under the one permission policy (oneplan.orgs.policy).

A proposal belongs to its area (the proposing district, else the province) and to the body
that proposed it: the provincial strategy group changes every proposal of its province, a
district officer those of its district, an agency or a local government its own. Cluster
proposals belong to the cluster office, and whoever reads a member province reads them (the
cluster's committee seats every member governor, and the cluster's action plan lists them
for its provinces); changing them stays the cluster office's (and the national roles').
Envelopes are set nationally; an action plan
belongs to its province or cluster like a development plan.
"""

from __future__ import annotations

from oneplan.orgs.models import Role
from oneplan.orgs.policy import Action, ScopeSpec, register, restrict_as
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
    LexiconEntry,
    ProjectTag,
    Proposal,
    ProposalIndicator,
    ProposalOutput,
    ReviewComment,
    ScreeningResult,
)

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
PLAN_EDITORS = NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.CLUSTER_STRATEGY}
CLINIC_REVIEWERS = PLAN_EDITORS | {Role.NATIONAL_REVIEWER, Role.COMMITTEE_MEMBER}


def _proposal_spec(prefix: str = "", **extra) -> ScopeSpec:
    """A proposal (or a part of it): its area, its proposing body, its cluster. A body
    enters and changes proposals only in the area it reads (`sender_within_area`): the
    page form, the API and the Excel import all ask `can`, so all refuse an agency of
    Rayong a proposal for Chonburi."""
    return ScopeSpec(
        area=f"{prefix}area",
        organisation=f"{prefix}proposer",
        cluster=f"{prefix}cluster",
        cluster_members_read=True,
        sender_within_area=True,
        **extra,
    )


# The proposals a user reviews in the clinic (comments and manual scores), as a spec on
# Proposal itself, so that the queue is one query through the policy.
CLINIC_SPEC = _proposal_spec(editors=CLINIC_REVIEWERS)


def reviewable(queryset, user):
    """The proposals of `queryset` on which the user may comment and score."""
    return restrict_as(queryset, user, Action.CHANGE, CLINIC_SPEC)


def register_all() -> None:
    for model in (ProjectTag, EligibilityRule, Criterion, LexiconEntry):
        register(model, ScopeSpec(public_read=True, editors=NATIONAL))
    register(Proposal, _proposal_spec())
    for model in (ProposalOutput, ProposalIndicator, BudgetLine, Attachment, ScreeningResult):
        register(model, _proposal_spec("proposal__"))
    # Decisions are the strategy offices' (the province, the cluster, the nation). Clinic
    # comments and manual scores are also the reviewers': national panels and the members
    # of the province's committees and sub-committees. The proposer reads them and answers
    # comments through the service.
    register(Decision, _proposal_spec("proposal__", editors=PLAN_EDITORS))
    for model in (CriterionScore, ReviewComment):
        register(model, _proposal_spec("proposal__", editors=CLINIC_REVIEWERS))
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
