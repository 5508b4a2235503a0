"""Large proposal imports in the background (django-tasks; the database backend in
production, a worker beside the app: `oneplan db_worker`).

`start_import()` stores the upload and records an `ImportJob`; `import_job` runs the one
import (`oneplan.projects.excel.import_proposals`), reports its progress through the cache
(the import's transaction would hide progress written to the database until it commits) and
records the result, or a Thai message when the file was refused. The stored upload is
deleted once read. While it runs it keeps its lease (`oneplan.core.jobs.keep_alive`); a job
whose worker died is failed and its upload deleted (`fail_stale`): its transaction was rolled
back with the worker, so the user uploads the file again.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks import task

from oneplan.core import jobs
from oneplan.documents.models import JobStatus
from oneplan.projects.excel import ImportResult, import_proposals
from oneplan.projects.models import ImportJob
from oneplan.projects.owners import owned_by

logger = logging.getLogger(__name__)

MESSAGE_QUEUED = "รอคิวนำเข้า"
MESSAGE_STARTED = "เริ่มอ่านไฟล์"
MESSAGE_ERROR = (
    "นำเข้าไม่สำเร็จ เนื่องจากเกิดข้อผิดพลาดในระบบ ไม่มีข้อมูลใดถูกบันทึก "
    "กรุณาลองใหม่อีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ (รหัสงาน {job_id})"
)
MESSAGE_NOT_QUEUED = "ส่งงานนำเข้าเข้าคิวไม่สำเร็จ กรุณาลองใหม่อีกครั้ง (รหัสงาน {job_id})"
MESSAGE_WORKER_LOST = (
    "นำเข้าไม่สำเร็จ เนื่องจากตัวประมวลผลเบื้องหลังหยุดทำงานระหว่างนำเข้า ไม่มีข้อมูลใดถูกบันทึก "
    "กรุณาอัปโหลดไฟล์อีกครั้ง (รหัสงาน {job_id})"
)
PROGRESS_TTL = 6 * 60 * 60  # seconds a progress report is kept


def progress_key(job_id: Any) -> str:
    return f"oneplan:import-progress:{job_id}"


def progress_of(job: ImportJob) -> tuple[int, str]:
    """(percent, Thai message) of a job: the last report while it runs, else its status."""
    if job.status == JobStatus.DONE:
        return 100, job.message
    if job.status == JobStatus.RUNNING:
        reported = cache.get(progress_key(job.pk))
        if reported:
            return int(reported[0]), str(reported[1])
    return 0, job.message


def result_dict(result: ImportResult) -> dict[str, Any]:
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rows": result.rows,
        "sheets": list(result.sheets),
        "notes": list(result.notes),
        "errors": [
            {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
            for p in result.errors
        ],
    }


def _finish(job_id: Any, status: str, message: str, result: dict | None = None) -> str:
    fields: dict[str, Any] = {
        "status": status,
        "message": message[:500],
        "finished_at": timezone.now(),
    }
    if result is not None:
        fields["result"] = result
    ImportJob.objects.filter(pk=job_id).update(**fields)
    cache.delete(progress_key(job_id))
    return status


@task()
def import_job(job_id: str) -> str:
    """Run one import job; returns its final status."""
    job = (
        ImportJob.objects.select_related("requested_by", "cycle", "province", "cluster", "proposer")
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        logger.warning("import job %s no longer exists", job_id)
        return "missing"
    if job.is_finished:
        return job.status
    # Outside the import's transaction, so the lease starts where every process sees it.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, message=MESSAGE_STARTED, heartbeat_at=timezone.now()
    )

    def progress(percent: int, message: str) -> None:
        cache.set(progress_key(job.pk), (max(0, min(99, percent)), message), PROGRESS_TTL)

    try:
        with jobs.keep_alive(ImportJob, job.pk), job.file.open("rb") as handle:
            result = import_proposals(
                job.requested_by,
                job.cycle,
                job.source,
                handle,
                owner=job.owner,
                proposer=job.proposer,
                progress=progress,
            )
    except (ValidationError, PermissionDenied) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _finish(job.pk, JobStatus.FAILED, message)
    except Exception:
        logger.exception("import job %s failed", job.pk)
        return _finish(job.pk, JobStatus.FAILED, MESSAGE_ERROR.format(job_id=job.pk))
    finally:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    if result.errors:
        message = f"ไม่มีข้อมูลใดถูกบันทึก พบข้อผิดพลาด {len(result.errors):,} จุด"
    else:
        message = (
            f"นำเข้าเสร็จแล้ว เพิ่ม {result.created:,} แก้ไข {result.updated:,}"
            f" ไม่เปลี่ยนแปลง {result.unchanged:,} โครงการ"
        )
    return _finish(job.pk, JobStatus.DONE, message, result_dict(result))


def fail_stale(job: ImportJob) -> bool:
    """A job whose worker died (`oneplan.core.jobs`): failed with a Thai message, its upload
    deleted. False when it was no longer the running job seen (someone else acted)."""
    failed = ImportJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
    ).update(
        status=JobStatus.FAILED,
        message=MESSAGE_WORKER_LOST.format(job_id=job.pk)[:500],
        finished_at=timezone.now(),
        file="",
    )
    if not failed:
        return False
    if job.file:
        job.file.delete(save=False)
    cache.delete(progress_key(job.pk))
    return True


def start_import(
    user: Any, cycle: Any, source: str, upload: Any, owner: Any, proposer: Any = None
) -> ImportJob:
    """Store the upload, record the job and queue it (the immediate backend of the tests
    runs it before this returns)."""
    owner_fields = owned_by(owner)
    job = ImportJob(
        requested_by=user,
        cycle=cycle,
        source=source,
        proposer=proposer,
        original_name=str(getattr(upload, "name", ""))[:255],
        message=MESSAGE_QUEUED,
        **owner_fields,
    )
    job.file.save(f"{job.pk}.xlsx", upload, save=False)
    job.save()

    try:
        import_job.enqueue(str(job.pk))
    except Exception:
        logger.exception("could not enqueue import job %s", job.pk)
        _finish(job.pk, JobStatus.FAILED, MESSAGE_NOT_QUEUED.format(job_id=job.pk))
    job.refresh_from_db()
    return job
