"""Committees and meetings: the committees of the user's area with their members and what
breaks the composition rules, meetings with their agenda in the standard structure, the
resolutions that move plans, and the meeting summary printed as agenda/details/resolution.
"""

from __future__ import annotations

from auditlog.context import set_actor
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.committees import composition, documents, services
from oneplan.committees.forms import (
    AgendaItemForm,
    CommitteeForm,
    FollowUpForm,
    MeetingForm,
    MemberForm,
    OrderForm,
    RenewForm,
)
from oneplan.committees.models import (
    Committee,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingDocument,
    Member,
)
from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import download, form_errors, saved, service_call
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.forms import AttachmentForm


@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    committees = Committee.objects.select_related("type", "area", "cluster").restrict(request.user)
    return render(
        request,
        "committees/committee_list.html",
        {"committees": committees, "can_add": policy.can_add_any(request.user, Committee)},
    )


@login_required
def committee_new(request: HttpRequest) -> HttpResponse:
    """Create a committee: the cycle (whose regime's types are offered), the type and the
    body it belongs to, among those the user may edit."""
    if not policy.can_add_any(request.user, Committee):
        raise Http404
    cycle = (
        Cycle.objects.filter(pk=request.GET.get("cycle") or 0).first()
        if request.GET.get("cycle", "").isdigit()
        else None
    )
    form = CommitteeForm(request.POST or None, user=request.user, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Committee] = []
        if saved(
            form,
            lambda: made.append(
                services.create_committee(
                    request.user,
                    type=data["type"],
                    name=data["name"],
                    area=data["area"],
                    cluster=data["cluster"],
                    parent=data["parent"],
                    mission=data["mission"],
                    cycle=data["cycle"],
                )
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect(made[0])
    return render(
        request,
        "committees/form.html",
        {"form": form, "title": _("Create a committee"), "back": "committees:committees"},
    )


def _committee(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Committee:
    return policy.get_or_404(
        Committee.objects.select_related("type", "area", "cluster"), request.user, action, pk=pk
    )


def with_status(follow_ups, today) -> list[FollowUp]:
    """The tasks, each with its `status` (due, late or done) as of today."""
    found = list(follow_ups)
    for task in found:
        task.status = task.status_on(today)
        task.late = task.status == FollowUpStatus.LATE
        task.status_label = FollowUpStatus(task.status).label
    return found


@login_required
def committee_page(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    can_change = policy.can(request.user, Action.CHANGE, committee)
    member_form = MemberForm(
        request.POST or None, committee=committee, user=request.user, prefix="m"
    )
    meeting_form = MeetingForm(request.POST or None, prefix="g")
    order_form = OrderForm(request.POST or None, prefix="o")
    if request.method == "POST":
        if not can_change:
            raise Http404
        if "m-position_title" in request.POST:
            form, save = member_form, services.save_member
        elif "o-number" in request.POST:
            form, save = order_form, services.save_order
        else:
            form, save = meeting_form, services.save_meeting
        if form.is_valid():
            announce_date_readings(request, form)
            record = form.save(commit=False)
            record.committee = committee
            if saved(form, lambda: save(request.user, record)):
                messages.success(request, _("Saved."))
                return redirect(committee)
    today = timezone.localdate()
    sitting = composition.current_members(committee).values_list("pk", flat=True)
    return render(
        request,
        "committees/committee.html",
        {
            "committee": committee,
            "members": committee.members.select_related("province", "order"),
            "sitting": set(sitting),
            "expired": services.expired_members(committee, today),
            "findings": composition.check(committee, today),
            "meetings": committee.meetings.all(),
            "orders": committee.orders.all(),
            "subcommittees": committee.subcommittees.restrict(request.user),
            "follow_ups": with_status(
                FollowUp.objects.filter(item__meeting__committee=committee).select_related(
                    "item__meeting", "organisation", "area"
                ),
                today,
            ),
            "can_change": can_change,
            "member_form": member_form if can_change else None,
            "meeting_form": meeting_form if can_change else None,
            "order_form": order_form if can_change else None,
            "renew_form": RenewForm(committee=committee, user=request.user) if can_change else None,
        },
    )


@login_required
def order_edit(request: HttpRequest, pk: int, oid: int) -> HttpResponse:
    """Change an appointment order (number, date, title, who issued it)."""
    committee = _committee(request, pk, Action.CHANGE)
    order = get_object_or_404(committee.orders, pk=oid)
    form = OrderForm(request.POST or None, instance=order)
    if request.method == "POST" and form.is_valid():
        announce_date_readings(request, form)
        if saved(form, lambda: services.save_order(request.user, form.instance)):
            messages.success(request, _("Saved."))
            return redirect(committee)
    return render(
        request,
        "committees/form.html",
        {"form": form, "title": str(order), "committee": committee},
    )


@login_required
def order_document(request: HttpRequest, pk: int, oid: int, kind: str) -> HttpResponse:
    """The appointment order printed as the official order (คำสั่ง), members annexed."""
    committee = _committee(request, pk)
    order = get_object_or_404(committee.orders, pk=oid)
    if kind not in ("docx", "pdf"):
        raise Http404
    data, content_type = documents.order_document(order, kind)
    name = f"คำสั่ง-{order.number.replace('/', '-')}.{kind}"
    return download(data, name, content_type)


def _member(request: HttpRequest, pk: int, mid: int) -> tuple[Committee, Member]:
    committee = _committee(request, pk, Action.CHANGE)
    return committee, get_object_or_404(committee.members, pk=mid)


@login_required
def member_edit(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    committee, member = _member(request, pk, mid)
    form = MemberForm(request.POST or None, instance=member, committee=committee, user=request.user)
    if request.method == "POST" and form.is_valid():
        announce_date_readings(request, form)
        if saved(form, lambda: services.save_member(request.user, form.instance)):
            messages.success(request, _("Saved."))
            return redirect(committee)
    return render(
        request,
        "committees/form.html",
        {"form": form, "title": str(member), "committee": committee},
    )


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    committee, member = _member(request, pk, mid)
    with service_call(request, _("The member was removed.")):
        services.remove_member(request.user, member)
    return redirect(committee)


@login_required
@require_POST
def committee_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Renew every ended term by the chosen order; the old rows stay as history."""
    committee = _committee(request, pk, Action.CHANGE)
    form = RenewForm(request.POST, committee=committee, user=request.user)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(committee)
    with service_call(request):
        made = services.renew_terms(request.user, committee, form.cleaned_data["order"])
        messages.success(
            request, _("%(n)s members were appointed for a new term.") % {"n": len(made)}
        )
    return redirect(committee)


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
            if saved(form, lambda: services.save_agenda_item(request.user, item)):
                messages.success(request, _("Saved."))
                return redirect(meeting)
    today = timezone.localdate()
    return render(
        request,
        "committees/meeting.html",
        {
            "meeting": meeting,
            "sections": documents.sections(meeting),
            "quorum": services.quorum(meeting),
            "follow_ups": with_status(
                FollowUp.objects.filter(item__meeting=meeting).select_related(
                    "item", "organisation", "area", "calendar_step__calendar"
                ),
                today,
            ),
            "follow_up_form": FollowUpForm(meeting=meeting, user=request.user, prefix="f")
            if can_change
            else None,
            "members": composition.current_members(meeting.committee),
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
    present = [p for p in request.POST.getlist("present") if p.isdigit()]
    with service_call(request, _("Saved.")):
        services.record_attendance(request.user, meeting, present)
    return redirect(meeting)


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A task the resolution gives a body, with its deadline."""
    meeting = _meeting(request, pk, Action.CHANGE)
    form = FollowUpForm(request.POST, meeting=meeting, user=request.user, prefix="f")
    if not form.is_valid():
        form_errors(request, form)
        return redirect(meeting)
    announce_date_readings(request, form)
    with service_call(request, _("Saved.")):
        services.add_follow_up(request.user, form.save(commit=False))
    return redirect(meeting)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    """Mark a task done today (or, with `undo`, not done)."""
    meeting = _meeting(request, pk, Action.CHANGE)
    task = get_object_or_404(FollowUp.objects.filter(item__meeting=meeting), pk=fid)
    done_on = None if request.POST.get("undo") else timezone.localdate()
    with service_call(request, _("Saved.")):
        services.set_follow_up_done(request.user, task, done_on)
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
def meeting_document(request: HttpRequest, pk: int, did: int) -> FileResponse:
    meeting = _meeting(request, pk)
    document = get_object_or_404(meeting.documents, pk=did)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, Action.CHANGE)
    with service_call(request, _("Saved.")):
        services.set_meeting_held(request.user, meeting)
    return redirect(meeting)


@login_required
@require_POST
def item_apply(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=iid)
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
