"""Allocations and disbursement (DOMAIN.md §5): recording what each project of the action
plan was allocated, importing GFMIS disbursement exports, and the rates against the
regime's target curve by project, agency, strategic issue and month.

The import follows the house rule: the whole file is checked first and every problem is
reported by row and column in Thai, with nothing written; then every row is kept — matched
to an allocation by its budget code (and activity code), or listed for a person to resolve.
A row already imported (the same content, in an overlapping export) is counted once.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from auditlog.context import disable_auditlog, set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q, Sum
from django.utils.translation import gettext as _

from oneplan.areas.models import Area
from oneplan.core.thai import (
    first_of_month,
    fiscal_year_range,
    format_date_numeric,
    last_of_month,
    normalize_text,
)
from oneplan.cycles.models import Cycle
from oneplan.documents import workbook
from oneplan.documents.workbook import Problem, is_blank, shown
from oneplan.monitoring.models import Allocation, DisbursementImport, Transaction
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.action_plans import disbursing_province
from oneplan.projects.models import ActionPlanItem, Level
from oneplan.projects.owners import owned_by

ZERO = Decimal("0.00")
LIMITS = "gfmis"  # the upload's limits (CSV too): settings.ONEPLAN_IMPORT_LIMITS["gfmis"]
BATCH = 5_000
# `progress(percent, message)`: how far an import has got (the job runner's `jobs.report`);
# the check of every row is the first half, the writing the second.
Progress = Callable[[int, str], None]
MAX_REPORTED = 200  # problems listed before "and N more"

# --------------------------------------------------------------------------- allocations


@transaction.atomic
def allocate(
    user: Any,
    item: ActionPlanItem,
    category: str,
    amount: Decimal,
    *,
    notice: str = "",
    notice_date: date | None = None,
    budget_code: str = "",
    activity_code: str = "",
    note: str = "",
) -> Allocation:
    """Record (or change: a transfer, a cut) what a project was allocated in a category."""
    plan = item.action_plan
    allocation = Allocation.objects.filter(item=item, category=category).first() or Allocation(
        item=item, category=category, cycle=plan.cycle
    )
    allocation.province = plan.province if plan.level == Level.PROVINCE else None
    allocation.cluster = plan.cluster if plan.level == Level.CLUSTER else None
    action = Action.ADD if allocation.pk is None else Action.CHANGE
    if not policy.can(user, action, allocation):
        raise PermissionDenied(_("You may not record budget allocations of this plan."))
    if amount < 0:
        raise ValidationError(_("The amount allocated must not be negative"))
    allocation.amount = amount
    allocation.notice, allocation.notice_date, allocation.note = notice, notice_date, note
    allocation.budget_code = normalize_text(budget_code, arabic_digits=True).replace(" ", "")
    allocation.activity_code = normalize_text(activity_code, arabic_digits=True).replace(" ", "")
    allocation.disbursing_province = disbursing_province(item.proposal)
    allocation.full_clean()
    with set_actor(user):
        allocation.save()
    return allocation


# --------------------------------------------------------------------------- the import


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    more_errors: int = 0
    rows: int = 0
    added: int = 0
    repeated: int = 0
    matched: int = 0
    unmatched: int = 0
    source: DisbursementImport | None = None
    header_row: int = 0  # where the header was found, and each field's column (0-based)
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# Header text (spaces ignored, lower case) → field.
HEADERS = {
    "วันที่เอกสาร": "document_date",
    "วันที่": "document_date",
    "documentdate": "document_date",
    "date": "document_date",
    "เลขที่เอกสาร": "document_no",
    "documentno": "document_no",
    "documentnumber": "document_no",
    "รหัสงบประมาณ": "budget_code",
    "budgetcode": "budget_code",
    "รหัสกิจกรรม": "activity_code",
    "รหัสโครงการ": "activity_code",
    "รหัสโครงการ/กิจกรรม": "activity_code",
    "activitycode": "activity_code",
    "projectcode": "activity_code",
    "หน่วยงาน": "agency",
    "หน่วยเบิกจ่าย": "agency",
    "agency": "agency",
    "ยอดผูกพัน": "commitment",
    "ผูกพัน": "commitment",
    "commitment": "commitment",
    "ยอดเบิกจ่าย": "disbursement",
    "เบิกจ่าย": "disbursement",
    "disbursement": "disbursement",
}
LABELS = {
    "document_date": "วันที่เอกสาร",
    "document_no": "เลขที่เอกสาร",
    "budget_code": "รหัสงบประมาณ",
    "activity_code": "รหัสกิจกรรม",
    "agency": "หน่วยงาน",
    "commitment": "ยอดผูกพัน",
    "disbursement": "ยอดเบิกจ่าย",
}
REQUIRED = ("document_date", "budget_code", "disbursement")


class _Unreadable(Exception):
    """A row the reader could not read at all (a broken cell, a field too long): the
    problem of that row, and the end of the reading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Source:
    """A CSV (UTF-8, with or without BOM; or TIS-620/Windows-874) or an .xlsx file, read as
    rows of cell values (a workbook is opened once and read again from its header). A row
    that cannot be read raises `_Unreadable`; a file that is neither, ValidationError."""

    def __init__(self, data: bytes, name: str) -> None:
        limit = workbook.limits(LIMITS)
        if len(data) > limit.file_bytes:
            raise workbook.too_big(limit)
        self.data = data
        self.workbook: workbook.Workbook | None = None
        if data[:4] == workbook.ZIP_MAGIC or name.lower().endswith(".xlsx"):
            self.workbook = workbook.open_workbook(data, LIMITS)
        elif b"\x00" in data[:4096]:
            raise ValidationError(
                _("Cannot read the file: it must be CSV (UTF-8) or Excel (.xlsx)")
            )
        else:
            self.encoding = _encoding(data)

    def rows(self, start: int = 1, width: int | None = None) -> Iterator[tuple[Any, ...]]:
        """The rows from row `start` (1-based), each cut to `width` cells when given."""
        if self.workbook is not None:
            return self._sheet_rows(start, width)
        return self._csv_rows(start, width)

    def _csv_rows(self, start: int, width: int | None) -> Iterator[tuple[Any, ...]]:
        # Read as a stream: a million-row export is never held decoded in memory at once.
        # A byte that does not decode is kept as a lone surrogate and found in its cell.
        text = io.TextIOWrapper(
            io.BytesIO(self.data), encoding=self.encoding, errors="surrogateescape", newline=""
        )
        reader = csv.reader(text)
        for number in itertools.count(1):
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _Unreadable(
                    _(
                        "A cell of this row is longer than %(most)s characters, or a quotation"
                        " mark is not closed"
                    )
                    % {"most": f"{csv.field_size_limit():,}"}
                ) from exc
            if number >= start:
                yield tuple(values[:width]) if width else tuple(values)

    def _sheet_rows(self, start: int, width: int | None) -> Iterator[tuple[Any, ...]]:
        assert self.workbook is not None
        expected = start
        try:
            for number, values in self.workbook.sheets[0].rows(start, width):
                while expected < number:  # the blank rows between, as a CSV has them
                    yield ()
                    expected += 1
                yield values
                expected += 1
        except workbook.UnreadableRow as exc:
            raise _Unreadable(exc.problem.message) from exc

    def estimated_rows(self) -> int:
        """About how many rows the file holds, for progress: a CSV's line breaks (a quoted
        cell may hold more), a sheet's declared size; at least 1."""
        if self.workbook is not None:
            return max(self.workbook.sheets[0].declared_rows or 1, 1)
        return max(self.data.count(b"\n"), 1)

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without its mark) when every byte decodes so, else Windows-874 (TIS-620
    with the quotes and dashes Windows adds) when every byte decodes so, else the one that
    reads further: the bytes neither reads are then a problem of their row and column."""
    utf8 = _undecodable_at(data, "utf-8")
    if utf8 is None:
        return "utf-8-sig"
    thai = _undecodable_at(data, "cp874")
    if thai is None or thai > utf8:
        return "cp874"
    return "utf-8-sig"


def _undecodable_at(data: bytes, encoding: str) -> int | None:
    """Where the first byte that does not decode is, or None when every byte does."""
    decoder = codecs.getincrementaldecoder(encoding)()
    step = 1 << 20
    for start in range(0, len(data), step):
        try:
            decoder.decode(data[start : start + step])
        except UnicodeDecodeError as exc:
            return start + exc.start
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return len(data)
    return None


def _layout(rows: Iterator[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    """The header row among the first ten (none after it is read) and each field's column."""
    read = 0

    def first_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal read
        for values in itertools.islice(rows, 10):
            read += 1
            yield values

    try:
        header = workbook.find_header(first_rows(), HEADERS, required=REQUIRED)
    except _Unreadable as exc:
        raise ValidationError(
            _("Row %(row)s: %(message)s") % {"row": read + 1, "message": exc.message}
        ) from exc
    if header is None:
        missing = "、".join(LABELS[n] for n in REQUIRED)
        raise ValidationError(
            _(
                "No header row found: the columns %(missing)s are needed"
                " (and ยอดผูกพัน, หน่วยงาน may be given)"
            )
            % {"missing": missing}
        )
    return header.row, header.columns


