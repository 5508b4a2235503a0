"""Planning calendars (DOMAIN.md §7): when each step happens, what is late, the month-by-month
Gantt chart in Buddhist-Era months, copying a template, and reading the dates officials type.

Plain functions over `Calendar` and `CalendarStep`; the pages, exports and imports call them.

Dates as officials write them (`parse_when`), each giving a `When`:

* "-" or nothing — not yet set;
* "13 มิถุนายน 2560", "๔ เม.ย. ๖๑" — one day (a two-digit year is B.E. 25xx);
* "14 มิถุนายน – 30 กันยายน 2560", "9 – 12 กันยายน 2560" — a range of days;
* "25, 29 และ 31 สิงหาคม 2560" — several days: from the first to the last, the text kept;
* "พ.ค. ๖๑" — a month; "มิ.ย. - ก.ค. ๖๑" — months; "ภายใน พ.ค. ๖๑" — by the end of a month.

A year written in Christian Era (2026) is understood as such and said (`When.note`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import COUNTRY_CODE, Area, AreaLevel, Cluster
from oneplan.core.thai import (
    add_years,
    be_year,
    ce_year,
    last_of_month,
    normalize_text,
    thai_month_name,
    to_arabic_digits,
    to_thai_digits,
)
from oneplan.cycles.models import (
    Calendar,
    CalendarLevel,
    CalendarStep,
    Cycle,
    DatePrecision,
    Phase,
    PrintLayout,
    StepStatus,
)
from oneplan.cycles.report_periods import period_end, report_periods
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

NOT_SET = "-"

# --------------------------------------------------------------------------- reading dates

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    for _name in (thai_month_name(_number), thai_month_name(_number, short=True)):
        _MONTHS[_name.replace(" ", "")] = _number
        _MONTHS[_name.replace(" ", "").replace(".", "")] = _number
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DASH = r"\s*(?:-|–|—|ถึง)\s*"
_YEAR = r"(?:พ\.?\s*ศ\.?\s*|ค\.?\s*ศ\.?\s*)?(\d{2,4})"


@dataclass(frozen=True)
class When:
    """A step's dates as understood: `start`–`end` (equal for one day), to the day or month."""

    start: date | None = None
    end: date | None = None
    precision: str = DatePrecision.DAY
    deadline: bool = False
    text: str = ""  # the words to print when they say more than the dates
    note: str = ""  # what was understood, when it may surprise (a C.E. year)

    @property
    def is_set(self) -> bool:
        return self.start is not None


class WhenError(ValueError):
    """A date text that cannot be read; the message says why."""


def _year(text: str) -> tuple[int, str]:
    """A B.E. year from 2 or 4 digits, and a note when it was read as C.E."""
    value = int(text)
    if value < 100:
        return 2500 + value, ""
    if 1900 <= value <= 2200:
        return be_year(value), _("Year %(year)s read as C.E. (B.E. %(be)s)") % {
            "year": value,
            "be": be_year(value),
        }
    if 2400 <= value <= 2700:
        return value, ""
    raise WhenError(_("Cannot read the year “%(text)s”") % {"text": text})


def _month(text: str) -> int:
    key = text.replace(" ", "")
    month = _MONTHS.get(key) or _MONTHS.get(key.replace(".", ""))
    if month is None:
        raise WhenError(_("Cannot read the month “%(text)s”") % {"text": text})
    return month


def _day(year_be: int, month: int, day: int) -> date:
    try:
        return date(ce_year(year_be), month, day)
    except ValueError as exc:
        raise WhenError(
            _("There is no %(day)s %(month)s %(year)s")
            % {"day": day, "month": thai_month_name(month), "year": year_be}
        ) from exc


def _month_end(year_be: int, month: int) -> date:
    return last_of_month(date(ce_year(year_be), month, 1))


