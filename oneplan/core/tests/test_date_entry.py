"""Every date typed into a page or sent to the API is read the same way: "7/12/2569" and
"2569-12-07" are 7 December 2026, "7/12/2026" too (and the page says it read C.E.), an
impossible date or an implausible year is refused in Thai and nothing is stored — a B.E.
year can no longer become the year 3112. Each kind of page and API call is driven for real.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.db import models
from django.test import Client
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import oneplan
from oneplan.api.fields import ThaiDateField as ApiDateField
from oneplan.committees.models import Committee, Meeting
from oneplan.core.dates import ThaiDateField
from oneplan.cycles.models import Cycle
from oneplan.letters.models import Letter
from oneplan.monitoring.models import Allocation
from oneplan.participation.models import Consultation, Nomination
from oneplan.plans.tests.factories import make_plan
from oneplan.projects import action_plans
from oneplan.projects.models import ActionPlan, Envelope, Proposal
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

DEC_7 = date(2026, 12, 7)
BUDDHIST = ["7/12/2569", "2569-12-07"]
CE_NOTICE = "อ่าน “7/12/2026” เป็น ค.ศ. 2026 = พ.ศ. 2569"
REFUSED = [
    ("30/2/2569", "ไม่มีวันที่ 30 กุมภาพันธ์ ใน พ.ศ. 2569"),
    ("๗ ธันวาคม ๓๑๑๒", "ปี พ.ศ. 3112 (ค.ศ. 2569) ไม่น่าจะถูกต้อง"),
    ("15 มกราคม 3113", "ปี พ.ศ. 3113 (ค.ศ. 2570) ไม่น่าจะถูกต้อง"),
    ("3112-12-07", "ปี พ.ศ. 3112 (ค.ศ. 2569) ไม่น่าจะถูกต้อง"),
]


@dataclass
class Kind:
    """One place where a date is typed: ``send`` posts it, ``stored`` reads what was kept."""

    send: Callable[[str], object]
    stored: Callable[[], date | None]


def signed_in(demo_user, username: str) -> Client:
    client = Client()
    client.force_login(demo_user(username))
    return client


def api_for(demo_user, username: str) -> APIClient:
    token, _created = Token.objects.get_or_create(user=demo_user(username))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def said(response) -> str:
    """Everything the user is told: the page's messages and, when not redirected, the page."""
    told = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code != 302:
        told.append(response.content.decode())
    return "\n".join(told)


@pytest.fixture
def action_plan(demo_user) -> ActionPlan:
    """Rayong's action plan of FY 2568 with two approved projects (a draft)."""
    cycle = Cycle.objects.get(fiscal_year_be=2568)
    Envelope.objects.get_or_create(
        cycle=cycle, province_id="21", defaults={"amount": Decimal("50000000")}
    )
    for title in ("โครงการพัฒนาเส้นทางท่องเที่ยวชุมชน", "โครงการส่งเสริมการแปรรูปผลไม้"):
        make_proposal(title=title, year=2568, status="approved", budget=Decimal("2000000"))
    return action_plans.assemble(demo_user("rayong"), cycle, cycle.envelopes.get().province)


# --------------------------------------------------------------------------- the pages


def meeting_kind(demo_user, request) -> Kind:
    committee = Committee.objects.filter(area_id="21").first()
    client = signed_in(demo_user, "rayong")
    number = "ครั้งที่ 9/2599"

    def send(typed: str):
        data = {"g-number": number, "g-held_on": typed, "g-time": "", "g-venue": ""}
        return client.post(committee.get_absolute_url(), data)

    def stored():
        meeting = Meeting.objects.filter(committee=committee, number=number).first()
        return meeting.held_on if meeting else None

    return Kind(send, stored)


def letter_kind(demo_user, request) -> Kind:
    client = signed_in(demo_user, "rayong")
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client.post(f"/letters/from/meeting/{meeting.pk}/")
    letter = Letter.objects.get(meeting=meeting)
    data = {
        field: getattr(letter, field)
        for field in (
            "urgency",
            "number",
            "office",
            "address",
            "subject",
            "salutation",
            "body",
            "closing",
            "signatory",
            "position",
            "unit_lines",
            "copies_to",
            "distribution",
        )
    }
    Letter.objects.filter(pk=letter.pk).update(date=date(2026, 11, 1))

    def send(typed: str):
        return client.post(letter.get_absolute_url(), {**data, "date": typed})

    def stored():
        kept = Letter.objects.get(pk=letter.pk).date
        return None if kept == date(2026, 11, 1) else kept

    return Kind(send, stored)


