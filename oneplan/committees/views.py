"""Committees and meetings: the committees of the user's area with their members and what
breaks the composition rules, meetings with their agenda in the standard structure, the
resolutions that move plans, and the meeting summary printed as agenda/details/resolution.
"""

from __future__ import annotations

from auditlog.context import set_actor
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.committees import composition, documents, services
from oneplan.committees.forms import AgendaItemForm, MeetingForm, MemberForm
from oneplan.committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import download, form_errors, service_call
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.forms import AttachmentForm


@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    committees = Committee.objects.select_related("type", "area", "cluster").restrict(request.user)
    return render(request, "committees/committee_list.html", {"committees": committees})


def _committee(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Committee:
    return policy.get_or_404(
        Committee.objects.select_related("type", "area", "cluster"), request.user, action, pk=pk
    )


@login_required
def committee_page(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    can_change = policy.can(request.user, Action.CHANGE, committee)
    member_form = MemberForm(
        request.POST or None, committee=committee, user=request.user, prefix="m"
    )
    meeting_form = MeetingForm(request.POST or None, prefix="g")
    if request.method == "POST":
        if not can_change:
            raise Http404
        form = member_form if "m-position_title" in request.POST else meeting_form
        if form.is_valid():
            announce_date_readings(request, form)
            record = form.save(commit=False)
            record.committee = committee
            with set_actor(request.user):
                record.full_clean()
                record.save()
            messages.success(request, _("Saved."))
            return redirect(committee)
    return render(
        request,
        "committees/committee.html",
        {
            "committee": committee,
            "members": committee.members.select_related("province", "order"),
            "findings": composition.check(committee, timezone.localdate()),
            "meetings": committee.meetings.all(),
            "orders": committee.orders.all(),
            "can_change": can_change,
            "member_form": member_form if can_change else None,
            "meeting_form": meeting_form if can_change else None,
        },
    )


def _meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    return policy.get_or_404(
        Meeting.objects.select_related("committee__type", "committee__area"),
        request.user,
        action,
        pk=pk,
    )


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    can_change = policy.can(request.user, Action.CHANGE, meeting)
    form = AgendaItemForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            item = form.save(commit=False)
            item.meeting = meeting
            item.order = meeting.items.count() + 1
            with set_actor(request.user):
                item.full_clean()
                item.save()
            messages.success(request, _("Saved."))
            return redirect(meeting)
    return render(
        request,
        "committees/meeting.html",
        {
            "meeting": meeting,
            "sections": documents.sections(meeting),
            "members": meeting.committee.members.all(),
            "documents": meeting.documents.all(),
            "document_form": AttachmentForm() if can_change else None,
            "present": set(
                meeting.attendance.filter(present=True).values_list("member_id", flat=True)
            ),
            "can_change": can_change,
            "form": form if can_change else None,
        },
    )


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came: the members ticked present, the others absent."""
    meeting = _meeting(request, pk, Action.CHANGE)
    present = set(request.POST.getlist("present"))
    with set_actor(request.user):
        meeting.attendance.all().delete()
        for member in meeting.committee.members.all():
            Attendance.objects.create(
                meeting=meeting, member=member, name=str(member), present=str(member.pk) in present
            )
    messages.success(request, _("Saved."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document (checked by type, content and size, as proposals' attachments)."""
    meeting = _meeting(request, pk, Action.CHANGE)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        with set_actor(request.user):
            MeetingDocument.objects.create(
                meeting=meeting, file=upload, name=upload.name[:255], uploaded_by=request.user
            )
        messages.success(request, _("Saved."))
    else:
        form_errors(request, form)
    return redirect(meeting)


@login_required
def meeting_document(request: HttpRequest, pk: int, did: int):
    from django.http import FileResponse

    meeting = _meeting(request, pk)
    document = MeetingDocument.objects.filter(meeting=meeting, pk=did).first()
    if document is None:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, Action.CHANGE)
    with set_actor(request.user):
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    messages.success(request, _("Saved."))
    return redirect(meeting)


@login_required
@require_POST
def item_apply(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = AgendaItem.objects.filter(meeting=meeting, pk=iid).first()
    if item is None:
        raise Http404
    with service_call(request, _("The resolution was carried out.")):
        services.apply_resolution(request.user, item)
    return redirect(meeting)


@login_required
def meeting_summary(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    if kind not in ("docx", "pdf"):
        raise Http404
    data, content_type = documents.summary(meeting, kind)
    return download(data, f"สรุปผลการประชุม-{meeting.number.replace('/', '-')}.{kind}", content_type)
