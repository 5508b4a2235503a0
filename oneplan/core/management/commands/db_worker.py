"""`oneplan db_worker`: django-tasks-db's worker, which also says it is alive.

Same options and behaviour as django-tasks-db's command (this app comes first in
INSTALLED_APPS, so this one is found), plus, in the process that runs the tasks: a heartbeat
in the shared cache, so a page can tell that no worker is running, and the sweep of jobs
whose worker died, at start and then once per lease (`oneplan.core.jobs`).
"""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from oneplan.core import jobs


class Command(db_worker.Command):
    help = "Run a background worker (django-tasks-db) with OnePlan's heartbeat and job sweep"

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the tasks run in a child process; only that one beats.
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)
            return
        with jobs.worker_heartbeat():  # until the worker exits (--batch, --max-tasks)
            super().handle(*args, **options)
