"""The house's figures: what a newcomer meets when changing OnePlan.

    .venv/bin/python tools/house_figures.py [ROOT] [--json]

ROOT is the folder holding the `oneplan` package (default: this repository). Counted over
the package's own code, without tests and migrations:

* the largest files (lines);
* functions whose cyclomatic complexity is over 20 (radon);
* repeated blocks: runs of six or more consecutive lines (blank and comment lines skipped,
  whitespace stripped) that occur in two or more places;
* imports that run up the layers: an app importing an app above it, or a sibling of its
  own layer (the order in `LAYERS`, the one `.importlinter` keeps);
* imports inside functions (of OnePlan modules): the usual way to dodge an import cycle.

Run it on two checkouts to compare (``git archive <commit> oneplan | tar -x -C /tmp/x``).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from radon.complexity import cc_visit

# Bottom first; apps on one line are siblings and may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("areas",),
    ("orgs",),
    ("documents",),
    ("audit",),
    ("api",),
    ("cycles",),
    ("plans",),
    ("projects",),
    ("committees", "participation"),
    ("monitoring",),
    ("letters",),
    ("demo",),
]
# The project (its routing, settings, entry points): above every app.
TOP_LEVEL = {"urls", "api_urls", "settings", "wsgi", "cli", "conftest"}
WINDOW = 6
COMPLEXITY_LIMIT = 20


def _layer_of(app: str) -> int | None:
    for index, names in enumerate(LAYERS):
        if app in names:
            return index
    return len(LAYERS) if app in TOP_LEVEL else None


@dataclass
class Figures:
    files: int
    lines: int
    largest: list[tuple[str, int]]
    complex_functions: list[tuple[str, str, int]]
    repeated_blocks: int
    repeated_lines: int
    upward_imports: list[tuple[str, str]]
    imports_in_functions: int


def _sources(root: Path) -> list[Path]:
    package = root / "oneplan"
    return sorted(
        p
        for p in package.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and "node_modules" not in p.parts
    )


def _module_app(root: Path, path: Path) -> str:
    parts = path.relative_to(root / "oneplan").with_suffix("").parts
    return parts[0]


def _imported_modules(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, inside a function) for every import of a OnePlan module."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module.startswith("oneplan"):
                    found.append((child.module, in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("oneplan"):
                        found.append((alias.name, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def _normalised_lines(text: str) -> list[tuple[int, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        out.append((number, stripped))
    return out


def _repeated(texts: dict[str, str]) -> tuple[int, int]:
    """Blocks of WINDOW+ consecutive lines found in two or more places, and their lines."""
    where: dict[str, list[tuple[str, int]]] = defaultdict(list)
    lines_of: dict[str, list[tuple[int, str]]] = {}
    for name, text in texts.items():
        lines = _normalised_lines(text)
        lines_of[name] = lines
        for start in range(len(lines) - WINDOW + 1):
            chunk = [s for _, s in lines[start : start + WINDOW]]
            if sum(len(s) for s in chunk) < 120:  # brackets and one-word lines
                continue
            digest = hashlib.blake2b("\n".join(chunk).encode(), digest_size=16).hexdigest()
            where[digest].append((name, start))
    repeated_starts: dict[str, set[int]] = defaultdict(set)
    for places in where.values():
        distinct = {(n, s) for n, s in places}
        if len(distinct) < 2:
            continue
        for name, start in distinct:
            repeated_starts[name].add(start)
    blocks = 0
    covered = 0
    for starts in repeated_starts.values():
        run_end = -1
        marked: set[int] = set()
        for start in sorted(starts):
            if start > run_end:
                blocks += 1
            run_end = start + WINDOW - 1
            marked.update(range(start, start + WINDOW))
        covered += len(marked)
    return blocks, covered


def measure(root: Path) -> Figures:
    paths = _sources(root)
    texts = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in paths}
    sizes = sorted(((n, t.count("\n") + 1) for n, t in texts.items()), key=lambda x: -x[1])
    complex_functions = []
    upward: list[tuple[str, str]] = []
    in_functions = 0
    for path in paths:
        name = str(path.relative_to(root))
        text = texts[name]
        for block in cc_visit(text):
            if block.complexity > COMPLEXITY_LIMIT:
                complex_functions.append((name, block.name, block.complexity))
        app = _module_app(root, path)
        here = _layer_of(app)
        for module, inside in _imported_modules(ast.parse(text)):
            in_functions += inside
            parts = module.split(".")
            if len(parts) < 2:
                continue
            target = parts[1]
            there = _layer_of(target)
            if target == app or here is None or there is None:
                continue
            if there > here or (there == here and target != app):
                upward.append((name, module))
    blocks, repeated_lines = _repeated(texts)
    return Figures(
        files=len(paths),
        lines=sum(n for _, n in sizes),
        largest=sizes[:10],
        complex_functions=sorted(complex_functions, key=lambda x: -x[2]),
        repeated_blocks=blocks,
        repeated_lines=repeated_lines,
        upward_imports=sorted(upward),
        imports_in_functions=in_functions,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(Path(args.root))
    if args.json:
        print(json.dumps(asdict(figures), ensure_ascii=False, indent=1))
        return
    print(f"files {figures.files}, lines {figures.lines}")
    print("largest files:")
    for name, n in figures.largest:
        print(f"  {n:6d}  {name}")
    print(f"functions over complexity {COMPLEXITY_LIMIT}: {len(figures.complex_functions)}")
    for name, function, cc in figures.complex_functions:
        print(f"  {cc:4d}  {name}:{function}")
    print(
        f"repeated blocks of {WINDOW}+ lines: {figures.repeated_blocks} "
        f"({figures.repeated_lines} lines)"
    )
    print(f"imports that run up the layers: {len(figures.upward_imports)}")
    for name, module in figures.upward_imports:
        print(f"  {name} -> {module}")
    print(f"imports of OnePlan modules inside functions: {figures.imports_in_functions}")


if __name__ == "__main__":
    main()
