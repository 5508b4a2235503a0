"""The planning calendar and the public portal in real Chromium: anyone reads the
published calendar as a month-by-month chart; the province marks a late step done and
drafts the letter that sends the calendar; a visitor comments on the plan from a phone."""

from __future__ import annotations

import pytest

from .conftest import login
from .test_browse import PHONE, assert_clean, assert_fits_phone, th

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


@pytest.mark.browser
def test_the_province_works_its_calendar_and_sends_it(new_page, site):
    from datetime import timedelta

    from django.utils import timezone

    from oneplan.cycles.calendars import is_late
    from oneplan.cycles.models import Calendar, StepStatus

    calendar = Calendar.objects.get(area_id="21", copied_from__isnull=False)
    # Arrange one late step whatever the day: it ended yesterday and is not done.
    today = timezone.localdate()
    calendar.steps.filter(end__lt=today).update(status=StepStatus.DONE)
    late = calendar.steps.get(number=2)
    late.start, late.end, late.status = (
        today - timedelta(days=10),
        today - timedelta(days=1),
        StepStatus.PLANNED,
    )
    late.save()
    assert [s.number for s in calendar.steps.all() if is_late(s, today)] == [2]

    page, watch = new_page()
    page.goto(f"{site}/public/")
    page.get_by_role("link", name=calendar.title).click()
    expect(page.locator("table.gantt")).to_be_visible()
    expect(page.locator("table.gantt thead")).to_contain_text("พ.ศ.")
    expect(page.locator("table.gantt tr.late")).to_have_count(1)
    expect(page.get_by_role("button", name=th("Mark done"))).to_have_count(0)  # public: read

    login(page, site, "rayong")
    page.goto(f"{site}{calendar.get_absolute_url()}")
    row = page.locator(f"#step-{late.pk}")
    with page.expect_navigation():
        row.get_by_role("button", name=th("Mark done")).click()
    expect(page.locator("table.gantt tr.late")).to_have_count(0)
    late.refresh_from_db()
    assert late.status == StepStatus.DONE

    with page.expect_navigation():
        page.get_by_role("button", name=th("Letter sending this calendar")).click()
    # The distribution list: one row per recipient, with its sent and acknowledged dates.
    expect(page.locator("#recipients")).to_contain_text("ที่ว่าการอำเภอเมืองระยอง")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_clean(watch)


@pytest.mark.browser
def test_a_visitor_comments_on_the_plan_from_a_phone(new_page, site):
    from oneplan.participation.models import Consultation, Moderation, PlanComment

    consultation = Consultation.objects.get(province_id="21")
    phone, watch = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{site}/participation/consultations/{consultation.pk}/public/")
    assert_fits_phone(phone, "public consultation page")
    phone.locator("textarea[name=text]").fill("ขอให้เพิ่มโครงการป้องกันน้ำท่วมในเขตเมือง")
    with phone.expect_navigation():
        phone.get_by_role("button", name=th("Send")).click()
    expect(phone.locator(".messages")).to_be_visible()
    comment = PlanComment.objects.get(text="ขอให้เพิ่มโครงการป้องกันน้ำท่วมในเขตเมือง")
    assert comment.moderation == Moderation.PENDING
    assert_clean(watch)
