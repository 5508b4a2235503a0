"""Benchmarks: `make bench` (or `.venv/bin/python -m bench`).

Runs against a throw-away SQLite database (or DATABASE_URL if set to a scratch database)
and prints wall-clock figures: the first and the repeated reference load, area search,
and the permission policy's queryset restriction.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path


def timed(fn, repeat: int = 1) -> list[float]:
    results = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        results.append(time.perf_counter() - start)
    return results


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="oneplan-bench-")
    os.environ.setdefault("ONEPLAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from oneplan.areas.services import search_areas
    from oneplan.core.reference import load_reference
    from oneplan.demo.loader import load_demo
    from oneplan.orgs.models import Organisation, User
    from oneplan.orgs.policy import restrict

    first = timed(load_reference)[0]
    again = timed(load_reference, repeat=3)
    load_demo()
    print(f"database: {django.db.connection.vendor} ({Path(tmp)})")
    print(f"load-reference, empty database: {first:.2f} s")
    print(f"load-reference, no change (median of 3): {statistics.median(again):.2f} s")

    queries = ["ระยอง", "rayong", "เมือง", "บ้าน", "ท่า", "chang", "นคร", "หนอง", "๒๑", "เกาะ"]
    per_query = timed(lambda: [search_areas(q) for q in queries], repeat=5)
    per_query_ms = statistics.median(per_query) / len(queries) * 1000
    print(f"area search: {per_query_ms:.1f} ms per query (median)")

    users = list(User.objects.all())
    runs = timed(lambda: [list(restrict(Organisation.objects.all(), u)) for u in users], repeat=5)
    print(f"policy restrict + fetch: {statistics.median(runs) / len(users) * 1000:.2f} ms per user")


if __name__ == "__main__":
    main()
