"""Loading the committee types of each regime. Idempotent: a type is created with its rules
once; afterwards its rules belong to the national secretariat and a reload keeps them."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from oneplan.areas.reference import LoadReport, read_csv
from oneplan.committees.models import CommitteeType
from oneplan.cycles.models import Regime

DATA_DIR = Path(str(files("oneplan.committees").joinpath("data")))


def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = LoadReport()
    regimes = {r.code: r for r in Regime.objects.all()}
    for row in read_csv("committee_types.csv", DATA_DIR):
        regime = regimes.get(row["regime"])
        if regime is None:
            report.add("committee type", "skipped (no regime)")
            continue
        _, created = CommitteeType.objects.get_or_create(
            regime=regime,
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "short_name": row["short_name"],
                "level": row["level"],
                "term_years": int(row["term_years"]) if row["term_years"] else None,
                "rules": json.loads(row["rules"]) if row["rules"] else [],
                "order": int(row["order"]),
            },
        )
        report.add("committee type", "created" if created else "unchanged")
    return report