def parse_when(text: str) -> When:
    """Read the dates of a calendar step as officials write them (see the module's doc).

    Raises WhenError (a translated message) for text that is not a date."""
    raw = normalize_text(text or "", arabic_digits=True).strip()
    squashed = re.sub(r"\s+", " ", raw)
    if squashed in ("", "-", "–", "—", "ยังไม่กำหนด"):
        return When()
    deadline = False
    body = squashed
    found = re.match(r"^(?:ภายใน(?:เดือน)?|ไม่เกิน)\s*(.*)$", body)
    if found:
        deadline, body = True, found.group(1)
    month = rf"({_MONTH_RE})"
    patterns = (
        # 14 มิถุนายน – 30 กันยายน 2560
        (rf"^(\d{{1,2}})\s*{month}\s*(?:{_YEAR})?{_DASH}(\d{{1,2}})\s*{month}\s*{_YEAR}$", "dd"),
        # 9 – 12 กันยายน 2560
        (rf"^(\d{{1,2}}){_DASH}(\d{{1,2}})\s*{month}\s*{_YEAR}$", "d-d"),
        # 25, 29 และ 31 สิงหาคม 2560
        (rf"^((?:\d{{1,2}}\s*(?:,|และ)\s*)+\d{{1,2}})\s*{month}\s*{_YEAR}$", "days"),
        # 13 มิถุนายน 2560
        (rf"^(\d{{1,2}})\s*{month}\s*{_YEAR}$", "d"),
        # มิ.ย. - ก.ค. 61
        (rf"^{month}\s*(?:{_YEAR})?{_DASH}{month}\s*{_YEAR}$", "mm"),
        # พ.ค. 61
        (rf"^(?:เดือน)?\s*{month}\s*{_YEAR}$", "m"),
    )
    for pattern, kind in patterns:
        match = re.match(pattern, body)
        if match is None:
            continue
        return _when(kind, match.groups(), deadline, squashed)
    raise WhenError(
        _(
            "Cannot read the date “%(text)s” (write e.g. 13 มิถุนายน 2569, 9 – 12 ก.ย. 2569,"
            " มิ.ย. - ก.ค. 69, ภายใน พ.ค. 69, or - when not yet set)"
        )
        % {"text": text.strip()}
    )


def _when(kind: str, groups: Sequence[str | None], deadline: bool, text: str) -> When:
    notes: list[str] = []

    def year(value: str | None, fallback: int | None = None) -> int:
        if value is None:
            if fallback is None:
                raise WhenError(_("No year given"))
            return fallback
        be, note = _year(value)
        if note and note not in notes:
            notes.append(note)
        return be

    keep = ""
    if kind == "dd":
        d1, m1, y1, d2, m2, y2 = groups
        end_year = year(y2)
        start_month, end_month = _month(m1), _month(m2)
        start_year = year(y1, end_year if start_month <= end_month else end_year - 1)
        start = _day(start_year, start_month, int(d1))
        end = _day(end_year, end_month, int(d2))
        precision = DatePrecision.DAY
    elif kind == "d-d":
        d1, d2, m, y = groups
        be, month = year(y), _month(m)
        start, end = _day(be, month, int(d1)), _day(be, month, int(d2))
        precision = DatePrecision.DAY
    elif kind == "days":
        days, m, y = groups
        numbers = [int(n) for n in re.findall(r"\d{1,2}", days)]
        be, month = year(y), _month(m)
        start, end = _day(be, month, min(numbers)), _day(be, month, max(numbers))
        for n in numbers:
            _day(be, month, n)
        precision, keep = DatePrecision.DAY, text
    elif kind == "d":
        d, m, y = groups
        start = end = _day(year(y), _month(m), int(d))
        precision = DatePrecision.DAY
    elif kind == "mm":
        m1, y1, m2, y2 = groups
        end_year = year(y2)
        start_month, end_month = _month(m1), _month(m2)
        start_year = year(y1, end_year if start_month <= end_month else end_year - 1)
        start = _day(start_year, start_month, 1)
        end = _month_end(end_year, end_month)
        precision = DatePrecision.MONTH
    else:  # "m"
        m, y = groups
        be, month = year(y), _month(m)
        start, end = _day(be, month, 1), _month_end(be, month)
        precision = DatePrecision.MONTH
    if end < start:
        raise WhenError(_("The end comes before the start in “%(text)s”") % {"text": text})
    return When(start, end, precision, deadline, keep, "; ".join(notes))


