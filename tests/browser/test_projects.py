"""The project clinic in real Chromium: the provincial strategy officer opens a demo
proposal in the clinic, sees its screening and similar projects, comments on a field,
and records a decision with its reason; the agency that proposed it reads the comment."""

from __future__ import annotations

import pytest

from .conftest import login
from .test_browse import PHONE, assert_clean, assert_fits_phone, th

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None


@pytest.mark.browser
def test_reviewer_comments_and_decides_the_proposer_reads_it(new_page, site):
    from oneplan.projects.models import Proposal, ProposalStatus

    proposal = Proposal.objects.get(reference_code="RY70-AG-01")  # the agriculture office's
    assert proposal.status == ProposalStatus.SCREENED
    page, watch = new_page()
    login(page, site, "rayong")
    page.get_by_role("link", name=th("Projects"), exact=True).click()
    page.get_by_role("link", name=th("Project clinic"), exact=True).click()
    page.get_by_role("link", name=f"{proposal.reference_code} {proposal.title}").click()
    expect(page.locator("h1")).to_have_text(proposal.title)
    expect(page.locator("#screening")).to_be_visible()

    comment = page.locator("#comments form")
    comment.locator("select[name=field]").select_option("objectives")
    comment.locator("textarea[name=text]").fill("ขอให้ระบุจำนวนเกษตรกรเป้าหมายรายอำเภอ")
    with page.expect_navigation():
        comment.get_by_role("button").click()
    expect(page.locator("#comments")).to_contain_text("ขอให้ระบุจำนวนเกษตรกรเป้าหมายรายอำเภอ")

    decision = page.locator("#decision form")
    decision.locator("select[name=outcome]").select_option("returned")
    decision.locator("textarea[name=reason]").fill("ให้ปรับเป้าหมายตามความเห็นคลินิกโครงการ")
    with page.expect_navigation():
        decision.get_by_role("button").click()
    expect(page.locator("#decision")).to_contain_text("ให้ปรับเป้าหมายตามความเห็นคลินิกโครงการ")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert_clean(watch)

    # The agency reads the comment on its phone and answers it.
    phone, phone_watch = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(phone, site, "rayong_agency")
    phone.goto(f"{site}{proposal.get_absolute_url()}")
    assert_fits_phone(phone, "proposal page")
    reply = phone.locator("#comments form")
    reply.locator("textarea[name=text]").fill("เกษตรกร 600 ราย ใน 8 อำเภอ")
    with phone.expect_navigation():
        reply.get_by_role("button", name=th("Reply")).click()
    expect(phone.locator("#comments")).to_contain_text("เกษตรกร 600 ราย ใน 8 อำเภอ")
    assert_clean(phone_watch)
