"""Plan documents made in the background: start a job, watch its progress, download the file.

Thin views: the edition is read through the permission policy, the job is made by
`oneplan.documents.tasks`, and a job is seen only by the user who asked for it (and only
while the policy still lets them read its area or cluster); anyone else gets 404. Before a
user's jobs are read or counted, those whose worker died are swept (`oneplan.core.jobs`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from oneplan.core import jobs
from oneplan.documents.models import DocumentJob, JobStatus
from oneplan.documents.tasks import start_job
from oneplan.orgs import policy
from oneplan.plans.documents import DIFF_KINDS, PLAN_KINDS
from oneplan.plans.models import PlanEdition

MAX_UNFINISHED_JOBS = 5  # per user: a document takes a worker for seconds, not for free

KIND_LABELS = {
    "plan.docx": "Word (.docx)",
    "plan.pdf": "PDF",
    "plan.xlsx": "Excel (.xlsx)",
    "plan_diff.docx": "Word (.docx)",
    "plan_diff.pdf": "PDF",
}


def _edition(request: HttpRequest, pk: int) -> PlanEdition:
    return policy.get_or_404(
        PlanEdition.objects.select_related("plan__province", "plan__cluster", "plan__regime"),
        request.user,
        pk=pk,
    )


def _against(request: HttpRequest, edition: PlanEdition) -> PlanEdition:
    """The older edition a diff compares with: the one posted, else the one it was copied from."""
    others = edition.plan.editions.exclude(pk=edition.pk)
    chosen = request.POST.get("against", "")
    if chosen.isdigit():
        found = others.filter(pk=int(chosen)).first()
    elif edition.based_on_id:
        found = others.filter(pk=edition.based_on_id).first()
    else:
        found = others.filter(number__lt=edition.number).order_by("-number").first()
    if found is None:
        raise Http404(_("There is no other edition to compare with."))
    return found


def busy_message(limit: int) -> str:
    return _(
        "You already have %(limit)s documents being made. Wait for one to finish, then try again."
    ) % {"limit": limit}


def _job(request: HttpRequest, job_id) -> DocumentJob:
    jobs.sweep_stale_jobs(request.user)
    return policy.get_or_404(
        DocumentJob.objects.filter(requested_by=request.user), request.user, pk=job_id
    )


def _job_context(job: DocumentJob) -> dict:
    return {
        "job": job,
        "notice": jobs.waiting_notice(job),
        "kind_label": KIND_LABELS.get(job.kind, job.kind),
        "poll_url": reverse("plans:document_job", kwargs={"job_id": job.pk}),
        "download_url": reverse("plans:document_download", kwargs={"job_id": job.pk}),
    }


@login_required
@require_POST
def start(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Start making a document of an edition; htmx gets the progress fragment."""
    edition = _edition(request, pk)
    if kind in PLAN_KINDS:
        params: dict = {"edition_id": edition.pk}
    elif kind in DIFF_KINDS:
        params = {"old_id": _against(request, edition).pk, "new_id": edition.pk}
    else:
        raise Http404
    jobs.sweep_stale_jobs(request.user)
    unfinished = DocumentJob.objects.filter(
        requested_by=request.user, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ).count()
    if unfinished >= MAX_UNFINISHED_JOBS:
        if request.htmx:  # htmx swaps only 2xx answers
            message = busy_message(MAX_UNFINISHED_JOBS)
            return render(request, "plans/documents/_busy.html", {"message": message})
        messages.error(request, busy_message(MAX_UNFINISHED_JOBS))
        return redirect(edition)
    params["thai_digits"] = request.POST.get("thai_digits", "1") != "0"
    plan = edition.plan
    job = start_job(
        request.user,
        kind,
        params,
        area=plan.province,
        cluster=plan.cluster,
        subject_label=f"{plan.title} – {edition.label}",
    )
    if request.htmx:
        return render(request, "plans/documents/_job.html", _job_context(job))
    return redirect("plans:document_job", job_id=job.pk)


@login_required
@require_GET
def job_status(request: HttpRequest, job_id) -> HttpResponse:
    """The job's progress: a fragment that polls itself for htmx, else a whole page."""
    job = _job(request, job_id)
    context = _job_context(job)
    if request.htmx:
        return render(request, "plans/documents/_job.html", context)
    edition_id = job.params.get("edition_id") or job.params.get("new_id")
    if isinstance(edition_id, int):
        context["back_url"] = reverse("plans:edition", kwargs={"pk": edition_id})
    return render(request, "plans/documents/job.html", context)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id) -> FileResponse:
    """The finished file, under its Thai name (Content-Disposition with RFC 5987 filename*)."""
    job = _job(request, job_id)
    if job.status != JobStatus.DONE or not job.file:
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
