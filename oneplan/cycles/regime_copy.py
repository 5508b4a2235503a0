"""New regime from an existing one (ชุดหลักเกณฑ์ใหม่จากชุดเดิม, issue 11).

A new government's rules are mostly the last one's with a few changes, and a regime with
no rules grades and screens nothing (`plans.quality.NoCheckRules`,
`projects.screening.NoEligibilityRules`). So the national secretariat starts a regime as a
copy of another: its own fields (span, cluster set, committees' names, envelope split,
grade thresholds, approval chains, report periods, investment words ...; not `is_current`)
and everything the regime owns in the apps above this one, which each app copies itself
through a *copier* it registers here (`register_copier`, from its `AppConfig.ready`):
cycles its calendar phases, plans its check rules and alignment frameworks, projects its
eligibility rules and criteria, committees its committee types with their rules.

`copy_regime` is one transaction, audited as the acting user, and only for those the policy
lets add a regime (the national secretariat and the system administrator).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from oneplan.cycles.models import Phase, Regime
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

__all__ = ["Copier", "copiers", "copy_owned_rows", "copy_regime", "register_copier"]

# A copier copies what its app owns of `source` onto the new `target` (already saved).
Copier = Callable[[Regime, Regime], None]

_COPIERS: dict[str, Copier] = {}

# The regime's own fields a copy does not take from its source.
NOT_COPIED = frozenset({"id", "code", "name_th", "name_en", "is_current", "order"})


def register_copier(label: str, copier: Copier) -> None:
    """Declare how an app copies what it owns of a regime (idempotent per label)."""
    _COPIERS[label] = copier


def copiers() -> dict[str, Copier]:
    return dict(_COPIERS)


def copy_owned_rows(rows: models.QuerySet, target: Regime, field: str = "regime") -> int:
    """Save a copy of each row with its `field` set to `target` (one save each, so every
    copy has its audit entry); JSON values are deep-copied. Returns how many were copied."""
    copied = 0
    for row in rows.order_by("pk"):
        values = {
            f.attname: copy.deepcopy(getattr(row, f.attname))
            for f in row._meta.concrete_fields
            if not f.primary_key
        }
        values[f"{field}_id"] = target.pk
        type(row)(**values).save()
        copied += 1
    return copied


def copy_phases(source: Regime, target: Regime) -> None:
    copy_owned_rows(Phase.objects.filter(regime=source), target)


def _own_values(source: Regime) -> dict:
    return {
        f.attname: copy.deepcopy(getattr(source, f.attname))
        for f in Regime._meta.concrete_fields
        if f.name not in NOT_COPIED
    }


def copy_regime(user, source: Regime, *, code: str, name_th: str, name_en: str = "") -> Regime:
    """A new regime (not current) with `source`'s rules and all it owns, under a new code.

    Raises PermissionDenied for users who may not add a regime, ValidationError (by field)
    for a missing or taken code or a missing Thai name.
    """
    code, name_th, name_en = code.strip(), name_th.strip(), name_en.strip()
    order = (Regime.objects.aggregate(m=Max("order"))["m"] or 0) + 1
    target = Regime(
        code=code,
        name_th=name_th,
        name_en=name_en,
        is_current=False,
        order=order,
        **_own_values(source),
    )
    policy.require(user, Action.ADD, target)
    problems: dict[str, list[str]] = {}
    if not code:
        problems["code"] = [_("Give the new regime a code.")]
    elif Regime.objects.filter(code=code).exists():
        problems["code"] = [_("A regime with the code “%(code)s” exists already.") % {"code": code}]
    if not name_th:
        problems["name_th"] = [_("Give the new regime a Thai name.")]
    if problems:
        raise ValidationError(problems)
    target.full_clean()
    with transaction.atomic(), set_actor(user):
        target.save()
        for copier in _COPIERS.values():
            copier(source, target)
    return target


register_copier("cycles.phases", copy_phases)
