"""Needs at scale through the API: a province's villages from a file, needs as a JSON list
(all or nothing, every problem by index and field) and needs from an Excel file in the
template's layouts (every problem by sheet, row and column). The same imports as the pages
(`participation.villages_import`, `participation.needs_import`), through the one policy:
a refusal answers 403 and writes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FileUploadParser
from rest_framework.response import Response

from oneplan.api.base import ErrorSerializer, ImportView, ServiceView, bad_request, year_param
from oneplan.api.fields import ThaiDateField
from oneplan.api.parsers import JSONParser, MultiPartParser
from oneplan.areas.models import Area
from oneplan.participation import needs_import, villages_import
from oneplan.participation.models import Need, NeedLevel, NeedSource

MSG_FAILED = gettext_lazy("Nothing was saved: %(n)s items have problems")
FILE_BODY = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    }
}


# --------------------------------------------------------------------------- serializers


class NeedsFileProblemOut(serializers.Serializer):
    sheet = serializers.CharField(allow_blank=True, help_text=gettext_lazy("Empty for a CSV"))
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class NeedsFileRefusedOut(serializers.Serializer):
    detail = serializers.CharField()
    errors = NeedsFileProblemOut(many=True)


class VillagesImportedOut(serializers.Serializer):
    added = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class NeedsImportedOut(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    sheets = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Needs read from each sheet")
    )


class NeedIn(serializers.Serializer):
    """One need of the list; `area` is the DOPA code of a village, sub-district or district."""

    fiscal_year = serializers.IntegerField(help_text=gettext_lazy("The cycle's fiscal year (B.E.)"))
    area = serializers.CharField(help_text=gettext_lazy("DOPA code, e.g. 21010101"))
    title = serializers.CharField(allow_blank=True)
    detail = serializers.CharField(required=False, allow_blank=True, default="")
    project_idea = serializers.CharField(required=False, allow_blank=True, default="")
    budget = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    priority = serializers.IntegerField(required=False, allow_null=True, default=None)
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("The category's code or Thai name"),
    )
    source = serializers.ChoiceField(choices=NeedSource.choices, default=NeedSource.VILLAGE_PLAN)
    raised_by_level = serializers.ChoiceField(
        choices=NeedLevel.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("By default the level of the area"),
    )
    beyond_capacity = serializers.BooleanField(required=False, default=False)
    raised_on = ThaiDateField(required=False, allow_null=True, default=None)


# The draft's field → the JSON key.
JSON_KEYS = {"area_code": "area"}


class NeedBulkProblemOut(serializers.Serializer):
    index = serializers.IntegerField(help_text=gettext_lazy("The need's position in the list"))
    field = serializers.CharField()
    message = serializers.CharField()


class NeedBulkRefusedOut(serializers.Serializer):
    detail = serializers.CharField()
    errors = NeedBulkProblemOut(many=True, required=False)


class NeedBulkItemOut(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.IntegerField()
    result = serializers.ChoiceField(choices=["created", "updated"])


class NeedBulkSavedOut(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    items = NeedBulkItemOut(many=True)


# --------------------------------------------------------------------------- villages


class VillagesImport(ImportView):
    """Import the villages of a province from a CSV or .xlsx file (columns รหัสหมู่บ้าน,
    หมู่ที่, ชื่อหมู่บ้าน): all or nothing; a village already recorded is updated."""

    queryset = Area.objects.all()
    parser_classes = [MultiPartParser, FileUploadParser]
    with_sheet = True  # a CSV's problems, and the file's as a whole, name the sheet ""

    @extend_schema(
        summary=gettext_lazy("Import the villages of a province (all or nothing)"),
        request=FILE_BODY,
        responses={
            200: VillagesImportedOut,
            400: NeedsFileRefusedOut,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request, code: str):
        province = Area.objects.provinces().filter(code=code).first()
        if province is None:
            raise exceptions.NotFound()
        if not villages_import.may_import(request.user, province):
            raise exceptions.PermissionDenied(
                _("You may not import the villages of %(province)s")
                % {"province": province.display_name}
            )
        upload = _upload(request)
        result = villages_import.import_villages(request.user, province, upload)
        if not result.ok:
            return _file_refused(result.errors)
        return Response(VillagesImportedOut(result).data)


def _upload(request):
    upload = request.data.get("file")
    if upload is None:
        raise bad_request(_("Send the file in the field “file”"))
    return upload


def _file_refused(errors) -> Response:
    """The file's rows refused: every problem, and nothing saved."""
    return Response(
        {"detail": str(ImportView.refused), "errors": NeedsFileProblemOut(errors, many=True).data},
        status=status.HTTP_400_BAD_REQUEST,
    )


# --------------------------------------------------------------------------- needs


