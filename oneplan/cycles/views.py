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

from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import download, errors_to_form, form_errors
from oneplan.cycles import calendar_files, calendars, services
from oneplan.cycles.forms import CalendarForm, CopyForm, CycleForm, ImportForm, StepForm
from oneplan.cycles.models import (
    Calendar,
    CalendarLevel,
    CalendarStep,
    Cycle,
    StepStatus,
)
from oneplan.documents.registry import PDF, XLSX
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

RELATED = ("cycle", "area", "cluster", "copied_from")
# A service names a calendar's body by its level, area or cluster; the page by "owner".
OWNER_FIELDS = {"area": "owner", "cluster": "owner", "level": "owner"}


def _calendar(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Calendar:
    return policy.get_or_404(Calendar.objects.select_related(*RELATED), request.user, action, pk=pk)


def calendar_list(request: HttpRequest) -> HttpResponse:
    """The calendars the user may read (the published ones for the public), newest first;
    the templates to copy into the user's own calendar."""
    found = Calendar.objects.select_related(*RELATED).restrict(request.user)
    owners = calendars.calendar_owners(request.user)
    own = calendars.own_owner(request.user, owners)
    return render(
        request,
        "cycles/calendar_list.html",
        {
            "calendars": found.order_by("-cycle__fiscal_year_be", "level", "title"),
            "templates": found.filter(is_template=True).order_by("-cycle__fiscal_year_be"),
            "own": own,
            "may_copy": own is not None and own.level != CalendarLevel.NATION,
            "may_create": bool(owners),
            "may_open_year": policy.can_add_any(request.user, Cycle),
        },
    )


def calendar_page(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = _calendar(request, pk)
    today = timezone.localdate()
    chart = calendars.gantt(calendar, today, short=calendar.short_dates)
    can_change = policy.can(request.user, Action.CHANGE, calendar)
    owners = calendars.calendar_owners(request.user) if request.user.is_authenticated else []
    next_cycle = calendars.next_cycle_of(calendar)
    same = calendars.owner_of(calendar)
    return render(
        request,
        "cycles/calendar.html",
        {
            "calendar": calendar,
            "chart": chart,
            "can_change": can_change,
            "today": today,
            "statuses": StepStatus.choices,
            "copy_form": _copy_form(calendar, owners, request.user) if owners else None,
            "next_cycle": next_cycle
            if next_cycle is not None and any(o.key == same.key for o in owners)
            else None,
            "same_owner": same,
        },
    )


def _copy_form(calendar: Calendar, owners: list, user, data=None) -> CopyForm:
    own = calendars.own_owner(user, owners)
    return CopyForm(
        data,
        owners=owners,
        initial={"cycle": calendar.cycle, "owner": own.key if own else None, "shift": False},
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
def step_delete(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    calendar = _calendar(request, pk, Action.CHANGE)
    step = CalendarStep.objects.filter(calendar=calendar, pk=sid).first()
    if step is None:
        raise Http404
    try:
        calendars.delete_step(request.user, step)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Step %(number)s was removed.") % {"number": step.number})
    return redirect(calendar)


@login_required
@require_POST
def calendar_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a calendar: by default the national template into the user's own body's
    calendar of the same cycle; or into any cycle, for any body the user may choose, every
    date moved by the years between the cycles ("shift")."""
    source = _calendar(request, pk)
    owners = calendars.calendar_owners(request.user, source.cycle)
    own = calendars.own_owner(request.user, owners)
    if own is None and not owners:
        raise Http404
    data = request.POST.copy()
    data.setdefault("cycle", str(source.cycle_id))
    if own is not None:
        data.setdefault("owner", own.key)
    form = CopyForm(data, owners=owners)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(source)
    owner = form.chosen_owner()
    cycle = form.cleaned_data["cycle"]
    same_owner = owner.key == calendars.owner_of(source).key
    try:
        copy = calendars.copy_calendar(
            request.user,
            source,
            cycle,
            level=owner.level,
            area=owner.area,
            cluster=owner.cluster,
            title="" if same_owner else _copy_title(source, owner, cycle),
            shift_years=form.cleaned_data["shift"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(source)
    messages.success(request, _("The calendar was copied. Adjust its dates, venues and bodies."))
    return redirect(copy)


def _copy_title(source: Calendar, owner: calendars.Owner, cycle: Cycle) -> str:
    title = calendars.moved_title(source.title, source.cycle, cycle)
    title = title.replace("ปฏิทินแม่แบบ", "ปฏิทิน")
    name = owner.label
    return title if name in title else f"{title} ของ{name}"


@login_required
def calendar_create(request: HttpRequest) -> HttpResponse:
    """A new, empty calendar: the secretariat's national template, or a cluster's,
    province's or district's own calendar of a cycle."""
    owners = calendars.calendar_owners(request.user)
    if not owners:
        raise Http404
    own = calendars.own_owner(request.user, owners)
    form = CalendarForm(
        request.POST or None,
        owners=owners,
        initial={
            "owner": own.key if own else None,
            "cycle": Cycle.objects.order_by("-fiscal_year_be").first(),
            "short_dates": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        owner, values = form.chosen_owner(), form.cleaned_data
        try:
            calendar = calendars.create_calendar(
                request.user,
                values["cycle"],
                level=owner.level,
                area=owner.area,
                cluster=owner.cluster,
                title=values["title"],
                is_template=values["is_template"],
                print_layout=values["print_layout"],
                short_dates=values["short_dates"],
                note=values["note"],
                prepared_by=values["prepared_by"],
                as_of=values["as_of"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            errors_to_form(form, exc, OWNER_FIELDS)
        else:
            announce_date_readings(request, form)
            messages.success(request, _("The calendar was created. Add its steps."))
            return redirect(calendar)
    return render(request, "cycles/calendar_form.html", {"form": form})


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    """The planning cycles (fiscal years); the national secretariat opens the next one."""
    may_add = policy.can_add_any(request.user, Cycle)
    form = CycleForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            values = form.cleaned_data
            try:
                cycle = services.create_cycle(
                    request.user, values["fiscal_year_be"], values["regime"], values["name"]
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("The fiscal year B.E. %(year)s was opened.") % {"year": cycle.fiscal_year_be},
                )
                return redirect("cycles:cycles")
    if form is not None and not form.is_bound:
        last = Cycle.objects.order_by("-fiscal_year_be").first()
        form.initial["fiscal_year_be"] = last.fiscal_year_be + 1 if last else None
    return render(
        request,
        "cycles/cycle_list.html",
        {
            "cycles": Cycle.objects.select_related("regime").order_by("-fiscal_year_be"),
            "form": form,
        },
    )


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
