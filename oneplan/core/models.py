"""Long work done in the background: one `Job` for every kind (a document being made, a
workbook being imported), run by `oneplan.core.jobs`.

A job is disposable bookkeeping, not a record of the plans themselves: who asked, what it
does (``kind`` and ``params``), how far it is, its result, and one file — the document it
made, or the upload it reads (deleted once read). It carries the area or cluster it was
made for, so the permission policy can scope it (registered by the documents app), and the
user who asked, who alone sees it. Core imports no OnePlan app: the area and cluster are
string references.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneplan.core.restrict import RestrictedManager


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # รอคิว
    RUNNING = "running", _("Being made")  # กำลังจัดทำ
    DONE = "done", _("Ready")  # เสร็จแล้ว
    FAILED = "failed", _("Failed")  # ไม่สำเร็จ


FINISHED_STATUSES = frozenset({JobStatus.DONE, JobStatus.FAILED})
UNFINISHED_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


def family_of(kind: str) -> str:
    """The part of a kind before its colon: "document" of "document:plan.pdf"."""
    return kind.partition(":")[0]


def job_file_path(job: Job, filename: str) -> str:
    """Where a job's file is kept: documents/2026/12/… for a document made, imports/… for an
    uploaded workbook (the family of its kind, in the plural)."""
    folder = f"{family_of(job.kind) or 'job'}s"
    return timezone.now().strftime(f"{folder}/%Y/%m/") + filename


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # "document:plan.docx", "import:proposals", "import:gfmis": the handler registered for it
    # (oneplan.core.jobs) does the work.
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    subject_label = models.CharField(_("subject"), max_length=300, blank=True)
    # What the job is for, as the permission policy judges it: an area (a province) or a
    # province cluster, or neither (then only the national readers).
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    cluster = models.ForeignKey(
        "areas.Cluster",
        verbose_name=_("province cluster"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # The last progress written to the row (while it runs, the worker reports through the
    # cache: oneplan.core.jobs.report).
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to=job_file_path, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When a worker started it (later beats go through the cache: oneplan.core.jobs), and
    # how many times one did: a job whose worker died may be run again (its kind says).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    objects = RestrictedManager()  # `.restrict(user)`: the policy (registered by documents)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_label or self.filename}".strip()

    @property
    def family(self) -> str:
        return family_of(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", kwargs={"job_id": self.pk})
