"""Plan documents made in the background: start a job; its progress and the file are on
the one job page (`oneplan.documents.views`, ``jobs:job``).

Thin views: the edition is read through the permission policy and the job is made by
`oneplan.documents.tasks`. Before a user's jobs are counted, those whose worker died are
swept (`oneplan.core.jobs`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.core import jobs
from oneplan.documents.tasks import FAMILY, start_job
from oneplan.documents.views import job_context, moved_to
from oneplan.orgs import policy
from oneplan.plans.documents import DIFF_KINDS, PLAN_KINDS
from oneplan.plans.models import PlanEdition

MAX_UNFINISHED_JOBS = 5  # per user: a document takes a worker for seconds, not for free


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
    if jobs.unfinished(request.user, FAMILY) >= MAX_UNFINISHED_JOBS:
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
        return render(request, "jobs/_job.html", job_context(job))
    return redirect(job)


# The addresses of a document job before every job had one page (`jobs:job`).
job_status = moved_to("jobs:job")
job_download = moved_to("jobs:download")
