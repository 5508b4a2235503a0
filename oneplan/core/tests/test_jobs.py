"""Jobs whose worker stopped (oneplan.core.jobs): noticed within the lease by the one sweep of
every kind, then a document is queued again (once) and an import (of proposals or of a GFMIS
export) failed with its upload deleted; a queued job says when no worker is running; a job
whose worker still beats is left alone; a job is seen only by its user, within the policy.

Time is shifted by writing old timestamps, never by sleeping through a lease; the one test
that kills a real worker uses a lease of two seconds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from oneplan.areas.models import Area
from oneplan.core import jobs
from oneplan.core.models import Job, JobStatus
from oneplan.cycles.models import Cycle
from oneplan.documents import tasks as document_tasks
from oneplan.monitoring import tasks as gfmis_tasks
from oneplan.projects import tasks as import_tasks
from oneplan.projects.tests.test_excel import agency_row
from oneplan.projects.tests.test_import_jobs import workbook

pytestmark = pytest.mark.django_db

LEASE = 60
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPOSITORY = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def lease(settings, tmp_path):
    settings.ONEPLAN_JOB_LEASE_SECONDS = LEASE
    settings.MEDIA_ROOT = tmp_path
    # A cache of this test's own: the file cache in var/ is shared with any other test run.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    return LEASE


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def running_import(
    user, *, started_ago: float, name: str = "ใหญ่.xlsx", kind: str = import_tasks.KIND
) -> Job:
    """An import a worker started ``started_ago`` seconds ago, its upload still on disk."""
    job = Job(
        requested_by=user,
        kind=kind,
        params={"cycle_id": Cycle.objects.get(fiscal_year_be=2570).pk, "source": "agency"},
        area=Area.objects.get(code="21"),
        filename=name,
        status=JobStatus.RUNNING,
        heartbeat_at=ago(started_ago),
        attempts=1,
    )
    job.file.save(f"{job.pk}.xlsx", ContentFile(b"PK\x03\x04 upload"), save=False)
    job.save()
    jobs.report(job.pk, 47, "อ่านและตรวจสอบแล้ว 47,000 แถว")
    return job


def document_job(user, **fields) -> Job:
    return Job.objects.create(
        requested_by=user,
        kind="document:plan.pdf",
        params={"edition_id": 999_999},
        area=Area.objects.get(code="21"),
        subject_label="แผนพัฒนาจังหวัดระยอง",
        **fields,
    )


def test_an_import_whose_worker_died_is_failed_its_upload_deleted_and_the_user_may_import_again(
    demo_user, settings
):
    user = demo_user("rayong")
    crashed = [running_import(user, started_ago=LEASE + 5) for _ in range(2)]  # two kill -9s
    uploads = [Path(job.file.path) for job in crashed]
    assert all(path.exists() for path in uploads)
    rayong = signed_in(user)

    page = rayong.get(crashed[0].get_absolute_url()).content.decode()

    for job in crashed:  # the sweep took both of the user's jobs, not only the one viewed
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.finished_at is not None and not job.file
        assert job.message == import_tasks.MESSAGE_WORKER_LOST.format(job_id=job.pk)
        assert cache.get(jobs.progress_key(job.pk)) is None
    assert not any(path.exists() for path in uploads)
    assert "ตัวประมวลผลเบื้องหลังหยุดทำงานระหว่างนำเข้า" in page and "อัปโหลดไฟล์อีกครั้ง" in page
    assert 'role="alert"' in page and "hx-trigger" not in page  # finished: no more polling

    # Two unfinished imports are allowed: the dead ones no longer count.
    settings.TASKS = IMMEDIATE
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 0
    response = rayong.post(
        "/projects/import/?province=21",
        {
            "cycle": Cycle.objects.get(fiscal_year_be=2570).pk,
            "source": "agency",
            "file": SimpleUploadedFile("ใหม่.xlsx", workbook([agency_row("JL-001")]), XLSX),
        },
    )
    assert response.status_code == 302
    again = Job.objects.exclude(pk__in=[j.pk for j in crashed]).get()
    assert response["Location"] == again.get_absolute_url() and again.status == JobStatus.DONE


def test_the_import_form_sweeps_before_counting_unfinished_imports(demo_user, settings):
    user = demo_user("rayong")
    crashed = running_import(user, started_ago=LEASE + 1)
    alive = running_import(user, started_ago=LEASE + 1)
    jobs.beat(alive.pk)  # its worker beats in the cache

    signed_in(user).get("/projects/import/?province=21")

    crashed.refresh_from_db()
    alive.refresh_from_db()
    assert crashed.status == JobStatus.FAILED and alive.status == JobStatus.RUNNING


def test_a_job_whose_worker_still_beats_is_left_alone(demo_user):
    user = demo_user("rayong")
    long_running = running_import(user, started_ago=10 * LEASE)  # started long ago ...
    jobs.beat(long_running.pk)  # ... beating now
    just_started = running_import(user, started_ago=LEASE - 5)  # within the lease, no beat yet
    document = document_job(user, status=JobStatus.RUNNING, heartbeat_at=ago(3 * LEASE))
    jobs.beat(document.pk)
    client = signed_in(user)

    body = client.get(long_running.get_absolute_url(), headers={"HX-Request": "true"}).content
    client.get(document.get_absolute_url())

    assert jobs.sweep_stale_jobs() == 0
    for job in (long_running, just_started, document):
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING
    assert long_running.file and Path(long_running.file.path).exists()
    assert b'value="47"' in body and b'hx-trigger="every 1s"' in body


def test_a_beat_older_than_the_lease_does_not_keep_a_job_alive(demo_user):
    job = running_import(demo_user("rayong"), started_ago=3 * LEASE)
    cache.set(jobs.heartbeat_key(job.pk), time.time() - LEASE - 1)
    assert jobs.is_stale(job)
    assert jobs.sweep_stale_jobs() == 1 and jobs.sweep_stale_jobs() == 0  # acted on once
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_document_whose_worker_died_is_queued_again_once_then_failed(demo_user, settings):
    settings.TASKS = DATABASE_QUEUE  # queued, not made: no worker here
    from django_tasks_db.models import DBTaskResult

    user = demo_user("rayong")
    job = document_job(user, status=JobStatus.RUNNING, heartbeat_at=ago(LEASE + 1), attempts=1)
    url = job.get_absolute_url()
    client = signed_in(user)

    page = client.get(url).content.decode()
    job.refresh_from_db()
    assert (job.status, job.progress, job.heartbeat_at) == (JobStatus.QUEUED, 0, None)
    assert job.message == document_tasks.MESSAGE_REQUEUED and job.message in page
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("run_job") and queued.args_kwargs["args"] == [str(job.pk)]

    # The second worker dies too: given up, with a Thai message.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=ago(LEASE + 1), attempts=2
    )
    page = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == document_tasks.MESSAGE_WORKER_LOST.format(job_id=job.pk)
    assert job.message in page and "hx-trigger" not in page
    assert DBTaskResult.objects.count() == 1


def test_one_sweep_takes_a_stale_job_of_every_kind(demo_user, settings):
    """A document, a proposal import and a GFMIS import whose worker died, one sweep: the
    document is queued again, both imports failed with their uploads deleted."""
    settings.TASKS = DATABASE_QUEUE  # queued, not made: no worker here
    from django_tasks_db.models import DBTaskResult

    user = demo_user("rayong")
    document = document_job(user, status=JobStatus.RUNNING, heartbeat_at=ago(LEASE + 1), attempts=1)
    proposals = running_import(user, started_ago=LEASE + 1)
    gfmis = running_import(user, started_ago=LEASE + 1, name="gfmis.csv", kind=gfmis_tasks.KIND)
    alive = running_import(user, started_ago=LEASE + 1, kind=gfmis_tasks.KIND)
    jobs.beat(alive.pk)
    uploads = [Path(job.file.path) for job in (proposals, gfmis)]

    assert jobs.sweep_stale_jobs() == 3 and jobs.sweep_stale_jobs() == 0

    for job in (document, proposals, gfmis, alive):
        job.refresh_from_db()
    assert (document.status, document.message) == (
        JobStatus.QUEUED,
        document_tasks.MESSAGE_REQUEUED,
    )
    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(document.pk)]
    for job in (proposals, gfmis):
        assert job.status == JobStatus.FAILED and not job.file and job.finished_at is not None
        assert job.message == import_tasks.MESSAGE_WORKER_LOST.format(job_id=job.pk)
    assert not any(path.exists() for path in uploads)
    assert alive.status == JobStatus.RUNNING and alive.file
    page = signed_in(user).get(gfmis.get_absolute_url()).content.decode()
    assert "อัปโหลดไฟล์อีกครั้ง" in page and 'role="alert"' in page and "hx-trigger" not in page


def test_a_job_for_another_province_is_not_seen(demo_user, tmp_path):
    """A job is seen by the user who asked for it, while the policy lets them read its
    province: not by another province's user, even one who asked for it."""
    rayong, chonburi = demo_user("rayong"), demo_user("chonburi")
    mine = document_job(rayong, status=JobStatus.DONE, file=ContentFile(b"PDF", name="a.pdf"))
    mine.refresh_from_db()
    asked = document_job(chonburi, status=JobStatus.DONE)  # for Rayong, by Chonburi

    def urls(job: Job) -> list[str]:
        return [reverse(f"jobs:{n}", kwargs={"job_id": job.pk}) for n in ("job", "progress")]

    assert [signed_in(rayong).get(u).status_code for u in urls(mine)] == [200, 200]
    for user, job in ((chonburi, mine), (chonburi, asked), (rayong, asked)):
        client = signed_in(user)
        assert [client.get(u).status_code for u in urls(job)] == [404, 404]
        assert client.get(reverse("jobs:download", kwargs={"job_id": job.pk})).status_code == 404
    assert mine in Job.objects.restrict(rayong) and mine not in Job.objects.restrict(chonburi)
    assert not Job.objects.filter(requested_by=chonburi).restrict(chonburi).exists()


