"""A real year from an empty system (issue 11, calendars): the secretariat opens the fiscal
year and creates the national template (from scratch or last year's, every date a year
later); clusters, provinces and districts create their own calendars and copy the template;
steps and the Excel import through the API; every refusal by the one policy, every write
audited."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from oneplan.core.thai import add_years, last_of_month
from oneplan.cycles import calendar_files, services
from oneplan.cycles.calendars import format_when, moved_when, parse_when
from oneplan.cycles.models import Calendar, CalendarStep, Cycle, DatePrecision, Regime
from oneplan.orgs.policy import scopes_of

# --------------------------------------------------------------------------- a year on


def _step(start: date | None, end: date | None, precision: str, deadline: bool = False):
    return CalendarStep(start=start, end=end, precision=precision, deadline=deadline)


def test_29_february_lands_on_28_february():
    leap = _step(date(2024, 2, 29), date(2024, 2, 29), DatePrecision.DAY)  # 29 ก.พ. 2567
    moved = moved_when(leap, 1)
    assert (moved.start, moved.end) == (date(2025, 2, 28), date(2025, 2, 28))
    assert format_when(moved) == "28 กุมภาพันธ์ 2568"
    month = _step(date(2024, 2, 1), date(2024, 2, 29), DatePrecision.MONTH, deadline=True)
    moved = moved_when(month, 1)
    assert (moved.start, moved.end, moved.deadline) == (date(2025, 2, 1), date(2025, 2, 28), True)
    assert format_when(moved) == "ภายใน กุมภาพันธ์ 2568"


def test_the_words_of_several_days_follow_the_year():
    for text, years, expected in (
        ("25, 29 และ 31 สิงหาคม 2560", 1, "25, 29 และ 31 สิงหาคม 2561"),
        ("๒๕, ๒๙ และ ๓๑ ส.ค. ๖๐", 1, "25, 29 และ 31 ส.ค. 61"),  # read as Arabic
        ("28 และ 29 ก.พ. 2567", 1, ""),  # no 29 February in 2568: printed from the dates
    ):
        when = parse_when(text)
        step = _step(when.start, when.end, when.precision)
        step.when_text = when.text
        moved = moved_when(step, years)
        assert moved.text == expected
        again = parse_when(format_when(moved))
        assert (again.start, again.end) == (moved.start, moved.end)


# A step as calendars hold it: to the day, or whole months; "by" a date or not.
@st.composite
def steps(draw):
    start = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=400))
    precision = draw(st.sampled_from(DatePrecision.values))
    end = start + timedelta(days=length)
    if precision == DatePrecision.MONTH:
        start, end = start.replace(day=1), last_of_month(end)
    return _step(start, end, precision, draw(st.booleans()))


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


@given(st.lists(steps(), min_size=1, max_size=8), st.integers(min_value=1, max_value=3))
def test_moving_a_calendar_keeps_order_precision_and_span(found, years):
    moved = [moved_when(step, years) for step in found]
    for step, when in zip(found, moved, strict=True):
        assert (when.precision, when.deadline) == (step.precision, step.deadline)
        # Every date is the same day `years` later (29 February: 28 February).
        assert when.start == add_years(step.start, years)
        if step.precision == DatePrecision.MONTH:
            assert when.start.day == 1 and when.end == last_of_month(when.end)
            assert _months(when.start, when.end) == _months(step.start, step.end)
        else:
            assert when.end == add_years(step.end, years)
            assert (when.start == when.end) == (step.start == step.end)
            # The same number of days, but for a 29 February on the way.
            assert abs((when.end - when.start) - (step.end - step.start)) <= timedelta(
                days=1 + (step.end - step.start).days // 365
            )
        again = parse_when(format_when(when))  # the words printed read back as the dates
        assert (again.start, again.end, again.deadline) == (when.start, when.end, when.deadline)
    # The order of the steps in time is kept.
    order = sorted(range(len(found)), key=lambda i: (found[i].start, i))
    starts = [moved[i].start for i in order]
    assert starts == sorted(starts)


# --------------------------------------------------------------------------- helpers


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post_json(client: Client, url: str, data: dict, method: str = "post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _audited(obj) -> LogEntry | None:
    kind = ContentType.objects.get_for_model(type(obj))
    return LogEntry.objects.filter(content_type=kind, object_pk=str(obj.pk)).first()


@pytest.fixture
def rayong_calendar() -> Calendar:
    """Rayong's own calendar, not published (read only by those who read Rayong)."""
    calendar = Calendar.objects.filter(area_id="21", is_template=False).order_by("pk").first()
    calendar.published = False
    calendar.save(update_fields=["published"])
    return calendar


