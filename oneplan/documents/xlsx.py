"""Excel workbooks with openpyxl: Thai header style, widths, frozen header, safe cells.

Every value a user typed may start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, which a spreadsheet would read as a formula ("formula injection", e.g.
``=HYPERLINK(...)``). `write_cell()` stores such a value as text with Excel's quote
prefix (the value itself unchanged, shown exactly as typed, never evaluated);
`safe_cell()` is the value-only form for places that cannot set cell attributes (CSV):
it puts an apostrophe in front.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMULA_PREFIXES",
    "add_sheet",
    "csv_bytes",
    "is_formula_like",
    "new_workbook",
    "number_format",
    "safe_cell",
    "to_bytes",
    "write_cell",
    "write_row",
]

FONT_NAME = "TH Sarabun New"
FONT_SIZE = 14
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_TITLE = 31  # Excel's limit
_FORBIDDEN_IN_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
BODY_ALIGNMENT = Alignment(vertical="top", wrap_text=True)

Value = str | int | float | Decimal | date | datetime | bool | None


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet could read this value as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(value: Value) -> Value:
    """The value with an apostrophe in front when it could be read as a formula."""
    return f"'{value}" if is_formula_like(value) else value


def csv_bytes(rows: Iterable[Sequence[Value]]) -> bytes:
    """Rows as a CSV file Excel opens in Thai (UTF-8 with a byte-order mark), no text cell
    readable as a formula."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def write_cell(cell: Cell, value: Value) -> Cell:
    """Put a value in a cell; a formula-like string is stored as quoted text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula ("f") because of the leading "="
        cell.quotePrefix = True  # Excel keeps it as text even when the user edits the cell
    return cell


def number_format(value: object) -> str | None:
    """ "#,##0" for whole numbers, "#,##0.00##" for others, None for non-numbers."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return None
    return "#,##0" if value == int(value) else "#,##0.00##"


def write_row(ws: Worksheet, row: int, values: Sequence[Value], *, header: bool = False) -> None:
    """One row of bordered cells: header style, or body text with numbers formatted."""
    for column, value in enumerate(values, start=1):
        cell = write_cell(ws.cell(row=row, column=column), value)
        cell.border = BORDER
        if header:
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
            continue
        cell.font, cell.alignment = BODY_FONT, BODY_ALIGNMENT
        fmt = number_format(value)
        if fmt:
            cell.number_format = fmt


def new_workbook() -> Workbook:
    """A workbook without its default empty sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def sheet_title(title: str) -> str:
    return title.translate(_FORBIDDEN_IN_TITLE).strip()[:MAX_SHEET_TITLE] or "Sheet"


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    widths: Sequence[float] = (),
) -> Worksheet:
    """A sheet with a Thai header row (frozen, filterable), the rows and column widths.

    `widths` are in Excel's character units; columns without one get 14. Decimal, int
    and float values stay numbers (formatted with separators), so the sheet can compute.
    """
    ws = workbook.create_sheet(sheet_title(title))
    write_row(ws, 1, headers, header=True)
    last_row = 1
    for index, values in enumerate(rows, start=2):
        write_row(ws, index, values)
        last_row = index
    for column in range(1, len(headers) + 1):
        width = widths[column - 1] if column <= len(widths) else 14
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_row}"
    ws.sheet_view.zoomScale = 100
    return ws


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