# --------------------------------------------------------------------------- printing dates


def _short_year(d: date) -> str:
    return str(be_year(d.year))[-2:]


def format_when(
    step: CalendarStep | When, *, short: bool = False, thai_digits: bool = False
) -> str:
    """A step's dates as a calendar prints them: "13 มิถุนายน 2560" or, `short`, "๔ เม.ย. ๖๑"."""
    text = getattr(step, "when_text", None) if isinstance(step, CalendarStep) else step.text
    start, end = step.start, step.end
    if text:
        out = text
    elif start is None:
        out = NOT_SET
    else:
        end = end or start
        out = _format_range(start, end, step.precision, short)
        if step.deadline:
            out = f"ภายใน {out}"
    return to_thai_digits(out) if thai_digits else out


def _format_range(start: date, end: date, precision: str, short: bool) -> str:
    def month(d: date) -> str:
        return thai_month_name(d.month, short=short)

    def year(d: date) -> str:
        return _short_year(d) if short else str(be_year(d.year))

    if precision == DatePrecision.MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return f"{month(start)} {year(start)}"
        if start.year == end.year:
            return f"{month(start)} - {month(end)} {year(end)}"
        return f"{month(start)} {year(start)} - {month(end)} {year(end)}"
    if start == end:
        return f"{start.day} {month(start)} {year(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} – {end.day} {month(end)} {year(end)}"
    if start.year == end.year:
        return f"{start.day} {month(start)} – {end.day} {month(end)} {year(end)}"
    return f"{start.day} {month(start)} {year(start)} – {end.day} {month(end)} {year(end)}"


# --------------------------------------------------------------------------- late and due


def last_day(step: CalendarStep) -> date | None:
    return step.end or step.start


def is_late(step: CalendarStep, today: date) -> bool:
    """Planned, dated, and its last day has passed."""
    last = last_day(step)
    return step.status == StepStatus.PLANNED and last is not None and last < today


def is_due_soon(step: CalendarStep, today: date, days: int | None = None) -> bool:
    """Planned and its last day falls within the next `days` days (today included); by
    default the deployment's `ONEPLAN_DUE_SOON_DAYS` (14)."""
    if days is None:
        days = settings.ONEPLAN_DUE_SOON_DAYS
    last = last_day(step)
    return (
        step.status == StepStatus.PLANNED
        and last is not None
        and today <= last <= today + timedelta(days=days)
    )


# --------------------------------------------------------------------------- Gantt


@dataclass(frozen=True)
class Month:
    year_be: int
    month: int

    @property
    def first(self) -> date:
        return date(ce_year(self.year_be), self.month, 1)

    @property
    def last(self) -> date:
        return _month_end(self.year_be, self.month)

    @property
    def label(self) -> str:
        return thai_month_name(self.month, short=True)

    def next(self) -> Month:
        if self.month == 12:
            return Month(self.year_be + 1, 1)
        return Month(self.year_be, self.month + 1)


@dataclass(frozen=True)
class GanttRow:
    step: CalendarStep
    marks: tuple[str, ...]  # per month: "" | "bar" (↔) | "dot" (●)
    when: str
    late: bool
    due_soon: bool


@dataclass(frozen=True)
class GanttGroup:
    phase: Phase | None
    rows: tuple[GanttRow, ...]


@dataclass(frozen=True)
class Gantt:
    months: tuple[Month, ...]
    groups: tuple[GanttGroup, ...]
    years: tuple[tuple[int, int], ...] = field(default=())  # (B.E. year, months in it)

    @property
    def late(self) -> list[GanttRow]:
        return [row for group in self.groups for row in group.rows if row.late]


def months_between(first: date, last: date) -> list[Month]:
    month = Month(be_year(first.year), first.month)
    end = Month(be_year(last.year), last.month)
    out = [month]
    while out[-1] != end:
        out.append(out[-1].next())
    return out


