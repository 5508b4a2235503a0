"""House rules a newcomer could break without noticing (docs/architecture.md): B.E. years go
through `core.thai` and an area's province through `areas.models.province_code_of`, never by
hand; scanned in the package's own code (tests and migrations aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

RULES = {
    # year ± 543 by hand: use core.thai.be_year / ce_year or a format_* helper
    "B.E. year by hand": (re.compile(r"[+-]\s*543\b"), {"core/thai.py"}),
    # code[:2] for the province: use Area.province_code or province_code_of
    "province by slicing a code": (
        re.compile(r"(code|area_id|area|\bp)\b\)?\[:2\]"),
        {"areas/models.py"},
    ),
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


# An import of OnePlan inside a function hides a cycle (docs/architecture.md): move it to the
# module's top, or move the shared piece down. `apps.py` (ready() registers handlers, job
# kinds, the policy) and `conftest.py` are the Django way; tests and migrations aside.
# The imports still inside a function, by (file, module imported), with the reason:
IMPORTS_IN_FUNCTIONS: dict[tuple[str, str], str] = {}


def _oneplan_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: inside the package
            return ["." * node.level + (node.module or "")]
        return [node.module] if node.module and node.module.split(".")[0] == "oneplan" else []
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "oneplan"]
    return []


def _in_functions(tree: ast.AST) -> set[tuple[int, str]]:
    """(line, module) of each OnePlan import inside a function (at any depth) of a tree."""
    return {
        (node.lineno, module)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for node in ast.walk(function)
        for module in _oneplan_modules(node)
    }


def imports_in_functions() -> list[tuple[str, int, str]]:
    """(file, line, module) of each OnePlan import inside a function of the package."""
    found = []
    for path in own_sources():
        if path.name in {"apps.py", "conftest.py"}:
            continue
        name = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=name)
        found += [(name, line, module) for line, module in _in_functions(tree)]
    return sorted(found)


def test_the_import_scan_sees_what_hides_in_a_function():
    source = (
        "from oneplan.core import thai\n"
        "import django\n"
        "def f():\n"
        "    import json\n"
        "    if True:\n"
        "        from oneplan.core import dates\n"
        "class A:\n"
        "    def g(self):\n"
        "        import oneplan.areas.models\n"
        "        from . import services\n"
    )
    assert sorted(_in_functions(ast.parse(source))) == [
        (6, "oneplan.core"),
        (9, "oneplan.areas.models"),
        (10, "."),
    ]


def test_no_oneplan_import_hides_in_a_function():
    found = imports_in_functions()
    unexplained = [
        f"{name}:{line}: import of {module}"
        for name, line, module in found
        if (name, module) not in IMPORTS_IN_FUNCTIONS
    ]
    assert not unexplained, (
        "OnePlan imported inside a function (move it to the top of the module; for a cycle, "
        "move the shared piece down):\n" + "\n".join(unexplained)
    )
    stale = set(IMPORTS_IN_FUNCTIONS) - {(name, module) for name, _, module in found}
    assert not stale, f"allowed imports no longer in a function, strike them: {sorted(stale)}"
