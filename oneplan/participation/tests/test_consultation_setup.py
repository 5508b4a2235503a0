"""A Section 19 consultation set up by its users from nothing, on the pages and through the
API: created and changed, its invitation list built, invitees added by hand, removed and
ticked, nominees recorded and selected, comments recorded and answered; each refused to
another province, an agency and the public, and each write in the audit trail with its user.
"""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.letters import services as letters
from oneplan.orgs.models import Organisation
from oneplan.participation import services
from oneplan.participation.forms import ConsultationForm, provinces_for_consultations
from oneplan.participation.models import (
    Consultation,
    ConsultationStatus,
    Invitee,
    InviteeGroup,
    Nomination,
    PlanComment,
)
from oneplan.plans.models import PlanEdition, PlanKind

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_as(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def logged_by(obj, username: str) -> bool:
    """Whether the audit trail holds a change of `obj` made by `username`."""
    return LogEntry.objects.get_for_object(obj).filter(actor__username=username).exists()


@pytest.fixture
def fresh(demo_user) -> Consultation:
    """Rayong's consultation of the next cycle, created through the service, as a user would."""
    return services.save_consultation(
        demo_user("rayong"),
        Consultation(
            cycle=Cycle.objects.get(fiscal_year_be=2571),
            province=Area.objects.get(code="21"),
            selection_date=date(2027, 7, 1),
        ),
    )


@pytest.fixture
def demo_consultation() -> Consultation:
    return Consultation.objects.get(province_id="21", cycle__fiscal_year_be=2570)


# --------------------------------------------------------------------------- pages


def test_the_provincial_office_creates_a_consultation_on_its_page(demo_user):
    rayong = demo_user("rayong")
    client = signed_in(rayong)
    listing = client.get("/participation/consultations/").content.decode()
    assert "/participation/consultations/new/" in listing
    assert [p.code for p in provinces_for_consultations(rayong)] == ["21"]
    response = client.post(
        "/participation/consultations/new/",
        {
            "cycle": Cycle.objects.get(fiscal_year_be=2571).pk,
            "province": "21",
            "title": "",
            "held_on": "20/8/2570",  # B.E., as typed
            "venue": "  ห้องประชุมศาลากลาง  ",
            "selection_date": "1/7/2570",
            "status": ConsultationStatus.PREPARING,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Consultation.objects.get(province_id="21", cycle__fiscal_year_be=2571)
    assert response["Location"] == created.get_absolute_url()
    assert created.held_on == date(2027, 8, 20) and created.selection_date == date(2027, 7, 1)
    assert created.venue == "ห้องประชุมศาลากลาง"
    assert "ระยอง" in created.title and "2571" in created.title  # the usual title
    assert logged_by(created, "rayong")
    page = client.get(created.get_absolute_url()).content.decode()
    assert f"/participation/consultations/{created.pk}/edit/" in page
    assert f"/letters/from/consultation/{created.pk}/" in page  # the invitation letter


def test_another_province_an_agency_and_the_public_cannot_create_or_edit(demo_user, fresh):
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    chonburi = signed_in(demo_user("chonburi"))
    before = Consultation.objects.count()
    refused = chonburi.post(
        "/participation/consultations/new/",
        {"cycle": cycle.pk, "province": "21", "status": "preparing"},
    )
    assert refused.status_code == 200  # the form again: Rayong is not among its choices
    assert "province" in refused.context["form"].errors
    assert Consultation.objects.count() == before
    assert chonburi.get(f"/participation/consultations/{fresh.pk}/edit/").status_code == 404
    agency = signed_in(demo_user("rayong_agency"))
    assert agency.get("/participation/consultations/new/").status_code == 404
    assert agency.get(f"/participation/consultations/{fresh.pk}/edit/").status_code == 404
    assert (
        "/participation/consultations/new/"
        not in agency.get("/participation/consultations/").content.decode()
    )
    public = Client().get("/participation/consultations/new/")
    assert public.status_code == 302 and "/accounts/login/" in public["Location"]


def test_the_consultation_is_edited_and_its_province_kept(demo_user, fresh):
    client = signed_in(demo_user("rayong"))
    url = f"/participation/consultations/{fresh.pk}/edit/"
    form = {
        "cycle": fresh.cycle_id,
        "province": "20",  # disabled on edit: ignored
        "title": fresh.title,
        "held_on": "2027-08-20",
        "venue": "โรงแรมในเมือง",
        "status": ConsultationStatus.HELD,
        "public_comments_open": "on",  # not published: refused
    }
    again = client.post(url, form)
    assert again.status_code == 200
    assert "public_comments_open" in again.context["form"].errors
    response = client.post(url, {**form, "published": "on"})
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert (fresh.province_id, fresh.venue, fresh.status) == ("21", "โรงแรมในเมือง", "held")
    assert fresh.published and fresh.public_comments_open
    assert LogEntry.objects.get_for_object(fresh).filter(actor__username="rayong").count() >= 2


def test_invitees_are_built_added_ticked_and_removed_on_the_page(demo_user, fresh):
    client = signed_in(demo_user("rayong"))
    base = f"/participation/consultations/{fresh.pk}"
    assert client.post(f"{base}/invitees/").status_code == 302
    groups = set(fresh.invitees.values_list("group", flat=True))
    assert {InviteeGroup.AGENCY_HEAD, InviteeGroup.LAO_EXECUTIVE} <= groups
    assert (
        client.post(
            f"{base}/invitees/add/", {"group": "civil_society", "name": "ผู้แทนมูลนิธิ (แขกรับเชิญ)"}
        ).status_code
        == 302
    )
    guest = fresh.invitees.get(name="ผู้แทนมูลนิธิ (แขกรับเชิญ)")
    assert guest.group == InviteeGroup.CIVIL_SOCIETY and logged_by(guest, "rayong")
    chamber = Organisation.objects.get(name_th="หอการค้าจังหวัดระยอง")
    client.post(f"{base}/invitees/add/", {"group": "business", "organisation": chamber.pk})
    assert fresh.invitees.get(organisation=chamber).name == "หอการค้าจังหวัดระยอง"
    client.post(f"{base}/invitees/{guest.pk}/", {"attended": "1"})
    guest.refresh_from_db()
    assert guest.attended
    page = client.get(base + "/").content.decode()
    assert f"{base}/invitees/{guest.pk}/remove/" in page and f"{base}/invitees/add/" in page
    # Another province, an agency: refused, nothing changes.
    for name in ("chonburi", "rayong_agency"):
        other = signed_in(demo_user(name))
        assert (
            other.post(f"{base}/invitees/add/", {"group": "business", "name": "x"}).status_code
            == 404
        )
        assert other.post(f"{base}/invitees/{guest.pk}/remove/").status_code == 404
    assert client.post(f"{base}/invitees/{guest.pk}/remove/").status_code == 302
    assert not Invitee.objects.filter(pk=guest.pk).exists()
    removal = LogEntry.objects.filter(
        content_type__model="invitee", object_pk=str(guest.pk), action=LogEntry.Action.DELETE
    ).get()
    assert removal.actor.username == "rayong"


# --------------------------------------------------------------------------- API


def test_the_api_creates_and_changes_a_consultation(demo_user):
    api = api_as(demo_user("rayong"))
    response = api.post(
        "/api/v1/consultations",
        {"cycle": 2571, "province": "21", "held_on": "2570-08-20", "venue": "ศาลากลาง"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["held_on"] == "2027-08-20" and body["fiscal_year"] == 2571
    created = Consultation.objects.get(pk=body["id"])
    assert logged_by(created, "rayong")
    url = f"/api/v1/consultations/{created.pk}"
    changed = api.patch(url, {"status": "held", "summary": "สรุปผล"}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "held"
    assert api.patch(url, {"province": "20"}, format="json").status_code == 400
    assert api.patch(url, {"status": "finished"}, format="json").status_code == 400
    assert api.patch(url, {"public_comments_open": True}, format="json").status_code == 400
    assert api.get(url).json()["summary"] == "สรุปผล"
    # Refusals: another province, an agency, the public.
    for user, refused in (
        (demo_user("chonburi"), (403,)),
        (demo_user("rayong_agency"), (403,)),
        (None, (401, 403)),
    ):
        before = Consultation.objects.count()
        answer = api_as(user).post(
            "/api/v1/consultations", {"cycle": 2569, "province": "21"}, format="json"
        )
        assert answer.status_code in refused
        assert Consultation.objects.count() == before
    assert (
        api_as(demo_user("chonburi")).patch(url, {"venue": "x"}, format="json").status_code == 404
    )
    assert api_as(demo_user("rayong_agency")).patch(url, {"venue": "x"}).status_code == 403
    assert api_as().get(url).status_code in (401, 403, 404)


def test_a_consultation_names_its_time_and_the_plan_editions_it_consults_on(demo_user):
    rayong_draft = PlanEdition.objects.filter(plan__province_id="21").order_by("-pk").first()
    cluster_draft = (
        PlanEdition.objects.filter(plan__cluster__memberships__province_id="21")
        .order_by("-pk")
        .first()
    )
    chonburi = PlanEdition.objects.filter(plan__province_id="20").first()
    api = api_as(demo_user("rayong"))
    body = {
        "cycle": 2571,
        "province": "21",
        "held_on": "20/8/2570",
        "time": "09.00 - 12.00 น.",
        "editions": [rayong_draft.pk, cluster_draft.pk],
    }
    refused = api.post("/api/v1/consultations", {**body, "editions": [chonburi.pk]}, format="json")
    assert refused.status_code == 400
    assert not Consultation.objects.filter(cycle__fiscal_year_be=2571, province_id="21").exists()
    created = api.post("/api/v1/consultations", body, format="json")
    assert created.status_code == 201, created.content
    consultation = Consultation.objects.get(pk=created.json()["id"])
    assert sorted(created.json()["editions"]) == sorted([rayong_draft.pk, cluster_draft.pk])
    plans = services.plans_under_consultation(consultation)
    assert set(plans) == {rayong_draft.plan, cluster_draft.plan}
    letter = letters.letter_for_consultation(demo_user("rayong"), consultation)
    assert "เวลา 09.00 - 12.00 น." in letter.body
    # On the page: the form offers the editions of the province and its cluster only.
    page = signed_in(demo_user("rayong")).get(
        f"/participation/consultations/{consultation.pk}/edit/"
    )
    offered = page.context["form"].fields["editions"].queryset
    assert rayong_draft in offered and chonburi not in offered


def test_the_api_builds_the_list_and_ticks_attendance(demo_user, fresh):
    api = api_as(demo_user("rayong"))
    base = f"/api/v1/consultations/{fresh.pk}/invitees"
    built = api.post(f"{base}/build")
    assert built.status_code == 200
    assert built.json()["added"] == built.json()["invitees"] == fresh.invitees.count() > 0
    assert api.post(f"{base}/build").json()["added"] == 0  # what is there stays
    guest = api.post(
        base, {"group": "state_enterprise", "name": "ผู้จัดการการประปาส่วนภูมิภาค"}, format="json"
    )
    assert guest.status_code == 201
    gid = guest.json()["id"]
    assert (
        api.post(
            base, {"group": "state_enterprise", "name": "ผู้จัดการการประปาส่วนภูมิภาค"}, format="json"
        ).status_code
        == 400
    )  # twice
    elsewhere = Organisation.objects.get(name_th="สำนักงานจังหวัดชลบุรี")
    assert (
        api.post(
            base, {"group": "agency_head", "organisation": elsewhere.pk}, format="json"
        ).status_code
        == 400
    )
    ticked = api.patch(f"{base}/{gid}", {"attended": True}, format="json")
    assert ticked.status_code == 200 and ticked.json()["attended"] is True
    assert logged_by(Invitee.objects.get(pk=gid), "rayong")
    listed = {i["id"] for i in api.get(base).json()}
    assert gid in listed and len(listed) == fresh.invitees.count()
    # Others: the list is empty to them, their changes refused.
    chonburi = api_as(demo_user("chonburi"))
    assert chonburi.get(base).json() == []
    assert chonburi.patch(f"{base}/{gid}", {"attended": False}, format="json").status_code == 404
    assert chonburi.post(f"{base}/build").status_code == 404
    agency = api_as(demo_user("rayong_agency"))
    assert agency.patch(f"{base}/{gid}", {"attended": False}, format="json").status_code == 403
    assert agency.delete(f"{base}/{gid}").status_code == 403
    assert agency.post(f"{base}/build").status_code == 403
    assert api_as().post(f"{base}/build").status_code in (401, 403)
    assert Invitee.objects.get(pk=gid).attended is True
    assert api.delete(f"{base}/{gid}").status_code == 204
    assert not Invitee.objects.filter(pk=gid).exists()


def test_the_api_records_and_selects_nominees(demo_user, fresh):
    api = api_as(demo_user("rayong"))
    base = f"/api/v1/consultations/{fresh.pk}/nominations"
    nominee = {
        "kind": "civil_society",
        "district": "2101",
        "inside_municipality": True,
        "full_name": "นางสมศรี รักถิ่น",
        "birth_date": "1975-03-01",
        "community_leader": True,
        "registrations": [
            {"district_code": "2101", "inside_municipality": True, "start": "2000-01-01"}
        ],
    }
    response = api.post(base, nominee, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["eligible"] is True and body["reasons"] == []
    young = api.post(
        base, {**nominee, "full_name": "นายอายุน้อย", "birth_date": "2012-01-01"}, format="json"
    ).json()
    assert young["eligible"] is False and "age" in {r["code"] for r in young["reasons"]}
    chosen = api.post(f"{base}/{body['id']}/select", {"selected": True}, format="json")
    assert chosen.status_code == 200 and chosen.json()["selected"] is True
    assert (
        api.post(f"{base}/{young['id']}/select", {"selected": True}, format="json").status_code
        == 400
    )
    assert logged_by(Nomination.objects.get(pk=body["id"]), "rayong")
    # The selected representative is invited when the list is built.
    api.post(f"/api/v1/consultations/{fresh.pk}/invitees/build")
    assert fresh.invitees.filter(nomination_id=body["id"], group="civil_society").exists()
    other_district = api.post(base, {**nominee, "district": "2001"}, format="json")
    assert other_district.status_code == 400
    chonburi = api_as(demo_user("chonburi"))
    assert chonburi.post(base, nominee, format="json").status_code == 404
    assert chonburi.get(base).json() == []
    assert api_as(demo_user("rayong_agency")).post(base, nominee, format="json").status_code == 403
    assert api_as().get(base).status_code in (401, 403)


def test_the_api_records_comments_and_their_answers(demo_user, demo_consultation):
    api = api_as(demo_user("rayong"))
    plans = services.plans_under_consultation(demo_consultation)
    province_plan = next(p for p in plans if p.kind == PlanKind.PROVINCE)
    url = f"/api/v1/consultations/{demo_consultation.pk}/comments"
    made = api.post(
        url,
        {"plan": province_plan.pk, "text": "ขอให้เพิ่มโครงการน้ำ", "commenter": "ผู้แทนอำเภอ"},
        format="json",
    )
    assert made.status_code == 201, made.content
    comment = PlanComment.objects.get(pk=made.json()["id"])
    assert comment.source == "meeting" and logged_by(comment, "rayong")
    assert api.post(url, {"plan": 999999, "text": "x"}, format="json").status_code == 400
    of_meeting = api.get("/api/v1/plan-comments", {"consultation": demo_consultation.pk}).json()
    assert comment.pk in {c["id"] for c in of_meeting}
    assert {c["consultation"] for c in of_meeting} == {demo_consultation.pk}
    answer = f"/api/v1/plan-comments/{comment.pk}/answer"
    assert api.post(answer, {"answer": "not_accepted"}, format="json").status_code == 400
    done = api.post(answer, {"answer": "partly", "why": "รับบางส่วน"}, format="json")
    assert done.status_code == 200 and done.json()["answer"] == "partly"
    cluster_comment = PlanComment.objects.get(
        consultation=demo_consultation, plan__kind=PlanKind.CLUSTER
    )
    cluster_answer = f"/api/v1/plan-comments/{cluster_comment.pk}/answer"
    assert api.post(cluster_answer, {"answer": "accepted"}, format="json").status_code == 403
    by_cluster = api_as(demo_user("east1")).post(
        cluster_answer, {"answer": "accepted"}, format="json"
    )
    assert by_cluster.status_code == 200
    assert api_as(demo_user("chonburi")).post(
        url, {"plan": province_plan.pk, "text": "x"}, format="json"
    ).status_code in (403, 404)
    assert (
        api_as(demo_user("rayong_agency"))
        .post(url, {"plan": province_plan.pk, "text": "x"}, format="json")
        .status_code
        == 403
    )
    assert api_as().post(answer, {"answer": "accepted"}, format="json").status_code in (
        401,
        403,
        404,
    )
    public = services.submit_public_comment(
        demo_consultation, province_plan, "ความเห็นจากเว็บไซต์", "", "203.0.113.9"
    )
    moderated = api.post(
        f"/api/v1/plan-comments/{public.pk}/moderation", {"approve": True}, format="json"
    )
    assert moderated.status_code == 200 and moderated.json()["moderation"] == "approved"


def test_the_schema_documents_the_consultation_endpoints():
    schema = APIClient().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/consultations"]
    assert "patch" in paths["/api/v1/consultations/{id}"]
    assert "post" in paths["/api/v1/consultations/{id}/invitees/build"]
    assert {"patch", "delete"} <= set(paths["/api/v1/consultations/{id}/invitees/{iid}"])
    assert "post" in paths["/api/v1/consultations/{id}/nominations"]
    assert "post" in paths["/api/v1/consultations/{id}/nominations/{nid}/select"]
    assert "post" in paths["/api/v1/consultations/{id}/comments"]
    assert "post" in paths["/api/v1/plan-comments/{cid}/answer"]


def test_the_service_refuses_a_nominee_of_another_provinces_district(demo_user, fresh):
    """The rule is the service's (the page and the API only parse): a district of Chonburi is
    not one of Rayong's consultation, whoever calls."""
    nominee = Nomination(
        consultation=fresh,
        kind="civil_society",
        district=Area.objects.get(code="2001"),
        full_name="นายต่างถิ่น",
    )
    before = (Nomination.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.save_nomination(demo_user("rayong"), nominee)
    assert set(refused.value.message_dict) == {"district"}
    assert (Nomination.objects.count(), LogEntry.objects.count()) == before


def test_the_form_offers_the_editions_the_service_accepts(demo_user, fresh):
    """One rule for the editions of a consultation: the form's choices are the service's."""
    form = ConsultationForm(instance=fresh, user=demo_user("rayong"))
    offered = set(form.fields["editions"].queryset.values_list("pk", flat=True))
    assert offered == set(services.editions_for(fresh).values_list("pk", flat=True))
    assert offered  # Rayong's plan and its cluster's have editions in the demo
