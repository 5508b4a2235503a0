"""The provincial strategy officer's plan work in real Chromium: open the demo plan's yearly
review, run the plan check, follow a finding to the component, fix an indicator's target,
and read what changed since the approved edition — also on a phone.
"""

from __future__ import annotations

import re

import pytest

from .conftest import login
from .test_browse import PHONE, assert_clean, assert_fits_phone, path_of, th

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


def rayong_review():
    from oneplan.plans.models import Plan

    plan = Plan.objects.get(province_id="21", first_year_be=2566)
    return plan, plan.editions.get(number=1)


@pytest.mark.browser
def test_officer_checks_the_review_fixes_a_finding_and_reads_the_diff(page, watch, site):
    from oneplan.plans.models import Indicator

    plan, review = rayong_review()
    login(page, site, "rayong")
    page.get_by_role("link", name=th("Development plans"), exact=True).click()
    page.get_by_role("link", name=plan.title).click()
    expect(page.locator("h1")).to_have_text(plan.title)
    page.get_by_role("link", name=review.label, exact=True).first.click()
    expect(page).to_have_url(f"{site}/plans/editions/{review.pk}/")

    # The check: a grade and findings, each pointing at its component.
    page.get_by_role("link", name=th("Plan check"), exact=True).click()
    expect(page.locator(".grade")).to_be_visible()
    finding = page.locator("table.findings tr", has_text="PC-INDICATOR-EXTERNAL")
    expect(finding).to_contain_text("GPP")
    finding.get_by_role("link").click()
    indicator = Indicator.objects.get(edition=review, number="1.1.2")
    expect(page).to_have_url(re.compile(rf"/plans/editions/{review.pk}/#indicator-{indicator.pk}$"))
    expect(page.locator(f"#indicator-{indicator.pk}")).to_be_visible()

    # Fix a target of another indicator through its form (Thai digits typed).
    target = Indicator.objects.get(edition=review, number="1.1.1")
    row = page.locator(f"#indicator-{target.pk}")
    row.get_by_role("link", name=th("Edit"), exact=True).click()
    page.locator("#id_target_2570").fill("๙๙๙")
    with page.expect_navigation():
        page.get_by_role("button", name=th("Save"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(th("Saved."))
    expect(page.locator(f"#indicator-{target.pk}")).to_contain_text("999")

    # What changed since the approved edition: the new target, old → new.
    page.get_by_role("link", name=th("What changed"), exact=True).first.click()
    item = page.locator("ul.diff > li", has_text=target.name).first
    expect(item).to_contain_text("999")
    expect(item.locator("del").first).to_be_visible()
    assert_clean(watch)


@pytest.mark.browser
def test_edition_page_fits_a_phone(new_page, site):
    _plan, review = rayong_review()
    page, watch = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, site, "rayong")
    page.goto(f"{site}/plans/editions/{review.pk}/")
    expect(page.locator("#section-issues")).to_be_visible()
    assert_fits_phone(page, "edition page")
    page.goto(f"{site}/plans/editions/{review.pk}/diff/")
    assert_fits_phone(page, "diff page")
    assert_clean(watch)


@pytest.mark.browser
def test_plan_pdf_is_made_by_the_background_worker_while_the_page_shows_progress(page, watch, site):
    from django.core.management import call_command

    from oneplan.core.models import Job, JobStatus

    _plan, review = rayong_review()
    login(page, site, "rayong")
    page.goto(f"{site}/plans/editions/{review.pk}/")
    page.get_by_role("button", name=th("Plan as PDF"), exact=True).click()

    # Queued: nothing has made it yet, and the page shows its progress without reloading.
    job_card = page.locator(".job")
    expect(job_card.locator("progress")).to_be_visible()
    job = Job.objects.get(requested_by__username="rayong", kind="document:plan.pdf")
    assert job.status == JobStatus.QUEUED
    assert path_of(page) == f"/plans/editions/{review.pk}/"

    # The worker (the same command production runs) makes it; the polling card notices.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    link = job_card.get_by_role("link", name=re.compile(th("Download")))
    expect(link).to_be_visible(timeout=10_000)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert_clean(watch)
