"""Loading the demo plans (content in `data/plans/`, its shape in `data/README.md`):
Rayong's provincial plan and the Eastern 1 cluster plan, each with its original edition
approved up the chain and a yearly review for FY 2568 under way, plus short approved plans
of eight other provinces for the national comparison. Idempotent: a plan that exists is
left as it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import transaction

from oneplan.areas.models import Area, Cluster, ClusterRegime
from oneplan.cycles.models import Regime
from oneplan.demo.files import read
from oneplan.orgs.models import User
from oneplan.plans import services
from oneplan.plans.models import (
    AlignmentTarget,
    BaselineFigure,
    EditionStatus,
    Goal,
    Indicator,
    IndicatorTarget,
    IssueCategory,
    Plan,
    PlanEdition,
    PlanProject,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)

FRAMEWORK_KEYS = {
    "national_strategy": "ns-2561-2580",
    "master_plans": "mp-2561-2580",
    "milestones": "nesdp13",
    "sdgs": "sdg",
}

# The approval steps of the demo's original editions, with the meetings that decided them.
ORIGINAL_STEPS = [
    (EditionStatus.CONSULTED, "การประชุมปรึกษาหารือตามมาตรา 19", date(2021, 11, 15)),
    (EditionStatus.APPROVED, "การประชุม {committee} ครั้งที่ 1/2565", date(2021, 12, 10)),
    (EditionStatus.ENDORSED, "การประชุม {national} ครั้งที่ 1/2565", date(2022, 2, 3)),
    (EditionStatus.CABINET, "มติคณะรัฐมนตรี 15 มีนาคม 2565", date(2022, 3, 15)),
]


def read_plan(name: str) -> dict:
    """A plan of `data/plans/` ("rayong", "east1"), as the loader's `fill` takes it."""
    return read(f"plans/{name}.yaml")


def read_review(name: str) -> list[dict]:
    """The changes of a yearly review in `data/plans/` ("rayong_review_2568")."""
    return read(f"plans/{name}.yaml")


def read_other_provinces() -> dict[str, dict]:
    """The short plans of other provinces, by DOPA province code, in the file's order."""
    return read("plans/other_provinces.yaml")


def _decimal(value: Any) -> Decimal | None:
    text = str(value).strip() if value is not None else ""
    return Decimal(text) if text else None