@pytest.fixture
def template() -> Calendar:
    return Calendar.objects.filter(is_template=True, level="nation").order_by("-pk").first()


# --------------------------------------------------------------------------- the fiscal year


@pytest.mark.django_db
def test_the_secretariat_opens_a_fiscal_year_on_the_page(demo_user):
    secretariat = demo_user("secretariat")
    client = _client(secretariat)
    assert client.get("/calendars/cycles/").status_code == 200
    response = client.post("/calendars/cycles/", {"fiscal_year_be": "2029", "name": ""})
    assert response.status_code == 302
    cycle = Cycle.objects.get(fiscal_year_be=2572)  # C.E. 2029 read as B.E. 2572
    assert cycle.regime == Regime.objects.get(is_current=True)
    assert _audited(cycle).actor == secretariat
    again = client.post("/calendars/cycles/", {"fiscal_year_be": "2572"})
    assert again.status_code == 200 and "fiscal_year_be" in again.context["form"].errors
    assert Cycle.objects.filter(fiscal_year_be=2572).count() == 1
    refused = _client(demo_user("rayong")).post("/calendars/cycles/", {"fiscal_year_be": "2573"})
    assert refused.status_code == 404
    assert not Cycle.objects.filter(fiscal_year_be=2573).exists()


@pytest.mark.django_db
def test_the_fiscal_year_through_the_api(demo_user):
    client = _client(demo_user("secretariat"))
    made = _post_json(client, "/api/v1/cycles", {"fiscal_year_be": 2574, "regime": "2551"})
    assert made.status_code == 201, made.content
    assert made.json()["regime"] == "2551"
    duplicate = _post_json(client, "/api/v1/cycles", {"fiscal_year_be": 2574})
    assert duplicate.status_code == 400 and duplicate.json()["detail"]
    for user in (demo_user("rayong"), demo_user("rayong_agency"), None):
        refused = _post_json(_client(user), "/api/v1/cycles", {"fiscal_year_be": 2575})
        assert refused.status_code in (401, 403)
    assert not Cycle.objects.filter(fiscal_year_be=2575).exists()
    listed = _client().get("/api/v1/cycles").json()
    assert 2574 in [c["fiscal_year_be"] for c in listed]


# --------------------------------------------------------------------------- calendars