def test_a_queued_job_says_when_no_worker_is_running(demo_user):
    user = demo_user("rayong")
    document = document_job(user)  # queued, never picked up
    imported = Job.objects.create(
        requested_by=user,
        kind=import_tasks.KIND,
        params={"cycle_id": Cycle.objects.get(fiscal_year_be=2570).pk, "source": "agency"},
        area=Area.objects.get(code="21"),
        filename="รอ.xlsx",
        message=str(import_tasks.MESSAGE_QUEUED),
    )
    client = signed_in(user)
    document_url = document.get_absolute_url()

    for url in (document_url, imported.get_absolute_url()):
        page = client.get(url).content.decode()
        assert str(jobs.MESSAGE_NO_WORKER) in page and 'hx-trigger="every 1s"' in page

    # A worker that beat within the lease: the job just waits its turn.
    jobs.worker_beat()
    for url in (document_url, imported.get_absolute_url()):
        assert str(jobs.MESSAGE_NO_WORKER) not in client.get(url).content.decode()
    # One that last beat longer ago than the lease is taken for gone.
    cache.set(jobs.WORKER_KEY, time.time() - LEASE - 1)
    assert str(jobs.MESSAGE_NO_WORKER) in client.get(document_url).content.decode()
    # The jobs stay queued: a worker that starts later makes them.
    document.refresh_from_db()
    imported.refresh_from_db()
    assert document.status == imported.status == JobStatus.QUEUED


