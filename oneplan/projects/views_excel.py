"""Excel in and out for proposals (thin: see `oneplan.projects.excel`): a template per
source, the upload (every error by sheet, row and column; all or nothing) and the export
of any filtered list."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from oneplan.core import jobs
from oneplan.core.responses import download
from oneplan.cycles.models import Cycle
from oneplan.documents.views import moved_to
from oneplan.projects.excel import (
    TEMPLATES,
    XLSX_CONTENT_TYPE,
    build_template,
    check_upload,
    export_filename,
    export_proposals,
    import_proposals,
    may_import,
    template_filename,
)
from oneplan.projects.owners import owner_name, owner_query
from oneplan.projects.tasks import KIND, start_import
from oneplan.projects.views import filtered_proposals, owner_for

MAX_UNFINISHED_IMPORTS = 2  # a user's queued or running imports at once


def _respond(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename, XLSX_CONTENT_TYPE)


class UploadForm(forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("planning cycle"), queryset=Cycle.objects.order_by("-fiscal_year_be")
    )
    source = forms.ChoiceField(label=_("proposed by"))
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(key, spec.sheet) for key, spec in TEMPLATES.items()]


@login_required
def import_template(request: HttpRequest, source: str) -> HttpResponse:
    if source not in TEMPLATES:
        raise Http404
    cycle = get_object_or_404(Cycle, fiscal_year_be=request.GET.get("cycle") or 0)
    owner = owner_for(request)
    return _respond(build_template(source, cycle, owner), template_filename(source, cycle, owner))


@login_required
def proposal_import(request: HttpRequest) -> HttpResponse:
    """Small files are imported at once; larger ones by the background worker, with a page
    that shows the progress and then the same result."""
    owner = owner_for(request)
    jobs.sweep_stale_jobs(request.user)  # a job whose worker died no longer counts as unfinished
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.ONEPLAN_INLINE_IMPORT_BYTES:
                return _start_in_background(request, form, owner)
            result = import_proposals(
                request.user,
                form.cleaned_data["cycle"],
                form.cleaned_data["source"],
                upload,
                owner=owner,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(request, "projects/import.html", _page(form, result, owner))


def _page(form: UploadForm, result, owner) -> dict:
    return {
        "form": form,
        "result": result,
        "owner_name": owner_name(owner),
        "owner_query": owner_query(owner),
        "templates": TEMPLATES,
        "cycles": Cycle.objects.order_by("-fiscal_year_be"),
    }


def _start_in_background(request: HttpRequest, form: UploadForm, owner) -> HttpResponse:
    """Refuse a bad file or a user who may not import here at once; else queue the job."""
    cycle, source, upload = (form.cleaned_data[k] for k in ("cycle", "source", "file"))
    check_upload(upload)
    if not may_import(request.user, cycle, source, owner):
        raise PermissionDenied
    if jobs.unfinished(request.user, KIND) >= MAX_UNFINISHED_IMPORTS:
        form.add_error(
            None, _("You already have an import in progress. Wait for it to finish first.")
        )
        return render(request, "projects/import.html", _page(form, None, owner))
    job = start_import(request.user, cycle, source, upload, owner)
    return redirect(job)


# The page of a background import before every job had one page (`jobs:job`).
import_job_page = moved_to("jobs:job")


@login_required
def proposal_export(request: HttpRequest) -> HttpResponse:
    proposals = filtered_proposals(request).order_by("cycle__fiscal_year_be", "reference_code")
    return _respond(export_proposals(proposals), export_filename())
