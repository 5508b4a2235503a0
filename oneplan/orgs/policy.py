"""The one permission policy: may this user do this action on this object?

Every view, the API and the admin ask here, in one of two ways that always agree:

* `can(user, action, obj)` for one object (also an unsaved one, for "add");
* `restrict(queryset, user, action)` for lists, so that views never see what the user
  may not. Every registered model's manager carries it as a method
  (`Proposal.objects.filter(...).restrict(user, "change")`, oneplan.core.restrict);
  `get_or_404` fetches one object through it, so "missing" and "not yours" give the same
  answer; `require` refuses a service's action with PermissionDenied.

A model takes part by registering a `ScopeSpec`: the paths from the model to the
area it belongs to, the body that owns it and the cluster that owns it. The rules by
role (national, cluster, province, district, agency, local government, committee,
public) are written once, below, and apply to every registered model.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import reduce
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from oneplan.areas.models import COUNTRY_CODE, Cluster, province_code_of, province_codes_of
from oneplan.core import restrict as door
from oneplan.orgs.models import Organisation, Role, RoleAssignment

SELF = "self"
# What `require` says when the caller names nothing.
MSG_DENIED = gettext_lazy("You may not do this.")


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


# Roles that read everything; roles that may change anything a model lets them.
NATIONAL_READERS = {Role.NATIONAL_SECRETARIAT, Role.NATIONAL_REVIEWER, Role.SYSTEM_ADMIN}
EVERYWHERE_EDITORS = {Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN}
DEFAULT_EDITORS = frozenset(
    {
        Role.NATIONAL_SECRETARIAT,
        Role.SYSTEM_ADMIN,
        Role.CLUSTER_STRATEGY,
        Role.PROVINCIAL_STRATEGY,
        Role.DISTRICT_OFFICER,
        Role.AGENCY_OFFICER,
        Role.LAO_OFFICER,
    }
)


@dataclass(frozen=True)
class ScopeSpec:
    """How a model says where its objects belong.

    area: path to the Area the object lies in (SELF when the object is an Area).
    organisation: path to the owning Organisation (SELF for an Organisation).
    cluster: path to the owning Cluster (SELF for a Cluster).
    public_read: anyone, signed in or not, may read every object.
    editors: the roles that may change objects of this model at all.
    editable: a further condition on the object for any change (Q and its Python twin).
    cluster_members_read: whoever may read a member province of the object's cluster may
        read the object (a cluster plan is read by its provinces).
    cluster_reaches_area: a cluster office may change objects in its member provinces
        (False for records the province itself owns, such as its development plan).
    published: path to a boolean field; objects where it is true are read by anyone,
        signed in or not (a published calendar, the public part of a consultation).
    sender_within_area: "a sender acts only where it works": a body that owns an object,
        or the cluster office it belongs to, adds and changes it only when the object's
        area is one the user reads. An agency of Rayong proposes for Rayong; naming itself
        the proposer does not let it enter a proposal for Chonburi (the ownership rule
        alone would let a body own an object anywhere).
    """

    area: str | None = None
    organisation: str | None = None
    cluster: str | None = None
    public_read: bool = False
    editors: frozenset[Role] = DEFAULT_EDITORS
    editable_q: Q | None = None
    editable: Callable[[Any], bool] | None = None
    cluster_members_read: bool = False
    cluster_reaches_area: bool = True
    published: str | None = None
    sender_within_area: bool = False


_REGISTRY: dict[type[models.Model], ScopeSpec] = {}


def register(model: type[models.Model], spec: ScopeSpec) -> None:
    """Put a model under the policy, and answer Django's has_perm for it the same way."""
    _REGISTRY[model] = spec
    opts = model._meta
    for action in Action:
        name = f"{opts.app_label}.{action.value}_{opts.model_name}"
        rules.set_perm(name, _rules_predicate(model, action))


def _rules_predicate(model: type[models.Model], action: Action):
    @rules.predicate
    def predicate(user, obj=None) -> bool:
        if obj is None:
            if action == Action.VIEW:
                return spec_for(model).public_read or bool(scopes_of(user))
            return can_add_any(user, model)
        return can(user, action, obj)

    return predicate


def spec_for(model: type[models.Model]) -> ScopeSpec:
    for klass in model.__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    raise LookupError(f"{model.__name__} is not registered with the permission policy")


def is_registered(model: type[models.Model]) -> bool:
    return any(klass in _REGISTRY for klass in model.__mro__)