class Loader:
    """Writes one plan's content into an edition."""

    def __init__(self) -> None:
        self.targets = {
            (t.framework.code, t.number): t
            for t in AlignmentTarget.objects.select_related("framework")
        }
        self.categories = {c.code: c for c in IssueCategory.objects.all()}

    def alignments(self, spec: dict) -> list[AlignmentTarget]:
        found = []
        for field, code in FRAMEWORK_KEYS.items():
            for number in spec.get(field, []):
                target = self.targets.get((code, number))
                if target is not None:
                    found.append(target)
        return found

    def fill(self, edition: PlanEdition, spec: dict, cluster_edition: PlanEdition | None) -> None:
        edition.vision = spec.get("vision", "")
        edition.mission = "\n".join(spec.get("mission", []))
        edition.general_info = spec.get("general_info", "")
        edition.past_performance = spec.get("past_performance", "")
        edition.save()
        for i, row in enumerate(spec.get("baseline", [])):
            BaselineFigure.objects.create(
                edition=edition,
                dimension=row["dimension"],
                name=row["name"],
                value=_decimal(row.get("value")),
                unit=row.get("unit", ""),
                year_be=row.get("year_be"),
                source=row.get("source", ""),
                order=i,
            )
        for i, row in enumerate(spec.get("swot", [])):
            SwotItem.objects.create(
                edition=edition,
                kind=row["kind"],
                text=row["text"],
                evidence=row.get("evidence", ""),
                order=i,
            )
        for i, row in enumerate(spec.get("tows", [])):
            TowsStrategy.objects.create(
                edition=edition, quadrant=row["quadrant"], text=row["text"], order=i
            )
        for i, row in enumerate(spec.get("positioning", [])):
            Positioning.objects.create(
                edition=edition, dimension=row["dimension"], text=row["text"], order=i
            )
        cluster_issues = (
            {i.priority: i for i in cluster_edition.issues.all()} if cluster_edition else {}
        )
        goal_order = indicator_order = strategy_order = project_order = 0
        for issue_spec in spec.get("issues", []):
            issue = StrategicIssue.objects.create(
                edition=edition,
                priority=issue_spec["priority"],
                title=issue_spec["title"],
                category=self.categories.get(issue_spec.get("category", "")),
                order=issue_spec["priority"],
            )
            issue.alignments.set(self.alignments(issue_spec))
            linked = cluster_issues.get(issue_spec.get("cluster_issue"))
            if linked is not None:
                issue.cluster_issues.set([linked])
            for goal_spec in issue_spec.get("goals", []):
                goal_order += 1
                goal = Goal.objects.create(
                    edition=edition,
                    issue=issue,
                    number=goal_spec["number"],
                    text=goal_spec["text"],
                    order=goal_order,
                )
                for indicator_spec in goal_spec.get("indicators", []):
                    indicator_order += 1
                    self.add_indicator(edition, goal, indicator_spec, indicator_order)
            stages: dict[str, ValueChainStage] = {}
            for chain_spec in issue_spec.get("value_chains", []):
                chain = ValueChain.objects.create(
                    edition=edition, issue=issue, name=chain_spec["name"]
                )
                for k, name in enumerate(chain_spec.get("stages", []), start=1):
                    stages[name] = ValueChainStage.objects.create(
                        edition=edition, chain=chain, name=name, order=k
                    )
            for strategy_spec in issue_spec.get("strategies", []):
                strategy_order += 1
                strategy = Strategy.objects.create(
                    edition=edition,
                    issue=issue,
                    number=strategy_spec["number"],
                    text=strategy_spec["text"],
                    order=strategy_order,
                )
                for project_spec in strategy_spec.get("projects", []):
                    project_order += 1
                    self.add_project(edition, strategy, project_spec, project_order, stages)

    def add_indicator(self, edition: PlanEdition, goal: Goal, spec: dict, order: int) -> None:
        indicator = Indicator.objects.create(
            edition=edition,
            goal=goal,
            number=spec["number"],
            name=spec["name"],
            unit=spec.get("unit", ""),
            baseline=_decimal(spec.get("baseline")),
            baseline_year_be=spec.get("baseline_year_be"),
            direction=spec.get("direction", "increase"),
            data_source=spec.get("data_source", ""),
            controllable=spec.get("controllable", True),
            order=order,
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, year_be=int(year), value=Decimal(str(value)))
            for year, value in spec.get("targets", {}).items()
        )

    def add_project(
        self,
        edition: PlanEdition,
        strategy: Strategy,
        spec: dict,
        order: int,
        stages: dict[str, ValueChainStage],
    ) -> None:
        PlanProject.objects.create(
            edition=edition,
            strategy=strategy,
            stage=stages.get(spec.get("stage") or ""),
            name=spec["name"],
            actor=spec.get("actor", "area"),
            responsible=spec.get("responsible", ""),
            budget=_decimal(spec.get("budget")),
            first_year_be=spec.get("first_year_be"),
            last_year_be=spec.get("last_year_be"),
            order=order,
        )

    def apply_review(self, edition: PlanEdition, changes: list[dict]) -> None:
        """Apply the demo's review instructions to a copied edition."""
        for change in changes:
            op = change["op"]
            if op == "set_vision":
                edition.vision = change["text"]
                edition.save(update_fields=["vision"])
            elif op == "set_past_performance":
                edition.past_performance = change["text"]
                edition.save(update_fields=["past_performance"])
            elif op == "add_swot":
                SwotItem.objects.create(
                    edition=edition,
                    kind=change["kind"],
                    text=change["text"],
                    evidence=change.get("evidence", ""),
                    order=services.next_order(SwotItem, edition),
                )
            elif op == "set_target":
                indicator = edition.indicators.get(number=change["indicator"])
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator,
                    year_be=change["year"],
                    defaults={"value": Decimal(str(change["value"]))},
                )
            elif op == "add_indicator":
                goal = edition.goals.get(number=change["goal"])
                spec = {k: v for k, v in change.items() if k not in ("op", "goal")}
                self.add_indicator(edition, goal, spec, services.next_order(Indicator, edition))
            elif op == "reword_strategy":
                strategy = edition.strategies.get(number=change["strategy"])
                strategy.text = change["text"]
                strategy.save(update_fields=["text"])
            elif op == "add_project":
                strategy = edition.strategies.get(number=change["strategy"])
                spec = {k: v for k, v in change.items() if k not in ("op", "strategy")}
                stages = {
                    s.name: s for s in edition.chain_stages.filter(chain__issue=strategy.issue)
                }
                self.add_project(
                    edition, strategy, spec, services.next_order(PlanProject, edition), stages
                )
            elif op == "drop_project":
                edition.projects.filter(name=change["name"]).delete()
            else:
                raise ValueError(f"unknown demo change {op!r}")


