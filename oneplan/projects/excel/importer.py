"""The import: who may import, reading every data sheet of the file, and writing all or
nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from oneplan.areas.models import Area, AreaLevel, Cluster
from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Cycle
from oneplan.documents.workbook import Problem, Sheet, Workbook, is_blank, open_workbook
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, Role
from oneplan.orgs.policy import Action
from oneplan.plans.importing import SHEET_HELP, SHEET_LISTS, TEMPLATE_HINT
from oneplan.projects.excel.context import Context
from oneplan.projects.excel.layout import LayoutReader
from oneplan.projects.excel.results import ImportResult
from oneplan.projects.excel.rows import ProposalRow, Validator, is_total_row
from oneplan.projects.excel.templates import Source, template_for
from oneplan.projects.excel.writing import Writer
from oneplan.projects.owners import Owner

# The limits on an upload are settings.ONEPLAN_IMPORT_LIMITS["proposals"]. A 100,000-row
# agency workbook is about 10 MB zipped and 250 MB of XML unpacked; openpyxl's read-only
# reader streams the sheets, so memory does not grow with the sheet XML (only with the
# shared-strings table).
LIMITS = "proposals"
MAX_COLUMNS = 120  # columns looked at; real ผ.02 sheets have about 15
HEADER_SCAN_ROWS = 12  # how far down a sheet its header row may be
BULK_ROWS = 1_000  # above this many rows, write in batches of this size with bulk_create


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_upload(file: Any) -> None:
    """Refuse (ValidationError, Thai) a file that is too big or not a sound .xlsx, before
    it is queued for a background import; nothing is read but the workbook's structure."""
    open_workbook(file, LIMITS, hint=TEMPLATE_HINT).close()
    if hasattr(file, "seek"):
        file.seek(0)


def _default_proposer(user: Any, proposer: Organisation | None) -> Organisation | None:
    """The body the rows come from: as given, else an agency or LAO officer's own body."""
    if proposer is not None:
        return proposer
    if policy.roles_of(user) & {Role.AGENCY_OFFICER, Role.LAO_OFFICER}:
        return getattr(user, "organisation", None)
    return None


def may_import(user: Any, cycle: Cycle, source: str, owner: Owner) -> bool:
    """Could the user import proposals of this source for the owner at all?"""
    spec = template_for(source)
    return _may_import(Context(user, cycle, owner, spec, _default_proposer(user, None)))


def _may_import(context: Context) -> bool:
    """Could the user add any proposal of this source for the owner?"""
    if context.may(Action.ADD, context.default_area.code, context.proposer):
        return True
    if isinstance(context.owner, Cluster):  # a row's area follows its locations
        return any(
            context.may(Action.ADD, code, context.proposer)
            for code, area in context.areas.items()
            if area.level == AreaLevel.PROVINCE
        )
    if context.spec.source != Source.DISTRICT:
        return False
    return any(context.may(Action.ADD, code, context.proposer) for code in context.districts)


Progress = Callable[[int, str], None]  # (percent 0–99, Thai message)


