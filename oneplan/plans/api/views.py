"""The plan API: plans, editions and their strategic chain, the approval chain, yearly
reviews, indicator targets, the plan check and the comparison of editions.

Thin over `oneplan.plans.services`: reads go through the permission policy (`restrict`,
`get_or_404`, so another province's plan is "not found"), writes through the services,
which ask the policy again. A broken rule (Django's ValidationError) answers 400 with its
message(s); a refusal (PermissionDenied) 403 (see `oneplan.api.base.ServiceView`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

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
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans import services
from oneplan.plans.api import serializers as ps
from oneplan.plans.diff import diff_editions
from oneplan.plans.models import Indicator, Plan, PlanEdition, PlanKind
from oneplan.plans.quality import check_edition


def _plan(request: Request, pk: int, action: Action = Action.VIEW) -> Plan:
    return policy.get_or_404(
        Plan.objects.select_related("province", "cluster", "regime"), request.user, action, pk=pk
    )


def _edition_of(request: Request, plan: Plan, name: str, *, required: bool = False):
    """The edition named by query parameter `name`, which must be one of `plan`'s; when the
    parameter is absent (and not required), the plan's latest edition."""
    editions = PlanEdition.objects.filter(plan=plan).restrict(request.user)
    pk = int_param(request, name, required=required)
    if pk is None:
        return editions.select_related("plan").order_by("-number").first()
    edition = editions.select_related("plan").filter(pk=pk).first()
    if edition is None:
        raise bad_request(
            _("The edition %(pk)s named by the parameter “%(name)s” is not an edition of this plan")
            % {"pk": pk, "name": name}
        )
    return edition


def _edition_detail(request: Request, pk: int) -> dict:
    edition = policy.get_or_404(ps.edition_queryset(), request.user, pk=pk)
    return ps.EditionDetailSerializer(edition, context={"request": request}).data


# --------------------------------------------------------------------------- plans