def _approve(user: User, edition: PlanEdition, plan: Plan, upto: str) -> None:
    for status, decided_by, decided_on in ORIGINAL_STEPS:
        services.transition(
            user,
            edition,
            status,
            decided_by=decided_by.format(
                committee=plan.committee, national=plan.regime.national_body
            ),
            decided_on=decided_on,
        )
        if status == upto:
            break


def _load_plan(
    loader: Loader,
    user: User,
    owner: Area | Cluster,
    spec: dict,
    review: list[dict] | None,
    cluster_plan: Plan | None,
    regime: Regime,
) -> Plan:
    existing = Plan.objects.filter(
        province=owner if isinstance(owner, Area) else None,
        cluster=owner if isinstance(owner, Cluster) else None,
        first_year_be=spec["first_year_be"],
    ).first()
    if existing is not None:
        return existing
    plan = services.create_plan(
        user, owner=owner, first_year_be=spec["first_year_be"], regime=regime, title=spec["title"]
    )
    original = plan.editions.get(number=0)
    cluster_edition = (
        cluster_plan.editions.order_by("-number").first() if cluster_plan is not None else None
    )
    with set_actor(user):
        loader.fill(original, spec, cluster_edition)
    _approve(user, original, plan, EditionStatus.CABINET)
    if review:
        edition = services.start_review(user, plan, 2568)
        with set_actor(user):
            loader.apply_review(edition, review)
        services.transition(
            user,
            edition,
            EditionStatus.CONSULTED,
            decided_by="การประชุมปรึกษาหารือตามมาตรา 19 ปีงบประมาณ พ.ศ. 2568",
            decided_on=date(2024, 1, 18),
        )
    return plan


@transaction.atomic
def load_plan_demo() -> list[Plan]:
    regime = Regime.objects.get(code="2566")
    loader = Loader()
    cluster_regime = ClusterRegime.objects.get(in_force=True)
    east1 = Cluster.objects.get(regime=cluster_regime, memberships__province_id="21")
    secretariat = User.objects.get(username="secretariat")
    cluster_plan = _load_plan(
        loader,
        User.objects.get(username="east1"),
        east1,
        read_plan("east1"),
        read_review("east1_review_2568"),
        None,
        regime,
    )
    plans = [cluster_plan]
    plans.append(
        _load_plan(
            loader,
            User.objects.get(username="rayong"),
            Area.objects.get(code="21"),
            read_plan("rayong"),
            read_review("rayong_review_2568"),
            cluster_plan,
            regime,
        )
    )
    available = set(Area.objects.provinces().values_list("code", flat=True))
    for code, spec in read_other_provinces().items():
        if code not in available:
            continue
        province = Area.objects.get(code=code)
        in_east1 = east1.memberships.filter(province=province).exists()
        plans.append(
            _load_plan(
                loader,
                secretariat,
                province,
                spec,
                None,
                cluster_plan if in_east1 else None,
                regime,
            )
        )
    return plans
