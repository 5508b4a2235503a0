"""One intake per kind of plan component: a typed draft, its rules, and one atomic save.

The page forms, the API and the Excel import only *parse* what they receive into a draft
(`IssueDraft`, `GoalDraft`, `StrategyDraft`, `IndicatorDraft`) and map the `Problem`s
back to their channel (a form field, a 400 answer, a sheet/row/column). A `Problem` is the
one of `documents.workbook`, as for proposals: its `column` names the draft's field. Every invariant
of a component is written once, in its `validate_<kind>(draft, edition, obj)`:

- a locked (approved) edition takes no change;
- numbers ("1.1", "1.1.1") and issue priorities are unique within the edition;
- a goal or strategy hangs under an issue of the same edition, an indicator under a goal
  of the same edition;
- an indicator's targets are Decimals, only for the plan's fiscal years; its direction is
  one of `Direction`; its baseline year is not after the plan's last year;
- texts are normalised (NFC, zero-width characters dropped, whitespace collapsed).

`do_save_<kind>(user, edition, draft, obj=None, expected_version=None)` asks the policy,
validates, and writes the component (with `audit.versioning`'s claim on the version the
user read) in one transaction, with the acting user on the audit entries (auditlog).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.audit.versioning import save_if_current
from oneplan.core.thai import normalize_text
from oneplan.documents.workbook import Problem, clean_code, clean_lines
from oneplan.documents.workbook import field_problem as problem
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.models import (
    Component,
    Direction,
    Goal,
    Indicator,
    IndicatorTarget,
    Plan,
    PlanEdition,
    StrategicIssue,
    Strategy,
)

MSG_DENIED = gettext_lazy("You may not change this plan.")
NON_FIELD = NON_FIELD_ERRORS  # a problem of the whole component, not of one field


class IntakeRefused(ValidationError):
    """The draft broke rules; `problems` lists them all (a Django ValidationError by field,
    so callers that only know Django's errors still show every message)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        by_field: dict[str, list[str]] = {}
        for found in problems:
            by_field.setdefault(found.column, []).append(found.message)
        super().__init__(by_field)


# --------------------------------------------------------------------------- drafts


def _normalised(value: Any, *, multiline: bool = False) -> Any:
    if not isinstance(value, str):
        return value
    return clean_lines(value) if multiline else normalize_text(value)


@dataclass
class IssueDraft:
    priority: int
    title: str
    category_id: int | None = None
    alignment_ids: frozenset[int] | None = None  # None: leave the alignments as they are
    cluster_issue_ids: frozenset[int] | None = None
    order: int | None = None

    def __post_init__(self) -> None:
        self.title = _normalised(self.title)


@dataclass
class GoalDraft:
    issue_id: int | None
    number: str
    text: str
    alignment_ids: frozenset[int] | None = None
    order: int | None = None

    def __post_init__(self) -> None:
        self.number = clean_code(self.number or "")
        self.text = _normalised(self.text, multiline=True)


@dataclass
class StrategyDraft(GoalDraft):
    """A strategy has the same shape as a goal: a number and a text under an issue."""


@dataclass
class IndicatorDraft:
    goal_id: int | None
    number: str
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    baseline_year_be: int | None = None
    direction: str = Direction.INCREASE
    data_source: str = ""
    controllable: bool = True
    order: int | None = None
    # Yearly targets {year_be: value}; None removes that year's target. Only the years
    # given are touched.
    targets: dict[int, Decimal | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.number = clean_code(self.number or "")
        self.name = _normalised(self.name)
        self.unit = _normalised(self.unit or "")
        self.data_source = _normalised(self.data_source or "")


# --------------------------------------------------------------------------- the rules


def locked_problem(edition: PlanEdition) -> list[Problem]:
    if edition.is_locked:
        return [
            problem(
                NON_FIELD,
                _(
                    "This edition is approved and read-only; "
                    "start a yearly review to change the plan."
                ),
            )
        ]
    return []


def refuse_if_locked(edition: PlanEdition) -> None:
    problems = locked_problem(edition)
    if problems:
        raise IntakeRefused(problems)


def target_year_problems(years: Iterable[int], plan_years: Iterable[int]) -> list[Problem]:
    """Targets only for the plan's fiscal years."""
    allowed = set(plan_years)
    return [
        problem("targets", _("Fiscal year %(year)s is not a year of this plan.") % {"year": year})
        for year in sorted(set(years) - allowed)
    ]


def target_value_problems(targets: dict[int, Any]) -> list[Problem]:
    return [
        problem("targets", _("The target for %(year)s is not a number.") % {"year": year})
        for year, value in sorted(targets.items())
        if value is not None and not (isinstance(value, Decimal) and value.is_finite())
    ]


def _required(name: str, value: Any, label: str) -> list[Problem]:
    if value in (None, ""):
        return [problem(name, _("Fill in the %(field)s.") % {"field": label})]
    return []


def _unique_number(
    model: type[Goal] | type[Strategy] | type[Indicator],
    edition: PlanEdition,
    number: str,
    obj: Component | None,
) -> list[Problem]:
    if not number:
        return []
    others = model.objects.filter(edition=edition)
    if obj is not None and obj.pk is not None:
        others = others.exclude(pk=obj.pk)
    if any(clean_code(n) == number for n in others.values_list("number", flat=True)):
        return [
            problem(
                "number",
                _("Number %(number)s is already used in this edition.") % {"number": number},
            )
        ]
    return []


def _parent_in_edition(
    name: str, model: type[Component], pk: int | None, edition: PlanEdition, label: str
) -> list[Problem]:
    if pk is None:
        return []
    if not model.objects.filter(pk=pk, edition=edition).exists():
        return [problem(name, _("Choose a %(parent)s of this edition.") % {"parent": label})]
    return []


def validate_issue(
    draft: IssueDraft, edition: PlanEdition, obj: StrategicIssue | None = None
) -> list[Problem]:
    problems = locked_problem(edition)
    problems += _required("title", draft.title, _("strategic issue"))
    if draft.priority is None or draft.priority < 1:
        problems.append(problem("priority", _("The priority is a whole number from 1.")))
    else:
        others = StrategicIssue.objects.filter(edition=edition, priority=draft.priority)
        if obj is not None and obj.pk is not None:
            others = others.exclude(pk=obj.pk)
        if others.exists():
            problems.append(
                problem(
                    "priority",
                    _("Priority %(priority)s is already used in this edition.")
                    % {"priority": draft.priority},
                )
            )
    return problems


def _validate_numbered(
    model: type[Goal] | type[Strategy],
    draft: GoalDraft,
    edition: PlanEdition,
    obj: Component | None,
) -> list[Problem]:
    problems = locked_problem(edition)
    problems += _required("issue", draft.issue_id, _("strategic issue"))
    problems += _parent_in_edition(
        "issue", StrategicIssue, draft.issue_id, edition, _("strategic issue")
    )
    problems += _required("number", draft.number, _("number"))
    problems += _unique_number(model, edition, draft.number, obj)
    problems += _required("text", draft.text, str(model._meta.get_field("text").verbose_name))
    return problems


def validate_goal(draft: GoalDraft, edition: PlanEdition, obj: Goal | None = None) -> list[Problem]:
    return _validate_numbered(Goal, draft, edition, obj)


def validate_strategy(
    draft: StrategyDraft, edition: PlanEdition, obj: Strategy | None = None
) -> list[Problem]:
    return _validate_numbered(Strategy, draft, edition, obj)


def validate_indicator(
    draft: IndicatorDraft, edition: PlanEdition, obj: Indicator | None = None
) -> list[Problem]:
    problems = locked_problem(edition)
    problems += _parent_in_edition("goal", Goal, draft.goal_id, edition, _("goal"))
    problems += _unique_number(Indicator, edition, draft.number, obj)
    problems += indicator_field_problems(draft, edition.plan)
    return problems


def indicator_field_problems(draft: IndicatorDraft, plan: Plan) -> list[Problem]:
    """The rules of an indicator that need only the draft and its plan's years (the Excel
    import checks these row by row, before anything is in the database)."""
    problems = _required("number", draft.number, _("number"))
    problems += _required("name", draft.name, _("indicator"))
    if draft.direction not in Direction.values:
        problems.append(problem("direction", _("Choose a direction from the list.")))
    if draft.baseline_year_be is not None and draft.baseline_year_be > plan.last_year_be:
        problems.append(
            problem(
                "baseline_year_be",
                _("The baseline year %(year)s is after the plan's last year %(last)s.")
                % {"year": draft.baseline_year_be, "last": plan.last_year_be},
            )
        )
    problems += target_year_problems(draft.targets, plan.years)
    problems += target_value_problems(draft.targets)
    return problems


# --------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class TargetChange:
    year_be: int
    old: Any
    new: Any


def write_targets(indicator: Indicator, targets: dict[int, Decimal | None]) -> list[TargetChange]:
    """Set the targets of the given years (None removes one); the caller validated them
    and holds the transaction. Returns what changed."""
    current = {t.year_be: t for t in indicator.targets.all()} if indicator.pk else {}
    changes: list[TargetChange] = []
    for year, value in sorted(targets.items()):
        existing = current.get(year)
        if value is None:
            if existing is not None:
                changes.append(TargetChange(year, existing.value, None))
                existing.delete()
        elif existing is None:
            IndicatorTarget.objects.create(indicator=indicator, year_be=year, value=value)
            changes.append(TargetChange(year, None, value))
        elif existing.value != value:
            changes.append(TargetChange(year, existing.value, value))
            existing.value = value
            existing.save(update_fields=["value"])
    return changes


def _current_edition(edition: PlanEdition) -> PlanEdition:
    """The edition row, locked for the transaction: numbering checks and the locked status
    are read as they are, not as they were when the page was opened."""
    return PlanEdition.objects.select_for_update().select_related("plan").get(pk=edition.pk)


def _save(
    user: Any,
    edition: PlanEdition,
    obj: Component,
    problems_of: Any,
    draft: Any,
    expected_version: int | None,
) -> list[str]:
    """The common steps: locked first (its own message, as the services always said),
    then the policy, then every rule, then the write; returns the fields written."""
    refuse_if_locked(edition)
    policy.require(user, Action.ADD if obj.pk is None else Action.CHANGE, obj, MSG_DENIED)
    problems = problems_of(draft, edition, obj)
    if problems:
        raise IntakeRefused(problems)
    values = {
        f.name: getattr(draft, f.name)
        for f in fields(draft)
        if f.name not in {"alignment_ids", "cluster_issue_ids", "targets"}
        and not (f.name == "order" and draft.order is None)
    }
    for name, value in values.items():
        setattr(obj, name, value)
    obj.edition = edition
    save_if_current(obj, expected_version, list(values))
    return list(values)


@transaction.atomic
def do_save_issue(
    user: Any,
    edition: PlanEdition,
    draft: IssueDraft,
    obj: StrategicIssue | None = None,
    expected_version: int | None = None,
) -> StrategicIssue:
    edition = _current_edition(edition)
    obj = obj if obj is not None else StrategicIssue(edition=edition)
    with set_actor(user):
        _save(user, edition, obj, validate_issue, draft, expected_version)
        if draft.alignment_ids is not None:
            obj.alignments.set(draft.alignment_ids)
        if draft.cluster_issue_ids is not None:
            obj.cluster_issues.set(draft.cluster_issue_ids)
    return obj


@transaction.atomic
def do_save_goal(
    user: Any,
    edition: PlanEdition,
    draft: GoalDraft,
    obj: Goal | None = None,
    expected_version: int | None = None,
) -> Goal:
    edition = _current_edition(edition)
    obj = obj if obj is not None else Goal(edition=edition)
    with set_actor(user):
        _save(user, edition, obj, validate_goal, draft, expected_version)
        if draft.alignment_ids is not None:
            obj.alignments.set(draft.alignment_ids)
    return obj


@transaction.atomic
def do_save_strategy(
    user: Any,
    edition: PlanEdition,
    draft: StrategyDraft,
    obj: Strategy | None = None,
    expected_version: int | None = None,
) -> Strategy:
    edition = _current_edition(edition)
    obj = obj if obj is not None else Strategy(edition=edition)
    with set_actor(user):
        _save(user, edition, obj, validate_strategy, draft, expected_version)
        if draft.alignment_ids is not None:
            obj.alignments.set(draft.alignment_ids)
    return obj


@transaction.atomic
def do_save_indicator(
    user: Any,
    edition: PlanEdition,
    draft: IndicatorDraft,
    obj: Indicator | None = None,
    expected_version: int | None = None,
) -> Indicator:
    edition = _current_edition(edition)
    obj = obj if obj is not None else Indicator(edition=edition)
    with set_actor(user):
        _save(user, edition, obj, validate_indicator, draft, expected_version)
        write_targets(obj, draft.targets)
    return obj


@transaction.atomic
def do_set_targets(
    user: Any, indicator: Indicator, targets: dict[int, Decimal | None]
) -> list[TargetChange]:
    """Only the yearly targets of an indicator (the API's PATCH): the rules of targets and
    of a locked edition, as `validate_indicator` holds them."""
    edition = _current_edition(indicator.edition)
    refuse_if_locked(edition)
    policy.require(user, Action.CHANGE, indicator, MSG_DENIED)
    problems = target_year_problems(targets, edition.plan.years) + target_value_problems(targets)
    if problems:
        raise IntakeRefused(problems)
    with set_actor(user):
        return write_targets(indicator, targets)
