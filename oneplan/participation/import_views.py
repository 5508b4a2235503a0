"""Pages of needs at scale: a province's villages imported from a file, needs imported from
Excel in the village plan's and the forum summary's layouts, and the template to fill in.
Thin: parse the upload, call the import (`villages_import`, `needs_import`), show its counts
or every problem by sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, AreaLevel
from oneplan.core.responses import download
from oneplan.cycles.models import Cycle
from oneplan.documents.registry import XLSX
from oneplan.orgs import policy
from oneplan.participation import needs_import, villages_import
from oneplan.participation.models import Need
from oneplan.projects.views import province_for

T = TypeVar("T")


class VillagesUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("List of villages (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".csv,.xlsx,text/csv,{XLSX}"}),
    )


def _cycle_choices() -> list[tuple[int, str]]:
    return [(c.fiscal_year_be, str(c)) for c in Cycle.objects.order_by("-fiscal_year_be")]


class NeedsUploadForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=gettext_lazy("planning cycle"), coerce=int)
    file = forms.FileField(
        label=gettext_lazy("Needs (.xlsx, in the template's layout)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = _cycle_choices()


def _imported(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Run an import for its page: a file refused whole (not a workbook, too big) goes under
    the file's field, a refusal by the policy is a 404, as everywhere; the import's result
    (its counts or every problem of its rows) otherwise."""
    try:
        return call()
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        form.add_error("file", exc)
        return None


# --------------------------------------------------------------------------- villages


@login_required
def villages_import_page(request: HttpRequest, code: str) -> HttpResponse:
    """The province's villages from a CSV or Excel file: all or nothing."""
    province = Area.objects.provinces().filter(code=code).first()
    if province is None or not villages_import.may_import(request.user, province):
        raise Http404
    form = VillagesUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = _imported(
            form,
            lambda: villages_import.import_villages(
                request.user, province, form.cleaned_data["file"]
            ),
        )
    return render(
        request,
        "participation/needs_import_villages.html",
        {
            "province": province,
            "form": form,
            "result": result,
            "villages": Area.objects.filter(
                code__startswith=province.code, level=AreaLevel.VILLAGE
            ).count(),
        },
    )


# --------------------------------------------------------------------------- needs


@login_required
def needs_import_page(request: HttpRequest) -> HttpResponse:
    """Needs from an Excel file in the village plan's or the forum summary's layout."""
    province = province_for(request)
    if not policy.can_add_any(request.user, Need):
        raise Http404
    form = NeedsUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = _imported(
            form,
            lambda: needs_import.import_workbook(
                request.user, data["file"], data["fiscal_year"], province
            ),
        )
    return render(
        request,
        "participation/needs_import.html",
        {"province": province, "form": form, "result": result},
    )


@login_required
def needs_template(request: HttpRequest) -> HttpResponse:
    """The Excel template: the village plan's sheet, the forum summary's and the lists."""
    province = province_for(request)
    if not policy.can_add_any(request.user, Need):
        raise Http404
    year = request.GET.get("year", "")
    data = needs_import.template_xlsx(province, int(year) if year.isdigit() else None)
    return download(data, needs_import.TEMPLATE_NAME, XLSX)
