"""The results reports follow the periods of the cycle's regime: a regime that reports
quarterly gets four reports (and covering letters), each up to the end of its quarter; a
regime without its own periods gets the default six-monthly and year-end reports."""

from __future__ import annotations

import io

import docx
import pytest
from django.test import Client

from oneplan.cycles.models import Cycle
from oneplan.letters.models import Letter
from oneplan.monitoring.documents import indicator_period

pytestmark = pytest.mark.django_db

QUARTERS = [
    {"code": f"Q{n}", "name_th": f"ไตรมาสที่ {n}", "name_en": f"Quarter {n}", "months": 3 * n}
    for n in range(1, 5)
]


def text_of(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@pytest.fixture
def rayong(demo_user) -> Client:
    client = Client()
    client.force_login(demo_user("rayong"))
    return client


def set_periods(periods: list[dict]) -> None:
    regime = Cycle.objects.get(fiscal_year_be=2569).regime
    regime.report_periods = periods
    regime.full_clean()
    regime.save()


def test_a_regime_reporting_quarterly_gets_four_reports(rayong):
    set_periods(QUARTERS)
    page = rayong.get("/monitoring/2569/21/").content.decode()
    for n in range(1, 5):
        assert f"/monitoring/2569/21/report-Q{n}.docx" in page
    assert "report-H1" not in page
    first = text_of(rayong.get("/monitoring/2569/21/report-Q1.docx").content)
    assert "ของจังหวัดระยอง ไตรมาสที่ ๑" in first
    assert "ข้อมูล ณ วันที่ ๓๑ ธันวาคม ๒๕๖๘" in first
    third = text_of(rayong.get("/monitoring/2569/21/report-Q3.docx").content)
    assert "ข้อมูล ณ วันที่ ๓๐ มิถุนายน ๒๕๖๙" in third
    assert rayong.get("/monitoring/2569/21/report-H1.docx").status_code == 404
    assert rayong.get("/monitoring/2569/21/report-Q5.pdf").status_code == 404
    rayong.post("/letters/from/report/2569/21/Q2/")
    letter = Letter.objects.get(subject__contains="ไตรมาสที่ 2")
    assert "ไตรมาสที่ 2 รายละเอียดตามสิ่งที่ส่งมาด้วย" in letter.body
    assert rayong.post("/letters/from/report/2569/21/H1/").status_code == 404


def test_a_regime_without_its_own_periods_reports_six_monthly_and_year_end(rayong):
    set_periods([])
    page = rayong.get("/monitoring/2569/21/").content.decode()
    assert "/monitoring/2569/21/report-H1.docx" in page
    assert "/monitoring/2569/21/report-year.pdf" in page
    assert "report-Q1" not in page
    half = text_of(rayong.get("/monitoring/2569/21/report-H1.docx").content)
    assert "รอบ ๖ เดือน" in half and "ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๖๙" in half


@pytest.mark.parametrize("months, period", [(3, "H1"), (6, "H1"), (9, "H1"), (12, "year")])
def test_a_report_shows_the_half_years_indicator_results_until_the_year_is_complete(months, period):
    from oneplan.cycles.rules import ReportPeriod

    assert indicator_period(ReportPeriod(code="x", name_th="x", months=months)) == period
