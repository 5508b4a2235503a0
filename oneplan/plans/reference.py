"""Loading the plans' reference data: alignment frameworks and targets, issue categories,
plan regimes and their plan-check rules. All idempotent (DOMAIN.md §9: rules are data).

A rule the national secretariat has tuned (weight, severity, parameters, switched off) is
not overwritten by a reload: rules are created when missing and otherwise left alone; so
are a regime's grade thresholds.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from oneplan.areas.models import ClusterRegime
from oneplan.areas.reference import LoadReport, read_csv, upsert
from oneplan.plans.models import (
    AlignmentFramework,
    AlignmentTarget,
    CheckRule,
    IssueCategory,
    PlanRegime,
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


def load_regimes(report: LoadReport) -> None:
    rows = read_csv("plan_regimes.csv", DATA_DIR)
    # Clear the flag first so that the "one current regime" constraint holds mid-way.
    current = {r["code"] for r in rows if _yes(r["is_current"])}
    PlanRegime.objects.filter(is_current=True).exclude(code__in=current).update(is_current=False)
    for row in rows:
        # Grade thresholds are set when a regime is first loaded; afterwards they belong to
        # the national secretariat (admin), and a reload never overwrites them.
        regime, outcome = upsert(
            PlanRegime,
            {"code": row["code"]},
            {
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "span_years": int(row["span_years"]),
                "cluster_regime": ClusterRegime.objects.filter(code=row["cluster_regime"]).first(),
                "provincial_committee": row["provincial_committee"],
                "cluster_committee": row["cluster_committee"],
                "national_body": row["national_body"],
                "is_current": _yes(row["is_current"]),
                "order": int(row["order"]),
            },
        )
        if outcome == "created":
            regime.grade_very_good = int(row["grade_very_good"])
            regime.grade_good = int(row["grade_good"])
            regime.grade_fair = int(row["grade_fair"])
            regime.save(update_fields=["grade_very_good", "grade_good", "grade_fair"])
        report.add("plan regime", outcome)
        codes = [c for c in row["frameworks"].split(";") if c]
        wanted = set(AlignmentFramework.objects.filter(code__in=codes).values_list("pk", flat=True))
        if set(regime.frameworks.values_list("pk", flat=True)) != wanted:
            regime.frameworks.set(wanted)
            if outcome == "unchanged":
                report.add("plan regime", "updated")


def load_rules(report: LoadReport) -> None:
    regimes = {r.code: r for r in PlanRegime.objects.all()}
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
    load_regimes(report)
    load_rules(report)
    return report
