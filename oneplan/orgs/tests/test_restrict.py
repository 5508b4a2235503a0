"""The door on every model: `Model.objects.restrict(user, action)` is the policy's answer,
on every model the policy knows; `policy.require` refuses as the services need."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from oneplan.core import restrict as door
from oneplan.core.restrict import RestrictedQuerySet
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.models import Proposal, ProposalStatus

pytestmark = pytest.mark.django_db

# The demo's users, one of each kind of scope (see oneplan/demo/data/users.yaml).
SAMPLE = ("secretariat", "east1", "rayong", "rayong_district", "rayong_agency", "chonburi")


def _users(demo_user) -> list:
    return [demo_user(name) for name in SAMPLE] + [AnonymousUser()]


def _registered() -> list[type]:
    return sorted(policy._REGISTRY, key=lambda model: model._meta.label)


def test_every_registered_model_has_the_door_on_its_default_manager():
    missing = [
        model._meta.label
        for model in _registered()
        if not callable(getattr(model._default_manager, "restrict", None))
        or not isinstance(model._default_manager.all(), RestrictedQuerySet)
    ]
    assert missing == []
    assert len(_registered()) > 50  # the policy's registrations did run


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE])
def test_the_door_answers_what_the_policy_answers_for_every_model_and_user(demo_user, action):
    users = _users(demo_user)
    for model in _registered():
        everything = model._default_manager.all()
        for user in users:
            expected = set(policy.restrict(everything, user, action).values_list("pk", flat=True))
            found = set(model._default_manager.restrict(user, action).values_list("pk", flat=True))
            assert found == expected, (model._meta.label, getattr(user, "username", None))


def test_the_door_sees_something_and_hides_something():
    """The sample is not vacuous: the province reads its proposals, another province none."""
    from oneplan.orgs.models import User

    rayong, chonburi = User.objects.get(username="rayong"), User.objects.get(username="chonburi")
    rayongs = Proposal.objects.filter(province_id="21", level="province")
    assert rayongs.restrict(rayong).exists()
    assert not rayongs.restrict(chonburi).exists()
    assert not rayongs.restrict(AnonymousUser()).exists()


def test_the_door_chains_both_ways(demo_user):
    rayong = demo_user("rayong")
    before = Proposal.objects.filter(status=ProposalStatus.CLINIC).restrict(rayong, "change")
    after = Proposal.objects.restrict(rayong, Action.CHANGE).filter(status=ProposalStatus.CLINIC)
    expected = policy.restrict(
        Proposal.objects.filter(status=ProposalStatus.CLINIC), rayong, Action.CHANGE
    )
    assert set(before) == set(after) == set(expected) != set()
    # related managers and custom querysets carry it too
    province = apps.get_model("areas", "Area").objects.get(code="21")
    assert set(province.children.active().restrict(rayong)) == set(province.children.active())


def test_a_model_the_policy_does_not_know_raises_lookup_error(demo_user):
    unknown = [
        model
        for model in apps.get_app_config("committees").get_models()
        if not policy.is_registered(model)
    ] or [apps.get_model("auth", "Group")]
    with pytest.raises(LookupError, match="not registered with the permission policy"):
        RestrictedQuerySet(model=unknown[0]).restrict(demo_user("rayong"))


def test_without_the_policy_installed_the_door_refuses_to_answer(monkeypatch, demo_user):
    monkeypatch.setattr(door, "_restrictor", None)
    with pytest.raises(ImproperlyConfigured):
        Proposal.objects.restrict(demo_user("secretariat"))


def test_the_orgs_app_installs_the_policy():
    assert door.installed() is policy.restrict


def test_the_door_judges_one_object_as_the_policy_does(monkeypatch, demo_user):
    """`areas` asks through the door (it sits below the policy): same answers, same 404."""
    proposal = Proposal.objects.filter(province_id="21", level="province").first()
    for name in ("rayong", "chonburi", "rayong_agency", "reviewer", "secretariat"):
        user = demo_user(name)
        for action in ("view", "change"):
            assert door.can(user, action, proposal) == policy.can(user, action, proposal)
            visible = Proposal.objects.restrict(user, action).filter(pk=proposal.pk).exists()
            if visible:
                assert door.get_or_404(Proposal.objects.all(), user, action, pk=proposal.pk)
            else:
                with pytest.raises(Http404):
                    door.get_or_404(Proposal.objects.all(), user, action, pk=proposal.pk)
    monkeypatch.setattr(door, "_checker", None)
    with pytest.raises(ImproperlyConfigured):
        door.can(demo_user("rayong"), "view", proposal)


def test_require_refuses_with_the_callers_message_or_the_default(demo_user):
    proposal = Proposal.objects.filter(province_id="21", level="province").first()
    policy.require(demo_user("rayong"), Action.CHANGE, proposal)  # allowed: no exception
    with pytest.raises(PermissionDenied, match=str(policy.MSG_DENIED)):
        policy.require(demo_user("chonburi"), Action.CHANGE, proposal)
    with pytest.raises(PermissionDenied, match="ไม่ใช่ของคุณ"):
        policy.require(demo_user("chonburi"), "view", proposal, "ไม่ใช่ของคุณ")
