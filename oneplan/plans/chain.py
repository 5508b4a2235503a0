"""The strategic chain, both ways: national strategy → issues → goals → strategies → projects,
and from each project up to the national targets it serves (One Plan traceability).

A provincial issue also links to the issues of its cluster's plan; that plan is found by the
province's cluster in the plan regime's cluster set and overlapping fiscal years.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from oneplan.areas.models import Cluster, ClusterRegime
from oneplan.plans.models import (
    LOCKED_STATUSES,
    AlignmentTarget,
    Goal,
    Indicator,
    Plan,
    PlanEdition,
    PlanKind,
    PlanProject,
    StrategicIssue,
    Strategy,
)


def cluster_of(plan: Plan) -> Cluster | None:
    if plan.kind != PlanKind.PROVINCE:
        return None
    regime = plan.regime.cluster_regime or ClusterRegime.objects.filter(in_force=True).first()
    return Cluster.objects.filter(regime=regime, memberships__province=plan.province).first()


def cluster_plan_for(plan: Plan) -> Plan | None:
    """The cluster plan a provincial plan aligns with: same cluster, overlapping years."""
    cluster = cluster_of(plan)
    if cluster is None:
        return None
    return (
        Plan.objects.filter(
            kind=PlanKind.CLUSTER,
            cluster=cluster,
            first_year_be__lte=plan.last_year_be,
            last_year_be__gte=plan.first_year_be,
        )
        .order_by("-first_year_be")
        .first()
    )


def reference_edition(plan: Plan) -> PlanEdition | None:
    """The edition others link to: the last approved one, else the latest."""
    editions = plan.editions.order_by("-number")
    return editions.filter(status__in=LOCKED_STATUSES).first() or editions.first()


def cluster_issue_choices(edition: PlanEdition) -> QuerySet[StrategicIssue]:
    """The cluster-plan issues a provincial issue may link to (with those already linked)."""
    plan = cluster_plan_for(edition.plan)
    target = reference_edition(plan) if plan else None
    linked = StrategicIssue.objects.filter(provincial_issues__edition=edition)
    if target is None:
        return linked.distinct()
    return (StrategicIssue.objects.filter(edition=target) | linked).distinct().order_by("priority")


# --------------------------------------------------------------------------- the chain


@dataclass
class StrategyNode:
    strategy: Strategy
    projects: list[PlanProject]


@dataclass
class IssueNode:
    issue: StrategicIssue
    goals: list  # Goal objects with prefetched indicators (and their targets)
    strategies: list[StrategyNode]
    targets_by_framework: dict[str, list[AlignmentTarget]]
    cluster_issues: list[StrategicIssue]


@dataclass
class TargetNode:
    """One national target and the parts of the plan that serve it."""

    target: AlignmentTarget
    issues: list[StrategicIssue] = field(default_factory=list)
    goals: list = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    projects: list[PlanProject] = field(default_factory=list)


@dataclass
class ProjectTrace:
    """A project and everything above it, up to the national targets."""

    project: PlanProject
    strategy: Strategy | None
    issue: StrategicIssue | None
    targets: list[AlignmentTarget]
    cluster_issues: list[StrategicIssue]


@dataclass
class Chain:
    edition: PlanEdition
    issues: list[IssueNode]
    by_target: list[TargetNode]
    traces: list[ProjectTrace]
    unlinked_projects: list[PlanProject]


def build_chain(edition: PlanEdition) -> Chain:
    """The whole chain of one edition, in a bounded number of queries."""
    issues = list(
        edition.issues.select_related("category")
        .prefetch_related(
            "alignments__framework",
            "cluster_issues__edition__plan",
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    "alignments__framework",
                    Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets")),
                ),
            ),
            Prefetch(
                "strategies",
                queryset=Strategy.objects.prefetch_related(
                    "alignments__framework",
                    Prefetch("projects", queryset=PlanProject.objects.all()),
                ),
            ),
        )
        .order_by("priority")
    )
    nodes: list[IssueNode] = []
    by_target: dict[int, TargetNode] = {}
    traces: list[ProjectTrace] = []

    def node_for(target: AlignmentTarget) -> TargetNode:
        return by_target.setdefault(target.pk, TargetNode(target))

    for issue in issues:
        grouped: dict[str, list[AlignmentTarget]] = defaultdict(list)
        for target in issue.alignments.all():
            grouped[target.framework.name_th].append(target)
            node_for(target).issues.append(issue)
        strategies = []
        issue_targets = list(issue.alignments.all())
        for strategy in issue.strategies.all():
            projects = list(strategy.projects.all())
            strategies.append(StrategyNode(strategy, projects))
            for target in strategy.alignments.all():
                node_for(target).strategies.append(strategy)
            upward = {t.pk: t for t in issue_targets + list(strategy.alignments.all())}
            for target in upward.values():
                node_for(target).projects.extend(projects)
            for project in projects:
                traces.append(
                    ProjectTrace(
                        project,
                        strategy,
                        issue,
                        sorted(upward.values(), key=lambda t: (t.framework.order, t.number)),
                        list(issue.cluster_issues.all()),
                    )
                )
        goals = list(issue.goals.all())
        for goal in goals:
            for target in goal.alignments.all():
                node_for(target).goals.append(goal)
        nodes.append(
            IssueNode(
                issue,
                goals,
                strategies,
                dict(grouped),
                list(issue.cluster_issues.all()),
            )
        )
    unlinked = list(edition.projects.filter(strategy__isnull=True))
    ordered = sorted(by_target.values(), key=lambda n: (n.target.framework.order, n.target.number))
    return Chain(edition, nodes, ordered, traces, unlinked)
