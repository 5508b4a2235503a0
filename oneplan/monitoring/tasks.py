"""The GFMIS disbursement import in the background: jobs of kind "import:gfmis"
(`oneplan.core.jobs`), since an export may be 200 MB and a million rows.

The upload page refuses at once what the import would refuse before reading a row (a file
too big, neither CSV nor a sound .xlsx: `services.check_upload`), stores the upload on a job
and queues it. The worker runs the one import (`services.import_disbursements`: every
problem by row and column in Thai and nothing written, else every row in one transaction)
and keeps its result for the job page; the upload is deleted once read. A job whose worker
died is failed and its upload deleted (its transaction died with the worker): the user
uploads the file again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area
from oneplan.core import jobs
from oneplan.core.models import Job
from oneplan.core.thai import format_fiscal_year
from oneplan.cycles.models import Cycle
from oneplan.documents import workbook
from oneplan.monitoring import services
from oneplan.projects.tasks import IMPORT_TEXTS

KIND = "import:gfmis"
MAX_UNFINISHED = 2  # a user's queued or running GFMIS imports at once


def result_dict(result: services.ImportResult) -> dict[str, Any]:
    """What the job keeps of an import: its counts, or every problem (row, column, message)."""
    return {
        "rows": result.rows,
        "added": result.added,
        "repeated": result.repeated,
        "matched": result.matched,
        "unmatched": result.unmatched,
        "errors": [{"row": p.row, "column": p.column, "message": p.message} for p in result.errors],
        "more_errors": result.more_errors,
        "import_id": result.source.pk if result.source is not None else None,
    }


def run_import(job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Import the job's upload (its file) for its province and cycle, as the user who asked."""
    cycle = Cycle.objects.filter(pk=job.params.get("cycle_id")).first()
    province = job.area
    if cycle is None or province is None:
        raise jobs.JobError(_("The province or the fiscal year of this import no longer exists."))
    with job.file.open("rb") as handle:
        data = handle.read()
    try:
        result = services.import_disbursements(
            job.requested_by, province, cycle, data, job.filename, progress
        )
    except ValidationError as exc:
        raise jobs.JobError(" ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise jobs.JobError(str(exc)) from exc
    if result.errors:
        count = len(result.errors) + result.more_errors
        message = _("Nothing was saved: %(count)s problems were found.") % {"count": f"{count:,}"}
    else:
        message = _(
            "Imported: %(rows)s rows read, %(added)s added, %(repeated)s already imported, "
            "%(unmatched)s to resolve."
        ) % {
            "rows": f"{result.rows:,}",
            "added": f"{result.added:,}",
            "repeated": f"{result.repeated:,}",
            "unmatched": f"{result.unmatched:,}",
        }
    return jobs.Outcome(message, result=result_dict(result))


def page(job: Job) -> dict[str, Any]:
    """The job page of a GFMIS import: the province and year, and the ways back."""
    cycle = Cycle.objects.filter(pk=job.params.get("cycle_id")).first()
    province = job.area
    context: dict[str, Any] = {"label": job.filename}
    if cycle is None or province is None:
        return context
    where = (cycle.fiscal_year_be, province.code)
    dashboard = reverse("monitoring:dashboard", args=where)
    return {
        **context,
        "subtitle": f"{province.display_name} · {format_fiscal_year(cycle.fiscal_year_be)}",
        "dashboard_url": dashboard,
        "links": [
            (reverse("monitoring:import", args=where), gettext_lazy("Import another file")),
            (dashboard, gettext_lazy("Back to the disbursement page")),
        ],
    }


HANDLER = jobs.Handler(
    run=run_import,
    texts=IMPORT_TEXTS,
    consumes_file=True,
    speaks_user_language=True,
    title=gettext_lazy("Import the GFMIS export"),
    result_template="monitoring/_import_result.html",
    context=page,
)


class Busy(Exception):
    """The user already has MAX_UNFINISHED imports queued or running."""

    def __init__(self) -> None:
        super().__init__(_("You already have an import in progress. Wait for it to finish first."))


def start_import(user: Any, province: Area, cycle: Cycle, upload: Any) -> Job:
    """The one way to queue a GFMIS import (the upload page and the API): refuse a user the
    import would refuse (PermissionDenied), one with too many unfinished imports (`Busy`),
    and a file the import would refuse before reading a row (ValidationError, Thai); else
    store it and queue its import (the immediate backend of the tests runs it before this
    returns)."""
    services.require_import(user, province, cycle)
    if jobs.unfinished(user, KIND) >= MAX_UNFINISHED:
        raise Busy()
    upload.seek(0)
    limit = workbook.limits(services.LIMITS).file_bytes
    services.check_upload(upload.read(limit + 1), str(upload.name or ""))
    upload.seek(0)
    return jobs.start(
        user,
        KIND,
        {"cycle_id": cycle.pk},
        area=province,
        subject_label=province.display_name,
        upload=upload,
        filename=str(upload.name or ""),
    )
