"""Official letters: drafted from a calendar, a meeting or a consultation; edited; issued
under a number of the office's register; sent to the bodies of the distribution list;
printed as DOCX and PDF in the official layout. Thin views through the one policy: they
parse, call a service (`services`, `numbering`, `distribution`) and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.committees.models import Meeting
from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import download, form_errors, saved, service_call
from oneplan.cycles import report_periods
from oneplan.cycles.models import Calendar, Cycle
from oneplan.documents.registry import DOCX, PDF
from oneplan.letters import distribution, layout, numbering, services
from oneplan.letters.forms import (
    AddRecipientForm,
    CancelForm,
    IssueForm,
    LetterForm,
    MarkSentForm,
    RecipientForm,
    RegisterForm,
)
from oneplan.letters.models import Letter, NumberRegister, Recipient
from oneplan.monitoring.models import Allocation
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.participation.models import Consultation
from oneplan.projects.owners import is_cluster, owned_by, owner_from_code


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    letters = (
        Letter.objects.select_related("province", "issued_number")
        .restrict(request.user)
        .order_by("-date", "-pk")
    )
    return render(request, "letters/letter_list.html", {"letters": letters})


@login_required
def letter_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter; an editor changes a draft's text here (an issued letter is fixed)."""
    if request.method != "POST":
        letter = policy.get_or_404(Letter.objects.all(), request.user, pk=pk)
        return _render_letter(request, letter)
    letter = _changed_letter(request, pk)
    form = LetterForm(request.POST, instance=letter)
    return _posted(
        request,
        letter,
        form,
        lambda _data: services.save_letter(request.user, form.draft()),
        shown=letter.issued is None,
        form_name="form",
    )


def _render_letter(request: HttpRequest, letter: Letter, **forms_given) -> HttpResponse:
    """The letter page: the letter (its form for an editor), its number in the register with
    the issue or cancel form, and its distribution list with the dates of each recipient."""
    user = request.user
    can_change = policy.can(user, Action.CHANGE, letter)
    issued = letter.issued
    recipients = list(letter.recipients.order_by("order", "pk"))
    context = {
        "letter": letter,
        "issued": issued,
        "recipients": recipients,
        "can_change": can_change,
        "form": (forms_given.get("form") or LetterForm(instance=letter))
        if can_change and issued is None
        else None,
    }
    if can_change:
        context.update(
            {
                "issue_form": forms_given.get("issue_form")
                or (IssueForm(letter=letter, user=user) if issued is None else None),
                "cancel_form": forms_given.get("cancel_form")
                or (CancelForm() if issued is not None and not issued.cancelled_at else None),
                "add_form": forms_given.get("add_form") or AddRecipientForm(),
                "sent_form": forms_given.get("sent_form")
                or (
                    MarkSentForm(initial={"on": timezone.localdate()})
                    if issued and not issued.cancelled_at
                    else None
                ),
                "recipient_forms": [
                    (
                        r,
                        forms_given["recipient_form"]
                        if forms_given.get("recipient_pk") == r.pk
                        else RecipientForm(recipient=r, prefix=f"r{r.pk}"),
                    )
                    for r in recipients
                ],
            }
        )
    return render(request, "letters/letter.html", context)


def _changed_letter(request: HttpRequest, pk: int) -> Letter:
    """The letter a POST changes: refused (404) unless the user may change it."""
    return policy.get_or_404(Letter.objects.all(), request.user, Action.CHANGE, pk=pk)