@pytest.mark.django_db
def test_the_national_template_from_scratch_and_each_body_its_own(demo_user):
    cycle = services.create_cycle(demo_user("secretariat"), 2572)
    secretariat = _client(demo_user("secretariat"))
    made = _post_json(
        secretariat,
        "/api/v1/calendars",
        {
            "cycle": 2572,
            "level": "nation",
            "area": "TH",
            "title": "ปฏิทินแม่แบบ พ.ศ. 2572",
            "is_template": True,
        },
    )
    assert made.status_code == 201, made.content
    template = Calendar.objects.get(pk=made.json()["id"])
    assert template.is_template and template.cycle == cycle
    assert _audited(template).actor == demo_user("secretariat")

    # A province on the page; a district and a cluster through the API.
    rayong = _client(demo_user("rayong"))
    page = rayong.get("/calendars/new/")
    assert page.status_code == 200
    keys = [key for key, _label in page.context["form"].fields["owner"].choices]
    assert "area:21" in keys and "area:2101" in keys
    assert "area:20" not in keys and "area:TH" not in keys
    response = rayong.post(
        "/calendars/new/",
        {
            "cycle": cycle.pk,
            "owner": "area:21",
            "title": "ปฏิทินจังหวัดระยอง 2572",
            "print_layout": "table",
            "as_of": "1/10/2571",
        },
    )
    assert response.status_code == 302
    own = Calendar.objects.get(title="ปฏิทินจังหวัดระยอง 2572")
    assert (own.level, own.area_id, own.as_of) == ("province", "21", date(2028, 10, 1))

    district = _post_json(
        _client(demo_user("rayong_district")),
        "/api/v1/calendars",
        {"cycle": 2572, "level": "district", "area": "2101", "title": "ปฏิทินอำเภอเมืองระยอง"},
    )
    assert district.status_code == 201, district.content
    east1 = demo_user("east1")
    cluster_id = next(s.cluster_id for s in scopes_of(east1) if s.cluster_id)
    made = _post_json(
        _client(east1),
        "/api/v1/calendars",
        {"cycle": 2572, "level": "cluster", "cluster": cluster_id, "title": "ปฏิทินกลุ่มจังหวัด"},
    )
    assert made.status_code == 201, made.content


@pytest.mark.django_db
def test_calendars_others_may_not_create(demo_user):
    services.create_cycle(demo_user("secretariat"), 2572)
    before = Calendar.objects.count()
    base = {"cycle": 2572, "title": "ปฏิทินที่ไม่ควรมี"}
    cases = [
        (demo_user("rayong"), {"level": "province", "area": "20"}, 403),  # another province
        (demo_user("rayong"), {"level": "nation", "area": "TH"}, 403),  # the nation's
        (demo_user("rayong_district"), {"level": "province", "area": "21"}, 403),
        (demo_user("east1"), {"level": "province", "area": "21"}, 403),  # a member province
        (demo_user("rayong_agency"), {"level": "province", "area": "21"}, 403),  # an agency
        (None, {"level": "province", "area": "21"}, (401, 403)),  # the public
        (demo_user("rayong"), {"level": "province", "area": "2101"}, 400),  # wrong level
        (demo_user("rayong"), {"level": "province", "area": "21", "is_template": True}, 400),
    ]
    for user, owner, expected in cases:
        response = _post_json(_client(user), "/api/v1/calendars", {**base, **owner})
        allowed = expected if isinstance(expected, tuple) else (expected,)
        assert response.status_code in allowed, (user, owner, response.content)
    assert Calendar.objects.count() == before
    assert _client(demo_user("rayong_agency")).get("/calendars/new/").status_code == 404
    assert _client().get("/calendars/new/").status_code == 302  # to the login page


# --------------------------------------------------------------------------- copying


