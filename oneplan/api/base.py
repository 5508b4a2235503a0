"""What every app's API builds on: the views that turn the services' and the policy's Django
exceptions into API answers, the error's shape, and the query parameters read the same way
everywhere.

A broken rule (Django's ValidationError) answers 400 with its message(s); a refusal
(PermissionDenied) 403; Http404 404, each keeping its message.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.views import APIView

from oneplan.api.permissions import PolicyPermission
from oneplan.core.thai import parse_year
from oneplan.orgs import policy
from oneplan.orgs.policy import Action


class ErrorSerializer(serializers.Serializer):
    """An error: `detail` is the message; `messages` lists them when the rules give several.
    (Malformed input is answered, as DRF does, with field name → messages.)"""

    detail = serializers.CharField()
    messages = serializers.ListField(child=serializers.CharField(), required=False)


ERRORS = {
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}


class RuleBroken(exceptions.APIException):
    """A Django ValidationError from the services, as a 400 with its messages (in the
    request's language)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, error: DjangoValidationError):
        messages = [str(m) for m in error.messages]
        self.detail = {"detail": " ".join(messages), "messages": messages}


class ServiceView(APIView):
    """Turns the services' and the policy's Django exceptions into API answers, keeping
    their messages (DRF's default handler would replace them with its own)."""

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = RuleBroken(exc)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, Http404):
            exc = exceptions.NotFound(str(exc) or None)
        return super().handle_exception(exc)


class ImportView(ServiceView):
    """An upload endpoint whose every 400 has the import's shape: `detail` and `errors`, a
    list of problems by (sheet,) row and column. A file refused whole (not a workbook, too
    big, no header), a parameter or a form field refused, becomes one problem without a row
    per message."""

    refused = _lazy("No data was saved")
    with_sheet = False  # the problems name their sheet (workbooks of several sheets)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        data = response.data
        if response.status_code == 400 and not (isinstance(data, dict) and "errors" in data):
            found = data.get("messages") if isinstance(data, dict) else None
            messages = [str(m) for m in found] if isinstance(found, list) and found else []
            if not messages:
                messages = [str(data.get("detail", data)) if isinstance(data, dict) else str(data)]
            where = {"sheet": ""} if self.with_sheet else {}
            response.data = {
                "detail": messages[0] if len(messages) == 1 else str(self.refused),
                "errors": [{**where, "row": None, "column": "", "message": m} for m in messages],
            }
        return response


class RestrictedListView(generics.ListAPIView):
    """A list that restricts itself (NetBox's viewsets over `RestrictedQuerySet`): what it
    answers is `queryset` filtered by the policy for the user and `policy_action`, then narrowed
    by the request's parameters (`narrow`: filters, annotations, order) — a subclass never
    calls `.restrict()` and so cannot forget it. `api/tests/test_lists.py` holds every list
    of the API to this class; `core/tests/test_every_url.py` checks what each one shows."""

    permission_classes = [PolicyPermission]
    # What the user must be allowed to do to each record listed (not `action`: DRF's
    # viewsets and drf-spectacular read that name as the viewset action).
    policy_action: str = Action.VIEW

    def narrow(self, queryset: models.QuerySet) -> models.QuerySet:
        """The request's filters, annotations and order on the restricted `queryset` (all of
        it by default)."""
        return queryset

    def get_queryset(self) -> models.QuerySet:
        return self.narrow(self.queryset.all().restrict(self.request.user, self.policy_action))


class ReadPermission(PolicyPermission):
    """For actions that change nothing (the plan check): a read, whatever the method."""

    def has_permission(self, request, view) -> bool:
        model = view.queryset.model
        return policy.spec_for(model).public_read or request.user.is_authenticated


def bad_request(message: str) -> RuleBroken:
    return RuleBroken(DjangoValidationError(message))


def int_param(request: Request, name: str, *, required: bool = False) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        if required:
            raise bad_request(_("The parameter “%(name)s” is required") % {"name": name})
        return None
    if not raw.isdigit():
        raise bad_request(_("The parameter “%(name)s” must be a number") % {"name": name})
    return int(raw)


def year_param(request: Request, name: str) -> int | None:
    """A (fiscal) year in the query, B.E. (2569) or C.E. (2026), as B.E."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_year(raw).be
    except ValueError as exc:
        raise bad_request(
            _("The parameter “%(name)s”: %(reason)s") % {"name": name, "reason": exc}
        ) from exc
