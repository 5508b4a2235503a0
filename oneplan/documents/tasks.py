"""Making documents in the background (django-tasks; the database backend in production).

`start_job()` records a `DocumentJob` and enqueues `render_document`, which looks up the
renderer of the job's kind (`oneplan.documents.registry`), runs it, reports its progress
on the job as it goes, and stores the file. A failure never escapes the task: it becomes
status "failed" with a Thai message (the details go to the log). While it runs it keeps its
lease (`oneplan.core.jobs.keep_alive`); a job whose worker died is queued again once
(`requeue_stale`), then failed.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from oneplan.areas.models import Area, Cluster
from oneplan.core import jobs
from oneplan.documents.models import DocumentJob, JobStatus
from oneplan.documents.registry import RenderError, get_renderer, is_registered

logger = logging.getLogger(__name__)

MESSAGE_QUEUED = "รอคิวจัดทำเอกสาร"
MESSAGE_STARTED = "เริ่มจัดทำเอกสาร"
MESSAGE_DONE = "จัดทำเอกสารเสร็จแล้ว"
MESSAGE_UNKNOWN_KIND = "ระบบไม่รู้จักเอกสารชนิด “{kind}”"
MESSAGE_ERROR = (
    "จัดทำเอกสารไม่สำเร็จ เนื่องจากเกิดข้อผิดพลาดในระบบ "
    "กรุณาลองใหม่อีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ (รหัสงาน {job_id})"
)
MESSAGE_NOT_QUEUED = "ส่งงานจัดทำเอกสารเข้าคิวไม่สำเร็จ กรุณาลองใหม่อีกครั้ง (รหัสงาน {job_id})"
MESSAGE_REQUEUED = "ตัวประมวลผลเบื้องหลังหยุดทำงานระหว่างจัดทำเอกสาร ระบบส่งงานเข้าคิวใหม่แล้ว"
MESSAGE_WORKER_LOST = (
    "จัดทำเอกสารไม่สำเร็จ เนื่องจากตัวประมวลผลเบื้องหลังหยุดทำงานระหว่างจัดทำ "
    "กรุณาลองใหม่อีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ (รหัสงาน {job_id})"
)
MAX_MESSAGE = 500
MAX_ATTEMPTS = 2  # a document whose worker died is made once more, then given up


def _update(job_id: Any, **fields: Any) -> None:
    # A queryset update: visible at once to the page polling the job, and no audit noise.
    DocumentJob.objects.filter(pk=job_id).update(**fields)


def _fail(job_id: Any, message: str) -> str:
    _update(
        job_id,
        status=JobStatus.FAILED,
        message=message[:MAX_MESSAGE],
        finished_at=timezone.now(),
    )
    return JobStatus.FAILED.value


@task()
def render_document(job_id: str) -> str:
    """Make the document of one job; returns the job's final status."""
    job = DocumentJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("document job %s no longer exists", job_id)
        return "missing"
    if job.is_finished:
        return job.status
    try:
        renderer = get_renderer(job.kind)
    except LookupError:
        logger.error("no renderer for document kind %r (job %s)", job.kind, job.pk)
        return _fail(job.pk, MESSAGE_UNKNOWN_KIND.format(kind=job.kind))

    _update(
        job.pk,
        status=JobStatus.RUNNING,
        progress=0,
        message=MESSAGE_STARTED,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )

    def progress(percent: int, message: str) -> None:
        _update(job.pk, progress=max(0, min(99, int(percent))), message=message[:MAX_MESSAGE])

    try:
        with jobs.keep_alive(DocumentJob, job.pk):
            content, filename, content_type = renderer(job, progress)
            suffix = PurePosixPath(filename).suffix.lower()
            job.file.save(f"{job.pk}{suffix}", ContentFile(content), save=False)
    except RenderError as exc:
        logger.info("document job %s (%s) refused: %s", job.pk, job.kind, exc)
        return _fail(job.pk, str(exc))
    except Exception:
        logger.exception("document job %s (%s) failed", job.pk, job.kind)
        return _fail(job.pk, MESSAGE_ERROR.format(job_id=job.pk))

    _update(
        job.pk,
        status=JobStatus.DONE,
        progress=100,
        message=MESSAGE_DONE,
        file=job.file.name,
        filename=filename,
        content_type=content_type,
        finished_at=timezone.now(),
    )
    return JobStatus.DONE.value


def requeue_stale(job: DocumentJob) -> bool:
    """A job whose worker died (`oneplan.core.jobs`): queued again while it has attempts
    left, else failed. False when it was no longer the running job seen (someone else acted)."""
    still_running = DocumentJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
    )
    if job.attempts >= MAX_ATTEMPTS:
        return bool(
            still_running.update(
                status=JobStatus.FAILED,
                message=MESSAGE_WORKER_LOST.format(job_id=job.pk)[:MAX_MESSAGE],
                finished_at=timezone.now(),
            )
        )
    if not still_running.update(
        status=JobStatus.QUEUED, progress=0, message=MESSAGE_REQUEUED, heartbeat_at=None
    ):
        return False
    try:
        render_document.enqueue(str(job.pk))
    except Exception:
        logger.exception("could not queue document job %s again", job.pk)
        _fail(job.pk, MESSAGE_NOT_QUEUED.format(job_id=job.pk))
    return True


def start_job(
    user: Any,
    kind: str,
    params: dict[str, Any],
    *,
    area: Area | None = None,
    cluster: Cluster | None = None,
    subject_label: str = "",
) -> DocumentJob:
    """Record a job and put it in the queue; returns it as it stands after enqueuing.

    With the immediate backend (tests) the document is made before this returns; with the
    database backend a worker (``manage.py db_worker``) makes it.
    """
    if not is_registered(kind):
        raise ValueError(f"no renderer registered for {kind!r}")
    job = DocumentJob.objects.create(
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        params=params,
        area=area,
        cluster=cluster,
        subject_label=subject_label[:300],
        message=MESSAGE_QUEUED,
    )
    try:
        render_document.enqueue(str(job.pk))
    except Exception:
        logger.exception("could not enqueue document job %s", job.pk)
        _fail(job.pk, MESSAGE_NOT_QUEUED.format(job_id=job.pk))
    job.refresh_from_db()
    return job
