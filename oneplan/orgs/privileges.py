"""Who may give whom which powers: nobody above their own role.

The policy (`policy.py`) says who may change a user record or a role assignment at all.
This module adds what must hold whatever the record: only a system administrator (a Django
superuser) grants superuser, staff, Django permissions or groups, changes a superuser's
account or gives the system-administrator role; anyone else may give a role only when
what it reads and what it changes lie within what the giver reads and changes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from oneplan.orgs import policy
from oneplan.orgs.models import Role, RoleAssignment, User
from oneplan.orgs.policy import Action, Scope

# User fields that give powers beyond the policy's roles: Django's own switches.
PRIVILEGED_USER_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def is_system_admin(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_superuser)


def may_manage_user(actor: Any, target: User) -> bool:
    """May `actor` change `target`'s account (names, password, organisation, roles)?

    A superuser's account, or one holding a role the actor could not give, is changed
    only by a system administrator; otherwise the policy decides.
    """
    if is_system_admin(actor):
        return True
    if target.pk and (target.is_superuser or _holds_role_beyond(actor, target)):
        return False
    return policy.can(actor, Action.CHANGE, target)


def _holds_role_beyond(actor: Any, target: User) -> bool:
    return any(not may_grant_role(actor, a) for a in target.role_assignments.all())


def role_scope(assignment: RoleAssignment) -> Scope:
    """The scope an assignment would give, without saving it (`policy.scopes_of`'s rules)."""
    role = Role(assignment.role)
    if role == Role.CLUSTER_STRATEGY and assignment.cluster_id:
        members = frozenset(assignment.cluster.memberships.values_list("province_id", flat=True))
        return Scope(role, province_codes=members, cluster_id=assignment.cluster_id)
    if role in (Role.AGENCY_OFFICER, Role.LAO_OFFICER) and assignment.organisation_id:
        return Scope(
            role,
            area_code=assignment.organisation.area_id,
            organisation_ids=frozenset({assignment.organisation_id}),
        )
    return Scope(role, area_code=assignment.area_id)


def _within(inner: frozenset[str] | None, outer: frozenset[str] | None) -> bool:
    if outer is policy.EVERYWHERE:
        return True
    if inner is policy.EVERYWHERE:
        return False
    return all(any(code.startswith(prefix) for prefix in outer) for code in inner)


def may_grant_role(actor: Any, assignment: RoleAssignment) -> bool:
    """May `actor` give (or keep, or take away) this role assignment?"""
    if is_system_admin(actor):
        return True
    if assignment.role == Role.SYSTEM_ADMIN:
        return False
    scope = role_scope(assignment)
    for action in (Action.VIEW, Action.CHANGE):
        if not _within(policy.scope_reach(scope, action), policy.area_reach(actor, action)):
            return False
    return True


def privilege_problems(actor: Any, before: User | None, after: User) -> list[str]:
    """What `actor` may not change between `before` (None when new) and `after`, in Thai."""
    if is_system_admin(actor):
        return []
    problems = []
    for name in ("is_superuser", "is_staff"):
        old = getattr(before, name) if before is not None else False
        if getattr(after, name) != old:
            label = User._meta.get_field(name).verbose_name
            problems.append(
                _("Only a system administrator may change “%(field)s”.") % {"field": label}
            )
    return problems
