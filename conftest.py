"""The repository stands alone: no test may read a file beside the clone.

In the workspace the repository sits next to `shared/` (the domain notes, reference data
and the real ผ.02 rows). A test that reads from there passes here and fails in a clone on
its own, so every `open` of a path in the clone's parent folder but outside the clone (and
outside the temporary folder) is recorded by an audit hook, and the session fails, naming
the test and the file. Files a test needs are copied into the repository with their source
noted (e.g. `oneplan/projects/data/real/`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent
_BESIDE = str(REPOSITORY.parent) + os.sep
_INSIDE = str(REPOSITORY) + os.sep
_TEMP = str(Path(tempfile.gettempdir()).resolve()) + os.sep

_current_test = ["(collection)"]
_outside_reads: list[tuple[str, str]] = []


def _outside_repository(path: str) -> bool:
    full = os.path.realpath(path) + os.sep
    return full.startswith(_BESIDE) and not full.startswith((_INSIDE, _TEMP))


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not args or not isinstance(args[0], str | bytes | os.PathLike):
        return
    path = os.fsdecode(args[0])
    if path.startswith(_BESIDE) or not os.path.isabs(path):
        if _outside_repository(path):
            _outside_reads.append((_current_test[0], path))


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def _reads_only_the_repository(request: pytest.FixtureRequest):
    """Fail the test that read a file beside the clone, naming the file."""
    _current_test[0] = request.node.nodeid
    before = len(_outside_reads)
    yield
    mine = [path for test, path in _outside_reads[before:] if test == request.node.nodeid]
    _current_test[0] = "(between tests)"
    if mine:
        pytest.fail(
            "read outside the repository (copy the file in, with its source noted): "
            + ", ".join(sorted(set(mine))),
            pytrace=False,
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _outside_reads:
        return
    lines = sorted({f"  {test}: {path}" for test, path in _outside_reads})
    sys.stderr.write(
        "\nTests read files outside the repository (copy them in, with their source noted):\n"
        + "\n".join(lines)
        + "\n"
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
