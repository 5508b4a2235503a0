"""Progress reports of the action plan's projects (DOMAIN.md §6): periods as the regime sets
them (months or quarters of the fiscal year), the agency's draft and submission, the
province's review (returned with a note, or accepted and then locked), and which reports
are late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.core.thai import first_of_month, fiscal_year_range, format_month_year
from oneplan.cycles.models import Cycle
from oneplan.monitoring.models import ProgressReport, ReportStatus
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects.models import ActionPlanItem


@dataclass(frozen=True)
class Period:
    code: str  # "2569-Q2", "2569-03"
    label: str  # "ไตรมาสที่ 2", "มีนาคม 2569"
    ends: date
    due: date
    starts: date


def periods(cycle: Cycle) -> list[Period]:
    """The reporting periods of a cycle's fiscal year, with their due dates."""
    first, _last = fiscal_year_range(cycle.fiscal_year_be)
    due_days = timedelta(days=cycle.regime.progress_due_days)
    out: list[Period] = []
    if cycle.regime.progress_period == "month":
        for index in range(12):
            month_start = first_of_month(first, index)
            ends = first_of_month(first, index + 1) - timedelta(days=1)
            label = format_month_year(month_start)
            code = f"{cycle.fiscal_year_be}-{month_start.month:02d}"
            out.append(Period(code, label, ends, ends + due_days, month_start))
    else:
        for quarter in range(1, 5):
            ends = first_of_month(first, quarter * 3) - timedelta(days=1)
            out.append(
                Period(
                    f"{cycle.fiscal_year_be}-Q{quarter}",
                    f"ไตรมาสที่ {quarter}",
                    ends,
                    ends + due_days,
                    first_of_month(first, (quarter - 1) * 3),
                )
            )
    return out


def item_and_period(user: Any, item_id: int, code: str) -> tuple[ActionPlanItem, Period]:
    """The action plan project the user may see and its cycle's reporting period with that
    code (e.g. "2569-Q2"), or Http404 (the same for "missing" and "not yours")."""
    item = (
        ActionPlanItem.objects.select_related("proposal", "action_plan__cycle__regime")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not policy.can(user, Action.VIEW, item.proposal):
        raise Http404(_("No such project in an action plan"))
    chosen = next((p for p in periods(item.action_plan.cycle) if p.code == code), None)
    if chosen is None:
        raise Http404(_("The cycle has no reporting period “%(code)s”") % {"code": code})
    return item, chosen


def is_reviewer(user: Any, item: ActionPlanItem) -> bool:
    """Who reviews a project's reports: whoever keeps its action plan (the province's or the
    cluster's strategy office)."""
    return policy.can(user, Action.CHANGE, item.action_plan)


def report_for(item: ActionPlanItem, period: Period) -> ProgressReport:
    """The project's report of a period: the saved one, else a new draft with its targets."""
    found = ProgressReport.objects.filter(item=item, period=period.code).first()
    if found is not None:
        return found
    proposal = item.proposal
    return ProgressReport(
        item=item,
        period=period.code,
        period_end=period.ends,
        area=proposal.area,
        proposer=proposal.proposer,
        outputs=[
            {
                "output": o.pk,
                "description": o.description,
                "unit": o.unit,
                "target": str(o.quantity) if o.quantity is not None else "",
                "done": "",
            }
            for o in proposal.outputs.all()
        ],
    )


@transaction.atomic
def save(user: Any, report: ProgressReport, **values: Any) -> ProgressReport:
    """The agency writes its report (a draft, or one returned to it)."""
    if report.locked or report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _("This report has been submitted or accepted already; it cannot be changed")
        )
    policy.require(
        user,
        Action.ADD if report.pk is None else Action.CHANGE,
        report,
        _("You may not report the progress of this project."),
    )
    for name, value in values.items():
        setattr(report, name, value)
    if report.spent is not None and report.spent < 0:
        raise ValidationError(_("The spending must not be negative"))
    report.full_clean()
    with set_actor(user):
        report.save()
    return report


@transaction.atomic
def submit(user: Any, report: ProgressReport) -> ProgressReport:
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(_("Only a draft report or one returned for changes can be submitted"))
    policy.require(user, Action.CHANGE, report, _("You may not submit this report."))
    with set_actor(user):
        report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
        report.save(update_fields=["status", "submitted_at", "updated_at"])
    return report


@transaction.atomic
def review(user: Any, report: ProgressReport, accept: bool, note: str = "") -> ProgressReport:
    """The province accepts a submitted report (it is then locked) or returns it with a note."""
    if not is_reviewer(user, report.item):
        raise PermissionDenied(_("Only the province that owns the plan may review the report."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed"))
    if not accept and not note.strip():
        raise ValidationError(_("Please say what must be changed when returning the report"))
    with set_actor(user):
        report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
        report.review_note = note.strip()
        report.reviewed_by, report.reviewed_at = user, timezone.now()
        report.save(
            update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
        )
    return report


@dataclass(frozen=True)
class Cell:
    period: Period
    report: ProgressReport | None
    late: bool


def grid(items, cycle: Cycle, today: date) -> list[tuple[ActionPlanItem, list[Cell]]]:
    """Projects × periods: each report's status, and late where due and not submitted."""
    all_periods = [
        p for p in periods(cycle) if p.ends <= today or p.due <= today + timedelta(days=31)
    ]
    reports = {
        (r.item_id, r.period): r
        for r in ProgressReport.objects.filter(item__in=items).only(
            "pk", "item_id", "period", "status"
        )
    }
    rows = []
    for item in items:
        cells = []
        for period in all_periods:
            report = reports.get((item.pk, period.code))
            done = report is not None and report.status in (
                ReportStatus.SUBMITTED,
                ReportStatus.ACCEPTED,
            )
            cells.append(Cell(period, report, period.due < today and not done))
        rows.append((item, cells))
    return rows


def late_count(items, cycle: Cycle, today: date) -> int:
    return sum(cell.late for _item, cells in grid(items, cycle, today) for cell in cells)
