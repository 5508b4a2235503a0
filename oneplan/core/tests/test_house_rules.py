"""House rules a newcomer could break without noticing (docs/architecture.md): B.E. years go
through `core.thai` and an area's province through `areas.models.province_code_of`, never by
hand; scanned in the package's own code (tests and migrations aside)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

RULES = {
    # year ± 543 by hand: use core.thai.be_year / ce_year or a format_* helper
    "B.E. year by hand": (re.compile(r"[+-]\s*543\b"), {"core/thai.py"}),
    # code[:2] for the province: use Area.province_code or province_code_of
    "province by slicing a code": (re.compile(r"code\[:2\]"), {"areas/models.py"}),
}


def own_sources() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_the_scan_reads_the_package():
    names = {p.relative_to(PACKAGE).as_posix() for p in own_sources()}
    assert "core/thai.py" in names and "projects/intake.py" in names


@pytest.mark.parametrize("rule", sorted(RULES))
def test_no_file_breaks_the_rule(rule):
    pattern, allowed = RULES[rule]
    found = []
    for path in own_sources():
        name = path.relative_to(PACKAGE).as_posix()
        if name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, f"{rule}:\n" + "\n".join(found)