def _money(value: Any) -> Decimal:
    """An amount in baht and satang (`workbook.money`); blank or "-" is none. Negative amounts
    are GFMIS's reversals ("-500" or "(500.00)"). Rounded half to even, as the rows already
    kept were: a row's key holds its amounts."""
    if is_blank(value) or (isinstance(value, str) and normalize_text(value) == "-"):
        return ZERO
    return workbook.money(value, negative=True, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class _Row:
    document_date: date
    document_no: str
    budget_code: str
    activity_code: str
    agency: str
    commitment: Decimal
    disbursement: Decimal

    @property
    def key(self) -> str:
        text = "\x1f".join(
            (
                self.document_date.isoformat(),
                self.document_no,
                self.budget_code,
                self.activity_code,
                self.agency,
                str(self.commitment),
                str(self.disbursement),
            )
        )
        return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def _parse(values: tuple[Any, ...], columns: dict[str, int]) -> _Row | list[tuple[str, str]]:
    def cell(name: str) -> Any:
        index = columns.get(name)
        return values[index] if index is not None and index < len(values) else None

    problems: list[tuple[str, str]] = []
    texts = [value for value in values if isinstance(value, str)]
    if texts and workbook.BAD_CHARACTER_RE.search("".join(texts)):  # one search a row, then which
        for name in columns:
            bad = workbook.bad_character(cell(name))
            if bad:
                problems.append((name, bad))
        if problems:
            return problems
    parsed: dict[str, Any] = {}
    try:
        parsed["document_date"] = workbook.date_of(cell("document_date"))
    except workbook.CellError:
        problems.append(
            (
                "document_date",
                _("The date “%(value)s” is not valid") % {"value": shown(cell("document_date"))},
            )
        )
    code = normalize_text(str(cell("budget_code") or ""), arabic_digits=True).replace(" ", "")
    if not code:
        problems.append(("budget_code", _("No budget code")))
    for name in ("commitment", "disbursement"):
        try:
            parsed[name] = _money(cell(name))
        except workbook.CellError as exc:
            problems.append((name, exc.message))
    if problems:
        return problems
    return _Row(
        parsed["document_date"],
        normalize_text(str(cell("document_no") or ""), arabic_digits=True),
        code,
        normalize_text(str(cell("activity_code") or ""), arabic_digits=True).replace(" ", ""),
        normalize_text(str(cell("agency") or "")),
        parsed["commitment"],
        parsed["disbursement"],
    )


def _column(columns: dict[str, int], name: str) -> str:
    from openpyxl.utils import get_column_letter

    index = columns.get(name)
    return f"{get_column_letter(index + 1)} ({LABELS[name]})" if index is not None else LABELS[name]


class _Matcher:
    """Budget code (and activity code) → the allocation it pays, among the cycle's
    allocations this province disburses or owns."""

    def __init__(self, province: Area, cycle: Cycle) -> None:
        found = (
            Allocation.objects.filter(cycle=cycle)
            .filter(Q(disbursing_province=province) | Q(province=province))
            .exclude(budget_code="")
        )
        self.by_code: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for pk, code, activity in found.values_list("pk", "budget_code", "activity_code"):
            self.by_code[code].append((activity, pk))

    def __call__(self, row: _Row) -> int | None:
        candidates = self.by_code.get(row.budget_code, [])
        exact = [pk for activity, pk in candidates if activity and activity == row.activity_code]
        if len(exact) == 1:
            return exact[0]
        loose = [pk for activity, pk in candidates if not activity]
        if len(candidates) == 1 and (not candidates[0][0] or not row.activity_code):
            return candidates[0][1]
        return loose[0] if len(loose) == 1 and not exact else None


def import_disbursements(
    user: Any,
    province: Area,
    cycle: Cycle,
    data: bytes,
    name: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a GFMIS export for a province's cycle (see the module's doc); `progress` hears
    how far it has got every BATCH rows."""
    require_import(user, province, cycle)
    result = ImportResult()
    source = _Source(data, name)
    try:
        _check(result, source, cycle, progress)
        if result.errors:
            return result
        return _write_all(user, province, cycle, source, name, result, progress)
    finally:
        source.close()


def may_import(user: Any, province: Area, cycle: Cycle) -> bool:
    """Whether the user may import the province's disbursements for the cycle."""
    return policy.can(user, Action.ADD, DisbursementImport(province=province, cycle=cycle))


def require_import(user: Any, province: Area, cycle: Cycle) -> None:
    """PermissionDenied (its message names the province) unless `may_import`."""
    if not may_import(user, province, cycle):
        raise PermissionDenied(
            _("You may not import the disbursements of %(province)s.")
            % {"province": province.display_name}
        )


def check_upload(data: bytes, name: str) -> None:
    """Refuse at once (ValidationError, Thai) a file `import_disbursements` would refuse before
    reading a row: too big, or neither CSV nor a sound .xlsx. The upload page asks this before
    it queues the import; no row is read."""
    _Source(data, name).close()


def _check(
    result: ImportResult, source: _Source, cycle: Cycle, progress: Progress | None = None
) -> None:
    """Pass 1: read every row and note its problems, keeping nothing."""
    first, last = fiscal_year_range(cycle.fiscal_year_be)
    about = source.estimated_rows()
    header_row, columns = _layout(source.rows())
    result.header_row, result.columns = header_row, columns
    number = header_row
    try:
        rows = source.rows(header_row + 1, max(columns.values()) + 1)
        for number, values in enumerate(rows, start=header_row + 1):
            if not any(v not in (None, "") for v in values):
                continue
            result.rows += 1
            if progress is not None and result.rows % BATCH == 0:
                progress(
                    min(49, 50 * number // about),
                    _("Checked %(rows)s rows of about %(about)s")
                    % {"rows": f"{result.rows:,}", "about": f"{about:,}"},
                )
            parsed = _parse(values, columns)
            if isinstance(parsed, list):
                for column, message in parsed:
                    _problem(result, Problem("", number, _column(columns, column), message))
            elif not first <= parsed.document_date <= last:
                _problem(
                    result,
                    Problem(
                        "",
                        number,
                        _column(columns, "document_date"),
                        _("The date %(date)s is outside the fiscal year B.E. %(year)s")
                        % {
                            "date": format_date_numeric(parsed.document_date),
                            "year": cycle.fiscal_year_be,
                        },
                    ),
                )
    except _Unreadable as exc:
        _problem(result, Problem("", number + 1, "", exc.message))
    if not result.rows and not result.errors:
        result.errors.append(Problem("", None, "", _("The file holds no data")))


def _write_all(
    user: Any,
    province: Area,
    cycle: Cycle,
    source: _Source,
    name: str,
    checked: ImportResult,
    progress: Progress | None = None,
) -> ImportResult:
    """Pass 2: write every row in one transaction, each batch at once.

    Another import of the same rows may commit between this one's look for the rows already
    kept and its insert (the same file sent twice at once): the unique constraint refuses
    the insert, nothing of this import is kept, and the pass is done again — now finding
    those rows kept, it counts them as a re-import does."""
    columns = checked.columns
    for attempt in range(1, 4):
        result = ImportResult(rows=checked.rows)
        match = _Matcher(province, cycle)
        try:
            with transaction.atomic(), disable_auditlog():
                kept = DisbursementImport.objects.create(
                    province=province, cycle=cycle, file_name=name[:255], imported_by=user
                )
                batch: list[_Row] = []
                for values in source.rows(checked.header_row + 1, max(columns.values()) + 1):
                    if not any(v not in (None, "") for v in values):
                        continue
                    batch.append(_parse(values, columns))  # type: ignore[arg-type]
                    if len(batch) >= BATCH:
                        _write(batch, kept, match, result)
                        batch = []
                        if progress is not None:
                            done = result.added + result.repeated
                            progress(
                                50 + min(49, 50 * done // max(checked.rows, 1)),
                                _("Saved %(rows)s rows of %(total)s")
                                % {"rows": f"{done:,}", "total": f"{checked.rows:,}"},
                            )
                _write(batch, kept, match, result)
                dates = kept.transactions.aggregate(
                    first=Min("document_date"), last=Max("document_date")
                )
                kept.rows, kept.added, kept.repeated = result.rows, result.added, result.repeated
                kept.matched, kept.unmatched = result.matched, result.unmatched
                kept.first_date, kept.last_date = dates["first"], dates["last"]
                kept.save()
        except IntegrityError:
            if attempt == 3:
                raise
            continue
        result.source = kept
        return result
    raise AssertionError("unreachable")


def _problem(result: ImportResult, problem: Problem) -> None:
    if len(result.errors) < MAX_REPORTED:
        result.errors.append(problem)
    else:
        result.more_errors += 1


def _write(batch: list[_Row], source: DisbursementImport, match, result: ImportResult) -> None:
    if not batch:
        return
    keys = {row.key: row for row in batch}  # a row repeated inside the file counts once
    known = _known_keys(source, list(keys))
    result.repeated += len(batch) - len(keys) + len(known)
    new = []
    for key, row in keys.items():
        if key in known:
            continue
        allocation = match(row)
        result.matched += allocation is not None
        result.unmatched += allocation is None
        new.append(
            Transaction(
                source=source,
                province=source.province,
                cycle=source.cycle,
                row_key=key,
                document_date=row.document_date,
                document_no=row.document_no[:40],
                budget_code=row.budget_code[:40],
                activity_code=row.activity_code[:40],
                agency=row.agency[:300],
                commitment=row.commitment,
                disbursement=row.disbursement,
                allocation_id=allocation,
            )
        )
    Transaction.objects.bulk_create(new, batch_size=BATCH)
    result.added += len(new)


def _known_keys(source: DisbursementImport, keys: list[str]) -> set[str]:
    """Which of these rows the province's cycle already holds."""
    return set(
        Transaction.objects.filter(
            province=source.province, cycle=source.cycle, row_key__in=keys
        ).values_list("row_key", flat=True)
    )


@transaction.atomic
def resolve(user: Any, row: Transaction, allocation: Allocation | None) -> Transaction:
    """A person says which allocation an unmatched row pays (or takes a match back)."""
    if not policy.can(user, Action.CHANGE, row):
        raise PermissionDenied(_("You may not change this entry."))
    if allocation is not None and allocation.cycle_id != row.cycle_id:
        raise ValidationError(_("This allocation is not in the same fiscal year as the entry"))
    with set_actor(user):
        row.allocation, row.resolved_by = allocation, user
        row.save(update_fields=["allocation", "resolved_by"])
    return row


# --------------------------------------------------------------------------- rates


def target_percent(cycle: Cycle, on: date) -> Decimal:
    """The cumulative disbursement target (%) on a day: the regime's quarter-end targets,
    straight lines between them from 0 on 1 October."""
    targets = [Decimal(str(t)) for t in (cycle.regime.disbursement_targets or [])]
    if len(targets) != 4:
        return ZERO
    first, last = fiscal_year_range(cycle.fiscal_year_be)
    if on < first:
        return ZERO
    if on >= last:
        return targets[-1]
    days = (on - first).days
    year_days = (last - first).days + 1
    quarter_length = Decimal(year_days) / 4
    quarter = min(3, int(Decimal(days) / quarter_length))
    start = targets[quarter - 1] if quarter else ZERO
    fraction = (Decimal(days) - quarter_length * quarter) / quarter_length
    return (start + (targets[quarter] - start) * fraction).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Rate:
    key: Any
    label: str
    allocated: Decimal
    committed: Decimal
    disbursed: Decimal

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.disbursed, self.allocated)


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a per cent of `whole` to two places (a disbursement rate); none of nothing."""
    return (part * 100 / whole).quantize(Decimal("0.01")) if whole else None


def as_of(allocations, on: date | None):
    """The allocations noticed by `on` (all when `on` is None, or the notice has no date)."""
    if on is None:
        return allocations
    return allocations.filter(Q(notice_date__isnull=True) | Q(notice_date__lte=on))


def _moves(allocations, on: date | None):
    """The disbursement rows of these allocations dated up to `on` (all when None)."""
    rows = Transaction.objects.filter(allocation__in=allocations)
    return rows if on is None else rows.filter(document_date__lte=on)


def _sums(
    allocations, group: str, on: date | None = None
) -> dict[Any, tuple[Decimal, Decimal, Decimal]]:
    allocations = as_of(allocations, on)
    allocated = dict(
        allocations.values_list(group).annotate(total=Sum("amount")).values_list(group, "total")
    )
    moved = (
        _moves(allocations, on)
        .values_list(f"allocation__{group}")
        .annotate(c=Sum("commitment"), d=Sum("disbursement"))
        .values_list(f"allocation__{group}", "c", "d")
    )
    spent = {key: (baht_total(c), baht_total(d)) for key, c, d in moved}
    return {
        key: (baht_total(allocated.get(key)), *spent.get(key, (ZERO, ZERO)))
        for key in set(allocated) | set(spent)
    }


def baht_total(value: Any) -> Decimal:
    """A sum as exact baht and satang (SQLite adds decimals as floats)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def allocations_of(owner: Any, cycle: Cycle):
    return Allocation.objects.filter(cycle=cycle, **owned_by(owner))


def rates_by(allocations, by: str, on: date | None = None) -> list[Rate]:
    """Rates per project ("item"), agency ("agency"), strategic issue ("issue"), counting
    what was allocated and spent up to `on` (everything when None)."""
    group, label_field = {
        "item": ("item", "item__proposal__title"),
        "agency": ("item__proposal__responsible_agency", None),
        "issue": ("item__proposal__issue", "item__proposal__issue__title"),
    }[by]
    sums = _sums(allocations, group, on)
    labels = dict(allocations.values_list(group, label_field).distinct()) if label_field else {}
    rates = [
        Rate(key, str(labels.get(key, key) or "ไม่ระบุ"), *values) for key, values in sums.items()
    ]
    return sorted(rates, key=lambda r: (-(r.allocated or 0), r.label))


def total(allocations, on: date | None = None) -> Rate:
    """What was allocated and spent in all, up to `on` (everything when None)."""
    allocations = as_of(allocations, on)
    allocated = baht_total(allocations.aggregate(t=Sum("amount"))["t"])
    moved = _moves(allocations, on).aggregate(c=Sum("commitment"), d=Sum("disbursement"))
    return Rate("all", "รวม", allocated, baht_total(moved["c"]), baht_total(moved["d"]))


@dataclass(frozen=True)
class MonthPoint:
    month_start: date
    disbursed: Decimal  # cumulative to the month's end
    percent: Decimal | None
    target: Decimal


def monthly(allocations, cycle: Cycle, today: date) -> list[MonthPoint]:
    """Cumulative disbursement at each month's end against the target curve."""
    from django.db.models.functions import TruncMonth

    allocated = baht_total(allocations.aggregate(t=Sum("amount"))["t"])
    by_month = dict(
        Transaction.objects.filter(allocation__in=allocations)
        .annotate(month=TruncMonth("document_date"))
        .values_list("month")
        .annotate(d=Sum("disbursement"))
        .values_list("month", "d")
    )
    by_month = {(m.date() if isinstance(m, datetime) else m): d for m, d in by_month.items()}
    first, last = fiscal_year_range(cycle.fiscal_year_be)
    points: list[MonthPoint] = []
    running = ZERO
    month = first
    while month <= last and month <= today:
        running += baht_total(by_month.get(month))
        end = last_of_month(month)
        points.append(
            MonthPoint(month, running, percent_of(running, allocated), target_percent(cycle, end))
        )
        month = first_of_month(month, 1)
    return points