def edition_kind(demo_user, request) -> Kind:
    edition = make_plan("21").editions.get()
    client = signed_in(demo_user, "rayong")

    def send(typed: str):
        data = {"to_status": "consulted", "decided_by": "ประชุม ก.บ.จ.", "decided_on": typed}
        return client.post(f"/plans/editions/{edition.pk}/status/", data)

    def stored():
        last = edition.transitions.order_by("pk").last()
        return last.decided_on if last else None

    return Kind(send, stored)


def action_plan_kind(demo_user, request) -> Kind:
    plan = request.getfixturevalue("action_plan")
    client = signed_in(demo_user, "rayong")

    def send(typed: str):
        data = {"to_status": "committee", "decided_by": "ก.บ.จ.", "decided_on": typed}
        return client.post("/projects/action-plans/2568/21/status/", data)

    def stored():
        last = plan.transitions.order_by("pk").last()
        return last.decided_on if last else None

    return Kind(send, stored)


def allocation_kind(demo_user, request) -> Kind:
    plan = request.getfixturevalue("action_plan")
    item = plan.items.order_by("rank").first()
    client = signed_in(demo_user, "rayong")

    def send(typed: str):
        data = {"item": item.pk, "category": "operating", "amount": "1000", "notice_date": typed}
        return client.post("/monitoring/2568/21/allocations/", data)

    def stored():
        allocation = Allocation.objects.filter(item=item, category="operating").first()
        return allocation.notice_date if allocation else None

    return Kind(send, stored)


def nomination_kind(demo_user, request) -> Kind:
    consultation = Consultation.objects.get(province_id="21", cycle__fiscal_year_be=2570)
    client = signed_in(demo_user, "rayong_district")
    name = "นายทดสอบ วันเกิด"

    def send(typed: str):
        data = {
            "kind": "civil_society",
            "district": "2101",
            "full_name": name,
            "birth_date": typed,
            "nationality": "ไทย",
        }
        return client.post(f"/participation/consultations/{consultation.pk}/nominations/", data)

    def stored():
        nomination = Nomination.objects.filter(full_name=name).first()
        return nomination.birth_date if nomination else None

    return Kind(send, stored)


PAGES = {
    "committee meeting": meeting_kind,
    "letter": letter_kind,
    "plan edition status": edition_kind,
    "action plan status": action_plan_kind,
    "allocation notice": allocation_kind,
    "nominee birth date": nomination_kind,
}


@pytest.fixture(params=sorted(PAGES))
def page(request, demo_user) -> Kind:
    return PAGES[request.param](demo_user, request)


@pytest.mark.parametrize("typed", BUDDHIST)
def test_a_page_stores_a_buddhist_era_date(page, typed):
    response = page.send(typed)
    assert page.stored() == DEC_7
    assert "ค.ศ." not in "".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_page_reads_a_christian_era_date_and_says_so(page):
    response = page.send("7/12/2026")
    assert page.stored() == DEC_7
    assert CE_NOTICE in said(response)


@pytest.mark.parametrize(("typed", "message"), REFUSED)
def test_a_page_refuses_impossible_dates_and_implausible_years(page, typed, message):
    response = page.send(typed)
    assert page.stored() is None
    assert message in said(response)


def test_a_page_shows_a_stored_date_in_buddhist_era(demo_user):
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client = signed_in(demo_user, "rayong")
    client.post(f"/letters/from/meeting/{meeting.pk}/")
    letter = Letter.objects.get(meeting=meeting)
    Letter.objects.filter(pk=letter.pk).update(date=DEC_7)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert 'value="07/12/2569"' in page and 'placeholder="วว/ดด/ปปปป (พ.ศ.)"' in page
    assert 'type="date"' not in page


# --------------------------------------------------------------------------- the API


