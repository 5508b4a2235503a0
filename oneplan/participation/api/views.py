"""The participation API: needs, consultations and plan comments (read through the one
policy), and the representatives' eligibility check, which saves nothing — district officers
use it before a selection meeting.

The Section 19 consultation is set up here as on its page: created and changed, its
invitation list built, invitees added, removed and ticked as attended, nominees recorded
and selected, comments recorded and answered. Every write goes through
`oneplan.participation.services`, which asks the policy and leaves the audit entry; a
refusal answers 403 (404 for what the caller may not read), a broken rule 400.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from oneplan.api.base import (
    ERRORS,
    ErrorSerializer,
    ReadPermission,
    RestrictedListView,
    ServiceView,
    int_param,
)
from oneplan.api.pagination import CursorPagination
from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Regime
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.participation import eligibility as el
from oneplan.participation import services
from oneplan.participation.api.serializers import (
    AnswerIn,
    AttendedIn,
    BuildOut,
    CommentIn,
    CommentOut,
    ConsultationIn,
    ConsultationOut,
    InviteeIn,
    InviteeOut,
    ModerationIn,
    NeedOut,
    NominationIn,
    NominationOut,
    NomineeIn,
    SelectIn,
    VerdictOut,
)
from oneplan.participation.models import (
    Consultation,
    Invitee,
    Need,
    Nomination,
    PlanComment,
)

# --------------------------------------------------------------------------- eligibility


class RepresentativeEligibility(ServiceView):
    """Check a nominee against the representatives' rules of the regime. Saves nothing."""

    queryset = Nomination.objects.all()
    permission_classes = [ReadPermission]

    @extend_schema(
        summary=gettext_lazy(
            "Check the eligibility of a civil-society representative (nothing is saved)"
        ),
        request=NomineeIn,
        responses={200: VerdictOut, 400: ErrorSerializer},
    )
    def post(self, request):
        data = NomineeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        regime = values.get("regime") or Regime.objects.get(is_current=True)
        nominee = el.Nominee(
            birth_date=values["birth_date"],
            nationality=values["nationality"],
            registrations=tuple(el.Registration(**r) for r in values["registrations"]),
            positions=tuple(el.PositionHeld(**p) for p in values["positions"]),
            community_leader=values["community_leader"],
        )
        verdict = el.check_nominee(
            nominee,
            district_code=values["district_code"],
            inside_municipality=values["inside_municipality"],
            selection_date=values["selection_date"],
            rules=el.EligibilityRules.from_params(regime.representative_rules or {}),
        )
        return Response(
            VerdictOut(
                {"eligible": verdict.eligible, "reasons": verdict.reasons, "regime": regime.code}
            ).data
        )


# --------------------------------------------------------------------------- reading


class NeedList(RestrictedListView):
    """Needs gathered from villages, districts and local governments (?area=21 narrows
    them to an area and the areas inside it), in the order recorded."""

    serializer_class = NeedOut
    pagination_class = CursorPagination
    queryset = Need.objects.select_related("cycle", "category").prefetch_related(
        "proposals", "issues"
    )

    def narrow(self, found):
        area = self.request.query_params.get("area", "")
        if area.isdigit():
            found = found.filter(area__code__startswith=area)
        return found.order_by("area", "priority", "pk")


class ConsultationList(ServiceView, RestrictedListView):
    """Section 19 consultations on the plans that the caller may read; POST creates one in
    a province the caller may edit."""

    serializer_class = ConsultationOut
    queryset = Consultation.objects.select_related("cycle").order_by("-cycle__fiscal_year_be", "pk")

    @extend_schema(
        summary=gettext_lazy("Create a Section 19 consultation"),
        request=ConsultationIn,
        responses={201: ConsultationOut, **ERRORS},
    )
    def post(self, request):
        data = ConsultationIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        editions = values.pop("editions", None)
        consultation = services.save_consultation(
            request.user, Consultation(**values), editions=editions
        )
        return Response(ConsultationOut(consultation).data, status=status.HTTP_201_CREATED)


def _of_consultation(found, pk: int):
    """The records of one consultation (an id no database holds finds nothing)."""
    return found.filter(consultation_id=pk) if pk < 2**63 else found.none()


def _consultation(request: Request, pk: int) -> Consultation:
    """A consultation the caller may read (404 otherwise, alike for missing and not theirs)."""
    return policy.get_or_404(
        Consultation.objects.select_related("cycle__regime", "province"), request.user, pk=pk
    )


