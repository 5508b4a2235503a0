"""The rules of editions: the approval chain, the yearly review copy, targets and the diff."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oneplan.cycles.models import Regime
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans import services
from oneplan.plans.diff import ChangeKind, diff_editions
from oneplan.plans.models import (
    COMPONENT_MODELS,
    DEFAULT_EDITION_CHAIN,
    EDITION_CHAIN,
    EditionStatus,
    PlanProject,
)
from oneplan.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


@contextmanager
def rolled_back():
    """One hypothesis example in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def approved_plan():
    return make_plan(status=EditionStatus.APPROVED)


def test_review_copies_every_component_with_its_identity(demo_user):
    plan = approved_plan()
    original = plan.editions.get()
    review = services.start_review(demo_user("rayong"), plan, plan.first_year_be + 1)
    for model in COMPONENT_MODELS:
        old = set(model.objects.filter(edition=original).values_list("key", flat=True))
        new = set(model.objects.filter(edition=review).values_list("key", flat=True))
        assert old and old == new, model.__name__
    # Links inside the copy point inside the copy.
    for project in PlanProject.objects.filter(edition=review):
        assert project.strategy.edition_id == review.pk
        assert project.stage.edition_id == review.pk
    indicator = review.indicators.first()
    assert indicator.goal.edition_id == review.pk
    assert indicator.target_map() == original.indicators.get(key=indicator.key).target_map()
    assert set(review.issues.first().alignments.all()) == set(
        original.issues.get(key=review.issues.first().key).alignments.all()
    )
    assert diff_editions(original, review).items == []


def test_review_needs_an_approved_edition_and_only_one_draft_at_a_time(demo_user):
    user = demo_user("rayong")
    draft_plan = make_plan()
    with pytest.raises(ValidationError):
        services.start_review(user, draft_plan, draft_plan.first_year_be)
    plan = make_plan(first_year_be=2596, status=EditionStatus.APPROVED)
    services.start_review(user, plan, plan.first_year_be)
    with pytest.raises(ValidationError):
        services.start_review(user, plan, plan.first_year_be + 1)
    other = make_plan(first_year_be=2601, status=EditionStatus.APPROVED)
    with pytest.raises(ValidationError):
        services.start_review(user, other, other.last_year_be + 3)


def test_only_the_owner_may_review_or_move_a_plan(demo_user):
    plan = approved_plan()
    with pytest.raises(PermissionDenied):
        services.start_review(demo_user("chonburi"), plan, plan.first_year_be)
    with pytest.raises(PermissionDenied):
        services.start_review(demo_user("east1"), plan, plan.first_year_be)
    with pytest.raises(PermissionDenied):
        services.transition(
            demo_user("rayong_committee"),
            plan.editions.get(),
            EditionStatus.ENDORSED,
            decided_by="x",
        )


def test_approved_edition_components_are_read_only_for_everyone(demo_user):
    plan = approved_plan()
    edition = plan.editions.get()
    goal = edition.goals.first()
    for name in ("rayong", "secretariat", "admin"):
        assert policy.can(demo_user(name), Action.VIEW, goal)
        assert not policy.can(demo_user(name), Action.CHANGE, goal)
        assert not policy.restrict(type(goal).objects.filter(pk=goal.pk), demo_user(name), "change")
    indicator = edition.indicators.first()
    with pytest.raises(ValidationError):
        services.set_targets(demo_user("rayong"), indicator, {plan.first_year_be: Decimal(1)})


STATUSES = list(EditionStatus.values)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=6))
def test_approval_chain_accepts_exactly_the_allowed_steps(demo_user, steps):
    with rolled_back():
        check_approval_chain(demo_user, steps)


# A chain of the regime's own: any status may be followed by any others (not itself).
chains = st.dictionaries(
    st.sampled_from(STATUSES), st.lists(st.sampled_from(STATUSES), unique=True, max_size=4)
).map(lambda chain: {status: [n for n in nexts if n != status] for status, nexts in chain.items()})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chain=chains, steps=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=6))
def test_a_regime_with_its_own_chain_moves_editions_by_it(demo_user, chain, steps):
    with rolled_back():
        regime = Regime.objects.get(is_current=True)
        regime.edition_chain = chain
        regime.full_clean()
        regime.save()
        check_approval_chain(demo_user, steps)


def test_a_regime_without_its_own_chain_follows_the_named_default(demo_user):
    regime = Regime.objects.get(is_current=True)
    regime.edition_chain = {}
    regime.save()
    assert EDITION_CHAIN.of(regime) == {
        str(status): tuple(str(n) for n in nexts) for status, nexts in DEFAULT_EDITION_CHAIN.items()
    }
    edition = make_plan(first_year_be=2611).editions.get()
    assert services.next_statuses(edition) == (EditionStatus.CONSULTED,)
    with pytest.raises(ValidationError):
        services.transition(demo_user("rayong"), edition, EditionStatus.APPROVED, decided_by="x")


def test_the_shipped_regimes_carry_todays_chain_and_a_different_one_changes_the_page(
    client, demo_user
):
    for regime in Regime.objects.all():
        assert EDITION_CHAIN.of(regime) == EDITION_CHAIN.of(None)
        assert regime.edition_chain  # their own, filled by the loader
    plan = make_plan(first_year_be=2611)
    edition = plan.editions.get()
    regime = plan.regime
    regime.edition_chain = {"draft": ["approved"]}  # straight to the committee
    regime.save()
    client.force_login(demo_user("rayong"))
    page = client.get(f"/plans/editions/{edition.pk}/")
    assert [v for v, _label in page.context["transition_form"].fields["to_status"].choices] == [
        "approved"
    ]
    services.transition(demo_user("rayong"), edition, "approved", decided_by="มติ ก.บ.จ.")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED


