"""The door on every model: `Model.objects.restrict(user, action)`.

Every OnePlan model that the permission policy knows has a default manager of this class,
so that a view reads `Proposal.objects.filter(...).restrict(user, "change")` and gets
exactly the objects the policy lets the user act on (as NetBox's RestrictedQuerySet).

The rules themselves live in the policy (`oneplan.orgs.policy`), two shelves up: this
module imports no app. The orgs app hands its `restrict` function over at start-up
(`OrgsConfig.ready()` calls `install(policy.restrict, policy.can)`); until then
`.restrict()` and `can()` refuse to answer rather than answer "everything". A model the
policy does not know raises the policy's LookupError.

The apps below the policy (`areas`) ask through this module: `can(user, action, obj)` and
`get_or_404(queryset, user, action, **lookup)` answer as the policy's own functions do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

Restrictor = Callable[[models.QuerySet, Any, str], models.QuerySet]
Checker = Callable[[Any, str, Any], bool]

_restrictor: Restrictor | None = None
_checker: Checker | None = None
_NOT_INSTALLED = "No permission policy is installed: oneplan.orgs must be in INSTALLED_APPS."


def install(restrictor: Restrictor, checker: Checker | None = None) -> None:
    """Set the functions that filter a queryset for a user and an action, and that judge
    one object (the policy's `restrict` and `can`)."""
    global _restrictor, _checker
    _restrictor = restrictor
    _checker = checker


def can(user: Any, action: str, obj: Any) -> bool:
    """May `user` do `action` on `obj` (also an unsaved one)? The policy's answer."""
    if _checker is None:
        raise ImproperlyConfigured(_NOT_INSTALLED)
    return _checker(user, str(action), obj)


def get_or_404(queryset: models.QuerySet, user: Any, action: str = "view", **lookup: Any):
    """One object the user may act on; 404 alike when it is missing or not theirs."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Not found, or you may not see it.")) from exc


def installed() -> Restrictor | None:
    """The function `.restrict()` calls, or None before the policy is installed."""
    return _restrictor


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what a user may see or change."""

    def restrict(self, user: Any, action: str = "view") -> Self:
        """The objects of this queryset `user` may do `action` on ("view", "add",
        "change", "delete"), as the permission policy decides; chainable both ways."""
        if _restrictor is None:
            raise ImproperlyConfigured(_NOT_INSTALLED)
        return _restrictor(self, user, str(action))


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    """The default manager of every model under the permission policy."""
