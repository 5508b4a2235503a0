"""Long work in the background: one job model (`oneplan.core.models.Job`), one task that runs
every kind, progress, and the lease that notices a job whose worker died.

- **Kinds.** An app registers a `Handler` for a kind at start-up (its ``ready()``): an exact
  kind ("import:gfmis") or a whole family ("document:", every document kind). The handler's
  ``run(job, progress)`` does the work and returns an `Outcome` (a message, a result to
  keep, a file made); it raises `JobError` with a message fit to show the user, and any
  other exception is logged and shown as the kind's generic failure. `start()` records a
  job and enqueues `run_job` (django-tasks: the immediate backend in tests runs it before
  `start()` returns; the database backend in production, run by ``oneplan db_worker``).
- **Progress.** `report()` is the one way a running job says how far it is: in the shared
  cache, not the row, since an import's transaction would hide a row written inside it (and
  on SQLite block the write). `progress_of()` reads it back for the job page.
- **The lease.** `run()` records ``heartbeat_at`` on the row when it starts (before any
  transaction of the handler's), then runs inside `keep_alive()`: a thread that beats in the
  cache every lease/6 seconds. A ``kill -9`` of the worker stops the beats with the process.
  A running job whose last beat (the row's or the cache's, whichever is later) is older than
  ``ONEPLAN_JOB_LEASE_SECONDS`` has lost its worker: `sweep_stale_jobs()` queues it again
  while its kind allows more attempts, else fails it with the kind's message (and
  deletes the upload it was reading). Each update is conditional on the row still running
  with the heartbeat seen, so two sweepers never both act. The sweep runs when a job page or
  an upload form is viewed (that user's jobs: one small query), and in every worker at start
  and then once per lease (all jobs).
- **The worker** (`oneplan db_worker`, core/management/commands/db_worker.py) beats too, so
  a page can say that a queued job waits because no worker is running (`waiting_notice()`).
  Such a job stays queued: nothing is lost, and a worker that starts later runs it.

The cache must be shared by the app processes and the workers (the file cache in var/cache on
one machine, Redis across machines — docs/deploy.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any, TypeAlias

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connections, models
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from oneplan.core.models import UNFINISHED_STATUSES, Job, JobStatus

logger = logging.getLogger(__name__)

WORKER_KEY = "oneplan:worker-heartbeat"
MESSAGE_NO_WORKER = gettext_lazy(
    "No background worker is running at the moment. This job will start when the worker"
    " is back; if you wait long, please tell the system administrator."
)
MAX_MESSAGE = 500
PROGRESS_TTL = 6 * 60 * 60  # seconds a progress report is kept

Progress: TypeAlias = Callable[[int, str], None]


class JobError(Exception):
    """A failure whose message (translated) is fit to show the user."""


@dataclass(frozen=True)
class Outcome:
    """What a finished job keeps: its message, a result (JSON) and a file it made."""

    message: str
    result: dict[str, Any] | None = None
    content: bytes | None = None
    filename: str = ""
    content_type: str = ""


@dataclass(frozen=True)
class Texts:
    """A kind's messages; ``{job_id}`` is filled in where it appears."""

    queued: str
    started: str
    error: str  # an unexpected failure (the details go to the log)
    not_queued: str  # the queue refused the job
    requeued: str  # its worker died, and it is queued again
    worker_lost: str  # its worker died, and it is given up


@dataclass(frozen=True)
class Handler:
    """How to run a kind of job, and what to do when its worker dies."""

    run: Callable[[Job, Progress], Outcome]
    texts: Texts
    # Runs a job gets: a job whose worker died with attempts left is queued again.
    max_attempts: int = 1
    # The job's file is its input (an upload), deleted once run or given up.
    consumes_file: bool = False
    # The job page: its heading, a template showing ``result`` and more context for it.
    title: str = ""
    result_template: str = ""
    context: Callable[[Job], dict[str, Any]] | None = None
    # Its messages (progress, problems, the last word) are in the language of the user who
    # asked (an import), rather than the site's (a document in the official Thai layout).
    speaks_user_language: bool = False


_HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    """Make `handler` run jobs of `kind`: one kind ("import:gfmis"), or a family of kinds
    when it ends with a colon ("document:"). The last registration wins."""
    _HANDLERS[kind] = handler


def handler_for(kind: str) -> Handler:
    """The handler of a kind (its own, else its family's); LookupError if none."""
    family = kind.partition(":")[0] + ":"
    handler = _HANDLERS.get(kind) or _HANDLERS.get(family)
    if handler is None:
        raise LookupError(kind)
    return handler


def is_registered(kind: str) -> bool:
    try:
        handler_for(kind)
    except LookupError:
        return False
    return True


# --- Starting, running and finishing a job.


