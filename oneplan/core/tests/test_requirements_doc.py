"""docs/requirements.md stays true: the 128 items of the source documents, each with its state,
and every page, test, command or file it names exists (issue 17).

The table's rows are `| # | seed | requirement | state | where a user sees it | note |`; a
reference is written in backticks as `url:app:name`, `test:path.py::test_name`, `cmd:name`
or `file:path`. A ✓ row names at least one.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.management import get_commands
from django.urls import NoReverseMatch, get_resolver, reverse

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "requirements.md"
ITEMS = 128
STATES = ("✓", "~", "–")
REFERENCE = re.compile(r"`(url|test|cmd|file):([^`]+)`")
COUNTS = re.compile(r"(\d+) ✓ / (\d+) ~ / (\d+) –")
HEADER = ["#", "seed", "requirement", "state", "where a user sees it", "note"]


@dataclass(frozen=True)
class Row:
    number: str
    seed: str
    requirement: str
    state: str
    where: str
    note: str

    @property
    def references(self) -> list[tuple[str, str]]:
        return REFERENCE.findall(self.where + " " + self.note)


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse(text: str) -> tuple[list[Row], tuple[int, int, int] | None]:
    """The rows of the table under the header, and the counts of the line "Counts: …"."""
    rows: list[Row] = []
    counts = None
    lines = text.splitlines()
    for line in lines:
        if line.startswith("Counts:") and counts is None:
            found = COUNTS.search(line)
            counts = tuple(int(n) for n in found.groups()) if found else None
    start = next(i for i, line in enumerate(lines) if cells(line) == HEADER)
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        parts = cells(line)
        parts += [""] * (len(HEADER) - len(parts))
        rows.append(Row(*parts[: len(HEADER)]))
    return rows, counts


def url_name_exists(name: str) -> bool:
    """Whether `name` (`ns:…:view`) names a route: reversed when it takes no arguments, else
    found among the names of its namespace's resolver."""
    try:
        reverse(name)
        return True
    except NoReverseMatch:
        pass
    *namespaces, view = name.split(":")
    resolver = get_resolver()
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        _prefix, resolver = resolver.namespace_dict[namespace]
    return view in {key for key in resolver.reverse_dict if isinstance(key, str)}


@cache
def top_level_functions(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return frozenset(
        node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def inside_repository(relative: str) -> Path | None:
    path = (ROOT / relative).resolve()
    return path if path.is_relative_to(ROOT) else None


def reference_problem(kind: str, value: str) -> str | None:
    """What is wrong with one reference, or None when it names something that exists."""
    value = value.strip()
    if kind == "url":
        return None if url_name_exists(value) else f"no URL named {value!r}"
    if kind == "test":
        file, sep, name = value.partition("::")
        path = inside_repository(file)
        if not sep or not name or path is None or path.suffix != ".py":
            return f"a test is written path.py::test_name, not {value!r}"
        if not path.is_file():
            return f"no test file {file}"
        if name not in top_level_functions(path):
            return f"{file} defines no test {name}"
        return None
    if kind == "cmd":
        ours = list(ROOT.glob(f"oneplan/*/management/commands/{value}.py"))
        return None if ours or value in get_commands() else f"no command {value!r}"
    if kind == "file":
        path = inside_repository(value)
        return None if path is not None and path.exists() else f"no file {value}"
    return f"unknown kind of reference {kind!r}"


def problems(rows: list[Row], counts: tuple[int, int, int] | None) -> list[str]:
    """Everything wrong with the table and its counts line, one message each."""
    found: list[str] = []
    numbers = [row.number for row in rows]
    if numbers != [str(n) for n in range(1, ITEMS + 1)]:
        found.append(f"the rows must be numbered 1..{ITEMS} in order, one each: {numbers}")
    tally = {state: 0 for state in STATES}
    for row in rows:
        if row.state not in STATES:
            found.append(f"item {row.number}: state {row.state!r} is none of {STATES}")
            continue
        tally[row.state] += 1
        if row.state == "✓" and not row.references:
            found.append(f"item {row.number} is done but names no page, test, command or file")
        for kind, value in row.references:
            problem = reference_problem(kind, value)
            if problem:
                found.append(f"item {row.number}: {problem}")
    if counts is None:
        found.append('no line "Counts: N ✓ / N ~ / N –"')
    elif counts != tuple(tally[state] for state in STATES):
        found.append(f"the counts line says {counts}, the table has {tally}")
    return found


def test_the_requirements_list_is_complete_counted_and_every_reference_exists():
    rows, counts = parse(DOC.read_text(encoding="utf-8"))
    assert len(rows) == ITEMS
    assert problems(rows, counts) == []


def test_the_check_reports_what_does_not_exist():
    good = Row("1", "000", "x", "✓", "`url:letters:letters`", "")
    made_up = [
        good,
        Row("2", "000", "x", "✓", "no reference at all", ""),
        Row(
            "3",
            "000",
            "x",
            "~",
            "`url:letters:no_such_page` `url:nowhere:letters` `cmd:no_such_command` "
            "`file:docs/no_such_file.md` `file:../outside` "
            "`test:oneplan/core/tests/test_requirements_doc.py::test_no_such_test` "
            "`test:oneplan/core/tests/no_such_file.py::test_x`",
            "",
        ),
        Row("5", "000", "x", "done", "", ""),
    ]
    found = problems(made_up, (3, 1, 0))
    for expected in (
        "numbered 1..128",
        "item 2 is done but names no page",
        "no URL named 'letters:no_such_page'",
        "no URL named 'nowhere:letters'",
        "no command 'no_such_command'",
        "no file docs/no_such_file.md",
        "no file ../outside",
        "defines no test test_no_such_test",
        "no test file oneplan/core/tests/no_such_file.py",
        "item 5: state 'done'",
        "the counts line says (3, 1, 0)",
    ):
        assert any(expected in problem for problem in found), (expected, found)
    # What exists passes: a page with arguments, this test, a command of the project and one
    # of Django's, a data file.
    real = Row(
        "1",
        "000",
        "x",
        "✓",
        "`url:letters:letter` `url:api:proposals-screen` `url:home` `cmd:load_reference` "
        "`cmd:migrate` `file:oneplan/cycles/data/phases.csv` "
        "`test:oneplan/core/tests/test_requirements_doc.py::test_the_check_reports_what_does_not_exist`",
        "",
    )
    assert [reference_problem(kind, value) for kind, value in real.references] == [None] * 7
    assert parse("Counts: 1 ✓ / 0 ~ / 0 –\n\n| " + " | ".join(HEADER) + " |\n|---|\n")[1] == (
        1,
        0,
        0,
    )
