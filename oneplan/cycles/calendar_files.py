"""A calendar in and out of files: XLSX (the table and the chart), PDF in the layout of the
printed calendars (a table of steps, as Rayong's; a Gantt chart by B.E. month, as Samut
Sakhon's), iCalendar for office calendars, and the Excel import of a calendar table.

The import follows the house rule: the workbook read by `documents.workbook` (within
settings.ONEPLAN_IMPORT_LIMITS["calendar"]), every problem by sheet, row and column in Thai,
and nothing written unless the whole table is good; then the calendar's steps are replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.core.thai import format_date_full, normalize_text, to_thai_digits
from oneplan.cycles import calendars
from oneplan.cycles.models import Calendar, CalendarStep, Phase, PrintLayout, StepStatus
from oneplan.documents import pdf, workbook, xlsx
from oneplan.documents.workbook import Problem, match_key
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

LIMITS = "calendar"  # the upload's limits: settings.ONEPLAN_IMPORT_LIMITS["calendar"]
MAX_STEPS = 500
HEADER_SCAN_ROWS = 12
BAR, DOT = "↔", "●"
STATUS_TH = {
    StepStatus.PLANNED: "ตามแผน",
    StepStatus.DONE: "ดำเนินการแล้ว",
    StepStatus.CANCELLED: "ยกเลิก",
}


def filename(calendar: Calendar) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "-", calendar.title)[:120].strip("-")
    return name or f"ปฏิทิน-{calendar.pk}"


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def _remarks(step: CalendarStep) -> str:
    return " ".join(part for part in (step.venue, step.notes) if part)


# --------------------------------------------------------------------------- XLSX out

TABLE_HEADERS = ["ที่", "ขั้นตอนหลัก", "การดำเนินการ", "ผู้ดำเนินการ", "เวลา", "สถานที่", "หมายเหตุ", "สถานะ"]


def to_xlsx(calendar: Calendar, today: date) -> bytes:
    """Two sheets: the table of steps (importable again) and the month-by-month chart."""
    chart = calendars.gantt(calendar, today, short=calendar.short_dates)
    workbook = xlsx.new_workbook()
    _add_table_sheet(workbook, chart)
    _add_chart_sheet(workbook, chart)
    return xlsx.to_bytes(workbook)


def _table_row(row: calendars.GanttRow) -> list[Any]:
    """A step as a row of the table sheet."""
    step = row.step
    return [
        step.number,
        step.phase.name if step.phase else None,
        step.action,
        step.responsible or None,
        row.when,
        step.venue or None,
        step.notes or None,
        STATUS_TH.get(step.status, step.status) + (" (ล่าช้า)" if row.late else ""),
    ]


def _add_table_sheet(book: Workbook, chart: calendars.Gantt) -> None:
    """The table of steps, in the columns the import reads."""
    rows = [_table_row(row) for group in chart.groups for row in group.rows]
    table = xlsx.add_sheet(
        book, "ปฏิทิน", TABLE_HEADERS, rows, widths=[6, 20, 60, 30, 22, 24, 30, 16]
    )
    for line in table.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _add_chart_sheet(book: Workbook, chart: calendars.Gantt) -> None:
    """The chart: a row per step (under its phase's name) with its months marked."""
    sheet = book.create_sheet("แผนภูมิ")
    headers = ["ขั้นตอน", "วันเดือนปี", *(m.label for m in chart.months), "หน่วยงานที่เกี่ยวข้อง"]
    xlsx.write_row(sheet, 2, headers, header=True)
    column = 3
    for year, count in chart.years:
        xlsx.write_cell(sheet.cell(row=1, column=column), f"พ.ศ. {year}").font = Font(bold=True)
        column += count
    line = 3
    for group in chart.groups:
        if group.phase is not None:
            xlsx.write_cell(sheet.cell(row=line, column=1), group.phase.name).font = Font(bold=True)
            line += 1
        for row in group.rows:
            _write_chart_row(sheet, line, row, len(chart.months))
            line += 1
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 18
    for index in range(len(chart.months)):
        sheet.column_dimensions[get_column_letter(3 + index)].width = 6
    sheet.column_dimensions[get_column_letter(3 + len(chart.months))].width = 34
    sheet.freeze_panes = "C3"


def _write_chart_row(sheet: Worksheet, line: int, row: calendars.GanttRow, months: int) -> None:
    """A step's line of the chart: its text, its time, its months marked, who does it."""
    fill = PatternFill("solid", fgColor="9DC3E6")
    late_fill = PatternFill("solid", fgColor="F4B183")
    xlsx.write_cell(sheet.cell(row=line, column=1), f"{row.step.number}. {row.step.action}")
    xlsx.write_cell(sheet.cell(row=line, column=2), row.when)
    for index, mark in enumerate(row.marks):
        if mark:
            cell = sheet.cell(row=line, column=3 + index)
            cell.value = DOT if mark == "dot" else BAR
            cell.fill = late_fill if row.late else fill
            cell.alignment = Alignment(horizontal="center")
    last = 3 + months
    xlsx.write_cell(sheet.cell(row=line, column=last), "\n".join(_lines(row.step.responsible)))
    for cell in sheet[line]:
        cell.alignment = Alignment(
            wrap_text=True, vertical="top", horizontal=cell.alignment.horizontal
        )


# --------------------------------------------------------------------------- PDF


def print_html(calendar: Calendar, today: date, *, thai_digits: bool = True) -> str:
    """The print HTML, in the calendar's layout: a table of steps or a Gantt chart."""
    chart = calendars.gantt(calendar, today, short=calendar.short_dates)

    def digits(text: str) -> str:
        return to_thai_digits(text) if thai_digits else text

    rows = [
        {
            "number": digits(str(row.step.number)),
            "action": digits(row.step.action),
            "responsible": [digits(t) for t in _lines(row.step.responsible)],
            "when": digits(row.when),
            "remarks": digits(_remarks(row.step)),
            "marks": row.marks,
            "late": row.late,
            "done": row.step.status == StepStatus.DONE,
        }
        for group in chart.groups
        for row in group.rows
    ]
    groups = [
        {
            "phase": group.phase.name if group.phase else "",
            "rows": [
                rows[sum(len(g.rows) for g in chart.groups[:i]) + j] for j in range(len(group.rows))
            ],
        }
        for i, group in enumerate(chart.groups)
    ]
    as_of = digits(f"ข้อมูล ณ วันที่ {format_date_full(calendar.as_of)}") if calendar.as_of else ""
    return render_to_string(
        "cycles/calendar_print.html",
        {
            "calendar": calendar,
            "title_lines": [digits(t) for t in _title_lines(calendar)],
            "gantt": calendar.print_layout == PrintLayout.GANTT,
            "groups": groups,
            "months": [m.label for m in chart.months],
            "years": [(digits(f"พ.ศ. {y}"), n) for y, n in chart.years],
            "note": digits(calendar.note),
            "prepared_by": [digits(t) for t in _lines(calendar.prepared_by)],
            "as_of": as_of,
            "font_family": pdf.FONT_FAMILY,
            "font_faces": pdf.font_face_css(),
            "late_count": len(chart.late),
            "today": digits(format_date_full(today)),
            "show_status": calendar.cycle.fiscal_year_be >= 2566,
        },
    )


def _title_lines(calendar: Calendar) -> list[str]:
    """The seeds' table calendars print "ปฏิทิน" above the rest of the title."""
    title = calendar.title
    if calendar.print_layout == PrintLayout.TABLE and title.startswith("ปฏิทิน"):
        rest = title[len("ปฏิทิน") :].strip()
        return ["ปฏิทิน", rest] if rest else [title]
    return [title]


def to_pdf(calendar: Calendar, today: date, *, thai_digits: bool = True) -> bytes:
    return pdf.html_to_pdf(print_html(calendar, today, thai_digits=thai_digits))


# --------------------------------------------------------------------------- iCalendar


def to_ics(calendar: Calendar) -> bytes:
    """Every dated step as an all-day event (its whole span), for office calendars."""
    from icalendar import Calendar as ICalendar
    from icalendar import Event

    ical = ICalendar()
    ical.add("prodid", "-//OnePlan//ปฏิทินการจัดทำแผน//TH")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", calendar.title)
    stamp = datetime.now().astimezone()
    for step in calendar.steps.order_by("number", "pk"):
        if step.start is None:
            continue
        event = Event()
        event.add("uid", f"oneplan-calendar-{calendar.pk}-step-{step.pk}")
        event.add("dtstamp", stamp)
        event.add("summary", f"{step.number}. {step.action}")
        event.add("dtstart", step.start)
        event.add("dtend", (step.end or step.start) + timedelta(days=1))  # exclusive
        description = [
            f"เวลา: {calendars.format_when(step)}",
            *(f"ผู้ดำเนินการ: {t}" for t in _lines(step.responsible)),
            step.notes,
        ]
        event.add("description", "\n".join(d for d in description if d))
        if step.venue:
            event.add("location", step.venue)
        if step.status == StepStatus.DONE:
            event.add("status", "CONFIRMED")
        elif step.status == StepStatus.CANCELLED:
            event.add("status", "CANCELLED")
        ical.add_component(event)
    return ical.to_ical()


# --------------------------------------------------------------------------- XLSX in


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    steps: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# Header texts → field; the first header found for a field wins.
HEADERS = {
    "ที่": "number",
    "ลำดับ": "number",
    "ขั้นตอนหลัก": "phase",
    "ระยะ": "phase",
    "phase": "phase",
    "การดำเนินการ": "action",
    "กิจกรรม": "action",
    "ขั้นตอน": "action_or_phase",
    "ผู้ดำเนินการ": "responsible",
    "หน่วยงานที่เกี่ยวข้อง": "responsible",
    "ผู้รับผิดชอบ": "responsible",
    "เวลา": "when",
    "วันเดือนปี": "when",
    "ระยะเวลา": "when",
    "กำหนดการ": "when",
    "สถานที่": "venue",
    "หมายเหตุ": "notes",
    "สถานะ": "status",
}
STATUS_WORDS = {
    "ตามแผน": StepStatus.PLANNED,
    "ดำเนินการแล้ว": StepStatus.DONE,
    "เสร็จแล้ว": StepStatus.DONE,
    "ยกเลิก": StepStatus.CANCELLED,
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date_full(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return (
        normalize_text(str(value)).strip()
        if "\n" not in str(value)
        else "\n".join(normalize_text(line) for line in str(value).splitlines()).strip()
    )


def _layout(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """The header row (1-based) and field → column index, when the sheet has one."""
    header = workbook.find_header(rows, HEADERS, required=["when", ("action", "action_or_phase")])
    if header is None:
        return None
    found = dict(header.columns)
    if "action_or_phase" in found and "action" not in found:
        found["action"] = found.pop("action_or_phase")
    found.pop("action_or_phase", None)
    return header.row, found


def import_xlsx(user: Any, calendar: Calendar, file: Any) -> ImportResult:
    """Replace the calendar's steps with the table in the file (see the module's doc).

    The table: ที่, การดำเนินการ (or ขั้นตอน), ผู้ดำเนินการ (or หน่วยงานที่เกี่ยวข้อง), เวลา (or
    วันเดือนปี), and optionally ขั้นตอนหลัก, สถานที่, หมายเหตุ, สถานะ. A row holding only a
    phase's name ("Area Based") starts that phase; month columns of a chart are ignored.
    """
    if not policy.can(user, Action.CHANGE, calendar):
        raise PermissionDenied(calendars.MSG_DENIED)
    book = workbook.open_workbook(file, LIMITS)
    result = ImportResult()
    phases = _phases_by_key(calendar)
    try:
        found = _find_table(book)
        if found is None:
            result.errors.append(
                Problem(
                    "",
                    None,
                    "",
                    _("No calendar table found with the headers “การดำเนินการ” and “เวลา”"),
                )
            )
            return result
        table, (header_row, columns) = found
        steps = _read_steps(calendar, table, header_row, columns, phases, result)
        _check_step_count(steps, table.name, result)
    finally:
        book.close()
    if result.errors:
        return result
    with transaction.atomic(), set_actor(user):
        calendar.steps.all().delete()
        for step in steps:
            step.full_clean()
            step.save()
    result.steps = len(steps)
    return result


def _phases_by_key(calendar: Calendar) -> dict[str, Phase]:
    """The regime's phases by the match key of their name, Thai name and code."""
    phases = {match_key(p.name): p for p in Phase.objects.filter(regime=calendar.cycle.regime)}
    phases.update(
        {
            match_key(p.name_th): p
            for p in Phase.objects.filter(regime=calendar.cycle.regime)
            if p.name_th
        }
    )
    phases.update(
        {match_key(p.code): p for p in Phase.objects.filter(regime=calendar.cycle.regime)}
    )
    return phases


def _find_table(
    book: workbook.Workbook,
) -> tuple[workbook.Sheet, tuple[int, dict[str, int]]] | None:
    """The first sheet with a calendar table, and the table's layout."""
    return next(
        (
            (table, layout)
            for table in book.sheets
            if (layout := _layout(table.top(HEADER_SCAN_ROWS))) is not None
        ),
        None,
    )


def _is_chart_header(texts: list[str]) -> bool:
    """Whether a row's texts are a chart's month header (bars, dots, month abbreviations)."""
    return all(t in (BAR, DOT) or re.fullmatch(r"[ก-ฮ]{1,3}\.[ก-ฮ]{1,2}\.", t) for t in texts)


def _read_steps(
    calendar: Calendar,
    table: workbook.Sheet,
    header_row: int,
    columns: dict[str, int],
    phases: dict[str, Phase],
    result: ImportResult,
) -> list[CalendarStep]:
    """The steps of the table's rows, each row's problems added to the result."""
    sheet = table.name
    letters = {name: get_column_letter(i + 1) for name, i in columns.items()}
    phase = None
    numbers: set[int] = set()
    steps: list[CalendarStep] = []
    for row_number, values in table.rows(header_row + 1):
        cells = {name: _text(values[i]) if i < len(values) else "" for name, i in columns.items()}
        texts = [_text(v) for v in values if _text(v)]
        if not texts:
            continue
        if len(texts) == 1 and match_key(texts[0]) in phases:
            phase = phases[match_key(texts[0])]
            continue
        if _is_chart_header(texts):
            continue  # a month header row of a chart
        step, problems = _row_step(calendar, cells, letters, phases, phase, sheet, row_number)
        result.errors.extend(problems)
        if step is None:
            continue
        if step.number in numbers:
            result.errors.append(
                Problem(
                    sheet,
                    row_number,
                    letters.get("number", "A"),
                    _("Number %(number)s repeats an earlier row") % {"number": step.number},
                )
            )
        numbers.add(step.number)
        steps.append(step)
    return steps


def _check_step_count(steps: list[CalendarStep], sheet: str, result: ImportResult) -> None:
    """A problem when the table has too many steps, or none (and no other problem)."""
    if len(steps) > MAX_STEPS:
        result.errors.append(
            Problem(
                sheet,
                None,
                "",
                _("A calendar may have at most %(most)s steps") % {"most": MAX_STEPS},
            )
        )
    if not steps and not result.errors:
        result.errors.append(Problem(sheet, None, "", _("No steps found in the table")))


def _message(error: ValidationError) -> str:
    """A model field's error in the user's language (Django has no Thai for the text
    length's)."""
    params = error.params or {}
    if error.code == "max_length":
        return _("Text longer than %(limit)s characters (it has %(length)s)") % {
            "limit": f"{params['limit_value']:,}",
            "length": f"{params['show_value']:,}",
        }
    if error.code == "max_value":
        return _("Value too large (at most %(limit)s)") % {"limit": f"{params['limit_value']:,}"}
    if error.code == "min_value":
        return _("Value too small (at least %(limit)s)") % {"limit": f"{params['limit_value']:,}"}
    return " ".join(error.messages)


# A step's fields → the column of the table they come from.
_FIELD_COLUMNS = {
    "start": "when",
    "end": "when",
    "precision": "when",
    "deadline": "when",
    "when_text": "when",
    "done_on": "when",
}


def _row_step(
    calendar: Calendar,
    cells: dict[str, str],
    letters: dict[str, str],
    phases: dict[str, Phase],
    phase: Phase | None,
    sheet: str,
    row: int,
) -> tuple[CalendarStep | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        column = letters.get(name, "")
        header = {v: k for k, v in HEADERS.items()}.get(name, "")
        problems.append(Problem(sheet, row, f"{column} ({header})" if column else "", message))

    action = cells.get("action", "")
    number_text = cells.get("number", "")
    # "๑. ข้อมูลปัญหา…": the number written in the action cell, as Samut Sakhon's chart does.
    found = re.match(
        r"^\s*(\d{1,3})\s*[.)]\s*(.+)$", normalize_text(action, arabic_digits=True), re.S
    )
    if not number_text and found:
        number_text, action = found.group(1), found.group(2)
    if not action:
        problem("action", _("No action given"))
    number = None
    digits = normalize_text(number_text, arabic_digits=True).rstrip(".")
    if digits.isdigit():
        number = int(digits)
    else:
        problem(
            "number",
            _("The number “%(text)s” is not a number") % {"text": number_text}
            if number_text
            else _("No number given"),
        )
    when = calendars.When()
    try:
        when = calendars.parse_when(cells.get("when", ""))
    except calendars.WhenError as exc:
        problem("when", str(exc))
    if cells.get("phase"):
        phase = phases.get(match_key(cells["phase"]))
        if phase is None:
            problem("phase", _("Unknown main phase “%(phase)s”") % {"phase": cells["phase"]})
    status = StepStatus.PLANNED
    if cells.get("status"):
        word = re.sub(r"\s*\(.*\)$", "", cells["status"])
        status = STATUS_WORDS.get(word)
        if status is None:
            problem(
                "status",
                _("The status “%(status)s” is not valid (ตามแผน, ดำเนินการแล้ว or ยกเลิก)")
                % {"status": cells["status"]},
            )
    if problems:
        return None, problems
    step = CalendarStep(
        calendar=calendar,
        number=number,
        phase=phase,
        action=action,
        responsible="\n".join(_lines(cells.get("responsible", ""))),
        start=when.start,
        end=when.end,
        precision=when.precision,
        deadline=when.deadline,
        when_text=when.text,
        venue=cells.get("venue", ""),
        notes=cells.get("notes", ""),
        status=status,
        done_on=(when.end or when.start) if status == StepStatus.DONE else None,
    )
    # The model's own rules (lengths, ranges), each a problem of its column, before anything
    # is replaced; the steps' numbers are checked against each other by the caller.
    try:
        step.full_clean(exclude=["calendar"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, errors in exc.error_dict.items():
            for error in errors:
                problem(_FIELD_COLUMNS.get(name, name), _message(error))
        return None, problems
    return step, []
