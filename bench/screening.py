"""Benchmark of the automatic screening: `.venv/bin/python -m bench.screening [N] [CSV]`.

On a throw-away SQLite database holding only the regimes and the projects' reference data,
builds N proposals (100,000 by default) in memory from the texts of the real Nakhon Sawan
local plan (titles, objectives, outputs, expected results; the strategy and tactic texts of
another row as the rationale), recycled with variations: a suffix on the title (phase,
fiscal year, district), mixed rows, random kinds of project, issue ranks, plan links, dates,
budgets and locations. The regime's rules are read once (`rules_for`), then every proposal
is screened. Prints proposals per second — cold (empty phrase cache, the 548 distinct
texts) and for the whole run — and the peak memory of building and screening everything
under tracemalloc (a second, slower run; results are counted, not kept).
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

REAL_DIR = Path(__file__).resolve().parents[1] / "oneplan/projects/data/real"
DEFAULT_CSV = REAL_DIR / "local_plan_nakhonsawan_2566_2570.csv"
DISTRICTS = [
    "เมืองนครสวรรค์",
    "โกรกพระ",
    "ชุมแสง",
    "หนองบัว",
    "บรรพตพิสัย",
    "เก้าเลี้ยว",
    "ตาคลี",
    "ท่าตะโก",
    "ไพศาลี",
    "พยุหะคีรี",
    "ลาดยาว",
    "ตากฟ้า",
    "แม่วงก์",
    "แม่เปิน",
    "ชุมตาบง",
]
SUFFIXES = ["", "", " ระยะที่ 2", " ปีงบประมาณ พ.ศ. 2570", " อำเภอ{district}", " (ต่อเนื่อง)"]
TAGS = [
    "community_economy",
    "creative_economy",
    "otop",
    "agri_value",
    "tourism_restoration",
    "road",
    "water",
    "equipment",
    "training",
    "vocational_training",
    "infrastructure",
]
LEVELS = ["province", "district", "subdistrict", "village"]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build_facts(rows: list[dict[str, str]], n: int, seed: int = 2570) -> list:
    from oneplan.projects.screening import ProposalFacts

    rng = random.Random(seed)
    facts = []
    for i in range(n):
        row = rows[i % len(rows)]
        other = rows[rng.randrange(len(rows))]
        suffix = rng.choice(SUFFIXES).format(district=rng.choice(DISTRICTS))
        start = date(2026, rng.randint(10, 12), rng.randint(1, 28))
        end = date(2028 if rng.random() < 0.1 else 2027, rng.randint(1, 9), rng.randint(1, 28))
        amount = Decimal(rng.randrange(50_000, 20_000_000, 10_000))
        lines = [(2570, rng.choice(["operating", "investment"]), amount)]
        if rng.random() < 0.3:
            lines.append((2570, "investment", Decimal(rng.randrange(100_000, 5_000_000, 10_000))))
        locations = rng.randint(0, 3)
        facts.append(
            ProposalFacts(
                title=row["project"] + suffix,
                rationale=f"{other['strategy_name']} {other['tactic_name']}",
                objectives=row["objective"],
                expected_outcomes=row["expected_result"],
                outputs=(row["target_output"],),
                tags=frozenset(rng.sample(TAGS, rng.randint(0, 2))),
                issue_priority=rng.choice([None, 1, 2, 3, 4, 5, 6]),
                has_strategy=rng.random() < 0.6,
                has_indicator=rng.random() < 0.5,
                has_stage=rng.random() < 0.3,
                start_date=start,
                end_date=end,
                budget_lines=tuple(lines),
                negative_impacts_analysed=rng.random() < 0.5,
                location_count=locations,
                location_levels=tuple(rng.choice(LEVELS) for _ in range(locations)),
                whole_area=locations == 0,
                proposer_kind=rng.choice(["agency", "district", "pao", "local", "consultation"]),
                funding_channel=rng.choice(["province"] * 8 + ["cluster", "function"]),
                fiscal_year_be=2570,
            )
        )
    return facts


def screen_all(facts: list, ruleset) -> Counter:
    from oneplan.projects.screening import screen

    verdicts: Counter = Counter()
    for f in facts:
        result = screen(f, ruleset)
        verdicts["eligible" if result.eligible else "not eligible"] += 1
        verdicts["aligned" if result.aligned else "not aligned"] += 1
    return verdicts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_CSV
    tmp = tempfile.mkdtemp(prefix="oneplan-bench-screening-")
    os.environ.setdefault("ONEPLAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from oneplan.cycles import reference as cycles_reference
    from oneplan.cycles.models import Regime
    from oneplan.projects import reference as projects_reference
    from oneplan.projects.screening import rules_for

    cycles_reference.load_all()
    projects_reference.load_all()
    rows = read_rows(path)

    start = time.perf_counter()
    ruleset = rules_for(Regime.objects.get(code="2566"))
    segmenter = ruleset.segmenter
    print(f"rules read and dictionary built: {time.perf_counter() - start:.2f} s")
    print(f"{len(ruleset.rules)} rules, {len(ruleset.criteria)} criteria, {len(rows)} real rows")

    cold = build_facts(rows, len(rows))
    start, cpu = time.perf_counter(), time.process_time()
    screen_all(cold, ruleset)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"cold ({len(cold)} distinct texts, empty phrase cache): "
        f"{len(cold) / elapsed:,.0f} proposals/s wall, {len(cold) / cpu:,.0f} per CPU second"
    )

    start = time.perf_counter()
    facts = build_facts(rows, n)
    built = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    verdicts = screen_all(facts, ruleset)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"built {n:,} proposals in {built:.2f} s")
    print(
        f"screened {n:,} proposals in {elapsed:.2f} s: {n / elapsed:,.0f} proposals/s wall "
        f"({elapsed / n * 1e6:.0f} µs each), {n / cpu:,.0f} per CPU second; "
        f"phrase cache {len(segmenter._cache):,} entries"
    )
    print("  " + ", ".join(f"{k} {v:,}" for k, v in sorted(verdicts.items())))

    del facts
    tracemalloc.start()
    start = time.perf_counter()
    facts = build_facts(rows, n, seed=2571)
    held, _ = tracemalloc.get_traced_memory()
    screen_all(facts, ruleset)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory building and screening {n:,} proposals (tracemalloc): "
        f"{peak / 2**20:,.1f} MiB, of which the proposals' facts {held / 2**20:,.1f} MiB "
        f"(run under tracemalloc: {time.perf_counter() - start:.1f} s)"
    )


if __name__ == "__main__":
    main()
