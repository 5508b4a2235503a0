"""Planning calendars: the dates officials type, late steps, the Gantt chart by B.E. month,
copying the national template, the seeds' calendars, exports and the Excel import."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from oneplan.areas.models import Area
from oneplan.cycles import calendar_files, calendars
from oneplan.cycles.calendars import When, WhenError, format_when, parse_when
from oneplan.cycles.models import Calendar, CalendarStep, Cycle, StepStatus
from oneplan.documents.pdf import document_text, render_html

# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text, start, end, precision, deadline",
    [
        ("13 มิถุนายน 2560", date(2017, 6, 13), date(2017, 6, 13), "day", False),
        ("14 มิถุนายน – 30 กันยายน 2560", date(2017, 6, 14), date(2017, 9, 30), "day", False),
        ("4 มิถุนายน – 23 กรกฎาคม2560", date(2017, 6, 4), date(2017, 7, 23), "day", False),
        ("9 – 12 กันยายน 2560", date(2017, 9, 9), date(2017, 9, 12), "day", False),
        ("25, 29 และ 31 สิงหาคม 2560", date(2017, 8, 25), date(2017, 8, 31), "day", False),
        ("๔ เม.ย. ๖๑", date(2018, 4, 4), date(2018, 4, 4), "day", False),
        ("พ.ค. ๖๑", date(2018, 5, 1), date(2018, 5, 31), "month", False),
        ("ภายใน พ.ค. ๖๑", date(2018, 5, 1), date(2018, 5, 31), "month", True),
        ("มิ.ย. - ก.ค. ๖๑", date(2018, 6, 1), date(2018, 7, 31), "month", False),
        ("พ.ย. 69 - ม.ค. 70", date(2026, 11, 1), date(2027, 1, 31), "month", False),
        ("ก.พ. 2571", date(2028, 2, 1), date(2028, 2, 29), "month", False),
    ],
)
def test_dates_as_officials_write_them(text, start, end, precision, deadline):
    when = parse_when(text)
    assert (when.start, when.end, when.precision, when.deadline) == (
        start,
        end,
        precision,
        deadline,
    )


def test_not_yet_set_a_christian_year_and_nonsense():
    assert not parse_when("-").is_set and not parse_when("").is_set
    assert format_when(parse_when("-")) == "-"
    christian = parse_when("13 มิถุนายน 2026")
    assert christian.start == date(2026, 6, 13) and "ค.ศ." in christian.note
    for bad in ("31 มิถุนายน 2569", "เร็ว ๆ นี้", "13 มิถุนา 2569", "30 ก.ย. – 1 ก.ย. 2569"):
        with pytest.raises(WhenError):
            parse_when(bad)


def test_several_days_keep_their_words():
    when = parse_when("25, 29 และ 31 สิงหาคม 2560")
    assert format_when(when) == "25, 29 และ 31 สิงหาคม 2560"


# Two-digit years are B.E. 25xx: the dates a short calendar can print (1957–2056).
days = st.dates(min_value=date(1957, 1, 1), max_value=date(2055, 6, 30))


@given(days, st.integers(min_value=0, max_value=500), st.booleans())
def test_printed_dates_read_back_the_same(start, length, short):
    end = start + timedelta(days=length)
    for precision in ("day", "month"):
        when = When(start, end, precision)
        if precision == "month":
            when = parse_when(format_when(When(start, end, "month")))  # whole months
        again = parse_when(format_when(when, short=short, thai_digits=short))
        assert (again.start, again.end, again.precision) == (when.start, when.end, when.precision)


# --------------------------------------------------------------------------- late, chart


@pytest.fixture
def cycle() -> Cycle:
    return Cycle.objects.get(fiscal_year_be=2571)


@pytest.fixture
def rayong() -> Area:
    return Area.objects.get(code="21")


def make_calendar(cycle, area, steps, **fields) -> Calendar:
    calendar = Calendar.objects.create(
        cycle=cycle, level="province", area=area, title=fields.pop("title", "ปฏิทินทดสอบ"), **fields
    )
    for number, (text, status) in enumerate(steps, start=1):
        when = parse_when(text)
        CalendarStep.objects.create(
            calendar=calendar,
            number=number,
            action=f"ขั้นตอนที่ {number}",
            start=when.start,
            end=when.end,
            precision=when.precision,
            deadline=when.deadline,
            status=status,
        )
    return calendar


@pytest.mark.django_db
def test_late_and_due_steps(cycle, rayong):
    today = date(2026, 11, 22)
    calendar = make_calendar(
        cycle,
        rayong,
        [
            ("ต.ค. 69", StepStatus.PLANNED),  # ended 31 Oct: late
            ("ต.ค. 69", StepStatus.DONE),  # done: never late
            ("22 พ.ย. 69", StepStatus.PLANNED),  # today: due, not late
            ("1 – 5 ธ.ค. 69", StepStatus.PLANNED),  # within 14 days: due soon
            ("-", StepStatus.PLANNED),  # not set: neither
        ],
    )
    steps = list(calendar.steps.order_by("number"))
    assert [calendars.is_late(s, today) for s in steps] == [True, False, False, False, False]
    assert [calendars.is_due_soon(s, today) for s in steps] == [False, False, True, True, False]
    chart = calendars.gantt(calendar, today)
    assert [row.step.number for row in chart.late] == [1]


@given(
    window=st.integers(min_value=0, max_value=60),
    offset=st.integers(min_value=-10, max_value=80),
    status=st.sampled_from(StepStatus.values),
)
def test_due_soon_follows_the_deployment_window(window, offset, status):
    today = date(2026, 11, 22)
    step = CalendarStep(start=today + timedelta(days=offset), status=status)
    with override_settings(ONEPLAN_DUE_SOON_DAYS=window):
        due = calendars.is_due_soon(step, today)
    assert due == (status == StepStatus.PLANNED and 0 <= offset <= window)


@pytest.mark.django_db
def test_the_due_soon_badge_follows_the_setting(cycle, rayong, settings):
    calendar = make_calendar(cycle, rayong, [("1 – 5 ธ.ค. 69", StepStatus.PLANNED)])
    today = date(2026, 11, 22)  # 13 days before the step ends
    assert calendars.gantt(calendar, today).groups[0].rows[0].due_soon
    settings.ONEPLAN_DUE_SOON_DAYS = 7
    assert not calendars.gantt(calendar, today).groups[0].rows[0].due_soon


@pytest.mark.django_db
def test_the_chart_shows_buddhist_months_bars_and_dots(cycle, rayong):
    calendar = make_calendar(
        cycle,
        rayong,
        [("4 เม.ย. 61", StepStatus.DONE), ("มิ.ย. - ก.ค. 61", StepStatus.DONE), ("-", "planned")],
    )
    chart = calendars.gantt(calendar, date(2026, 1, 1))
    assert [m.label for m in chart.months][:4] == ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย."]
    assert chart.years == ((2561, 12),)  # the whole calendar year, as the printed charts
    marks = [row.marks for group in chart.groups for row in group.rows]
    assert marks[0][3] == "dot" and marks[0].count("dot") == 1
    assert [i for i, m in enumerate(marks[1]) if m] == [5, 6]  # June and July
    assert not any(marks[2])


@pytest.mark.django_db
def test_copying_the_national_template_keeps_the_link(cycle, rayong, demo_user):
    template = Calendar.objects.get(cycle=cycle, level="nation", is_template=True)
    user = demo_user("chonburi")
    copy = calendars.copy_calendar(
        user, template, cycle, level="province", area=Area.objects.get(code="20"), title="ชลบุรี"
    )
    assert copy.steps.count() == template.steps.count()
    assert all(s.framed_by.calendar_id == template.pk for s in copy.steps.all())
    assert not copy.steps.filter(status=StepStatus.DONE).exists()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: not its province
        calendars.copy_calendar(user, template, cycle, level="province", area=rayong)


# --------------------------------------------------------------------------- the seeds


@pytest.mark.django_db
def test_the_samut_sakhon_calendar_prints_like_the_original():
    calendar = Calendar.objects.get(area_id="74", cycle__fiscal_year_be=2563)
    assert calendar.steps.count() == 15
    chart = calendars.gantt(calendar, date(2026, 11, 22), short=True)
    assert [g.phase.name for g in chart.groups] == [
        "Area Based",
        "Mechanism Setting",
        "Strategy Review",
        "Project Formulation",
        "Strategic Plan Approval",
    ]
    assert chart.years[0] == (2561, 12) or chart.years[0][0] == 2561
    text = " ".join(
        document_text(render_html(calendar_files.print_html(calendar, date(2026, 11, 22))))
    )
    for expected in (
        "ปฏิทินการทบทวนแผนพัฒนาจังหวัด ๔ ปี",
        "พ.ศ. ๒๕๖๑",
        "ขั้นตอน",
        "วันเดือนปี",
        "หน่วยงานที่เกี่ยวข้อง",
        "Area Based",
        "๔ เม.ย. ๖๑",
        "ภายใน พ.ค. ๖๑",
        "มิ.ย. - ก.ค. ๖๑",
        "ข้อมูล ณ วันที่ ๔ เมษายน ๒๕๖๑",
        "●",
        "↔",
    ):
        assert expected in text, expected
    assert "ล่าช้า" not in text  # its steps are done


@pytest.mark.django_db
def test_the_rayong_calendar_prints_as_its_table():
    calendar = Calendar.objects.get(area_id="21", cycle__fiscal_year_be=2562)
    assert calendar.steps.count() == 14
    pages = document_text(render_html(calendar_files.print_html(calendar, date(2026, 11, 22))))
    text = " ".join(pages)
    for expected in (
        "ปฏิทิน",
        "การจัดทำแผนพัฒนาจังหวัดระยอง",
        "ผู้ดำเนินการ",
        "๑๓ มิถุนายน ๒๕๖๐",
        "๑๔ มิถุนายน – ๓๐ กันยายน ๒๕๖๐",
        "๒๕, ๒๙ และ ๓๑ สิงหาคม ๒๕๖๐",
        "อิมแพ็ค เมืองทอง",
        "หมายเหตุ : กำหนดการปรับเปลี่ยนตามความเหมาะสม",
    ):
        assert expected in text, expected


# --------------------------------------------------------------------------- files


@pytest.mark.django_db
def test_the_excel_export_imports_back_unchanged(demo_user):
    calendar = Calendar.objects.get(area_id="74", cycle__fiscal_year_be=2563)
    before = [
        (s.number, s.phase_id, s.action, s.start, s.end, s.precision, s.deadline, s.status)
        for s in calendar.steps.order_by("number")
    ]
    data = calendar_files.to_xlsx(calendar, date(2026, 11, 22))
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["ปฏิทิน", "แผนภูมิ"]
    secretariat = demo_user("secretariat")
    result = calendar_files.import_xlsx(secretariat, calendar, data)
    assert result.ok, [str(p) for p in result.errors]
    after = [
        (s.number, s.phase_id, s.action, s.start, s.end, s.precision, s.deadline, s.status)
        for s in calendar.steps.order_by("number")
    ]
    assert after == before


@pytest.mark.django_db
def test_a_bad_calendar_table_is_refused_whole_with_row_and_column(cycle, rayong, demo_user):
    calendar = make_calendar(cycle, rayong, [("ต.ค. 69", StepStatus.PLANNED)])
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ปฏิทินการจัดทำแผน"])
    sheet.append(["ที่", "การดำเนินการ", "ผู้ดำเนินการ", "เวลา", "หมายเหตุ"])
    sheet.append([1, "ประชุม ก.บ.จ.", "สำนักงานจังหวัด", "15 ม.ค. 70", ""])
    sheet.append(["สอง", "ส่งโครงการ", "ทุกหน่วยงาน", "ภายในเร็ว ๆ นี้", ""])
    sheet.append([3, "", "สำนักงานจังหวัด", "-", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = calendar_files.import_xlsx(demo_user("rayong"), calendar, buffer.getvalue())
    assert {(p.row, p.column.split(" ")[0]) for p in result.errors} == {
        (4, "A"),
        (4, "D"),
        (5, "B"),
    }
    assert calendar.steps.count() == 1  # nothing replaced


@pytest.mark.django_db
def test_icalendar_has_every_dated_step_as_an_all_day_event():
    from icalendar import Calendar as ICalendar

    calendar = Calendar.objects.get(area_id="21", cycle__fiscal_year_be=2562)
    events = ICalendar.from_ical(calendar_files.to_ics(calendar)).walk("VEVENT")
    assert len(events) == calendar.steps.exclude(start=None).count() == 10
    first = events[0]
    assert first.decoded("dtstart") == date(2017, 6, 13)
    assert first.decoded("dtend") == date(2017, 6, 14)  # exclusive end


# --------------------------------------------------------------------------- pages


@pytest.mark.django_db
def test_the_public_reads_published_calendars_only(cycle, rayong):
    hidden = make_calendar(cycle, rayong, [("ต.ค. 69", "planned")], title="ร่างปฏิทินภายใน")
    public = Client()
    listing = public.get("/calendars/").content.decode()
    assert "ปฏิทินการจัดทำแผนพัฒนาจังหวัดระยอง" in listing and hidden.title not in listing
    assert public.get(hidden.get_absolute_url()).status_code == 404
    published = Calendar.objects.get(area_id="21", cycle__fiscal_year_be=2562)
    page = public.get(published.get_absolute_url()).content.decode()
    assert "อิมแพ็ค เมืองทอง" in page and "Mark done" not in page
    assert public.get(f"/calendars/{published.pk}/export.pdf").status_code == 200


@pytest.mark.django_db
def test_the_province_adds_a_step_typed_in_thai_and_marks_it_done(cycle, rayong, demo_user):
    calendar = make_calendar(cycle, rayong, [("ต.ค. 69", "planned")])
    client = Client()
    client.force_login(demo_user("rayong"))
    response = client.post(
        f"/calendars/{calendar.pk}/steps/new/",
        {
            "number": 2,
            "action": "ประชุมปรึกษาหารือทุกภาคส่วนตามมาตรา 19",
            "responsible": "สำนักงานจังหวัด\nทุกภาคส่วนในจังหวัด",
            "when": "ภายใน ส.ค. ๗๐",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    step = calendar.steps.get(number=2)
    assert (step.start, step.end, step.deadline) == (date(2027, 8, 1), date(2027, 8, 31), True)
    refused = client.post(
        f"/calendars/{calendar.pk}/steps/new/",
        {"number": 3, "action": "x", "when": "31 ก.ย. 70", "status": "planned"},
    )
    assert "ไม่มีวันที่ 31" in refused.content.decode()
    client.post(f"/calendars/{calendar.pk}/steps/{step.pk}/status/", {"status": "done"})
    step.refresh_from_db()
    assert step.status == StepStatus.DONE and step.done_on is not None
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get(f"/calendars/{calendar.pk}/steps/new/").status_code == 404


@pytest.mark.django_db
def test_a_step_due_by_a_month_covers_that_month_and_the_one_before(cycle, rayong):
    calendar = make_calendar(
        cycle,
        rayong,
        [("ภายใน ก.ค. 70", "planned"), ("ภายใน ต.ค. 69", "planned")],
        as_of=date(2026, 10, 10),
    )
    chart = calendars.gantt(calendar, date(2026, 10, 10))
    labels = [m.label for m in chart.months]
    rows = [row for group in chart.groups for row in group.rows]
    assert [labels[i] for i, m in enumerate(rows[0].marks) if m] == ["มิ.ย.", "ก.ค."]
    # Due in the month of the "as of" date: nothing before it.
    assert [labels[i] for i, m in enumerate(rows[1].marks) if m] == ["ต.ค."]
