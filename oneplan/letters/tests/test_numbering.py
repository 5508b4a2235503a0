"""The number register of outgoing letters (ทะเบียนหนังสือส่ง): set up by the province's
strategy group on the page and through the API; issuing takes the next number and fixes the
letter's number and date; a number is never taken twice; a cancelled letter keeps its
number, which is never given again; another province is refused; every write is audited."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from oneplan.core.thai import to_thai_digits
from oneplan.letters import numbering, services
from oneplan.letters.models import IssuedNumber, Letter, LetterStatus, NumberRegister
from oneplan.letters.numbering import RegisterDraft, number_text
from oneplan.letters.services import content_of
from oneplan.letters.tests.helpers import (
    CHONBURI,
    RAYONG,
    api_for,
    make_letter,
    make_register,
    this_year,
)
from oneplan.participation.models import Consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def rayong(demo_user):
    return demo_user("rayong")


@pytest.fixture
def chonburi(demo_user):
    return demo_user("chonburi")


def logged(obj) -> LogEntry.objects:
    return LogEntry.objects.get_for_object(obj)


# --------------------------------------------------------------------------- registers


def test_the_strategy_group_sets_up_a_register_on_the_page(client, rayong):
    client.force_login(rayong)
    assert client.get(reverse("letters:registers")).status_code == 200
    response = client.post(
        reverse("letters:register_new"),
        {
            "province": RAYONG,
            "prefix": "รย ๐๐๑๗.๒",
            "circular": "on",
            "year_be": this_year(),
            "last_number": "2646",
            "name": "หนังสือเวียน",
        },
    )
    register = NumberRegister.objects.get(province_id=RAYONG, prefix="รย ๐๐๑๗.๒")
    assert response.status_code == 302 and response["Location"] == register.get_absolute_url()
    assert register.circular and register.last_number == 2646
    entry = logged(register).get()
    assert entry.actor == rayong and entry.action == LogEntry.Action.CREATE

    # the same series twice in one year is refused, under the field
    response = client.post(
        reverse("letters:register_new"),
        {
            "province": RAYONG,
            "prefix": "รย ๐๐๑๗.๒",
            "circular": "on",
            "year_be": this_year(),
            "last_number": "0",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["prefix"]
    assert NumberRegister.objects.filter(province_id=RAYONG).count() == 1

    # edited on its page
    response = client.post(
        register.get_absolute_url(),
        {
            "prefix": "รย ๐๐๑๗.๒",
            "circular": "on",
            "year_be": this_year(),
            "last_number": "2700",
            "name": "หนังสือเวียนจังหวัด",
        },
    )
    assert response.status_code == 302
    register.refresh_from_db()
    assert (register.name, register.last_number) == ("หนังสือเวียนจังหวัด", 2700)
    assert logged(register).count() == 2


def test_another_province_cannot_set_up_or_read_a_register(client, rayong, chonburi):
    register = make_register(rayong)
    client.force_login(chonburi)
    response = client.post(
        reverse("letters:register_new"),
        {"province": RAYONG, "prefix": "ชบ ๐๐๑๗", "year_be": this_year(), "last_number": "0"},
    )
    assert response.status_code == 200 and "province" in response.context["form"].errors
    assert client.get(register.get_absolute_url()).status_code == 404
    before = register.last_number
    assert client.post(register.get_absolute_url(), {"last_number": "99"}).status_code == 404
    register.refresh_from_db()
    assert register.last_number == before

    api = api_for(chonburi)
    refused = api.post(
        "/api/v1/letter-registers",
        {"province": RAYONG, "prefix": "ชบ ๐๐๑๗", "year_be": this_year()},
        format="json",
    )
    assert refused.status_code == 403
    assert register.pk not in [r["id"] for r in api.get("/api/v1/letter-registers").json()]
    assert api.get(f"/api/v1/letter-registers/{register.pk}").status_code == 404
    assert (
        api.patch(
            f"/api/v1/letter-registers/{register.pk}", {"last_number": 50}, format="json"
        ).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        numbering.save_register(
            chonburi, RegisterDraft(province=register.province, prefix="x", year_be=this_year())
        )


def test_registers_through_the_api(rayong):
    api = api_for(rayong)
    made = api.post(
        "/api/v1/letter-registers",
        {"province": RAYONG, "prefix": "มท ๐๓๑๘", "year_be": this_year()},
        format="json",
    )
    assert made.status_code == 201, made.content
    register = NumberRegister.objects.get(pk=made.json()["id"])
    assert logged(register).get().actor == rayong
    listed = api.get("/api/v1/letter-registers", {"province": RAYONG, "year": this_year()})
    assert [r["id"] for r in listed.json()] == [register.pk]
    changed = api.patch(
        f"/api/v1/letter-registers/{register.pk}", {"name": "ทะเบียนส่ง"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["name"] == "ทะเบียนส่ง"
    duplicate = api.post(
        "/api/v1/letter-registers",
        {"province": RAYONG, "prefix": "มท ๐๓๑๘", "year_be": this_year()},
        format="json",
    )
    assert duplicate.status_code == 400 and duplicate.json()["detail"]


# --------------------------------------------------------------------------- issuing


def test_issuing_takes_the_numbers_in_order_and_fixes_the_letter(rayong):
    register = make_register(rayong)
    circular = make_register(rayong, prefix="รย 0017.2", circular=True, last_number=2646)
    letters = [make_letter(rayong) for _ in range(3)]
    texts = [numbering.issue(rayong, letter, register).text for letter in letters]
    assert texts == ["มท ๐๓๑๘/๑", "มท ๐๓๑๘/๒", "มท ๐๓๑๘/๓"]
    assert numbering.issue(rayong, make_letter(rayong), circular).text == "รย 0017.2/ว 2647"
    register.refresh_from_db()
    assert register.last_number == 3
    for letter, text in zip(letters, texts, strict=True):
        letter.refresh_from_db()
        assert (letter.number, letter.date, letter.status) == (
            text,
            timezone.localdate(),
            LetterStatus.ISSUED,
        )
        assert content_of(letter).number == text  # the printed letter's "ที่ …"
    entry = IssuedNumber.objects.get(letter=letters[0])
    assert logged(entry).get().actor == rayong


def test_an_issued_letters_number_and_date_never_change(client, rayong):
    letter = make_letter(rayong)
    numbering.issue(rayong, letter, make_register(rayong))
    with pytest.raises(ValidationError):
        numbering.issue(rayong, letter, make_register(rayong, prefix="มท ๐๓๑๙"))
    letter.refresh_from_db()
    letter.number = "มท ๐๓๑๘/๙๙"
    with pytest.raises(ValidationError):
        letter.full_clean()

    client.force_login(rayong)
    page = client.get(letter.get_absolute_url())
    assert page.context["form"] is None  # an issued letter's text is fixed too
    assert page.context["issue_form"] is None and page.context["cancel_form"] is not None
    subject = letter.subject
    client.post(letter.get_absolute_url(), {"subject": "แก้หลังออกเลขแล้ว", "body": "x"})
    letter.refresh_from_db()
    assert letter.subject == subject
    with pytest.raises(ValidationError):
        services.save_letter(rayong, letter)
    assert (
        client.post(
            reverse("letters:issue", args=[letter.pk]),
            {"register": letter.issued.register_id},
        ).status_code
        == 200
    )  # the page again, with the error
    assert IssuedNumber.objects.filter(letter=letter).count() == 1


def test_a_number_is_never_stored_twice(rayong):
    register = make_register(rayong)
    first = numbering.issue(rayong, make_letter(rayong), register)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            register=register,
            year_be=register.year_be,
            number=first.number,
            text=first.text,
            letter=make_letter(rayong),
            issued_on=first.issued_on,
        )


def test_the_register_year_must_be_the_letters(rayong):
    register = make_register(rayong, year_be=this_year() - 1)
    letter = make_letter(rayong)
    with pytest.raises(ValidationError):
        numbering.issue(rayong, letter, register)
    issued = numbering.issue(
        rayong, letter, register, datetime.date(timezone.localdate().year - 1, 12, 30)
    )
    assert issued.number == 1 and letter.date.year == timezone.localdate().year - 1


@given(
    number=st.integers(min_value=1, max_value=999_999),
    circular=st.booleans(),
    thai_prefix=st.booleans(),
)
def test_number_text_is_the_prefix_a_slash_and_the_number(number, circular, thai_prefix):
    prefix = "มท ๐๓๑๘" if thai_prefix else "รย 0017.2"
    text = number_text(NumberRegister(prefix=prefix, circular=circular), number)
    head, tail = text.split("/")
    assert head == prefix
    assert tail == ("ว " if circular else "") + (
        to_thai_digits(str(number)) if thai_prefix else str(number)
    )


def test_number_text_follows_the_prefix_digits():
    thai = NumberRegister(prefix="มท ๐๓๑๘", circular=False)
    arabic = NumberRegister(prefix="รย 0017.2", circular=True)
    assert number_text(thai, 1234) == "มท ๐๓๑๘/๑๒๓๔"
    assert number_text(arabic, 15) == "รย 0017.2/ว 15"


def test_issue_and_cancel_on_the_page(client, rayong):
    register = make_register(rayong)
    letter = make_letter(rayong)
    client.force_login(rayong)
    page = client.get(letter.get_absolute_url())
    assert page.context["issue_form"].initial["register"] == register.pk
    response = client.post(
        reverse("letters:issue", args=[letter.pk]),
        {"register": register.pk, "on": timezone.localdate().strftime("%d/%m/") + str(this_year())},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.number == "มท ๐๓๑๘/๑"

    # cancelling asks why
    response = client.post(reverse("letters:cancel", args=[letter.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["cancel_form"].errors["reason"]
    response = client.post(reverse("letters:cancel", args=[letter.pk]), {"reason": "ออกหนังสือซ้ำ"})
    assert response.status_code == 302
    entry = IssuedNumber.objects.get(letter=letter)
    assert entry.cancelled_by == rayong and entry.cancel_reason == "ออกหนังสือซ้ำ"
    assert entry.cancelled_at is not None and letter.status == LetterStatus.CANCELLED
    assert logged(entry).count() == 2  # issued, then cancelled

    # the next letter takes the next number; the cancelled one is never given again
    after = make_letter(rayong)
    assert numbering.issue(rayong, after, register).number == 2
    book = client.get(register.get_absolute_url())
    assert [(n.number, n.status, n.letter_id) for n in book.context["numbers"]] == [
        (1, LetterStatus.CANCELLED, letter.pk),
        (2, LetterStatus.ISSUED, after.pk),
    ]
    assert "ออกหนังสือซ้ำ" in book.content.decode()

    # cancelled once only; a draft has nothing to cancel
    with pytest.raises(ValidationError):
        numbering.cancel(rayong, letter, "อีกครั้ง")
    with pytest.raises(ValidationError):
        numbering.cancel(rayong, make_letter(rayong), "ยังไม่ออกเลข")


def test_the_last_number_cannot_go_below_a_number_taken(rayong):
    register = make_register(rayong)
    numbering.issue(rayong, make_letter(rayong), register)
    numbering.issue(rayong, make_letter(rayong), register)
    register.refresh_from_db()
    draft = RegisterDraft(
        province=register.province, prefix=register.prefix, year_be=register.year_be
    )
    with pytest.raises(ValidationError) as caught:
        numbering.save_register(rayong, draft, register)
    assert "last_number" in caught.value.message_dict
    with pytest.raises(ValidationError):  # nor its series once numbers are taken
        numbering.save_register(
            rayong,
            RegisterDraft(
                province=register.province,
                prefix="มท ๐๓๑๙",
                year_be=register.year_be,
                last_number=2,
            ),
            register,
        )


def test_issue_and_cancel_through_the_api(rayong):
    register = make_register(rayong)
    letter = make_letter(rayong)
    api = api_for(rayong)
    issued = api.post(
        f"/api/v1/letters/{letter.pk}/issue",
        {"register": register.pk, "date": f"{timezone.localdate():%d/%m}/{this_year()}"},
        format="json",
    )
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert body["status"] == "issued" and body["number"] == "มท ๐๓๑๘/๑"
    assert body["issued"]["number"] == 1 and body["issued"]["issued_by"] == "rayong"
    again = api.post(f"/api/v1/letters/{letter.pk}/issue", {"register": register.pk}, format="json")
    assert again.status_code == 400

    cancelled = api.post(
        f"/api/v1/letters/{letter.pk}/cancel", {"reason": "ยกเลิกทดสอบ"}, format="json"
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["issued"]["cancel_reason"] == "ยกเลิกทดสอบ"
    assert cancelled.json()["status"] == "cancelled"

    listed = api.get("/api/v1/letters", {"status": "cancelled", "province": RAYONG}).json()
    assert [item["id"] for item in listed] == [letter.pk]
    assert api.get("/api/v1/letters", {"status": "nonsense"}).status_code == 400
    book = api.get(f"/api/v1/letter-registers/{register.pk}").json()
    assert [(n["number"], n["status"]) for n in book["numbers"]] == [(1, "cancelled")]
    assert api.get(f"/api/v1/letters/{letter.pk}").json()["id"] == letter.pk


def test_another_province_cannot_issue_or_cancel(client, rayong, chonburi):
    register = make_register(rayong)
    letter = make_letter(rayong)
    theirs = make_register(chonburi, code=CHONBURI, prefix="ชบ ๐๐๑๗")
    entries = LogEntry.objects.count()

    client.force_login(chonburi)
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("letters:issue", args=[letter.pk]), {"register": theirs.pk}).status_code
        == 404
    )
    assert (
        client.post(reverse("letters:cancel", args=[letter.pk]), {"reason": "x"}).status_code == 404
    )

    api = api_for(chonburi)
    assert api.get(f"/api/v1/letters/{letter.pk}").status_code == 404
    assert letter.pk not in [item["id"] for item in api.get("/api/v1/letters").json()]
    refused = api.post(
        f"/api/v1/letters/{letter.pk}/issue", {"register": register.pk}, format="json"
    )
    assert refused.status_code == 404
    assert (
        api.post(f"/api/v1/letters/{letter.pk}/cancel", {"reason": "x"}, format="json").status_code
        == 404
    )
    # nor may Rayong number its letter from Chonburi's register
    with pytest.raises(PermissionDenied):
        numbering.issue(rayong, letter, theirs)
    refused = api_for(rayong).post(
        f"/api/v1/letters/{letter.pk}/issue", {"register": theirs.pk}, format="json"
    )
    assert refused.status_code == 400
    assert LogEntry.objects.count() == entries
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_a_token_client_drafts_a_letter_from_a_consultation_and_issues_it(demo_user):
    consultation = Consultation.objects.filter(province_id="21").first()
    rayong, chonburi = APIClient(), APIClient()
    rayong.force_authenticate(demo_user("rayong"))
    chonburi.force_authenticate(demo_user("chonburi"))
    body = {"source": "consultation", "id": consultation.pk}
    assert chonburi.post("/api/v1/letters", body, format="json").status_code == 404
    answer = rayong.post("/api/v1/letters", body, format="json")
    assert answer.status_code == 201, answer.content
    letter = Letter.objects.get(pk=answer.json()["id"])
    assert letter.consultation == consultation and letter.province_id == "21"
    assert letter.recipients.exists()  # the invitees, one row each
    unknown = rayong.post("/api/v1/letters", {"source": "plan", "id": 1}, format="json")
    assert unknown.status_code == 400


def test_an_issued_letter_is_not_edited_on_the_page(client, rayong):
    """Its text is fixed: the page says so above the letter and changes nothing; a draft's
    page, which shows no cancel form, says there is no number to cancel."""
    letter = make_letter(rayong)
    client.force_login(rayong)
    edited = {"office": "ที่อื่น", "address": "x", "subject": "แก้ไขแล้ว", "body": "ใหม่"}
    edited.update(closing="ขอแสดงความนับถือ", date=str(letter.date), number=letter.number)
    response = client.post(reverse("letters:cancel", args=[letter.pk]), {"reason": "x"})
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    shown = [str(m) for m in client.get(letter.get_absolute_url()).context["messages"]]
    assert shown == [str(gettext("A draft has no number to cancel."))]

    numbering.issue(rayong, letter, make_register(rayong))
    entries = LogEntry.objects.count()
    response = client.post(letter.get_absolute_url(), edited)
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    page = client.get(letter.get_absolute_url())
    assert [str(m) for m in page.context["messages"]] == [
        str(gettext("An issued letter is not changed: cancel it and issue a corrected one."))
    ]
    assert page.context["form"] is None
    assert Letter.objects.get(pk=letter.pk).subject == "หนังสือทดสอบทะเบียนเลขที่"
    assert LogEntry.objects.count() == entries


def test_a_draft_is_edited_on_the_page_with_an_audit_entry(client, rayong):
    letter = make_letter(rayong)
    client.force_login(rayong)
    form = client.get(letter.get_absolute_url()).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(subject="เรื่องที่แก้ไข", references_text="หนังสือที่ ๑\n\nหนังสือที่ ๒")
    data.update(enclosures_text="ปฏิทิน | จำนวน 1 ชุด", date=str(letter.date))
    data.pop("distribution", None)
    response = client.post(letter.get_absolute_url(), data)
    assert response.status_code == 302, response.context["form"].errors
    letter.refresh_from_db()
    assert letter.subject == "เรื่องที่แก้ไข"
    assert letter.references == ["หนังสือที่ ๑", "หนังสือที่ ๒"]
    assert letter.enclosures == [["ปฏิทิน", "จำนวน 1 ชุด"]]
    entry = logged(letter).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == rayong and "subject" in entry.changes_dict
