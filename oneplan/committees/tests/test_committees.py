"""Committees: composition rules as data and explained; meetings whose resolutions move plans;
the meeting summary and the official letters drawn from a calendar, a meeting or a
consultation."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from oneplan.committees import composition, services
from oneplan.committees.composition import Seat, check_seats
from oneplan.committees.models import (
    AgendaItem,
    Committee,
    Effect,
    Meeting,
    MeetingStatus,
)
from oneplan.cycles.models import Calendar
from oneplan.letters.models import Letter
from oneplan.participation.models import Consultation
from oneplan.projects.models import ActionPlan, ActionPlanStatus

TODAY = date(2026, 11, 22)
PROVINCES = {"20": "จังหวัดชลบุรี", "21": "จังหวัดระยอง", "24": "จังหวัดฉะเชิงเทรา"}


def cluster_seats(**changes) -> list[Seat]:
    seats = [Seat("chair", "governor", "20"), Seat("secretary", "official")]
    for code in PROVINCES:
        if code != "20":
            seats.append(Seat("vice_chair", "governor", code))
        seats += [
            Seat("member", "civil_society", code, "female"),
            Seat("member", "civil_society", code, "male"),
            Seat(
                "member",
                "agency_head",
                code,
                term_start=date(2025, 1, 1),
                term_end=date(2027, 12, 31),
            ),
        ]
    seats += [Seat("member", "business"), Seat("member", "business")]
    return seats


KBK_RULES = [
    {"kind": "one_role", "role": "chair"},
    {"kind": "min_role", "role": "secretary", "min": 1},
    {"kind": "every_province", "seat": "governor"},
    {"kind": "per_province", "seat": "agency_head", "max": 2},
    {"kind": "term", "seat": "agency_head", "years": 3},
    {"kind": "per_province_gender", "seat": "civil_society", "female": 1, "male": 1},
    {"kind": "max_seats", "seat": "business", "max": 2},
]


def test_a_well_formed_cluster_committee_breaks_no_rule():
    assert check_seats(cluster_seats(), KBK_RULES, provinces=PROVINCES, today=TODAY) == []


def test_each_rule_says_what_is_wrong():
    seats = cluster_seats()
    seats = [s for s in seats if not (s.seat == "governor" and s.province == "24")]
    seats.append(Seat("chair", "expert"))
    seats.append(Seat("member", "business"))
    seats = [
        Seat("member", "civil_society", "21", "male")
        if (s.seat, s.province, s.gender) == ("civil_society", "21", "female")
        else s
        for s in seats
    ]
    seats.append(
        Seat(
            "member",
            "agency_head",
            "20",
            term_start=date(2020, 1, 1),
            term_end=date(2024, 6, 30),
            name="หัวหน้าส่วนราชการ ก",
        )
    )
    seats.append(
        Seat(
            "member",
            "agency_head",
            "20",
            term_start=date(2025, 1, 1),
            term_end=date(2029, 1, 1),
            name="หัวหน้าส่วนราชการ ข",
        )
    )
    messages = [f.message for f in check_seats(seats, KBK_RULES, provinces=PROVINCES, today=TODAY)]
    assert "ต้องมีประธานกรรมการ 1 คน แต่มี 2 คน" in messages
    assert any("ยังไม่มีของจังหวัดฉะเชิงเทรา" in m for m in messages)
    assert "ผู้แทนภาคประชาสังคมของจังหวัดระยองต้องเป็นหญิง 1 คน แต่มี 0 คน" in messages
    assert "ผู้แทนภาคธุรกิจเอกชนมีได้ไม่เกิน 2 คน แต่มี 3 คน" in messages
    assert "หัวหน้าส่วนราชการของจังหวัดชลบุรีมีได้ไม่เกิน 2 คน แต่มี 3 คน" in messages
    assert any("หัวหน้าส่วนราชการ ก" in m and "สิ้นสุดแล้ว" in m for m in messages)
    assert any("หัวหน้าส่วนราชการ ข" in m and "เกิน 3 ปี" in m for m in messages)
    unknown = check_seats([], [{"kind": "mascot"}], today=TODAY)
    assert unknown[0].rule == "mascot" and "ไม่รู้จัก" in unknown[0].message


@given(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=6))
def test_the_business_cap_holds_exactly_at_its_number(cap, seats):
    rules = [{"kind": "max_seats", "seat": "business", "max": cap}]
    found = check_seats([Seat("member", "business")] * seats, rules, today=TODAY)
    assert bool(found) == (seats > cap)


@pytest.mark.django_db
def test_the_demo_cluster_committee_is_checked_from_its_type():
    committee = Committee.objects.get(type__code="kbk", cluster__isnull=False)
    messages = [f.message for f in composition.check(committee, TODAY)]
    assert any("ต้องเป็นหญิง 1 คน แต่มี 0 คน" in m for m in messages)
    assert any("สิ้นสุดแล้ว" in m for m in messages)
    rayong = Committee.objects.get(type__code="kbj", area_id="21")
    assert composition.check(rayong, TODAY) == []


@pytest.mark.django_db
def test_a_resolution_moves_the_action_plan_and_names_the_meeting(demo_user):
    from oneplan.cycles.models import Cycle
    from oneplan.projects import action_plans
    from oneplan.projects.tests.factories import make_proposal

    rayong = demo_user("rayong")
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    from oneplan.areas.models import Area

    make_proposal(status="approved", title="โครงการที่ผ่านการพิจารณาแล้ว")
    plan = ActionPlan.objects.filter(
        cycle=cycle, province_id="21"
    ).first() or action_plans.assemble(rayong, cycle, Area.objects.get(code="21"))
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    item = AgendaItem.objects.create(
        meeting=meeting,
        section=4,
        number="4.3",
        title="ร่างแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570",
        resolution="เห็นชอบร่างแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570",
        effect=Effect.APPROVES_ACTION_PLAN,
        action_plan=plan,
    )
    with pytest.raises(Exception):  # noqa: B017 - another province may not
        services.apply_resolution(demo_user("chonburi"), item)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PLANNED)
    item.refresh_from_db()
    with pytest.raises(Exception, match="เมื่อจัดประชุมแล้ว"):
        services.apply_resolution(rayong, item)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    item.refresh_from_db()
    services.apply_resolution(rayong, item)
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.COMMITTEE
    transition = plan.transitions.latest("at")
    assert transition.decided_by.startswith("มติก.บ.จ.") and "ครั้งที่ 3/2569" in transition.decided_by
    assert transition.decided_on == meeting.held_on
    services.apply_resolution(rayong, item)  # applied once: nothing more
    assert plan.transitions.count() == 1


@pytest.mark.django_db
def test_the_meeting_summary_prints_agenda_details_and_resolutions(demo_user):
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client = Client()
    client.force_login(demo_user("rayong"))
    response = client.get(f"/committees/meetings/{meeting.pk}/summary.docx")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "สรุปผลการประชุมคณะกรรมการบริหารงานจังหวัดแบบบูรณาการจังหวัดระยอง ครั้งที่ ๓/๒๕๖๙" in text
    assert "วันพุธที่ ๒๘ ตุลาคม ๒๕๖๙ เวลา ๑๓.๓๐ น." in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["ระเบียบวาระ", "รายละเอียด", "มติที่ประชุม"]
    cells = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert cells[0][0] == "ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"
    assert any("เห็นชอบร่างปฏิทินฯ" in row[2] for row in cells)
    assert client.get(f"/committees/meetings/{meeting.pk}/summary.pdf").content[:4] == b"%PDF"
    assert Client().get(f"/committees/meetings/{meeting.pk}/").status_code == 302  # sign in


@pytest.mark.django_db
def test_letters_are_drafted_from_a_calendar_a_meeting_and_a_consultation(demo_user):
    client = Client()
    client.force_login(demo_user("rayong"))
    calendar = Calendar.objects.filter(area_id="21", level="province").latest(
        "cycle__fiscal_year_be"
    )
    response = client.post(f"/letters/from/calendar/{calendar.pk}/")
    letter = Letter.objects.get(calendar=calendar)
    assert response["Location"] == letter.get_absolute_url()
    assert letter.number.startswith("รย") or "0017.2" in letter.number
    recipients = letter.distribution.splitlines()
    assert "ที่ว่าการอำเภอเมืองระยอง" in recipients and "เทศบาลนครระยอง" in recipients
    document = docx.Document(io.BytesIO(client.get(f"/letters/{letter.pk}/letter.docx").content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "บัญชีแนบท้ายหนังสือ" in text and "ที่ว่าการอำเภอเมืองระยอง" in text
    assert calendar.title in text or calendar.title[:40] in text

    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client.post(f"/letters/from/meeting/{meeting.pk}/")
    assert "ครั้งที่ 3/2569" in Letter.objects.get(meeting=meeting).subject
    consultation = Consultation.objects.get(province_id="21")
    client.post(f"/letters/from/consultation/{consultation.pk}/")
    invitation = Letter.objects.get(consultation=consultation)
    assert len(invitation.distribution.splitlines()) == consultation.invitees.count()

    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.post(f"/letters/from/calendar/{calendar.pk}/").status_code == 404
    assert other.get(letter.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_strategy_group_edits_a_letter_before_printing_it(demo_user):
    client = Client()
    client.force_login(demo_user("rayong"))
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client.post(f"/letters/from/meeting/{meeting.pk}/")
    letter = Letter.objects.get(meeting=meeting)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "สรุปผลการประชุม | จำนวน 1 ชุด" in page
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
    data.update(
        date="2026-11-25",
        number="รย 0017.2/ว 3001",
        references_text="หนังสือจังหวัดระยอง ที่ รย 0017.2/ว 2500 ลงวันที่ 1 ตุลาคม 2569",
        enclosures_text="สรุปผลการประชุม | จำนวน 1 ชุด\nปฏิทินการจัดทำแผน | จำนวน 1 ฉบับ",
        urgency="ด่วนที่สุด",
    )
    assert client.post(letter.get_absolute_url(), data).status_code == 302
    letter.refresh_from_db()
    assert letter.enclosures == [["สรุปผลการประชุม", "จำนวน 1 ชุด"], ["ปฏิทินการจัดทำแผน", "จำนวน 1 ฉบับ"]]
    document = docx.Document(io.BytesIO(client.get(f"/letters/{letter.pk}/letter.docx").content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    for expected in ("ด่วนที่สุด", "รย ๐๐๑๗.๒/ว ๓๐๐๑", "๒๕ พฤศจิกายน ๒๕๖๙", "อ้างถึง", "ปฏิทินการจัดทำแผน"):
        assert expected in text, expected


@pytest.mark.django_db
def test_meeting_documents_are_checked_and_served_only_to_readers(demo_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oneplan.documents.tests import files

    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client = Client()
    client.force_login(demo_user("rayong"))
    url = f"/committees/meetings/{meeting.pk}/documents/"
    fake = SimpleUploadedFile("วาระ.pdf", b"MZ not a pdf", "application/pdf")
    client.post(url, {"file": fake})
    assert not meeting.documents.exists()
    agenda = SimpleUploadedFile("ระเบียบวาระการประชุม.pdf", files.pdf(), "application/pdf")
    client.post(url, {"file": agenda})
    document = meeting.documents.get()
    download = client.get(f"{url}{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get(f"{url}{document.pk}/").status_code == 404
    assert other.post(url, {"file": agenda}).status_code == 404
