"""Benchmark of the national dashboard: `.venv/bin/python -m bench.national_dashboard
[--projects N] [--years Y] [--months M]`.

On a throw-away SQLite database (migrate, reference data, the demo), fills national-scale
data with bulk SQL: for each of the 77 provinces and each of Y fiscal years (4 by default),
an action plan of N projects (2,000 by default), each allocated, with one disbursement row
per month (12) — by default 616,000 projects and 7.4 million transactions. Then serves
`/monitoring/<year>/national/` in the same process, warm, and compares its time with a bare
Django view served the same way (the ratio), and counts the database queries per page,
checking they do not grow with the data (the count at the full size equals the count with
the demo's few rows).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date


def fill(projects: int, years: list[int], months: int) -> tuple[int, int]:
    from django.db import connection, transaction
    from django.utils import timezone

    from oneplan.areas.models import Area
    from oneplan.cycles.models import Cycle

    provinces = list(Area.objects.provinces().exclude(code="TH").values_list("code", flat=True))
    now = timezone.now().isoformat()
    cycles = {c.fiscal_year_be: c.pk for c in Cycle.objects.filter(fiscal_year_be__in=years)}
    total_rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM projects_proposal")
        proposal_id = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM projects_actionplanitem")
        item_id = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM monitoring_allocation")
        allocation_id = cursor.fetchone()[0]
        for year in years:
            cycle = cycles[year]
            first = date(year - 543 - 1, 10, 1)
            for province in provinces:
                cursor.execute(
                    "SELECT id FROM projects_actionplan WHERE cycle_id = %s AND province_id = %s",
                    [cycle, province],
                )
                found = cursor.fetchone()  # the demo's plan of Rayong, when there is one
                if found:
                    plan = found[0]
                else:
                    cursor.execute(
                        "INSERT INTO projects_actionplan (level, title, status, created_at,"
                        " cycle_id, province_id) VALUES ('province', %s, 'draft', %s, %s, %s)",
                        [f"แผน {province} {year}", now, cycle, province],
                    )
                    plan = cursor.lastrowid
                cursor.execute(
                    "INSERT INTO monitoring_disbursementimport (file_name, imported_at, rows,"
                    " added, repeated, matched, unmatched, cycle_id, province_id)"
                    " VALUES ('bench.csv', %s, 0, 0, 0, 0, 0, %s, %s)",
                    [now, cycle, province],
                )
                source = cursor.lastrowid
                proposals, items, allocations, rows = [], [], [], []
                for n in range(projects):
                    proposal_id += 1
                    item_id += 1
                    allocation_id += 1
                    proposals.append(
                        (
                            proposal_id,
                            "province",
                            f"B{year}-{province}-{n}",
                            f"โครงการ {n}",
                            "",
                            "",
                            "",
                            "",
                            False,
                            "province",
                            "agency",
                            f"หน่วยงาน {n % 40}",
                            False,
                            True,
                            "approved",
                            now,
                            now,
                            province,
                            cycle,
                            province,
                        )
                    )
                    amount = 1_000_000 + (n % 50) * 10_000
                    items.append((item_id, n + 1, amount, True, plan, proposal_id, "{}"))
                    allocations.append(
                        (
                            allocation_id,
                            "operating",
                            amount,
                            f"{province}{n:05d}",
                            "",
                            "",
                            "",
                            now,
                            now,
                            cycle,
                            item_id,
                            province,
                            province,
                        )
                    )
                    for month in range(months):
                        day = date(
                            first.year + (first.month + month - 1) // 12,
                            (first.month + month - 1) % 12 + 1,
                            25,
                        )
                        rows.append(
                            (
                                f"{allocation_id}-{month}",
                                day.isoformat(),
                                "",
                                f"{province}{n:05d}",
                                "",
                                "",
                                0,
                                amount // 14,
                                cycle,
                                province,
                                source,
                                allocation_id,
                            )
                        )
                cursor.executemany(
                    "INSERT INTO projects_proposal (id, level, reference_code, title, rationale,"
                    " objectives, expected_outcomes, benefits, whole_area, funding_channel,"
                    " proposer_kind, responsible_agency, requests_budget_directly,"
                    " negative_impacts_analysed, status, created_at, updated_at, area_id,"
                    " cycle_id, province_id) VALUES"
                    " (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                    proposals,
                )
                cursor.executemany(
                    "INSERT INTO projects_actionplanitem (id, rank, amount, within_envelope,"
                    " action_plan_id, proposal_id, by_category) VALUES (%s,%s,%s,%s,%s,%s,%s)",
                    items,
                )
                cursor.executemany(
                    "INSERT INTO monitoring_allocation (id, category, amount, budget_code,"
                    " activity_code, notice, note, created_at, updated_at, cycle_id, item_id,"
                    " province_id, disbursing_province_id)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                    allocations,
                )
                cursor.executemany(
                    "INSERT INTO monitoring_transaction (row_key, document_date, document_no,"
                    " budget_code, activity_code, agency, commitment, disbursement, cycle_id,"
                    " province_id, source_id, allocation_id)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                    rows,
                )
                total_rows += len(rows)
    return len(provinces) * projects * len(years), total_rows


def measure(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: plan grades cached, templates compiled
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="oneplan-bench-")
    os.environ.setdefault("ONEPLAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench.bare_urls"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from oneplan.core.reference import load_reference
    from oneplan.demo.loader import load_demo
    from oneplan.orgs.models import User

    load_reference()
    load_demo()
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    url = "/monitoring/2569/national/"
    _small, queries_small = measure(client, url, 2)

    years = [2566, 2567, 2568, 2569][: args.years]
    started = time.perf_counter()
    projects, rows = fill(args.projects, years, args.months)
    print(f"database: sqlite ({tmp})")
    print(
        f"filled {projects:,} projects and {rows:,} monthly disbursement rows"
        f" ({args.projects:,} projects x 77 provinces x {len(years)} years) in"
        f" {time.perf_counter() - started:.0f} s"
    )
    page, queries = measure(client, url, args.runs)
    base, _ = measure(client, "/bench-bare/", args.runs)
    print(
        f"national dashboard: median {page * 1000:.0f} ms over {args.runs} views;"
        f" bare view {base * 1000:.2f} ms; ratio {page / base:,.0f}x"
    )
    print(f"queries per page: {queries} (with the demo's data alone: {queries_small})")
    if queries != queries_small:
        raise SystemExit("the number of queries grows with the data")


if __name__ == "__main__":
    main()
