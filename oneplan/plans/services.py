"""The rules of plans and editions, as plain functions taking model objects and the acting user.

Every change goes through here, in one transaction, after asking the permission policy.
The audit trail (django-auditlog) records each row written, with the acting user.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, Cluster
from oneplan.audit.versioning import save_if_current
from oneplan.cycles.models import Regime
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans import intake
from oneplan.plans.models import (
    EDITION_CHAIN,
    LOCKED_STATUSES,
    BaselineFigure,
    Component,
    EditionStatus,
    EditionTransition,
    Goal,
    Indicator,
    IndicatorTarget,
    Plan,
    PlanEdition,
    PlanKind,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)

# What `policy.require` says when the plan is not the user's to change.
MSG_DENIED = gettext_lazy("You may not change this plan.")


def next_statuses(edition: PlanEdition) -> tuple[str, ...]:
    """The statuses the edition may move to, by its plan regime's approval chain (or the
    named default, `DEFAULT_EDITION_CHAIN`, when the regime has none of its own)."""
    return EDITION_CHAIN.next_statuses(edition.plan.regime, edition.status)


def current_regime() -> Regime:
    return Regime.objects.get(is_current=True)


def require_unlocked(edition: PlanEdition) -> None:
    if edition.is_locked:
        raise ValidationError(
            _("This edition is approved and read-only; start a yearly review to change the plan.")
        )


@transaction.atomic
def create_plan(
    user: Any,
    *,
    owner: Area | Cluster,
    first_year_be: int,
    regime: Regime | None = None,
    title: str = "",
) -> Plan:
    """A new plan with its original edition (a draft), spanning the regime's years."""
    regime = regime or current_regime()
    kind = PlanKind.CLUSTER if isinstance(owner, Cluster) else PlanKind.PROVINCE
    plan = Plan(
        kind=kind,
        province=owner if kind == PlanKind.PROVINCE else None,
        cluster=owner if kind == PlanKind.CLUSTER else None,
        regime=regime,
        first_year_be=first_year_be,
        last_year_be=first_year_be + regime.span_years - 1,
    )
    plan.title = title or default_title(plan)
    if (
        kind == PlanKind.CLUSTER
        and regime.cluster_regime_id
        and owner.regime_id != regime.cluster_regime_id
    ):
        raise ValidationError(
            _("This cluster is not in the cluster set of the plan regime (%(regime)s).")
            % {"regime": regime.cluster_regime}
        )
    policy.require(user, Action.ADD, plan, MSG_DENIED)
    plan.full_clean()
    with set_actor(user):
        plan.save()
        PlanEdition.objects.create(plan=plan, number=0)
    return plan


def default_title(plan: Plan) -> str:
    name = "แผนพัฒนาจังหวัด" if plan.kind == PlanKind.PROVINCE else "แผนพัฒนา"
    owner = plan.owner
    owner_name = owner.name_th if isinstance(owner, Area) else str(owner)
    return f"{name}{owner_name} พ.ศ. {plan.first_year_be}–{plan.last_year_be}"


def latest_edition(plan: Plan) -> PlanEdition:
    return plan.editions.order_by("-number").first()


def last_approved_edition(plan: Plan) -> PlanEdition | None:
    return plan.editions.filter(status__in=LOCKED_STATUSES).order_by("-number").first()


# --------------------------------------------------------------------------- approval chain


@transaction.atomic
def transition(
    user: Any,
    edition: PlanEdition,
    to_status: str,
    *,
    decided_by: str,
    decided_on: date | None = None,
    note: str = "",
) -> EditionTransition:
    """Move an edition one step along the approval chain, recording what decided it."""
    policy.require(user, Action.CHANGE, edition.plan, MSG_DENIED)
    edition = PlanEdition.objects.select_for_update().get(pk=edition.pk)
    if to_status not in next_statuses(edition):
        raise ValidationError(
            _("A plan edition cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": EditionStatus(edition.status).label,
                "new": EditionStatus(to_status).label,
            }
        )
    if not decided_by.strip():
        raise ValidationError(_("Name the meeting or document that decided this step."))
    with set_actor(user):
        record = EditionTransition.objects.create(
            edition=edition,
            from_status=edition.status,
            to_status=to_status,
            actor=user,
            decided_by=decided_by.strip(),
            decided_on=decided_on,
            note=note,
        )
        edition.status = to_status
        edition.save(update_fields=["status", "updated_at"])
    return record


# --------------------------------------------------------------------------- editing


def save_edition_text(
    user: Any, edition: PlanEdition, fields: Iterable[str], expected_version: int | None
) -> PlanEdition:
    """Save an edition's texts (vision, mission ...): only `fields`, and with
    `expected_version` (the version the user read) only if nobody saved the edition since;
    else `StaleVersion` (who changed what) and nothing is written."""
    policy.require(user, Action.CHANGE, edition, MSG_DENIED)
    require_unlocked(edition)
    with set_actor(user):
        return save_if_current(edition, expected_version, fields)


