"""Progress reports: periods as the regime sets them, the agency's draft and submission, the
province's review (returned with a note, or accepted and locked), late reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client

from oneplan.cycles.models import Cycle
from oneplan.monitoring import reports
from oneplan.monitoring.models import ProgressReport, ReportStatus
from oneplan.projects.models import ActionPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> ActionPlan:
    return ActionPlan.objects.get(cycle__fiscal_year_be=2569, province_id="21")


def test_periods_follow_the_regime():
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    quarters = reports.periods(cycle)
    assert [p.code for p in quarters] == ["2569-Q1", "2569-Q2", "2569-Q3", "2569-Q4"]
    assert quarters[0].ends == date(2025, 12, 31) and quarters[0].due == date(2026, 1, 15)
    cycle.regime.progress_period, cycle.regime.progress_due_days = "month", 10
    months = reports.periods(cycle)
    assert len(months) == 12 and months[0].code == "2569-10" and months[0].label == "ตุลาคม 2568"
    assert months[-1].ends == date(2026, 9, 30) and months[-1].due == date(2026, 10, 10)


def test_draft_submit_return_resubmit_accept_and_lock(plan, demo_user):
    ProgressReport.objects.filter(item__action_plan=plan).delete()
    item = plan.items.order_by("rank").first()
    period = reports.periods(plan.cycle)[0]
    rayong = demo_user("rayong")
    report = reports.report_for(item, period)
    assert report.pk is None and [o["description"] for o in report.outputs]  # the targets
    reports.save(
        rayong, report, activities="อบรมเกษตรกร 2 รุ่น", progress_percent=30, spent=D("500000")
    )
    with pytest.raises(Exception, match="พิจารณาได้เฉพาะรายงานที่ส่งแล้ว"):
        reports.review(rayong, report, accept=False)
    reports.submit(rayong, report)
    with pytest.raises(Exception, match="แก้ไขไม่ได้"):
        reports.save(rayong, report, progress_percent=40)
    with pytest.raises(Exception, match="ระบุสิ่งที่ต้องแก้ไข"):
        reports.review(rayong, report, accept=False, note=" ")
    reports.review(rayong, report, accept=False, note="ขอภาพถ่ายกิจกรรม")
    assert report.status == ReportStatus.RETURNED
    reports.save(rayong, report, progress_percent=35)
    reports.submit(rayong, report)
    reports.review(rayong, report, accept=True)
    assert report.locked
    with pytest.raises(Exception, match="แก้ไขไม่ได้"):
        reports.save(rayong, report, progress_percent=99)
    with pytest.raises(Exception):  # noqa: B017 - another province does not review it
        reports.review(demo_user("chonburi"), report, accept=True)


def test_late_reports_and_the_grid_page(plan, demo_user):
    items = list(plan.items.all())
    today = date(2026, 11, 22)
    grid = reports.grid(items, plan.cycle, today)
    late = {
        (item.proposal.reference_code, cell.period.code)
        for item, cells in grid
        for cell in cells
        if cell.late
    }
    assert ("RY69-PW-01", "2569-Q3") in late and ("RY69-PW-01", "2569-Q2") in late  # returned
    assert not any(code == "RY69-AG-01" for code, _period in late)
    client = Client()
    client.force_login(demo_user("rayong"))
    page = client.get("/monitoring/2569/21/reports/").content.decode()
    assert "ไตรมาสที่ 4" in page and page.count("badge warn") == reports.late_count(
        items, plan.cycle, date.today()
    )
    item = next(i for i in items if i.proposal.reference_code == "RY69-PW-01")
    form = client.get(f"/monitoring/projects/{item.pk}/reports/2569-Q3/").content.decode()
    assert 'name="activities"' in form
    response = client.post(
        f"/monitoring/projects/{item.pk}/reports/2569-Q3/",
        {
            "action": "submit",
            "activities": "เร่งรัดการก่อสร้าง",
            "progress_percent": 40,
            "spent": "1500000",
            "problems": "",
        },
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get(item=item, period="2569-Q3").status == ReportStatus.SUBMITTED
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get(f"/monitoring/projects/{item.pk}/reports/2569-Q3/").status_code == 404


def test_a_report_keeps_its_photos_and_documents(plan, demo_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oneplan.documents.tests import files

    settings.MEDIA_ROOT = tmp_path
    item = next(i for i in plan.items.all() if i.proposal.reference_code == "RY69-PW-01")
    client = Client()
    client.force_login(demo_user("rayong"))
    url = f"/monitoring/projects/{item.pk}/reports/2569-Q2/"  # returned: open again
    png = SimpleUploadedFile("หน้างาน.png", files.png(), "image/png")
    client.post(url, {"file": png})
    report = ProgressReport.objects.get(item=item, period="2569-Q2")
    photo = report.files.get()
    assert client.get(f"/monitoring/report-files/{photo.pk}/").status_code == 200
    fake = SimpleUploadedFile("x.png", b"GIF89a", "image/png")
    client.post(url, {"file": fake})
    assert report.files.count() == 1
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get(f"/monitoring/report-files/{photo.pk}/").status_code == 404
    # An accepted report is locked: nothing more is attached.
    accepted = ProgressReport.objects.filter(status=ReportStatus.ACCEPTED).first()
    done_url = f"/monitoring/projects/{accepted.item_id}/reports/{accepted.period}/"
    assert (
        client.post(
            done_url, {"file": SimpleUploadedFile("a.png", files.png(), "image/png")}
        ).status_code
        == 404
    )
