"""Background jobs whose worker stopped: heartbeats, the lease and the sweep.

Two job models run in the worker (`documents.DocumentJob`, `projects.ImportJob`); both have
``status`` (documents.models.JobStatus), ``heartbeat_at``, ``created_at`` and
``requested_by``, and register here with what to do when their worker is gone.

- A task records ``heartbeat_at`` on its job row when it starts running (before any
  transaction of its own), then runs inside `keep_alive()`: a thread that beats in the
  shared cache every lease/6 seconds. The cache, not the row: an import's transaction would
  hide a row written inside it (and on SQLite would block the write). A ``kill -9`` of the
  worker stops the beats with the process.
- A running job whose last beat (the row's or the cache's, whichever is later) is older
  than ``ONEPLAN_JOB_LEASE_SECONDS`` has lost its worker. `sweep_stale_jobs()` hands it to
  its model's handler once (the handlers update the row only if it is still running with the
  heartbeat they saw, so two sweepers never both act). The sweep runs when a job page or an
  import form is viewed (that user's jobs: two small queries), and in every worker at start
  and then once per lease (all jobs).
- The worker (`oneplan db_worker`, core/management/commands/db_worker.py) beats too, so a
  page can say that a queued job waits because no worker is running
  (`waiting_notice()`). Such a job stays queued: nothing is lost, and a worker that starts
  later makes it.

The cache must be shared by the app processes and the workers (the file cache in var/cache on
one machine, Redis across machines — docs/deploy.md), as the import's progress already needs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models
from django.utils import timezone

from oneplan.documents.models import JobStatus

logger = logging.getLogger(__name__)

WORKER_KEY = "oneplan:worker-heartbeat"
MESSAGE_NO_WORKER = (
    "ขณะนี้ไม่มีตัวประมวลผลเบื้องหลังทำงานอยู่ งานนี้จะเริ่มเมื่อตัวประมวลผลกลับมาทำงาน หากรอนานโปรดแจ้งผู้ดูแลระบบ"
)


@dataclass(frozen=True)
class JobKind:
    model: type[models.Model]
    # Called with a job found stale; returns whether it acted (False: someone else did).
    on_stale: Callable[[Any], bool]


_KINDS: dict[str, JobKind] = {}


def register(model: type[models.Model], on_stale: Callable[[Any], bool]) -> None:
    """Let `sweep_stale_jobs()` look after a job model (from its app's ``ready()``)."""
    _KINDS[model._meta.label_lower] = JobKind(model, on_stale)


def lease_seconds() -> int:
    return max(1, int(settings.ONEPLAN_JOB_LEASE_SECONDS))


def beat_interval() -> float:
    """Seconds between two beats: six chances to beat within one lease."""
    return max(0.5, lease_seconds() / 6)


def heartbeat_key(model: type[models.Model], pk: Any) -> str:
    return f"oneplan:job-heartbeat:{model._meta.label_lower}:{pk}"


def beat(model: type[models.Model], pk: Any) -> None:
    cache.set(heartbeat_key(model, pk), time.time(), 2 * lease_seconds())


def _try(action: Callable[[], Any], what: str) -> None:
    """A failed beat or sweep must not end a job or a worker: the next one may pass."""
    try:
        action()
    except Exception:
        logger.warning("%s failed", what, exc_info=True)


@contextmanager
def keep_alive(model: type[models.Model], pk: Any) -> Iterator[None]:
    """Beat for a job now and every `beat_interval()` seconds until the block ends.

    A daemon thread that only touches the cache: the beats stop with the process."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(beat_interval()):
            _try(lambda: beat(model, pk), f"heartbeat of job {pk}")

    _try(lambda: beat(model, pk), f"heartbeat of job {pk}")
    thread = threading.Thread(target=run, name=f"oneplan-heartbeat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        _try(lambda: cache.delete(heartbeat_key(model, pk)), f"heartbeat of job {pk}")


def last_beat(job: Any) -> datetime:
    """When the job's worker last showed it was alive (the row's start or the cache's beat)."""
    at = job.heartbeat_at or job.created_at
    beaten = cache.get(heartbeat_key(type(job), job.pk))
    if beaten is not None:
        at = max(at, datetime.fromtimestamp(float(beaten), tz=UTC))
    return at


def is_stale(job: Any, now: datetime | None = None) -> bool:
    """A running job whose worker has not beaten for longer than the lease."""
    if job.status != JobStatus.RUNNING:
        return False
    now = now or timezone.now()
    return now - last_beat(job) > timedelta(seconds=lease_seconds())


def stale_jobs(model: type[models.Model], **filters: Any) -> list[Any]:
    """The model's stale jobs (among those matching ``filters``): one query, then the cache
    for the few running jobs started longer than a lease ago."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=lease_seconds())
    started_long_ago = models.Q(heartbeat_at__lt=cutoff) | models.Q(
        heartbeat_at__isnull=True, created_at__lt=cutoff
    )
    candidates = model._default_manager.filter(
        started_long_ago, status=JobStatus.RUNNING, **filters
    )
    return [job for job in candidates if is_stale(job, now)]


def sweep_stale_jobs(user: Any = None) -> int:
    """Hand every stale job (of one user, if given) to its model's handler; how many were."""
    swept = 0
    for kind in _KINDS.values():
        filters = {"requested_by": user} if user is not None else {}
        for job in stale_jobs(kind.model, **filters):
            logger.warning("job %s (%s) lost its worker", job.pk, kind.model._meta.label)
            if kind.on_stale(job):
                swept += 1
    return swept


# --- The worker's own heartbeat.


def worker_beat() -> None:
    cache.set(WORKER_KEY, time.time(), 2 * lease_seconds())


def worker_alive() -> bool:
    """Has any worker beaten within the lease?"""
    beaten = cache.get(WORKER_KEY)
    return beaten is not None and time.time() - float(beaten) <= lease_seconds()


def waiting_notice(job: Any) -> str:
    """The Thai notice for a queued job that no worker will pick up, else ""."""
    if job.status == JobStatus.QUEUED and not worker_alive():
        return MESSAGE_NO_WORKER
    return ""


@contextmanager
def worker_heartbeat() -> Iterator[None]:
    """Around a worker's loop: beat now and every `beat_interval()` seconds, sweep stale jobs
    now and then once per lease (a daemon thread, which dies with the worker)."""
    stop = threading.Event()

    def sweep() -> None:  # may fail, e.g. SQLite locked by the running import: next time
        _try(sweep_stale_jobs, "sweep of stale jobs")

    def run() -> None:
        last_sweep = time.monotonic()
        while not stop.wait(beat_interval()):
            _try(worker_beat, "worker heartbeat")
            if time.monotonic() - last_sweep >= lease_seconds():
                last_sweep = time.monotonic()
                sweep()
                connections.close_all()  # this thread's connections only

    _try(worker_beat, "worker heartbeat")
    sweep()
    thread = threading.Thread(target=run, name="oneplan-worker-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
