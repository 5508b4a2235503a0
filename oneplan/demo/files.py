"""Reading the demo's data files (`data/`, described in `data/README.md`)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(str(files("oneplan.demo").joinpath("data")))

# libyaml's loader when PyYAML was built with it (ten times faster); the same result.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(name: str) -> Any:
    """The content of one YAML data file, e.g. `read("plans/rayong.yaml")`."""
    with (DATA_DIR / name).open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_Loader)  # noqa: S506 - a safe loader
