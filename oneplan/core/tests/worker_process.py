"""A real worker in a process of its own, for test_jobs.py (not a test module itself).

    python -m oneplan.core.tests.worker_process setup|work|sweep

run with DATABASE_URL and ONEPLAN_VAR_DIR naming a scratch folder. It registers the
document kind "test.slow", whose first attempt takes two minutes (time to kill the worker)
and whose later attempts are made at once.

- ``setup``: migrate the scratch database, queue one "test.slow" job, print its id;
- ``work``: the project's ``db_worker`` command (heartbeat and sweep included);
- ``sweep``: sweep stale jobs once, print how many and whether a worker is alive.
"""

from __future__ import annotations

import sys
import time

import django


def slow(job, progress) -> tuple[bytes, str, str]:
    from oneplan.core.models import Job

    if Job.objects.get(pk=job.pk).attempts < 2:  # counted as this attempt started
        progress(10, "กำลังจัดทำ")
        time.sleep(120)
    return b"made", "slow.txt", "text/plain"


def main(command: str) -> None:
    django.setup()
    from django.core.management import call_command

    from oneplan.core import jobs
    from oneplan.documents.registry import register_renderer
    from oneplan.documents.tasks import start_job

    register_renderer("test.slow", slow)
    if command == "setup":
        call_command("migrate", verbosity=0)
        print(start_job(None, "test.slow", {}, subject_label="ช้า").pk)
    elif command == "work":
        call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
    elif command == "sweep":
        swept = jobs.sweep_stale_jobs()
        print(f"swept {swept}, worker alive: {jobs.worker_alive()}")
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1])