def start(
    user: Any,
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    area: Any = None,
    cluster: Any = None,
    subject_label: str = "",
    upload: Any = None,
    filename: str = "",
) -> Job:
    """Record a job (with its upload, if any) and queue it; returns it as it stands after
    enqueuing (with the immediate backend of the tests, finished)."""
    try:
        handler = handler_for(kind)
    except LookupError:
        raise ValueError(f"no handler registered for job kind {kind!r}") from None
    job = Job(
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        params=(
            {**(params or {}), "language": translation.get_language()}
            if handler.speaks_user_language
            else params or {}
        ),
        area=area,
        cluster=cluster,
        subject_label=subject_label[:300],
        filename=(filename or str(getattr(upload, "name", "") or ""))[:255],
        message=str(handler.texts.queued),
    )
    if upload is not None:
        suffix = PurePosixPath(str(getattr(upload, "name", "") or "")).suffix.lower()[:10]
        job.file.save(f"{job.pk}{suffix}", upload, save=False)
    job.save()
    try:
        run_job.enqueue(str(job.pk))
    except Exception:
        logger.exception("could not enqueue job %s (%s)", job.pk, kind)
        _finish(job, handler, JobStatus.FAILED, handler.texts.not_queued.format(job_id=job.pk))
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: str) -> str:
    """The one task of every job: see `run()`."""
    return run(job_id)


def run(job_id: Any) -> str:
    """Run one job by its kind's handler; returns its final status. A failure never escapes:
    it becomes status "failed" with a message saying why."""
    job = Job.objects.select_related("requested_by", "area", "cluster").filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s no longer exists", job_id)
        return "missing"
    if job.is_finished:
        return job.status
    try:
        handler = handler_for(job.kind)
    except LookupError:
        logger.error("no handler for job kind %r (job %s)", job.kind, job.pk)
        message = _("The system does not know jobs of the kind “%(kind)s”.") % {"kind": job.kind}
        return _set_finished(job.pk, JobStatus.FAILED, message)

    # Outside the handler's transaction, so the lease starts where every process sees it.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        progress=0,
        message=handler.texts.started[:MAX_MESSAGE],
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    job.refresh_from_db(fields=["status", "progress", "message", "heartbeat_at", "attempts"])

    def progress(percent: int, message: str) -> None:
        report(job.pk, percent, message)

    language = job.params.get("language") if handler.speaks_user_language else None
    try:
        with keep_alive(job.pk), translation.override(language or settings.LANGUAGE_CODE):
            outcome = handler.run(job, progress)
            if outcome.content is not None:
                suffix = PurePosixPath(outcome.filename).suffix.lower()[:10]
                job.file.save(f"{job.pk}{suffix}", ContentFile(outcome.content), save=False)
    except JobError as exc:
        logger.info("job %s (%s) refused: %s", job.pk, job.kind, exc)
        return _finish(job, handler, JobStatus.FAILED, str(exc))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _finish(job, handler, JobStatus.FAILED, handler.texts.error.format(job_id=job.pk))
    fields: dict[str, Any] = {"progress": 100}
    if outcome.result is not None:
        fields["result"] = outcome.result
    if outcome.content is not None:
        fields.update(
            file=job.file.name, filename=outcome.filename[:255], content_type=outcome.content_type
        )
    return _finish(job, handler, JobStatus.DONE, outcome.message, **fields)


def _finish(job: Job, handler: Handler, status: str, message: str, **fields: Any) -> str:
    """The job's last word; a file it was reading is deleted (it was read, or never will be)."""
    if handler.consumes_file and job.file:
        _delete_file(job)
        fields["file"] = ""
    return _set_finished(job.pk, status, message, **fields)


def _set_finished(job_id: Any, status: str, message: str, **fields: Any) -> str:
    # A queryset update: seen at once by the page polling the job, and no audit noise.
    Job.objects.filter(pk=job_id).update(
        status=status, message=message[:MAX_MESSAGE], finished_at=timezone.now(), **fields
    )
    _try(lambda: cache.delete(progress_key(job_id)), f"progress of job {job_id}")
    return str(status)


def _delete_file(job: Job) -> None:
    _try(lambda: job.file.delete(save=False), f"file of job {job.pk}")


def unfinished(user: Any, kind_prefix: str) -> int:
    """How many of a user's jobs whose kind starts so are queued or running (after the sweep
    of the user's jobs whose worker died)."""
    sweep_stale_jobs(user)
    return Job.objects.filter(
        requested_by=user, kind__startswith=kind_prefix, status__in=UNFINISHED_STATUSES
    ).count()


# --- Progress.


def progress_key(job_id: Any) -> str:
    return f"oneplan:job-progress:{job_id}"


def report(job_id: Any, percent: int, message: str) -> None:
    """How far a running job is (0-99; 100 is written when it is done), and what it does."""
    value = (max(0, min(99, int(percent))), str(message)[:MAX_MESSAGE])
    _try(lambda: cache.set(progress_key(job_id), value, PROGRESS_TTL), f"progress of {job_id}")


def progress_of(job: Job) -> tuple[int, str]:
    """(percent, message) of a job: the last report while it runs, else its row's."""
    if job.status == JobStatus.DONE:
        return 100, job.message
    if job.status == JobStatus.RUNNING:
        reported = cache.get(progress_key(job.pk))
        if reported:
            return int(reported[0]), str(reported[1])
    return job.progress, job.message


