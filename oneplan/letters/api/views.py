"""The letters API: letters (read), issuing and cancelling them, their distribution list
with the dates each recipient was sent the letter and acknowledged it, and the number
registers (ทะเบียนหนังสือส่ง) with their book.

Thin over `oneplan.letters.numbering` and `oneplan.letters.distribution`: reads go through
the policy (`restrict`, `get_or_404`: another province's letter is "not found"), writes
through the services, which ask the policy again and leave their audit entries.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from oneplan.api.base import (
    ERRORS,
    ErrorSerializer,
    RestrictedListView,
    ServiceView,
    bad_request,
    year_param,
)
from oneplan.api.pagination import CursorPagination
from oneplan.letters import distribution, numbering
from oneplan.letters.api import serializers as ls
from oneplan.letters.api.drafts import LetterDraftPost
from oneplan.letters.models import IssuedNumber, Letter, LetterStatus, NumberRegister, Recipient
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

LETTERS = Letter.objects.select_related(
    "issued_number__issued_by", "issued_number__cancelled_by"
).prefetch_related("recipients")


def _letter(request: Request, pk: int, action: Action = Action.VIEW) -> Letter:
    return policy.get_or_404(LETTERS, request.user, action, pk=pk)


def _changing(request: Request, pk: int, body: type[Serializer]) -> tuple[Letter, dict]:
    """The letter a POST changes (404 unless the caller may change it) and the request's
    body as `body` reads it (400 when malformed)."""
    letter = _letter(request, pk, Action.CHANGE)
    data = body(data=request.data)
    data.is_valid(raise_exception=True)
    return letter, data.validated_data


def _letter_out(pk: int) -> dict:
    return ls.LetterOut(LETTERS.get(pk=pk)).data


PROVINCE = OpenApiParameter(
    "province", OpenApiTypes.STR, description=gettext_lazy("The province's code, e.g. 21")
)


# --------------------------------------------------------------------------- letters


class LetterList(LetterDraftPost, ServiceView, RestrictedListView):
    """GET: the official letters the caller may read, with their number and distribution
    list, newest first. POST: draft one from a calendar, a meeting or a consultation."""

    serializer_class = ls.LetterOut
    queryset = LETTERS.order_by("-date", "-pk")
    pagination_class = CursorPagination
    cursor_ordering = "-pk"

    @extend_schema(
        summary=gettext_lazy("The official letters you may read"),
        parameters=[
            PROVINCE,
            OpenApiParameter("status", OpenApiTypes.STR, enum=LetterStatus.values),
            OpenApiParameter(
                "register", OpenApiTypes.INT, description=gettext_lazy("A number register's id")
            ),
        ],
        responses={200: ls.LetterOut(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, letters):
        params = self.request.query_params
        if params.get("province"):
            letters = letters.filter(province_id=params["province"])
        wanted = params.get("status")
        if wanted:
            if wanted not in LetterStatus.values:
                raise bad_request(
                    _("The status “%(status)s” is not valid (draft, issued or cancelled)")
                    % {"status": wanted}
                )
            if wanted == LetterStatus.DRAFT:
                letters = letters.filter(issued_number__isnull=True)
            else:
                letters = letters.filter(
                    issued_number__isnull=False,
                    issued_number__cancelled_at__isnull=wanted == LetterStatus.ISSUED,
                )
        if params.get("register", "").isdigit():
            letters = letters.filter(issued_number__register_id=int(params["register"]))
        return letters


class LetterDetail(ServiceView):
    """One letter with its number and distribution list."""

    queryset = Letter.objects.all()

    @extend_schema(responses={200: ls.LetterOut, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(ls.LetterOut(_letter(request, pk)).data)


class LetterIssue(ServiceView):
    """Issue a draft under the next number of a register: the number and date are fixed."""

    queryset = Letter.objects.all()

    @extend_schema(
        summary=gettext_lazy("Issue the letter under the register's next number"),
        request=ls.IssueIn,
        responses={200: ls.LetterOut, **ERRORS},
    )
    def post(self, request, pk: int):
        letter, values = _changing(request, pk, ls.IssueIn)
        register = values["register"]
        if not policy.can(request.user, Action.VIEW, register):
            raise bad_request(_("There is no such number register."))
        numbering.issue(request.user, letter, register, values.get("date"))
        return Response(_letter_out(letter.pk))


class LetterCancel(ServiceView):
    """Cancel an issued letter (who, when, why are kept); its number is never given again."""

    queryset = Letter.objects.all()

    @extend_schema(
        summary=gettext_lazy("Cancel the issued letter"),
        request=ls.CancelIn,
        responses={200: ls.LetterOut, **ERRORS},
    )
    def post(self, request, pk: int):
        letter, values = _changing(request, pk, ls.CancelIn)
        numbering.cancel(request.user, letter, values["reason"])
        return Response(_letter_out(letter.pk))


class LetterRecipients(ServiceView):
    """Add a recipient to the letter's distribution list."""

    queryset = Letter.objects.all()

    @extend_schema(
        summary=gettext_lazy("Add a recipient to the distribution list"),
        request=ls.RecipientIn,
        responses={201: ls.RecipientOut, **ERRORS},
    )
    def post(self, request, pk: int):
        letter, values = _changing(request, pk, ls.RecipientIn)
        recipient = distribution.add_recipient(
            request.user, letter, values["name"], values.get("note", "")
        )
        return Response(ls.RecipientOut(recipient).data, status=status.HTTP_201_CREATED)


