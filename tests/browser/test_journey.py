"""A year of Chanthaburi (22) in real Chromium, from an empty system (issue 11, item 8): the
reference data of the province (with the country's clusters, regimes and cycles) and a
superuser, nothing else — no demo. The superuser (what `oneplan createsuperuser` makes) adds
the bodies and the users in the admin's pages; then each user does their part in the
browser, as the API journey (`tests/journey/test_api_journey.py`) does through the API:

the secretariat makes the national calendar of FY 2571 and the province copies it; the
province sets up its ก.บ.จ. with its appointment order (printed), imports its villages and
their needs, holds its Section 19 consultation and issues its letters with numbers from its
own register; the strategy group imports its 5-year plan, which the ก.บ.จ. approves in a
meeting; the agriculture office sends its proposals, the province screens them and reviews
them in the project clinic, assembles its action plan, records the allocations and imports
the GFMIS export; the agency reports its progress, the province accepts it and produces the
six-monthly report with its numbered covering letter; the cluster's office reads the
province's action plan within the cluster's envelope, which the secretariat set on the
year's envelope page.

Each step is a function named for what the officials do, so a failure names the step.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from oneplan.areas.models import Cluster
from oneplan.committees.models import Committee
from oneplan.cycles.models import Calendar, Regime
from oneplan.letters.models import IssuedNumber
from oneplan.orgs.models import Organisation, User
from oneplan.participation.models import Consultation
from tests.browser.conftest import login
from tests.browser.test_browse import path_of, th
from tests.journey import chanthaburi as ct

pytestmark = pytest.mark.browser

PROVINCE = "22"
YEAR = ct.FIRST_YEAR
CYCLE = "รอบปีงบประมาณ พ.ศ. 2571"
PASSWORD = "journey-Pass-2571"
AGENCY = "สำนักงานเกษตรจังหวัดจันทบุรี"
VILLAGES = Path(__file__).resolve().parents[2] / (
    "oneplan/participation/tests/files/villages_chanthaburi.csv"
)
PROPOSALS = [  # (reference code, title, issue's priority, strategy, amount)
    (
        "CTI-2571-001",
        "โครงการยกระดับคุณภาพทุเรียนและมังคุดสู่มาตรฐาน GAP จังหวัดจันทบุรี",
        1,
        "1.1",
        "4500000",
    ),
    ("CTI-2571-002", "โครงการพัฒนาตลาดพลอยจันทบุรีสู่แหล่งท่องเที่ยวเชิงวัฒนธรรม", 2, "2.1", "3200000"),
]


@pytest.fixture
def site(browser, live_server, transactional_db) -> str:
    """Instead of the suite's site (Rayong's demo): Chanthaburi's reference data (with the
    country's clusters, regimes and cycles), a superuser, and nothing else."""
    from oneplan.core.reference import load_reference

    load_reference([PROVINCE])
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    return live_server.url


# --------------------------------------------------------------------------- helpers


def _save(page) -> None:
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def admin_adds_a_body(page, site: str, name: str, kind: str) -> None:
    page.goto(f"{site}/admin/orgs/organisation/add/")
    page.locator("#id_name_th").fill(name)
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_area").fill(PROVINCE)
    _save(page)