def _posted(
    request: HttpRequest,
    letter: Letter,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], object],
    *,
    form_name: str,
    success: Callable[[], str] | None = None,
    shown: bool = True,
    **more: Any,
) -> HttpResponse:
    """One of the letter page's forms posted: parsed, then the service run with what it read
    (`call(cleaned_data)`). Done: back to the letter with `success` ("Saved."). Refused: the
    page again with the errors under the form's fields (`form_name` in `_render_letter`), or,
    when the page does not show that form (`shown` False: an issued letter's text, a draft's
    cancellation), the errors as messages above the letter."""
    if form.is_valid():
        announce_date_readings(request, form)
        if saved(form, lambda: call(form.cleaned_data)):
            messages.success(request, success() if success else _("Saved."))
            return redirect(letter)
    if not shown:
        form_errors(request, form)
        return redirect(letter)
    return _render_letter(request, letter, **{form_name: form}, **more)


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the draft under the next number of the chosen register."""
    letter = _changed_letter(request, pk)
    return _posted(
        request,
        letter,
        IssueForm(request.POST, letter=letter, user=request.user),
        lambda data: numbering.issue(request.user, letter, data["register"], data.get("on")),
        form_name="issue_form",
        success=lambda: _("The letter was issued as %(number)s.") % {"number": letter.number},
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an issued letter; its number stays taken in the register."""
    letter = _changed_letter(request, pk)
    return _posted(
        request,
        letter,
        CancelForm(request.POST),
        lambda data: numbering.cancel(request.user, letter, data["reason"]),
        form_name="cancel_form",
        success=lambda: _("The letter was cancelled; its number stays used."),
        shown=letter.issued is not None,
    )


@login_required
@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a recipient to the letter's distribution list."""
    letter = _changed_letter(request, pk)
    return _posted(
        request,
        letter,
        AddRecipientForm(request.POST),
        lambda data: distribution.add_recipient(request.user, letter, data["name"], data["note"]),
        form_name="add_form",
    )


@login_required
@require_POST
def recipients_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark every recipient not yet sent the letter as sent on one day."""
    letter = _changed_letter(request, pk)
    return _posted(
        request,
        letter,
        MarkSentForm(request.POST),
        lambda data: distribution.mark_sent(request.user, letter, data["on"]),
        form_name="sent_form",
    )


@login_required
@require_POST
def recipient_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Record when the letter was sent to one recipient and acknowledged (or, with
    `remove`, take a recipient not yet sent off the list)."""
    recipient = policy.get_or_404(
        Recipient.objects.select_related("letter"), request.user, Action.CHANGE, pk=pk
    )
    letter = recipient.letter
    if "remove" in request.POST:
        with service_call(request, _("Saved.")):
            distribution.remove_recipient(request.user, recipient)
        return redirect(letter)
    return _posted(
        request,
        letter,
        RecipientForm(request.POST, prefix=f"r{recipient.pk}"),
        lambda data: distribution.update_recipient(
            request.user, recipient, distribution.RecipientDraft(**data)
        ),
        form_name="recipient_form",
        recipient_pk=recipient.pk,
    )


# --------------------------------------------------------------------------- registers


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    """The number registers the user may read."""
    registers = (
        NumberRegister.objects.select_related("province", "organisation")
        .restrict(request.user)
        .order_by("-year_be", "province_id", "prefix")
    )
    can_add = policy.can_add_any(request.user, NumberRegister)
    return render(
        request, "letters/register_list.html", {"registers": registers, "can_add": can_add}
    )


@login_required
def register_new(request: HttpRequest) -> HttpResponse:
    """Set up a number register (each office, each year), in a province the user keeps."""
    if not policy.can_add_any(request.user, NumberRegister):
        raise Http404
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST":
        made: list[NumberRegister] = []
        if form.is_valid() and saved(
            form, lambda: made.append(numbering.save_register(request.user, form.draft()))
        ):
            messages.success(request, _("Saved."))
            return redirect(made[0])
    return render(request, "letters/register_new.html", {"form": form})


@login_required
def register_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The register book (ทะเบียนหนังสือส่ง): every number taken, its letter and status."""
    register = policy.get_or_404(
        NumberRegister.objects.select_related("province", "organisation"), request.user, pk=pk
    )
    can_change = policy.can(request.user, Action.CHANGE, register)
    form = (
        RegisterForm(request.POST or None, user=request.user, register=register)
        if can_change
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid() and saved(
            form, lambda: numbering.save_register(request.user, form.draft(), register)
        ):
            messages.success(request, _("Saved."))
            return redirect(register)
    numbers = register.numbers.select_related("letter", "issued_by", "cancelled_by").order_by(
        "number"
    )
    return render(
        request,
        "letters/register.html",
        {"register": register, "numbers": numbers, "form": form},
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
