"""Where the columns of a data sheet are: its header row (with the plan years perhaps in a
second header row) and the budget year columns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from oneplan.core.thai import parse_year
from oneplan.documents.workbook import (
    Header,
    Problem,
    find_header,
    match_columns,
    match_key,
    title_text,
)
from oneplan.projects import intake
from oneplan.projects.excel.results import ImportResult
from oneplan.projects.excel.templates import Column, Template

# "งบประมาณ 2566", "2566 (บาท)", "พ.ศ. 2566", "งบประมาณและที่ผ่านมา 2566 (บาท)" (spaces removed)
_YEAR_HEADER_RE = re.compile(
    r"^(?:งบประมาณ[^\d]*)?(?:ปี)?(?:งบประมาณ)?(?:พ\.?ศ\.?|ค\.?ศ\.?)?"
    r"((?:2[4-6]|19|20|21)\d\d)(?:\(?บาท\)?)?$"
)


@dataclass
class Layout:
    """Where each column of one data sheet is."""

    sheet: str
    header_row: int
    data_start: int
    width: int
    index: dict[str, int]  # column key → position
    years: dict[int, int]  # budget year → position
    headers: dict[int, str]  # position → header as written

    def column(self, key: str) -> str:
        position = self.index[key]
        return self.column_at(position)

    def column_at(self, position: int) -> str:
        return Header(self.header_row, self.headers, self.index).column_at(position)


def _is_year(text: str) -> bool:
    return bool(_YEAR_HEADER_RE.match(match_key(text)))


def _headers(rows: list[tuple[Any, ...]], header_at: int) -> tuple[dict[int, str], bool]:
    """Position → header text, and whether the plan years are in a second header row (under a
    merged "งบประมาณ" cell: its text then goes before each year's)."""
    header = [title_text(v) for v in rows[header_at]]
    below = [title_text(v) for v in rows[header_at + 1]] if header_at + 1 < len(rows) else []
    sub_header = any(_is_year(v) for v in below if v) and not any(_is_year(v) for v in header if v)
    headers: dict[int, str] = {}
    group = ""
    for position, text in enumerate(header):
        group = text or group
        if sub_header and position < len(below) and below[position]:
            headers[position] = f"{text or group} {below[position]}".strip()
        elif text:
            headers[position] = text
    return headers, sub_header


def _wanted(columns: tuple[Column, ...]) -> dict[str, str]:
    """Header text (the column's own or an alias) → column key."""
    wanted: dict[str, str] = {}
    for column in columns:
        for text in (column.header, *column.aliases):
            wanted.setdefault(text, column.key)
    return wanted


class LayoutReader:
    """Finds the layout of each data sheet, noting the problems of its header."""

    def __init__(self, spec: Template, years: list[int], result: ImportResult) -> None:
        self.spec = spec
        self.years = years  # the plan years a budget column may have
        self.result = result

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.result.errors.append(Problem(sheet, row, column, message))

    def layout(self, name: str, rows: list[tuple[Any, ...]]) -> Layout | None:
        """Find the header row among the first rows; None when the sheet is not a data sheet."""
        title = self.spec.title_column
        found = find_header(
            rows, {text: "title" for text in (title.header, *title.aliases)}, required=["title"]
        )
        if found is None:
            return None
        header_at = found.row - 1
        headers, sub_header = _headers(rows, header_at)
        layout = Layout(
            sheet=name,
            header_row=found.row,
            data_start=header_at + (3 if sub_header else 2),
            width=0,
            index={},
            years={},
            headers=headers,
        )
        columns = self.spec.columns([])
        layout.index = match_columns(headers, _wanted(columns))
        self._year_columns(layout)
        complete = self._complete(layout, columns)
        used = [*layout.index.values(), *layout.years.values()]
        layout.width = max(used) + 1 if used else 1
        return layout if complete else Layout(name, layout.header_row, 0, 0, {}, {}, {})

    def _year_columns(self, layout: Layout) -> None:
        """The budget year columns among the headers no other column took."""
        taken = set(layout.index.values())
        for position, text in layout.headers.items():
            match = None if position in taken else _YEAR_HEADER_RE.match(match_key(text))
            if match is not None:
                self._year_column(layout, position, match[1])

    def _complete(self, layout: Layout, columns: tuple[Column, ...]) -> bool:
        """Has the header every column the template requires? (Each one missing is noted.)"""
        spec = self.spec
        required = list(spec.required_headers)
        if layout.years and not spec.dla_form:
            required.append("category")  # budgets need their category
        complete = True
        for column in columns:
            if column.key in required and column.key not in layout.index:
                self.problem(
                    layout.sheet,
                    layout.header_row,
                    "",
                    _("No column “%(header)s” in the header row (row %(row)s)")
                    % {"header": column.header, "row": layout.header_row},
                )
                complete = False
        if spec.dla_form and not layout.years:
            self.problem(
                layout.sheet,
                layout.header_row,
                "",
                _("No column of yearly budgets (such as “งบประมาณ 2566” or “2566 (บาท)”)"),
            )
            complete = False
        return complete

    def _year_column(self, layout: Layout, position: int, digits: str) -> None:
        where = layout.column_at(position)
        try:
            parsed = parse_year(digits)
        except ValueError as exc:
            self.problem(layout.sheet, layout.header_row, where, str(exc))
            return
        if parsed.era_given == "CE":
            self.result.notes.append(
                _("Sheet “%(sheet)s”, the header of column %(column)s: %(explanation)s")
                % {"sheet": layout.sheet, "column": where, "explanation": parsed.explanation}
            )
        years = self.years
        if parsed.be not in years:
            self.problem(
                layout.sheet,
                layout.header_row,
                where,
                intake.years_message(parsed.be, years),
            )
        elif parsed.be in layout.years:
            self.problem(
                layout.sheet,
                layout.header_row,
                where,
                _("The budget column of the year %(year)s is repeated") % {"year": parsed.be},
            )
        else:
            layout.years[parsed.be] = position
