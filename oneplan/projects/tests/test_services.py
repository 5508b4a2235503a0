"""The pipeline's rules: who may change a proposal, the workflow, decisions with reasons,
clinic comments and replies, reviewers' scores — each through the policy and audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.orgs import policy
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action
from oneplan.projects import services
from oneplan.projects.models import (
    Criterion,
    DecisionOutcome,
    Proposal,
    ProposalStatus,
    ScreeningResult,
)
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db


def agri():
    return Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")


def test_who_may_change_a_proposal(demo_user):
    own = make_proposal(proposer=agri())
    district = make_proposal(area="2101", proposer_kind="district")
    elsewhere = make_proposal(area="20")
    assert policy.can(demo_user("rayong"), Action.CHANGE, own)
    assert policy.can(demo_user("rayong"), Action.CHANGE, district)
    assert not policy.can(demo_user("rayong"), Action.CHANGE, elsewhere)
    assert policy.can(demo_user("rayong_agency"), Action.CHANGE, own)
    assert not policy.can(demo_user("rayong_agency"), Action.CHANGE, district)
    assert policy.can(demo_user("rayong_district"), Action.CHANGE, district)
    assert not policy.can(demo_user("rayong_district"), Action.CHANGE, own)
    assert not policy.can(demo_user("chonburi"), Action.VIEW, own)
    assert policy.can(demo_user("rayong_committee"), Action.VIEW, own)
    assert not policy.can(demo_user("rayong_committee"), Action.CHANGE, own)
    readable = policy.restrict(
        Proposal.objects.filter(pk__in=[own.pk, elsewhere.pk]), demo_user("rayong")
    )
    assert list(readable) == [own]


def test_save_proposal_asks_the_policy_and_records_budget_lines(demo_user):
    proposal = make_proposal(proposer=agri(), budget=Decimal(0))
    services.save_proposal(
        demo_user("rayong_agency"),
        proposal,
        {(2570, "operating"): Decimal("1200000"), (2570, "investment"): Decimal("300000")},
    )
    assert proposal.total_budget == Decimal("1500000")
    services.save_proposal(
        demo_user("rayong_agency"), proposal, {(2570, "operating"): Decimal("1")}
    )
    assert list(proposal.budget_lines.values_list("category", "amount")) == [
        ("operating", Decimal("1.00"))
    ]
    with pytest.raises(PermissionDenied):
        services.save_proposal(demo_user("chonburi"), proposal)


def test_workflow_moves_only_along_the_pipeline(demo_user):
    user = demo_user("rayong")
    proposal = make_proposal(status=ProposalStatus.IDEA)
    services.move(user, proposal, ProposalStatus.FULL)
    with pytest.raises(ValidationError):
        services.move(user, proposal, ProposalStatus.CLINIC)  # not screened yet
    with pytest.raises(ValidationError):
        services.move(user, proposal, ProposalStatus.APPROVED)  # a decision, not a move
    services.move(user, proposal, ProposalStatus.SCREENED)
    services.move(user, proposal, ProposalStatus.CLINIC)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLINIC


def test_a_person_decides_with_a_reason_and_overriding_the_screening_is_recorded(demo_user):
    reviewer = demo_user("rayong")
    proposal = make_proposal(status=ProposalStatus.CLINIC)
    ScreeningResult.objects.create(proposal=proposal, eligible=False, aligned=True, findings=[])
    with pytest.raises(ValidationError):
        services.decide(reviewer, proposal, DecisionOutcome.APPROVED, "  ")
    with pytest.raises(PermissionDenied):
        services.decide(demo_user("rayong_agency"), proposal, DecisionOutcome.APPROVED, "ดี")
    decision = services.decide(
        reviewer, proposal, DecisionOutcome.APPROVED, "ที่ประชุมเห็นว่าเป็นครุภัณฑ์ประกอบโครงการ"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert decision.overrides_screening and decision.decided_by == reviewer
    entry = LogEntry.objects.get_for_object(proposal).latest("timestamp")
    assert entry.actor == reviewer and entry.changes_dict["status"] == ["clinic", "approved"]


def test_clinic_comment_on_a_field_and_the_proposers_reply(demo_user):
    proposal = make_proposal(proposer=agri(), status=ProposalStatus.CLINIC)
    remark = services.comment(
        demo_user("rayong"), proposal, "ขอให้ระบุจำนวนเกษตรกรเป้าหมาย", field="objectives"
    )
    with pytest.raises(ValidationError):
        services.comment(demo_user("rayong"), proposal, "x", field="no_such_field")
    with pytest.raises(PermissionDenied):
        services.comment(demo_user("rayong_agency"), proposal, "ความเห็นของเจ้าของโครงการเอง")
    services.reply(demo_user("rayong_agency"), remark, "เพิ่มเป้าหมาย 300 ราย แล้ว")
    remark.refresh_from_db()
    assert remark.reply == "เพิ่มเป้าหมาย 300 ราย แล้ว"
    assert remark.replied_by == demo_user("rayong_agency")
    with pytest.raises(PermissionDenied):
        services.reply(demo_user("chonburi"), remark, "ตอบแทน")


def test_scores_stay_within_the_criterion_and_one_per_reviewer(demo_user):
    proposal = make_proposal(status=ProposalStatus.CLINIC)
    criterion = Criterion.objects.create(
        regime=proposal.cycle.regime, code="t-value", title_th="ความคุ้มค่า", weight=20, order=99
    )
    services.score(demo_user("rayong"), proposal, criterion, Decimal("4"))
    services.score(demo_user("rayong"), proposal, criterion, Decimal("3"), "ปรับหลังอภิปราย")
    assert list(proposal.scores.values_list("score", flat=True)) == [Decimal("3.00")]
    with pytest.raises(ValidationError):
        services.score(demo_user("rayong"), proposal, criterion, Decimal("6"))
    with pytest.raises(PermissionDenied):
        services.score(demo_user("rayong_district"), proposal, criterion, Decimal("2"))


def test_taking_over_someone_elses_proposal_by_renaming_the_proposer_is_refused(demo_user):
    district = make_proposal(area="2101", proposer_kind="district")
    district.proposer = agri()  # the agency names itself the proposer ...
    with pytest.raises(PermissionDenied):
        services.save_proposal(demo_user("rayong_agency"), district)
    district.refresh_from_db()
    assert district.proposer is None
