"""The project API: proposals (one at a time and in bulk), their screening and similar
projects, the reviewers' decisions, scores and clinic comments, envelopes and action plans;
and two checks of a draft that save nothing (screening, similar projects).

Thin over `oneplan.projects.services` and the modules written beside it (screening,
similarity, action plans — imported inside the views that use them): reads go through the
permission policy (`restrict`, `get_or_404`: another province's proposal is "not found"),
writes through the services, which ask the policy again. A broken rule answers 400 with its
message(s), a refusal 403 (see `oneplan.api.base.ServiceView`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from oneplan.api.base import (
    ERRORS,
    ErrorSerializer,
    ReadPermission,
    RestrictedListView,
    ServiceView,
    bad_request,
    int_param,
    year_param,
)
from oneplan.api.pagination import CursorPagination
from oneplan.api.parsers import JSONParser
from oneplan.api.versioning import (
    IF_MATCH,
    PreconditionFailedSerializer,
    VersionedView,
    etag_header,
)
from oneplan.areas.models import Area
from oneplan.orgs import policy
from oneplan.orgs.models import Role
from oneplan.orgs.policy import Action
from oneplan.projects import intake, services
from oneplan.projects.action_plans import transition
from oneplan.projects.api import serializers as js
from oneplan.projects.api.yearly import ActionPlanPost, EnvelopePost
from oneplan.projects.excel import PROPOSER_LABELS  # the upload's Thai names
from oneplan.projects.models import (
    ActionPlan,
    Criterion,
    Envelope,
    Level,
    Proposal,
    ProposalStatus,
    ProposerKind,
    ReviewComment,
    ScreeningResult,
)
from oneplan.projects.screening import facts_from_draft, screen, screen_proposal
from oneplan.projects.similarity import Draft, duplicate_threshold, similar_proposals

MAX_BULK = 1000
# The officers who propose for their body: a proposal they enter is their body's by default
# (as in the Excel upload).
PROPOSING_ROLES = frozenset({Role.AGENCY_OFFICER, Role.LAO_OFFICER})

MSG_OUTSIDE = gettext_lazy(
    "You may propose projects only in the provinces or clusters you are responsible for"
)
MSG_NOT_SCREENED = gettext_lazy(
    "This project has not been screened yet (ask for the screening with a POST to the same address)"
)
MSG_MAY_NOT_SCREEN = gettext_lazy("You may not ask for the screening of this project")
# The refusals and conflicts are worded as in the Excel upload.
MSG_MAY_NOT_ADD = gettext_lazy("You may not add projects of %(area)s")
MSG_MAY_NOT_CHANGE = gettext_lazy("You may not change the project with the code %(code)s")
MSG_CODE_ELSEWHERE = gettext_lazy(
    "The reference code %(code)s is already used by another project in this fiscal year (not"
    " one of %(area)s); please use another code"
)
MSG_OTHER_SOURCE = gettext_lazy(
    "The reference code %(code)s is already a project proposed by %(kind)s; please use another code"
)
MSG_TWICE = gettext_lazy(
    "The reference code %(code)s repeats that of the project at index %(first)s in the same list"
)
MSG_NOT_A_LIST = gettext_lazy("Send the list of projects as a JSON array")
MSG_TOO_MANY = gettext_lazy("At most %(n)s projects can be sent at a time")
MSG_EMPTY = gettext_lazy("The list of projects is empty")
MSG_BULK_FAILED = gettext_lazy("%(n)s items are not valid, so no project was saved")
MSG_NO_CRITERION = gettext_lazy(
    "There is no criterion with the code “%(code)s” in this fiscal year's criteria"
)


class SignedIn(BasePermission):
    """For actions whose service asks the policy itself (decide, comment, reply, score,
    screen, transition): the caller only has to be signed in; the service answers 403
    with its own message when the policy says no."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


