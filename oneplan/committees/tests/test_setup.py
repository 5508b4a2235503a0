"""A province sets its committees up from reference data alone (issue 11, items 1 and 2): a
committee of a type of the cycle's regime for a body it may edit, its appointment orders
(printed as the official order), its members, renewed terms; meetings with their quorum
from the attendance, a resolution that publishes a calendar and follow-up tasks that are
due, late or done (on the calendar too). Pages and API alike, through the policy, audited.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import docx
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.committees import composition, services
from oneplan.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Committee,
    CommitteeType,
    Effect,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    Member,
)
from oneplan.cycles.models import Calendar, CalendarStep, Cycle, StepStatus


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def logged(obj) -> bool:
    kind = ContentType.objects.get_for_model(type(obj))
    return LogEntry.objects.filter(content_type=kind, object_pk=str(obj.pk)).exists()


@pytest.fixture
def cycle(db) -> Cycle:
    return Cycle.objects.get(fiscal_year_be=2570)


@pytest.fixture
def kbo(cycle, demo_user) -> Committee:
    """A district committee (ก.บ.อ.) of Mueang Rayong, created by the province."""
    return services.create_committee(
        demo_user("rayong"),
        type=CommitteeType.objects.get(regime=cycle.regime, code="kbo"),
        area=Area.objects.get(code="2101"),
        cycle=cycle,
    )


# --------------------------------------------------------------------------- committees


@pytest.mark.django_db
def test_a_province_creates_a_committee_of_its_regime_on_the_page(cycle, demo_user):
    rayong = page(demo_user("rayong"))
    assert rayong.get("/committees/").context["can_add"]
    form = rayong.get(f"/committees/new/?cycle={cycle.pk}").context["form"]
    assert {t.regime_id for t in form.fields["type"].queryset} == {cycle.regime_id}
    assert not form.fields["area"].queryset.exclude(code__startswith="21").exists()
    kind = CommitteeType.objects.get(regime=cycle.regime, code="kbo")
    response = rayong.post(
        "/committees/new/", {"cycle": cycle.pk, "type": kind.pk, "area": "2101", "name": ""}
    )
    committee = Committee.objects.get(type=kind, area_id="2101")
    assert response["Location"] == committee.get_absolute_url()
    assert committee.name.startswith("คณะกรรมการบริหารงานอำเภอแบบบูรณาการ")
    assert logged(committee)

    other_regime = CommitteeType.objects.exclude(regime=cycle.regime).get(code="kbo")
    rayong.post("/committees/new/", {"cycle": cycle.pk, "type": other_regime.pk, "area": "2101"})
    assert not Committee.objects.filter(type=other_regime).exists()
    province_type = CommitteeType.objects.get(regime=cycle.regime, code="kbj")
    answer = rayong.post(
        "/committees/new/", {"cycle": cycle.pk, "type": province_type.pk, "area": "2101"}
    )
    assert answer.status_code == 200 and answer.context["form"].errors["area"]


@pytest.mark.django_db
def test_another_province_cannot_create_a_committee_for_rayong(cycle, demo_user):
    kind = CommitteeType.objects.get(regime=cycle.regime, code="kbo")
    chonburi = page(demo_user("chonburi"))
    chonburi.post("/committees/new/", {"cycle": cycle.pk, "type": kind.pk, "area": "2101"})
    assert not Committee.objects.filter(type=kind, area_id="2101").exists()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.create_committee(
            demo_user("chonburi"), type=kind, area=Area.objects.get(code="2101")
        )
    assert page(demo_user("rayong_agency")).get("/committees/new/").status_code == 404


@pytest.mark.django_db
def test_a_sub_committee_belongs_to_a_committee_of_its_body(cycle, demo_user, kbo):
    rayong = demo_user("rayong")
    kbj = Committee.objects.get(type__code="kbj", area_id="21")
    ako = services.create_committee(
        rayong,
        type=CommitteeType.objects.get(regime=cycle.regime, code="ako"),
        area=Area.objects.get(code="2101"),
        parent=kbj,
    )
    assert ako.parent == kbj and ako in kbj.subcommittees.all()
    chonburi_district = Area.objects.filter(code__startswith="20", level="district").first()
    with pytest.raises(ValidationError):
        services.create_committee(
            demo_user("secretariat"),
            type=CommitteeType.objects.get(regime=cycle.regime, code="ako"),
            area=chonburi_district,
            parent=kbj,
        )


@pytest.mark.django_db
def test_orders_and_members_are_kept_on_the_committee_page(demo_user, kbo):
    rayong = page(demo_user("rayong"))
    url = kbo.get_absolute_url()
    rayong.post(
        url,
        {
            "o-number": "55/2569",
            "o-issued_on": "1 ธันวาคม 2569",
            "o-title": "แต่งตั้งคณะกรรมการบริหารงานอำเภอแบบบูรณาการ",
            "o-issued_by": "อำเภอเมืองระยอง",
        },
    )
    order = kbo.orders.get()
    assert order.issued_on == date(2026, 12, 1) and logged(order)
    rayong.post(
        url,
        {
            "m-full_name": "นายสมชาย ใจดี",
            "m-position_title": "นายอำเภอเมืองระยอง",
            "m-role": "chair",
            "m-basis": "position",
            "m-seat": "district_officer",
            "m-order": order.pk,
        },
    )
    chair = kbo.members.get()
    assert chair.number == 1 and chair.order == order and logged(chair)
    edit = f"/committees/{kbo.pk}/members/{chair.pk}/"
    data = {
        "number": 1,
        "full_name": "นายสมชาย ใจดียิ่ง",
        "position_title": "นายอำเภอเมืองระยอง",
        "role": "chair",
        "basis": "position",
        "seat": "district_officer",
    }
    assert rayong.post(edit, data).status_code == 302
    chair.refresh_from_db()
    assert chair.full_name == "นายสมชาย ใจดียิ่ง"
    order_url = f"/committees/{kbo.pk}/orders/{order.pk}/"
    rayong.post(order_url, {"number": "56/2569", "issued_on": "2026-12-02", "title": "x"})
    order.refresh_from_db()
    assert order.number == "56/2569"

    chonburi = page(demo_user("chonburi"))
    assert chonburi.get(edit).status_code == 404
    assert chonburi.post(f"{edit}delete/").status_code == 404
    assert (
        chonburi.post(url, {"o-number": "1/2569", "o-issued_on": "2026-12-01"}).status_code == 404
    )
    rayong.post(f"{edit}delete/")
    assert not kbo.members.exists()


@pytest.mark.django_db
def test_the_order_prints_as_the_official_order_with_its_members_annexed(demo_user):
    kbj = Committee.objects.get(type__code="kbj", area_id="21")
    order = kbj.orders.get(number="1234/2569")
    client = page(demo_user("rayong"))
    response = client.get(f"/committees/{kbj.pk}/orders/{order.pk}/order.docx")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "คำสั่งจังหวัดระยอง" in text
    assert "ที่ ๑๒๓๔/๒๕๖๙" in text
    assert "สั่ง ณ วันที่ ๑๕ มกราคม ๒๕๖๙" in text
    assert "บัญชีรายชื่อคณะกรรมการบริหารงานจังหวัดแบบบูรณาการจังหวัดระยอง" in text
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[0] == ["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "ฐานะ", "วาระ"]
    assert len(cells) - 1 == order.members.count()
    assert cells[1][3] == "ประธานกรรมการ"
    assert "(......" in text  # no signatory yet: the space to sign
    client.post(
        f"/committees/{kbj.pk}/orders/{order.pk}/",
        {
            "number": order.number,
            "issued_on": "15/1/2569",
            "title": order.title,
            "issued_by": order.issued_by,
            "legal_basis": "อาศัยอำนาจตามความในมาตรา 29 แห่งพระราชกฤษฎีกาว่าด้วยการบริหารงาน"
            "จังหวัดและกลุ่มจังหวัดแบบบูรณาการ พ.ศ. 2551",
            "signatory": "นายสมชาย ผู้ว่าฯ",
            "signatory_position": "ผู้ว่าราชการจังหวัดระยอง",
        },
    )
    response = client.get(f"/committees/{kbj.pk}/orders/{order.pk}/order.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "เรียบร้อย อาศัยอำนาจตามความในมาตรา ๒๙ แห่งพระราชกฤษฎีกา" in text
    assert "(นายสมชาย ผู้ว่าฯ)\nผู้ว่าราชการจังหวัดระยอง" in text
    pdf = client.get(f"/committees/{kbj.pk}/orders/{order.pk}/order.pdf")
    assert pdf.content[:4] == b"%PDF"
    assert (
        page(demo_user("chonburi"))
        .get(f"/committees/{kbj.pk}/orders/{order.pk}/order.docx")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_renewing_ended_terms_keeps_the_old_rows_as_history(demo_user):
    rayong = demo_user("rayong")
    kbk = Committee.objects.get(type__code="kbk", cluster__isnull=False)
    today = date(2026, 11, 22)
    ended = services.expired_members(kbk, today)
    assert ended and any("สิ้นสุดแล้ว" in f.message for f in composition.check(kbk, today))
    order = services.save_order(
        demo_user("east1"),
        AppointmentOrder(committee=kbk, number="9/2569", issued_on=today, title="แต่งตั้ง"),
    )
    client = page(demo_user("east1"))
    client.post(f"/committees/{kbk.pk}/renew/", {"order": order.pk})
    renewed = list(Member.objects.filter(renews__in=ended))
    assert len(renewed) == len(ended)
    for new in renewed:
        assert new.order == order and new.term_start == today
        assert new.term_end == date(2029, 11, 21)  # the type's three years
        assert (new.seat, new.role, new.position_title) == (
            new.renews.seat,
            new.renews.role,
            new.renews.position_title,
        )
        assert logged(new)
    sitting = set(composition.current_members(kbk))
    assert not sitting & set(ended) and set(renewed) <= sitting
    assert not any("สิ้นสุดแล้ว" in f.message for f in composition.check(kbk, today))
    with pytest.raises(ValidationError):  # nothing left to renew
        services.renew_terms(demo_user("east1"), kbk, order)
    with pytest.raises(Exception):  # noqa: B017 - another cluster's office may not
        services.renew_terms(rayong, Committee.objects.get(type__code="kbj", area_id="21"), order)


# --------------------------------------------------------------------------- the API


@pytest.mark.django_db
def test_the_api_creates_a_committee_its_order_members_and_meetings(cycle, demo_user):
    client = api(demo_user("rayong"))
    answer = client.post(
        "/api/v1/committees",
        {"cycle": cycle.fiscal_year_be, "type": "kbo", "area": "2101"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    committee = Committee.objects.get(pk=pk)
    assert committee.type.regime_id == cycle.regime_id and logged(committee)
    order = client.post(
        f"/api/v1/committees/{pk}/orders",
        {"number": "7/2569", "issued_on": "2026-12-01", "title": "แต่งตั้ง ก.บ.อ."},
        format="json",
    )
    assert order.status_code == 201
    oid = order.json()["id"]
    assert (
        client.patch(
            f"/api/v1/committees/{pk}/orders/{oid}", {"issued_by": "อำเภอเมืองระยอง"}, format="json"
        ).json()["issued_by"]
        == "อำเภอเมืองระยอง"
    )
    member = client.post(
        f"/api/v1/committees/{pk}/members",
        {
            "position_title": "นายอำเภอเมืองระยอง",
            "role": "chair",
            "basis": "position",
            "seat": "district_officer",
            "order": oid,
            "term_start": "2026-12-01",
            "term_end": "2026-12-31",
        },
        format="json",
    )
    assert member.status_code == 201, member.content
    mid = member.json()["id"]
    patched = client.patch(
        f"/api/v1/committees/{pk}/members/{mid}", {"full_name": "นายสมชาย"}, format="json"
    )
    assert patched.json()["full_name"] == "นายสมชาย"
    bad = client.patch(
        f"/api/v1/committees/{pk}/members/{mid}", {"term_end": "2026-11-01"}, format="json"
    )
    assert bad.status_code == 400
    meeting = client.post(
        f"/api/v1/committees/{pk}/meetings",
        {"number": "ครั้งที่ 1/2570", "held_on": "2026-12-10"},
        format="json",
    )
    assert meeting.status_code == 201 and meeting.json()["quorum"]["members"] == 1
    renew_order = client.post(
        f"/api/v1/committees/{pk}/orders",
        {"number": "8/2570", "issued_on": "2027-01-05", "title": "แต่งตั้ง"},
        format="json",
    ).json()["id"]
    renewed = client.post(f"/api/v1/committees/{pk}/renew", {"order": renew_order}, format="json")
    assert renewed.status_code == 201 and renewed.json()[0]["renews"] == mid

    chonburi = api(demo_user("chonburi"))
    assert chonburi.patch(
        f"/api/v1/committees/{pk}/members/{mid}", {"full_name": "x"}, format="json"
    ).status_code in (403, 404)
    assert chonburi.delete(f"/api/v1/committees/{pk}/members/{mid}").status_code in (403, 404)
    refused = chonburi.post(
        "/api/v1/committees",
        {"cycle": cycle.fiscal_year_be, "type": "kbo", "area": "2102"},
        format="json",
    )
    assert refused.status_code == 403
    assert client.delete(f"/api/v1/committees/{pk}/members/{mid}").status_code == 204
    assert not Member.objects.filter(pk=mid).exists()


def test_the_schema_lists_the_new_writes():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "post" in paths["/api/v1/committees"]
    assert {"patch", "delete"} <= set(paths["/api/v1/committees/{id}/members/{mid}"])
    for path in ("members", "orders", "meetings", "renew"):
        assert "post" in paths[f"/api/v1/committees/{{id}}/{path}"]
    assert "post" in paths["/api/v1/meetings/{id}/follow-ups"]
    assert "patch" in paths["/api/v1/follow-ups/{id}"]


# --------------------------------------------------------------------------- meetings


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_the_quorum_is_half_of_the_members(members, present):
    rule = [{"kind": "quorum", "numerator": 1, "denominator": 2}]
    found = composition.quorum_of(rule, members, min(present, members))
    assert found.met == (2 * min(present, members) >= members)
    strict = composition.quorum_of([{**rule[0], "more_than": True}], members, members)
    assert strict.met


@pytest.mark.django_db
def test_every_packaged_type_has_a_quorum_and_the_plan_sub_committee_its_minimums():
    for kind in CommitteeType.objects.all():
        assert composition.quorum_rule(kind.rules), kind.code
        assert composition.rule_problems(kind.rules) == []
    plan = CommitteeType.objects.filter(code="kbk_plan").first()
    seats = [composition.Seat("member", "pao_chief"), composition.Seat("member", "mayor")]
    found = composition.check_seats(seats, plan.rules, today=date(2026, 1, 1))
    assert {f.rule for f in found} == {"min_seats"} and len(found) == 3  # mayor, SAO, civil


@pytest.mark.django_db
def test_the_quorum_is_checked_from_the_attendance(demo_user):
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    members = list(composition.current_members(meeting.committee))
    client = page(demo_user("rayong"))
    client.post(f"/committees/meetings/{meeting.pk}/attendance/", {"present": [members[0].pk]})
    quorum = services.quorum(meeting)
    assert (quorum.present, quorum.members, quorum.met) == (1, len(members), False)
    assert client.get(meeting.get_absolute_url()).context["quorum"].required == -(
        -len(members) // 2
    )
    answer = api(demo_user("rayong")).post(
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {"present": [m.pk for m in members]},
        format="json",
    )
    assert answer.json()["quorum"]["met"] is True
    assert api(demo_user("chonburi")).post(
        f"/api/v1/meetings/{meeting.pk}/attendance", {"present": []}, format="json"
    ).status_code in (403, 404)
    assert services.quorum(meeting).present == len(members)


@pytest.mark.django_db
def test_a_resolution_approving_a_calendar_publishes_it(cycle, demo_user):
    rayong = demo_user("rayong")
    calendar = Calendar.objects.create(
        cycle=cycle, level="district", area_id="2101", title="ปฏิทินอำเภอเมืองระยอง"
    )
    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    item = AgendaItem.objects.create(
        meeting=meeting,
        section=4,
        title="ร่างปฏิทิน",
        resolution="เห็นชอบร่างปฏิทินฯ",
        effect=Effect.APPROVES_CALENDAR,
        calendar=calendar,
    )
    with pytest.raises(Exception):  # noqa: B017 - another province may not
        services.apply_resolution(demo_user("chonburi"), item)
    page(rayong).post(f"/committees/meetings/{meeting.pk}/items/{item.pk}/apply/")
    calendar.refresh_from_db()
    item.refresh_from_db()
    assert calendar.published and item.applied


@pytest.mark.django_db
def test_follow_up_tasks_are_due_late_or_done_and_sit_on_the_calendar(cycle, demo_user):
    rayong = demo_user("rayong")
    district = Calendar.objects.create(
        cycle=cycle, level="district", area_id="2101", title="ปฏิทินอำเภอเมืองระยอง"
    )
    meeting = services.save_meeting(
        rayong,
        Meeting(
            committee=Committee.objects.get(type__code="kbj", area_id="21"),
            number="ครั้งที่ 1/2570",
            held_on=date(2026, 11, 10),
            status=MeetingStatus.HELD,
        ),
    )
    item = AgendaItem.objects.create(meeting=meeting, section=4, title="คำสั่ง ก.บ.อ.")
    today = timezone.localdate()
    client = page(rayong)
    client.post(
        f"/committees/meetings/{meeting.pk}/follow-ups/",
        {
            "f-item": item.pk,
            "f-text": "ปรับปรุงคำสั่ง ก.บ.อ. ให้เป็นปัจจุบัน",
            "f-area": "2101",
            "f-due_on": (today - timedelta(days=3)).isoformat(),
        },
    )
    task = FollowUp.objects.get(item=item)
    assert logged(task)
    assert task.status_on(today) == FollowUpStatus.LATE
    assert task.calendar_step.calendar == district
    assert task.calendar_step.end == task.due_on and task.calendar_step.deadline
    listed = client.get(meeting.committee.get_absolute_url()).context["follow_ups"]
    assert [(t.pk, t.late) for t in listed] == [(task.pk, True)]

    client.post(f"/committees/meetings/{meeting.pk}/follow-ups/{task.pk}/done/")
    task.refresh_from_db()
    step = CalendarStep.objects.get(pk=task.calendar_step_id)
    assert task.status_on(today) == FollowUpStatus.DONE and step.status == StepStatus.DONE

    due = api(rayong).post(
        f"/api/v1/meetings/{meeting.pk}/follow-ups",
        {
            "item": item.pk,
            "text": "ส่งแผนพัฒนาอำเภอ",
            "area": "2102",
            "due_on": (today + timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert due.status_code == 201 and due.json()["status"] == "due"
    # no calendar of that district: the province's own, if any, takes it
    province = Calendar.objects.filter(cycle=cycle, area_id="21", is_template=False).first()
    placed = FollowUp.objects.get(pk=due.json()["id"]).calendar_step
    assert (placed.calendar if placed else None) == province
    done = api(rayong).patch(
        f"/api/v1/follow-ups/{due.json()['id']}", {"done_on": today.isoformat()}, format="json"
    )
    assert done.json()["status"] == "done"

    chonburi = page(demo_user("chonburi"))
    assert (
        chonburi.post(
            f"/committees/meetings/{meeting.pk}/follow-ups/{task.pk}/done/", {"undo": 1}
        ).status_code
        == 404
    )
    assert api(demo_user("chonburi")).patch(
        f"/api/v1/follow-ups/{task.pk}", {"done_on": None}, format="json"
    ).status_code in (403, 404)


# --------------------------------------------------------------------------- types as data


@pytest.mark.django_db
def test_the_secretariat_loads_its_own_file_of_types_all_or_nothing(tmp_path, cycle):
    regime = cycle.regime
    good = tmp_path / "types.csv"
    rules = json.dumps(
        [
            {"kind": "one_role", "role": "chair"},
            {"kind": "quorum", "numerator": 2, "denominator": 3},
        ]
    )
    good.write_text(
        "code,name_th,short_name,level,term_years,rules,order\n"
        f'kbo,คณะกรรมการบริหารงานอำเภอ,ก.บ.อ.,district,4,"{rules.replace(chr(34), chr(34) * 2)}",6\n'
        'new_panel,คณะทำงานใหม่,คทง.,province,,"[]",20\n',
        encoding="utf-8",
    )
    call_command("load_committee_types", str(good), regime=regime.code)
    kbo = CommitteeType.objects.get(regime=regime, code="kbo")
    assert kbo.term_years == 4 and composition.quorum_rule(kbo.rules)["numerator"] == 2
    assert CommitteeType.objects.filter(regime=regime, code="new_panel").exists()

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name_th,short_name,level,term_years,rules,order\n"
        'kbj,ชื่อใหม่,ก.บ.จ.,province,,"[]",1\n'
        'x,ชื่อ,ย,planet,สาม,"[{""kind"": ""mascot""}]",2\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_committee_types", str(bad), regime=regime.code)
    message = str(refused.value)
    for column in ("level", "term_years", "rules"):
        assert "3 " in message and column in message
    assert CommitteeType.objects.get(regime=regime, code="kbj").name_th != "ชื่อใหม่"


@pytest.mark.django_db
def test_only_the_national_secretariat_edits_types_in_the_admin(demo_user, cycle):
    kind = CommitteeType.objects.get(regime=cycle.regime, code="kbo")
    url = f"/admin/committees/committeetype/{kind.pk}/change/"
    secretariat = demo_user("secretariat")
    client = page(secretariat)
    if not secretariat.is_staff:
        type(secretariat).objects.filter(pk=secretariat.pk).update(is_staff=True)
    data = {
        "regime": kind.regime_id,
        "code": kind.code,
        "name_th": kind.name_th,
        "short_name": kind.short_name,
        "level": kind.level,
        "term_years": "",
        "rules": '[{"kind": "quorum", "numerator": 5, "denominator": 2}]',
        "order": kind.order,
    }
    answer = client.post(url, data)
    assert answer.status_code == 200  # the form again, with the rule's problem
    kind.refresh_from_db()
    assert composition.quorum_rule(kind.rules)["numerator"] == 1
    data["rules"] = '[{"kind": "quorum", "numerator": 2, "denominator": 3}]'
    assert client.post(url, data).status_code == 302
    kind.refresh_from_db()
    assert kind.rules == [{"kind": "quorum", "numerator": 2, "denominator": 3}]
    rayong = demo_user("rayong")
    type(rayong).objects.filter(pk=rayong.pk).update(is_staff=True)
    assert page(rayong).post(url, data).status_code == 403


@pytest.mark.django_db
def test_the_api_records_the_agenda_and_carries_out_a_calendar_approval(cycle, demo_user):
    rayong = api(demo_user("rayong"))
    calendar = Calendar.objects.create(
        cycle=cycle, level="district", area_id="2101", title="ปฏิทินอำเภอเมืองระยอง"
    )
    elsewhere = Calendar.objects.create(
        cycle=cycle, level="province", area_id="20", title="ปฏิทินจังหวัดชลบุรี"
    )
    kbj = Committee.objects.get(type__code="kbj", area_id="21")
    meeting = services.save_meeting(
        demo_user("rayong"),
        Meeting(committee=kbj, number="ครั้งที่ 2/2570", held_on=date(2026, 12, 3)),
    )
    item = {
        "section": 4,
        "title": "ร่างปฏิทินการจัดทำแผน",
        "resolution": "เห็นชอบ",
        "effect": "approves_calendar",
    }
    refused = rayong.post(
        f"/api/v1/meetings/{meeting.pk}/items", {**item, "calendar": elsewhere.pk}, format="json"
    )
    assert refused.status_code == 400
    made = rayong.post(
        f"/api/v1/meetings/{meeting.pk}/items", {**item, "calendar": calendar.pk}, format="json"
    )
    assert made.status_code == 201, made.content
    iid = made.json()["id"]
    early = rayong.post(f"/api/v1/meetings/{meeting.pk}/items/{iid}/apply")
    assert early.status_code == 400  # the meeting has not been held
    assert rayong.post(f"/api/v1/meetings/{meeting.pk}/held").json()["status"] == "held"
    assert rayong.post(f"/api/v1/meetings/{meeting.pk}/items/{iid}/apply").json()["applied"]
    calendar.refresh_from_db()
    elsewhere.refresh_from_db()
    assert calendar.published and not elsewhere.published


@pytest.mark.django_db
def test_the_packaged_file_loads_only_the_rows_of_the_regime_named(cycle):
    from oneplan.committees.reference import DATA_DIR

    CommitteeType.objects.filter(regime=cycle.regime, code="knb").delete()
    call_command(
        "load_committee_types", str(DATA_DIR / "committee_types.csv"), regime=cycle.regime.code
    )
    assert CommitteeType.objects.filter(regime=cycle.regime, code="knb").exists()
    assert not CommitteeType.objects.filter(regime=cycle.regime, code="knj").exists()


@given(st.dates(), st.integers(min_value=-10, max_value=10))
def test_a_term_of_years_ends_on_the_same_day_those_years_on(day, years):
    from oneplan.core.thai import add_years

    moved = add_years(day, years) if 1 <= day.year + years <= 9999 else None
    if moved is not None:
        assert moved.year == day.year + years and moved.month == day.month
        assert moved.day == day.day or (day.month, day.day, moved.day) == (2, 29, 28)


@pytest.mark.django_db
def test_the_api_keeps_members_and_tasks_within_the_committees_body(cycle, demo_user):
    """What the page offers is what the API accepts: a member's province and a task's area or
    organisation from another province are refused (400), nothing saved."""
    rayong = api(demo_user("rayong"))
    kbj = Committee.objects.get(type__code="kbj", area_id="21")
    members = kbj.members.count()
    seat = {"position_title": "ผู้แทนภาคเอกชน", "role": "member", "basis": "position"}
    seat["seat"] = "business"
    elsewhere = rayong.post(
        f"/api/v1/committees/{kbj.pk}/members",
        {**seat, "province": "20"},
        format="json",
    )
    assert elsewhere.status_code == 400 and kbj.members.count() == members
    own = rayong.post(
        f"/api/v1/committees/{kbj.pk}/members",
        {**seat, "province": "21"},
        format="json",
    )
    assert own.status_code == 201, own.content

    meeting = kbj.meetings.order_by("pk").first()
    item = AgendaItem.objects.create(meeting=meeting, section=4, title="ติดตามผล")
    task = {"item": item.pk, "text": "รายงานผล", "due_on": "2027-01-31"}
    for refused in ({"area": "2001"}, {"organisation": _chonburi_organisation().pk}):
        answer = rayong.post(
            f"/api/v1/meetings/{meeting.pk}/follow-ups", {**task, **refused}, format="json"
        )
        assert answer.status_code == 400, refused
    assert not FollowUp.objects.filter(item=item).exists()
    made = rayong.post(
        f"/api/v1/meetings/{meeting.pk}/follow-ups", {**task, "area": "2101"}, format="json"
    )
    assert made.status_code == 201, made.content


def _chonburi_organisation():
    from oneplan.orgs.models import Organisation

    return Organisation.objects.filter(area__code__startswith="20").order_by("pk").first()


@pytest.mark.django_db
def test_an_api_write_to_a_committee_the_caller_only_reads_is_not_found(demo_user):
    """As the pages (and the letters' API): the committee or meeting the caller may not change
    is fetched as not found, whatever they may read of it."""
    from oneplan.orgs import policy

    reader = demo_user("rayong_agency")
    kbj = Committee.objects.get(type__code="kbj", area_id="21")
    order = kbj.orders.order_by("pk").first()
    assert policy.can(reader, "view", kbj) and not policy.can(reader, "change", kbj)
    client = api(reader)
    changed = client.patch(
        f"/api/v1/committees/{kbj.pk}/orders/{order.pk}", {"title": "x"}, format="json"
    )
    assert changed.status_code == 404
    member = kbj.members.order_by("pk").first()
    assert client.delete(f"/api/v1/committees/{kbj.pk}/members/{member.pk}").status_code == 404
    assert Member.objects.filter(pk=member.pk).exists()
    assert AppointmentOrder.objects.get(pk=order.pk).title == order.title
    assert client.get(f"/api/v1/committees/{kbj.pk}").status_code == 200


@pytest.mark.django_db
def test_a_member_names_a_province_of_the_committees_body(cycle, demo_user, kbo):
    """A district's committee: its province only; a national committee: any province."""
    rayong = demo_user("rayong")
    offered = services.member_choices(kbo, rayong)["province"]
    assert list(offered.values_list("code", flat=True)) == ["21"]
    national = Committee.objects.create(
        type=CommitteeType.objects.filter(regime=cycle.regime, level="nation").first(),
        name="คณะกรรมการระดับชาติ",
        area_id="TH",
    )
    assert {"20", "21"} <= set(
        services.member_choices(national, rayong)["province"].values_list("code", flat=True)
    )
    with pytest.raises(ValidationError):
        services.save_member(
            rayong,
            Member(committee=kbo, position_title="ผู้แทน", role="member", province_id="20"),
        )
