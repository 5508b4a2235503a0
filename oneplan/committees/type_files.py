"""The national secretariat's own file of committee types (CSV or XLSX) for one regime:
read, checked row by row (every problem by row and column, in Thai), and loaded all or
nothing. The columns are those of the packaged `data/committee_types.csv` (a `regime` column
may be present: only the rows of the regime being loaded are read):

    code, name_th, short_name, level, term_years, rules, order

`rules` is the JSON list `composition.py` reads; a type already in the regime is updated
with the file's values (the file is the secretariat's word), a new one is created.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan.committees.composition import rule_problems
from oneplan.committees.models import CommitteeLevel, CommitteeType
from oneplan.cycles.models import Regime
from oneplan.documents import workbook
from oneplan.documents.workbook import Problem

LIMITS = "committee_types"  # the upload limits: settings.ONEPLAN_IMPORT_LIMITS
COLUMNS = ["code", "name_th", "short_name", "level", "term_years", "rules", "order"]
REQUIRED = ["code", "name_th", "short_name", "level"]


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def read_rows(path: Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(sheet name, [(row number, {column: text})]) of a CSV or XLSX file; the header is
    the first row."""
    if path.suffix.lower() == ".xlsx":
        with path.open("rb") as upload, workbook.open_workbook(upload, LIMITS) as book:
            sheet = book.sheets[0]
            rows = list(sheet.rows())
            if not rows:
                return sheet.name, []
            header = [workbook.cell_text(c).strip() for c in rows[0][1]]
            found = []
            for number, values in rows[1:]:
                texts = [workbook.cell_text(v).strip() if v is not None else "" for v in values]
                found.append((number, dict(zip(header, texts, strict=False))))
            return sheet.name, found
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return "", [
        (number, {k: (v or "").strip() for k, v in row.items() if k})
        for number, row in enumerate(reader, 2)
    ]


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def check_rows(
    regime: Regime, sheet: str, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The rows as committee types' values, and every problem found."""
    problems: list[Problem] = []
    if not rows:
        return [], [Problem(sheet, None, "", _("The file has no committee type"))]
    missing = [c for c in REQUIRED if c not in rows[0][1]]
    if missing:
        return [], [
            Problem(
                sheet, 1, "", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}
            )
        ]
    # A file of several regimes (the packaged one) loads only the rows of this regime.
    rows = [(n, row) for n, row in rows if row.get("regime", regime.code) in ("", regime.code)]
    if not rows:
        return [], [Problem(sheet, None, "", _("The file has no committee type"))]
    values: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        found = _row_problems(row, seen)
        problems.extend(Problem(sheet, number, column, message) for column, message in found)
        seen.setdefault(row.get("code", ""), number)
        values.append(_values(row, number))
    return values, problems


def _row_problems(row: dict[str, str], seen: dict[str, int]) -> list[tuple[str, str]]:
    """(column, message) of every problem of one row."""
    found = [(c, _("This cell must not be empty")) for c in REQUIRED if not row.get(c)]
    code = row.get("code", "")
    if code in seen:
        found.append(
            (
                "code",
                _("The code “%(code)s” repeats row %(row)s") % {"code": code, "row": seen[code]},
            )
        )
    level = row.get("level", "")
    if level and level not in CommitteeLevel.values:
        found.append(
            (
                "level",
                _("Unknown level “%(level)s” (nation, cluster, province or district)")
                % {"level": level},
            )
        )
    if row.get("term_years") and _number(row["term_years"]) is None:
        found.append(("term_years", _("Must be a whole number of years")))
    if row.get("order") and _number(row["order"]) is None:
        found.append(("order", _("Must be a whole number")))
    if row.get("rules"):
        try:
            rules = json.loads(row["rules"])
        except ValueError:
            found.append(("rules", _("The rules are not valid JSON")))
        else:
            found.extend(("rules", message) for message in rule_problems(rules))
    return found


def _values(row: dict[str, str], number: int) -> dict[str, Any]:
    try:
        rules = json.loads(row["rules"]) if row.get("rules") else []
    except ValueError:
        rules = []
    order = row.get("order", "")
    return {
        "code": row.get("code", ""),
        "name_th": row.get("name_th", ""),
        "short_name": row.get("short_name", ""),
        "level": row.get("level", ""),
        "term_years": _number(row.get("term_years", "")),
        "rules": rules,
        "order": _number(order) if order else number,
    }


@transaction.atomic
def load_file(path: Path, regime: Regime) -> LoadResult:
    """Load the file's committee types into `regime`, all or nothing."""
    result = LoadResult()
    try:
        sheet, rows = read_rows(path)
    except ValidationError as exc:
        result.problems = [Problem("", None, "", m) for m in exc.messages]
        return result
    values, result.problems = check_rows(regime, sheet, rows)
    if result.problems:
        return result
    for value in values:
        code = value.pop("code")
        found = CommitteeType.objects.filter(regime=regime, code=code).first()
        kind = found or CommitteeType(regime=regime, code=code)
        for name, item in value.items():
            setattr(kind, name, item)
        kind.full_clean()
        kind.save()
        if found:
            result.updated += 1
        else:
            result.created += 1
    return result
