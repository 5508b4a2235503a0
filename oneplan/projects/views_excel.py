"""Excel in and out for proposals (thin: see `oneplan.projects.excel`): a template per
source, the upload (every error by sheet, row and column; all or nothing) and the export
of any filtered list."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from oneplan.cycles.models import Cycle
from oneplan.projects.excel import (
    TEMPLATES,
    XLSX_CONTENT_TYPE,
    build_template,
    export_filename,
    export_proposals,
    import_proposals,
    template_filename,
)
from oneplan.projects.owners import owner_name, owner_query
from oneplan.projects.views import filtered_proposals, owner_for


def _respond(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


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
    owner = owner_for(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_proposals(
                request.user,
                form.cleaned_data["cycle"],
                form.cleaned_data["source"],
                form.cleaned_data["file"],
                owner=owner,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(
        request,
        "projects/import.html",
        {
            "form": form,
            "result": result,
            "owner_name": owner_name(owner),
            "owner_query": owner_query(owner),
            "templates": TEMPLATES,
            "cycles": Cycle.objects.order_by("-fiscal_year_be"),
        },
    )


@login_required
def proposal_export(request: HttpRequest) -> HttpResponse:
    proposals = filtered_proposals(request).order_by("cycle__fiscal_year_be", "reference_code")
    return _respond(export_proposals(proposals), export_filename())
