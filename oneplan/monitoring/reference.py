"""Loading the performance-agreement indicators of the source documents (seed 004,
indicator 3.6). Idempotent: an indicator is created once; afterwards it is the national
secretariat's."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from oneplan.areas.models import Area, AreaLevel
from oneplan.areas.reference import LoadReport, read_csv
from oneplan.cycles.models import Cycle
from oneplan.monitoring.models import PerformanceIndicator

DATA_DIR = Path(str(files("oneplan.monitoring").joinpath("data")))


def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = LoadReport()
    for row in read_csv("performance_indicators.csv", DATA_DIR):
        cycle = Cycle.objects.filter(fiscal_year_be=int(row["cycle"])).first()
        if cycle is None:
            report.add("performance indicator", "skipped (no cycle)")
            continue
        indicator, created = PerformanceIndicator.objects.get_or_create(
            cycle=cycle,
            code=row["code"],
            defaults={
                "title": row["title"],
                "weight": Decimal(row["weight"]),
                "applies_note": row["applies_note"],
                "levels": json.loads(row["levels"]) if row["levels"] else [],
                "thresholds": json.loads(row["thresholds"]) if row["thresholds"] else [],
            },
        )
        if created:
            names = {n.strip() for n in row["applies"].split(";") if n.strip()}
            indicator.applies_to.set(
                Area.objects.filter(level=AreaLevel.PROVINCE, name_th__in=names)
            )
        report.add("performance indicator", "created" if created else "unchanged")
    return report