def check_approval_chain(demo_user, steps):
    user = demo_user("rayong")
    plan = make_plan(first_year_be=2611)
    edition = plan.editions.get()
    chain = EDITION_CHAIN.of(plan.regime)
    expected = EditionStatus.DRAFT
    accepted = 0
    for step in steps:
        if step in chain.get(expected, ()):
            services.transition(user, edition, step, decided_by="มติ ก.บ.จ.")
            expected = step
            accepted += 1
        else:
            with pytest.raises(ValidationError):
                services.transition(user, edition, step, decided_by="มติ ก.บ.จ.")
        edition.refresh_from_db()
        assert edition.status == expected
    assert edition.transitions.count() == accepted


target_values = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


KEEP = "keep"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.lists(st.one_of(st.just(KEEP), st.none(), target_values), min_size=10, max_size=10)
)
def test_diff_reports_exactly_the_targets_that_changed(demo_user, changes):
    """Each plan year is kept, cleared (None) or set to a new value; the diff says which."""
    with rolled_back():
        check_target_diff(demo_user, changes)


def check_target_diff(demo_user, changes):
    user = demo_user("rayong")
    plan = make_plan(first_year_be=2621, status=EditionStatus.APPROVED)
    original = plan.editions.get()
    review = services.start_review(user, plan, plan.first_year_be)
    indicator = review.indicators.order_by("pk").first()
    before = indicator.target_map()
    new_values = {
        year: value for year, value in zip(plan.years, changes, strict=False) if value != KEEP
    }
    services.set_targets(user, indicator, new_values)
    after = {**before, **new_values}
    changed_years = {y for y in plan.years if before.get(y) != after.get(y)}
    assert indicator.target_map() == {y: v for y, v in after.items() if v is not None}
    result = diff_editions(original, review)
    items = [i for i in result.items if i.key == str(indicator.key)]
    if not changed_years:
        assert items == []
    else:
        (item,) = items
        assert item.kind == ChangeKind.CHANGED
        reported = {c.field for c in item.changes}
        assert reported == {_("target for %(year)s") % {"year": y} for y in changed_years}
    assert [i for i in result.items if i.key != str(indicator.key)] == []


def test_diff_says_added_removed_and_reworded(demo_user):
    user = demo_user("rayong")
    plan = approved_plan()
    original = plan.editions.get()
    review = services.start_review(user, plan, plan.first_year_be)
    strategy = review.strategies.first()
    old_text = strategy.text
    strategy.text = "ส่งเสริมเกษตรมูลค่าสูงด้วยนวัตกรรม"
    strategy.save()
    dropped = review.projects.first()
    dropped.delete()
    PlanProject.objects.create(edition=review, strategy=strategy, name="โครงการใหม่")
    result = diff_editions(original, review)
    kinds = {(i.kind, i.model) for i in result.items}
    assert kinds == {
        (ChangeKind.CHANGED, "strategy"),
        (ChangeKind.REMOVED, "planproject"),
        (ChangeKind.ADDED, "planproject"),
    }
    changed = next(i for i in result.items if i.kind == ChangeKind.CHANGED)
    assert any(c.old == old_text and c.new == strategy.text for c in changed.changes)
    assert result.counts() == {"added": 1, "removed": 1, "changed": 1}
    with pytest.raises(ValueError):
        diff_editions(original, make_plan(first_year_be=2631).editions.get())


def test_a_cluster_plan_uses_a_cluster_of_the_regimes_cluster_set(demo_user):
    from oneplan.areas.models import Cluster

    old_set_cluster = Cluster.objects.filter(regime__code="2552").first()
    with pytest.raises(ValidationError):
        services.create_plan(demo_user("secretariat"), owner=old_set_cluster, first_year_be=2651)


def test_long_texts_are_compared_word_by_word_in_thai():
    from oneplan.plans.diff import FieldChange, word_diff

    old = "ระยองเป็นเมืองน่าอยู่ เศรษฐกิจเติบโตอย่างสมดุลบนฐานอุตสาหกรรม เกษตรมูลค่าสูง"
    new = "ระยองเป็นเมืองน่าอยู่ เศรษฐกิจเติบโตอย่างสมดุลบนฐานอุตสาหกรรมคาร์บอนต่ำ เกษตรมูลค่าสูง"
    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "ins") == old
    assert "".join(t for op, t in runs if op != "del") == new
    assert "".join(t for op, t in runs if op == "ins") == "คาร์บอนต่ำ"
    assert not [t for op, t in runs if op == "del"]
    assert FieldChange("วิสัยทัศน์", old * 2, new * 2).is_long


thai_text = st.text(alphabet="กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอะาิีึืุูเแโใไ่้๊๋ ัำ็์ ๐๑๒", max_size=60)


@settings(max_examples=60, deadline=None)
@given(old=thai_text, new=thai_text)
def test_word_diff_rebuilds_both_texts(old, new):
    from oneplan.plans.diff import word_diff

    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "ins") == old
    assert "".join(t for op, t in runs if op != "del") == new
    assert all(op == "same" for op, _t in runs) == (old == new)
