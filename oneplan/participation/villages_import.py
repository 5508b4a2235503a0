"""The villages (หมู่บ้าน) of a province, imported from a CSV or Excel file with their DOPA codes.

The reference data (geothai) stops at the sub-districts; the villages a province's needs are
raised in come from the province's own list (the district offices' and DOPA's): one row a
village with its 8-digit DOPA code (Thai digits too), its number (หมู่ที่) and its name. The
sub-district is the code's first six digits and must be one of the province's.

The house rule of every import: every row is checked, every problem is reported by row and
column in Thai, and nothing is written unless the whole file is good. A village already
known (the same code) has its name updated, never a second row. Each village written asks
the one policy (adding or changing a village of that sub-district) and leaves its audit entry
with the acting user.

It lives here, not in `areas`, because it reads the file through `documents.workbook`, which
sits above `areas` in the layers; the page, the API and `oneplan load-villages` call it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan.areas.models import CODE_LENGTH, Area, AreaLevel, province_code_of
from oneplan.documents import workbook
from oneplan.documents.workbook import Header, Problem, clean_code, clean_line, shown
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

LIMITS = "villages"  # the upload limits: settings.ONEPLAN_IMPORT_LIMITS
HEADER_SCAN_ROWS = 10
VILLAGE_CODE_LENGTH = CODE_LENGTH[AreaLevel.VILLAGE]
NAME_LENGTH = Area._meta.get_field("name_th").max_length

HEADERS = {
    "รหัสหมู่บ้าน": "code",
    "รหัสหมู่บ้าน (DOPA)": "code",
    "รหัส": "code",
    "รหัสพื้นที่": "code",
    "village code": "code",
    "code": "code",
    "หมู่ที่": "village_no",
    "หมู่": "village_no",
    "village no": "village_no",
    "village_no": "village_no",
    "ชื่อหมู่บ้าน": "name",
    "หมู่บ้าน": "name",
    "ชื่อ": "name",
    "name": "name",
    "name_th": "name",
    "ชื่อภาษาอังกฤษ": "name_en",
    "name_en": "name_en",
    "english name": "name_en",
}


@dataclass(frozen=True)
class VillageRow:
    row: int
    code: str
    village_no: int
    name: str
    name_en: str = ""


@dataclass
class VillageImportResult:
    errors: list[Problem] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def may_import(user: Any, province: Area) -> bool:
    """Whether the user may import the villages of the whole province (its strategy group, the
    national roles): judged on a village anywhere in it."""
    probe = Area(code=f"{province.code}000000", level=AreaLevel.VILLAGE, source="import")
    return policy.can(user, Action.ADD, probe)


# --------------------------------------------------------------------------- reading


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The file cannot be read: save it as CSV (UTF-8) or Excel (.xlsx)"), code="bad_file"
    )


def _csv_rows(text: str, limit: workbook.Limits) -> list[tuple[int, tuple[Any, ...]]]:
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text)), start=1):
            if number > limit.scanned_rows or len(rows) >= limit.rows:
                raise ValidationError(
                    _(
                        "The file holds more than %(rows)s rows. Please split the file, or check"
                        " for blank rows or stray data"
                    )
                    % {"rows": f"{min(limit.rows, limit.scanned_rows):,}"},
                    code="too_big",
                )
            if not all(workbook.is_blank(v) for v in values):
                rows.append((number, tuple(values)))
    except csv.Error as exc:
        raise ValidationError(
            _("The file cannot be read: save it as CSV (UTF-8) or Excel (.xlsx)"), code="bad_file"
        ) from exc
    return rows


def _open(upload: Any) -> tuple[list[tuple[str, list, Iterator]], Any]:
    """The tables of the upload: (name, top rows, rows) per sheet; and what to close."""
    kind = LIMITS
    limit = workbook.limits(kind)
    data = workbook.read_upload(upload, limit)
    if data.startswith(workbook.ZIP_MAGIC) or data.startswith(workbook.OLE_MAGIC):
        book = workbook.open_workbook(data, kind)
        tables = [(s.name, s.top(HEADER_SCAN_ROWS), s) for s in book.sheets]
        return tables, book
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="bad_file")
    rows = _csv_rows(_csv_text(data), limit)
    by_number = dict(rows)  # blank rows kept in the top, so that its index is the row's number
    top = [by_number.get(number, ()) for number in range(1, HEADER_SCAN_ROWS + 1)]
    return [("", top, rows)], None


def _find(tables) -> tuple[str, Header, Any] | None:
    for name, top, source in tables:
        header = workbook.find_header(top, HEADERS, required=["code", "name"])
        if header is not None:
            return name, header, source
    return None


def _rows_after(source: Any, header: Header) -> Iterator[tuple[int, tuple[Any, ...]]]:
    if isinstance(source, list):
        return ((n, v) for n, v in source if n > header.row)
    return source.rows(header.row + 1)


_VILLAGE_PREFIX = re.compile(r"^(บ้าน|บ\.)\s*(?=\S)")


@dataclass
class FileRead:
    """What a file holds: its villages, the problems of its rows, where the codes are."""

    villages: list[VillageRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""
    code_column: str = ""


def read(upload: Any) -> FileRead:
    """The villages of the file, and every problem of its rows (not yet of the database)."""
    tables, book = _open(upload)
    try:
        found = _find(tables)
        if found is None:
            return FileRead(
                problems=[
                    Problem(
                        "",
                        None,
                        "",
                        _("No table found with the columns “รหัสหมู่บ้าน” and “ชื่อหมู่บ้าน”"),
                    )
                ]
            )
        sheet, header, source = found
        villages: list[VillageRow] = []
        problems: list[Problem] = []
        first_row: dict[str, int] = {}
        for number, values in _rows_after(source, header):
            village, found_problems = _row(sheet, header, number, values)
            problems.extend(found_problems)
            if village is None:
                continue
            if village.code in first_row:
                problems.append(
                    Problem(
                        sheet,
                        number,
                        header.column("code"),
                        _("The code %(code)s repeats row %(row)s")
                        % {"code": village.code, "row": first_row[village.code]},
                    )
                )
                continue
            first_row[village.code] = number
            villages.append(village)
    finally:
        if book is not None:
            book.close()
    if not villages and not problems:
        problems.append(Problem(sheet, None, "", _("The file holds no village.")))
    return FileRead(villages, problems, sheet, header.column("code"))


def _cell(values: tuple[Any, ...], header: Header, key: str) -> Any:
    position = header.columns.get(key)
    if position is None or position >= len(values):
        return None
    return values[position]


def _row(
    sheet: str, header: Header, number: int, values: tuple[Any, ...]
) -> tuple[VillageRow | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(sheet, number, header.column(key), message))

    def text(key: str, convert: Callable[[Any], str]) -> str | None:
        """The cell as text ("" when blank); None, with its problem, when it cannot be
        (a date where text goes)."""
        raw = _cell(values, header, key)
        bad = workbook.bad_character(raw)  # NUL and other control characters: never saved
        if bad:
            problem(key, bad)
            return None
        try:
            return "" if workbook.is_blank(raw) else convert(raw)
        except workbook.CellError as exc:
            problem(key, exc.message)
            return None

    raw_code = _cell(values, header, "code")
    code = text("code", clean_code)
    if code is None:
        code = ""
    elif not code:
        problem("code", _("The village code is missing"))
    elif not code.isdigit() or len(code) != VILLAGE_CODE_LENGTH:
        problem(
            "code",
            _("“%(value)s” is not a village code: it must have %(n)s digits")
            % {"value": shown(raw_code), "n": VILLAGE_CODE_LENGTH},
        )
        code = ""
    elif code.endswith("00"):
        problem("code", _("“%(value)s”: a village number runs from 01 to 99") % {"value": code})
        code = ""
    village_no = int(code[-2:]) if code else 0
    raw_no = _cell(values, header, "village_no")
    if "village_no" in header.columns and not workbook.is_blank(raw_no):
        try:
            given = workbook.whole_number(raw_no)
        except workbook.CellError as exc:
            problem("village_no", exc.message)
        else:
            if code and given != village_no:
                problem(
                    "village_no",
                    _("Village no. %(given)s does not match the code %(code)s (หมู่ที่ %(no)s)")
                    % {"given": given, "code": code, "no": village_no},
                )
    name = text("name", lambda raw: _VILLAGE_PREFIX.sub("", clean_line(raw)))
    if name == "":
        problem("name", _("The village's name is missing"))
    elif name is not None and len(name) > NAME_LENGTH:
        problem(
            "name",
            _("The name is longer than %(n)s characters") % {"n": NAME_LENGTH},
        )
    name_en = (text("name_en", clean_line) or "")[:NAME_LENGTH]
    if problems or name is None:
        return None, problems
    return VillageRow(number, code, village_no, name, name_en), []


# --------------------------------------------------------------------------- checking


def check(
    user: Any, province: Area, villages: list[VillageRow], sheet: str = "", where: str = ""
) -> tuple[dict[str, Area], list[Problem]]:
    """Every village against the database and the policy: the province, the sub-district,
    the right to add or change it. Returns the existing villages by code and the problems."""
    subdistricts = {
        a.code: a
        for a in Area.objects.subdistricts().filter(code__startswith=province.code, is_active=True)
    }
    existing = {
        a.code: a
        for a in Area.objects.filter(
            level=AreaLevel.VILLAGE, code__in=[v.code for v in villages]
        ).select_related("parent")
    }
    problems: list[Problem] = []
    for village in villages:
        if not village.code.startswith(province.code):
            problems.append(
                Problem(
                    sheet,
                    village.row,
                    where,
                    _("The code %(code)s is of another province (%(other)s), not of %(province)s")
                    % {
                        "code": village.code,
                        "other": province_code_of(village.code),
                        "province": province.display_name,
                    },
                )
            )
            continue
        parent = subdistricts.get(village.code[:6])
        if parent is None:
            problems.append(
                Problem(
                    sheet,
                    village.row,
                    where,
                    _("No sub-district with the code %(code)s in %(province)s")
                    % {"code": village.code[:6], "province": province.display_name},
                )
            )
            continue
        known = existing.get(village.code)
        target = known or _new(village, parent)
        action = Action.CHANGE if known else Action.ADD
        if not policy.can(user, action, target):
            problems.append(
                Problem(
                    sheet,
                    village.row,
                    where,
                    _("You may not add or change the villages of %(subdistrict)s")
                    % {"subdistrict": parent.display_name},
                )
            )
    return existing, problems


def _new(village: VillageRow, parent: Area) -> Area:
    return Area(
        code=village.code,
        level=AreaLevel.VILLAGE,
        parent=parent,
        name_th=village.name,
        name_en=village.name_en,
        village_no=village.village_no,
        source="import",
    )


# --------------------------------------------------------------------------- importing


def import_villages(user: Any, province: Area, upload: Any) -> VillageImportResult:
    """Read, check and (when all is good) write the villages of the file; see the module."""
    result = VillageImportResult()
    found = read(upload)
    villages = found.villages
    result.errors.extend(found.problems)
    existing, problems = check(user, province, villages, found.sheet, found.code_column)
    result.errors.extend(problems)
    if result.errors:
        result.errors.sort(key=lambda p: (p.row or 0, p.column))
        return result
    with transaction.atomic(), set_actor(user):
        for village in villages:
            known = existing.get(village.code)
            if known is None:
                parent = Area.objects.get(code=village.code[:6])
                area = _new(village, parent)
                policy.require(user, Action.ADD, area)
                area.full_clean()
                area.save()
                result.added += 1
                continue
            changed = known.name_th != village.name or (
                village.name_en and known.name_en != village.name_en
            )
            if not changed and known.village_no == village.village_no:
                result.unchanged += 1
                continue
            policy.require(user, Action.CHANGE, known)
            known.name_th = village.name
            known.name_en = village.name_en or known.name_en
            known.village_no = village.village_no
            known.full_clean()
            known.save()
            result.updated += 1
    return result
