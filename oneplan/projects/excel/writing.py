"""Writing the valid rows: one by one through the services (small files) or in batches
with bulk_create and one audit entry per proposal (large files)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.documents.workbook import Problem
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects import owners, services
from oneplan.projects.excel.compare import (
    Change,
    Children,
    children_of,
    compare,
    equal,
    wanted_fields,
)
from oneplan.projects.excel.context import Context
from oneplan.projects.excel.results import ImportResult
from oneplan.projects.excel.rows import ProposalRow
from oneplan.projects.excel.words import PROPOSER_LABELS
from oneplan.projects.models import BudgetLine, Proposal, ProposalIndicator, ProposalOutput


class Writer:
    """Checks a batch of rows against the database and the policy, then writes it."""

    def __init__(self, context: Context, result: ImportResult) -> None:
        self.context = context
        self.result = result
        self.content_type = ContentType.objects.get_for_model(Proposal)
        self.actor = context.user if getattr(context.user, "is_authenticated", False) else None
        self.children: dict[int, Children] = {}  # of the batch's existing proposals

    def problem(self, row: ProposalRow, column: str, message: str) -> None:
        self.result.errors.append(Problem(row.sheet, row.row, column, message))

    def existing(self, rows: list[ProposalRow]) -> dict[str, Proposal]:
        found = Proposal.objects.filter(
            cycle=self.context.cycle, reference_code__in=[r.code for r in rows]
        ).select_related("area", "proposer")
        by_code = {p.reference_code: p for p in found}
        self.children.update(children_of([p.pk for p in by_code.values()]))
        return by_code

    def check(self, rows: list[ProposalRow]) -> list[tuple[ProposalRow, Proposal | None]]:
        """Rows paired with the proposal they change; conflicts and refusals are problems."""
        context = self.context
        self.children = {}
        existing = self.existing(rows)
        checked: list[tuple[ProposalRow, Proposal | None]] = []
        for row in rows:
            current = existing.get(row.code)
            if current is None:
                if not context.may(Action.ADD, row.area_code, context.proposer):
                    self.problem(row, "", self._refusal(row, adding=True))
                    continue
            elif not owners.owns(context.owner, current):
                self.problem(
                    row,
                    row.code_column,
                    _(
                        "The reference code %(code)s is already used by another project in this"
                        " fiscal year (not one of %(area)s); please use another code"
                    )
                    % {"code": row.code, "area": context.owner_name},
                )
                continue
            elif current.proposer_kind != context.spec.proposer_kind:
                kind = PROPOSER_LABELS.get(current.proposer_kind, current.proposer_kind)
                self.problem(
                    row,
                    row.code_column,
                    _(
                        "The reference code %(code)s is already a project proposed by %(kind)s;"
                        " please use another code, or import it with the template of %(kind)s"
                    )
                    % {"code": row.code, "kind": kind},
                )
                continue
            elif not policy.can(context.user, Action.CHANGE, current) or not context.may(
                Action.CHANGE,
                row.area_code,
                context.proposer if context.proposer is not None else current.proposer,
            ):
                self.problem(row, row.code_column, self._refusal(row, adding=False))
                continue
            checked.append((row, current))
        return checked

    def _refusal(self, row: ProposalRow, adding: bool) -> str:
        area = self.context.areas[row.area_code].display_name
        if adding:
            return _("You may not add projects of %(area)s") % {"area": area}
        return _("You may not change the project with the code %(code)s") % {"code": row.code}

    # ---- one by one, through the services (small files)

    def write_each(self, pairs: list[tuple[ProposalRow, Proposal | None]]) -> None:
        """Through the services; what they still refuse becomes the row's problem."""
        for row, current in pairs:
            try:
                if current is None:
                    self._create(row)
                    self.result.created += 1
                    continue
                change = compare(self.context, row, current, self.children[current.pk])
                if not change.any:
                    self.result.unchanged += 1
                    continue
                self._update(row, current, change)
                self.result.updated += 1
            except ValidationError as exc:  # the model's own checks (full_clean)
                self.problem(row, "", " ".join(exc.messages))
            except PermissionDenied as exc:
                self.problem(row, "", str(exc) or self._refusal(row, current is None))

    def _new(self, row: ProposalRow) -> Proposal:
        context = self.context
        values = wanted_fields(context, row, new=True)
        proposal = Proposal(
            cycle=context.cycle,
            **owners.owner_fields(context.owner),
            reference_code=row.code,
            created_by=self.actor,
            **values,
        )
        proposal.area = context.areas[row.area_code]
        if context.proposer is not None:
            proposal.proposer = context.proposer
        return proposal

    def _create(self, row: ProposalRow) -> None:
        proposal = services.save_proposal(self.context.user, self._new(row), row.budget or {})
        for description, unit, quantity in row.outputs or []:
            ProposalOutput.objects.create(
                proposal=proposal, description=description, unit=unit, quantity=quantity
            )
        for name, unit, target in row.indicators or []:
            ProposalIndicator.objects.create(proposal=proposal, name=name, unit=unit, target=target)
        if row.locations:
            proposal.locations.set(sorted(row.locations))

    def _update(self, row: ProposalRow, proposal: Proposal, change: Change) -> None:
        if change.fields:
            for name, value in change.fields.items():
                setattr(proposal, name, value)
            services.save_proposal(self.context.user, proposal)
        if change.budget and row.budget is not None:
            services.set_budget(proposal, row.budget)
        if change.outputs and row.outputs is not None:
            _sync_items(
                list(proposal.outputs.all()),
                row.outputs,
                ("description", "unit", "quantity"),
                lambda item: ProposalOutput(proposal=proposal, **_named(item, "output")),
            )
        if change.indicators and row.indicators is not None:
            _sync_items(
                list(proposal.indicators.all()),
                row.indicators,
                ("name", "unit", "target"),
                lambda item: ProposalIndicator(proposal=proposal, **_named(item, "indicator")),
            )
        if change.locations and row.locations is not None:
            proposal.locations.set(sorted(row.locations))

    # ---- in batches (large files)

    def write_bulk(self, pairs: list[tuple[ProposalRow, Proposal | None]]) -> None:
        """bulk_create the new proposals and their rows, bulk_update the changed ones."""
        now = timezone.now()
        created: list[tuple[ProposalRow, Proposal]] = []
        changed: list[tuple[ProposalRow, Proposal, Change]] = []
        for row, current in pairs:
            if current is None:
                created.append((row, self._new(row)))
                continue
            change = compare(self.context, row, current, self.children[current.pk])
            if change.any:
                changed.append((row, current, change))
            else:
                self.result.unchanged += 1
        with disable_auditlog():  # logged below, one entry per proposal
            self._bulk_create(created)
            self._bulk_update(changed, now)
        LogEntry.objects.bulk_create(
            [self._log_created(row, proposal) for row, proposal in created]
            + [self._log_changed(row, proposal, change) for row, proposal, change in changed],
            batch_size=500,
        )
        self.result.created += len(created)
        self.result.updated += len(changed)

    def _bulk_create(self, created: list[tuple[ProposalRow, Proposal]]) -> None:
        if not created:
            return
        proposals = [proposal for _row, proposal in created]
        Proposal.objects.bulk_create(proposals, batch_size=500)
        if any(p.pk is None for p in proposals):  # a database that returns no ids
            ids = dict(
                Proposal.objects.filter(
                    cycle=self.context.cycle,
                    reference_code__in=[p.reference_code for p in proposals],
                ).values_list("reference_code", "pk")
            )
            for proposal in proposals:
                proposal.pk = ids[proposal.reference_code]
        self._bulk_children(created)

    def _bulk_children(self, pairs: Sequence[tuple[ProposalRow, Proposal]]) -> None:
        outputs, indicators, lines, places = [], [], [], []
        through = Proposal.locations.through
        for row, proposal in pairs:
            outputs += [
                ProposalOutput(proposal_id=proposal.pk, description=d, unit=u, quantity=q)
                for d, u, q in row.outputs or []
            ]
            indicators += [
                ProposalIndicator(proposal_id=proposal.pk, name=n, unit=u, target=t)
                for n, u, t in row.indicators or []
            ]
            lines += [
                BudgetLine(proposal_id=proposal.pk, fiscal_year_be=y, category=c, amount=a)
                for (y, c), a in sorted((row.budget or {}).items())
            ]
            places += [
                through(proposal_id=proposal.pk, area_id=code) for code in row.locations or ()
            ]
        ProposalOutput.objects.bulk_create(outputs, batch_size=1000)
        ProposalIndicator.objects.bulk_create(indicators, batch_size=1000)
        BudgetLine.objects.bulk_create(lines, batch_size=1000)
        through.objects.bulk_create(places, batch_size=1000)

    def _bulk_update(
        self, changed: list[tuple[ProposalRow, Proposal, Change]], now: datetime
    ) -> None:
        if not changed:
            return
        names: set[str] = set()
        for _row, proposal, change in changed:
            for name, value in change.fields.items():
                setattr(proposal, name, value)
            proposal.updated_at = now
            names |= change.fields.keys()
        Proposal.objects.bulk_update(
            [proposal for _row, proposal, _change in changed],
            sorted(names | {"updated_at"}),
            batch_size=500,
        )
        # bulk_update bypasses save(): the versions go up here (an ETag read before the
        # import no longer matches, audit.versioning).
        Proposal.objects.filter(pk__in=[p.pk for _row, p, _change in changed]).update(
            version=models.F("version") + 1
        )
        # Children that differ are replaced wholesale (simpler than matching in bulk).
        replace: dict[str, list[int]] = {
            "budget": [],
            "outputs": [],
            "indicators": [],
            "places": [],
        }
        for _row, proposal, change in changed:
            for kind, differs in (
                ("budget", change.budget),
                ("outputs", change.outputs),
                ("indicators", change.indicators),
                ("places", change.locations),
            ):
                if differs:
                    replace[kind].append(proposal.pk)
        BudgetLine.objects.filter(proposal_id__in=replace["budget"]).delete()
        ProposalOutput.objects.filter(proposal_id__in=replace["outputs"]).delete()
        ProposalIndicator.objects.filter(proposal_id__in=replace["indicators"]).delete()
        Proposal.locations.through.objects.filter(proposal_id__in=replace["places"]).delete()
        partial = []
        for row, proposal, change in changed:
            partial.append(
                (
                    ProposalRow(
                        row.sheet,
                        row.row,
                        row.code,
                        row.code_column,
                        row.area_code,
                        row.values,
                        row.budget if change.budget else None,
                        row.outputs if change.outputs else None,
                        row.indicators if change.indicators else None,
                        row.locations if change.locations else None,
                    ),
                    proposal,
                )
            )
        self._bulk_children(partial)

    def _entry(self, proposal: Proposal, action: int, changes: dict, row: ProposalRow) -> LogEntry:
        return LogEntry(
            content_type=self.content_type,
            object_pk=str(proposal.pk),
            object_id=proposal.pk,
            object_repr=str(proposal),
            action=action,
            changes=changes,
            actor=self.actor,
            actor_email=getattr(self.actor, "email", None) if self.actor else None,
            cid=get_cid(),
            additional_data={"import": self.context.spec.source.value, **row.where},
        )

    def _log_created(self, row: ProposalRow, proposal: Proposal) -> LogEntry:
        changes = {
            name: [None, _logged(getattr(proposal, name))]
            for name in ("reference_code", "title", "proposer_kind", "funding_channel")
        }
        return self._entry(proposal, LogEntry.Action.CREATE, changes, row)

    def _log_changed(self, row: ProposalRow, proposal: Proposal, change: Change) -> LogEntry:
        changes = {
            name: [_logged(change.old[name]), _logged(value)]
            for name, value in change.fields.items()
        }
        for name, differs in (
            ("budget_lines", change.budget),
            ("outputs", change.outputs),
            ("indicators", change.indicators),
            ("locations", change.locations),
        ):
            if differs:
                changes[name] = ["", "นำเข้าจากไฟล์"]
        return self._entry(proposal, LogEntry.Action.UPDATE, changes, row)


def _logged(value: Any) -> str | None:
    return None if value is None else str(value)


def _named(item: tuple, kind: str) -> dict[str, Any]:
    if kind == "output":
        description, unit, quantity = item
        return {"description": description, "unit": unit, "quantity": quantity}
    name, unit, target = item
    return {"name": name, "unit": unit, "target": target}


def _sync_items(
    current: list[models.Model],
    new: list[tuple],
    names: tuple[str, ...],
    make: Callable[[tuple], models.Model],
) -> None:
    """Make the children the items, in order, touching only those that differ."""
    for position, item in enumerate(new):
        if position < len(current):
            obj = current[position]
            changed = [n for n, v in zip(names, item, strict=True) if not equal(getattr(obj, n), v)]
            for name in changed:
                setattr(obj, name, dict(zip(names, item, strict=True))[name])
            if changed:
                obj.save(update_fields=changed)
        else:
            make(item).save()
    for obj in current[len(new) :]:
        obj.delete()
