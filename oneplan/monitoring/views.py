"""Monitoring pages: a province's (or cluster's) disbursement against the target curve, by
project, agency, strategic issue and month, with every number linked to the rows behind it;
the GFMIS import; and the rows waiting for a person to say which allocation they pay."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oneplan.core.dates import ThaiDateField, announce_date_readings
from oneplan.core.responses import download, form_errors, safe_next, service_call
from oneplan.core.thai import fiscal_year_of
from oneplan.cycles import report_periods
from oneplan.cycles.models import Cycle
from oneplan.documents.registry import CSV, XLSX
from oneplan.monitoring import charts, documents, indicators, national, reports, services, tasks
from oneplan.monitoring.models import (
    Allocation,
    IndicatorResult,
    PerformanceIndicator,
    PerformanceScore,
    ProgressReport,
    ReportPhoto,
    Transaction,
)
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.forms import NumberField
from oneplan.plans.models import PlanEdition
from oneplan.projects.forms import AttachmentForm
from oneplan.projects.models import ActionPlan, ActionPlanItem, BudgetCategory
from oneplan.projects.owners import (
    is_cluster,
    owned_by,
    owner_code,
    owner_from_code,
    owner_name,
)


def _context(request: HttpRequest, year: int, code: str):
    cycle = get_object_or_404(Cycle, fiscal_year_be=year)
    owner = owner_from_code(code)
    allocations = (
        services.allocations_of(owner, cycle)
        .select_related("item__proposal")
        .restrict(request.user)
    )
    probe = Allocation(cycle=cycle, **owned_by(owner))
    if not policy.can(request.user, Action.VIEW, probe):
        raise Http404
    return cycle, owner, allocations


@login_required
def dashboard(request: HttpRequest, year: int, code: str) -> HttpResponse:
    cycle, owner, allocations = _context(request, year, code)
    today = timezone.localdate()
    if request.GET.get("format") == "xlsx":
        data = documents.dashboard_xlsx(allocations, services.monthly(allocations, cycle, today))
        return download(data, f"ผลการเบิกจ่าย-{owner_name(owner)}-{cycle.fiscal_year_be}.xlsx", XLSX)
    overall = services.total(allocations)
    points = services.monthly(allocations, cycle, today)
    target_now = services.target_percent(cycle, today)
    unmatched = Transaction.objects.filter(cycle=cycle, allocation__isnull=True).restrict(
        request.user
    )
    if not is_cluster(owner):
        unmatched = unmatched.filter(province=owner)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "cycle": cycle,
            "owner_name": owner_name(owner),
            "code": owner_code(owner),
            "overall": overall,
            "target_now": target_now,
            "behind": overall.percent is not None and overall.percent < target_now,
            "by_project": services.rates_by(allocations, "item"),
            "by_agency": services.rates_by(allocations, "agency"),
            "by_issue": services.rates_by(allocations, "issue"),
            "points": points,
            "chart": charts.line_chart(points),
            "report_periods": report_periods.report_periods(cycle),
            "unmatched": unmatched.count(),
            "is_cluster": is_cluster(owner),
            "can_import": policy.can(
                request.user, Action.CHANGE, Allocation(cycle=cycle, province=owner)
            )
            if not is_cluster(owner)
            else False,
        },
    )


@login_required
def transactions(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """The rows behind a number: of a project (?item=), of an agency (?agency=), of an issue
    (?issue=), or the rows to resolve (?unmatched=1)."""
    cycle, owner, allocations = _context(request, year, code)
    rows = Transaction.objects.filter(cycle=cycle).restrict(request.user)
    title = _("Disbursement rows")
    if request.GET.get("unmatched"):
        rows = rows.filter(allocation__isnull=True)
        if not is_cluster(owner):
            rows = rows.filter(province=owner)
        title = _("Rows that match no allocation")
    else:
        rows = rows.filter(allocation__in=allocations)
        if request.GET.get("item", "").isdigit():
            rows = rows.filter(allocation__item_id=int(request.GET["item"]))
        if request.GET.get("agency"):
            rows = rows.filter(allocation__item__proposal__responsible_agency=request.GET["agency"])
        if request.GET.get("issue", "").isdigit():
            rows = rows.filter(allocation__item__proposal__issue_id=int(request.GET["issue"]))
    rows = rows.select_related("allocation__item__proposal").order_by("document_date", "pk")
    return render(
        request,
        "monitoring/transactions.html",
        {
            "cycle": cycle,
            "owner_name": owner_name(owner),
            "code": owner_code(owner),
            "title": title,
            "rows": rows[:500],
            "count": rows.count(),
            "allocations": allocations.select_related("item__proposal")
            if request.GET.get("unmatched")
            else None,
        },
    )


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    row = policy.get_or_404(Transaction.objects.select_related("cycle"), request.user, pk=pk)
    allocation = None
    if request.POST.get("allocation", "").isdigit():
        allocation = policy.get_or_404(
            Allocation.objects.all(), request.user, pk=int(request.POST["allocation"])
        )
    with service_call(request, _("Saved.")):
        services.resolve(request.user, row, allocation)
    rows_page = reverse("monitoring:transactions", args=[row.cycle.fiscal_year_be, row.province_id])
    return redirect(safe_next(request, f"{rows_page}?unmatched=1"))


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("GFMIS export (CSV or .xlsx)"))


@login_required
def import_page(request: HttpRequest, year: int, code: str) -> HttpResponse:
    cycle, owner, _allocations = _context(request, year, code)
    if is_cluster(owner):
        raise Http404  # provinces import what they disburse, cluster projects included
    if not services.may_import(request.user, owner, cycle):
        raise Http404  # the form only for those the import would let in
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = tasks.start_import(request.user, owner, cycle, form.cleaned_data["file"])
        except tasks.Busy as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:  # the worker imports it; the job page shows its progress, then the result
            return redirect(job)
    return render(
        request,
        "monitoring/import.html",
        {"cycle": cycle, "owner_name": owner_name(owner), "code": code, "form": form},
    )


# --------------------------------------------------------------------------- progress reports


@login_required
def reports_page(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Every project of the action plan × every period: the report's status, late ones red."""
    cycle = get_object_or_404(Cycle, fiscal_year_be=year)
    owner = owner_from_code(code)
    plan = ActionPlan.objects.filter(cycle=cycle, **owned_by(owner)).restrict(request.user).first()
    if plan is None:
        raise Http404
    items = list(
        ActionPlanItem.objects.filter(action_plan=plan)
        .restrict(request.user)
        .select_related("proposal")
        .order_by("rank")
    )
    today = timezone.localdate()
    rows = reports.grid(items, cycle, today)
    return render(
        request,
        "monitoring/reports.html",
        {
            "cycle": cycle,
            "owner_name": owner_name(owner),
            "code": owner_code(owner),
            "rows": rows,
            "periods": [cell.period for cell in rows[0][1]] if rows else [],
            "late": sum(cell.late for _item, cells in rows for cell in cells),
        },
    )


