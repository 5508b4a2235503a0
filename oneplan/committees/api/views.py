"""The committees' API: committees with their members, meetings with their agenda items and
resolutions, read through the one policy; and the writes a province needs to set its
committees up from nothing — a committee for its body, its orders, members, renewed terms,
meetings, attendance and follow-up tasks — each through `committees.services` (the policy,
the audit trail)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from oneplan.api.base import ERRORS, ErrorSerializer, RestrictedListView, ServiceView
from oneplan.committees import services
from oneplan.committees.api import serializers as cs
from oneplan.committees.api.serializers import CommitteeOut, MeetingOut
from oneplan.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Committee,
    FollowUp,
    Meeting,
    Member,
)
from oneplan.orgs import policy
from oneplan.orgs.policy import Action


def _committee_queryset():
    return (
        Committee.objects.select_related("type__regime", "area", "cluster")
        .prefetch_related("members__renewed_by", "orders")
        .order_by("pk")
    )


def _committee(request, pk: int, action: Action = Action.VIEW) -> Committee:
    return policy.get_or_404(_committee_queryset(), request.user, action, pk=pk)


def _meeting(request, pk: int, action: Action = Action.VIEW) -> Meeting:
    return policy.get_or_404(
        Meeting.objects.select_related("committee__type"), request.user, action, pk=pk
    )


def _one_of(records, pk: int):
    """One of a committee's (a meeting's) records by the id in the address; another's is
    not found."""
    found = records.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _committee_answer(pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(CommitteeOut(_committee_queryset().get(pk=pk)).data, status=code)


class CommitteeList(ServiceView, RestrictedListView):
    """Committees with their members and what breaks their composition rules; POST creates
    one for a body the caller may edit."""

    serializer_class = CommitteeOut
    queryset = _committee_queryset()

    @extend_schema(summary=gettext_lazy("The committees you may read"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("Create a committee of a type of the cycle's regime"),
        request=cs.CommitteeCreate,
        responses={201: CommitteeOut, **ERRORS},
    )
    def post(self, request):
        data = cs.CommitteeCreate(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        parent = values.get("parent")
        if parent is not None and not policy.can(request.user, Action.VIEW, parent):
            raise Http404
        committee = services.create_committee(
            request.user,
            type=values["type"],
            name=values.get("name", ""),
            area=values.get("area"),
            cluster=values.get("cluster"),
            parent=parent,
            mission=values.get("mission", ""),
            cycle=values.get("cycle"),
        )
        return _committee_answer(committee.pk, status.HTTP_201_CREATED)


class CommitteeDetail(ServiceView):
    """One committee with its members and orders."""

    queryset = Committee.objects.all()

    @extend_schema(responses={200: CommitteeOut, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(CommitteeOut(_committee(request, pk)).data)


class CommitteeMembers(ServiceView):
    """Add a member (role, seat, term, what a composition rule needs)."""

    queryset = Member.objects.all()

    @extend_schema(
        summary=gettext_lazy("Add a member to the committee"),
        request=cs.MemberIn,
        responses={201: cs.MemberOut, **ERRORS},
    )
    def post(self, request, pk: int):
        committee = _committee(request, pk, Action.CHANGE)
        data = cs.MemberIn(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.save_member(
            request.user, Member(committee=committee, **data.validated_data)
        )
        return Response(cs.MemberOut(member).data, status=status.HTTP_201_CREATED)


class CommitteeMember(ServiceView):
    """Change or remove one member."""

    queryset = Member.objects.all()

    def _member(self, request, pk: int, mid: int) -> Member:
        return _one_of(_committee(request, pk, Action.CHANGE).members, mid)

    @extend_schema(
        summary=gettext_lazy("Change a member (only the fields sent)"),
        request=cs.MemberIn,
        responses={200: cs.MemberOut, **ERRORS},
    )
    def patch(self, request, pk: int, mid: int):
        member = self._member(request, pk, mid)
        data = cs.MemberIn(member, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        for name, value in data.validated_data.items():
            setattr(member, name, value)
        member = services.save_member(request.user, member)
        return Response(cs.MemberOut(member).data)

    @extend_schema(
        summary=gettext_lazy("Remove a member"), request=None, responses={204: None, **ERRORS}
    )
    def delete(self, request, pk: int, mid: int):
        services.remove_member(request.user, self._member(request, pk, mid))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommitteeOrders(ServiceView):
    """Add an appointment order (คำสั่ง): number, date, title, issuer."""

    queryset = AppointmentOrder.objects.all()

    @extend_schema(
        summary=gettext_lazy("Add an appointment order"),
        request=cs.OrderIn,
        responses={201: cs.OrderOut, **ERRORS},
    )
    def post(self, request, pk: int):
        committee = _committee(request, pk, Action.CHANGE)
        data = cs.OrderIn(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.save_order(
            request.user, AppointmentOrder(committee=committee, **data.validated_data)
        )
        return Response(cs.OrderOut(order).data, status=status.HTTP_201_CREATED)


class CommitteeOrder(ServiceView):
    """Change an appointment order."""

    queryset = AppointmentOrder.objects.all()

    @extend_schema(
        summary=gettext_lazy("Change an appointment order (only the fields sent)"),
        request=cs.OrderIn,
        responses={200: cs.OrderOut, **ERRORS},
    )
    def patch(self, request, pk: int, oid: int):
        order = _one_of(_committee(request, pk, Action.CHANGE).orders, oid)
        data = cs.OrderIn(order, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        for name, value in data.validated_data.items():
            setattr(order, name, value)
        return Response(cs.OrderOut(services.save_order(request.user, order)).data)


class CommitteeRenew(ServiceView):
    """Renew every ended term by a new order; the old rows stay as history."""

    queryset = Member.objects.all()

    @extend_schema(
        summary=gettext_lazy("Renew the members whose term has ended"),
        request=cs.RenewIn,
        responses={201: cs.MemberOut(many=True), **ERRORS},
    )
    def post(self, request, pk: int):
        committee = _committee(request, pk, Action.CHANGE)
        data = cs.RenewIn(data=request.data)
        data.is_valid(raise_exception=True)
        order = AppointmentOrder.objects.filter(
            committee=committee, pk=data.validated_data["order"]
        ).first()
        if order is None:
            raise ValidationError(
                {"order": gettext_lazy("The order must be one of this committee's.")}
            )
        made = services.renew_terms(request.user, committee, order)
        return Response(cs.MemberOut(made, many=True).data, status=status.HTTP_201_CREATED)


class CommitteeMeetings(ServiceView):
    """Create a meeting of the committee."""

    queryset = Meeting.objects.all()

    @extend_schema(
        summary=gettext_lazy("Create a meeting"),
        request=cs.MeetingIn,
        responses={201: MeetingOut, **ERRORS},
    )
    def post(self, request, pk: int):
        committee = _committee(request, pk, Action.CHANGE)
        data = cs.MeetingIn(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.save_meeting(
            request.user, Meeting(committee=committee, **data.validated_data)
        )
        return Response(MeetingOut(meeting).data, status=status.HTTP_201_CREATED)


class MeetingList(RestrictedListView):
    """Meetings with their agenda items and resolutions."""

    serializer_class = MeetingOut
    queryset = (
        Meeting.objects.select_related("committee__type")
        .prefetch_related("items")
        .order_by("-held_on", "pk")
    )


class MeetingDetail(ServiceView):
    """One meeting with its agenda, its quorum from the attendance, and its tasks."""

    queryset = Meeting.objects.all()

    @extend_schema(responses={200: MeetingOut, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(MeetingOut(_meeting(request, pk)).data)


class MeetingAttendance(ServiceView):
    """Record who came; the answer carries the quorum."""

    queryset = Meeting.objects.all()

    @extend_schema(
        summary=gettext_lazy("Record the attendance (the quorum is checked from it)"),
        request=cs.AttendanceIn,
        responses={200: MeetingOut, **ERRORS},
    )
    def post(self, request, pk: int):
        meeting = _meeting(request, pk, Action.CHANGE)
        data = cs.AttendanceIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_attendance(request.user, meeting, data.validated_data["present"])
        return Response(MeetingOut(meeting).data)


class MeetingHeld(ServiceView):
    """Record that the meeting was held (its resolutions can then be carried out)."""

    queryset = Meeting.objects.all()

    @extend_schema(
        summary=gettext_lazy("Record that the meeting was held"),
        request=None,
        responses={200: MeetingOut, **ERRORS},
    )
    def post(self, request, pk: int):
        return Response(
            MeetingOut(
                services.set_meeting_held(request.user, _meeting(request, pk, Action.CHANGE))
            ).data
        )


class MeetingItems(ServiceView):
    """Add an agenda item with its resolution and what it decides."""

    queryset = AgendaItem.objects.all()

    @extend_schema(
        summary=gettext_lazy("Add an agenda item"),
        request=cs.AgendaItemIn,
        responses={201: cs.AgendaItemOut, **ERRORS},
    )
    def post(self, request, pk: int):
        meeting = _meeting(request, pk, Action.CHANGE)
        data = cs.AgendaItemIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.save_agenda_item(
            request.user, AgendaItem(meeting=meeting, **data.validated_data)
        )
        return Response(cs.AgendaItemOut(item).data, status=status.HTTP_201_CREATED)


class MeetingItemApply(ServiceView):
    """Carry out what the resolution decides (approve a plan, an action plan, a calendar)."""

    queryset = AgendaItem.objects.all()

    @extend_schema(
        summary=gettext_lazy("Carry out the resolution"),
        request=None,
        responses={200: cs.AgendaItemOut, **ERRORS},
    )
    def post(self, request, pk: int, iid: int):
        item = _one_of(_meeting(request, pk, Action.CHANGE).items, iid)
        return Response(cs.AgendaItemOut(services.apply_resolution(request.user, item)).data)


class MeetingFollowUps(ServiceView):
    """Add a follow-up task a resolution gives a body, with its deadline."""

    queryset = FollowUp.objects.all()

    @extend_schema(
        summary=gettext_lazy("Add a follow-up task to a resolution"),
        request=cs.FollowUpIn,
        responses={201: cs.FollowUpOut, **ERRORS},
    )
    def post(self, request, pk: int):
        meeting = _meeting(request, pk, Action.CHANGE)
        data = cs.FollowUpIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["item"].meeting_id != meeting.pk:
            raise ValidationError({"item": gettext_lazy("The agenda item must be this meeting's.")})
        task = services.add_follow_up(request.user, FollowUp(**values))
        return Response(cs.FollowUpOut(task).data, status=status.HTTP_201_CREATED)


class FollowUpDetail(ServiceView):
    """Mark a follow-up task done (or not)."""

    queryset = FollowUp.objects.all()

    @extend_schema(
        summary=gettext_lazy("Mark a follow-up task done on a day, or not done"),
        request=cs.FollowUpDoneIn,
        responses={200: cs.FollowUpOut, **ERRORS},
    )
    def patch(self, request, pk: int):
        task = policy.get_or_404(
            FollowUp.objects.select_related("calendar_step__calendar"),
            request.user,
            Action.CHANGE,
            pk=pk,
        )
        data = cs.FollowUpDoneIn(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.set_follow_up_done(request.user, task, data.validated_data["done_on"])
        return Response(cs.FollowUpOut(task).data)
