"""A document being made in the background: who asked for it, how far it is, and the file.

Not a record of the plans themselves: a job is disposable output (a DOCX, PDF or XLSX
made from data kept elsewhere). It carries the area or cluster it was made for, so the
permission policy can scope it, and the user who asked, who alone downloads it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, Cluster


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # รอคิว
    RUNNING = "running", _("Being made")  # กำลังจัดทำ
    DONE = "done", _("Ready")  # เสร็จแล้ว
    FAILED = "failed", _("Failed")  # ไม่สำเร็จ


FINISHED_STATUSES = frozenset({JobStatus.DONE, JobStatus.FAILED})


class DocumentJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="document_jobs",
    )
    kind = models.CharField(_("kind of document"), max_length=40)  # "plan.docx"
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    subject_label = models.CharField(_("subject"), max_length=300, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("province cluster"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When a worker started it (later beats go through the cache: oneplan.core.jobs), and
    # how many times one did: a job whose worker died is queued again once.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_label}".strip()

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED
