"""Loading the regimes and the fiscal-year cycles. Idempotent.

A regime's tunable numbers (envelope split, top priorities, grade thresholds, budget years
without a plan) are set when it is first loaded; afterwards they belong to the national
secretariat, and a reload keeps them. Its rules kept as JSON (disbursement targets, approval
chains, report periods, investment words) are filled from the file while the regime's own
are empty, and checked against the rules the apps declare (`oneplan.cycles.rules`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from oneplan.areas.models import ClusterRegime
from oneplan.areas.reference import LoadReport, read_csv, upsert
from oneplan.cycles import rules
from oneplan.cycles.models import Cycle, Phase, Regime

DATA_DIR = Path(str(files("oneplan.cycles").joinpath("data")))
TUNABLE = (
    "cluster_share_percent",
    "top_priorities",
    "grade_very_good",
    "grade_good",
    "grade_fair",
    "fallback_budget_years",
)
# Rules kept as JSON in the file: filled while the regime's own value is empty.
JSON_RULES = (
    "disbursement_targets",
    "edition_chain",
    "proposal_chain",
    "action_plan_chain",
    "report_periods",
    "investment_words",
    "funding_channels",
)


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "true", "1"}


def load_regimes(report: LoadReport) -> None:
    rows = read_csv("regimes.csv", DATA_DIR)
    # Clear the flag first so that the "one current regime" constraint holds mid-way.
    current = {r["code"] for r in rows if _yes(r["is_current"])}
    Regime.objects.filter(is_current=True).exclude(code__in=current).update(is_current=False)
    for row in rows:
        regime, outcome = upsert(
            Regime,
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
            regime.cluster_share_percent = Decimal(row["cluster_share_percent"])
            regime.top_priorities = int(row["top_priorities"])
            regime.grade_very_good = int(row["grade_very_good"])
            regime.grade_good = int(row["grade_good"])
            regime.grade_fair = int(row["grade_fair"])
            if row.get("fallback_budget_years"):
                regime.fallback_budget_years = int(row["fallback_budget_years"])
            regime.save(update_fields=list(TUNABLE))
        _fill_json_rules(regime, row)
        report.add("regime", outcome)


def _fill_json_rules(regime: Regime, row: dict[str, str]) -> None:
    """The file's JSON rules for those the regime has none of; refused when malformed."""
    empty = [name for name in JSON_RULES if not getattr(regime, name) and row.get(name)]
    if not empty:
        return
    for name in empty:
        try:
            setattr(regime, name, json.loads(row[name]))
        except json.JSONDecodeError as exc:
            raise ValueError(f"regimes.csv {row['code']} {name}: JSON ไม่ถูกต้อง ({exc})") from exc
    problems = {name: found for name, found in rules.problems_of(regime).items() if name in empty}
    if problems:
        raise ValueError(f"regimes.csv {row['code']}: {problems}")
    regime.save(update_fields=empty)


def load_cycles(report: LoadReport) -> None:
    regimes = {r.code: r for r in Regime.objects.all()}
    for row in read_csv("cycles.csv", DATA_DIR):
        _, created = Cycle.objects.get_or_create(
            fiscal_year_be=int(row["fiscal_year_be"]),
            defaults={"regime": regimes[row["regime"]]},
        )
        report.add("cycle", "created" if created else "unchanged")


def load_phases(report: LoadReport) -> None:
    """The calendar's phases per regime; names follow the file, the set may grow."""
    regimes = {r.code: r for r in Regime.objects.all()}
    for row in read_csv("phases.csv", DATA_DIR):
        regime = regimes.get(row["regime"])
        if regime is None:
            report.add("calendar phase", "skipped (no regime)")
            continue
        _, outcome = upsert(
            Phase,
            {"regime": regime, "code": row["code"]},
            {"name": row["name"], "name_th": row["name_th"], "order": int(row["order"])},
        )
        report.add("calendar phase", outcome)


def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = LoadReport()
    load_regimes(report)
    load_cycles(report)
    load_phases(report)
    return report
