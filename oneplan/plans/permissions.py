"""Where plans sit under the one permission policy (oneplan.orgs.policy).

A provincial plan belongs to its province: the province's strategy group changes it,
everyone who reads the province reads it (and the cluster office of its cluster reads
it, but does not change it). A cluster plan belongs to its cluster: the cluster office
changes it, and every province of the cluster reads it. National roles read everything;
the national secretariat may change everything. Components of an approved edition are
read-only for everyone (a change needs a new yearly review).
"""

from __future__ import annotations

from django.db.models import Q

from oneplan.orgs.models import Role
from oneplan.orgs.policy import ScopeSpec, register
from oneplan.plans.models import (
    COMPONENT_MODELS,
    LOCKED_STATUSES,
    AlignmentFramework,
    AlignmentTarget,
    CheckRule,
    EditionTransition,
    IndicatorTarget,
    IssueCategory,
    Plan,
    PlanEdition,
)

NATIONAL = frozenset({Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN})
PLAN_EDITORS = NATIONAL | {Role.PROVINCIAL_STRATEGY, Role.CLUSTER_STRATEGY}


def _unlocked(edition: PlanEdition | None) -> bool:
    return edition is not None and not edition.is_locked


def _plan_spec(prefix: str, **extra) -> ScopeSpec:
    return ScopeSpec(
        area=f"{prefix}province",
        cluster=f"{prefix}cluster",
        editors=PLAN_EDITORS,
        cluster_members_read=True,
        cluster_reaches_area=False,
        **extra,
    )


def register_all() -> None:
    # Reference data and rules: public to read, the national secretariat tunes them.
    for model in (AlignmentFramework, AlignmentTarget, IssueCategory, CheckRule):
        register(model, ScopeSpec(public_read=True, editors=NATIONAL))

    register(Plan, _plan_spec(""))
    register(
        PlanEdition,
        _plan_spec(
            "plan__",
            editable_q=~Q(status__in=LOCKED_STATUSES),
            editable=lambda e: not e.is_locked,
        ),
    )
    register(EditionTransition, _plan_spec("edition__plan__"))
    for model in COMPONENT_MODELS:
        register(
            model,
            _plan_spec(
                "edition__plan__",
                editable_q=~Q(edition__status__in=LOCKED_STATUSES),
                editable=lambda c: _unlocked(getattr(c, "edition", None)),
            ),
        )
    register(
        IndicatorTarget,
        _plan_spec(
            "indicator__edition__plan__",
            editable_q=~Q(indicator__edition__status__in=LOCKED_STATUSES),
            editable=lambda t: _unlocked(getattr(getattr(t, "indicator", None), "edition", None)),
        ),
    )
