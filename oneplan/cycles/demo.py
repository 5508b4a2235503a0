"""Calendars for the demo: the two real calendars of the source documents (Rayong's for FY
2562, seed 000; Samut Sakhon's for FY 2563, seed 003), the national template of this
cycle, and Rayong's own calendar copied from it, with steps done, late and to come.
Idempotent: a calendar is keyed by its cycle, owner and title.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from oneplan.areas.models import COUNTRY_CODE, Area
from oneplan.areas.reference import read_csv
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
from oneplan.documents.thai import first_of_month, fiscal_year_of, last_of_month

DATA_DIR = Path(str(files("oneplan.cycles").joinpath("data"))) / "calendars"


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
    for meta in read_csv("index.csv", DATA_DIR):
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
            calendar, read_csv(meta["file"], DATA_DIR), done_before=timezone.localdate()
        )
        made += 1
    return made


# The national template of the current cycle, modelled on the seeds' calendars: (phase,
# action, responsible, months from the start of the fiscal year (start, end), a one-day
# step's day or 0, deadline).
TEMPLATE: list[tuple[str, str, str, int, int, int, bool]] = [
    (
        "area_based",
        "รวบรวมข้อมูลปัญหาและความต้องการของประชาชนจากแผนหมู่บ้าน/ชุมชน และเวทีประชาคม",
        "ที่ทำการปกครองจังหวัด\nสำนักงานพัฒนาชุมชนจังหวัด\nอำเภอทุกอำเภอ",
        0,
        1,
        0,
        True,
    ),
    (
        "area_based",
        "จัดเวทีประชาคมระดับอำเภอเพื่อรับฟังปัญหาและความต้องการ",
        "อำเภอทุกอำเภอ\nองค์กรปกครองส่วนท้องถิ่น",
        0,
        0,
        0,
        False,
    ),
    (
        "mechanism_setting",
        "ประชุมเชื่อมโยงและบูรณาการแผนในระดับพื้นที่",
        "สำนักงานจังหวัด\nที่ทำการปกครองจังหวัด\nสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด\n"
        "อำเภอทุกอำเภอ\nองค์การบริหารส่วนจังหวัด",
        2,
        2,
        15,
        False,
    ),
    (
        "mechanism_setting",
        "ปรับปรุงคำสั่งคณะกรรมการบริหารงานจังหวัดแบบบูรณาการ (ก.บ.จ.) และคณะอนุกรรมการตามกลุ่มภารกิจ",
        "สำนักงานจังหวัด",
        2,
        3,
        0,
        False,
    ),
    (
        "mechanism_setting",
        "ประชุมคณะกรรมการบริหารงานจังหวัดแบบบูรณาการ (ก.บ.จ.) เพื่อกำหนดกรอบการทบทวนแผน",
        "คณะกรรมการ ก.บ.จ.",
        3,
        3,
        0,
        False,
    ),
    (
        "strategy_review",
        "หน่วยงาน อำเภอ (ก.บ.อ.) และองค์การบริหารส่วนจังหวัดจัดส่งข้อเสนอโครงการ "
        "(Project Idea) ที่เกินขีดความสามารถ",
        "หน่วยงานในจังหวัด\nอำเภอ\nองค์การบริหารส่วนจังหวัด",
        3,
        4,
        0,
        False,
    ),
    (
        "strategy_review",
        "ประชุมคณะอนุกรรมการ ก.บ.จ. ตามกลุ่มภารกิจ เพื่อพิจารณาข้อเสนอโครงการ",
        "คณะอนุ ก.บ.จ.",
        4,
        4,
        0,
        False,
    ),
    (
        "project_formulation",
        "หน่วยงานจัดทำรายละเอียดโครงการ (Full Proposal) เพื่อบรรจุในแผนปฏิบัติราชการประจำปี",
        "หน่วยงานที่เสนอโครงการ",
        5,
        6,
        0,
        False,
    ),
    (
        "project_formulation",
        "คลินิกโครงการ: ประชุมเชิงปฏิบัติการเพื่อจัดทำโครงการที่มีคุณภาพ",
        "สำนักงานจังหวัด\nหน่วยงานที่เสนอโครงการ",
        6,
        6,
        20,
        False,
    ),
    (
        "plan_approval",
        "ประชุมคณะอนุกรรมการ ก.บ.จ. เพื่อกลั่นกรองแผนปฏิบัติราชการประจำปี",
        "คณะอนุกรรมการฯ\nหน่วยงานที่เสนอโครงการ",
        7,
        7,
        0,
        False,
    ),
    (
        "plan_approval",
        "ประชุมปรึกษาหารือทุกภาคส่วนตามมาตรา 19 แห่งพระราชกฤษฎีกาว่าด้วย"
        "การบริหารงานจังหวัดและกลุ่มจังหวัดแบบบูรณาการ",
        "ทุกภาคส่วนในจังหวัด",
        7,
        7,
        0,
        False,
    ),
    (
        "plan_approval",
        "ประชุม ก.บ.จ. เพื่อให้ความเห็นชอบแผนพัฒนาจังหวัดฉบับทบทวน และแผนปฏิบัติราชการประจำปี",
        "คณะกรรมการ ก.บ.จ.",
        8,
        8,
        0,
        False,
    ),
    (
        "plan_approval",
        "จัดส่งแผนพัฒนาจังหวัดและแผนปฏิบัติราชการประจำปีให้หน่วยงานส่วนกลาง",
        "สำนักงานจังหวัด",
        9,
        9,
        0,
        True,
    ),
]


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
            for number, (phase, action, who, m1, m2, day, deadline) in enumerate(TEMPLATE, 1):
                start = first_of_month(first, m1) + timedelta(days=day - 1) if day else None
                CalendarStep.objects.create(
                    calendar=template,
                    number=number,
                    phase=phases.get(phase),
                    action=action,
                    responsible=who,
                    start=start or first_of_month(first, m1),
                    end=start or last_of_month(first_of_month(first, m2)),
                    precision="day" if day else "month",
                    deadline=deadline,
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
