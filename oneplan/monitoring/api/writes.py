"""The monitoring API's writes, each through the same service as its page: allocations
(`services.allocate`), progress reports (`reports.save`, `submit`, `review`) and the results
report of a period as a document (`documents.report`)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from oneplan.api.base import ERRORS, ServiceView, bad_request, year_param
from oneplan.core.responses import download
from oneplan.cycles import report_periods
from oneplan.cycles.models import Cycle
from oneplan.monitoring import documents, reports, services
from oneplan.monitoring.api.serializers import (
    AllocationIn,
    AllocationOut,
    ReportIn,
    ReportOut,
    ReviewIn,
)
from oneplan.monitoring.models import Allocation, ProgressReport
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.models import ActionPlanItem
from oneplan.projects.owners import owned_by, owner_from_code


class AllocationPost:
    """POST on the allocations: record what a project was allocated in a budget category
    (again for the same project and category: a change — a transfer, a cut — kept in the
    audit log)."""

    @extend_schema(
        summary=gettext_lazy("Record an allocation"),
        request=AllocationIn,
        responses={201: AllocationOut, **ERRORS},
    )
    def post(self, request):
        data = AllocationIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = (
            ActionPlanItem.objects.select_related("action_plan__cycle", "proposal")
            .restrict(request.user)
            .filter(pk=values.pop("item"))
            .first()
        )
        if item is None:
            raise Http404(_("No such project in an action plan"))
        allocation = services.allocate(
            request.user,
            item,
            values.pop("category"),
            values.pop("amount"),
            **{k: v for k, v in values.items() if v is not None},
        )
        allocation = Allocation.objects.select_related("cycle", "item__proposal").get(
            pk=allocation.pk
        )
        return Response(AllocationOut(allocation).data, status=status.HTTP_201_CREATED)


def _outputs(report: ProgressReport, done: list[dict]) -> list[dict]:
    """The report's outputs with what was done, matched by the output's id; an id the
    project does not have is refused."""
    by_output = {o.get("output"): o for o in report.outputs or []}
    unknown = [d["output"] for d in done if d["output"] not in by_output]
    if unknown:
        raise bad_request(
            _("The project has no output with id %(ids)s")
            % {"ids": ", ".join(str(i) for i in unknown)}
        )
    given = {d["output"]: d["done"].strip() for d in done}
    return [
        {**o, "done": given.get(o.get("output"), o.get("done", ""))} for o in report.outputs or []
    ]


# What names the report (chosen when it is first written) and what asks to send it: not
# fields `reports.save` changes.
NOT_SAVED = ("item", "period", "submit")


def _save(request, report: ProgressReport, values: dict) -> ProgressReport:
    fields = {name: value for name, value in values.items() if name not in NOT_SAVED}
    if "outputs" in fields:
        fields["outputs"] = _outputs(report, fields["outputs"])
    report = reports.save(request.user, report, **fields)
    if values.get("submit", False):
        report = reports.submit(request.user, report)
    return report


class ProgressReportPost:
    """POST on the progress reports: the agency writes a project's report of a period (a
    draft; "submit": true sends it to the province). A report of that project and period
    already saved is changed instead."""

    @extend_schema(
        summary=gettext_lazy("Write a progress report"),
        request=ReportIn,
        responses={201: ReportOut, **ERRORS},
    )
    def post(self, request):
        data = ReportIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "item" not in values or "period" not in values:
            raise bad_request(_("Give the project (item) and the period"))
        item, period = reports.item_and_period(request.user, values["item"], values["period"])
        report = _save(request, reports.report_for(item, period), values)
        return Response(ReportOut(report).data, status=status.HTTP_201_CREATED)


def _report(request, pk: int, action: str = Action.VIEW) -> ProgressReport:
    return policy.get_or_404(
        ProgressReport.objects.select_related("item__action_plan"), request.user, action, pk=pk
    )


class ProgressReportDetail(ServiceView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary=gettext_lazy("A progress report"), responses={200: ReportOut, **ERRORS})
    def get(self, request, pk: int):
        return Response(ReportOut(_report(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Change a progress report (a draft or one returned)"),
        request=ReportIn,
        responses={200: ReportOut, **ERRORS},
    )
    def patch(self, request, pk: int):
        report = _report(request, pk)
        data = ReportIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(ReportOut(_save(request, report, dict(data.validated_data))).data)


class ProgressReportSubmit(ServiceView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=gettext_lazy("Submit a progress report to the province"),
        request=None,
        responses={200: ReportOut, **ERRORS},
    )
    def post(self, request, pk: int):
        return Response(ReportOut(reports.submit(request.user, _report(request, pk))).data)


class ProgressReportReview(ServiceView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=gettext_lazy("Accept a submitted report, or return it with a note"),
        request=ReviewIn,
        responses={200: ReportOut, **ERRORS},
    )
    def post(self, request, pk: int):
        data = ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        report = reports.review(
            request.user,
            _report(request, pk),
            data.validated_data["accept"],
            data.validated_data.get("note", ""),
        )
        return Response(ReportOut(report).data)


class ResultReport(ServiceView):
    """The results report of a province (?province=22) or a cluster (?province=c7) for one of
    the cycle regime's periods (?period=H1, the six-monthly; year, the year-end), as a PDF or
    a Word file (?as=pdf or docx), generated from the data as the page prints it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=gettext_lazy("A results report (Word or PDF)"),
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, required=True),
            OpenApiParameter("fiscal_year", OpenApiTypes.INT, required=True),
            OpenApiParameter("period", OpenApiTypes.STR, required=True),
            OpenApiParameter("as", OpenApiTypes.STR, enum=["pdf", "docx"]),
        ],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
    )
    def get(self, request):
        params = request.query_params
        cycle = Cycle.objects.filter(fiscal_year_be=year_param(request, "fiscal_year") or 0).first()
        if cycle is None:
            raise Http404(_("No planning cycle for that fiscal year"))
        owner = owner_from_code(params.get("province", ""))
        if not policy.can(request.user, Action.VIEW, Allocation(cycle=cycle, **owned_by(owner))):
            raise Http404
        kind, fmt = params.get("period", ""), params.get("as", "pdf")
        if report_periods.report_period(cycle, kind) is None:
            raise bad_request(
                _("The cycle's regime has no report period “%(code)s”") % {"code": kind}
            )
        if fmt not in ("pdf", "docx"):
            raise bad_request(_("The format must be pdf or docx"))
        data, content_type = documents.report(owner, cycle, kind, fmt)
        return download(data, f"{documents.title(owner, cycle, kind)}.{fmt}", content_type)
