"""Loading the plans' reference data: alignment frameworks and targets, issue categories,
plan regimes and their plan-check rules. All idempotent (DOMAIN.md §9: rules are data).

A rule the national secretariat has tuned (weight, severity, parameters, switched off) is
not overwritten by a reload: rules are created when missing and otherwise left alone.
Regimes themselves are loaded by `oneplan.cycles.reference` (an app loaded before this one).
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from oneplan.areas.reference import LoadReport, read_csv, upsert
from oneplan.cycles.models import Regime
from oneplan.plans.models import (
    AlignmentFramework,
    AlignmentTarget,
    CheckRule,
    IssueCategory,
)

DATA_DIR = Path(str(files("oneplan.plans").joinpath("data")))


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "true", "1"}


def load_frameworks(report: LoadReport) -> None:
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
        codes = [c for c in spec.get("regimes", "").split(";") if c]
        wanted = set(Regime.objects.filter(code__in=codes).values_list("pk", flat=True))
        # Only added: a regime the secretariat linked (a copy, `cycles.regime_copy`) stays.
        missing = wanted - set(framework.regimes.values_list("pk", flat=True))
        if missing:
            framework.regimes.add(*missing)
            if outcome == "unchanged":
                report.add("alignment framework", "updated")
        for row in read_csv(spec["file"], DATA_DIR):
            _, outcome = upsert(
                AlignmentTarget,
                {"framework": framework, "number": int(row["no"])},
                {"name_th": row["name_th"], "name_en": row.get("name_en", "")},
            )
            report.add("alignment target", outcome)


def load_categories(report: LoadReport) -> None:
    for row in read_csv("issue_categories.csv", DATA_DIR):
        _, outcome = upsert(
            IssueCategory,
            {"code": row["code"]},
            {"name_th": row["name_th"], "name_en": row["name_en"], "order": int(row["order"])},
        )
        report.add("issue category", outcome)


def load_rules(report: LoadReport) -> None:
    regimes = {r.code: r for r in Regime.objects.all()}
    for row in read_csv("check_rules.csv", DATA_DIR):
        for code in row["regimes"].split(";"):
            regime = regimes[code]
            _, created = CheckRule.objects.get_or_create(
                regime=regime,
                code=row["code"],
                defaults={
                    "title_th": row["title_th"],
                    "severity": row["severity"],
                    "weight": int(row["weight"]),
                    "enabled": _yes(row["enabled"]),
                    "params": json.loads(row["params"] or "{}"),
                    "source": row["source"],
                    "order": int(row["order"]),
                },
            )
            report.add("plan-check rule", "created" if created else "unchanged")


def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = LoadReport()
    load_frameworks(report)
    load_categories(report)
    load_rules(report)
    return report
