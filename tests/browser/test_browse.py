"""End-to-end checks in real Chromium: browsing, permissions, live search, phone layout, fonts.

Texts that come from data (province, district, cluster names) are asserted literally in
Thai. Interface texts are asserted through `th()`, i.e. what the Thai catalogue says today:
the English source string while a message is not yet translated, the Thai once it is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.forms.models import model_to_dict
from django.utils import translation

from .conftest import login

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

EAST_1 = "กลุ่มจังหวัดภาคตะวันออก 1"
NOT_FOUND_MESSAGE = (
    "The page or record you asked for does not exist, or you do not have access to it."
)


def th(message: str) -> str:
    """An interface text as a Thai user sees it (the source text until it is translated)."""
    with translation.override("th"):
        return translation.gettext(message)


def path_of(page) -> str:
    return urlsplit(page.url).path


def assert_clean(watch, *, allow_404_for: tuple[str, ...] = ()) -> None:
    problems = watch.problems(allow_404_for=allow_404_for)
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_provincial_officer_browses_country_to_district_and_is_refused_other_province(
    page, watch, site
):
    from oneplan.areas.models import ProvinceProfile

    chonburi_before = model_to_dict(ProvinceProfile.objects.get(province_id="20"))
    old_phone = ProvinceProfile.objects.get(province_id="21").phone
    new_phone = "0-3869-4999"
    assert old_phone and old_phone != new_phone

    # Log in through the form; LOGIN_REDIRECT_URL is the country page.
    login(page, site, "rayong")
    assert path_of(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_text("กลุ่มจังหวัด").first).to_be_visible()
    expect(page.locator("nav#mainnav .who")).to_be_visible()  # signed in

    # The clusters of the regime in force (2560); east 1 holds Chonburi and Rayong here.
    expect(page.locator("#regime option[selected]")).to_have_attribute("value", "2560")
    east1_card = page.locator("article.cluster").filter(
        has=page.get_by_role("link", name=EAST_1, exact=True)
    )
    expect(east1_card.locator("ul.members a")).to_have_text(["ชลบุรี", "ระยอง"])
    east1_card.get_by_role("link", name=EAST_1, exact=True).click()

    # Cluster page → the member province Rayong.
    expect(page).to_have_url(re.compile(r"/areas/clusters/\d+/$"))
    expect(page.locator("h1")).to_have_text(EAST_1)
    page.locator("table").get_by_role("link", name="ระยอง", exact=True).click()

    # Province page: heading, districts listed.
    expect(page).to_have_url(f"{site}/areas/21/")
    expect(page.locator("h1")).to_contain_text("จังหวัดระยอง")
    districts = page.locator("ul.area-list").first
    expect(districts.locator('a[href="/areas/2101/"]')).to_have_text("อำเภอเมืองระยอง")
    expect(districts.locator('a[href="/areas/2102/"]')).to_have_text("อำเภอบ้านฉาง")
    expect(page.get_by_role("link", name=th("Edit provincial data"))).to_be_visible()

    # District page: heading, sub-districts listed.
    districts.get_by_role("link", name="อำเภอเมืองระยอง", exact=True).click()
    expect(page).to_have_url(f"{site}/areas/2101/")
    expect(page.locator("h1")).to_contain_text("อำเภอเมืองระยอง")
    expect(page.locator("ul.area-list").first).to_contain_text("ตำบลท่าประดู่")
    expect(page.locator("nav.crumbs a", has_text="จังหวัดระยอง")).to_have_attribute(
        "href", "/areas/21/"
    )

    # Rayong's own edit page: loads, and saving a new phone number is recorded.
    response = page.goto(f"{site}/areas/21/edit/")
    assert response is not None and response.status == 200
    form = page.locator("main form.form")
    save = form.get_by_role("button", name=th("Save"), exact=True)
    expect(save).to_be_visible()
    expect(form.locator("#id_phone")).to_have_value(old_phone)
    form.locator("#id_phone").fill(new_phone)
    with page.expect_navigation():
        save.click()
    expect(page).to_have_url(f"{site}/areas/21/")
    expect(page.locator("ul.messages")).to_contain_text(th("Saved."))
    expect(page.locator(".card dl.facts")).to_contain_text(new_phone)
    trail = page.locator("section.audit-trail")
    expect(trail.locator("h2")).to_have_text(th("Change history"))
    latest_change = trail.locator("tbody tr").first.locator("ul.changes li")
    expect(latest_change).to_have_count(1)
    expect(latest_change.locator("del")).to_have_text(old_phone)
    expect(latest_change.locator("ins")).to_have_text(new_phone)
    expect(trail.locator("tbody tr").first).to_contain_text("มาลี ยุทธศาสตร์")  # who
    assert ProvinceProfile.objects.get(province_id="21").phone == new_phone

    # Another province's edit page: the same not-found answer as for a missing record.
    chonburi_edit = f"{site}/areas/20/edit/"
    response = page.goto(chonburi_edit)
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("main h1")).to_have_text(th("Not found"))
    expect(page.locator("main")).to_contain_text(th(NOT_FOUND_MESSAGE))
    expect(page.locator("#id_phone")).to_have_count(0)

    # Nor does a forged POST from the signed-in session (valid CSRF token) get through.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        chonburi_edit,
        form={"phone": "0-0000-0000", "letter_prefix": "XX", "governor_name": "ผู้บุกรุก"},
        headers={"X-CSRFToken": csrf, "Referer": chonburi_edit},
    )
    assert forged.status == 404
    assert model_to_dict(ProvinceProfile.objects.get(province_id="20")) == chonburi_before

    assert_clean(watch, allow_404_for=(chonburi_edit,))


@pytest.mark.browser
def test_live_search_shows_results_while_typing(page, watch, site):
    page.goto(f"{site}/areas/search/")
    box = page.locator("#area-q")
    results = page.locator("#search-results")
    expect(results.locator("a")).to_have_count(0)

    with page.expect_request(lambda r: r.headers.get("hx-request") == "true") as searched:
        box.press_sequentially("บ้านฉาง", delay=30)
    assert "q=" in searched.value.url
    district = results.locator('a[href="/areas/2102/"]')
    expect(district).to_have_text("อำเภอบ้านฉาง")
    expect(district.locator("xpath=..")).to_contain_text("จังหวัดระยอง")
    assert path_of(page) == "/areas/search/" and not urlsplit(page.url).query  # not submitted

    box.fill("")
    box.press_sequentially("Rayong", delay=30)
    expect(results.locator('a[href="/areas/21/"]')).to_have_text("จังหวัดระยอง")
    expect(results.locator('a[href="/areas/2102/"]')).to_have_count(0)
    assert path_of(page) == "/areas/search/" and not urlsplit(page.url).query

    assert_clean(watch)


PHONE = {"width": 390, "height": 844}

# Elements whose right edge lies beyond the viewport, to say what makes a page too wide.
TOO_WIDE = """(width) => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5)
  .map((e) => `<${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}`
    + `${e.className ? "." + String(e.className).split(" ").join(".") : ""}>`
    + ` right=${Math.round(e.getBoundingClientRect().right)}px`)"""


def assert_fits_phone(page, what: str) -> None:
    """No sideways scrolling. With mobile emulation a too-wide page is zoomed out, which
    widens window.innerWidth, so the check is against the device width as well."""
    width = PHONE["width"]
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    offenders = page.evaluate(TOO_WIDE, width)
    assert scroll_width <= inner_width and scroll_width <= width and inner_width == width, (
        f"{what} is {scroll_width}px wide on a {width}px phone "
        f"(window.innerWidth={inner_width}); too wide: {offenders}"
    )


@pytest.mark.browser
def test_phone_layout_has_no_horizontal_scroll_and_menu_opens(new_page, site):
    page, watch = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{site}/")
    expect(page.locator("article.cluster").first).to_be_visible()
    assert_fits_phone(page, "home page")

    toggle = page.locator(".nav-toggle")
    nav = page.locator("#mainnav")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.locator('a[href="/areas/search/"]')).to_be_visible()
    assert_fits_phone(page, "home page with the menu open")
    toggle.tap()
    expect(nav).to_be_hidden()

    assert_clean(watch)


@pytest.mark.browser
def test_sarabun_font_and_all_assets_are_served_locally(page, watch, site):
    page.goto(f"{site}/")
    loaded = page.evaluate(
        """async () => {
          await document.fonts.ready;
          return [...document.fonts]
            .filter((f) => f.status === "loaded")
            .map((f) => ({family: f.family.replace(/["']/g, ""), weight: String(f.weight)}));
        }"""
    )
    sarabun = [f for f in loaded if f["family"] == "Sarabun"]
    assert sarabun, f"no Sarabun face loaded; loaded faces: {loaded}"
    assert page.evaluate("document.fonts.check('16px Sarabun', 'กลุ่มจังหวัด')")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Sarabun")

    # The stylesheet, htmx and the font files came from the live server, with 200.
    origin = urlsplit(site).netloc
    statuses = {urlsplit(url).path: status for url, status in watch.responses.items()}
    assert statuses.get("/static/css/oneplan.css") == 200
    assert statuses.get("/static/vendor/htmx.min.js") == 200
    fonts = {p: s for p, s in statuses.items() if p.startswith("/static/vendor/sarabun/")}
    assert "/static/vendor/sarabun/sarabun-thai-400-normal.woff2" in fonts, fonts
    assert set(fonts.values()) == {200}, fonts
    assert page.evaluate("typeof window.htmx") == "object"

    elsewhere = [
        url
        for url in watch.requests
        if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != origin
    ]
    assert not elsewhere, f"requests left the live server: {elsewhere}"
    assert_clean(watch)