class PlanList(ServiceView, RestrictedListView):
    """The plans the caller may read; POST creates one with its original (draft) edition."""

    serializer_class = ps.PlanSerializer
    queryset = Plan.objects.all()

    @extend_schema(
        summary=gettext_lazy("The province and cluster development plans you may read"),
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=PlanKind.values),
            OpenApiParameter(
                "province",
                OpenApiTypes.STR,
                description=gettext_lazy("The province's code, e.g. 21"),
            ),
            OpenApiParameter(
                "cluster", OpenApiTypes.INT, description=gettext_lazy("The cluster's code")
            ),
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description=gettext_lazy("A fiscal year (B.E.) within the plan's years"),
            ),
        ],
        responses={200: ps.PlanSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, plans):
        params = self.request.query_params
        kind = params.get("kind")
        if kind:
            if kind not in PlanKind.values:
                raise bad_request(
                    _("The plan kind “%(kind)s” is not valid (province or cluster)")
                    % {"kind": kind}
                )
            plans = plans.filter(kind=kind)
        if params.get("province"):
            plans = plans.filter(province_id=params["province"])
        cluster = int_param(self.request, "cluster")
        if cluster is not None:
            plans = plans.filter(cluster_id=cluster)
        year = year_param(self.request, "year")
        if year is not None:
            plans = plans.filter(first_year_be__lte=year, last_year_be__gte=year)
        return ps.plan_queryset(plans)

    @extend_schema(
        summary=gettext_lazy("Create a plan (with its first edition, a draft)"),
        request=ps.PlanCreateSerializer,
        responses={201: ps.PlanSerializer, **ERRORS},
    )
    def post(self, request):
        data = ps.PlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        plan = services.create_plan(
            request.user,
            owner=values.get("province") or values["cluster"],
            first_year_be=values["first_year_be"],
            regime=values.get("regime"),
            title=values.get("title", ""),
        )
        plan = ps.plan_queryset().get(pk=plan.pk)
        return Response(ps.PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanDetail(ServiceView):
    """One plan with its editions."""

    queryset = Plan.objects.all()

    @extend_schema(responses={200: ps.PlanSerializer, 404: ErrorSerializer})
    def get(self, request, pk: int):
        plan = policy.get_or_404(ps.plan_queryset(), request.user, pk=pk)
        return Response(ps.PlanSerializer(plan).data)


class PlanReviews(ServiceView):
    """Start a yearly review: a draft copy of the last approved edition."""

    queryset = Plan.objects.all()

    @extend_schema(
        summary=gettext_lazy("Start the yearly review edition"),
        request=ps.ReviewRequestSerializer,
        responses={201: ps.EditionDetailSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        plan = _plan(request, pk)
        data = ps.ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        edition = services.start_review(request.user, plan, data.validated_data["review_year_be"])
        return Response(_edition_detail(request, edition.pk), status=status.HTTP_201_CREATED)


class PlanCheck(ServiceView):
    """The plan check of the plan's latest edition (or of `?edition=`); it writes nothing."""

    queryset = Plan.objects.all()
    permission_classes = [ReadPermission]

    @extend_schema(
        summary=gettext_lazy("Check the plan's quality"),
        request=None,
        parameters=[
            OpenApiParameter(
                "edition",
                OpenApiTypes.INT,
                description=gettext_lazy("An edition of this plan; not given = the latest"),
            )
        ],
        responses={200: ps.CheckResultSerializer, **ERRORS},
    )
    def post(self, request, pk: int):

        plan = _plan(request, pk)
        edition = _edition_of(request, plan, "edition")
        return Response(check_edition(edition).as_dict())


class PlanDiff(ServiceView):
    """What changed from edition `against` to `edition` (default: the latest) of one plan."""

    queryset = Plan.objects.all()

    @extend_schema(
        summary=gettext_lazy("Compare two editions of the plan"),
        parameters=[
            OpenApiParameter(
                "against",
                OpenApiTypes.INT,
                required=True,
                description=gettext_lazy("The edition compared against (the older)"),
            ),
            OpenApiParameter(
                "edition",
                OpenApiTypes.INT,
                description=gettext_lazy("The edition checked (the newer); not given = the latest"),
            ),
        ],
        responses={200: ps.DiffSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk: int):
        plan = _plan(request, pk)
        against = _edition_of(request, plan, "against", required=True)
        edition = _edition_of(request, plan, "edition")
        return Response(diff_editions(against, edition).as_dict())


# --------------------------------------------------------------------------- editions


class EditionDetail(ServiceView):
    """An edition with its whole strategic chain nested."""

    queryset = PlanEdition.objects.all()

    @extend_schema(responses={200: ps.EditionDetailSerializer, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(_edition_detail(request, pk))


class EditionTransitionView(ServiceView):
    """Move an edition one step along the approval chain."""

    queryset = PlanEdition.objects.all()

    @extend_schema(
        summary=gettext_lazy("Change the edition's status along the approval steps"),
        request=ps.TransitionRequestSerializer,
        responses={200: ps.TransitionSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        edition = policy.get_or_404(PlanEdition.objects.select_related("plan"), request.user, pk=pk)
        data = ps.TransitionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        record = services.transition(
            request.user,
            edition,
            values["to_status"],
            decided_by=values["decided_by"],
            decided_on=values.get("decided_on"),
            note=values.get("note", ""),
        )
        return Response(ps.TransitionSerializer(record).data)


# --------------------------------------------------------------------------- indicators


class IndicatorTargets(ServiceView):
    """Set an indicator's yearly targets; `null` removes a year's target."""

    queryset = Indicator.objects.all()

    @extend_schema(
        summary=gettext_lazy("Set an indicator's yearly targets"),
        request={"application/json": ps.TARGETS_REQUEST_SCHEMA},
        responses={200: ps.TargetsResultSerializer, **ERRORS},
    )
    def patch(self, request, pk: int):
        indicator = policy.get_or_404(
            Indicator.objects.select_related("edition__plan"), request.user, pk=pk
        )
        field = ps.TargetsRequestField()
        try:
            targets = field.run_validation(request.data)
        except exceptions.ValidationError as exc:
            raise exceptions.ValidationError({"targets": exc.detail}) from exc
        changes = services.set_targets(request.user, indicator, targets)
        result = {
            "indicator": indicator.pk,
            "changes": [{"year_be": c.year_be, "old": c.old, "new": c.new} for c in changes],
            "targets": {
                str(t.year_be): ps.decimal_text(t.value)
                for t in indicator.targets.order_by("year_be")
            },
        }
        return Response(ps.TargetsResultSerializer(result).data)
