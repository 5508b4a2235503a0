"""The year's budget steps through the API, by the same services as their pages: the
national secretariat sets a province's or a cluster's envelope (`action_plans.set_envelope`);
the strategy office assembles its draft action plan from the approved, ranked proposals
(`action_plans.assemble`). Mixed into the envelope and action-plan lists as their POST."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from oneplan.api.base import ERRORS, bad_request
from oneplan.areas.models import Area, Cluster
from oneplan.core.thai import parse_year
from oneplan.cycles.models import Cycle
from oneplan.projects import action_plans
from oneplan.projects.api import serializers as js
from oneplan.projects.owners import Owner


class OwnerIn(serializers.Serializer):
    """A fiscal year and whose it is: a province (its code) or a cluster (its id)."""

    fiscal_year = serializers.CharField(help_text="B.E. (2571) or C.E. (2028)")
    province = serializers.CharField(required=False, allow_blank=True)
    cluster = serializers.IntegerField(required=False, allow_null=True)


class EnvelopeIn(OwnerIn):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"))


def _cycle_and_owner(values: dict) -> tuple[Cycle, Owner]:
    try:
        year = parse_year(str(values["fiscal_year"])).be
    except ValueError as exc:
        raise bad_request(str(exc)) from exc
    cycle = Cycle.objects.select_related("regime").filter(fiscal_year_be=year).first()
    if cycle is None:
        raise Http404(_("No planning cycle for the fiscal year %(year)s") % {"year": year})
    province, cluster = values.get("province") or "", values.get("cluster")
    if bool(province) == (cluster is not None):
        raise bad_request(_("Give either the province or the cluster"))
    owner = (
        Area.objects.provinces().filter(code=province).first()
        if province
        else Cluster.objects.filter(pk=cluster).first()
    )
    if owner is None:
        raise Http404(_("No such province or cluster"))
    return cycle, owner


class EnvelopePost:
    @extend_schema(
        summary=gettext_lazy("Set a province's or a cluster's budget envelope"),
        request=EnvelopeIn,
        responses={201: js.EnvelopeSerializer, **ERRORS},
    )
    def post(self, request):
        data = EnvelopeIn(data=request.data)
        data.is_valid(raise_exception=True)
        cycle, owner = _cycle_and_owner(data.validated_data)
        envelope = action_plans.set_envelope(
            request.user, cycle, owner, data.validated_data["amount"]
        )
        return Response(js.EnvelopeSerializer(envelope).data, status=status.HTTP_201_CREATED)


class ActionPlanPost:
    @extend_schema(
        summary=gettext_lazy(
            "Assemble (or refresh) the draft action plan from the approved, ranked proposals"
        ),
        request=OwnerIn,
        responses={201: js.ActionPlanSerializer, **ERRORS},
    )
    def post(self, request):
        data = OwnerIn(data=request.data)
        data.is_valid(raise_exception=True)
        cycle, owner = _cycle_and_owner(data.validated_data)
        plan = action_plans.assemble(request.user, cycle, owner)
        plan = js.action_plan_queryset().get(pk=plan.pk)
        return Response(js.ActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)
