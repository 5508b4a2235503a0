"""The calendars' API: planning cycles (fiscal years) and planning calendars with their
steps, read through the one policy (published calendars without a token); written through
the services of `oneplan.cycles` (`services.create_cycle`, `calendars.create_calendar`,
`copy_calendar`, `save_step`, `delete_step`, `calendar_files.import_xlsx`), which ask the
policy again. A broken rule answers 400 with its message(s), a refusal 403, another
body's calendar 404 (see `oneplan.api.base.ServiceView`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FileUploadParser
from rest_framework.response import Response

from oneplan.api.base import (
    ERRORS,
    ErrorSerializer,
    ImportView,
    RestrictedListView,
    ServiceView,
    bad_request,
    year_param,
)
from oneplan.api.parsers import MultiPartParser
from oneplan.cycles import calendar_files, calendars, services
from oneplan.cycles.api import serializers as cs
from oneplan.cycles.api.serializers import CalendarOut
from oneplan.cycles.models import Calendar, CalendarStep, Cycle, Phase
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

CALENDARS = Calendar.objects.select_related("cycle", "area", "cluster").prefetch_related(
    "steps__phase"
)


def _calendar(request, pk: int, action: Action = Action.VIEW) -> Calendar:
    return policy.get_or_404(CALENDARS, request.user, action, pk=pk)


def _calendar_out(calendar: Calendar) -> dict:
    return CalendarOut(CALENDARS.get(pk=calendar.pk)).data


class CycleList(ServiceView, RestrictedListView):
    """GET: the planning cycles (fiscal years), newest first. POST: the national secretariat
    opens the cycle of a new fiscal year (regime: the current one unless named)."""

    serializer_class = cs.CycleOut
    queryset = Cycle.objects.select_related("regime")

    def narrow(self, found):
        return found.order_by("-fiscal_year_be")

    @extend_schema(
        summary=gettext_lazy("Open the planning cycle of a new fiscal year"),
        request=cs.CycleIn,
        responses={201: cs.CycleOut, **ERRORS},
    )
    def post(self, request):
        data = cs.CycleIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cycle = services.create_cycle(
            request.user, values["fiscal_year_be"], values.get("regime"), values["name"]
        )
        return Response(cs.CycleOut(cycle).data, status=status.HTTP_201_CREATED)


class CalendarList(ServiceView, RestrictedListView):
    """GET: planning calendars with their steps (published ones are read without a token).
    POST: a new, empty calendar of a body for a cycle — the national template (level
    nation, area TH, is_template) or a cluster's, province's or district's own."""

    serializer_class = CalendarOut
    queryset = CALENDARS

    def narrow(self, found):
        year = year_param(self.request, "fiscal_year")
        if year is not None:
            found = found.filter(cycle__fiscal_year_be=year)
        return found.order_by("-cycle__fiscal_year_be", "pk")

    @extend_schema(
        summary=gettext_lazy("Create a planning calendar"),
        request=cs.CalendarIn,
        responses={201: CalendarOut, **ERRORS},
    )
    def post(self, request):
        data = cs.CalendarIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        calendar = calendars.create_calendar(request.user, values.pop("cycle"), **values)
        return Response(_calendar_out(calendar), status=status.HTTP_201_CREATED)


