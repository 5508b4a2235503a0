"""Loading the alignment frameworks (national strategy, master plans, milestones)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from oneplan.areas.reference import LoadReport, read_csv, upsert
from oneplan.plans.models import AlignmentFramework, AlignmentTarget

DATA_DIR = Path(str(files("oneplan.plans").joinpath("data")))


def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = LoadReport()
    for spec in read_csv("frameworks.csv", DATA_DIR):
        framework, outcome = upsert(
            AlignmentFramework,
            {"code": spec["code"]},
            {
                "name_th": spec["name_th"],
                "name_en": spec["name_en"],
                "first_year_be": int(spec["first_year_be"]),
                "last_year_be": int(spec["last_year_be"]),
                "order": int(spec["order"]),
            },
        )
        report.add("alignment framework", outcome)
        for row in read_csv(spec["file"], DATA_DIR):
            _, outcome = upsert(
                AlignmentTarget,
                {"framework": framework, "number": int(row["no"])},
                {"name_th": row["name_th"], "name_en": row.get("name_en", "")},
            )
            report.add("alignment target", outcome)
    return report