@pytest.mark.django_db
def test_last_years_template_into_the_next_fiscal_year(demo_user, template):
    secretariat = demo_user("secretariat")
    year = template.cycle.fiscal_year_be
    services.create_cycle(secretariat, year + 1)
    response = _client(secretariat).post(
        f"/calendars/{template.pk}/copy/",
        {"cycle": Cycle.objects.get(fiscal_year_be=year + 1).pk, "owner": "area:TH", "shift": "1"},
    )
    assert response.status_code == 302
    copy = Calendar.objects.filter(copied_from=template).order_by("-pk").first()
    assert copy.cycle.fiscal_year_be == year + 1 and copy.is_template
    assert str(year + 1) in copy.title and str(year) not in copy.title
    old = list(template.steps.order_by("number"))
    new = list(copy.steps.order_by("number"))
    assert [s.number for s in new] == [s.number for s in old]
    for before, after in zip(old, new, strict=True):
        assert after.precision == before.precision and after.deadline == before.deadline
        if before.start:
            assert after.start == add_years(before.start, 1)
        assert after.framed_by is None  # last year's national steps frame nothing now
    assert _audited(copy).actor == secretariat and _audited(new[0]).actor == secretariat

    # A province copies the new template (the page's one button), then a district and a
    # cluster office through the API.
    rayong = _client(demo_user("rayong"))
    assert rayong.post(f"/calendars/{copy.pk}/copy/").status_code == 302
    mine = Calendar.objects.filter(copied_from=copy, area_id="21").get()
    assert mine.level == "province" and not mine.is_template
    assert {s.framed_by_id for s in mine.steps.all()} == {s.pk for s in new}
    district = _post_json(
        _client(demo_user("rayong_district")), f"/api/v1/calendars/{copy.pk}/copy", {}
    )
    assert district.status_code == 201, district.content
    assert (district.json()["level"], district.json()["area"]) == ("district", "2101")
    cluster = _post_json(_client(demo_user("east1")), f"/api/v1/calendars/{copy.pk}/copy", {})
    assert cluster.status_code == 201 and cluster.json()["level"] == "cluster"

    # Any calendar into the next cycle: the province's, a year later again.
    services.create_cycle(secretariat, year + 2)
    later = _post_json(
        rayong,
        f"/api/v1/calendars/{mine.pk}/copy",
        {"cycle": year + 2, "shift_years": True, "level": "province", "area": "21"},
    )
    assert later.status_code == 201, later.content
    dated = [s for s in later.json()["steps"] if s["start"]]
    first = mine.steps.exclude(start=None).order_by("number").first()
    assert dated[0]["start"] == add_years(first.start, 1).isoformat()


@pytest.mark.django_db
def test_copying_is_refused_to_others(demo_user, template, rayong_calendar):
    before = Calendar.objects.count()
    chonburi = _client(demo_user("chonburi"))
    # Another province's calendar is not found; nor may one copy into another province.
    assert chonburi.post(f"/calendars/{rayong_calendar.pk}/copy/").status_code == 404
    copy = f"/api/v1/calendars/{template.pk}/copy"
    into_rayong = {"level": "province", "area": "21"}
    assert _post_json(chonburi, copy, into_rayong).status_code == 403
    assert _post_json(_client(demo_user("rayong_agency")), copy, {}).status_code == 403
    assert _post_json(_client(), copy, into_rayong).status_code in (401, 403)
    assert (
        _client(demo_user("rayong_agency")).post(f"/calendars/{template.pk}/copy/").status_code
        == 404
    )
    assert Calendar.objects.count() == before


# --------------------------------------------------------------------------- steps


@pytest.mark.django_db
def test_steps_through_the_api(demo_user, rayong_calendar):
    calendar = rayong_calendar
    rayong = _client(demo_user("rayong"))
    url = f"/api/v1/calendars/{calendar.pk}/steps"
    made = _post_json(
        rayong,
        url,
        {"action": "ประชุม ก.บ.จ.", "when": "ภายใน พ.ค. 70", "phase": "strategy_review"},
    )
    assert made.status_code == 201, made.content
    step = CalendarStep.objects.get(pk=made.json()["id"])
    assert (step.start, step.end, step.precision, step.deadline) == (
        date(2027, 5, 1),
        date(2027, 5, 31),
        "month",
        True,
    )
    assert step.number == max(calendar.steps.values_list("number", flat=True))
    bad = _post_json(rayong, url, {"action": "x", "when": "เร็ว ๆ นี้"})
    assert bad.status_code == 400 and "when" in bad.json()
    changed = _post_json(rayong, f"{url}/{step.pk}", {"status": "done"}, "patch")
    assert changed.status_code == 200 and changed.json()["done_on"]
    for user, expected in (("chonburi", 404), ("rayong_agency", 403)):
        other = _client(demo_user(user))
        answer = _post_json(other, f"{url}/{step.pk}", {"action": "แก้โดยผู้อื่น"}, "patch")
        assert answer.status_code == expected
        assert other.delete(f"{url}/{step.pk}").status_code == expected
    assert rayong.delete(f"{url}/{step.pk}").status_code == 204
    assert not CalendarStep.objects.filter(pk=step.pk).exists()
    assert LogEntry.objects.filter(object_pk=str(step.pk), action=LogEntry.Action.DELETE).exists()


