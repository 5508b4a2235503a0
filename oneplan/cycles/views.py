"""Planning calendars: the list, a calendar as a Gantt chart and a table, its steps, copying
a template, exports (XLSX, PDF, iCalendar) and the Excel import.

Thin views through the one policy: `policy.restrict` for lists, `policy.get_or_404` for one
calendar. A published calendar is read by anyone, signed in or not (the public portal).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.areas.models import Area
from oneplan.core.responses import download
from oneplan.cycles import calendar_files, calendars
from oneplan.cycles.forms import ImportForm, StepForm
from oneplan.cycles.models import (
    Calendar,
    CalendarLevel,
    CalendarStep,
    StepStatus,
)
from oneplan.documents.registry import PDF, XLSX
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

RELATED = ("cycle", "area", "cluster", "copied_from")


def _calendar(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Calendar:
    return policy.get_or_404(Calendar.objects.select_related(*RELATED), request.user, action, pk=pk)


def calendar_list(request: HttpRequest) -> HttpResponse:
    """The calendars the user may read (the published ones for the public), newest first."""
    found = Calendar.objects.select_related(*RELATED).restrict(request.user)
    own_province = _own_province(request.user)
    return render(
        request,
        "cycles/calendar_list.html",
        {
            "calendars": found.order_by("-cycle__fiscal_year_be", "level", "title"),
            "templates": found.filter(is_template=True).order_by("-cycle__fiscal_year_be"),
            "own_province": own_province,
            "may_copy": own_province is not None
            and policy.can(
                request.user,
                Action.ADD,
                Calendar(level=CalendarLevel.PROVINCE, area=own_province),
            ),
        },
    )


def _own_province(user) -> Area | None:
    code = policy.home_province_code(user)
    return Area.objects.filter(code=code).first() if code else None


def calendar_page(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = _calendar(request, pk)
    today = timezone.localdate()
    chart = calendars.gantt(calendar, today, short=calendar.short_dates)
    can_change = policy.can(request.user, Action.CHANGE, calendar)
    return render(
        request,
        "cycles/calendar.html",
        {
            "calendar": calendar,
            "chart": chart,
            "can_change": can_change,
            "today": today,
            "statuses": StepStatus.choices,
        },
    )


@login_required
def step_edit(request: HttpRequest, pk: int, sid: int | None = None) -> HttpResponse:
    calendar = _calendar(request, pk, Action.CHANGE)
    step = (
        CalendarStep(calendar=calendar, number=calendars.next_number(calendar))
        if sid is None
        else CalendarStep.objects.filter(calendar=calendar, pk=sid).first()
    )
    if step is None:
        raise Http404
    form = StepForm(request.POST or None, instance=step, calendar=calendar)
    if request.method == "POST" and form.is_valid():
        try:
            saved = calendars.save_step(request.user, form.save(commit=False))
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            when = form.understood
            note = f" ({when.note})" if when is not None and when.note else ""
            messages.success(
                request,
                _("Step %(number)s saved: %(when)s")
                % {"number": saved.number, "when": calendars.format_when(saved)}
                + note,
            )
            return redirect(calendar)
    return render(request, "cycles/step_form.html", {"form": form, "calendar": calendar})


@login_required
@require_POST
def step_status(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    calendar = _calendar(request, pk, Action.CHANGE)
    step = CalendarStep.objects.filter(calendar=calendar, pk=sid).first()
    status = request.POST.get("status", "")
    if step is None or status not in StepStatus.values:
        raise Http404
    step.status = status
    calendars.save_step(request.user, step)
    messages.success(request, _("Saved."))
    return redirect(f"{calendar.get_absolute_url()}#step-{step.pk}")


@login_required
@require_POST
def calendar_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a calendar (a national template) into the user's own province's calendar."""
    source = _calendar(request, pk)
    province = _own_province(request.user)
    if province is None:
        raise Http404
    try:
        copy = calendars.copy_calendar(
            request.user,
            source,
            source.cycle,
            level=CalendarLevel.PROVINCE,
            area=province,
            title=_copy_title(source, province),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The calendar was copied. Adjust its dates, venues and bodies."))
    return redirect(copy)


def _copy_title(source: Calendar, province: Area) -> str:
    title = source.title.replace("ปฏิทินแม่แบบ", "ปฏิทิน")
    name = province.display_name
    return title if name in title else f"{title} ของ{name}"


@login_required
@require_POST
def calendar_reporting(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = _calendar(request, pk, Action.CHANGE)
    made = calendars.add_reporting_steps(request.user, calendar)
    messages.success(request, _("%(count)s steps were added.") % {"count": len(made)})
    return redirect(calendar)


@login_required
@require_POST
def calendar_publish(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = _calendar(request, pk, Action.CHANGE)
    calendars.set_published(request.user, calendar, request.POST.get("published") == "1")
    messages.success(request, _("Saved."))
    return redirect(calendar)


def calendar_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    calendar = _calendar(request, pk)
    today = timezone.localdate()
    name = calendar_files.filename(calendar)
    if kind == "xlsx":
        return download(calendar_files.to_xlsx(calendar, today), f"{name}.xlsx", XLSX)
    if kind == "pdf":
        thai = request.GET.get("digits", "thai") != "arabic"
        return download(
            calendar_files.to_pdf(calendar, today, thai_digits=thai),
            f"{name}.pdf",
            PDF,
        )
    if kind == "ics":
        return download(calendar_files.to_ics(calendar), f"{name}.ics", "text/calendar")
    raise Http404


@login_required
def calendar_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the calendar's steps with the table of an Excel file: all or nothing."""
    calendar = _calendar(request, pk, Action.CHANGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = calendar_files.import_xlsx(request.user, calendar, form.cleaned_data["file"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if result.ok:
                messages.success(
                    request, _("%(count)s steps were imported.") % {"count": result.steps}
                )
                return redirect(calendar)
    return render(
        request,
        "cycles/calendar_import.html",
        {"form": form, "calendar": calendar, "result": result},
    )
