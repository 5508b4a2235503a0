"""The rules of the project pipeline, as plain functions taking model objects and the user.

Every change asks the permission policy and runs in one transaction with the acting user
recorded in the audit trail. Automatic screening only advises: a person decides, and the
decision and its reason are recorded (`decide`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.audit.versioning import save_if_current
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects import intake
from oneplan.projects.models import (
    PROPOSAL_CHAIN,
    Attachment,
    Criterion,
    CriterionScore,
    Decision,
    DecisionOutcome,
    Proposal,
    ProposalStatus,
    ReviewComment,
)

# The statuses a plain move may reach; approving and rejecting are decisions.
MOVES = frozenset(
    {ProposalStatus.FULL, ProposalStatus.SCREENED, ProposalStatus.CLINIC, ProposalStatus.RETURNED}
)
DECISION_STATUS = {
    DecisionOutcome.APPROVED: ProposalStatus.APPROVED,
    DecisionOutcome.RETURNED: ProposalStatus.RETURNED,
    DecisionOutcome.REJECTED: ProposalStatus.REJECTED,
}


# What `policy.require` says when the proposal is not the user's to change.
MSG_DENIED = gettext_lazy("You may not change this proposal.")


def next_statuses(proposal: Proposal) -> tuple[str, ...]:
    """The statuses the proposal may go to, by its cycle regime's approval chain (or the
    named default, `DEFAULT_PROPOSAL_CHAIN`, when the regime has none of its own)."""
    return PROPOSAL_CHAIN.next_statuses(proposal.cycle.regime, proposal.status)


def is_reviewer(user: Any, proposal: Proposal) -> bool:
    """The provincial (or cluster, or national) strategy people who screen and decide."""
    return policy.can(user, Action.CHANGE, Decision(proposal=proposal))


def may_review(user: Any, proposal: Proposal) -> bool:
    """Who comments and scores in the clinic: the deciders, national panels and the
    province's committee members (they do not decide)."""
    return policy.can(user, Action.CHANGE, ReviewComment(proposal=proposal))