@pytest.mark.django_db
def test_the_excel_import_through_the_api(demo_user, rayong_calendar):
    calendar = rayong_calendar
    count = calendar.steps.count()
    data = calendar_files.to_xlsx(calendar, date.today())
    url = f"/api/v1/calendars/{calendar.pk}/import"
    rayong = _client(demo_user("rayong"))
    done = rayong.post(url, {"file": _upload(data)})
    assert done.status_code == 200, done.content
    assert done.json()["steps"] == count == calendar.steps.count()

    book = Workbook()
    sheet = book.active
    sheet.title = "ปฏิทิน"
    sheet.append(["ที่", "การดำเนินการ", "เวลา"])
    sheet.append([1, "ขั้นตอนที่ดี", "1 ต.ค. 69"])
    sheet.append([2, "ขั้นตอนที่วันผิด", "31 มิถุนายน 2569"])
    out = io.BytesIO()
    book.save(out)
    refused = rayong.post(url, {"file": _upload(out.getvalue())})
    assert refused.status_code == 400
    problem = refused.json()["errors"][0]
    assert (problem["sheet"], problem["row"]) == ("ปฏิทิน", 3) and problem["column"]
    assert calendar.steps.count() == count  # all or nothing
    other = _client(demo_user("chonburi")).post(url, {"file": _upload(data)})
    assert other.status_code == 404
    # A file refused whole, or none at all: one problem without a row, in the same shape.
    for body in ({"file": _upload(b"not a workbook")}, {}):
        whole = rayong.post(url, body)
        assert whole.status_code == 400
        problem = whole.json()["errors"][0]
        assert (problem["sheet"], problem["row"], problem["column"]) == ("", None, "")
        assert problem["message"] == whole.json()["detail"]
    assert calendar.steps.count() == count


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "ปฏิทิน.xlsx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.mark.django_db
def test_a_step_removed_on_the_page(demo_user, rayong_calendar):
    calendar = rayong_calendar
    step = calendar.steps.order_by("number").first()
    assert (
        _client(demo_user("chonburi"))
        .post(f"/calendars/{calendar.pk}/steps/{step.pk}/delete/")
        .status_code
        == 404
    )
    response = _client(demo_user("rayong")).post(
        f"/calendars/{calendar.pk}/steps/{step.pk}/delete/"
    )
    assert response.status_code == 302
    assert not CalendarStep.objects.filter(pk=step.pk).exists()


@pytest.mark.django_db
def test_the_pages_offer_what_each_user_may_do(demo_user, template):
    secretariat = _client(demo_user("secretariat"))
    listing = secretariat.get("/calendars/")
    assert listing.context["may_create"] and listing.context["may_open_year"]
    page = secretariat.get(f"/calendars/{template.pk}/")
    keys = [key for key, _label in page.context["copy_form"].fields["owner"].choices]
    assert keys[0] == "area:TH" and "area:21" in keys and "area:2101" in keys
    east1 = _client(demo_user("east1"))
    own = east1.get("/calendars/").context["own"]
    assert own.level == "cluster"
    keys = [
        key
        for key, _label in east1.get(f"/calendars/{template.pk}/")
        .context["copy_form"]
        .fields["owner"]
        .choices
    ]
    assert keys == [own.key]  # a cluster office: its cluster's calendar only
    rayong = _client(demo_user("rayong")).get("/calendars/")
    assert rayong.context["may_create"] and not rayong.context["may_open_year"]
    public = _client().get(f"/calendars/{template.pk}/")
    assert public.status_code == 200 and public.context["copy_form"] is None