def _attach_to_report(request: HttpRequest, report) -> HttpResponse:
    """A photo or document of the report (checked by type, content and size)."""
    from auditlog.context import set_actor

    if report.pk is None or report.locked or not policy.can(request.user, Action.CHANGE, report):
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        with set_actor(request.user):
            ReportPhoto.objects.create(report=report, file=upload, name=upload.name[:255])
        messages.success(request, _("Saved."))
    else:
        form_errors(request, form)
    return redirect(request.path)


@login_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import FileResponse

    photo = policy.get_or_404(ReportPhoto.objects.all(), request.user, pk=pk)
    return FileResponse(photo.file.open("rb"), as_attachment=True, filename=photo.name)


class ReportForm(forms.Form):
    activities = forms.CharField(
        label=gettext_lazy("activities done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    progress_percent = forms.IntegerField(
        label=gettext_lazy("work done (%)"), min_value=0, max_value=100
    )
    spent = forms.DecimalField(label=gettext_lazy("spent (baht)"), min_value=0, decimal_places=2)
    problems = forms.CharField(
        label=gettext_lazy("problems and obstacles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _save_report(
    request: HttpRequest, report: ProgressReport, form: ReportForm, action: str
) -> None:
    """Review, or save (and submit) the report from the form; ValidationError if it can't."""
    if action in ("accept", "return"):
        reports.review(request.user, report, action == "accept", request.POST.get("note", ""))
    elif form.is_valid():
        outputs = [
            {**o, "done": request.POST.get(f"done-{n}", "").strip()}
            for n, o in enumerate(report.outputs or [])
        ]
        reports.save(request.user, report, outputs=outputs, **form.cleaned_data)
        if action == "submit":
            reports.submit(request.user, report)
    else:
        raise ValidationError(_("Check the fields marked."))


def _post_report(request: HttpRequest, report: ProgressReport, form: ReportForm) -> bool:
    """Carry out the posted action; True once it is saved, False with its errors shown."""
    action = request.POST.get("action", "save")
    try:
        _save_report(request, report, form, action)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, _("Saved."))
    return True


@login_required
def report_page(request: HttpRequest, item_id: int, period: str) -> HttpResponse:
    item, chosen = reports.item_and_period(request.user, item_id, period)
    report = reports.report_for(item, chosen)
    can_write = not report.locked and policy.can(
        request.user, Action.ADD if report.pk is None else Action.CHANGE, report
    )
    form = ReportForm(
        request.POST or None,
        initial={
            "activities": report.activities,
            "progress_percent": report.progress_percent,
            "spent": report.spent,
            "problems": report.problems,
        },
    )
    if request.method == "POST" and request.FILES.get("file"):
        return _attach_to_report(request, report)
    if request.method == "POST" and _post_report(request, report, form):
        return redirect(request.path)
    return render(
        request,
        "monitoring/report.html",
        {
            "item": item,
            "period": chosen,
            "report": report,
            "form": form,
            "can_write": can_write and report.status != "submitted",
            "can_review": reports.is_reviewer(request.user, item) and report.status == "submitted",
            "files": report.files.all() if report.pk else [],
            "file_form": AttachmentForm() if can_write and report.pk else None,
            "code": owner_code(item.action_plan.cluster or item.action_plan.province),
        },
    )


# --------------------------------------------------------------------------- indicators


class ResultForm(forms.Form):
    """The actual value of a plan indicator for a year, with where it came from."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    actual = NumberField(label=gettext_lazy("actual"), max_digits=20, decimal_places=4)
    evidence = forms.CharField(label=gettext_lazy("evidence"), required=False, max_length=2000)
    source = forms.CharField(label=gettext_lazy("data source"), required=False, max_length=300)


@login_required
def indicator_results(request: HttpRequest, edition_id: int, year: int) -> HttpResponse:
    """A plan's indicators for a year: target, actual, achievement, the roll-up per goal and
    issue; the plan's owner records actual values with their evidence."""
    edition = policy.get_or_404(
        PlanEdition.objects.select_related("plan"), request.user, pk=edition_id
    )
    if year not in edition.plan.years:
        raise Http404
    if request.method == "POST":
        form = ResultForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            indicator = get_object_or_404(edition.indicators, pk=data["indicator"])
            with service_call(request, _("Saved.")):
                indicators.record_result(
                    request.user,
                    indicator,
                    year,
                    data["actual"],
                    evidence=data["evidence"],
                    source=data["source"],
                )
        else:
            form_errors(request, form)
        return redirect(request.path)
    probe = IndicatorResult(province=edition.plan.province, cluster=edition.plan.cluster)
    return render(
        request,
        "monitoring/indicators.html",
        {
            "edition": edition,
            "year": year,
            "rows": indicators.achievements(edition, year, user=request.user),
            "rollup": indicators.rollup(edition, year, user=request.user),
            "can_record": policy.can(request.user, Action.ADD, probe),
        },
    )


class ScoreForm(forms.Form):
    """A province's level (0–5, halves allowed) on an agreement indicator and the evidence
    for each of the five levels."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    level = NumberField(
        label=gettext_lazy("level reached"),
        min_value=0,
        max_value=5,
        max_digits=3,
        decimal_places=1,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, 6):
            self.fields[f"evidence-{n}"] = forms.CharField(
                label=_("evidence for level %(n)s") % {"n": n}, required=False, max_length=1000
            )

    def evidence(self) -> dict[str, str]:
        return {str(n): text for n in range(1, 6) if (text := self.cleaned_data[f"evidence-{n}"])}


@login_required
def agreement(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """The performance-agreement indicators that apply to a province, its level on each
    with the evidence, and its weighted total."""
    cycle = get_object_or_404(Cycle, fiscal_year_be=year)
    province = owner_from_code(code)
    if is_cluster(province):
        raise Http404
    probe = PerformanceScore(province=province)
    if not policy.can(request.user, Action.VIEW, probe):
        raise Http404
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            indicator = get_object_or_404(
                PerformanceIndicator.objects.filter(cycle=cycle, applies_to=province),
                pk=form.cleaned_data["indicator"],
            )
            with service_call(request, _("Saved.")):
                indicators.score(
                    request.user,
                    indicator,
                    province,
                    level=form.cleaned_data["level"],
                    evidence=form.evidence(),
                )
        else:
            form_errors(request, form)
        return redirect(request.path)
    rows, total = indicators.agreement(cycle, province, user=request.user)
    return render(
        request,
        "monitoring/agreement.html",
        {
            "cycle": cycle,
            "province": province,
            "rows": rows,
            "total": total,
            "can_score": policy.can(request.user, Action.ADD, probe),
        },
    )


# --------------------------------------------------------------------------- national


@login_required
def national_dashboard(request: HttpRequest, year: int) -> HttpResponse:
    """Every province: plan grade, disbursement rate, indicator achievement, late reports;
    a sortable table, a tile map of the 77 provinces and a CSV of the table."""
    if not policy.reads_everywhere(request.user):
        raise Http404
    cycle = get_object_or_404(Cycle, fiscal_year_be=year)
    today = timezone.localdate()
    rows = national.sort_rows(national.national(cycle, today), request.GET.get("sort", "name"))
    if request.GET.get("format") == "csv":
        return download(documents.national_csv(rows), f"national-{year}.csv", CSV)
    return render(
        request,
        "monitoring/national.html",
        {
            "cycle": cycle,
            "rows": rows,
            "sort": request.GET.get("sort", "name"),
            "average_rate": national.average_rate(rows),
            "target_now": services.target_percent(cycle, today),
            "late_total": sum(r.late_reports for r in rows),
            "clusters": (clusters := national.clusters(cycle, today)),
            "cluster_chart": charts.bar_chart([(c.name, c.rate) for c in clusters]),
        },
    )


@login_required
def monitoring_home(request: HttpRequest) -> HttpResponse:
    """Where "Monitoring" leads: the national view for national roles, else the user's own
    province or cluster, for the last fiscal year that has allocations (else the current)."""
    latest = (
        Allocation.objects.restrict(request.user)
        .order_by("-cycle__fiscal_year_be")
        .values_list("cycle__fiscal_year_be", flat=True)
        .first()
    )
    year = latest or fiscal_year_of(timezone.localdate())
    if policy.reads_everywhere(request.user):
        return redirect("monitoring:national", year=year)
    cluster = next((s.cluster_id for s in policy.scopes_of(request.user) if s.cluster_id), None)
    code = f"c{cluster}" if cluster else policy.home_province_code(request.user)
    if code is None:
        raise Http404
    return redirect("monitoring:dashboard", year=year, code=code)


# --------------------------------------------------------------------------- reports


@login_required
def result_report(request: HttpRequest, year: int, code: str, kind: str, fmt: str) -> HttpResponse:
    """A results report of a province (six-monthly, year-end or another period of the cycle's
    regime), generated from the data."""
    if fmt not in ("docx", "pdf"):
        raise Http404
    cycle, owner, _allocations = _context(request, year, code)
    if report_periods.report_period(cycle, kind) is None:
        raise Http404
    data, content_type = documents.report(owner, cycle, kind, fmt)
    return download(data, f"{documents.title(owner, cycle, kind)}.{fmt}", content_type)


# --------------------------------------------------------------------------- allocations


class AllocationForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=gettext_lazy("budget category"))
    amount = NumberField(
        label=gettext_lazy("amount (baht)"), min_value=0, max_digits=16, decimal_places=2
    )
    budget_code = forms.CharField(label=gettext_lazy("GFMIS budget code"), required=False)
    activity_code = forms.CharField(label=gettext_lazy("GFMIS activity code"), required=False)
    notice = forms.CharField(label=gettext_lazy("allocated by (notice)"), required=False)
    notice_date = ThaiDateField(label=gettext_lazy("notice date"), required=False)
    note = forms.CharField(label=gettext_lazy("note (transfer, cut)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = BudgetCategory.choices


@login_required
def allocations_page(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """The action plan's projects and what each was allocated; the strategy group records
    allocations (a change — a transfer, a cut — is an edit, kept in the audit log)."""
    cycle, owner, allocations = _context(request, year, code)
    plan = ActionPlan.objects.filter(cycle=cycle, **owned_by(owner)).restrict(request.user).first()
    if plan is None:
        raise Http404
    form = AllocationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            announce_date_readings(request, form)
            item = get_object_or_404(plan.items, pk=form.cleaned_data["item"])
            values = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("item", "category", "amount")
            }
            with service_call(request, _("Saved.")):
                services.allocate(
                    request.user,
                    item,
                    form.cleaned_data["category"],
                    form.cleaned_data["amount"],
                    **{k: v or ("" if k != "notice_date" else None) for k, v in values.items()},
                )
        else:
            form_errors(request, form)  # the page shows blank forms: say what was wrong
        return redirect(request.path)
    by_item: dict[int, list] = {}
    for allocation in allocations.order_by("category"):
        by_item.setdefault(allocation.item_id, []).append(allocation)
    items = plan.items.select_related("proposal").order_by("rank")
    probe = Allocation(cycle=cycle, province=plan.province, cluster=plan.cluster)
    return render(
        request,
        "monitoring/allocations.html",
        {
            "cycle": cycle,
            "owner_name": owner_name(owner),
            "code": owner_code(owner),
            "rows": [
                (item, by_item.get(item.pk, []), AllocationForm(auto_id=f"a{item.pk}_%s"))
                for item in items
            ],
            "can_change": policy.can(request.user, Action.CHANGE, probe),
        },
    )
