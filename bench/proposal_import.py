"""Benchmark of the proposal import: `.venv/bin/python -m bench.proposal_import [--rows N]`.

Same set-up as `bench/__main__.py` (a throw-away SQLite database, migrate, load_reference,
load_demo). Generates an agency workbook of N rows (100,000 by default) from the real
titles, objectives, targets and budgets of the Nakhon Sawan ผ.02, then measures, each in a
forked child process so that its peak memory is its own:

* the floor: merely reading every row of the same file with openpyxl in read-only mode;
* the import into Rayong's FY 2570 proposals (all rows new: the bulk path);
* the same file imported again (every row unchanged: nothing written).

Prints wall-clock time, rows per second, the peak resident memory of each phase (VmHWM,
and its growth over the process's memory when the phase started) and the ratio of each
phase's time to the floor's.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REAL_DIR = Path(__file__).resolve().parents[1] / "oneplan/projects/data/real"
REAL_CSV = REAL_DIR / "local_plan_nakhonsawan_2566_2570.csv"
YEARS = (2566, 2567, 2568, 2569, 2570)


def memory_mb() -> dict[str, float]:
    """This process's resident memory now (VmRSS) and at its peak (VmHWM), in MB (Linux)."""
    found: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":")
                    found[key] = int(value.split()[0]) / 1024
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        found = {"VmRSS": peak, "VmHWM": peak}
    return found


def in_child(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `work` in a forked process; its result with elapsed seconds and peak memory.

    A forked child starts with its peak (VmHWM) reset to what it has resident, so the peak
    it reports belongs to this phase alone.
    """
    from django.db import connections

    connections.close_all()  # the child opens its own SQLite connection
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def run() -> None:
        start_rss = memory_mb()["VmRSS"]
        started = time.perf_counter()
        result = work()
        result["seconds"] = time.perf_counter() - started
        result["peak_mb"] = memory_mb()["VmHWM"]
        result["growth_mb"] = result["peak_mb"] - start_rss
        queue.put(result)

    process = context.Process(target=run)
    process.start()
    result = queue.get()
    process.join()
    if process.exitcode:
        raise SystemExit(f"benchmark phase failed (exit code {process.exitcode})")
    return result


def real_rows() -> list[dict[str, str]]:
    with REAL_CSV.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["project"].strip()]


def generate(rows: int, headers: list[str]) -> bytes:
    """An agency workbook of `rows` rows recycling the real ผ.02 texts (write-only mode)."""
    from openpyxl import Workbook

    from oneplan.projects.excel import CATEGORY_LABELS, FUNDING_LABELS

    real = real_rows()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("โครงการ")
    sheet.append(headers)
    position = {header: index for index, header in enumerate(headers)}
    categories = [CATEGORY_LABELS["operating"], CATEGORY_LABELS["investment"]]
    for number in range(rows):
        source = real[number % len(real)]
        values: list[Any] = [None] * len(headers)

        def put(header: str, value: Any, values: list[Any] = values) -> None:
            values[position[header]] = value

        put("รหัสอ้างอิง", f"BN-{number + 1:06d}")
        put("ชื่อโครงการ", source["project"])
        put("ประเด็นยุทธศาสตร์", number % 4 + 1)
        put("วัตถุประสงค์", source["objective"])
        put("เป้าหมาย (ผลผลิต)", source["target_output"])
        put("ตัวชี้วัด", source["indicator"])
        put("ผลลัพธ์ที่คาดว่าจะได้รับ", source["expected_result"])
        put("พื้นที่ดำเนินการ", "ทั้งจังหวัด" if number % 3 == 0 else "เมืองระยอง, บ้านฉาง")
        put("แหล่งงบประมาณ", FUNDING_LABELS["province"])
        put("หมวดงบประมาณ", categories[number % 2])
        for year in YEARS:
            amount = source[f"budget_{year}"]
            if amount:  # half typed as text with separators, half as numbers
                put(f"งบประมาณ {year}", f"{int(amount):,}" if number % 2 else int(amount))
        put("หน่วยงานรับผิดชอบ", source["responsible_unit"])
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="oneplan-bench-")
    os.environ.setdefault("ONEPLAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # as in production: no log of every query kept in memory

    call_command("migrate", verbosity=0)
    from auditlog.models import LogEntry
    from openpyxl import load_workbook

    from oneplan.areas.models import Area
    from oneplan.core.reference import load_reference
    from oneplan.cycles.models import Cycle
    from oneplan.demo.loader import load_demo
    from oneplan.orgs.models import User
    from oneplan.projects import excel
    from oneplan.projects.models import Proposal

    load_reference()
    load_demo()
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    rayong = Area.objects.get(code="21")
    user = User.objects.get(username="rayong")
    template = load_workbook(io.BytesIO(excel.build_template("agency", cycle, rayong)))
    headers = [cell.value for cell in template.worksheets[0][1]]

    started = time.perf_counter()
    data = generate(args.rows, headers)
    print(f"database: {django.db.connection.vendor} ({Path(tmp)})")
    print(
        f"generated {args.rows:,} agency rows in {time.perf_counter() - started:.1f} s:"
        f" {len(data) / 1e6:.1f} MB"
    )
    # Let a file this size through (the limits are settings.ONEPLAN_IMPORT_LIMITS).
    from django.conf import settings

    limits = settings.ONEPLAN_IMPORT_LIMITS[excel.LIMITS]
    limits["file_bytes"] = max(limits["file_bytes"], len(data) + 1)
    limits["rows"] = max(limits["rows"], args.rows)
    limits["scanned_rows"] = max(limits["scanned_rows"], args.rows + 100)

    def floor() -> dict[str, Any]:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return {"rows": count - 1}

    def importing() -> dict[str, Any]:
        before = LogEntry.objects.count()
        result = excel.import_proposals(user, cycle, "agency", data, owner=rayong)
        assert result.ok, [str(p) for p in result.errors[:5]]
        return {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "bulk": result.bulk,
            "log_entries": LogEntry.objects.count() - before,
        }

    phases = [("read-only openpyxl (floor)", floor)]
    phases += [("import, all new", importing), ("import again, unchanged", importing)]
    floor_seconds = None
    for name, work in phases:
        result = in_child(work)
        seconds = result["seconds"]
        floor_seconds = floor_seconds or seconds
        counts = ", ".join(
            f"{key} {result[key]:,}"
            for key in ("created", "updated", "unchanged", "log_entries")
            if key in result
        )
        print(
            f"{name}: {result['rows']:,} rows in {seconds:.1f} s"
            f" = {result['rows'] / seconds:,.0f} rows/s; peak {result['peak_mb']:.0f} MB"
            f" (+{result['growth_mb']:.0f} MB); {seconds / floor_seconds:.1f}× the floor"
            + (f"; {counts}" if counts else "")
        )
    print(f"proposals in the database: {Proposal.objects.count():,}")


if __name__ == "__main__":
    main()
