"""Two people changing the same proposal: neither change silently disappears
(`audit.versioning`). On the edit page the second save is refused in Thai, naming who
changed what, and keeps what was typed; in the API a PATCH writes only what it sends, the
answer carries an ETag, and If-Match with a stale one is refused with 412."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.core.tests.races import at_once, form_data, in_thread, needs_postgresql
from oneplan.orgs.models import Organisation, User
from oneplan.projects.api.views import apply, prepare
from oneplan.projects.models import Proposal
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

AGRI = "สำนักงานเกษตรจังหวัดระยอง"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def shown_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def agri() -> Organisation:
    return Organisation.objects.get(name_th=AGRI)


# --------------------------------------------------------------------------- the edit page


def test_the_second_of_two_saves_of_the_same_read_is_refused_and_keeps_what_was_typed(
    demo_user,
):
    proposal = make_proposal(proposer=agri(), title="โครงการเดิม", objectives="วัตถุประสงค์เดิม")
    url = f"/projects/{proposal.pk}/edit/"
    province, agency = demo_user("rayong"), demo_user("rayong_agency")
    first, second = client_for(province), client_for(agency)
    # both open the edit page before either saves
    mine = form_data(first.get(url).context["form"])
    theirs = form_data(second.get(url).context["form"])
    assert mine["record_version"] == theirs["record_version"] == str(proposal.version)

    mine["title"] = "โครงการพัฒนาตลาดผลไม้ระยอง (แก้โดยจังหวัด)"
    assert first.post(url, mine).status_code == 302

    theirs["objectives"] = "เพื่อเพิ่มรายได้ของเกษตรกรชาวสวนผลไม้ (แก้โดยหน่วยงาน)"
    entries = LogEntry.objects.count()
    refused = second.post(url, theirs)
    assert refused.status_code == 200  # not saved: the form again
    page = refused.content.decode()
    assert "ยังไม่ได้บันทึก" in page and shown_name(province) in page
    assert "ชื่อโครงการ" in page  # the field the first person changed, by its Thai name
    assert "เพื่อเพิ่มรายได้ของเกษตรกรชาวสวนผลไม้ (แก้โดยหน่วยงาน)" in page  # what was typed
    form = refused.context["form"]
    assert form["objectives"].value() == theirs["objectives"]
    assert LogEntry.objects.count() == entries  # nothing written

    proposal.refresh_from_db()
    assert proposal.title == mine["title"]  # the first change holds
    assert proposal.objectives == "วัตถุประสงค์เดิม"

    # the form now carries the current version: saving again is a deliberate choice
    again = form_data(form)
    assert again["record_version"] == str(proposal.version)
    assert second.post(url, again).status_code == 302
    proposal.refresh_from_db()
    assert proposal.objectives == theirs["objectives"]


def test_a_status_move_in_between_also_refuses_a_stale_form(demo_user):
    proposal = make_proposal(proposer=agri())
    url = f"/projects/{proposal.pk}/edit/"
    client = client_for(demo_user("rayong"))
    data = form_data(client.get(url).context["form"])
    assert client.post(f"/projects/{proposal.pk}/status/", {"to_status": "screened"}).status_code
    data["title"] = "ชื่อใหม่"
    response = client.post(url, data)
    assert response.status_code == 200 and "สถานะ" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "screened" and proposal.title != "ชื่อใหม่"


def test_a_new_proposal_needs_no_version(demo_user):
    client = client_for(demo_user("rayong_agency"))
    form = client.get("/projects/new/").context["form"]
    assert form["record_version"].value() is None


# --------------------------------------------------------------------------- the API


def test_two_patches_of_different_fields_read_before_either_saved_both_land(demo_user):
    """The API's own path (prepare, apply) with two copies read before either is saved, as
    two concurrent requests have them: each writes only the field it was sent."""
    proposal = make_proposal(proposer=agri())
    user = demo_user("rayong_agency")
    one, two = Proposal.objects.get(pk=proposal.pk), Proposal.objects.get(pk=proposal.pk)
    apply(user, prepare(user, {"title": "ชื่อโครงการจากคำขอแรก"}, one))
    apply(user, prepare(user, {"objectives": "วัตถุประสงค์จากคำขอที่สอง"}, two))
    proposal.refresh_from_db()
    assert proposal.title == "ชื่อโครงการจากคำขอแรก"
    assert proposal.objectives == "วัตถุประสงค์จากคำขอที่สอง"
    assert proposal.version == 3  # each save counted


def test_etag_and_if_match(demo_user):
    proposal = make_proposal(proposer=agri())
    user = demo_user("rayong_agency")
    api = api_for(user)
    url = f"/api/v1/proposals/{proposal.pk}"
    read = api.get(url)
    assert read.status_code == 200 and read["ETag"] == f'W/"{proposal.version}"'
    stale = read["ETag"]

    changed = api.patch(url, {"title": "ชื่อใหม่ครั้งแรก"}, format="json", HTTP_IF_MATCH=stale)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != stale and changed.json()["title"] == "ชื่อใหม่ครั้งแรก"

    entries = LogEntry.objects.count()
    refused = api.patch(url, {"objectives": "ไม่ควรถูกบันทึก"}, format="json", HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    body = refused.json()
    assert shown_name(user) in body["detail"] and "ชื่อโครงการ" in body["detail"]
    assert "If-Match" in body["detail"] and body["etag"] == changed["ETag"]
    assert refused["ETag"] == changed["ETag"]
    assert LogEntry.objects.count() == entries
    proposal.refresh_from_db()
    assert proposal.objectives != "ไม่ควรถูกบันทึก" and proposal.title == "ชื่อใหม่ครั้งแรก"

    # the current ETag (weak or strong), "*", or none at all: the change is made
    current = changed["ETag"]
    for sent, title in (
        (lambda tag: tag, "ชื่อที่สอง"),
        (lambda tag: tag.removeprefix("W/"), "ชื่อที่สาม"),
        (lambda tag: "*", "ชื่อที่สี่"),
        (lambda tag: None, "ชื่อที่ห้า"),
    ):
        if_match = sent(current)
        headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
        response = api.patch(url, {"title": title}, format="json", **headers)
        assert response.status_code == 200, (if_match, response.content)
        current = response["ETag"]
    assert api.get(url).json()["title"] == "ชื่อที่ห้า"
    garbage = api.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH="abc")
    assert garbage.status_code == 412 and "If-Match" in garbage.json()["detail"]

    # a stale If-Match is refused before anything else, even a change another may not make
    other = api_for(demo_user("rayong_district")).patch(
        url, {"title": "x"}, format="json", HTTP_IF_MATCH=stale
    )
    assert other.status_code == 403


def test_a_created_proposal_has_an_etag(demo_user):
    api = api_for(demo_user("rayong_agency"))
    response = api.post(
        "/api/v1/proposals",
        {
            "cycle": 2570,
            "reference_code": "ETAG-70-001",
            "title": "โครงการทดสอบ ETag",
            "area": "21",
            "funding_channel": "province",
            "proposer_kind": "agency",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response["ETag"] == 'W/"1"'


def test_the_schema_documents_etag_and_if_match():
    schema = APIClient().get("/api/v1/openapi.json").json()
    detail = schema["paths"]["/api/v1/proposals/{id}"]
    patch = detail["patch"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    assert "412" in patch["responses"]
    assert "ETag" in patch["responses"]["200"]["headers"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]


def test_the_schema_is_generated_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", "/dev/null")


# --------------------------------------------------------------------------- real threads


ROUNDS = 20


def _committed_proposal() -> int:
    return in_thread(lambda: make_proposal(proposer=agri(), reference_code="RACE-70-001").pk)


def _remove(pk: int) -> None:
    def remove():
        LogEntry.objects.filter(content_type__model="proposal", object_id=pk).delete()
        Proposal.objects.filter(pk=pk).delete()

    in_thread(remove)


def test_concurrent_page_saves_one_wins_one_is_refused(demo_user):
    """Two people open the edit page, then both save at the same moment, ROUNDS times: each
    time exactly one save is made and the other is refused; no change is lost."""
    needs_postgresql()
    pk = _committed_proposal()
    url = f"/projects/{pk}/edit/"
    users = (demo_user("rayong"), demo_user("rayong_agency"))
    clients = in_thread(lambda: [client_for(u) for u in users])
    tally = {"saved": 0, "refused": 0, "lost": 0}
    try:
        for n in range(ROUNDS):
            forms = in_thread(lambda: [form_data(c.get(url).context["form"]) for c in clients])
            forms[0]["title"] = f"ชื่อโครงการ รอบ {n}"
            forms[1]["objectives"] = f"วัตถุประสงค์ รอบ {n}"
            answers = at_once(
                *[
                    (lambda c=c, d=d: c.post(url, d).status_code)
                    for c, d in zip(clients, forms, strict=True)
                ]
            )
            saved = [i for i, code in enumerate(answers) if code == 302]
            tally["saved"] += len(saved)
            tally["refused"] += answers.count(200)
            stored = in_thread(lambda: Proposal.objects.get(pk=pk))
            kept = {
                0: stored.title == forms[0]["title"],
                1: stored.objectives == forms[1]["objectives"],
            }
            tally["lost"] += sum(1 for i in saved if not kept[i])
            assert len(saved) == 1, (n, answers)
    finally:
        _remove(pk)
    print(f"page races: {ROUNDS}, {tally}")
    assert tally == {"saved": ROUNDS, "refused": ROUNDS, "lost": 0}


def test_concurrent_api_patches(demo_user):
    """ROUNDS times, two PATCHes of different fields at the same moment: both land; then two
    PATCHes with the same If-Match: exactly one is made, the other answers 412."""
    needs_postgresql()
    pk = _committed_proposal()
    url = f"/api/v1/proposals/{pk}"
    user = demo_user("rayong_agency")

    def client() -> APIClient:
        api = APIClient()
        api.force_authenticate(user)
        return api

    lost = conflicts = 0
    try:
        for n in range(ROUNDS):
            sent = ({"title": f"ชื่อ {n}"}, {"objectives": f"วัตถุประสงค์ {n}"})
            answers = at_once(
                *[(lambda d=d: client().patch(url, d, format="json").status_code) for d in sent]
            )
            assert answers == [200, 200], answers
            stored = in_thread(lambda: Proposal.objects.get(pk=pk))
            lost += (stored.title != sent[0]["title"]) + (
                stored.objectives != sent[1]["objectives"]
            )

            tag = in_thread(lambda: client().get(url)["ETag"])
            answers = at_once(
                *[
                    (
                        lambda d=d, tag=tag: (
                            client().patch(url, d, format="json", HTTP_IF_MATCH=tag).status_code
                        )
                    )
                    for d in ({"title": f"A {n}"}, {"title": f"B {n}"})
                ]
            )
            assert sorted(answers) == [200, 412], answers
            conflicts += 1
    finally:
        _remove(pk)
    print(
        f"API races: {ROUNDS} without If-Match, {lost} fields lost; {conflicts} with, one 412 each"
    )
    assert lost == 0