def _draft(values: dict) -> needs_import.NeedDraft:
    return needs_import.NeedDraft(
        fiscal_year=values["fiscal_year"],
        area_code=values["area"],
        title=values["title"],
        detail=values["detail"],
        project_idea=values["project_idea"],
        budget=values["budget"],
        priority=values["priority"],
        category=values["category"],
        source=values["source"],
        raised_by_level=values["raised_by_level"],
        beyond_capacity=values["beyond_capacity"],
        raised_on=values["raised_on"],
    )


def _bulk_errors(problems) -> list[dict]:
    return [
        {"index": index, "field": JSON_KEYS.get(p.column, p.column), "message": p.message}
        for index, p in problems
    ]


def _bulk_answer(problems, code: int) -> Response:
    errors = _bulk_errors(problems)
    failed = len({e["index"] for e in errors})
    return Response({"detail": MSG_FAILED % {"n": failed}, "errors": errors}, status=code)


class NeedsBulk(ServiceView):
    """Record many needs at once (a JSON list): all are checked first, one problem anywhere
    and nothing is saved; every problem is answered with the need's index and field. A need
    already recorded in the cycle for the same area with the same title is updated."""

    queryset = Need.objects.all()
    parser_classes = [JSONParser]

    @extend_schema(
        summary=gettext_lazy("Record many needs at once (all are saved or none)"),
        request=NeedIn(many=True),
        responses={200: NeedBulkSavedOut, 400: NeedBulkRefusedOut, 403: NeedBulkRefusedOut},
    )
    def post(self, request):
        rows = request.data
        if not isinstance(rows, list) or not rows:
            raise bad_request(_("Send a list of needs (at least one)"))
        if len(rows) > needs_import.MAX_BULK:
            raise bad_request(
                _("Send at most %(n)s needs at once") % {"n": f"{needs_import.MAX_BULK:,}"}
            )
        drafts: list[needs_import.NeedDraft] = []
        shape_errors: list[dict] = []
        for index, row in enumerate(rows):
            data = NeedIn(data=row if isinstance(row, dict) else {})
            if not data.is_valid():
                shape_errors.extend(
                    {"index": index, "field": name, "message": str(message)}
                    for name, messages in data.errors.items()
                    for message in (messages if isinstance(messages, list) else [messages])
                )
                drafts.append(needs_import.NeedDraft(fiscal_year=None, area_code="", title=""))
                continue
            drafts.append(_draft(data.validated_data))
        refused = needs_import.refused(request.user, drafts)
        if refused:
            return _bulk_answer(refused, status.HTTP_403_FORBIDDEN)
        failed = {e["index"] for e in shape_errors}
        problems = [
            (i, p) for i, p in needs_import.validate_all(request.user, drafts) if i not in failed
        ]
        if shape_errors or problems:
            errors = sorted(shape_errors + _bulk_errors(problems), key=lambda e: e["index"])
            failed_count = len({e["index"] for e in errors})
            return Response(
                {"detail": MSG_FAILED % {"n": failed_count}, "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        saved = needs_import.save_needs(request.user, drafts)
        items = [
            {"index": index, "id": need.pk, "result": "created" if new else "updated"}
            for index, (need, new) in enumerate(saved.items)
        ]
        return Response(
            {"created": len(saved.created), "updated": len(saved.updated), "items": items}
        )


class NeedsImport(ImportView):
    """Import needs from an Excel file in the template's layouts (the village plan's and the
    forum summary's sheets) for ?province=21&fiscal_year=2570: all or nothing, every
    problem by sheet, row and column."""

    queryset = Need.objects.all()
    parser_classes = [MultiPartParser, FileUploadParser]
    with_sheet = True

    @extend_schema(
        summary=gettext_lazy("Import needs from Excel (all or nothing)"),
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, required=True),
            OpenApiParameter(
                "fiscal_year",
                OpenApiTypes.INT,
                required=True,
                description=gettext_lazy("Fiscal year, B.E. (2570) or C.E. (2027)"),
            ),
        ],
        request=FILE_BODY,
        responses={
            200: NeedsImportedOut,
            400: NeedsFileRefusedOut,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request):
        code = request.query_params.get("province", "")
        province = Area.objects.provinces().filter(code=code).first()
        if province is None:
            raise bad_request(_("Give the province's code (?province=21)"))
        if not needs_import.may_import_in(request.user, province):
            raise exceptions.PermissionDenied(
                _("You may not record needs in %(province)s") % {"province": province.display_name}
            )
        year = year_param(request, "fiscal_year")
        upload = _upload(request)
        result = needs_import.import_workbook(request.user, upload, year, province)
        if not result.ok:
            return _file_refused(result.errors)
        return Response(NeedsImportedOut(result).data)