def calendar_months(steps: Iterable[CalendarStep], cycle: Cycle | None = None) -> list[Month]:
    """The months the chart shows: whole calendar years around the dated steps (as the
    printed calendars do: ม.ค.–ธ.ค. of พ.ศ. 2561), or the cycle's fiscal year when none."""
    dates = [d for s in steps for d in (s.start, s.end) if d is not None]
    if not dates:
        if cycle is None:
            return []
        first = date(ce_year(cycle.fiscal_year_be) - 1, 10, 1)
        return months_between(first, date(first.year + 1, 9, 30))
    first, last = min(dates), max(dates)
    span = months_between(first, last)
    if len(span) <= 12:  # one calendar year if it fits, else just the span
        if first.year == last.year:
            return months_between(date(first.year, 1, 1), date(first.year, 12, 31))
    return span


def _marks(
    step: CalendarStep, months: Sequence[Month], from_day: date | None = None
) -> tuple[str, ...]:
    """Per month: "dot" for a one-day step, "bar" for every month a step spans. A step due
    "by" a month (ภายใน) also covers the month before, from the calendar's "as of" date
    when that is later (as seed 003 draws "ภายใน พ.ค." from its April "as of")."""
    if step.start is None:
        return tuple("" for _ in months)
    start, end = step.start, step.end or step.start
    if step.deadline and from_day is not None and from_day < start:
        month_before = (start.replace(day=1) - timedelta(days=1)).replace(day=1)
        start = max(from_day, month_before)
    single_day = step.precision == DatePrecision.DAY and start == end
    marks = []
    for month in months:
        inside = start <= month.last and end >= month.first
        marks.append(("dot" if single_day else "bar") if inside else "")
    return tuple(marks)


def gantt(calendar: Calendar, today: date, *, short: bool = True) -> Gantt:
    """The calendar as a month-by-month chart, its steps grouped by phase in their order."""
    steps = list(calendar.steps.select_related("phase").order_by("number", "pk"))
    months = calendar_months(steps, calendar.cycle)
    groups: list[GanttGroup] = []
    for step in steps:
        row = GanttRow(
            step,
            _marks(step, months, calendar.as_of),
            format_when(step, short=short),
            is_late(step, today),
            is_due_soon(step, today),
        )
        if groups and groups[-1].phase == step.phase:
            groups[-1] = GanttGroup(groups[-1].phase, (*groups[-1].rows, row))
        else:
            groups.append(GanttGroup(step.phase, (row,)))
    years: list[tuple[int, int]] = []
    for month in months:
        if years and years[-1][0] == month.year_be:
            years[-1] = (month.year_be, years[-1][1] + 1)
        else:
            years.append((month.year_be, 1))
    return Gantt(tuple(months), tuple(groups), tuple(years))


# --------------------------------------------------------------------------- changes


# What `policy.require` says of a calendar.
MSG_DENIED = gettext_lazy("You may not change this calendar.")


STEP_FIELDS = (
    "number",
    "action",
    "phase",
    "responsible",
    "start",
    "end",
    "precision",
    "deadline",
    "when_text",
    "venue",
    "notes",
    "status",
    "done_on",
)


# --------------------------------------------------------------------------- a year on


# A year written after a month ("สิงหาคม 2560", "ส.ค. พ.ศ. 60"): the one a move changes.
_MONTH_YEAR = re.compile(
    rf"({_MONTH_RE})(\s*(?:พ\.?\s*ศ\.?\s*|ค\.?\s*ศ\.?\s*)?)(\d{{4}}|\d{{2}})(?!\d)"
)


def _moved_text(text: str, years: int, moved: When) -> str:
    """The words of a step's dates `years` later: every year written after a month moved
    (2560 → 2561, ๖๐ → ๖๑), kept only when they still read as the moved dates (else the
    dates print from `start` and `end`)."""
    if not text or not years:
        return text
    arabic = to_arabic_digits(text)

    def bump(match: re.Match[str]) -> str:
        digits = match.group(3)
        year = int(digits) + years
        value = str(year) if len(digits) == 4 else f"{year % 100:02d}"
        return f"{match.group(1)}{match.group(2)}{value}"

    out = _MONTH_YEAR.sub(bump, arabic)
    try:
        again = parse_when(out)
    except WhenError:
        return ""
    if (again.start, again.end) != (moved.start, moved.end):
        return ""
    return to_thai_digits(out) if arabic != text else out


