"""Benchmark of the GFMIS disbursement import: `.venv/bin/python -m bench.disbursement_import
[--rows N]`.

Same set-up as the other benchmarks (a throw-away SQLite database, migrate, load_reference,
load_demo: Rayong's FY 2569 allocations). Generates a CSV export of N rows (1,000,000 by
default) over the fiscal year — nine in ten on the budget codes of Rayong's allocations, the
rest on codes no allocation has — then measures, each in a forked child so that its peak
memory is its own:

* the floor: merely decoding the file and reading every row with the csv module;
* the import (every row checked first, then written in batches; all new);
* the same file again (every row already imported: nothing added, nothing double counted).

Prints wall-clock time, rows per second, peak resident memory and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import tempfile
import time
from datetime import date, timedelta

from bench.proposal_import import in_child


def generate(rows: int, codes: list[str]) -> bytes:
    random.seed(2569)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["วันที่เอกสาร", "เลขที่เอกสาร", "รหัสงบประมาณ", "หน่วยงาน", "ยอดผูกพัน", "ยอดเบิกจ่าย"])
    first = date(2025, 10, 1)
    agencies = ["สำนักงานเกษตรจังหวัดระยอง", "สำนักงานโยธาธิการและผังเมืองจังหวัดระยอง", "อำเภอแกลง"]
    for number in range(rows):
        day = first + timedelta(days=number * 365 // rows)
        code = codes[number % len(codes)] if number % 10 else f"99{number % 997:05d}"
        writer.writerow(
            [
                f"{day.day:02d}/{day.month:02d}/{day.year + 543}",
                f"B{number:08d}",
                code,
                agencies[number % 3],
                "0" if number % 4 else f"{random.randint(1_000, 90_000):,}.00",
                f"{random.randint(100, 50_000):,}.{number % 100:02d}",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="oneplan-bench-")
    os.environ.setdefault("ONEPLAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    from oneplan.areas.models import Area
    from oneplan.core.reference import load_reference
    from oneplan.cycles.models import Cycle
    from oneplan.demo.loader import load_demo
    from oneplan.monitoring import services
    from oneplan.monitoring.models import Allocation, Transaction
    from oneplan.orgs.models import User

    load_reference(["20", "21", "24"])
    load_demo()
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    rayong = Area.objects.get(code="21")
    user = User.objects.get(username="rayong")
    codes = list(Allocation.objects.filter(cycle=cycle).values_list("budget_code", flat=True))
    Transaction.objects.filter(cycle=cycle).delete()
    started = time.perf_counter()
    data = generate(args.rows, codes)
    print(f"database: sqlite ({tmp})")
    print(
        f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s:"
        f" {len(data) / 1e6:.1f} MB"
    )

    def floor() -> dict:
        count = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig")))) - 1
        return {"rows": count}

    def run() -> dict:
        result = services.import_disbursements(user, rayong, cycle, data, "bench.csv")
        assert result.ok, result.errors[:3]
        return {
            "rows": result.rows,
            "added": result.added,
            "repeated": result.repeated,
            "matched": result.matched,
            "unmatched": result.unmatched,
        }

    base = in_child(floor)
    print(
        f"csv module (floor): {base['rows']:,} rows in {base['seconds']:.1f} s ="
        f" {base['rows'] / base['seconds']:,.0f} rows/s; peak {base['peak_mb']:.0f} MB"
    )
    for label in ("import, all new", "import again, every row already imported"):
        phase = in_child(run)
        print(
            f"{label}: {phase['rows']:,} rows in {phase['seconds']:.1f} s ="
            f" {phase['rows'] / phase['seconds']:,.0f} rows/s; peak {phase['peak_mb']:.0f} MB"
            f" (+{phase['growth_mb']:.0f} MB); {phase['seconds'] / base['seconds']:.1f}x the floor;"
            f" added {phase['added']:,}, repeated {phase['repeated']:,},"
            f" matched {phase['matched']:,}, to resolve {phase['unmatched']:,}"
        )
    total = services.total(Allocation.objects.filter(cycle=cycle))
    print(f"disbursed on the allocations: {total.disbursed:,} baht (counted once)")


if __name__ == "__main__":
    main()
