"""Two people editing the same plan text or the same component (goal, issue, strategy,
indicator ...): the second save of the same read is refused in Thai, naming who changed
what, and keeps what was typed; the first change holds (`audit.versioning`)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client

from oneplan.audit.versioning import StaleVersion, save_if_current
from oneplan.core.tests.races import at_once, form_data, in_thread, needs_postgresql
from oneplan.orgs.models import User
from oneplan.plans.models import Goal, Plan, PlanEdition
from oneplan.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def open_twice(url: str, *users: User) -> list[tuple[Client, dict]]:
    """Each user opens the page before anyone saves: (their client, the form as read)."""
    opened = []
    for user in users:
        client = client_for(user)
        response = client.get(url)
        assert response.status_code == 200, url
        opened.append((client, form_data(response.context["form"])))
    return opened


def test_vision_and_mission_two_editors_the_second_is_refused(demo_user):
    edition = make_plan().editions.get()
    url = f"/plans/editions/{edition.pk}/text/"
    province, secretariat = demo_user("rayong"), demo_user("secretariat")
    (first, mine), (second, theirs) = open_twice(url, province, secretariat)

    mine["vision"] = "ระยองเมืองน่าอยู่ (แก้โดยจังหวัด)"
    assert first.post(url, mine).status_code == 302
    theirs["mission"] = "พันธกิจที่ฝ่ายเลขานุการพิมพ์ไว้\nบรรทัดที่สอง"
    entries = LogEntry.objects.count()
    refused = second.post(url, theirs)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "ยังไม่ได้บันทึก" in page and shown_name(province) in page
    assert "วิสัยทัศน์" in page  # what the first changed, by its Thai name
    assert "พันธกิจที่ฝ่ายเลขานุการพิมพ์ไว้" in page  # what the second typed is still there
    assert "ระยองเมืองน่าอยู่ (แก้โดยจังหวัด)" in page  # and the first's change is shown
    assert LogEntry.objects.count() == entries
    edition.refresh_from_db()
    assert edition.vision == mine["vision"]
    assert "พันธกิจที่ฝ่ายเลขานุการพิมพ์ไว้" not in edition.mission


@pytest.mark.parametrize("kind", ["goal", "issue", "strategy", "indicator"])
def test_the_same_component_two_editors_the_second_is_refused(demo_user, kind):
    edition = make_plan().editions.get()
    obj = {
        "goal": edition.goals,
        "issue": edition.issues,
        "strategy": edition.strategies,
        "indicator": edition.indicators,
    }[kind].first()
    url = f"/plans/editions/{edition.pk}/{kind}/{obj.pk}/"
    province, secretariat = demo_user("rayong"), demo_user("secretariat")
    (first, mine), (second, theirs) = open_twice(url, province, secretariat)
    text = {"goal": "text", "issue": "title", "strategy": "text", "indicator": "name"}[kind]

    mine[text] = f"{mine[text]} (แก้โดยจังหวัด)"
    assert first.post(url, mine).status_code == 302
    theirs[text] = f"{theirs[text]} (แก้โดยฝ่ายเลขานุการ)"
    refused = second.post(url, theirs)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "ยังไม่ได้บันทึก" in page and shown_name(province) in page
    assert "(แก้โดยฝ่ายเลขานุการ)" in page
    obj.refresh_from_db()
    assert getattr(obj, text) == mine[text]


def test_save_if_current_checks_and_writes_only_the_fields_named(demo_user):
    goal = make_plan().editions.get().goals.first()
    read = goal.version
    one, two = Goal.objects.get(pk=goal.pk), Goal.objects.get(pk=goal.pk)
    one.text = "เป้าประสงค์ใหม่"
    save_if_current(one, read, ["text"])
    two.number = "9.9"
    with pytest.raises(StaleVersion) as refused:
        save_if_current(two, read, ["number"])
    assert refused.value.current == read + 1 and refused.value.code == "stale"
    save_if_current(two, None, ["number"])  # without the check: only its own field
    goal.refresh_from_db()
    assert (goal.text, goal.number, goal.version) == ("เป้าประสงค์ใหม่", "9.9", read + 2)


def test_every_save_raises_the_version_and_the_audit_entry_records_it(demo_user):
    edition = make_plan().editions.get()
    version = edition.version
    edition.vision = "ใหม่"
    edition.save()
    edition.save(update_fields=["mission"])
    assert edition.version == version + 2
    assert PlanEdition.objects.get(pk=edition.pk).version == version + 2
    entry = LogEntry.objects.get_for_object(edition).latest("timestamp")
    assert entry.additional_data == {"version": version + 1}  # the change was the first save
    assert "version" not in entry.changes_dict


# --------------------------------------------------------------------------- real threads


ROUNDS = 20


def test_concurrent_goal_saves_one_wins_one_is_refused(demo_user):
    needs_postgresql()
    plan_pk = in_thread(lambda: make_plan(first_year_be=2596).pk)
    edition = in_thread(lambda: PlanEdition.objects.get(plan_id=plan_pk))
    goal_pk = in_thread(lambda: edition.goals.first().pk)
    url = f"/plans/editions/{edition.pk}/goal/{goal_pk}/"
    users = (demo_user("rayong"), demo_user("secretariat"))
    clients = in_thread(lambda: [client_for(u) for u in users])
    saved = refused = lost = 0
    try:
        for n in range(ROUNDS):
            forms = in_thread(lambda: [form_data(c.get(url).context["form"]) for c in clients])
            forms[0]["text"] = f"เป้าประสงค์ รอบ {n} (จังหวัด)"
            forms[1]["text"] = f"เป้าประสงค์ รอบ {n} (ฝ่ายเลขานุการ)"
            answers = at_once(
                *[
                    (lambda c=c, d=d: c.post(url, d).status_code)
                    for c, d in zip(clients, forms, strict=True)
                ]
            )
            assert sorted(answers) == [200, 302], (n, answers)
            saved += 1
            refused += 1
            winner = forms[answers.index(302)]["text"]
            lost += in_thread(lambda: Goal.objects.get(pk=goal_pk).text) != winner
    finally:
        in_thread(lambda: Plan.objects.filter(pk=plan_pk).delete())
    print(f"goal page races: {ROUNDS}, saved {saved}, refused {refused}, lost {lost}")
    assert lost == 0
