"""The periods the action plan's results are reported for (six-monthly, year-end ...).

Which reports a province sends is regime data (`Regime.report_periods`, tuned by the national
secretariat); a regime without its own uses `DEFAULT_REPORT_PERIODS`, the two of the 2008
decree: the first half year and the whole year. A period covers the first `months` months
of the fiscal year, so its report runs up to the last day of that month (6: 31 March;
12: 30 September) and is sent during the month after it (the reporting steps of a calendar,
`oneplan.cycles.calendars.add_reporting_steps`; the reports, `oneplan.monitoring.documents`).
"""

from __future__ import annotations

from datetime import date

from oneplan.core.thai import first_of_month, fiscal_year_range, last_of_month
from oneplan.cycles.models import Cycle
from oneplan.cycles.rules import ReportPeriod, ReportPeriods

DEFAULT_REPORT_PERIODS: tuple[ReportPeriod, ...] = (
    ReportPeriod(code="H1", name_th="รอบ 6 เดือน", name_en="Six-monthly", months=6),
    ReportPeriod(code="year", name_th="ประจำปี", name_en="Year-end", months=12),
)
REPORT_PERIODS = ReportPeriods(field="report_periods", default=DEFAULT_REPORT_PERIODS)


def report_periods(cycle: Cycle) -> tuple[ReportPeriod, ...]:
    """The cycle regime's report periods, or `DEFAULT_REPORT_PERIODS` when it has none."""
    return REPORT_PERIODS.of(cycle.regime)


def report_period(cycle: Cycle, code: str) -> ReportPeriod | None:
    """The cycle's period with this code; None when its regime has no such period."""
    return REPORT_PERIODS.get(cycle.regime, code)


def period_end(fiscal_year_be: int, months: int) -> date:
    """The last day of the `months`-th month of the fiscal year (1: 31 October)."""
    first, _last = fiscal_year_range(fiscal_year_be)
    return last_of_month(first_of_month(first, months - 1))
