"""Pages for importing an edition's strategic chain from Excel (thin: see `plans.importing`).

Both pages need the right to change the edition, asked through the permission policy, so
another province's plan, or a locked edition, answers 404 like a missing one.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from oneplan.core.responses import download
from oneplan.documents import workbook
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.importing import (
    LIMITS,
    XLSX_CONTENT_TYPE,
    ImportResult,
    build_template,
    import_workbook,
    template_filename,
)
from oneplan.plans.models import PlanEdition


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mb = f"{workbook.limits(LIMITS).file_bytes / workbook.MB:,g}"
        self.fields["file"].help_text = gettext("At most %(mb)s MB.") % {"mb": mb}


def _edition(request: HttpRequest, pk: int) -> PlanEdition:
    return policy.get_or_404(
        PlanEdition.objects.select_related("plan"), request.user, Action.CHANGE, pk=pk
    )


@login_required
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    return download(build_template(edition), template_filename(edition), XLSX_CONTENT_TYPE)


@login_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_workbook(request.user, edition, form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(
        request,
        "plans/import.html",
        {
            "plan": edition.plan,
            "edition": edition,
            "form": form,
            "result": result,
            "counts": list(result.counts.values()) if result else [],
        },
    )
