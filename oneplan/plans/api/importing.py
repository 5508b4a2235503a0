"""An edition's strategic chain from Excel through the API, as the import page does it
(`plans.importing`): GET the template prefilled with the edition, POST it back filled in —
all of it, or nothing with every problem by sheet, row and column."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FileUploadParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from oneplan.api.base import ERRORS, ImportView, bad_request
from oneplan.api.parsers import MultiPartParser
from oneplan.core.responses import download
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.importing import (
    XLSX_CONTENT_TYPE,
    build_template,
    import_workbook,
    template_filename,
)
from oneplan.plans.models import PlanEdition


class PlanImportProblem(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class PlanImportCounts(serializers.Serializer):
    sheet = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class PlanImportOut(serializers.Serializer):
    detail = serializers.CharField()
    counts = PlanImportCounts(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    errors = PlanImportProblem(many=True)


def _edition(request, pk: int) -> PlanEdition:
    return policy.get_or_404(
        PlanEdition.objects.select_related("plan"), request.user, Action.CHANGE, pk=pk
    )


class EditionImport(ImportView):
    """GET: the template (.xlsx) prefilled with the edition. POST: the filled-in template
    (multipart field "file", or the body) imported into the edition; every 400 in the
    import's shape, a file refused whole (not a workbook, too big) too."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FileUploadParser]
    with_sheet = True

    @extend_schema(
        summary=gettext_lazy("The edition's import template (.xlsx)"),
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
    )
    def get(self, request, pk: int):
        edition = _edition(request, pk)
        return download(build_template(edition), template_filename(edition), XLSX_CONTENT_TYPE)

    @extend_schema(
        summary=gettext_lazy("Import the edition's strategic chain from the filled-in template"),
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={200: PlanImportOut, 400: PlanImportOut, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request, pk: int):
        edition = _edition(request, pk)
        upload = request.data.get("file")
        if upload is None:
            raise bad_request(_("Send the filled-in template as the field “file”"))
        result = import_workbook(request.user, edition, upload)
        answer = {
            "detail": _("Imported") if result.ok else _("No data was saved"),
            "counts": [vars(c) for c in result.counts.values()],
            "notes": [str(n) for n in result.notes],
            "errors": [vars(p) for p in result.errors],
        }
        code = status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST
        return Response(PlanImportOut(answer).data, status=code)
