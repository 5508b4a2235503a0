"""The REST API: thin over the services, through the same permission policy."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from oneplan.api import serializers
from oneplan.api.base import ErrorSerializer, RestrictedListView
from oneplan.api.pagination import CursorPagination
from oneplan.areas import services
from oneplan.areas.models import Area, Cluster
from oneplan.core import jobs
from oneplan.core.models import Job
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation


class ClusterList(RestrictedListView):
    """Province clusters of a regime (`regime=2552` or `2560`); without it, the one in force."""

    serializer_class = serializers.ClusterSerializer
    queryset = (
        Cluster.objects.select_related("regime", "region", "operations_centre")
        .prefetch_related("memberships")
        .order_by("order")
    )

    @extend_schema(
        parameters=[OpenApiParameter("regime", OpenApiTypes.STR, description="2552 or 2560")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def narrow(self, clusters):
        regime = services.resolve_regime(self.request.query_params.get("regime"))
        return clusters.filter(regime=regime)


class ProvinceList(RestrictedListView):
    """All 77 provinces with their DOPA codes."""

    serializer_class = serializers.AreaSerializer
    queryset = Area.objects.provinces().active().order_by("code")


class DistrictList(RestrictedListView):
    """The districts of one province."""

    serializer_class = serializers.AreaSerializer
    queryset = Area.objects.active().order_by("code")

    def narrow(self, areas):
        province = get_object_or_404(Area.objects.provinces(), code=self.kwargs["code"])
        return areas.filter(parent=province)


class AreaSearch(APIView):
    """Areas and clusters by Thai or English name (or a DOPA code prefix)."""

    queryset = Area.objects.all()

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses=serializers.SearchHitSerializer(many=True),
    )
    def get(self, request):
        query = request.query_params.get("q", "")
        regime = services.resolve_regime(request.query_params.get("regime"))
        hits = [
            {
                "kind": "cluster",
                "code": str(c.pk),
                "name_th": c.name_th,
                "name_en": c.name_en,
                "display_name": c.name_th,
                "parent_code": None,
            }
            for c in services.search_clusters(query, regime)
        ] + [
            {
                "kind": a.level,
                "code": a.code,
                "name_th": a.name_th,
                "name_en": a.name_en,
                "display_name": a.display_name,
                "parent_code": a.parent_id,
            }
            for a in services.search_areas(query)
        ]
        return Response(serializers.SearchHitSerializer(hits, many=True).data)


class OrganisationList(RestrictedListView):
    """The bodies the caller may see (token or session), in the order registered."""

    serializer_class = serializers.OrganisationSerializer
    queryset = Organisation.objects.order_by("pk")
    pagination_class = CursorPagination


class JobDetail(APIView):
    """One of the caller's background jobs (a big import sent through the API answers 202
    with its address): its status, progress and, once finished, its result."""

    queryset = Job.objects.all()

    @extend_schema(responses={200: serializers.JobOut, 404: ErrorSerializer})
    def get(self, request, job_id):
        jobs.sweep_stale_jobs(request.user)  # a job whose worker died is told so
        job = policy.get_or_404(
            Job.objects.filter(requested_by=request.user), request.user, pk=job_id
        )
        return Response(serializers.JobOut(job).data)