class _Importer:
    def __init__(
        self, context: Context, result: ImportResult, progress: Progress | None = None
    ) -> None:
        self.context = context
        self.result = result
        self.layouts = LayoutReader(context.spec, context.years, result)
        self.validator = Validator(context, result)
        self.writer = Writer(context, result)
        self.pending: list[ProposalRow] = []
        self.progress = progress

    def report(self, done: int, total: int | None) -> None:
        """The reader's progress (rows read, of the rows the sheets declare: a file's own
        idea of its size is only trusted for this estimate) as a percentage and a message."""
        if self.progress is None:
            return
        fraction = min(1.0, done / total) if total else 0.5
        self.progress(
            int(95 * fraction),
            (
                _("Read and checked %(rows)s rows (%(errors)s problems found)")
                if self.result.errors
                else _("Read and checked %(rows)s rows")
            )
            % {"rows": f"{self.result.rows:,}", "errors": f"{len(self.result.errors):,}"},
        )

    def run(self, book: Workbook) -> None:
        for sheet in book.sheets:
            if normalize_text(sheet.name) not in (SHEET_HELP, SHEET_LISTS):
                self.sheet(sheet)
        if not self.result.sheets:
            title = self.context.spec.title_column.header
            self.result.errors.append(
                Problem(
                    "",
                    None,
                    "",
                    _(
                        "No sheet in the file has the header “%(title)s”. Please use the"
                        " template %(template)s downloaded from the system"
                    )
                    % {"title": title, "template": self.context.spec.name},
                )
            )
        self.flush(final=True)

    def sheet(self, sheet: Sheet) -> None:
        name = sheet.name
        top = sheet.top(HEADER_SCAN_ROWS, MAX_COLUMNS)
        layout = self.layouts.layout(name, top)
        if layout is None:
            if any(not is_blank(v) for row in top for v in row):
                self.result.notes.append(
                    _(
                        "Skipped the sheet “%(sheet)s”: no header “%(header)s” in its first"
                        " %(rows)s rows"
                    )
                    % {
                        "sheet": name,
                        "header": self.context.spec.title_column.header,
                        "rows": HEADER_SCAN_ROWS,
                    }
                )
            return
        self.result.sheets.append(name)
        if not layout.data_start:
            return  # the header is incomplete: reported, the rows cannot be read
        for number, values in sheet.rows(layout.data_start, layout.width):
            if is_total_row(values):
                continue
            self.result.rows += 1
            parsed = self.validator.row(layout, number, values)
            if parsed is not None:
                self.pending.append(parsed)
                if len(self.pending) >= BULK_ROWS:
                    self.flush(final=False)

    def flush(self, final: bool) -> None:
        """Check the pending rows against the database; write them when all is well so far.

        Up to BULK_ROWS rows in all, nothing is written before the end, and then one by one
        through the services; beyond that, each batch is written in bulk as it fills.
        """
        if not self.pending:
            return
        if not final:
            self.result.bulk = True
        pairs = self.writer.check(self.pending)
        self.pending = []
        if self.result.errors:
            return  # keep reading to report every problem; nothing will be kept
        if self.result.bulk:
            self.writer.write_bulk(pairs)
        else:
            self.writer.write_each(pairs)


def import_proposals(
    user: Any,
    cycle: Cycle,
    source: str,
    file: Any,
    *,
    owner: Owner,
    proposer: Organisation | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a filled-in template of one source into the proposals of a cycle of a province
    (for its action plan) or of a cluster (for the cluster's).

    All or nothing: with any problem the result lists every one (sheet, row, column, Thai
    message) and nothing is written. Raises PermissionDenied (Thai message) when the user
    may not add proposals of this source for the owner at all, ValidationError (Thai)
    when the file is not a usable .xlsx or is too big. `progress(percent, message)`, when
    given, hears how far the reading has got every few hundred rows.
    """
    spec = template_for(source)
    if isinstance(owner, Area) and owner.level != AreaLevel.PROVINCE:
        raise ValueError("proposals are imported for a province or a cluster")
    context = Context(user, cycle, owner, spec, _default_proposer(user, proposer))
    if not _may_import(context):
        raise PermissionDenied(
            _("You may not import the projects of %(owner)s") % {"owner": context.owner_name}
        )
    result = ImportResult()
    importer = _Importer(context, result, progress)
    book = open_workbook(file, LIMITS, hint=TEMPLATE_HINT, progress=importer.report)
    try:
        with transaction.atomic(), set_actor(user):
            importer.run(book)
            if result.errors:
                transaction.set_rollback(True)
    except IntegrityError as exc:  # another import of the same codes at the same moment
        raise _refuse(
            _(
                "Not saved: the same projects were being changed at the same time. Please"
                " import again"
            ),
            "conflict",
        ) from exc
    finally:
        book.close()
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result