class CalendarDetail(ServiceView):
    """One planning calendar with its steps."""

    queryset = Calendar.objects.all()

    @extend_schema(responses={200: CalendarOut, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(CalendarOut(_calendar(request, pk)).data)


class CalendarCopy(ServiceView):
    """Copy a calendar into a cycle (by default its own) for a body (by default the
    caller's own: the district, province, cluster, or the nation for the secretariat), every
    date moved by the years between the cycles when `shift_years` (29 February to 28
    February; a month stays a whole month; the printed words follow)."""

    queryset = Calendar.objects.all()

    @extend_schema(
        summary=gettext_lazy("Copy a calendar (into the next fiscal year, or a body's own)"),
        request=cs.CalendarCopyIn,
        responses={201: CalendarOut, **ERRORS},
    )
    def post(self, request, pk: int):
        source = _calendar(request, pk)
        data = cs.CalendarCopyIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "level" in values:
            level, area, cluster = values["level"], values.get("area"), values.get("cluster")
        else:
            own = calendars.own_owner(request.user)
            if own is None:
                raise PermissionDenied(calendars.MSG_DENIED)
            level, area, cluster = own.level, own.area, own.cluster
        copy = calendars.copy_calendar(
            request.user,
            source,
            values.get("cycle") or source.cycle,
            level=level,
            area=area,
            cluster=cluster,
            title=values["title"],
            shift_years=values["shift_years"],
        )
        return Response(_calendar_out(copy), status=status.HTTP_201_CREATED)


def _step_values(calendar: Calendar, values: dict) -> dict:
    """The model's fields from a step's JSON (`when` read as officials write it; `phase` a
    code of the cycle's regime)."""
    out = {k: v for k, v in values.items() if k not in ("when", "phase")}
    when = values.get("when")
    if when is not None:
        out.update(
            start=when.start,
            end=when.end,
            precision=when.precision,
            deadline=when.deadline,
            when_text=when.text,
        )
    elif {"start", "end", "precision", "deadline"} & set(values):
        out["when_text"] = ""
    if "phase" in values:
        code = values["phase"] or ""
        phase = Phase.objects.filter(regime=calendar.cycle.regime, code=code).first()
        if code and phase is None:
            raise serializers.ValidationError(
                {"phase": [_("No phase “%(code)s” in the cycle's regime") % {"code": code}]}
            )
        out["phase"] = phase
    return out


class CalendarSteps(ServiceView):
    """Add a step to a calendar the caller may change (number: the next one unless given)."""

    queryset = Calendar.objects.all()

    @extend_schema(
        summary=gettext_lazy("Add a step to a calendar"),
        request=cs.CalendarStepIn,
        responses={201: cs.StepOut, **ERRORS},
    )
    def post(self, request, pk: int):
        calendar = _calendar(request, pk)
        data = cs.CalendarStepIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = _step_values(calendar, data.validated_data)
        values.setdefault("number", calendars.next_number(calendar))
        step = calendars.save_step(request.user, CalendarStep(calendar=calendar, **values))
        return Response(cs.StepOut(step).data, status=status.HTTP_201_CREATED)


class CalendarStepDetail(ServiceView):
    """Change (PATCH: only the fields sent) or remove (DELETE) a step of a calendar."""

    queryset = CalendarStep.objects.all()

    def _step(self, request, pk: int, sid: int) -> CalendarStep:
        calendar = _calendar(request, pk)
        return policy.get_or_404(
            CalendarStep.objects.select_related("calendar__cycle"),
            request.user,
            calendar=calendar,
            pk=sid,
        )

    @extend_schema(
        summary=gettext_lazy("Change a step of a calendar"),
        request=cs.CalendarStepIn(partial=True),
        responses={200: cs.StepOut, **ERRORS},
    )
    def patch(self, request, pk: int, sid: int):
        step = self._step(request, pk, sid)
        data = cs.CalendarStepIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        for name, value in _step_values(step.calendar, data.validated_data).items():
            setattr(step, name, value)
        step = calendars.save_step(request.user, step)
        return Response(cs.StepOut(step).data)

    @extend_schema(
        summary=gettext_lazy("Remove a step of a calendar"),
        responses={204: None, **ERRORS},
    )
    def delete(self, request, pk: int, sid: int):
        calendars.delete_step(request.user, self._step(request, pk, sid))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarImport(ImportView):
    """Replace a calendar's steps with the table of an Excel file (.xlsx, the multipart field
    "file" or the request body): every row checked first, all or nothing; the problems by
    sheet, row and column (a file refused whole: one problem without a row)."""

    queryset = Calendar.objects.all()
    parser_classes = [MultiPartParser, FileUploadParser]
    with_sheet = True

    @extend_schema(
        summary=gettext_lazy("Import a calendar's steps from Excel"),
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={
            200: cs.CalendarImportOut,
            400: cs.CalendarImportRefused,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request, pk: int):
        calendar = _calendar(request, pk)
        upload = request.data.get("file")
        if upload is None:
            raise bad_request(_("Send the calendar table as the file “file”"))
        result = calendar_files.import_xlsx(request.user, calendar, upload)
        if not result.ok:
            return Response(
                {
                    "detail": _("No data was saved"),
                    "errors": cs.CalendarProblemOut(result.errors, many=True).data,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(cs.CalendarImportOut(result).data)