def admin_adds_a_user(
    page,
    site: str,
    username: str,
    role: str,
    area: str = "",
    *,
    organisation: str = "",
    cluster: Cluster | None = None,
) -> None:
    page.goto(f"{site}/admin/orgs/user/add/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    body = Organisation.objects.get(name_th=organisation) if organisation else None
    if body is not None:  # a raw-id field: the body's number, as the lookup's pop-up gives it
        page.locator("#id_organisation").fill(str(body.pk))
    page.locator(".add-row a").last.click()  # the roles inline: "add another"
    page.locator("#id_role_assignments-0-role").select_option(role)
    if area:
        page.locator("#id_role_assignments-0-area").fill(area)
    if body is not None:
        page.locator("#id_role_assignments-0-organisation").fill(str(body.pk))
    if cluster is not None:
        page.locator("#id_role_assignments-0-cluster").select_option(str(cluster.pk))
    _save(page)
    user = User.objects.get(username=username)
    assert user.role_assignments.filter(role=role).exists()
    if organisation:
        assert user.organisation.name_th == organisation


def sign_in_as(page, site: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, site, username, PASSWORD)


def submit(page, button_text: str | None = None) -> None:
    """Submit the page's main form (or the one whose button says `button_text`)."""
    button = (
        page.locator("main form button[type=submit]").first
        if button_text is None
        else page.get_by_role("button", name=button_text)
    )
    with page.expect_navigation():
        button.click()


def click_and_wait(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def no_error_messages(page) -> None:
    errors = page.locator("ul.messages .error, .msg.error, .errorlist").all_inner_texts()
    assert not errors, errors


def download(page, locator) -> bytes:
    with page.expect_download() as fetched:
        locator.click()
    return Path(fetched.value.path()).read_bytes()


def the_cluster() -> Cluster:
    regime = Regime.objects.get(is_current=True)
    return Cluster.objects.get(regime=regime.cluster_regime, memberships__province_id=PROVINCE)


# --------------------------------------------------------------------------- the steps


def the_deployer_adds_the_people(page, site: str) -> None:
    """The deployer's first hour, in the admin: the bodies and their users."""
    login(page, site, "root", PASSWORD)
    admin_adds_a_body(page, site, "สำนักงานจังหวัดจันทบุรี", "provincial_office")
    admin_adds_a_body(page, site, AGENCY, "provincial_agency")
    admin_adds_a_user(page, site, "secretariat", "national_secretariat")
    admin_adds_a_user(page, site, "chan_strategy", "provincial_strategy", PROVINCE)
    admin_adds_a_user(page, site, "chan_agri", "agency_officer", organisation=AGENCY)
    admin_adds_a_user(page, site, "east2", "cluster_strategy", cluster=the_cluster())


def the_secretariat_sets_the_national_calendar(page, site: str) -> Calendar:
    """The national template of FY 2571, from scratch, with one step."""
    sign_in_as(page, site, "secretariat")
    page.goto(f"{site}/calendars/new/")
    page.get_by_label("รอบการวางแผน").select_option(label=CYCLE)
    page.locator("#id_title").fill("ปฏิทินการจัดทำแผนพัฒนาจังหวัด ประจำปีงบประมาณ พ.ศ. 2571")
    page.locator("#id_is_template").check()
    submit(page)
    template = Calendar.objects.get(is_template=True, cycle__fiscal_year_be=YEAR)
    page.goto(f"{site}/calendars/{template.pk}/steps/new/")
    page.locator("#id_action").fill("จังหวัดจัดประชุมปรึกษาหารือภาคส่วนต่าง ๆ ตามมาตรา 19")
    page.locator("#id_when").fill("ธ.ค. 2569 - ม.ค. 2570")
    submit(page)
    assert template.steps.count() == 1
    return template


def the_province_copies_the_calendar(page, site: str, template: Calendar) -> None:
    sign_in_as(page, site, "chan_strategy")
    page.goto(f"{site}/calendars/")
    submit(page, "คัดลอกเป็นปฏิทินของหน่วยงานฉัน")
    own = Calendar.objects.get(area_id=PROVINCE, cycle__fiscal_year_be=YEAR)
    assert own.copied_from == template and own.steps.count() == 1


def the_province_sets_up_its_committee(page, site: str) -> Committee:
    """Its ก.บ.จ.: the committee, the order, a member; the order printed."""
    page.goto(f"{site}/committees/new/")
    page.get_by_label("รอบการวางแผน").select_option(label=CYCLE)
    kbj = page.locator("#id_type option", has_text="ก.บ.จ. —").first.get_attribute("value")
    page.locator("#id_type").select_option(kbj)
    page.locator("#id_area").select_option(PROVINCE)
    submit(page)
    committee = Committee.objects.get(area_id=PROVINCE)
    assert urlsplit(page.url).path == committee.get_absolute_url()
    page.get_by_text("เพิ่มคำสั่งแต่งตั้ง").click()
    page.locator("#id_o-number").fill("2345/2569")
    page.locator("#id_o-issued_on").fill("1/12/2569")
    page.locator("#id_o-title").fill("แต่งตั้งคณะกรรมการบริหารงานจังหวัดแบบบูรณาการจังหวัดจันทบุรี")
    page.locator("#id_o-issued_by").fill("จังหวัดจันทบุรี")
    with page.expect_navigation():
        page.locator("#id_o-number").press("Enter")
    order = committee.orders.get()
    assert order.issued_on.isoformat() == "2026-12-01"  # typed in B.E.
    page.get_by_text("เพิ่มกรรมการ").click()
    page.locator("#id_m-full_name").fill("นายวิรัช จันทร์เพ็ญ")
    page.locator("#id_m-position_title").fill("ผู้ว่าราชการจังหวัดจันทบุรี")
    page.locator("#id_m-role").select_option("chair")
    page.locator("#id_m-basis").select_option("position")
    page.locator("#id_m-seat").select_option("governor")
    page.locator("#id_m-order").select_option(str(order.pk))
    with page.expect_navigation():
        page.locator("#id_m-full_name").press("Enter")
    assert committee.members.get().order == order
    pdf = download(page, page.get_by_role("link", name="คำสั่ง (PDF)"))
    assert pdf.startswith(b"%PDF")
    return committee


def the_province_imports_its_villages(page, site: str) -> None:
    """Its villages, from the DOPA list."""
    page.goto(f"{site}/participation/villages/{PROVINCE}/import/")
    page.locator("input[type=file]").set_input_files(str(VILLAGES))
    submit(page)
    assert "12" in page.locator("main").inner_text()


def the_province_imports_its_needs(page, site: str, tmp_path: Path) -> None:
    """The needs of the village plans: the Excel template downloaded, filled in, uploaded;
    uploaded again, nothing is added twice."""
    from oneplan.participation.models import Need

    page.goto(f"{site}/participation/needs/import/")
    template = download(page, page.get_by_role("link", name=th("Download the template (.xlsx)")))
    book = load_workbook(io.BytesIO(template))
    sheet = book["แผนพัฒนาหมู่บ้าน"]
    headers = [cell.value for cell in sheet[3]]
    for row, ((code, number, name), need) in enumerate(
        zip(ct.VILLAGES, ct.needs(), strict=True), start=4
    ):
        values = {
            "ลำดับ": row - 3,
            "รหัสหมู่บ้าน": code,
            "หมู่ที่": number,
            "ชื่อหมู่บ้าน": name,
            "ปัญหา/ความต้องการ": need["title"],
            "โครงการ/กิจกรรมที่เสนอ": need["project_idea"],
            "งบประมาณ (บาท)": int(need["budget"]),
            "ลำดับความสำคัญ": row - 3,
            "การดำเนินการ": "ขอรับการสนับสนุน",
        }
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    filled = tmp_path / "needs.xlsx"
    book.save(filled)

    for added in (len(ct.needs()), 0):
        page.goto(f"{site}/participation/needs/import/")
        page.get_by_label(th("planning cycle")).select_option(str(YEAR))
        page.locator("input[type=file]").set_input_files(str(filled))
        submit(page, th("Import"))
        result = page.locator("#import-result")
        assert result.locator("[data-count=created]").inner_text() == str(added), page.locator(
            "main"
        ).inner_text()
    needs = Need.objects.filter(cycle__fiscal_year_be=YEAR, area__code__startswith=PROVINCE)
    assert needs.count() == len(ct.needs())
    assert needs.filter(beyond_capacity=True).count() == len(ct.needs())


def the_province_holds_its_consultation(page, site: str) -> Consultation:
    """Its Section 19 consultation."""
    page.goto(f"{site}/participation/consultations/new/")
    page.get_by_label("รอบการวางแผน").select_option(label=CYCLE)
    page.locator("#id_held_on").fill("15/1/2570")
    page.locator("#id_venue").fill("ห้องประชุมศาลากลางจังหวัดจันทบุรี")
    submit(page)
    consultation = Consultation.objects.get(province_id=PROVINCE)
    assert consultation.held_on.isoformat() == "2027-01-15"

    # Its invitees: the five groups the law names, one added by hand; who came.
    submit(page, th("Build the invitation list the law requires"))
    no_error_messages(page)
    page.get_by_text(th("Add an invitee by hand")).click()
    by_hand = page.locator("form[action$='/invitees/add/']")
    by_hand.locator("select[name=group]").select_option("civil_society")
    by_hand.locator("input[name=name]").fill("นายสมชาย ใจดี ประธานเครือข่ายชาวสวนผลไม้")
    click_and_wait(by_hand.get_by_role("button"))
    no_error_messages(page)
    invitees = consultation.invitees.all()
    assert {i.group for i in invitees} >= {"agency_head", "civil_society"}
    for invitee in invitees:
        page.get_by_text(th("Every invitee")).click()
        click_and_wait(page.locator(f"#invitee-{invitee.pk}").get_by_role("button").first)
    assert not consultation.invitees.filter(attended=False).exists()
    return consultation


def the_province_sends_a_numbered_letter(page, site: str, consultation: Consultation) -> None:
    """A number register, a letter drafted from the consultation and issued under number 1."""
    page.goto(f"{site}/letters/registers/new/")
    page.locator("#id_prefix").fill("จบ ๐๐๑๗.๒")
    submit(page)
    page.goto(f"{site}/participation/consultations/{consultation.pk}/")
    submit(page, "จัดทำหนังสือเชิญประชุม")
    page.locator("#id_register").select_option(index=1)
    submit(page, "ออกเลขที่หนังสือ")
    issued = IssuedNumber.objects.get(register__province_id=PROVINCE)
    assert issued.number == 1 and issued.text.endswith("/๑")


def the_strategy_group_imports_its_plan(
    page, site: str, tmp_path: Path, consultation: Consultation
):
    """A new 5-year plan (2571–2575): its chain from the filled-in Excel template; the
    consultation's comment on it answered; the draft marked consulted."""
    from oneplan.plans.models import Plan

    page.goto(f"{site}/plans/new/")
    page.get_by_label(th("Province or cluster")).select_option(f"province:{PROVINCE}")
    page.get_by_label(th("First fiscal year")).fill(str(YEAR))
    submit(page, th("Save"))
    no_error_messages(page)
    plan = Plan.objects.get(province_id=PROVINCE, first_year_be=YEAR)
    edition = plan.editions.get(number=0)
    assert urlsplit(page.url).path == edition.get_absolute_url()

    click_and_wait(page.get_by_role("link", name=th("Import from Excel")))
    template = download(page, page.get_by_role("link", name=th("Download the template (.xlsx)")))
    filled = tmp_path / "plan.xlsx"
    filled.write_bytes(ct.filled_plan(template))
    page.locator("input[type=file]").set_input_files(str(filled))
    submit(page, th("Import"))
    assert page.locator("#import-result").is_visible(), page.locator("main").inner_text()
    assert edition.issues.count() == 3
    assert edition.strategies.count() == 3 and edition.indicators.count() == 3

    # The consultation's comment on the draft, recorded and answered.
    page.goto(f"{site}{consultation.get_absolute_url()}")
    page.locator("#c-plan").select_option(str(plan.pk))
    page.locator("#c-component").fill("ประเด็นยุทธศาสตร์ที่ 1")
    page.locator("#c-commenter").fill("นายสมชาย ใจดี")
    page.locator("#c-text").fill("ขอให้เพิ่มการแปรรูปผลไม้เพื่อลดปัญหาราคาตกต่ำ")
    submit(page, th("Record the comment"))
    no_error_messages(page)
    comment = consultation.comments.get()
    page.locator(f"#a-{comment.pk}").select_option("partly")
    page.locator(f"#w-{comment.pk}").fill("บรรจุไว้ในกลยุทธ์ที่ 1.1")
    click_and_wait(page.locator(f"#comment-{comment.pk}").get_by_role("button", name=th("Answer")))
    no_error_messages(page)
    comment.refresh_from_db()
    assert comment.answer == "partly"

    page.goto(f"{site}{edition.get_absolute_url()}")
    page.get_by_text(th("Move along the approval chain")).click()
    page.get_by_label(th("New status")).select_option("consulted")
    page.get_by_label(th("decided by (meeting or document)")).fill(
        "การประชุมปรึกษาหารือภาคส่วนต่าง ๆ 15 ม.ค. 2570"
    )
    submit(page, th("Record the decision"))
    no_error_messages(page)
    edition.refresh_from_db()
    assert edition.status == "consulted"
    return edition


def the_committee_approves_the_plan(page, site: str, committee: Committee, edition) -> None:
    """The ก.บ.จ. meets, with its quorum, and its resolution approves the consulted plan."""
    page.goto(f"{site}{committee.get_absolute_url()}")
    page.get_by_text(th("Add a meeting")).click()
    page.locator("#id_g-number").fill("1/2570")
    page.locator("#id_g-held_on").fill("30/1/2570")
    page.locator("#id_g-venue").fill("ศาลากลางจังหวัดจันทบุรี")
    with page.expect_navigation():
        page.locator("#id_g-number").press("Enter")
    meeting = committee.meetings.get(number="1/2570")
    click_and_wait(page.locator(f"a[href='{meeting.get_absolute_url()}']").first)

    page.locator("summary", has_text=th("Attendance")).click()
    for box in page.locator("input[name=present]").all():
        box.check()
    click_and_wait(page.locator("form[action$='/attendance/'] button[type=submit]"))
    no_error_messages(page)

    page.get_by_text(th("Add an agenda item")).click()
    page.locator("#id_section").select_option("4")
    page.locator("#id_number").fill("4.1")
    page.locator("#id_title").fill("ร่างแผนพัฒนาจังหวัดจันทบุรี พ.ศ. 2571–2575")
    page.locator("#id_resolution").fill("ที่ประชุมเห็นชอบ")
    page.locator("#id_effect").select_option("approves_plan")
    page.locator("#id_plan_edition").select_option(str(edition.pk))
    with page.expect_navigation():
        page.locator("#id_number").press("Enter")
    no_error_messages(page)
    submit(page, th("The meeting was held"))
    no_error_messages(page)
    submit(page, th("Carry out the resolution"))
    no_error_messages(page)
    assert page.locator("#quorum").get_attribute("data-met") == "yes"
    edition.refresh_from_db()
    assert edition.status == "approved"


def the_agency_sends_proposals(page, site: str, edition) -> list:
    """The agriculture office enters its two proposals on the proposal form."""
    from oneplan.projects.models import Proposal

    sign_in_as(page, site, "chan_agri")
    issues = {i.priority: i for i in edition.issues.all()}
    strategies = {s.number: s for s in edition.strategies.all()}
    for code, title, priority, strategy, amount in PROPOSALS:
        page.goto(f"{site}/projects/new/")
        page.locator("#id_cycle").select_option(label=CYCLE)
        page.locator("#id_reference_code").fill(code)
        page.locator("#id_title").fill(title)
        page.locator("#id_rationale").fill("ผลผลิตของจังหวัดจันทบุรีมีปริมาณสูงแต่คุณภาพไม่สม่ำเสมอ")
        page.locator("#id_objectives").fill("เพื่อยกระดับคุณภาพผลผลิตและเพิ่มมูลค่า")
        page.locator("#id_expected_outcomes").fill("เกษตรกรและผู้ประกอบการมีรายได้เพิ่มขึ้น")
        page.locator("#id_area").select_option(PROVINCE)
        page.locator("#id_whole_area").check()
        page.locator("#id_start_date").fill("1/10/2570")
        page.locator("#id_end_date").fill("30/9/2571")
        page.locator("#id_funding_channel").select_option("province")
        page.locator("#id_proposer_kind").select_option("agency")
        page.locator("#id_responsible_agency").fill(AGENCY)
        page.locator("#id_issue").select_option(str(issues[priority].pk))
        page.locator("#id_strategy").select_option(str(strategies[strategy].pk))
        page.locator(f"#id_budget_{YEAR}_operating").fill(amount)
        submit(page, th("Save"))
        no_error_messages(page)
        sent = Proposal.objects.get(reference_code=code)
        assert urlsplit(page.url).path == sent.get_absolute_url()
        assert sent.proposer.name_th == AGENCY and sent.issue == issues[priority]
        assert sent.budget_lines.get().amount == Decimal(amount)
    return list(Proposal.objects.filter(province_id=PROVINCE).order_by("reference_code"))


def the_province_screens_the_proposals(page, site: str, proposals: list) -> None:
    """Each proposal screened against the cycle's criteria, then moved to the clinic."""
    sign_in_as(page, site, "chan_strategy")
    for proposal in proposals:
        page.goto(f"{site}/projects/")
        click_and_wait(page.get_by_role("link", name=proposal.title).first)
        submit(page, th("Screen now"))
        no_error_messages(page)
        for to_status in ("Full proposal", "Screened", "In the project clinic"):
            submit(page, f"→ {th(to_status)}")
            no_error_messages(page)
        proposal.refresh_from_db()
        assert proposal.status == "clinic"
        assert proposal.screening.eligible is not None


def the_province_reviews_them_in_the_clinic(page, site: str, proposals: list) -> None:
    for proposal in proposals:
        page.goto(f"{site}/projects/clinic/")
        click_and_wait(page.get_by_role("link", name=f"{proposal.reference_code} {proposal.title}"))
        comment = page.locator("#comments form")
        comment.locator("textarea[name=text]").fill("ขอให้ระบุพื้นที่ดำเนินการรายอำเภอให้ชัดเจน")
        click_and_wait(comment.get_by_role("button"))
        decision = page.locator("#decision form")
        decision.locator("select[name=outcome]").select_option("approved")
        decision.locator("textarea[name=reason]").fill("สอดคล้องกับประเด็นยุทธศาสตร์ลำดับต้น")
        click_and_wait(decision.get_by_role("button"))
        no_error_messages(page)
        proposal.refresh_from_db()
        assert proposal.status == "approved"
        assert proposal.comments.count() == 1 and proposal.decisions.count() == 1


def the_secretariat_sets_the_envelope(page, site: str) -> None:
    """The province's budget envelope of FY 2571: from the action plan page, which has none
    yet, the secretariat follows "Set the envelope" to the year's envelopes and types it
    with thousands separators on the province's row."""
    from auditlog.models import LogEntry

    from oneplan.projects.models import Envelope

    sign_in_as(page, site, "secretariat")
    page.goto(f"{site}/projects/action-plans/{YEAR}/{PROVINCE}/")
    click_and_wait(page.get_by_role("link", name=th("Set the envelope")))
    assert path_of(page) == f"/projects/envelopes/{YEAR}/"
    row = page.locator(f"#envelope-{PROVINCE}")
    row.locator(f"#env-{PROVINCE}-amount").fill("100,000,000")
    click_and_wait(row.get_by_role("button", name=th("Save")))
    no_error_messages(page)
    envelope = Envelope.objects.get(cycle__fiscal_year_be=YEAR, province_id=PROVINCE)
    assert envelope.amount == Decimal("100000000")
    assert LogEntry.objects.get_for_object(envelope).get().actor.username == "secretariat"
    assert "100,000,000.00" in page.locator(f"#envelope-{PROVINCE}").inner_text()


def the_province_assembles_its_action_plan(page, site: str):
    from oneplan.projects.models import ActionPlan

    sign_in_as(page, site, "chan_strategy")
    page.goto(f"{site}/projects/action-plans/{YEAR}/{PROVINCE}/")
    submit(page, th("Assemble the action plan"))
    no_error_messages(page)
    plan = ActionPlan.objects.get(province_id=PROVINCE, cycle__fiscal_year_be=YEAR)
    items = list(plan.items.order_by("rank"))
    assert [i.proposal.reference_code for i in items] == [p[0] for p in PROPOSALS]
    return plan


def the_province_records_the_allocations(page, site: str, plan) -> None:
    from oneplan.monitoring.models import Allocation

    for number, item in enumerate(plan.items.order_by("rank"), start=1):
        page.goto(f"{site}/monitoring/{YEAR}/{PROVINCE}/allocations/")
        section = page.locator("section.card", has_text=item.proposal.reference_code)
        section.get_by_text(th("Record or change an allocation")).click()
        section.locator(f"#a{item.pk}_category").select_option("operating")
        section.locator(f"#a{item.pk}_amount").fill("3,000,000")
        section.locator(f"#a{item.pk}_budget_code").fill(f"2200{number}")
        section.locator(f"#a{item.pk}_notice").fill("หนังสือสำนักงบประมาณ")
        section.locator(f"#a{item.pk}_notice_date").fill("20/10/2570")
        click_and_wait(section.get_by_role("button", name=th("Save")))
        no_error_messages(page)
    allocations = Allocation.objects.filter(province_id=PROVINCE, cycle__fiscal_year_be=YEAR)
    assert sorted(a.budget_code for a in allocations) == ["22001", "22002"]
    assert {a.amount for a in allocations} == {Decimal("3000000")}
    assert allocations.first().notice_date.isoformat() == "2027-10-20"


def the_province_imports_the_gfmis_export(page, site: str, tmp_path: Path) -> None:
    """The GFMIS export, imported by the background worker while the job's page waits."""
    from django.core.management import call_command

    from oneplan.monitoring.models import DisbursementImport

    gfmis = tmp_path / "gfmis.csv"
    gfmis.write_text(
        "วันที่เอกสาร,รหัสงบประมาณ,ยอดเบิกจ่าย\n15/12/2570,22001,750000\n20/01/2571,22002,400000\n"
    )
    page.goto(f"{site}/monitoring/{YEAR}/{PROVINCE}/import/")
    page.locator("input[type=file]").set_input_files(str(gfmis))
    submit(page, th("Import"))
    assert urlsplit(page.url).path.startswith("/jobs/")  # queued: no worker runs yet
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    no_error_messages(page)
    imported = DisbursementImport.objects.get(province_id=PROVINCE)
    assert (imported.added, imported.matched, imported.unmatched) == (2, 2, 0)
    assert f"{th('matched')} 2" in page.locator("main").inner_text()


def the_agency_reports_and_the_province_accepts(page, site: str, plan) -> None:
    """The agency's first-quarter report on its first project, submitted; the province
    accepts it."""
    from oneplan.monitoring.models import ProgressReport

    item = plan.items.order_by("rank").first()
    period = f"{YEAR}-Q1"
    sign_in_as(page, site, "chan_agri")
    page.goto(f"{site}/monitoring/{YEAR}/{PROVINCE}/reports/")
    assert item.proposal.title in page.locator("main").inner_text()
    # The grid shows a quarter once it nears (its due date within a month), and the test
    # runs in FY 2570: the agency opens the first quarter's report by its address.
    page.goto(f"{site}/monitoring/projects/{item.pk}/reports/{period}/")
    page.get_by_label(th("activities done")).fill("อบรมเกษตรกร 3 รุ่น รวม 310 ราย")
    page.get_by_label(th("work done (%)")).fill("30")
    page.get_by_label(th("spent (baht)")).fill("750000")
    submit(page, th("Submit to the province"))
    no_error_messages(page)
    report = ProgressReport.objects.get(item=item, period=period)
    assert report.status == "submitted"

    sign_in_as(page, site, "chan_strategy")
    page.goto(f"{site}/monitoring/projects/{item.pk}/reports/{period}/")
    page.locator("#note").fill("รับทราบ")
    submit(page, th("Accept"))
    no_error_messages(page)
    report.refresh_from_db()
    assert report.status == "accepted"


def the_province_produces_the_six_monthly_report(page, site: str) -> None:
    """The six-monthly report as a PDF, and its covering letter under the next number."""
    page.goto(f"{site}/monitoring/{YEAR}/{PROVINCE}/")
    pdf = download(page, page.locator("a[href$='/report-H1.pdf']"))
    assert pdf.startswith(b"%PDF")
    click_and_wait(page.locator(f"form[action$='/from/report/{YEAR}/{PROVINCE}/H1/'] button").first)
    page.locator("#id_register").select_option(index=1)
    submit(page, "ออกเลขที่หนังสือ")
    numbers = IssuedNumber.objects.filter(register__province_id=PROVINCE).order_by("number")
    assert [n.number for n in numbers] == [1, 2]


def the_cluster_reads_the_action_plan(page, site: str) -> None:
    """The cluster's office reads the province's action plan and the cluster's envelope."""
    sign_in_as(page, site, "east2")
    page.goto(f"{site}/projects/action-plans/{YEAR}/{PROVINCE}/")
    main = page.locator("main").inner_text()
    assert all(code in main for code, *_rest in PROPOSALS), main
    page.goto(f"{site}/projects/action-plans/{YEAR}/c{the_cluster().pk}/")
    assert "30,000,000" in page.locator("main").inner_text()


def test_a_province_runs_its_year_in_the_browser(site, new_page, tmp_path):
    page, watch = new_page()

    the_deployer_adds_the_people(page, site)
    template = the_secretariat_sets_the_national_calendar(page, site)
    the_province_copies_the_calendar(page, site, template)
    committee = the_province_sets_up_its_committee(page, site)
    assert not watch.problems()

    the_province_imports_its_villages(page, site)
    the_province_imports_its_needs(page, site, tmp_path)
    consultation = the_province_holds_its_consultation(page, site)
    the_province_sends_a_numbered_letter(page, site, consultation)
    assert not watch.problems()

    edition = the_strategy_group_imports_its_plan(page, site, tmp_path, consultation)
    the_committee_approves_the_plan(page, site, committee, edition)
    assert not watch.problems()

    proposals = the_agency_sends_proposals(page, site, edition)
    the_province_screens_the_proposals(page, site, proposals)
    the_province_reviews_them_in_the_clinic(page, site, proposals)
    assert not watch.problems()

    the_secretariat_sets_the_envelope(page, site)
    plan = the_province_assembles_its_action_plan(page, site)
    the_province_records_the_allocations(page, site, plan)
    the_province_imports_the_gfmis_export(page, site, tmp_path)
    assert not watch.problems()

    the_agency_reports_and_the_province_accepts(page, site, plan)
    the_province_produces_the_six_monthly_report(page, site)
    the_cluster_reads_the_action_plan(page, site)
    assert not watch.problems()
