"""Large proposal imports in the background: jobs of kind "import:proposals"
(`oneplan.core.jobs`; the database backend in production, a worker beside the app:
`oneplan db_worker`).

`start_import()` stores the upload on a job and queues it; the handler runs the one import
(`oneplan.projects.excel.import_proposals`: all or nothing, every error by sheet, row and
column), reports its progress as it reads and keeps the result, or a Thai message when the
file was refused. The stored upload is deleted once read. A job whose worker died is failed
and its upload deleted: its transaction was rolled back with the worker, so the user uploads
the file again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, Cluster
from oneplan.core import jobs
from oneplan.core.models import Job
from oneplan.core.thai import format_fiscal_year
from oneplan.cycles.models import Cycle
from oneplan.orgs.models import Organisation
from oneplan.projects.excel import ImportResult, import_proposals
from oneplan.projects.owners import owner_name, owner_query

KIND = "import:proposals"
MESSAGE_QUEUED = gettext_lazy("Waiting in the queue to import")
MESSAGE_STARTED = gettext_lazy("Reading the file")
MESSAGE_ERROR = gettext_lazy(
    "The import failed because of an error in the system; nothing was saved. Please try"
    " again; if it still fails, please tell the system administrator (job {job_id})"
)
MESSAGE_NOT_QUEUED = gettext_lazy("The import could not be queued. Please try again (job {job_id})")
MESSAGE_WORKER_LOST = gettext_lazy(
    "The import failed because the background worker stopped during it; nothing was saved."
    " Please upload the file again (job {job_id})"
)
# The texts of every import job (proposals, GFMIS): an import is never run twice.
IMPORT_TEXTS = jobs.Texts(
    queued=MESSAGE_QUEUED,
    started=MESSAGE_STARTED,
    error=MESSAGE_ERROR,
    not_queued=MESSAGE_NOT_QUEUED,
    requeued=MESSAGE_WORKER_LOST,  # not used: max_attempts is 1
    worker_lost=MESSAGE_WORKER_LOST,
)


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


def owner_of(job: Job) -> Area | Cluster:
    """The province or cluster whose proposals a job imports."""
    return job.cluster if job.cluster_id else job.area  # type: ignore[return-value]


def run_import(job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Import the job's upload (its file) as the user who asked; the runner deletes it."""
    params = job.params
    cycle = Cycle.objects.filter(pk=params.get("cycle_id")).first()
    if cycle is None:
        raise jobs.JobError(_("The planning cycle of this import no longer exists."))
    proposer = None
    if params.get("proposer_id"):
        proposer = Organisation.objects.filter(pk=params["proposer_id"]).first()
    try:
        with job.file.open("rb") as handle:
            result = import_proposals(
                job.requested_by,
                cycle,
                str(params.get("source", "")),
                handle,
                owner=owner_of(job),
                proposer=proposer,
                progress=progress,
            )
    except ValidationError as exc:
        raise jobs.JobError(" ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise jobs.JobError(str(exc)) from exc
    if result.errors:
        message = _("Nothing was saved: %(count)s problems were found.") % {
            "count": f"{len(result.errors):,}"
        }
    else:
        message = _(
            "Import finished: %(created)s added, %(updated)s changed, %(unchanged)s unchanged"
            " projects"
        ) % {
            "created": f"{result.created:,}",
            "updated": f"{result.updated:,}",
            "unchanged": f"{result.unchanged:,}",
        }
    return jobs.Outcome(message, result=result_dict(result))


def page(job: Job) -> dict[str, Any]:
    """The job page of a proposal import: whose it is, the cycle, and a way to import again."""
    owner = owner_of(job)
    cycle = Cycle.objects.filter(pk=job.params.get("cycle_id")).first()
    again = f"{reverse('projects:import')}?{owner_query(owner)}" if owner is not None else ""
    return {
        "subtitle": owner_name(owner) if owner is not None else "",
        "label": job.filename,
        "kind_label": format_fiscal_year(cycle.fiscal_year_be) if cycle else "",
        "links": [(again, gettext_lazy("Import another file"))] if again else [],
    }


HANDLER = jobs.Handler(
    run=run_import,
    texts=IMPORT_TEXTS,
    consumes_file=True,
    speaks_user_language=True,
    title=gettext_lazy("Import proposals from Excel"),
    result_template="projects/_import_result.html",
    context=page,
)


def start_import(
    user: Any, cycle: Cycle, source: str, upload: Any, owner: Any, proposer: Any = None
) -> Job:
    """Store the upload, record the job and queue it (the immediate backend of the tests
    runs it before this returns)."""
    return jobs.start(
        user,
        KIND,
        {
            "cycle_id": cycle.pk,
            "source": source,
            "proposer_id": getattr(proposer, "pk", None),
        },
        area=None if isinstance(owner, Cluster) else owner,
        cluster=owner if isinstance(owner, Cluster) else None,
        subject_label=owner_name(owner),
        upload=upload,
        filename=str(getattr(upload, "name", "")),
    )