def moved_when(step: CalendarStep, years: int) -> When:
    """A step's dates `years` later, to the same precision: a day to the same day (29
    February to 28 February in a common year), a month to the whole same month; "by" a
    date stays "by"; the printed words follow the new dates."""
    if step.start is None or not years:
        return When(step.start, step.end, step.precision, step.deadline, step.when_text)
    start = add_years(step.start, years)
    end = add_years(step.end, years) if step.end is not None else None
    if step.precision == DatePrecision.MONTH:
        start = start.replace(day=1)
        end = last_of_month(end) if end is not None else None
    text = _moved_text(step.when_text, years, When(start, end or start))
    return When(start, end, step.precision, step.deadline, text)


def moved_title(title: str, source: Cycle, cycle: Cycle) -> str:
    """A title naming the source's fiscal year names the new one instead."""
    if source.fiscal_year_be == cycle.fiscal_year_be:
        return title
    old, new = str(source.fiscal_year_be), str(cycle.fiscal_year_be)
    return title.replace(old, new).replace(to_thai_digits(old), to_thai_digits(new))


def _framed_by(source: Calendar, step: CalendarStep, cycle: Cycle, level: str) -> Any:
    """The national step a copied step follows: the source's own step when a national
    calendar is copied into a body's; within one cycle the one the source step followed;
    none in another cycle (last year's national steps do not frame next year's)."""
    if source.level == CalendarLevel.NATION and level != CalendarLevel.NATION:
        return step if cycle.pk == source.cycle_id else None
    return step.framed_by if cycle.pk == source.cycle_id else None


@transaction.atomic
def copy_calendar(
    user: Any,
    source: Calendar,
    cycle: Cycle,
    *,
    level: str,
    area: Any = None,
    cluster: Any = None,
    title: str = "",
    shift_years: bool = False,
    is_template: bool | None = None,
) -> Calendar:
    """Copy a calendar (a national template, or last year's) into a body's own, for a
    cycle; the copy's steps follow the national steps they were copied from.

    `shift_years`: every date moves by the years between the source's cycle and `cycle`
    (`moved_when`), the calendar's "as of" date too, and a title naming the old fiscal
    year names the new one. A copy stays a template only when a national template is
    copied into a national calendar (unless `is_template` says otherwise)."""
    policy.require(user, Action.VIEW, source, MSG_DENIED)
    years = cycle.fiscal_year_be - source.cycle.fiscal_year_be if shift_years else 0
    try:
        as_of = add_years(source.as_of, years) if source.as_of and years else None
    except ValueError as exc:
        raise ValidationError(
            _("The dates cannot be moved %(years)s years.") % {"years": years}
        ) from exc
    if is_template is None:
        is_template = source.is_template and level == CalendarLevel.NATION
    copy = Calendar(
        cycle=cycle,
        level=level,
        area=area,
        cluster=cluster,
        title=title or (moved_title(source.title, source.cycle, cycle) if years else source.title),
        is_template=is_template,
        copied_from=source,
        print_layout=source.print_layout,
        short_dates=source.short_dates,
        note=source.note,
        prepared_by=source.prepared_by,
        as_of=as_of,
    )
    policy.require(user, Action.ADD, copy, MSG_DENIED)
    with set_actor(user):
        copy.full_clean()
        copy.save()
        for step in source.steps.order_by("number", "pk"):
            values = {name: getattr(step, name) for name in STEP_FIELDS}
            values["status"], values["done_on"] = StepStatus.PLANNED, None
            if years:
                try:
                    when = moved_when(step, years)
                except ValueError as exc:  # beyond the years a date can hold
                    raise ValidationError(
                        _("The dates cannot be moved %(years)s years.") % {"years": years}
                    ) from exc
                values["start"], values["end"], values["when_text"] = (
                    when.start,
                    when.end,
                    when.text,
                )
            if values["phase"] is not None and values["phase"].regime_id != cycle.regime_id:
                values["phase"] = _same_phase(values["phase"], cycle)
            moved = CalendarStep(
                calendar=copy, framed_by=_framed_by(source, step, cycle, level), **values
            )
            moved.full_clean()
            moved.save()
    return copy