class LetterRecipientsSent(ServiceView):
    """Mark every recipient not yet sent the letter as sent on one day."""

    queryset = Letter.objects.all()

    @extend_schema(
        summary=gettext_lazy("Mark every recipient not yet sent as sent"),
        request=ls.SentIn,
        responses={200: ls.SentOut, **ERRORS},
    )
    def post(self, request, pk: int):
        letter, values = _changing(request, pk, ls.SentIn)
        marked = distribution.mark_sent(request.user, letter, values["on"])
        return Response({"marked": marked})


class RecipientDetail(ServiceView):
    """One recipient: the days it was sent the letter and acknowledged it; DELETE takes a
    recipient not yet sent off the list."""

    queryset = Recipient.objects.all()

    def _recipient(self, request: Request, pk: int) -> Recipient:
        return policy.get_or_404(
            Recipient.objects.select_related("letter"), request.user, Action.CHANGE, pk=pk
        )

    @extend_schema(
        summary=gettext_lazy("Record when the letter was sent and acknowledged"),
        request=ls.RecipientDatesIn,
        responses={200: ls.RecipientOut, **ERRORS},
    )
    def patch(self, request, pk: int):
        recipient = self._recipient(request, pk)
        data = ls.RecipientDatesIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        draft = distribution.RecipientDraft(
            sent_on=values.get("sent_on", recipient.sent_on),
            acknowledged_on=values.get("acknowledged_on", recipient.acknowledged_on),
            note=values.get("note", recipient.note),
        )
        distribution.update_recipient(request.user, recipient, draft)
        return Response(ls.RecipientOut(recipient).data)

    @extend_schema(
        summary=gettext_lazy("Take a recipient not yet sent off the list"),
        responses={204: None, **ERRORS},
    )
    def delete(self, request, pk: int):
        distribution.remove_recipient(request.user, self._recipient(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --------------------------------------------------------------------------- registers


def _register_draft(
    values: dict, register: NumberRegister | None = None
) -> numbering.RegisterDraft:
    def value(name: str, default):
        if name in values:
            return values[name]
        return getattr(register, name) if register is not None else default

    return numbering.RegisterDraft(
        province=register.province if register is not None else values["province"],
        organisation=value("organisation", None),
        name=value("name", ""),
        prefix=value("prefix", ""),
        circular=value("circular", False),
        year_be=value("year_be", 0),
        last_number=value("last_number", 0),
    )


class RegisterList(ServiceView, RestrictedListView):
    """The letter number registers the caller may read; POST sets up one (each year)."""

    serializer_class = ls.RegisterOut
    queryset = NumberRegister.objects.order_by("-year_be", "province_id", "prefix", "pk")

    @extend_schema(
        summary=gettext_lazy("The letter number registers you may read"),
        parameters=[
            PROVINCE,
            OpenApiParameter(
                "year", OpenApiTypes.INT, description=gettext_lazy("The year it counts in (B.E.)")
            ),
        ],
        responses={200: ls.RegisterOut(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, registers):
        if self.request.query_params.get("province"):
            registers = registers.filter(province_id=self.request.query_params["province"])
        year = year_param(self.request, "year")
        if year is not None:
            registers = registers.filter(year_be=year)
        return registers

    @extend_schema(
        summary=gettext_lazy("Set up a letter number register"),
        request=ls.RegisterIn,
        responses={201: ls.RegisterOut, **ERRORS},
    )
    def post(self, request):
        data = ls.RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        register = numbering.save_register(request.user, _register_draft(data.validated_data))
        return Response(ls.RegisterOut(register).data, status=status.HTTP_201_CREATED)


class RegisterDetail(ServiceView):
    """One register with its book: every number taken, its letter and status."""

    queryset = NumberRegister.objects.all()

    @extend_schema(responses={200: ls.RegisterDetailOut, 404: ErrorSerializer})
    def get(self, request, pk: int):
        book = IssuedNumber.objects.select_related("issued_by", "cancelled_by")
        register = policy.get_or_404(
            NumberRegister.objects.prefetch_related(Prefetch("numbers", book)), request.user, pk=pk
        )
        return Response(ls.RegisterDetailOut(register).data)

    @extend_schema(
        summary=gettext_lazy("Change a letter number register"),
        request=ls.RegisterIn(partial=True),
        responses={200: ls.RegisterOut, **ERRORS},
    )
    def patch(self, request, pk: int):
        register = policy.get_or_404(
            NumberRegister.objects.all(), request.user, Action.CHANGE, pk=pk
        )
        data = ls.RegisterIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k != "province"}
        register = numbering.save_register(
            request.user, _register_draft(values, register), register
        )
        return Response(ls.RegisterOut(register).data)
