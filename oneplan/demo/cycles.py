"""Calendars for the demo: the two real calendars of the source documents (Rayong's for FY
2562, seed 000; Samut Sakhon's for FY 2563, seed 003), the national template of this
cycle, and Rayong's own calendar copied from it, with steps done, late and to come.
Idempotent: a calendar is keyed by its cycle, owner and title.
"""

from __future__ import annotations

from datetime import date, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from oneplan.areas.models import COUNTRY_CODE, Area
from oneplan.areas.reference import read_csv
from oneplan.core.thai import first_of_month, fiscal_year_of, last_of_month
from oneplan.cycles.calendars import parse_when
from oneplan.cycles.models import (
    Calendar,
    CalendarLevel,
    CalendarStep,
    Cycle,
    Phase,
    PrintLayout,
    StepStatus,
)
from oneplan.demo.files import DATA_DIR, read

CALENDARS_DIR = DATA_DIR / "calendars"


def _steps_from_rows(calendar: Calendar, rows: list[dict], *, done_before: date | None) -> None:
    phases = {p.code: p for p in Phase.objects.filter(regime=calendar.cycle.regime)}
    for row in rows:
        when = parse_when(row["when"])
        last = when.end or when.start
        done = done_before is not None and last is not None and last < done_before
        CalendarStep.objects.create(
            calendar=calendar,
            number=int(row["number"]),
            phase=phases.get(row.get("phase", "")),
            action=row["action"],
            responsible=row["responsible"],
            start=when.start,
            end=when.end,
            precision=when.precision,
            deadline=when.deadline,
            when_text=when.text,
            venue=row.get("venue", ""),
            notes=row.get("notes", ""),
            status=StepStatus.DONE if done else StepStatus.PLANNED,
            done_on=last if done else None,
        )


def load_seed_calendars() -> int:
    """The calendars of seeds 000 and 003, steps done as they were (skipped when their
    province or cycle is not loaded)."""
    made = 0
    for meta in read_csv("index.csv", CALENDARS_DIR):
        cycle = Cycle.objects.filter(fiscal_year_be=int(meta["cycle"])).first()
        area = Area.objects.filter(code=meta["area"]).first()
        if cycle is None or area is None:
            continue
        if Calendar.objects.filter(cycle=cycle, area=area, title=meta["title"]).exists():
            continue
        calendar = Calendar.objects.create(
            cycle=cycle,
            level=meta["level"],
            area=area,
            title=meta["title"],
            print_layout=meta["print_layout"],
            short_dates=meta["short_dates"] == "yes",
            as_of=date.fromisoformat(meta["as_of"]) if meta["as_of"] else None,
            prepared_by=meta["prepared_by"],
            note=meta["note"],
            published=True,
        )
        _steps_from_rows(
            calendar, read_csv(meta["file"], CALENDARS_DIR), done_before=timezone.localdate()
        )
        made += 1
    return made


def read_template() -> list[dict]:
    """The national template of the current cycle (`data/calendars/template.yaml`), modelled
    on the seeds' calendars: each step's phase, action, responsible, months from the start
    of the fiscal year (start_month, end_month), a one-day step's day or 0, and deadline."""
    return read("calendars/template.yaml")


@transaction.atomic
def load_calendar_demo(today: date | None = None) -> int:
    """The seeds' calendars, the national template for the cycle after the current fiscal
    year, and Rayong's calendar copied from it; run as the loader (no audit entries)."""
    today = today or timezone.localdate()
    made = 0
    with disable_auditlog():
        made += load_seed_calendars()
        cycle = Cycle.objects.filter(fiscal_year_be=fiscal_year_of(today) + 1).first()
        country = Area.objects.filter(code=COUNTRY_CODE).first()
        rayong = Area.objects.filter(code="21").first()
        if cycle is None or country is None:
            return made
        title = (
            "ปฏิทินแม่แบบการทบทวนแผนพัฒนาจังหวัดและการจัดทำแผนปฏิบัติราชการประจำปี"
            f" พ.ศ. {cycle.fiscal_year_be}"
        )
        template = Calendar.objects.filter(cycle=cycle, area=country, title=title).first()
        if template is None:
            template = Calendar.objects.create(
                cycle=cycle,
                level=CalendarLevel.NATION,
                area=country,
                title=title,
                is_template=True,
                published=True,
                print_layout=PrintLayout.GANTT,
                prepared_by="ฝ่ายเลขานุการ ก.บ.ภ.",
                as_of=date(today.year if today.month >= 10 else today.year - 1, 10, 1),
            )
            phases = {p.code: p for p in Phase.objects.filter(regime=cycle.regime)}
            first = template.as_of
            for number, step in enumerate(read_template(), 1):
                day = step["day"]
                start_month = first_of_month(first, step["start_month"])
                start = start_month + timedelta(days=day - 1) if day else None
                CalendarStep.objects.create(
                    calendar=template,
                    number=number,
                    phase=phases.get(step["phase"]),
                    action=step["action"],
                    responsible=step["responsible"],
                    start=start or start_month,
                    end=start or last_of_month(first_of_month(first, step["end_month"])),
                    precision="day" if day else "month",
                    deadline=step["deadline"],
                )
            made += 1
        if (
            rayong is not None
            and not Calendar.objects.filter(cycle=cycle, area=rayong, copied_from=template).exists()
        ):
            made += _rayong_copy(template, cycle, rayong, today)
    return made


def _rayong_copy(template: Calendar, cycle: Cycle, rayong: Area, today: date) -> int:
    calendar = Calendar.objects.create(
        cycle=cycle,
        level=CalendarLevel.PROVINCE,
        area=rayong,
        title=(
            f"ปฏิทินการทบทวนแผนพัฒนาจังหวัดระยอง พ.ศ. 2566 – 2570 และการจัดทำแผนปฏิบัติราชการ"
            f"ประจำปีงบประมาณ พ.ศ. {cycle.fiscal_year_be}"
        ),
        copied_from=template,
        published=True,
        print_layout=PrintLayout.GANTT,
        prepared_by="กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด\nสำนักงานจังหวัดระยอง",
        as_of=template.as_of,
    )
    venues = {3: "ห้องประชุมพลา ศาลากลางจังหวัดระยอง", 9: "โรงแรมในจังหวัดระยอง"}
    for step in template.steps.order_by("number"):
        last = step.end or step.start
        # What has passed: done, except the district forums of one district, still late.
        done = last is not None and last < today and step.number != 2
        CalendarStep.objects.create(
            calendar=calendar,
            number=step.number,
            phase=step.phase,
            action=step.action,
            responsible=step.responsible,
            start=step.start,
            end=step.end,
            precision=step.precision,
            deadline=step.deadline,
            venue=venues.get(step.number, ""),
            status=StepStatus.DONE if done else StepStatus.PLANNED,
            done_on=last if done else None,
            framed_by=step,
            notes="อำเภอบ้านค่ายยังไม่ได้จัดเวทีประชาคม" if step.number == 2 else "",
        )
    return 1
