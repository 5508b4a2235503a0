"""Validating: each row of a data sheet into a `ProposalRow`, or its problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from oneplan.areas.models import Cluster
from oneplan.core.thai import normalize_text
from oneplan.documents.workbook import (
    CellError,
    Problem,
    cell_text,
    clean_code,
    clean_line,
    clean_lines,
    date_of,
    fitting,
    is_blank,
    match_key,
    shown,
    whole_number,
)
from oneplan.plans.importing import yes_no
from oneplan.projects import intake
from oneplan.projects.budget_words import investment_words
from oneplan.projects.budget_words import is_investment_title as investment_title
from oneplan.projects.excel.cells import (
    IndicatorItem,
    OutputItem,
    amount_of,
    derived_code,
    indicators_of,
    outputs_of,
)
from oneplan.projects.excel.context import Context
from oneplan.projects.excel.layout import Layout
from oneplan.projects.excel.results import ImportResult
from oneplan.projects.excel.words import WHOLE_AREA, WHOLE_CLUSTER, category_of, funding_of
from oneplan.projects.models import BudgetCategory, FundingChannel, Proposal

MISSING = object()


# The draft's fields (`intake.ProposalDraft`) and the sheet's columns they are read from.
INTAKE_COLUMNS = {
    "start_date": "start",
    "end_date": "end",
    "issue": "issue",
    "locations": "locations",
    "funding_channel": "funding",
    "budget": "budget",
}


@dataclass(slots=True)
class ProposalRow:
    """One valid row, ready to be compared with the database and written."""

    sheet: str
    row: int
    code: str
    code_column: str  # where to point an error about the code
    area_code: str
    values: dict[str, Any]  # Proposal fields the file has columns for
    budget: dict[tuple[int, str], Decimal] | None  # None: no budget columns in the file
    outputs: list[OutputItem] | None
    indicators: list[IndicatorItem] | None
    locations: frozenset[str] | None

    @property
    def where(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row}


class Validator:
    """Turns rows into `ProposalRow`s, collecting every problem instead of stopping."""

    def __init__(self, context: Context, result: ImportResult) -> None:
        self.context = context
        self.spec = context.spec
        self.result = result
        self.errors = result.errors
        self.seen: dict[str, tuple[str, int]] = {}  # code → (sheet, row) of its first row
        self.title_limit = fitting(clean_line, Proposal, "title")
        self.code_limit = fitting(clean_code, Proposal, "reference_code")
        self.responsible_limit = fitting(clean_line, Proposal, "responsible_agency")

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(Problem(sheet, row, column, message))

    # ---- one row

    def read(
        self,
        layout: Layout,
        number: int,
        values: tuple[Any, ...],
        key: str,
        convert: Callable[[Any], Any],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        """The converted cell, `default` when blank, `MISSING` when wrong (problem noted)."""
        position = layout.index.get(key)
        value = values[position] if position is not None and position < len(values) else None
        if is_blank(value):
            if required:
                where = layout.column(key) if position is not None else ""
                self.problem(layout.sheet, number, where, _("This cell must be filled in"))
                return MISSING
            return default
        try:
            return convert(value)
        except CellError as exc:
            self.problem(layout.sheet, number, layout.column(key), exc.message)
            return MISSING

    def row(self, layout: Layout, number: int, values: tuple[Any, ...]) -> ProposalRow | None:
        """A valid row, or None (with its problems noted)."""
        before = len(self.errors)
        title = self.read(layout, number, values, "title", self.title_limit, required=True)
        code = self.read(
            layout, number, values, "code", self.code_limit, required=not self.spec.dla_form
        )
        out: dict[str, Any] = {}
        if title is not MISSING:
            out["title"] = title
        self.texts(layout, number, values, out)
        area_code, locations = self.place(layout, number, values, out)
        outputs = self.items(layout, number, values, "target", outputs_of)
        indicators = self.items(layout, number, values, "indicator", indicators_of)
        budget = self.budget(layout, number, values, title)
        self.check_draft(layout, number, out, budget)
        code_column = layout.column("code") if "code" in layout.index else layout.column("title")
        code = self.checked_code(layout, number, code, code_column, title, out)
        if len(self.errors) != before or not isinstance(code, str):
            return None
        return ProposalRow(
            layout.sheet,
            number,
            code,
            code_column,
            area_code,
            out,
            budget,
            outputs,
            indicators,
            locations,
        )

    def place(
        self, layout: Layout, number: int, values: tuple[Any, ...], out: dict[str, Any]
    ) -> tuple[Any, frozenset[str] | None]:
        """The row's area (its district, else where it runs) and its locations; the
        locations' "whole area" flag goes into `out`."""
        index = layout.index
        area_code = self.context.default_area.code
        if "district" in index:
            area_code = self.read(layout, number, values, "district", self.district, required=True)
        locations: frozenset[str] | None = None
        if "locations" in index:
            parsed_locations = self.read(
                layout, number, values, "locations", self.locations, default=(False, frozenset())
            )
            if parsed_locations is not MISSING:
                out["whole_area"], locations = parsed_locations
                if "district" not in index:
                    area_code = self.context.area_of(locations or frozenset())
        return area_code, locations

    def items(
        self,
        layout: Layout,
        number: int,
        values: tuple[Any, ...],
        key: str,
        convert: Callable[[Any], Any],
    ) -> Any:
        """The items of a list column; None when the sheet has no such column."""
        if key not in layout.index:
            return None
        return self.read(layout, number, values, key, convert, default=[])

    def checked_code(
        self,
        layout: Layout,
        number: int,
        code: Any,
        code_column: str,
        title: Any,
        out: dict[str, Any],
    ) -> Any:
        """The row's code (derived when a DLA form's row has none), noted if it repeats."""
        # The code is checked for repeats even on a row with other problems, so that a
        # repeated row is reported at once, not after its other mistakes are fixed.
        context = self.context
        responsible = out.get("responsible_agency", "")
        typed = code is not None
        if code is None and MISSING not in (title, responsible):
            code = derived_code(
                self.spec.source, context.owner, context.proposer, title, responsible
            )
        if isinstance(code, str):
            first = self.seen.setdefault(code, (layout.sheet, number))
            if first != (layout.sheet, number):
                self.duplicate(layout, number, code, code_column, first, typed)
        return code

    def texts(
        self, layout: Layout, number: int, values: tuple[Any, ...], out: dict[str, Any]
    ) -> None:
        """The row's texts, choices and dates, into `out` by the proposal's field names
        (`MISSING` for a cell with a problem)."""
        index = layout.index
        readers: tuple[tuple[str, str, Any, dict[str, Any]], ...] = (
            ("rationale", "rationale", clean_lines, {"default": ""}),
            ("objectives", "objectives", clean_lines, {"default": ""}),
            ("outcomes", "expected_outcomes", clean_lines, {"default": ""}),
            ("benefits", "benefits", clean_lines, {"default": ""}),
            ("responsible", "responsible_agency", self.responsible_limit, {"default": ""}),
            ("issue", "issue_id", self.issue, {}),
            ("funding", "funding_channel", funding_of, {"required": True}),
            ("direct", "requests_budget_directly", yes_no, {"default": False}),
            ("start", "start_date", date_of, {}),
            ("end", "end_date", date_of, {}),
        )
        for key, name, convert, options in readers:
            if key in index:
                out[name] = self.read(layout, number, values, key, convert, **options)
        if "funding" not in index:
            out["funding_channel"] = self.spec.funding_channel or FundingChannel.PROVINCE

    def check_draft(
        self,
        layout: Layout,
        number: int,
        out: dict[str, Any],
        budget: dict[tuple[int, str], Decimal] | None,
    ) -> None:
        """The proposal's own invariants (`intake.validate`) on what the row says, each
        problem at the column of its field (the row's first year column for the budget)."""
        typed = {
            name: out.get(name)
            for name in ("start_date", "end_date")
            if isinstance(out.get(name), date)
        }
        draft = intake.ProposalDraft(**typed, budget=budget or None, sent=frozenset(typed))
        for problem in intake.validate(draft, user=self.context.user):
            key = INTAKE_COLUMNS.get(problem.column)
            if key == "budget" and layout.years:
                column = layout.column_at(min(layout.years.values()))
            else:
                column = layout.column(key) if key in layout.index else ""
            self.problem(layout.sheet, number, column, problem.message)

    def duplicate(
        self,
        layout: Layout,
        number: int,
        code: str,
        column: str,
        first: tuple[str, int],
        typed: bool,
    ) -> None:
        sheet, row = first
        where = (
            _("row %(row)s") % {"row": row}
            if sheet == layout.sheet
            else _("sheet “%(sheet)s” row %(row)s") % {"sheet": sheet, "row": row}
        )
        if self.spec.dla_form and not typed:
            message = _(
                "A project with the same title and the same responsible agency repeats %(where)s"
                " (the reference code the system made, %(code)s, repeats). If they are different"
                " projects, give them their own reference codes; if it is the same project,"
                " delete the repeated row"
            ) % {"where": where, "code": code}
        else:
            message = _("The reference code %(code)s repeats %(where)s") % {
                "code": code,
                "where": where,
            }
        self.problem(layout.sheet, number, column, message)

    def budget(
        self, layout: Layout, number: int, values: tuple[Any, ...], title: Any
    ) -> dict[tuple[int, str], Decimal] | None:
        if not layout.years:
            return None
        amounts: dict[int, Decimal] = {}
        for year, position in sorted(layout.years.items()):
            value = values[position] if position < len(values) else None
            if is_blank(value):
                continue
            try:
                amount = amount_of(value)
            except CellError as exc:
                self.problem(layout.sheet, number, layout.column_at(position), exc.message)
                continue
            if amount is not None:
                amounts[year] = amount
        if self.spec.dla_form:
            if not isinstance(title, str):
                return {}
            words = investment_words(self.context.cycle.regime)
            category = (
                BudgetCategory.INVESTMENT
                if investment_title(title, words)
                else BudgetCategory.OPERATING
            )
        else:
            category = self.read(
                layout, number, values, "category", category_of, required=bool(amounts)
            )
            if category is MISSING:
                return {}
        return {(year, str(category)): amount for year, amount in amounts.items()}

    # ---- converters that need the context

    def issue(self, value: Any) -> int:
        priority = whole_number(value)
        issues = self.context.issues
        if not issues:
            owner = self.context.owner
            message = (
                _(
                    "%(owner)s has no cluster development plan in the system covering the"
                    " fiscal year B.E. %(year)s; please leave this cell empty"
                )
                if isinstance(owner, Cluster)
                else _(
                    "%(owner)s has no province development plan in the system covering the"
                    " fiscal year B.E. %(year)s; please leave this cell empty"
                )
            )
            raise CellError(
                message
                % {"owner": self.context.owner_name, "year": self.context.cycle.fiscal_year_be}
            )
        if priority not in issues:
            numbers = ", ".join(str(n) for n in sorted(issues))
            raise CellError(
                _(
                    "There is no strategic issue number %(number)s in %(plan)s (there are"
                    " %(numbers)s)"
                )
                % {"number": priority, "plan": self.context.plan_title, "numbers": numbers}
            )
        return issues[priority]

    def district(self, value: Any) -> str:
        code = self.context.district_names.get(match_key(cell_text(value)))
        if code is None:
            raise CellError(
                _("No district “%(district)s” in %(owner)s. Please choose from the cell's list")
                % {"district": shown(value), "owner": self.context.owner_name}
            )
        return code

    def locations(self, value: Any) -> tuple[bool, frozenset[str]]:
        text = normalize_text(cell_text(value))
        whole = WHOLE_CLUSTER if isinstance(self.context.owner, Cluster) else WHOLE_AREA
        wholes = {match_key(WHOLE_AREA), match_key(whole), match_key(self.context.owner_name)}
        if match_key(text) in wholes:
            return True, frozenset()
        codes: set[str] = set()
        for part in re.split(r"[,;\n、]+|\s+และ\s+", cell_text(value)):
            if not normalize_text(part):
                continue
            code = self.context.district_names.get(match_key(part))
            if code is None:
                raise CellError(
                    _(
                        "No district “%(district)s” in %(owner)s (write “%(whole)s” or district"
                        " names separated by commas)"
                    )
                    % {"district": shown(part), "owner": self.context.owner_name, "whole": whole}
                )
            codes.add(code)
        return False, frozenset(codes)


_TOTAL_RE = re.compile(r"^รวม\s*(?:$|ทั้งสิ้น|ทั้งหมด|งบประมาณ|จำนวน|เงิน|[0-9๐-๙])")


def is_total_row(values: tuple[Any, ...]) -> bool:
    """The total row of a ผ.02 sheet: its first text is "รวม", "รวม 12 โครงการ", "รวมทั้งสิ้น" …

    (A project called "รวมพลัง…" is not a total row.)
    """
    for value in values:
        if isinstance(value, str) and normalize_text(value):
            return bool(_TOTAL_RE.match(normalize_text(value)))
    return False