def _choice_param(request: Request, name: str, choices: list[str], invalid: Any) -> str | None:
    """The parameter `name`, one of `choices`; `invalid` (lazy) is the message for another
    value, with `%(value)s` and `%(choices)s`."""
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    if value not in choices:
        raise bad_request(str(invalid) % {"value": value, "choices": ", ".join(choices)})
    return value


def _proposal(request: Request, pk: int, queryset=None) -> Proposal:
    queryset = js.proposal_queryset() if queryset is None else queryset
    return policy.get_or_404(queryset, request.user, pk=pk)


def _proposal_detail(request: Request, pk: int) -> dict:
    return _detail_response(request, pk).data


def _detail_response(request: Request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The proposal as the detail answers give it, with its version as the ETag."""
    proposal = _proposal(request, pk, js.proposal_detail_queryset())
    data = js.ProposalDetailSerializer(proposal, context={"request": request}).data
    return VersionedView.tagged(Response(data, status=status_code), proposal)


# --------------------------------------------------------------------------- saving


@dataclass
class Change:
    """A proposal as it is stored (a new, unsaved one when created) and the draft of what
    the call sends; nothing is written until `apply`."""

    proposal: Proposal
    draft: intake.ProposalDraft
    created: bool
    changed: bool


def default_proposer(user):
    if policy.roles_of(user) & PROPOSING_ROLES:
        return getattr(user, "organisation", None)
    return None


def to_draft(proposal: Proposal, values: dict) -> intake.ProposalDraft:
    """The values a call sends (validated by the serializer) as the intake's draft."""
    changes: dict[str, Any] = {name: values[name] for name in intake.SCALARS if name in values}
    sent = set(changes)
    if "budget_lines" in values:
        changes["budget"] = {
            (line["fiscal_year_be"], line["category"]): line["amount"]
            for line in values["budget_lines"]
            if line["amount"]
        }
    for name, attributes in (
        ("outputs", ("description", "unit", "quantity")),
        ("indicators", ("name", "unit", "target")),
    ):
        if name in values:
            changes[name] = [tuple(row.get(a) for a in attributes) for row in values[name]]
    for name in ("tags", "locations"):
        if name in values:
            changes[name] = list(values[name])
    return intake.ProposalDraft.of(proposal, **changes, sent=frozenset(sent | set(changes)))


def prepare(user, values: dict, proposal: Proposal | None = None) -> Change:
    """The draft of the values sent for the proposal (a new one when None) and whether
    anything differs from what is saved; nothing is written."""
    created = proposal is None
    if not created and not policy.can(user, Action.CHANGE, proposal):
        # Asked of the proposal as it is, before the values sent move it (into the caller's
        # area, to the caller's body); `apply` asks again of the result.
        raise DjangoPermissionDenied(MSG_MAY_NOT_CHANGE % {"code": proposal.reference_code})
    if created:
        proposal = Proposal()
        if "proposer" not in values:
            values = {**values, "proposer": default_proposer(user)}
    draft = to_draft(proposal, values)
    return Change(proposal, draft, created, intake.differs(proposal, draft))


def authorise(user, change: Change) -> None:
    """May the user make this change? Asked of the proposal as it will be (its area and
    body), with the upload's Thai refusals; nothing is written. That a body proposes only
    in the area it works in is the policy's rule (`ScopeSpec.sender_within_area`), the
    same for the page form and the Excel import."""
    if not change.changed:
        return
    future = intake.preview(change.proposal, change.draft)
    if change.created:
        policy.require(
            user, Action.ADD, future, MSG_MAY_NOT_ADD % {"area": future.area.display_name}
        )
    else:
        policy.require(
            user, Action.CHANGE, future, MSG_MAY_NOT_CHANGE % {"code": future.reference_code}
        )


@transaction.atomic
def apply(user, change: Change, expected_version: int | None = None) -> Proposal:
    """Save a prepared change through the intake (`do_save_proposal`, which asks the policy
    again); nothing is written when nothing differs. Only the fields that differ are
    written (a concurrent change of another field stays); with `expected_version`
    (If-Match) only if nobody changed the proposal since that version (`StaleVersion`)."""
    if not change.changed:
        return change.proposal
    authorise(user, change)
    return intake.do_save_proposal(user, change.draft, change.proposal, expected_version)


# --------------------------------------------------------------------------- proposals


class ProposalList(ServiceView, RestrictedListView):
    """The proposals the caller may read, with their budget and screening verdict, newest
    first (a page at a time: follow the Link header); POST creates one (with its outputs,
    indicators and budget lines)."""

    serializer_class = js.ProposalSerializer
    queryset = Proposal.objects.all()
    pagination_class = CursorPagination
    cursor_ordering = "-pk"

    @extend_schema(
        summary=gettext_lazy("The project proposals you may read"),
        parameters=[
            OpenApiParameter(
                "cycle",
                OpenApiTypes.INT,
                description=gettext_lazy("Fiscal year, B.E. (2569) or C.E. (2026)"),
            ),
            OpenApiParameter("status", OpenApiTypes.STR, enum=ProposalStatus.values),
            OpenApiParameter(
                "source",
                OpenApiTypes.STR,
                enum=ProposerKind.values,
                description=gettext_lazy("The project's source (its proposer)"),
            ),
            OpenApiParameter(
                "province",
                OpenApiTypes.STR,
                description=gettext_lazy("The province's code, e.g. 21"),
            ),
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description=gettext_lazy("Search in the title or the reference code"),
            ),
        ],
        responses={200: js.ProposalSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, proposals):
        request = self.request
        cycle = year_param(request, "cycle")
        if cycle is not None:
            proposals = proposals.filter(cycle__fiscal_year_be=cycle)
        wanted = _choice_param(
            request,
            "status",
            ProposalStatus.values,
            gettext_lazy("The status “%(value)s” is not valid (valid: %(choices)s)"),
        )
        if wanted:
            proposals = proposals.filter(status=wanted)
        source = _choice_param(
            request,
            "source",
            ProposerKind.values,
            gettext_lazy("The project source “%(value)s” is not valid (valid: %(choices)s)"),
        )
        if source:
            proposals = proposals.filter(proposer_kind=source)
        province = request.query_params.get("province", "").strip()
        if province:
            proposals = proposals.filter(province_id=province)
        query = request.query_params.get("q", "").strip()
        if query:
            proposals = proposals.filter(
                Q(title__icontains=query) | Q(reference_code__icontains=query)
            )
        return js.proposal_queryset(proposals).order_by("-cycle__fiscal_year_be", "reference_code")

    @extend_schema(
        summary=gettext_lazy("Propose a project"),
        parameters=[etag_header(201)],
        request=js.ProposalWriteSerializer,
        responses={201: js.ProposalDetailSerializer, **ERRORS},
    )
    def post(self, request):
        data = js.ProposalWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        proposal = apply(request.user, prepare(request.user, data.validated_data))
        return _detail_response(request, proposal.pk, status.HTTP_201_CREATED)


class ProposalDetail(VersionedView, ServiceView):
    """One proposal with its texts, outputs, indicators, budget lines and its review; the
    `ETag` is its version, which a change may send back in `If-Match` (412 if stale)."""

    queryset = Proposal.objects.all()

    @extend_schema(
        parameters=[etag_header(200)],
        responses={200: js.ProposalDetailSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk: int):
        return _detail_response(request, pk)

    @extend_schema(
        summary=gettext_lazy(
            "Change a project proposal (only the fields sent; a list sent replaces the list)"
        ),
        description=gettext_lazy(
            "Only the fields sent are saved, so a change of other fields at the same time is not"
            " lost. Send If-Match (the ETag read) to have it saved only if no one else has"
            " changed this proposal since, else 412"
        ),
        parameters=[IF_MATCH, etag_header(200, 412)],
        request=js.ProposalWriteSerializer,
        responses={
            200: js.ProposalDetailSerializer,
            **ERRORS,
            412: PreconditionFailedSerializer,
        },
    )
    def patch(self, request, pk: int):
        proposal = _proposal(request, pk)
        if not policy.can(request.user, Action.CHANGE, proposal):
            raise DjangoPermissionDenied(MSG_MAY_NOT_CHANGE % {"code": proposal.reference_code})
        expected = self.if_match(request, proposal)
        data = js.ProposalWriteSerializer(
            proposal, data=request.data, partial=True, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        apply(request.user, prepare(request.user, data.validated_data, proposal), expected)
        return _detail_response(request, pk)


def _flatten(errors: Any, prefix: str = "") -> list[tuple[str, str]]:
    """DRF's nested errors as (field path, message): budget_lines[1].amount."""
    if isinstance(errors, dict):
        pairs = []
        for name, value in errors.items():
            if isinstance(name, int):  # a list's errors, by index
                path = f"{prefix}[{name}]"
            else:
                path = name if not prefix else f"{prefix}.{name}"
            if name == api_settings.NON_FIELD_ERRORS_KEY and prefix:
                path = prefix
            pairs.extend(_flatten(value, path))
        return pairs
    if isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            return [(prefix or api_settings.NON_FIELD_ERRORS_KEY, str(e)) for e in errors]
        pairs = []
        for i, value in enumerate(errors):
            if value:
                pairs.extend(_flatten(value, f"{prefix}[{i}]"))
        return pairs
    return [(prefix or api_settings.NON_FIELD_ERRORS_KEY, str(errors))]


class BulkFailed(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: list[dict]):
        failed = len({e["index"] for e in errors})
        self.detail = {"detail": MSG_BULK_FAILED % {"n": failed}, "errors": errors}


def _validate_rows(request: Request, rows: list) -> tuple[list[dict], list[dict]]:
    """Every row checked with the proposal rules; (values per row, errors with index)."""
    errors: list[dict] = []
    values: list[dict] = []
    first_of: dict[tuple[int, str], int] = {}
    for index, row in enumerate(rows):
        code = str(row.get("reference_code", "")) if isinstance(row, dict) else ""
        data = js.ProposalWriteSerializer(
            data=row, check_unique=False, context={"request": request}
        )
        if not data.is_valid():
            errors.extend(
                {"index": index, "reference_code": code, "field": f, "message": m}
                for f, m in _flatten(data.errors)
            )
            values.append({})
            continue
        row_values = dict(data.validated_data)
        key = (row_values["cycle"].pk, row_values["reference_code"])
        if key in first_of:
            errors.append(
                {
                    "index": index,
                    "reference_code": key[1],
                    "field": "reference_code",
                    "message": MSG_TWICE % {"code": key[1], "first": first_of[key]},
                }
            )
        first_of.setdefault(key, index)
        values.append(row_values)
    return values, errors


def _check_bulk_size(rows: object) -> None:
    """A bad request unless the body is a list of 1 to MAX_BULK rows."""
    if not isinstance(rows, list):
        raise bad_request(str(MSG_NOT_A_LIST))
    if not rows:
        raise bad_request(str(MSG_EMPTY))
    if len(rows) > MAX_BULK:
        raise bad_request(MSG_TOO_MANY % {"n": MAX_BULK})


def _change_result(change: Change) -> str:
    if change.created:
        return "created"
    return "updated" if change.changed else "unchanged"


def _bulk_result(changes: list[tuple[int, Change]]) -> dict:
    """The counts and the items of a saved upload, as BulkResultSerializer reads them."""
    items = [
        {
            "index": index,
            "id": change.proposal.pk,
            "reference_code": change.proposal.reference_code,
            "result": _change_result(change),
        }
        for index, change in changes
    ]
    counts = {k: sum(1 for i in items if i["result"] == k) for k in ("created", "updated")}
    counts["unchanged"] = len(items) - counts["created"] - counts["updated"]
    return {**counts, "items": items}


class ProposalBulk(ServiceView):
    """Send many proposals at once (a token client's upload): all are checked first with
    the rules of the upload; one error anywhere and nothing is saved. A proposal already
    in the cycle with the same reference code is changed, so sending the same list again
    changes nothing."""

    queryset = Proposal.objects.all()
    parser_classes = [JSONParser]

    @extend_schema(
        summary=gettext_lazy("Send many project proposals at once (all are saved or none)"),
        request=js.ProposalWriteSerializer(many=True),
        responses={
            200: js.BulkResultSerializer,
            400: js.BulkErrorsSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request):
        rows = request.data
        _check_bulk_size(rows)
        values, errors = _validate_rows(request, rows)
        # Every row is checked against the database too (conflicting codes, refusals),
        # whatever the others' errors, so that one answer lists every problem.
        failed = {e["index"] for e in errors}
        valid = [(i, row) for i, row in enumerate(values) if row and i not in failed]
        changes = self._prepare_changes(request.user, valid, errors)
        if not errors:
            errors.extend(self._apply_changes(request.user, changes))
        if errors:
            raise BulkFailed(sorted(errors, key=lambda e: e["index"]))
        return Response(js.BulkResultSerializer(_bulk_result(changes)).data)

    def _prepare_changes(
        self, user, valid: list[tuple[int, dict]], errors: list[dict]
    ) -> list[tuple[int, Change]]:
        """The change each valid row makes; a row that may not make it adds to `errors`."""
        existing = self._existing([row for _, row in valid])
        changes: list[tuple[int, Change]] = []
        for index, row in valid:
            key = (row["cycle"].pk, row["reference_code"])
            conflict = _conflict(user, row, existing.get(key))
            if conflict:
                errors.append(self._error(index, key[1], "reference_code", conflict))
                continue
            try:
                change = prepare(user, row, existing.get(key))
                authorise(user, change)
            except DjangoPermissionDenied as exc:
                errors.append(self._error(index, key[1], "area", str(exc) or str(MSG_OUTSIDE)))
                continue
            changes.append((index, change))
        return changes

    def _apply_changes(self, user, changes: list[tuple[int, Change]]) -> list[dict]:
        """Every change saved in one transaction, rolled back if any fails; the errors."""
        errors: list[dict] = []
        with transaction.atomic():
            for index, change in changes:
                code = change.proposal.reference_code
                try:
                    apply(user, change)
                except DjangoPermissionDenied as exc:
                    errors.append(self._error(index, code, "area", str(exc)))
                except DjangoValidationError as exc:
                    errors.extend(self._error(index, code, f, m) for f, m in _django_errors(exc))
            if errors:
                transaction.set_rollback(True)
        return errors

    @staticmethod
    def _error(index: int, code: str, name: str, message: str) -> dict:
        return {"index": index, "reference_code": code, "field": name, "message": message}

    @staticmethod
    def _existing(values: list[dict]) -> dict[tuple[int, str], Proposal]:
        """The proposals the rows name by (cycle, reference code), with what `prepare`
        compares."""
        codes: dict[int, set[str]] = {}
        for row in values:
            codes.setdefault(row["cycle"].pk, set()).add(row["reference_code"])
        found: dict[tuple[int, str], Proposal] = {}
        for cycle, named in codes.items():
            proposals = (
                Proposal.objects.filter(cycle_id=cycle, reference_code__in=sorted(named))
                .select_related("area", "proposer", "cluster")
                .prefetch_related("budget_lines", "outputs", "indicators", "tags", "locations")
            )
            found.update({(p.cycle_id, p.reference_code): p for p in proposals})
        return found


def _conflict(user, row: dict, current: Proposal | None) -> str | None:
    """Why a row may not change the proposal of the cycle that has its code (as the upload
    says it), or None."""
    if current is None:
        return None
    code = current.reference_code
    province = row["area"].province_code
    if current.level != row["level"] or current.province_id != province:
        area = Area.objects.get(code=province).display_name
        return MSG_CODE_ELSEWHERE % {"code": code, "area": area}
    if current.proposer_kind != row["proposer_kind"]:
        return MSG_OTHER_SOURCE % {"code": code, "kind": _source_label(current.proposer_kind)}
    if not policy.can(user, Action.CHANGE, current):
        return MSG_MAY_NOT_CHANGE % {"code": code}
    return None


def _source_label(kind: str) -> str:
    return PROPOSER_LABELS.get(kind, kind)


def _django_errors(exc: DjangoValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name, str(m))
            for name, messages in exc.message_dict.items()
            for m in messages
        ]
    return [(api_settings.NON_FIELD_ERRORS_KEY, str(m)) for m in exc.messages]


# --------------------------------------------------------------------------- screening


class ProposalScreening(ServiceView):
    """The automatic screening of a proposal: GET the saved one, POST to run it again."""

    queryset = Proposal.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("The screening's saved result"),
        responses={200: js.ScreeningResultSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk: int):
        proposal = _proposal(request, pk, Proposal.objects.all())
        result = ScreeningResult.objects.filter(proposal=proposal).first()
        if result is None:
            raise Http404(str(MSG_NOT_SCREENED))
        return Response(js.ScreeningResultSerializer(result).data)

    @extend_schema(
        summary=gettext_lazy("Screen by the cycle's criteria"),
        request=None,
        responses={200: js.ScreeningResultSerializer, **ERRORS},
    )
    def post(self, request, pk: int):

        proposal = _proposal(request, pk, Proposal.objects.select_related("cycle__regime"))
        user = request.user
        if not (policy.can(user, Action.CHANGE, proposal) or services.is_reviewer(user, proposal)):
            raise DjangoPermissionDenied(str(MSG_MAY_NOT_SCREEN))
        with transaction.atomic(), set_actor(user):
            screen_proposal(proposal)
        result = ScreeningResult.objects.get(proposal=proposal)
        return Response(js.ScreeningResultSerializer(result).data)


class DraftScreen(ServiceView):
    """Screen a draft before it is sent: eligibility, alignment and the criteria findings.
    Nothing is saved."""

    queryset = Proposal.objects.all()
    permission_classes = [ReadPermission]

    @extend_schema(
        summary=gettext_lazy("Check a draft proposal before it is sent (nothing is saved)"),
        request=js.DraftSerializer,
        responses={200: js.ScreeningSerializer, 400: ErrorSerializer},
    )
    def post(self, request):

        data = js.DraftSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cycle = values["cycle"]
        facts = facts_from_draft(draft_data(values), cycle)
        return Response(screen(facts, cycle.regime).as_dict())


def draft_data(values: dict) -> dict:
    """The draft keyed like a Proposal's fields, as `facts_from_draft` reads it."""
    data = dict(values)
    data["budget"] = data.pop("budget_lines", [])
    return data


# --------------------------------------------------------------------------- similar


def _similar(request: Request, matches, threshold: float) -> dict:
    visible = [m for m in matches if policy.can(request.user, Action.VIEW, m.proposal)]
    return js.SimilarResultSerializer({"threshold": threshold, "matches": visible}).data


class ProposalSimilar(ServiceView):
    """The proposals most like this one: of its cycle, and approved in earlier cycles."""

    queryset = Proposal.objects.all()

    @extend_schema(
        summary=gettext_lazy("Similar projects (possible duplicates)"),
        parameters=[
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=gettext_lazy("1–50; 10 by default")
            )
        ],
        responses={
            200: js.SimilarResultSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request, pk: int):

        proposal = _proposal(request, pk, Proposal.objects.select_related("cycle"))
        limit = int_param(request, "limit")
        limit = 10 if limit is None else limit
        if not 1 <= limit <= 50:
            raise bad_request(_("The parameter “limit” must be between 1 and 50"))
        matches = similar_proposals(proposal, proposal.cycle, k=limit)
        return Response(_similar(request, matches, duplicate_threshold()))


class DraftSimilar(ServiceView):
    """The proposals most like a draft's title and text, with whether each is a likely
    duplicate. Nothing is saved."""

    queryset = Proposal.objects.all()
    permission_classes = [ReadPermission]

    @extend_schema(
        summary=gettext_lazy(
            "Find projects similar to a draft before it is sent (nothing is saved)"
        ),
        request=js.SimilarRequestSerializer,
        responses={200: js.SimilarResultSerializer, 400: ErrorSerializer},
    )
    def post(self, request):

        data = js.SimilarRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        draft = Draft(values["title"], values["text"])
        matches = similar_proposals(draft, values["cycle"], k=values["limit"])
        return Response(_similar(request, matches, duplicate_threshold()))


# --------------------------------------------------------------------------- review


class ProposalMove(ServiceView):
    """Move a proposal along the pipeline: send the full proposal, screened, to the clinic,
    back for changes. Approving and rejecting are decisions (`decision`)."""

    queryset = Proposal.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("Change a project proposal's status"),
        request=js.MoveRequestSerializer,
        responses={200: js.ProposalDetailSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        proposal = _proposal(request, pk, Proposal.objects.select_related("area", "cluster"))
        data = js.MoveRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.move(request.user, proposal, data.validated_data["to_status"])
        return Response(_proposal_detail(request, pk))


class ProposalDecision(ServiceView):
    """A reviewer's decision (approve, return, reject) with its reason."""

    queryset = Proposal.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("Record the decision with its reason"),
        request=js.DecisionRequestSerializer,
        responses={201: js.DecisionSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        proposal = _proposal(request, pk, Proposal.objects.select_related("area", "cluster"))
        data = js.DecisionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        decision = services.decide(request.user, proposal, values["outcome"], values["reason"])
        return Response(js.DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ProposalComments(ServiceView):
    """A reviewer's clinic comment on the proposal or one of its fields."""

    queryset = Proposal.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("Comment (project clinic)"),
        request=js.CommentRequestSerializer,
        responses={201: js.CommentSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        proposal = _proposal(request, pk, Proposal.objects.select_related("area", "cluster"))
        data = js.CommentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        remark = services.comment(request.user, proposal, values["text"], values["field"])
        return Response(js.CommentSerializer(remark).data, status=status.HTTP_201_CREATED)


class CommentReply(ServiceView):
    """The proposer's answer to a clinic comment."""

    queryset = ReviewComment.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("Reply to a comment"),
        request=js.ReplyRequestSerializer,
        responses={200: js.CommentSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        remark = policy.get_or_404(
            ReviewComment.objects.select_related("proposal__area", "author"), request.user, pk=pk
        )
        data = js.ReplyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        remark = services.reply(request.user, remark, data.validated_data["text"])
        return Response(js.CommentSerializer(remark).data)


class ProposalScores(ServiceView):
    """A reviewer's score for one criterion of the cycle (again: the score is changed)."""

    queryset = Proposal.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("Score by a criterion"),
        request=js.ScoreRequestSerializer,
        responses={200: js.ScoreSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        proposal = _proposal(request, pk, Proposal.objects.select_related("cycle", "area"))
        data = js.ScoreRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        code = values["criterion"].strip()
        criterion = Criterion.objects.filter(regime_id=proposal.cycle.regime_id, code=code).first()
        if criterion is None:
            raise bad_request(MSG_NO_CRITERION % {"code": code})
        record = services.score(request.user, proposal, criterion, values["score"], values["note"])
        return Response(js.ScoreSerializer(record).data)


# --------------------------------------------------------------------------- envelopes


class EnvelopeList(EnvelopePost, ServiceView, RestrictedListView):
    """GET: the budget envelopes the caller may read (its province's, its clusters'). POST:
    the national secretariat sets one."""

    serializer_class = js.EnvelopeSerializer
    queryset = Envelope.objects.all()

    @extend_schema(
        summary=gettext_lazy("The budget envelopes of provinces and clusters"),
        parameters=[
            OpenApiParameter(
                "cycle",
                OpenApiTypes.INT,
                description=gettext_lazy("Fiscal year, B.E. (2569) or C.E. (2026)"),
            )
        ],
        responses={200: js.EnvelopeSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, envelopes):
        cycle = year_param(self.request, "cycle")
        if cycle is not None:
            envelopes = envelopes.filter(cycle__fiscal_year_be=cycle)
        return envelopes.select_related("cycle", "province", "cluster").order_by(
            "-cycle__fiscal_year_be", "province_id", "cluster_id"
        )


# --------------------------------------------------------------------------- action plans


class ActionPlanList(ActionPlanPost, ServiceView, RestrictedListView):
    """GET: the annual action plans the caller may read. POST: assemble the draft of a
    province or a cluster from its approved, ranked proposals."""

    serializer_class = js.ActionPlanSerializer
    queryset = ActionPlan.objects.all()

    @extend_schema(
        summary=gettext_lazy("The yearly action plans of provinces and clusters"),
        parameters=[
            OpenApiParameter(
                "cycle",
                OpenApiTypes.INT,
                description=gettext_lazy("Fiscal year, B.E. (2569) or C.E. (2026)"),
            ),
            OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values),
            OpenApiParameter(
                "province",
                OpenApiTypes.STR,
                description=gettext_lazy("The province's code, e.g. 21"),
            ),
        ],
        responses={200: js.ActionPlanSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, plans):
        request = self.request
        cycle = year_param(request, "cycle")
        if cycle is not None:
            plans = plans.filter(cycle__fiscal_year_be=cycle)
        level = _choice_param(
            request,
            "level",
            Level.values,
            gettext_lazy("The level “%(value)s” is not valid (valid: %(choices)s)"),
        )
        if level:
            plans = plans.filter(level=level)
        province = request.query_params.get("province", "").strip()
        if province:
            plans = plans.filter(province_id=province)
        return js.action_plan_queryset(plans).order_by("-cycle__fiscal_year_be", "level", "pk")


class ActionPlanDetail(ServiceView):
    """An action plan with its ranked items (within the envelope or not) and its steps."""

    queryset = ActionPlan.objects.all()

    @extend_schema(responses={200: js.ActionPlanDetailSerializer, 404: ErrorSerializer})
    def get(self, request, pk: int):
        plan = policy.get_or_404(js.action_plan_detail_queryset(), request.user, pk=pk)
        return Response(js.ActionPlanDetailSerializer(plan).data)


class ActionPlanTransitionView(ServiceView):
    """Move an action plan one step (committee, national review, Cabinet, Budget Bureau),
    recording the meeting or letter that decided it."""

    queryset = ActionPlan.objects.all()
    permission_classes = [SignedIn]

    @extend_schema(
        summary=gettext_lazy("Change an action plan's status"),
        request=js.ActionPlanTransitionRequestSerializer,
        responses={200: js.ActionPlanTransitionSerializer, **ERRORS},
    )
    def post(self, request, pk: int):

        plan = policy.get_or_404(
            ActionPlan.objects.select_related("province", "cluster"), request.user, pk=pk
        )
        data = js.ActionPlanTransitionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        record = transition(
            request.user,
            plan,
            values["to_status"],
            decided_by=values["decided_by"],
            decided_on=values.get("decided_on"),
        )
        return Response(js.ActionPlanTransitionSerializer(record).data)