def _same_phase(phase: Phase, cycle: Cycle) -> Phase | None:
    """The phase of the cycle's regime with the same code (None when it has none)."""
    return Phase.objects.filter(regime=cycle.regime, code=phase.code).first()


def next_cycle_of(calendar: Calendar) -> Cycle | None:
    return Cycle.objects.filter(fiscal_year_be=calendar.cycle.fiscal_year_be + 1).first()


def copy_to_next_cycle(user: Any, calendar: Calendar, cycle: Cycle | None = None) -> Calendar:
    """Last year's calendar (any level) into the next fiscal year's, for the same body, with
    every date moved a year (see `copy_calendar`)."""
    cycle = cycle or next_cycle_of(calendar)
    if cycle is None:
        raise ValidationError(
            {
                "cycle": _("Create the fiscal year B.E. %(year)s first.")
                % {"year": calendar.cycle.fiscal_year_be + 1}
            }
        )
    return copy_calendar(
        user,
        calendar,
        cycle,
        level=calendar.level,
        area=calendar.area,
        cluster=calendar.cluster,
        shift_years=True,
    )


@dataclass(frozen=True)
class Owner:
    """A body a calendar may belong to: the nation (the country), a cluster, a province or a
    district; `key` names it in a form ("area:21", "cluster:5")."""

    key: str
    label: str
    level: str
    area: Area | None = None
    cluster: Cluster | None = None


LEVEL_OF_AREA = {
    AreaLevel.COUNTRY: CalendarLevel.NATION,
    AreaLevel.PROVINCE: CalendarLevel.PROVINCE,
    AreaLevel.DISTRICT: CalendarLevel.DISTRICT,
}


def owner_of(calendar: Calendar) -> Owner:
    if calendar.cluster is not None:
        return Owner(
            f"cluster:{calendar.cluster.pk}",
            calendar.cluster.name_th,
            calendar.level,
            None,
            calendar.cluster,
        )
    area = calendar.area
    return Owner(f"area:{area.code}", area.display_name, calendar.level, area)


def calendar_owners(user: Any, cycle: Cycle | None = None) -> list[Owner]:
    """The bodies whose calendars the user may create, as the policy says: the secretariat
    any (the nation first), a cluster office its cluster, a province's strategy group its
    province (and its districts), a district office its district."""
    if not policy.can_add_any(user, Calendar):
        return []
    reach = policy.area_reach(user, Action.CHANGE)
    areas = Area.objects.filter(level__in=list(LEVEL_OF_AREA)).active()
    if reach is not None:
        areas = areas.filter(
            reduce(operator.or_, (Q(code__startswith=p) for p in sorted(reach)), Q(pk__in=[]))
        )
    owners = [
        Owner(f"area:{area.code}", area.display_name, LEVEL_OF_AREA[area.level], area)
        for area in areas.order_by("code")
    ]
    regime = cycle.regime.cluster_regime_id if cycle is not None else None
    clusters = (
        Cluster.objects.filter(regime_id=regime)
        if regime is not None
        else Cluster.objects.filter(regime__in_force=True)
    )
    owners += [
        Owner(f"cluster:{c.pk}", c.name_th, CalendarLevel.CLUSTER, None, c)
        for c in clusters.order_by("order", "pk")
    ]
    allowed = [
        o
        for o in owners
        if policy.can(user, Action.ADD, Calendar(level=o.level, area=o.area, cluster=o.cluster))
    ]
    order = [CalendarLevel.NATION, CalendarLevel.CLUSTER, CalendarLevel.PROVINCE]
    return sorted(allowed, key=lambda o: order.index(o.level) if o.level in order else 3)


def own_owner(user: Any, owners: list[Owner] | None = None) -> Owner | None:
    """The user's own body among `owners` (by default those the user may create calendars
    for): a district office's district, a province's province, a cluster office's cluster,
    the secretariat's nation."""
    owners = calendar_owners(user) if owners is None else owners
    by_key = {o.key: o for o in owners}
    for scope in policy.scopes_of(user):
        if scope.cluster_id is not None:
            key = f"cluster:{scope.cluster_id}"
        else:
            key = f"area:{scope.area_code or COUNTRY_CODE}"
        if key in by_key:
            return by_key[key]
    return None