def api_edition_kind(demo_user, request) -> Kind:
    edition = make_plan("21").editions.get()
    api = api_for(demo_user, "rayong")

    def send(typed: str):
        body = {"to_status": "consulted", "decided_by": "ประชุม ก.บ.จ.", "decided_on": typed}
        return api.post(f"/api/v1/editions/{edition.pk}/transition", body, format="json")

    def stored():
        last = edition.transitions.order_by("pk").last()
        return last.decided_on if last else None

    return Kind(send, stored)


def api_proposal_kind(demo_user, request) -> Kind:
    api = api_for(demo_user, "rayong_agency")
    code = "API-DATE-001"

    def send(typed: str):
        body = {
            "cycle": 2570,
            "reference_code": code,
            "title": "โครงการส่งเสริมการแปรรูปมังคุดเพื่อการส่งออก",
            "objectives": "เพื่อเพิ่มมูลค่ามังคุด",
            "area": "21",
            "funding_channel": "province",
            "proposer_kind": "agency",
            "start_date": typed,
            "end_date": "2027-08-31",
            "budget_lines": [{"fiscal_year_be": 2570, "category": "operating", "amount": "1000"}],
        }
        return api.post("/api/v1/proposals", body, format="json")

    def stored():
        proposal = Proposal.objects.filter(reference_code=code).first()
        return proposal.start_date if proposal else None

    return Kind(send, stored)


def api_action_plan_kind(demo_user, request) -> Kind:
    plan = request.getfixturevalue("action_plan")
    api = api_for(demo_user, "rayong")

    def send(typed: str):
        body = {"to_status": "committee", "decided_by": "ก.บ.จ.", "decided_on": typed}
        return api.post(f"/api/v1/action-plans/{plan.pk}/transition", body, format="json")

    def stored():
        last = plan.transitions.order_by("pk").last()
        return last.decided_on if last else None

    return Kind(send, stored)


API = {
    "edition transition": api_edition_kind,
    "proposal": api_proposal_kind,
    "action plan transition": api_action_plan_kind,
}


@pytest.fixture(params=sorted(API))
def call(request, demo_user) -> Kind:
    return API[request.param](demo_user, request)


@pytest.mark.parametrize("typed", [*BUDDHIST, "2026-12-07", "7/12/2026"])
def test_the_api_stores_the_same_day(call, typed):
    response = call.send(typed)
    assert response.status_code in (200, 201), response.content.decode()
    assert call.stored() == DEC_7
    assert "2026-12-07" in response.content.decode()  # answers give the stored ISO date


@pytest.mark.parametrize(("typed", "message"), REFUSED)
def test_the_api_refuses_impossible_dates_and_implausible_years(call, typed, message):
    response = call.send(typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert call.stored() is None


# --------------------------------------------------------------------------- everywhere


def _oneplan_modules():
    """The modules that hold forms and serializers (some packages have no __init__.py)."""
    root = Path(oneplan.__file__).parent
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1].startswith(("forms", "views", "serializers")) or parts[1] == "api":
            yield importlib.import_module(".".join(parts))


def _classes(base: type) -> list[type]:
    modules = {m.__name__ for m in _oneplan_modules()}
    found, todo = [], [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__ in modules:
                found.append(sub)
    return found


def test_no_form_of_oneplan_has_a_plain_date_field():
    checked = 0
    for form in _classes(forms.BaseForm):
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DateField | ThaiDateField) or isinstance(
                field.widget, forms.DateInput
            ):
                assert isinstance(field, ThaiDateField), f"{form.__qualname__}.{name}"
                assert not isinstance(field.widget, forms.DateInput)
                checked += 1
    assert checked >= 11  # start/end, decided_on x2, notice, letter, terms, meeting, nominee x2


def test_no_serializer_of_the_api_reads_a_plain_date():
    checked = 0
    for serializer in _classes(serializers.BaseSerializer):
        try:
            fields = serializer().fields
        except Exception:  # noqa: S112 - a serializer that needs its view's context
            continue
        for name, field in fields.items():
            if isinstance(field, serializers.DateField):
                assert isinstance(field, ApiDateField), f"{serializer.__qualname__}.{name}"
                checked += 1
    assert checked >= 20  # the requests' dates and the models' dates of the answers
    # a model's date exposed by a ModelSerializer is read the same way
    mapping = serializers.ModelSerializer.serializer_field_mapping
    assert mapping[models.DateField] is ApiDateField