def save_component(
    user: Any, component: Component, fields: Iterable[str], expected_version: int | None
) -> Component:
    """Add a component to an edition, or change one (its `fields`, and with
    `expected_version` only if nobody saved it since it was read: `StaleVersion`)."""
    policy.require(
        user, Action.ADD if component.pk is None else Action.CHANGE, component, MSG_DENIED
    )
    require_unlocked(component.edition)
    with set_actor(user):
        return save_if_current(component, expected_version, fields)


# --------------------------------------------------------------------------- yearly review


@transaction.atomic
def start_review(user: Any, plan: Plan, review_year_be: int) -> PlanEdition:
    """A new yearly review: a draft copy of the last approved edition, keys kept."""
    policy.require(user, Action.CHANGE, plan, MSG_DENIED)
    source = last_approved_edition(plan)
    if source is None:
        raise ValidationError(_("A review starts from an approved edition; none is approved yet."))
    if plan.editions.exclude(status__in=LOCKED_STATUSES).exists():
        raise ValidationError(_("This plan already has an edition being drafted."))
    if not plan.first_year_be - 1 <= review_year_be <= plan.last_year_be:
        raise ValidationError(
            _("The review year must fall within the plan's years %(first)s–%(last)s.")
            % {"first": plan.first_year_be, "last": plan.last_year_be}
        )
    number = (plan.editions.aggregate(n=Max("number"))["n"] or 0) + 1
    with set_actor(user):
        return copy_edition(source, number=number, review_year_be=review_year_be)


def copy_edition(source: PlanEdition, *, number: int, review_year_be: int | None) -> PlanEdition:
    """Copy an edition and all its components; every copy keeps its source's key."""
    edition = PlanEdition.objects.create(
        plan=source.plan,
        number=number,
        review_year_be=review_year_be,
        based_on=source,
        status=EditionStatus.DRAFT,
        vision=source.vision,
        mission=source.mission,
        general_info=source.general_info,
        past_performance=source.past_performance,
    )

    def clone(obj, **changes):
        values = {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.primary_key
        }
        values.update(edition_id=edition.pk, **changes)
        return type(obj).objects.create(**values)

    for model in (BaselineFigure, SwotItem, TowsStrategy, Positioning):
        for obj in model.objects.filter(edition=source):
            clone(obj)

    issue_map: dict[int, StrategicIssue] = {}
    for issue in source.issues.prefetch_related("alignments", "cluster_issues"):
        new = clone(issue)
        new.alignments.set(issue.alignments.all())
        new.cluster_issues.set(issue.cluster_issues.all())
        issue_map[issue.pk] = new
    goal_map: dict[int, Goal] = {}
    for goal in source.goals.prefetch_related("alignments"):
        new = clone(goal, issue_id=issue_map[goal.issue_id].pk)
        new.alignments.set(goal.alignments.all())
        goal_map[goal.pk] = new
    for indicator in source.indicators.prefetch_related("targets"):
        goal = goal_map.get(indicator.goal_id)
        new = clone(indicator, goal_id=goal.pk if goal else None)
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=new, year_be=t.year_be, value=t.value)
            for t in indicator.targets.all()
        )
    strategy_map: dict[int, Strategy] = {}
    for strategy in source.strategies.prefetch_related("alignments"):
        new = clone(strategy, issue_id=issue_map[strategy.issue_id].pk)
        new.alignments.set(strategy.alignments.all())
        strategy_map[strategy.pk] = new
    chain_map: dict[int, ValueChain] = {}
    for chain in source.value_chains.all():
        chain_map[chain.pk] = clone(chain, issue_id=issue_map[chain.issue_id].pk)
    stage_map: dict[int, ValueChainStage] = {}
    for stage in source.chain_stages.all():
        stage_map[stage.pk] = clone(stage, chain_id=chain_map[stage.chain_id].pk)
    for project in source.projects.all():
        strategy = strategy_map.get(project.strategy_id)
        stage = stage_map.get(project.stage_id)
        clone(
            project,
            strategy_id=strategy.pk if strategy else None,
            stage_id=stage.pk if stage else None,
        )
    return edition


# --------------------------------------------------------------------------- targets


def set_targets(
    user: Any, indicator: Indicator, targets: dict[int, Any]
) -> list[intake.TargetChange]:
    """Set an indicator's yearly targets (None removes one); only plan years are allowed.
    The rules are the intake's (`intake.do_set_targets`)."""
    return intake.do_set_targets(user, indicator, targets)


def next_order(model, edition: PlanEdition) -> int:
    return (model.objects.filter(edition=edition).aggregate(n=Max("order"))["n"] or 0) + 1