def test_tasks_record_their_start_and_beat_while_they_run(demo_user, settings, monkeypatch):
    settings.TASKS = IMMEDIATE
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 0
    seen: list[object] = []
    original = import_tasks.import_proposals

    def spying(*args, **kwargs):
        running = Job.objects.get()
        seen.append((running.status, running.heartbeat_at))
        seen.append(cache.get(jobs.heartbeat_key(running.pk)))
        return original(*args, **kwargs)

    monkeypatch.setattr(import_tasks, "import_proposals", spying)
    signed_in(demo_user("rayong")).post(
        "/projects/import/?province=21",
        {
            "cycle": Cycle.objects.get(fiscal_year_be=2570).pk,
            "source": "agency",
            "file": SimpleUploadedFile("ก.xlsx", workbook([agency_row("JL-101")]), XLSX),
        },
    )
    (status, started), beaten = seen
    assert status == JobStatus.RUNNING and started is not None and beaten is not None
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.heartbeat_at == started
    assert cache.get(jobs.heartbeat_key(job.pk)) is None  # ended with the task

    document = document_tasks.start_job(None, "plan.pdf", {"edition_id": 999_999})
    assert document.status == JobStatus.FAILED  # no such edition
    assert document.attempts == 1 and document.heartbeat_at is not None