# --- The lease.


def lease_seconds() -> int:
    return max(1, int(settings.ONEPLAN_JOB_LEASE_SECONDS))


def beat_interval() -> float:
    """Seconds between two beats: six chances to beat within one lease."""
    return max(0.5, lease_seconds() / 6)


def heartbeat_key(job_id: Any) -> str:
    return f"oneplan:job-heartbeat:{job_id}"


def beat(job_id: Any) -> None:
    cache.set(heartbeat_key(job_id), time.time(), 2 * lease_seconds())


def _try(action: Callable[[], Any], what: str) -> None:
    """A failed beat, report or sweep must not end a job or a worker: the next may pass."""
    try:
        action()
    except Exception:
        logger.warning("%s failed", what, exc_info=True)


@contextmanager
def keep_alive(job_id: Any) -> Iterator[None]:
    """Beat for a job now and every `beat_interval()` seconds until the block ends.

    A daemon thread that only touches the cache: the beats stop with the process."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(beat_interval()):
            _try(lambda: beat(job_id), f"heartbeat of job {job_id}")

    _try(lambda: beat(job_id), f"heartbeat of job {job_id}")
    thread = threading.Thread(target=run, name=f"oneplan-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        _try(lambda: cache.delete(heartbeat_key(job_id)), f"heartbeat of job {job_id}")


def last_beat(job: Job) -> datetime:
    """When the job's worker last showed it was alive (the row's start or the cache's beat)."""
    at = job.heartbeat_at or job.created_at
    beaten = cache.get(heartbeat_key(job.pk))
    if beaten is not None:
        at = max(at, datetime.fromtimestamp(float(beaten), tz=UTC))
    return at


def is_stale(job: Job, now: datetime | None = None) -> bool:
    """A running job whose worker has not beaten for longer than the lease."""
    if job.status != JobStatus.RUNNING:
        return False
    now = now or timezone.now()
    return now - last_beat(job) > timedelta(seconds=lease_seconds())


def stale_jobs(**filters: Any) -> list[Job]:
    """The stale jobs (among those matching ``filters``): one query, then the cache for the
    few running jobs started longer than a lease ago."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=lease_seconds())
    started_long_ago = models.Q(heartbeat_at__lt=cutoff) | models.Q(
        heartbeat_at__isnull=True, created_at__lt=cutoff
    )
    candidates = Job.objects.filter(started_long_ago, status=JobStatus.RUNNING, **filters)
    return [job for job in candidates if is_stale(job, now)]


def sweep_stale_jobs(user: Any = None) -> int:
    """Hand every stale job (of one user, if given) to `lost_worker()`; how many it took."""
    filters = {"requested_by": user} if user is not None else {}
    swept = 0
    for job in stale_jobs(**filters):
        logger.warning("job %s (%s) lost its worker", job.pk, job.kind)
        if lost_worker(job):
            swept += 1
    return swept


def lost_worker(job: Job) -> bool:
    """A job whose worker died: queued again while its kind allows more attempts, else failed
    (its upload deleted). False when it was no longer the running job seen (someone else
    acted)."""
    try:
        handler: Handler | None = handler_for(job.kind)
    except LookupError:
        handler = None
    still_running = Job.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
    )
    if handler is not None and job.attempts < handler.max_attempts:
        requeued = still_running.update(
            status=JobStatus.QUEUED,
            progress=0,
            message=handler.texts.requeued[:MAX_MESSAGE],
            heartbeat_at=None,
        )
        if not requeued:
            return False
        _try(lambda: cache.delete(progress_key(job.pk)), f"progress of job {job.pk}")
        try:
            run_job.enqueue(str(job.pk))
        except Exception:
            logger.exception("could not queue job %s again", job.pk)
            _finish(job, handler, JobStatus.FAILED, handler.texts.not_queued.format(job_id=job.pk))
        return True
    if handler is not None:
        message = handler.texts.worker_lost.format(job_id=job.pk)
    else:
        message = _("The job stopped when its background worker did.")
    consumes = handler is not None and handler.consumes_file
    failed = still_running.update(
        status=JobStatus.FAILED,
        message=message[:MAX_MESSAGE],
        finished_at=timezone.now(),
        **({"file": ""} if consumes else {}),
    )
    if not failed:
        return False
    if consumes and job.file:
        _delete_file(job)
    _try(lambda: cache.delete(progress_key(job.pk)), f"progress of job {job.pk}")
    return True


# --- The worker's own heartbeat.


def worker_beat() -> None:
    cache.set(WORKER_KEY, time.time(), 2 * lease_seconds())


def worker_alive() -> bool:
    """Has any worker beaten within the lease?"""
    beaten = cache.get(WORKER_KEY)
    return beaten is not None and time.time() - float(beaten) <= lease_seconds()


def waiting_notice(job: Job) -> str:
    """The notice for a queued job that no worker will pick up, else ""."""
    if job.status == JobStatus.QUEUED and not worker_alive():
        return str(MESSAGE_NO_WORKER)
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
