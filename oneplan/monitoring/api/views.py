"""The monitoring API: allocations, disbursement imports (a GFMIS file sent by a token client
goes through the same checks as the upload page), progress reports, indicator results and
performance scores — read through the one policy."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FileUploadParser
from rest_framework.response import Response

from oneplan.api.base import (
    ErrorSerializer,
    ImportView,
    RestrictedListView,
    ServiceView,
    year_param,
)
from oneplan.api.pagination import CursorPagination
from oneplan.api.parsers import MultiPartParser
from oneplan.api.serializers import JobOut
from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.monitoring import services, tasks
from oneplan.monitoring.api.serializers import (
    AllocationOut,
    ImportOut,
    ImportRefused,
    ProblemOut,
    ReportOut,
    ResultOut,
    ScoreOut,
)
from oneplan.monitoring.api.writes import AllocationPost, ProgressReportPost
from oneplan.monitoring.models import (
    Allocation,
    DisbursementImport,
    IndicatorResult,
    PerformanceScore,
    ProgressReport,
)


class AllocationList(AllocationPost, ServiceView, RestrictedListView):
    """GET: what each project of the action plans was allocated (?fiscal_year=2569), in the
    order recorded. POST: record an allocation."""

    serializer_class = AllocationOut
    queryset = Allocation.objects.select_related("cycle", "item__proposal")
    pagination_class = CursorPagination

    def narrow(self, found):
        year = year_param(self.request, "fiscal_year")
        return (found.filter(cycle__fiscal_year_be=year) if year else found).order_by("pk")


class DisbursementImports(ImportView, RestrictedListView):
    """GET: the imports the user may read, newest first. POST: import a GFMIS export (CSV
    or .xlsx, as the request body or a multipart field "file") for
    ?province=21&fiscal_year=2569 — every row checked first, all or nothing, rows already
    imported counted once. A file over
    ONEPLAN_INLINE_IMPORT_BYTES is imported by the background worker: 202 with the job
    (its address in Location: GET /api/v1/jobs/<id> for the progress and the result)."""

    serializer_class = ImportOut
    queryset = DisbursementImport.objects.order_by("-imported_at")
    pagination_class = CursorPagination
    cursor_ordering = "-pk"
    parser_classes = [MultiPartParser, FileUploadParser]

    @extend_schema(
        summary=gettext_lazy("Import disbursements from GFMIS"),
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, required=True),
            OpenApiParameter(
                "fiscal_year",
                OpenApiTypes.INT,
                required=True,
                description=gettext_lazy("Fiscal year, B.E. (2569) or C.E. (2026)"),
            ),
        ],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={
            201: ImportOut,
            202: JobOut,
            400: ImportRefused,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request):
        province = (
            Area.objects.provinces().filter(code=request.query_params.get("province", "")).first()
        )
        cycle = Cycle.objects.filter(fiscal_year_be=year_param(request, "fiscal_year") or 0).first()
        upload = request.data.get("file")
        if province is None or cycle is None or upload is None:
            return Response(
                {"detail": _("Give the province, the fiscal_year and the file"), "errors": []},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if getattr(upload, "size", 0) > settings.ONEPLAN_INLINE_IMPORT_BYTES:
            return self._start_job(request, province, cycle, upload)
        result = services.import_disbursements(
            request.user, province, cycle, upload.read(), getattr(upload, "name", "api.csv")
        )
        if not result.ok:
            return Response(
                {
                    "detail": _("No data was saved"),
                    "errors": ProblemOut(result.errors, many=True).data,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ImportOut(result.source).data, status=status.HTTP_201_CREATED)

    def _start_job(self, request, province: Area, cycle: Cycle, upload) -> Response:
        """A big export is imported by the worker, as from the upload page: 202 with the
        job's address (GET it for the progress, then the counts or every problem)."""
        try:
            job = tasks.start_import(request.user, province, cycle, upload)
        except tasks.Busy as exc:
            return Response(
                {"detail": str(exc), "errors": []}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        url = reverse("api:job", kwargs={"job_id": job.pk})
        return Response(
            JobOut(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": url}
        )


class ProgressReportList(ProgressReportPost, ServiceView, RestrictedListView):
    """GET: progress reports of the action plans' projects that the caller may read. POST:
    write one. In the order written."""

    serializer_class = ReportOut
    queryset = ProgressReport.objects.order_by("pk")
    pagination_class = CursorPagination


class IndicatorResultList(RestrictedListView):
    """Results reported for the plans' indicators that the caller may read, in the order
    reported."""

    serializer_class = ResultOut
    queryset = IndicatorResult.objects.order_by("pk")
    pagination_class = CursorPagination


class PerformanceScoreList(RestrictedListView):
    """Milestone scores of the performance indicators that the caller may read, in the order
    recorded."""

    serializer_class = ScoreOut
    queryset = PerformanceScore.objects.select_related("indicator").order_by("pk")
    pagination_class = CursorPagination