class ConsultationDetail(ServiceView):
    """One consultation; PATCH changes the fields sent (not its province)."""

    queryset = Consultation.objects.all()

    @extend_schema(responses={200: ConsultationOut, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(ConsultationOut(_consultation(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Change a Section 19 consultation (only the fields sent)"),
        request=ConsultationIn,
        responses={200: ConsultationOut, **ERRORS},
    )
    def patch(self, request, pk: int):
        consultation = _consultation(request, pk)
        policy.require(request.user, Action.CHANGE, consultation)
        data = ConsultationIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        editions = values.pop("editions", None)
        for name, value in values.items():
            setattr(consultation, name, value)
        consultation = services.save_consultation(request.user, consultation, editions=editions)
        return Response(ConsultationOut(consultation).data)


# --------------------------------------------------------------------------- invitees


class ConsultationInvitees(ServiceView, RestrictedListView):
    """The consultation's invitation list; POST adds an invitee by hand (a guest in any of
    the five groups)."""

    serializer_class = InviteeOut
    queryset = Invitee.objects.all()

    def narrow(self, found):
        return _of_consultation(found, self.kwargs["pk"]).order_by("group", "name", "pk")

    @extend_schema(
        summary=gettext_lazy("Add an invitee by hand"),
        request=InviteeIn,
        responses={201: InviteeOut, **ERRORS},
    )
    def post(self, request, pk: int):
        consultation = _consultation(request, pk)
        data = InviteeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        invitee = services.add_invitee(
            request.user,
            consultation,
            values["group"],
            values.get("name", ""),
            values.get("organisation"),
        )
        return Response(InviteeOut(invitee).data, status=status.HTTP_201_CREATED)


class InviteesBuild(ServiceView):
    """Build the invitation list the law requires: the heads of the province's agencies and
    state bodies, every local-government executive and the selected representatives. What is
    on the list stays (with its attendance)."""

    queryset = Consultation.objects.all()

    @extend_schema(
        summary=gettext_lazy("Build the invitation list the law requires"),
        request=None,
        responses={200: BuildOut, **ERRORS},
    )
    def post(self, request, pk: int):
        consultation = _consultation(request, pk)
        added = services.build_invitations(request.user, consultation)
        return Response(BuildOut({"added": added, "invitees": consultation.invitees.count()}).data)


class InviteeDetail(ServiceView):
    """One invitee: PATCH ticks attendance, DELETE takes them off the list."""

    queryset = Invitee.objects.all()

    def _invitee(self, request: Request, pk: int, iid: int) -> Invitee:
        consultation = _consultation(request, pk)
        return policy.get_or_404(
            Invitee.objects.filter(consultation=consultation), request.user, pk=iid
        )

    @extend_schema(
        summary=gettext_lazy("Mark whether an invitee attended"),
        request=AttendedIn,
        responses={200: InviteeOut, **ERRORS},
    )
    def patch(self, request, pk: int, iid: int):
        invitee = self._invitee(request, pk, iid)
        policy.require(request.user, Action.CHANGE, invitee)
        data = AttendedIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitee = services.mark_attended(request.user, invitee, data.validated_data["attended"])
        return Response(InviteeOut(invitee).data)

    @extend_schema(
        summary=gettext_lazy("Take an invitee off the list"),
        responses={204: None, **ERRORS},
    )
    def delete(self, request, pk: int, iid: int):
        services.remove_invitee(request.user, self._invitee(request, pk, iid))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --------------------------------------------------------------------------- nominations


def _registrations(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "district_code": r["district_code"],
            "inside_municipality": r["inside_municipality"],
            "start": r["start"].isoformat(),
            "end": r["end"].isoformat() if r.get("end") else None,
        }
        for r in rows
    ]


def _positions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "kind": p["kind"],
            "start": p["start"].isoformat() if p.get("start") else None,
            "end": p["end"].isoformat() if p.get("end") else None,
        }
        for p in rows
    ]


class ConsultationNominations(ServiceView, RestrictedListView):
    """The nominees of the consultation, each with the check of the rules; POST records one
    (judged at once on the consultation's selection day)."""

    serializer_class = NominationOut
    queryset = Nomination.objects.all()

    def narrow(self, found):
        return _of_consultation(found, self.kwargs["pk"]).order_by(
            "kind", "district", "full_name", "pk"
        )

    @extend_schema(
        summary=gettext_lazy("Record a nominee (judged by the rules at once)"),
        request=NominationIn,
        responses={201: NominationOut, **ERRORS},
    )
    def post(self, request, pk: int):
        consultation = _consultation(request, pk)
        data = NominationIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        nomination = Nomination(
            consultation=consultation,
            district=values.pop("district", None),
            registrations=_registrations(values.pop("registrations")),
            positions=_positions(values.pop("positions")),
            full_name=normalize_text(values.pop("full_name")),
            **values,
        )
        nomination = services.save_nomination(request.user, nomination)
        return Response(NominationOut(nomination).data, status=status.HTTP_201_CREATED)


class NominationSelect(ServiceView):
    """Select (or unselect) a nominee as a representative, within the caps; an ineligible
    nominee cannot be selected."""

    queryset = Nomination.objects.all()

    @extend_schema(
        summary=gettext_lazy("Select or unselect a nominee"),
        request=SelectIn,
        responses={200: NominationOut, **ERRORS},
    )
    def post(self, request, pk: int, nid: int):
        consultation = _consultation(request, pk)
        nomination = policy.get_or_404(
            Nomination.objects.filter(consultation=consultation), request.user, pk=nid
        )
        data = SelectIn(data=request.data)
        data.is_valid(raise_exception=True)
        nomination = services.select(request.user, nomination, data.validated_data["selected"])
        return Response(NominationOut(nomination).data)


# --------------------------------------------------------------------------- comments


class ConsultationComments(ServiceView):
    """Record a comment made at the consultation on one of the plans put to it (one on the
    cluster plan is forwarded to the cluster office)."""

    queryset = PlanComment.objects.all()

    @extend_schema(
        summary=gettext_lazy("Record a comment made at the consultation"),
        request=CommentIn,
        responses={201: CommentOut, **ERRORS},
    )
    def post(self, request, pk: int):
        consultation = _consultation(request, pk)
        data = CommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        plan = next(
            (p for p in services.plans_under_consultation(consultation) if p.pk == values["plan"]),
            None,
        )
        if plan is None:
            raise ValidationError(
                {"plan": _("This plan is not one put to consultation at this meeting")}
            )
        comment = services.add_comment(
            request.user,
            consultation,
            plan,
            values["text"],
            component=normalize_text(values.get("component", "")),
            commenter=normalize_text(values.get("commenter", "")),
            commenter_group=normalize_text(values.get("commenter_group", "")),
        )
        return Response(CommentOut(comment).data, status=status.HTTP_201_CREATED)


def _comment(request: Request, cid: int) -> PlanComment:
    return policy.get_or_404(PlanComment.objects.select_related("plan"), request.user, pk=cid)


class CommentAnswer(ServiceView):
    """The plan's owner answers a comment: accepted, partly or not, and why."""

    queryset = PlanComment.objects.all()

    @extend_schema(
        summary=gettext_lazy("Answer a comment on the plan"),
        request=AnswerIn,
        responses={200: CommentOut, **ERRORS},
    )
    def post(self, request, cid: int):
        comment = _comment(request, cid)
        policy.require(
            request.user,
            Action.CHANGE,
            comment,
            _("Only the owner of the plan may answer this comment."),
        )
        data = AnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        comment = services.answer(request.user, comment, values["answer"], values["why"])
        return Response(CommentOut(comment).data)


class CommentModeration(ServiceView):
    """Approve a comment from the public form (shown on the public page) or reject it."""

    queryset = PlanComment.objects.all()

    @extend_schema(
        summary=gettext_lazy("Approve or reject a comment from the public"),
        request=ModerationIn,
        responses={200: CommentOut, **ERRORS},
    )
    def post(self, request, cid: int):
        comment = _comment(request, cid)
        policy.require(request.user, Action.CHANGE, comment)
        data = ModerationIn(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.moderate(request.user, comment, data.validated_data["approve"])
        return Response(CommentOut(comment).data)


class CommentList(RestrictedListView):
    """Comments on published plans and their answers that the caller may read
    (?consultation=<id> narrows them to those of one consultation), in the order sent."""

    serializer_class = CommentOut
    queryset = PlanComment.objects.order_by("pk")
    pagination_class = CursorPagination

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "consultation",
                OpenApiTypes.INT,
                description=gettext_lazy("Only the comments of this consultation (its id)"),
            )
        ],
        responses={200: CommentOut(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, found):
        consultation = int_param(self.request, "consultation")
        if consultation is not None:
            found = _of_consultation(found, consultation)
        return found
