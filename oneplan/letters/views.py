"""Official letters: drafted from a calendar, a meeting or a consultation; edited; printed
as DOCX and PDF in the official layout. Thin views through the one policy."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oneplan.committees.models import Meeting
from oneplan.core.dates import ThaiDateField, announce_date_readings
from oneplan.core.responses import download
from oneplan.cycles import report_periods
from oneplan.cycles.models import Calendar, Cycle
from oneplan.documents.registry import DOCX, PDF
from oneplan.letters import layout, services
from oneplan.letters.models import Letter
from oneplan.monitoring.models import Allocation
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.participation.models import Consultation
from oneplan.projects.owners import is_cluster, owned_by, owner_from_code


class LetterForm(forms.ModelForm):
    """The letter; references one a line, enclosures one a line as "item | quantity"."""

    references_text = forms.CharField(
        label=gettext_lazy("references"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    enclosures_text = forms.CharField(
        label=gettext_lazy("enclosures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One a line: the item | its quantity (จำนวน 1 ชุด)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        letter = self.instance
        self.initial.setdefault("references_text", "\n".join(letter.references or []))
        self.initial.setdefault(
            "enclosures_text",
            "\n".join(" | ".join(str(p) for p in e if p) for e in letter.enclosures or []),
        )

    def save(self, commit: bool = True):
        letter = super().save(commit=False)
        lines = [line.strip() for line in self.cleaned_data["references_text"].splitlines()]
        letter.references = [line for line in lines if line]
        letter.enclosures = [
            [part.strip() for part in line.split("|", 1)]
            for line in self.cleaned_data["enclosures_text"].splitlines()
            if line.strip()
        ]
        if commit:
            letter.save()
        return letter

    class Meta:
        model = Letter
        fields = [
            "urgency",
            "number",
            "office",
            "address",
            "date",
            "subject",
            "salutation",
            "references_text",
            "enclosures_text",
            "body",
            "closing",
            "signatory",
            "position",
            "unit_lines",
            "copies_to",
            "distribution",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "unit_lines": forms.Textarea(attrs={"rows": 4}),
            "copies_to": forms.Textarea(attrs={"rows": 2}),
            "distribution": forms.Textarea(attrs={"rows": 8}),
        }
        field_classes = {"date": ThaiDateField}


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    letters = Letter.objects.select_related("province").restrict(request.user)
    return render(request, "letters/letter_list.html", {"letters": letters})


@login_required
def letter_page(request: HttpRequest, pk: int) -> HttpResponse:
    letter = policy.get_or_404(Letter.objects.all(), request.user, pk=pk)
    can_change = policy.can(request.user, Action.CHANGE, letter)
    form = LetterForm(request.POST or None, instance=letter)
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            from auditlog.context import set_actor

            announce_date_readings(request, form)

            with set_actor(request.user):
                form.save()
            messages.success(request, _("Saved."))
            return redirect(letter)
    return render(
        request,
        "letters/letter.html",
        {"letter": letter, "form": form if can_change else None},
    )


@login_required
def letter_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    letter = policy.get_or_404(Letter.objects.all(), request.user, pk=pk)
    content = services.content_of(letter)
    if kind == "docx":
        data, content_type = layout.letter_docx(content), DOCX
    elif kind == "pdf":
        data, content_type = layout.letter_pdf(content), PDF
    else:
        raise Http404
    return download(data, f"หนังสือ-{letter.subject[:60]}.{kind}".replace("/", "-"), content_type)


def _draft(request: HttpRequest, make, source) -> HttpResponse:
    try:
        letter = make(request.user, source)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("A draft letter was made. Check it, then print it."))
    return redirect(letter)


@login_required
@require_POST
def from_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = policy.get_or_404(Calendar.objects.all(), request.user, Action.CHANGE, pk=pk)
    return _draft(request, services.letter_for_calendar, calendar)


@login_required
@require_POST
def from_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_or_404(Meeting.objects.all(), request.user, Action.CHANGE, pk=pk)
    return _draft(request, services.letter_for_meeting, meeting)


@login_required
@require_POST
def from_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = policy.get_or_404(Consultation.objects.all(), request.user, Action.CHANGE, pk=pk)
    return _draft(request, services.letter_for_consultation, consultation)


@login_required
@require_POST
def from_report(request: HttpRequest, year: int, code: str, kind: str) -> HttpResponse:
    """The covering letter of a province's results report (a period of the cycle's regime),
    for whoever reads the province's allocations and may write its letters."""
    cycle = get_object_or_404(Cycle, fiscal_year_be=year)
    province = owner_from_code(code)
    if is_cluster(province) or report_periods.report_period(cycle, kind) is None:
        raise Http404  # a letter belongs to a province
    if not policy.can(request.user, Action.VIEW, Allocation(cycle=cycle, **owned_by(province))):
        raise Http404
    return _draft(
        request,
        lambda user, owner: services.letter_for_report(user, owner, cycle, kind),
        province,
    )
