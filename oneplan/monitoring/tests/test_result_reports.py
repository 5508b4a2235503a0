"""The six-monthly and year-end reports generated from the data, their covering letter, and
the reporting deadlines in the cycle's calendar."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.test import Client

from oneplan.core.thai import to_thai_digits
from oneplan.cycles import calendars
from oneplan.cycles.models import Calendar
from oneplan.letters.models import Letter

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_the_year_end_report_says_what_the_data_says(demo_user):
    client = Client()
    client.force_login(demo_user("rayong"))
    text = text_of(client.get("/monitoring/2569/21/report-year.docx").content)
    assert (
        "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. ๒๕๖๙ ของจังหวัดระยอง ประจำปี" in text
    )
    assert "ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๙" in text
    assert "ร้อยละ ๔๕.๒๕" in text  # 13,394,000 of 29,600,000
    assert "โครงการก่อสร้างถนนเชื่อมแหล่งท่องเที่ยวชายฝั่ง" in text
    assert "ผู้รับจ้างส่งมอบงานล่าช้า" in text  # the obstacle from its progress report
    half = text_of(client.get("/monitoring/2569/21/report-H1.docx").content)
    assert "รอบ ๖ เดือน" in half and "๓๑ มีนาคม ๒๕๖๙" in half
    assert client.get("/monitoring/2569/21/report-year.pdf").content[:4] == b"%PDF"
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get("/monitoring/2569/21/report-year.docx").status_code == 404


def test_the_covering_letter_goes_to_the_national_secretariat(demo_user):
    client = Client()
    client.force_login(demo_user("rayong"))
    client.post("/letters/from/report/2569/21/H1/")
    letter = Letter.objects.get(subject__contains="รอบ 6 เดือน")
    assert letter.salutation.startswith("เลขานุการ")
    assert letter.enclosures[0][0].startswith("รายงานผลการดำเนินงาน")


def test_the_reporting_deadlines_join_the_calendar(demo_user):
    calendar = Calendar.objects.filter(area_id="21", copied_from__isnull=False).first()
    made = calendars.add_reporting_steps(demo_user("rayong"), calendar)
    assert [(s.end, s.deadline) for s in made] == [
        (date(2028, 4, 30), True),
        (date(2028, 10, 31), True),
    ]  # FY 2571: April and October 2571
    assert calendars.add_reporting_steps(demo_user("rayong"), calendar) == []


def test_the_six_monthly_report_counts_only_what_was_spent_by_31_march(demo_user):
    """Rayong FY 2569 by hand: five projects allocated 29,600,000 baht on 28 Oct 2568; the
    GFMIS rows dated up to 31 Mar 2569 disburse 1,976,000 + 475,000 + 1,300,000 + 936,000 +
    600,000 = 5,287,000 baht, 17.86 % (the whole year's 13,394,000 is 45.25 %)."""
    client = Client()
    client.force_login(demo_user("rayong"))
    half = text_of(client.get("/monitoring/2569/21/report-H1.docx").content)
    assert "เบิกจ่ายแล้ว ๕,๒๘๗,๐๐๐.๐๐ บาท คิดเป็นร้อยละ ๑๗.๘๖" in half
    assert "๔๕.๒๕" not in half
    # the durian project: 1,976,000 of 3,800,000 by 31 March = 52.00 %
    assert "๑,๙๗๖,๐๐๐.๐๐" in half and "๕๒.๐๐" in half
    year = text_of(client.get("/monitoring/2569/21/report-year.docx").content)
    assert "เบิกจ่ายแล้ว ๑๓,๓๙๔,๐๐๐.๐๐ บาท คิดเป็นร้อยละ ๔๕.๒๕" in year


def test_an_allocation_noticed_after_the_report_date_is_not_in_it(demo_user):
    from oneplan.monitoring.models import Allocation

    late = Allocation.objects.filter(cycle__fiscal_year_be=2569, province_id="21").first()
    late.notice_date = date(2026, 5, 15)  # 15 May 2569, after the half year
    late.save(update_fields=["notice_date"])
    client = Client()
    client.force_login(demo_user("rayong"))
    half = text_of(client.get("/monitoring/2569/21/report-H1.docx").content)
    rest = 29_600_000 - int(late.amount)
    assert f"ได้รับจัดสรรงบประมาณ {to_thai_digits(f'{rest:,}')}.๐๐ บาท" in half
