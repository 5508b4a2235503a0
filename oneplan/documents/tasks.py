"""Making documents in the background: jobs of kind ``document:<kind>`` (`oneplan.core.jobs`).

`start_job()` records the job and queues it; the handler registered here for the family
"document:" looks up the renderer of the document kind (`oneplan.documents.registry`), runs
it (it reports its progress as it goes) and hands back the file, which the runner stores on
the job. A renderer's `RenderError` becomes the job's message; any other failure a generic
Thai message (the details go to the log). A document whose worker died is made once more,
then given up.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext_lazy

from oneplan.core import jobs
from oneplan.core.models import Job
from oneplan.documents.registry import RenderError, back_link, get_renderer, is_registered

logger = logging.getLogger(__name__)

FAMILY = "document:"
MESSAGE_QUEUED = gettext_lazy("Waiting in the queue to make the document")
MESSAGE_STARTED = gettext_lazy("Making the document")
MESSAGE_DONE = gettext_lazy("The document is ready")
MESSAGE_UNKNOWN_KIND = gettext_lazy("The system does not know the document kind “{kind}”")
MESSAGE_ERROR = gettext_lazy(
    "The document could not be made because of an error in the system. Please try again;"
    " if it still fails, please tell the system administrator (job {job_id})"
)
MESSAGE_NOT_QUEUED = gettext_lazy(
    "The document job could not be queued. Please try again (job {job_id})"
)
MESSAGE_REQUEUED = gettext_lazy(
    "The background worker stopped while making the document; the job has been queued again"
)
MESSAGE_WORKER_LOST = gettext_lazy(
    "The document could not be made because the background worker stopped while making it."
    " Please try again; if it still fails, please tell the system administrator (job {job_id})"
)
MAX_ATTEMPTS = 2  # a document whose worker died is made once more, then given up
FORMAT_LABELS = {"docx": "Word (.docx)", "pdf": "PDF", "xlsx": "Excel (.xlsx)", "csv": "CSV"}


def document_kind(job: Job) -> str:
    """The renderer's kind of a document job: "plan.pdf" of "document:plan.pdf"."""
    return job.kind.removeprefix(FAMILY)


def render(job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Make the document of one job (the runner stores the file)."""
    kind = document_kind(job)
    try:
        renderer = get_renderer(kind)
    except LookupError:
        logger.error("no renderer for document kind %r (job %s)", kind, job.pk)
        raise RenderError(MESSAGE_UNKNOWN_KIND.format(kind=kind)) from None
    content, filename, content_type = renderer(job, progress)
    return jobs.Outcome(MESSAGE_DONE, content=content, filename=filename, content_type=content_type)


def page(job: Job) -> dict[str, Any]:
    """The job page of a document: its format, and the way back to what it was made of."""
    kind = document_kind(job)
    back = back_link(kind, job)
    return {
        "kind_label": FORMAT_LABELS.get(kind.rpartition(".")[2], kind),
        "links": [back] if back else [],
    }


HANDLER = jobs.Handler(
    run=render,
    texts=jobs.Texts(
        queued=MESSAGE_QUEUED,
        started=MESSAGE_STARTED,
        error=MESSAGE_ERROR,
        not_queued=MESSAGE_NOT_QUEUED,
        requeued=MESSAGE_REQUEUED,
        worker_lost=MESSAGE_WORKER_LOST,
    ),
    max_attempts=MAX_ATTEMPTS,
    title=gettext_lazy("Document"),
    context=page,
)


def start_job(
    user: Any,
    kind: str,
    params: dict[str, Any],
    *,
    area: Any = None,
    cluster: Any = None,
    subject_label: str = "",
) -> Job:
    """Record a document job of `kind` ("plan.pdf") and put it in the queue; returns it as
    it stands after enqueuing.

    With the immediate backend (tests) the document is made before this returns; with the
    database backend a worker (``oneplan db_worker``) makes it.
    """
    if not is_registered(kind):
        raise ValueError(f"no renderer registered for {kind!r}")
    return jobs.start(
        user, FAMILY + kind, params, area=area, cluster=cluster, subject_label=subject_label
    )