# --- Who the user is -------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """One role of a user, reduced to what the rules need."""

    role: Role
    area_code: str | None = None  # province or district code, or the body's area
    province_codes: frozenset[str] = field(default_factory=frozenset)  # a cluster's members
    cluster_id: int | None = None
    organisation_ids: frozenset[int] = field(default_factory=frozenset)  # a body and its children


def scopes_of(user: Any) -> tuple[Scope, ...]:
    """The user's scopes, read once per request and kept on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_oneplan_scopes", None)
    if cached is not None:
        return cached
    scopes: list[Scope] = []
    if user.is_superuser:
        scopes.append(Scope(Role.SYSTEM_ADMIN))
    assignments = RoleAssignment.objects.filter(user=user).select_related(
        "area", "cluster", "organisation"
    )
    for a in assignments:
        role = Role(a.role)
        if role == Role.CLUSTER_STRATEGY and a.cluster_id:
            members = frozenset(a.cluster.memberships.values_list("province_id", flat=True))
            scopes.append(Scope(role, province_codes=members, cluster_id=a.cluster_id))
        elif role in (Role.AGENCY_OFFICER, Role.LAO_OFFICER) and a.organisation_id:
            ids = _organisation_subtree(a.organisation_id)
            scopes.append(Scope(role, area_code=a.organisation.area_id, organisation_ids=ids))
        elif a.area_id:
            scopes.append(Scope(role, area_code=a.area_id))
        elif role in NATIONAL_READERS:
            scopes.append(Scope(role))
    result = tuple(scopes)
    user._oneplan_scopes = result
    return result


def _organisation_subtree(root_id: int) -> frozenset[int]:
    ids, frontier = {root_id}, {root_id}
    while frontier:
        frontier = (
            set(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - ids
        )
        ids |= frontier
    return frozenset(ids)


def roles_of(user: Any) -> set[Role]:
    return {s.role for s in scopes_of(user)}


# --- The rules, once: what each role reaches ---------------------------------------------

EVERYWHERE = None  # "no area limit" in the answers below
OWNER_ROLES = {Role.AGENCY_OFFICER, Role.LAO_OFFICER}


def _reach(scope: Scope, action: Action) -> frozenset[str] | None:
    """The DOPA code prefixes a scope reaches for reading or changing; None = everywhere.

    The one place where roles are turned into areas: national roles read everything;
    a cluster office reaches its member provinces; a province and a district change
    their own area, and district officers and committee members read their province;
    agency and local-government officers read their province, and change only what
    their body owns (see `_owned`), not an area. National reviewers and committee members
    change nothing unless a model lists them among its editors.
    """
    role = scope.role
    area = scope.area_code if scope.area_code and scope.area_code != COUNTRY_CODE else None
    if action == Action.VIEW:
        if role in NATIONAL_READERS:
            return EVERYWHERE
        if role == Role.CLUSTER_STRATEGY:
            return scope.province_codes
        return frozenset(province_codes_of([area] if area else []))
    if role in EVERYWHERE_EDITORS:
        return EVERYWHERE
    # Reviewers change only the records of models that name them as editors (clinic
    # comments and scores): a national panel anywhere, a committee member in its area.
    if role == Role.NATIONAL_REVIEWER:
        return EVERYWHERE
    if role == Role.COMMITTEE_MEMBER and area:
        return frozenset({area})
    if role == Role.CLUSTER_STRATEGY:
        return scope.province_codes
    if role in (Role.PROVINCIAL_STRATEGY, Role.DISTRICT_OFFICER) and area:
        return frozenset({area})
    return frozenset()


def scope_reach(scope: Scope, action: Action | str) -> frozenset[str] | None:
    """What one scope reaches for `action`, as `area_reach` counts it (None = everywhere):
    for changing, only the roles that edit at all."""
    action = Action(action)
    if action != Action.VIEW and scope.role not in DEFAULT_EDITORS:
        return frozenset()
    return _reach(scope, action)


def home_province_code(user: Any) -> str | None:
    """The province a user works in (its first scope with an area below the country), for
    pages that open on "my province"; None for national roles and cluster offices."""
    for scope in scopes_of(user):
        if scope.area_code and scope.area_code != COUNTRY_CODE:
            return province_code_of(scope.area_code)
    return None


def reads_everywhere(user: Any) -> bool:
    """Whether the user reads every province (the national roles): the national views."""
    return bool(scopes_of(user)) and area_reach(user, Action.VIEW) is EVERYWHERE


def area_reach(user: Any, action: Action | str = Action.CHANGE) -> frozenset[str] | None:
    """Every code prefix the user reaches (None = everywhere): for choosing an area in a form."""
    action = Action(action)
    prefixes: set[str] = set()
    for scope in scopes_of(user):
        reach = scope_reach(scope, action)
        if reach is EVERYWHERE:
            return EVERYWHERE
        prefixes |= reach
    return frozenset(prefixes)


# --- ... as querysets ---------------------------------------------------------------------

_ALL = Q(pk__isnull=False)  # a real condition: an empty Q() vanishes when OR-ed
_NONE = Q(pk__in=[])


def _path(path: str, suffix: str) -> str:
    return suffix if path == SELF else f"{path}__{suffix}"


def _within_q(spec: ScopeSpec, prefixes: frozenset[str] | None) -> Q:
    if prefixes is EVERYWHERE:
        return _ALL
    if spec.area is None or not prefixes:
        return _NONE
    lookup = _path(spec.area, "code__startswith")
    return reduce(operator.or_, (Q(**{lookup: p}) for p in sorted(prefixes)))


def _owned_q(spec: ScopeSpec, scope: Scope) -> Q:
    if spec.organisation is None or scope.role not in OWNER_ROLES or not scope.organisation_ids:
        return _NONE
    return Q(**{_path(spec.organisation, "pk__in"): sorted(scope.organisation_ids)})


def _cluster_q(spec: ScopeSpec, scope: Scope) -> Q:
    if spec.cluster is None or scope.cluster_id is None:
        return _NONE
    return Q(**{_path(spec.cluster, "pk"): scope.cluster_id})


def _national_q(spec: ScopeSpec) -> Q:
    """Records that belong to the whole country (ministries, national bodies): all may read."""
    if spec.area is None:
        return _NONE
    return Q(**{_path(spec.area, "code"): COUNTRY_CODE})


def _cluster_members_q(spec: ScopeSpec, prefixes: frozenset[str] | None) -> Q:
    """Objects whose cluster has a member province the user reads."""
    if not spec.cluster_members_read or spec.cluster is None:
        return _NONE
    if prefixes is EVERYWHERE:
        return _ALL
    provinces = sorted(province_codes_of(prefixes))
    if not provinces:
        return _NONE
    clusters = Cluster.objects.filter(memberships__province_id__in=provinces).values("pk")
    return Q(**{_path(spec.cluster, "pk__in"): clusters})


def _published_q(spec: ScopeSpec) -> Q:
    if spec.published is None:
        return _NONE
    return Q(**{spec.published: True})


def _read_q(spec: ScopeSpec, scope: Scope) -> Q:
    reach = _reach(scope, Action.VIEW)
    return (
        _national_q(spec)
        | _within_q(spec, reach)
        | _owned_q(spec, scope)
        | _cluster_q(spec, scope)
        | _cluster_members_q(spec, reach)
    )


def _area_change_reach(spec: ScopeSpec, scope: Scope) -> frozenset[str] | None:
    if scope.role == Role.CLUSTER_STRATEGY and not spec.cluster_reaches_area:
        return frozenset()
    return _reach(scope, Action.CHANGE)


def _change_q(spec: ScopeSpec, scope: Scope) -> Q:
    if scope.role not in spec.editors:
        return _NONE
    sent = _owned_q(spec, scope) | _cluster_q(spec, scope)
    if spec.sender_within_area:
        sent &= _within_q(spec, _reach(scope, Action.VIEW))
    q = _within_q(spec, _area_change_reach(spec, scope)) | sent
    if spec.editable_q is not None:
        q &= spec.editable_q
    return q


def restrict(
    queryset: models.QuerySet, user: Any, action: Action | str = Action.VIEW
) -> models.QuerySet:
    """The objects of `queryset` this user may act on; the door every view reads through."""
    return restrict_as(queryset, user, action, spec_for(queryset.model))


def restrict_as(
    queryset: models.QuerySet, user: Any, action: Action | str, spec: ScopeSpec
) -> models.QuerySet:
    """`restrict` with another spec for the same paths: "the proposals on which this user
    could act as on their clinic comments" (a spec registered for the child, seen from the
    parent)."""
    action = Action(action)
    if action == Action.VIEW and spec.public_read:
        return queryset
    published = _published_q(spec) if action == Action.VIEW else _NONE
    scopes = scopes_of(user)
    if not scopes:
        return queryset.filter(published) if spec.published else queryset.none()
    builder = _read_q if action == Action.VIEW else _change_q
    q = reduce(operator.or_, (builder(spec, s) for s in scopes), published)
    return queryset.filter(q).distinct() if _joins_many(spec) else queryset.filter(q)


def _joins_many(spec: ScopeSpec) -> bool:
    return any(p and "__" in p for p in (spec.area, spec.organisation, spec.cluster))


# --- The same rules on one object, in Python (works on unsaved objects too) --------------


def _resolve(obj: Any, path: str | None) -> Any:
    if path is None:
        return None
    if path == SELF:
        return obj
    value = obj
    for part in path.split("__"):
        try:
            value = getattr(value, part)
        except Exception:  # a missing reverse one-to-one, an unset foreign key
            return None
        if value is None:
            return None
    return value


def _within(spec: ScopeSpec, obj: Any, prefixes: frozenset[str] | None) -> bool:
    if prefixes is EVERYWHERE:
        return True
    code = getattr(_resolve(obj, spec.area), "code", None)
    return bool(code) and any(code.startswith(p) for p in prefixes)


def _owned(spec: ScopeSpec, obj: Any, scope: Scope) -> bool:
    if scope.role not in OWNER_ROLES:
        return False
    org = _resolve(obj, spec.organisation)
    return org is not None and org.pk in scope.organisation_ids


def _in_cluster(spec: ScopeSpec, obj: Any, scope: Scope) -> bool:
    cluster = _resolve(obj, spec.cluster)
    return cluster is not None and scope.cluster_id is not None and cluster.pk == scope.cluster_id


def _is_national(spec: ScopeSpec, obj: Any) -> bool:
    return getattr(_resolve(obj, spec.area), "code", None) == COUNTRY_CODE


def _cluster_has_member_in(spec: ScopeSpec, obj: Any, prefixes: frozenset[str] | None) -> bool:
    if not spec.cluster_members_read:
        return False
    cluster = _resolve(obj, spec.cluster)
    if cluster is None:
        return False
    if prefixes is EVERYWHERE:
        return True
    provinces = province_codes_of(prefixes)
    return bool(provinces) and cluster.memberships.filter(province_id__in=provinces).exists()


def _may_read(spec: ScopeSpec, scope: Scope, obj: Any) -> bool:
    reach = _reach(scope, Action.VIEW)
    return (
        _is_national(spec, obj)
        or _within(spec, obj, reach)
        or _owned(spec, obj, scope)
        or _in_cluster(spec, obj, scope)
        or _cluster_has_member_in(spec, obj, reach)
    )


def _may_change(spec: ScopeSpec, scope: Scope, obj: Any) -> bool:
    if scope.role not in spec.editors:
        return False
    if spec.editable is not None and not spec.editable(obj):
        return False
    if _within(spec, obj, _area_change_reach(spec, scope)):
        return True
    if not (_owned(spec, obj, scope) or _in_cluster(spec, obj, scope)):
        return False
    return not spec.sender_within_area or _within(spec, obj, _reach(scope, Action.VIEW))


def can(user: Any, action: Action | str, obj: Any) -> bool:
    """May `user` do `action` on `obj`? The answer `restrict` gives for one object."""
    action = Action(action)
    spec = spec_for(type(obj))
    if action == Action.VIEW and spec.public_read:
        return True
    if action == Action.VIEW and spec.published and _resolve(obj, spec.published) is True:
        return True
    check = _may_read if action == Action.VIEW else _may_change
    return any(check(spec, scope, obj) for scope in scopes_of(user))


def require(
    user: Any, action: Action | str, obj: Any, message: str | Promise | None = None
) -> None:
    """Refuse with PermissionDenied (and its `message`) unless `can` says yes: the
    first line of every service that acts on an object for a user."""
    if not can(user, action, obj):
        raise PermissionDenied(message or MSG_DENIED)


def can_add_any(user: Any, model: type[models.Model]) -> bool:
    """Whether the user could add some object of this model somewhere (to show the button).

    Agency and local-government officers add only what their body owns, so never a
    model whose owner is the object itself (an organisation).
    """
    spec = spec_for(model)
    return any(
        s.role in spec.editors and not (s.role in OWNER_ROLES and spec.organisation == SELF)
        for s in scopes_of(user)
    )


def get_or_404(
    queryset: models.QuerySet, user: Any, action: Action | str = Action.VIEW, **lookup: Any
):
    """One object the user may act on; 404 alike when it is missing or not theirs."""
    return door.get_or_404(queryset, user, Action(action).value, **lookup)
