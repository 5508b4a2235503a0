"""Choices follow the plan's regime (issue 11): a plan under the 2551 regime picks a 2009
cluster and aligns to that period's national frameworks, never today's."""

from __future__ import annotations

import pytest

from oneplan.areas.models import Cluster
from oneplan.cycles.models import Regime
from oneplan.plans.forms import PlanCreateForm, StrategicIssueForm, owner_choices
from oneplan.plans.importing import Validator
from oneplan.plans.models import AlignmentFramework, AlignmentTarget, Plan, PlanEdition, PlanKind

pytestmark = pytest.mark.django_db


def plan_2551() -> PlanEdition:
    plan = Plan.objects.create(
        kind=PlanKind.PROVINCE,
        province_id="21",
        regime=Regime.objects.get(code="2551"),
        first_year_be=2592,
        last_year_be=2595,
        title="แผนพัฒนาจังหวัดระยอง (ทดสอบ 2551)",
    )
    return PlanEdition.objects.create(plan=plan, number=0)


def test_the_2551_regime_aligns_to_the_frameworks_of_its_period():
    codes = set(Regime.objects.get(code="2551").frameworks.values_list("code", flat=True))
    assert codes == {"nesdp10", "nesdp11", "gov-policy-2551"}
    today = set(Regime.objects.get(code="2566").frameworks.values_list("code", flat=True))
    assert not codes & today


def test_an_issue_of_a_2551_plan_offers_only_its_regimes_targets(demo_user):
    edition = plan_2551()
    nesdp10 = AlignmentFramework.objects.get(code="nesdp10")
    own = AlignmentTarget.objects.create(framework=nesdp10, number=99, name_th="ยุทธศาสตร์ทดสอบ")
    form = StrategicIssueForm(edition=edition, user=demo_user("rayong"))
    offered = set(form.fields["alignments"].queryset)
    assert own in offered
    assert not any(t.framework.code == "ns-2561-2580" for t in offered)
    today = StrategicIssueForm(
        edition=Plan.objects.filter(regime__code="2566").first().editions.first(),
        user=demo_user("rayong"),
    )
    assert own not in set(today.fields["alignments"].queryset)


def test_the_plan_import_knows_only_the_targets_of_the_plans_regime():
    validator = Validator(plan_2551())
    # Its columns are its regime's frameworks; today's (ns-2561-2580, sdg, …) are not read.
    assert set(validator.targets) == {"nesdp10", "nesdp11", "gov-policy-2551"}
    assert all(validator.targets.values())


def test_the_new_plan_form_offers_the_clusters_of_each_regimes_set(demo_user):
    choices = owner_choices(demo_user("secretariat"))
    groups = {label: options for label, options in choices if isinstance(options, list)}
    old_set = Regime.objects.get(code="2551").cluster_regime
    assert old_set.name_th in groups
    offered = {value for value, _label in groups[old_set.name_th]}
    assert offered == {f"cluster:{c.pk}" for c in Cluster.objects.filter(regime=old_set)}


def test_a_2551_plan_takes_a_2009_cluster_and_refuses_a_2017_one(demo_user):
    user = demo_user("secretariat")
    regime = Regime.objects.get(code="2551")
    old = Cluster.objects.filter(regime=regime.cluster_regime).first()
    new = Cluster.objects.filter(regime__in_force=True).exclude(regime=regime.cluster_regime)[0]
    ok = PlanCreateForm(
        {"owner": f"cluster:{old.pk}", "first_year_be": "2553", "regime": regime.pk}, user=user
    )
    assert ok.is_valid(), ok.errors
    assert ok.owner_object() == old
    wrong = PlanCreateForm(
        {"owner": f"cluster:{new.pk}", "first_year_be": "2553", "regime": regime.pk}, user=user
    )
    assert not wrong.is_valid()
    assert "owner" in wrong.errors
