"""The one page of a background job (`oneplan.core.models.Job`) of any kind: its progress
(a fragment that polls itself for htmx, and the same as JSON), then its result — the file it
made, or what an import did — as its kind shows it (`oneplan.core.jobs.Handler`).

Thin views: a job is seen only by the user who asked for it, and only while the permission
policy still lets them read its area or cluster; anyone else gets 404. Before a user's job
is read, their jobs whose worker died are swept (`oneplan.core.jobs`). The job model lives in
core, which imports no app; its pages live here, the lowest shelf that may ask the policy.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from oneplan.core import jobs
from oneplan.core.models import Job, JobStatus
from oneplan.orgs import policy


def own_job(request: HttpRequest, job_id: Any) -> Job:
    """The user's own job, if the policy lets them read it; else 404."""
    jobs.sweep_stale_jobs(request.user)
    return policy.get_or_404(
        Job.objects.filter(requested_by=request.user).select_related("area", "cluster"),
        request.user,
        pk=job_id,
    )


def _handler(job: Job) -> jobs.Handler | None:
    try:
        return jobs.handler_for(job.kind)
    except LookupError:
        return None


def has_download(job: Job) -> bool:
    """A finished job's file is offered when the job made it (not an upload it read)."""
    handler = _handler(job)
    consumed = handler is None or handler.consumes_file
    return job.status == JobStatus.DONE and bool(job.file) and not consumed


def job_context(job: Job) -> dict[str, Any]:
    """What the job page and its fragment show, the kind's own context over the defaults."""
    handler = _handler(job)
    percent, message = jobs.progress_of(job)
    context: dict[str, Any] = {
        "job": job,
        "percent": percent,
        "message": message,
        "notice": jobs.waiting_notice(job),
        "title": (handler.title if handler else "") or _("Background job"),
        "label": job.subject_label or job.filename,
        "kind_label": "",
        "subtitle": "",
        "links": [],
        "poll_url": reverse("jobs:job", kwargs={"job_id": job.pk}),
        "download_url": (
            reverse("jobs:download", kwargs={"job_id": job.pk}) if has_download(job) else ""
        ),
        "result_template": handler.result_template if handler else "",
        "result": job.result if job.status == JobStatus.DONE else None,
    }
    if handler is not None and handler.context is not None:
        context.update(handler.context(job))
    return context


@login_required
@require_GET
def job_page(request: HttpRequest, job_id: Any) -> HttpResponse:
    """The job's progress: a fragment that polls itself for htmx, else a whole page."""
    context = job_context(own_job(request, job_id))
    template = "jobs/_job.html" if request.htmx else "jobs/job.html"
    return render(request, template, context)


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: Any) -> JsonResponse:
    """The job's progress as JSON, for a script or another client than htmx."""
    job = own_job(request, job_id)
    percent, message = jobs.progress_of(job)
    response = JsonResponse(
        {
            "id": str(job.pk),
            "kind": job.kind,
            "status": job.status,
            "finished": job.is_finished,
            "percent": percent,
            "message": message,
            "notice": jobs.waiting_notice(job),
            "url": job.get_absolute_url(),
            "download_url": (
                reverse("jobs:download", kwargs={"job_id": job.pk}) if has_download(job) else None
            ),
        }
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: Any) -> FileResponse:
    """The file a finished job made, under its Thai name (Content-Disposition with RFC 5987
    filename*)."""
    job = own_job(request, job_id)
    if not has_download(job):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename or job.file.name.rsplit("/", 1)[-1],
        content_type=job.content_type or "application/octet-stream",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def moved_to(name: str):
    """A view for a job's address before the one job page: the user's own job only (404
    otherwise, as the page would answer), sent on to its new address."""

    @login_required
    @require_GET
    def view(request: HttpRequest, job_id: Any) -> HttpResponse:
        job = own_job(request, job_id)
        return redirect(name, job_id=job.pk)

    return view
