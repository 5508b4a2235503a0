"""The set-up of a year of Chanthaburi (22) in real Chromium, from an empty system (issue 11,
item 8): the reference data of the province and nothing else — no demo. A superuser (what
`oneplan createsuperuser` makes) adds the bodies and the users in the admin's pages; then
each user does their part in the browser: the secretariat makes the national calendar of
FY 2571, the province copies it, sets up its ก.บ.จ. with its appointment order (printed),
imports its villages, holds its Section 19 consultation and issues its letters with numbers
from its own register.

The rest of the year (plan, proposals, action plan, budget, reports) runs through the API in
`tests/journey/test_api_journey.py`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from oneplan.committees.models import Committee
from oneplan.cycles.models import Calendar
from oneplan.letters.models import IssuedNumber
from oneplan.orgs.models import User
from oneplan.participation.models import Consultation
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

PROVINCE = "22"
PASSWORD = "journey-Pass-2571"
VILLAGES = Path(__file__).resolve().parents[2] / (
    "oneplan/participation/tests/files/villages_chanthaburi.csv"
)


@pytest.fixture
def site(browser, live_server, transactional_db) -> str:
    """Instead of the suite's site (Rayong's demo): Chanthaburi's reference data (with the
    country's clusters, regimes and cycles), a superuser, and nothing else."""
    from oneplan.core.reference import load_reference

    load_reference([PROVINCE])
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    return live_server.url


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


def admin_adds_a_user(page, site: str, username: str, role: str, area: str = "") -> None:
    page.goto(f"{site}/admin/orgs/user/add/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator(".add-row a").last.click()  # the roles inline: "add another"
    page.locator("#id_role_assignments-0-role").select_option(role)
    if area:
        page.locator("#id_role_assignments-0-area").fill(area)
    _save(page)
    assert User.objects.get(username=username).role_assignments.filter(role=role).exists()


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


def test_a_province_sets_up_its_year_in_the_browser(site, new_page):
    page, watch = new_page()

    # The deployer's first hour, in the admin.
    login(page, site, "root", PASSWORD)
    admin_adds_a_body(page, site, "สำนักงานจังหวัดจันทบุรี", "provincial_office")
    admin_adds_a_user(page, site, "secretariat", "national_secretariat")
    admin_adds_a_user(page, site, "chan_strategy", "provincial_strategy", PROVINCE)

    # The secretariat: the national template of FY 2571, from scratch, with one step.
    sign_in_as(page, site, "secretariat")
    page.goto(f"{site}/calendars/new/")
    page.get_by_label("รอบการวางแผน").select_option(label="รอบปีงบประมาณ พ.ศ. 2571")
    page.locator("#id_title").fill("ปฏิทินการจัดทำแผนพัฒนาจังหวัด ประจำปีงบประมาณ พ.ศ. 2571")
    page.locator("#id_is_template").check()
    submit(page)
    template = Calendar.objects.get(is_template=True, cycle__fiscal_year_be=2571)
    page.goto(f"{site}/calendars/{template.pk}/steps/new/")
    page.locator("#id_action").fill("จังหวัดจัดประชุมปรึกษาหารือภาคส่วนต่าง ๆ ตามมาตรา 19")
    page.locator("#id_when").fill("ธ.ค. 2569 - ม.ค. 2570")
    submit(page)
    assert template.steps.count() == 1

    # The province copies it into its own calendar.
    sign_in_as(page, site, "chan_strategy")
    page.goto(f"{site}/calendars/")
    submit(page, "คัดลอกเป็นปฏิทินของหน่วยงานฉัน")
    own = Calendar.objects.get(area_id=PROVINCE, cycle__fiscal_year_be=2571)
    assert own.copied_from == template and own.steps.count() == 1

    # Its ก.บ.จ.: the committee, the order, a member; the order printed.
    page.goto(f"{site}/committees/new/")
    page.get_by_label("รอบการวางแผน").select_option(label="รอบปีงบประมาณ พ.ศ. 2571")
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
    with page.expect_download() as printed:
        page.get_by_role("link", name="คำสั่ง (PDF)").click()
    pdf = Path(printed.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert not watch.problems()

    # Its villages, from the DOPA list.
    page.goto(f"{site}/participation/villages/{PROVINCE}/import/")
    page.locator("input[type=file]").set_input_files(str(VILLAGES))
    submit(page)
    assert "12" in page.locator("main").inner_text()

    # Its Section 19 consultation.
    page.goto(f"{site}/participation/consultations/new/")
    page.get_by_label("รอบการวางแผน").select_option(label="รอบปีงบประมาณ พ.ศ. 2571")
    page.locator("#id_held_on").fill("15/1/2570")
    page.locator("#id_venue").fill("ห้องประชุมศาลากลางจังหวัดจันทบุรี")
    submit(page)
    consultation = Consultation.objects.get(province_id=PROVINCE)
    assert consultation.held_on.isoformat() == "2027-01-15"

    # A number register, a letter drafted from the consultation and issued under number 1.
    page.goto(f"{site}/letters/registers/new/")
    page.locator("#id_prefix").fill("จบ ๐๐๑๗.๒")
    submit(page)
    page.goto(f"{site}/participation/consultations/{consultation.pk}/")
    submit(page, "จัดทำหนังสือเชิญประชุม")
    page.locator("#id_register").select_option(index=1)
    submit(page, "ออกเลขที่หนังสือ")
    issued = IssuedNumber.objects.get(register__province_id=PROVINCE)
    assert issued.number == 1 and issued.text.endswith("/๑")
    assert not watch.problems()