def test_keep_alive_beats_until_the_block_ends(settings):
    settings.ONEPLAN_JOB_LEASE_SECONDS = 1  # a beat every half second
    key = jobs.heartbeat_key("x")
    with jobs.keep_alive("x"):
        first = cache.get(key)
        deadline = time.monotonic() + 5
        while cache.get(key) == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert cache.get(key) > first  # the thread beat again
    assert cache.get(key) is None


def test_the_worker_sweeps_at_start_and_beats_while_it_runs(demo_user, settings, monkeypatch):
    """The command around django-tasks-db's loop (which is replaced here: it closes the
    database connection, and with it the test's transaction, on PostgreSQL)."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DATABASE_QUEUE
    crashed = running_import(demo_user("rayong"), started_ago=LEASE + 1)
    assert not jobs.worker_alive()
    in_the_loop: list[tuple] = []

    def loop(command, *args, **options) -> None:
        crashed.refresh_from_db()
        beating = "oneplan-worker-heartbeat" in {t.name for t in threading.enumerate()}
        in_the_loop.append((jobs.worker_alive(), crashed.status, beating))

    monkeypatch.setattr(db_worker.Command, "handle", loop)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert in_the_loop == [(True, JobStatus.FAILED, True)]
    assert "oneplan-worker-heartbeat" not in {t.name for t in threading.enumerate()}


# --- A real worker, killed.

WORKER_LEASE = 2  # seconds


def _scratch_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="oneplan.settings",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        ONEPLAN_VAR_DIR=str(folder),
        MEDIA_ROOT=str(folder / "media"),
        ONEPLAN_JOB_LEASE_SECONDS=str(WORKER_LEASE),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    return env


def _helper(env: dict[str, str], *args: str, **kwargs) -> subprocess.Popen | str:
    command = [sys.executable, "-m", "oneplan.core.tests.worker_process", *args]
    if args[0] == "work":
        return subprocess.Popen(command, env=env, cwd=REPOSITORY, **kwargs)
    done = subprocess.run(command, env=env, cwd=REPOSITORY, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _job_row(folder: Path, job_id: str) -> tuple[str, int, str]:
    with sqlite3.connect(folder / "db.sqlite3", timeout=20) as db:
        row = db.execute(
            "SELECT status, attempts, message FROM core_job WHERE id = ?",
            (job_id.replace("-", ""),),
        ).fetchone()
    return row


def _wait_for(folder: Path, job_id: str, status: str, seconds: float = 60) -> tuple:
    deadline = time.monotonic() + seconds
    while (row := _job_row(folder, job_id))[0] != status:
        assert time.monotonic() < deadline, f"still {row} after {seconds} s"
        time.sleep(0.2)
    return row


def test_a_real_worker_killed_mid_job_is_noticed_and_its_job_made_again(tmp_path):
    """`db_worker` in a process of its own (scratch SQLite database and file cache), killed
    with SIGKILL while it makes a document: the job stays "running" until the lease is over,
    then the sweep queues it again, and the next worker makes it."""
    env = _scratch_env(tmp_path)
    job_id = _helper(env, "setup")  # migrates and queues one slow document
    worker = _helper(env, "work", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(tmp_path, job_id, "running")[1] == 1
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    time.sleep(0.5)
    assert _job_row(tmp_path, job_id)[0] == "running"  # nobody said otherwise

    time.sleep(WORKER_LEASE + 0.5)  # the lease runs out
    assert _helper(env, "sweep") == "swept 1, worker alive: False"
    status, attempts, message = _job_row(tmp_path, job_id)
    assert (status, attempts, message) == ("queued", 1, document_tasks.MESSAGE_REQUEUED)

    worker = _helper(env, "work", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(tmp_path, job_id, "done")[1] == 2
    finally:
        worker.kill()
        worker.wait(timeout=10)