@transaction.atomic
def save_proposal(
    user: Any,
    proposal: Proposal,
    budget: dict[tuple[int, str], Decimal] | None = None,
    *,
    fields: Iterable[str] | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Create or change a proposal (and, when given, its budget lines) after the policy says yes.

    `budget` maps (fiscal year, category) to baht; lines not in it are removed. A change
    writes only `fields` when given (what the form or the API call sets), and with
    `expected_version` (the version the user read) only if nobody saved the proposal since:
    else `StaleVersion` (a ValidationError naming who changed what) and nothing is written.
    """
    action = Action.ADD if proposal.pk is None else Action.CHANGE
    if proposal.pk is not None:
        # The proposal as it is stored must be the user's too: naming oneself the proposer
        # of someone else's proposal must not make it one's own.
        policy.require(user, Action.CHANGE, Proposal.objects.get(pk=proposal.pk), MSG_DENIED)
    policy.require(user, action, proposal, MSG_DENIED)
    proposal.full_clean(exclude=["locations", "tags"])
    with set_actor(user):
        if proposal.pk is None and getattr(user, "is_authenticated", False):
            proposal.created_by = user
        save_if_current(proposal, expected_version, fields)
        if budget is not None:
            set_budget(proposal, budget)
    return proposal


def set_budget(proposal: Proposal, budget: dict[tuple[int, str], Decimal]) -> None:
    """Make the proposal's budget lines exactly `budget` (one implementation: `intake`)."""
    intake.set_budget(proposal, budget)


@transaction.atomic
def move(user: Any, proposal: Proposal, to_status: str) -> Proposal:
    """Move a proposal along the pipeline (not a decision: see `decide`)."""
    policy.require(user, Action.CHANGE, proposal, MSG_DENIED)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if to_status not in MOVES:
        raise ValidationError(_("Approving or rejecting is a decision: record it with its reason."))
    if to_status not in next_statuses(proposal):
        raise ValidationError(
            _("A proposal cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": ProposalStatus(proposal.status).label,
                "new": ProposalStatus(to_status).label,
            }
        )
    with set_actor(user):
        proposal.status = to_status
        proposal.save(update_fields=["status", "updated_at"])
    return proposal


@transaction.atomic
def decide(user: Any, proposal: Proposal, outcome: str, reason: str) -> Decision:
    """A reviewer's decision, with its reason; says whether it goes against the screening."""
    if not is_reviewer(user, proposal):
        raise PermissionDenied(_("Only the reviewers of this proposal may decide on it."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    new_status = DECISION_STATUS[DecisionOutcome(outcome)]
    if new_status not in next_statuses(proposal) and proposal.status != new_status:
        raise ValidationError(
            _("A proposal in “%(old)s” cannot be decided on yet.")
            % {"old": ProposalStatus(proposal.status).label}
        )
    screening = getattr(proposal, "screening", None)
    overrides = bool(
        screening is not None
        and outcome == DecisionOutcome.APPROVED
        and not (screening.eligible and screening.aligned)
    )
    with set_actor(user):
        decision = Decision.objects.create(
            proposal=proposal,
            outcome=outcome,
            reason=reason.strip(),
            decided_by=user,
            overrides_screening=overrides,
        )
        proposal.status = new_status
        proposal.save(update_fields=["status", "updated_at"])
    return decision


@transaction.atomic
def score(
    user: Any, proposal: Proposal, criterion: Criterion, value: Decimal, note: str = ""
) -> CriterionScore:
    """A reviewer's score for one criterion (0 to the criterion's highest score)."""
    if not may_review(user, proposal):
        raise PermissionDenied(_("Only the reviewers of this proposal may score it."))
    if criterion.regime_id != proposal.cycle.regime_id:
        raise ValidationError(_("This criterion is not one of the cycle's."))
    if not Decimal(0) <= value <= criterion.max_score:
        raise ValidationError(_("A score runs from 0 to %(max)s.") % {"max": criterion.max_score})
    with set_actor(user):
        record, _created = CriterionScore.objects.update_or_create(
            proposal=proposal,
            criterion=criterion,
            reviewer=user,
            defaults={"score": value, "note": note},
        )
    return record


def comment(user: Any, proposal: Proposal, text: str, field: str = "") -> ReviewComment:
    """A clinic comment on the proposal or on one of its fields."""
    if not may_review(user, proposal):
        raise PermissionDenied(_("Only the reviewers of this proposal may comment on it."))
    if not text.strip():
        raise ValidationError(_("Write the comment."))
    if field and field not in {f.name for f in Proposal._meta.get_fields()}:
        raise ValidationError(_("This proposal has no field “%(field)s”.") % {"field": field})
    with set_actor(user):
        return ReviewComment.objects.create(
            proposal=proposal, field=field, text=text.strip(), author=user
        )


def reply(user: Any, remark: ReviewComment, text: str) -> ReviewComment:
    """The proposer's (or anyone who may change the proposal) answer to a comment."""
    policy.require(user, Action.CHANGE, remark.proposal, MSG_DENIED)
    if not text.strip():
        raise ValidationError(_("Write the reply."))
    with set_actor(user):
        remark.reply = text.strip()
        remark.replied_by = user
        remark.replied_at = timezone.now()
        remark.save(update_fields=["reply", "replied_by", "replied_at"])
    return remark


def attach(user: Any, proposal: Proposal, upload: Any) -> Attachment:
    """Attach a (validated) file to a proposal; only those who may change it may attach."""
    policy.require(user, Action.CHANGE, proposal, MSG_DENIED)
    with set_actor(user):
        return Attachment.objects.create(
            proposal=proposal, file=upload, name=upload.name[:255], uploaded_by=user
        )
