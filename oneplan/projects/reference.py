"""Loading the project pipeline's reference data: kinds of project, the eligibility rules and
the screening criteria of each regime (DOMAIN.md §4, §9). Idempotent.

Kinds of project are upserted (their names follow the file). Rules and criteria are created
when missing and otherwise left alone: terms, exceptions, parameters, weights and the "in use"
switch belong to the national secretariat once loaded, and a reload keeps its tuning.
Regimes are loaded by `oneplan.cycles.reference` (an app loaded before this one); a row for a
regime that does not exist is skipped and counted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

from django.db import transaction

from oneplan.areas.reference import LoadReport, read_csv, upsert
from oneplan.cycles.models import Regime
from oneplan.projects.models import (
    Criterion,
    EligibilityRule,
    LexiconEntry,
    LexiconKind,
    ProjectTag,
)

DATA_DIR = Path(str(files("oneplan.projects").joinpath("data")))


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "true", "1"}


def _json(value: str, default: Any, where: str) -> Any:
    if not value:
        return default
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: JSON ไม่ถูกต้อง ({exc})") from exc
    if not isinstance(parsed, type(default)):
        raise ValueError(f"{where}: ต้องเป็น {type(default).__name__}")
    return parsed


def load_tags(report: LoadReport) -> None:
    for row in read_csv("project_tags.csv", DATA_DIR):
        _, outcome = upsert(
            ProjectTag,
            {"code": row["code"]},
            {"name_th": row["name_th"], "name_en": row["name_en"], "order": int(row["order"])},
        )
        report.add("kind of project", outcome)


def load_lexicon(report: LoadReport) -> None:
    """The packaged lexicon rows; a row the secretariat changed in the admin is kept."""
    for row in read_csv("lexicon.csv", DATA_DIR):
        if row["kind"] not in LexiconKind.values:
            raise ValueError(f"lexicon.csv {row['term']}: ไม่รู้จักชนิด {row['kind']}")
        _, created = LexiconEntry.objects.get_or_create(
            kind=row["kind"],
            term=row["term"],
            defaults={"canonical": row["canonical"], "note": row.get("note", "")},
        )
        report.add("lexicon word", "created" if created else "unchanged")


def load_rules(report: LoadReport) -> None:
    regimes = {r.code: r for r in Regime.objects.all()}
    for row in read_csv("eligibility_rules.csv", DATA_DIR):
        where = f"eligibility_rules.csv {row['code']}"
        defaults = {
            "title_th": row["title_th"],
            "terms": _json(row["terms"], [], where),
            "exceptions": _json(row["exceptions"], [], where),
            "tags": _json(row["tags"], [], where),
            "params": _json(row["params"], {}, where),
            "enabled": _yes(row["enabled"]),
            "source": row["source"],
            "order": int(row["order"]),
        }
        for code in filter(None, row["regimes"].split(";")):
            regime = regimes.get(code)
            if regime is None:
                report.add("eligibility rule", "skipped (no regime)")
                continue
            _, created = EligibilityRule.objects.get_or_create(
                regime=regime, code=row["code"], defaults=defaults
            )
            report.add("eligibility rule", "created" if created else "unchanged")


def load_criteria(report: LoadReport) -> None:
    rows = read_csv("criteria.csv", DATA_DIR)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row["regime"]] += Decimal(row["weight"])
    wrong = {code: total for code, total in totals.items() if total != 100}
    if wrong:
        raise ValueError(f"criteria.csv: น้ำหนักของเกณฑ์รวมกันต้องเท่ากับ 100 ({wrong})")
    regimes = {r.code: r for r in Regime.objects.all()}
    for row in rows:
        regime = regimes.get(row["regime"])
        if regime is None:
            report.add("screening criterion", "skipped (no regime)")
            continue
        _, created = Criterion.objects.get_or_create(
            regime=regime,
            code=row["code"],
            defaults={
                "title_th": row["title_th"],
                "weight": Decimal(row["weight"]),
                "max_score": int(row["max_score"]),
                "automatic": _yes(row["automatic"]),
                "params": _json(row.get("params", ""), {}, f"criteria.csv {row['code']}"),
                "order": int(row["order"]),
            },
        )
        report.add("screening criterion", "created" if created else "unchanged")


@transaction.atomic
def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = LoadReport()
    load_tags(report)
    load_lexicon(report)
    load_rules(report)
    load_criteria(report)
    return report