@transaction.atomic
def create_calendar(
    user: Any,
    cycle: Cycle,
    *,
    level: str,
    area: Any = None,
    cluster: Any = None,
    title: str,
    is_template: bool = False,
    print_layout: str = PrintLayout.GANTT,
    short_dates: bool = True,
    note: str = "",
    prepared_by: str = "",
    as_of: date | None = None,
) -> Calendar:
    """A new, empty calendar of a body for a cycle (the national template is the nation's,
    marked `is_template`; the country when no area is named); the policy decides who may own
    it; audited."""
    if level == CalendarLevel.NATION and area is None:
        area = Area.objects.filter(code=COUNTRY_CODE).first()
    calendar = Calendar(
        cycle=cycle,
        level=level,
        area=area,
        cluster=cluster,
        title=title,
        is_template=is_template,
        print_layout=print_layout,
        short_dates=short_dates,
        note=note,
        prepared_by=prepared_by,
        as_of=as_of,
    )
    policy.require(user, Action.ADD, calendar, MSG_DENIED)
    calendar.full_clean()
    with set_actor(user):
        calendar.save()
    return calendar


@transaction.atomic
def delete_step(user: Any, step: CalendarStep) -> None:
    """Remove a step of a calendar the user may change; audited."""
    policy.require(user, Action.DELETE, step, MSG_DENIED)
    with set_actor(user):
        step.delete()


@transaction.atomic
def save_step(user: Any, step: CalendarStep) -> CalendarStep:
    """Add or change a step after the policy says yes; audited."""
    policy.require(user, Action.CHANGE, step.calendar, MSG_DENIED)
    if step.status == StepStatus.DONE and step.done_on is None:
        step.done_on = date.today()
    if step.status != StepStatus.DONE:
        step.done_on = None
    step.full_clean()
    with set_actor(user):
        step.save()
    return step


@transaction.atomic
def set_published(user: Any, calendar: Calendar, published: bool) -> Calendar:
    """Publish a calendar to the public portal, or take it back."""
    policy.require(user, Action.CHANGE, calendar, MSG_DENIED)
    with set_actor(user):
        calendar.published = published
        calendar.save(update_fields=["published", "updated_at"])
    return calendar


def next_number(calendar: Calendar) -> int:
    numbers = calendar.steps.values_list("number", flat=True)
    return max(numbers, default=0) + 1


def check_when(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end": _("The end date comes before the start date.")})


_REPORT = "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการประจำปีงบประมาณ"


@transaction.atomic
def add_reporting_steps(user: Any, calendar: Calendar) -> list[CalendarStep]:
    """The reporting calendar of the cycle's year (DOMAIN.md §6): a report for each period of
    the cycle's regime (`oneplan.cycles.report_periods`; by default the six-monthly report in
    the month after March and the year-end report in the month after September), each due
    by the end of that month. Skipped when the calendar has them already."""
    policy.require(user, Action.CHANGE, calendar, MSG_DENIED)
    year = calendar.cycle.fiscal_year_be
    national = calendar.cycle.regime.national_body
    wanted = [
        (
            f"{_REPORT} พ.ศ. {year} {period.name_th} ต่อ{national}",
            period_end(year, period.months) + timedelta(days=1),
        )
        for period in report_periods(calendar.cycle)
    ]
    existing = set(calendar.steps.values_list("action", flat=True))
    made = []
    with set_actor(user):
        for action, start in wanted:
            if action in existing:
                continue
            made.append(
                CalendarStep.objects.create(
                    calendar=calendar,
                    number=next_number(calendar),
                    action=action,
                    responsible="สำนักงานจังหวัด\nส่วนราชการที่รับผิดชอบโครงการ",
                    start=start,
                    end=last_of_month(start),
                    precision=DatePrecision.MONTH,
                    deadline=True,
                )
            )
    return made
