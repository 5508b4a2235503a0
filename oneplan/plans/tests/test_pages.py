"""The plan pages, through the real permission policy, as each kind of user sees them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.test import Client

from oneplan.plans import services
from oneplan.plans.models import EditionStatus, Goal, Indicator, Plan, StrategicIssue
from oneplan.plans.tests.factories import east1, make_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_provincial_officer_reads_and_edits_own_plan_pages(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    client = client_for(demo_user("rayong"))
    for url in (
        "/plans/",
        plan.get_absolute_url(),
        edition.get_absolute_url(),
        f"/plans/editions/{edition.pk}/check/",
        f"/plans/editions/{edition.pk}/diff/",
        f"/plans/editions/{edition.pk}/chain/",
        "/plans/compare/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(edition.get_absolute_url()).content.decode()
    issue = edition.issues.first()
    assert issue.title in page
    assert f'id="strategicissue-{issue.pk}"' in page
    assert f"/plans/editions/{edition.pk}/issue/{issue.pk}/" in page  # edit link


def test_other_province_gets_404_on_every_plan_page_and_cannot_change(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    issue = edition.issues.first()
    client = client_for(demo_user("chonburi"))
    for url in (
        plan.get_absolute_url(),
        edition.get_absolute_url(),
        f"/plans/editions/{edition.pk}/check/",
        f"/plans/editions/{edition.pk}/diff/",
        f"/plans/editions/{edition.pk}/chain/",
        f"/plans/editions/{edition.pk}/issue/{issue.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/plans/editions/{edition.pk}/issue/{issue.pk}/",
        {"priority": 1, "title": "ถูกแก้โดยจังหวัดอื่น"},
    )
    assert response.status_code == 404
    issue.refresh_from_db()
    assert issue.title != "ถูกแก้โดยจังหวัดอื่น"
    assert plan.title not in client.get("/plans/").content.decode()


def test_cluster_plan_is_read_by_member_provinces_and_changed_by_the_cluster_office(demo_user):
    plan = make_plan(cluster=east1())
    edition = plan.editions.get()
    assert client_for(demo_user("rayong")).get(edition.get_absolute_url()).status_code == 200
    assert client_for(demo_user("chonburi")).get(edition.get_absolute_url()).status_code == 200
    issue = edition.issues.first()
    edit = f"/plans/editions/{edition.pk}/issue/{issue.pk}/"
    assert client_for(demo_user("rayong")).get(edit).status_code == 404
    response = client_for(demo_user("east1")).post(edit, {"priority": 1, "title": "ใหม่"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "ใหม่"


def test_cluster_office_reads_but_cannot_change_a_member_provinces_plan(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    client = client_for(demo_user("east1"))
    assert client.get(edition.get_absolute_url()).status_code == 200
    goal = edition.goals.first()
    assert client.get(f"/plans/editions/{edition.pk}/goal/{goal.pk}/").status_code == 404


def test_indicator_form_sets_yearly_targets_and_audits_the_change(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    indicator = edition.indicators.first()
    last = plan.last_year_be
    data = {
        "goal": indicator.goal_id,
        "number": indicator.number,
        "name": indicator.name,
        "unit": "ร้อยละ",
        "baseline": "3",
        "baseline_year_be": str(plan.first_year_be - 1),
        "direction": "increase",
        "data_source": "สพจ.",
        "controllable": "on",
        "order": "1",
        **{f"target_{y}": "" for y in plan.years},
    }
    data[f"target_{last}"] = "๑๒"  # Thai digits are normalised
    data[f"target_{plan.first_year_be}"] = "4"
    response = client_for(demo_user("rayong")).post(
        f"/plans/editions/{edition.pk}/indicator/{indicator.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert indicator.target_map() == {plan.first_year_be: Decimal("4"), last: Decimal("12")}
    entries = LogEntry.objects.filter(
        content_type__model="indicatortarget", actor__username="rayong"
    )
    assert entries.exists()


def test_approved_edition_is_read_only_and_review_copies_it(demo_user):
    plan = make_plan(status=EditionStatus.APPROVED)
    edition = plan.editions.get()
    client = client_for(demo_user("rayong"))
    goal = edition.goals.first()
    assert client.get(f"/plans/editions/{edition.pk}/goal/{goal.pk}/").status_code == 404
    page = client.get(edition.get_absolute_url()).content.decode()
    assert f"/plans/editions/{edition.pk}/goal/{goal.pk}/" not in page
    response = client.post(plan.get_absolute_url(), {"review_year_be": str(plan.first_year_be + 1)})
    assert response.status_code == 302
    review = plan.editions.get(number=1)
    assert review.status == EditionStatus.DRAFT and review.based_on == edition
    assert set(review.goals.values_list("key", flat=True)) == set(
        edition.goals.values_list("key", flat=True)
    )
    # A C.E. year is understood too.
    assert client.get(review.get_absolute_url()).status_code == 200


def test_transition_is_recorded_with_the_deciding_meeting(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    client = client_for(demo_user("rayong"))
    url = f"/plans/editions/{edition.pk}/status/"
    client.post(url, {"to_status": "consulted", "decided_by": "การประชุมปรึกษาหารือ 12 ม.ค. 2591"})
    response = client.post(url, {"to_status": "approved", "decided_by": ""})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CONSULTED  # the second step named no meeting
    assert response.status_code == 302
    client.post(url, {"to_status": "approved", "decided_by": "ประชุม ก.บ.จ. ครั้งที่ 1/2591"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED
    steps = list(edition.transitions.values_list("to_status", "decided_by", "actor__username"))
    assert steps == [
        ("consulted", "การประชุมปรึกษาหารือ 12 ม.ค. 2591", "rayong"),
        ("approved", "ประชุม ก.บ.จ. ครั้งที่ 1/2591", "rayong"),
    ]
    # Committee members read the plan but cannot move it.
    committee = client_for(demo_user("rayong_committee"))
    committee.post(url, {"to_status": "endorsed", "decided_by": "x"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED


def test_create_plan_spans_the_regime_years_and_understands_ce_years(demo_user):
    client = client_for(demo_user("rayong"))
    response = client.post(
        "/plans/new/",
        {"owner": "province:21", "first_year_be": "2048", "regime": services.current_regime().pk},
    )
    assert response.status_code == 302
    plan = Plan.objects.get(province_id="21", first_year_be=2591)
    assert plan.last_year_be - plan.first_year_be + 1 == plan.regime.span_years
    assert plan.editions.get().status == EditionStatus.DRAFT
    # Chonburi's province is not among Rayong's choices.
    response = client.post(
        "/plans/new/",
        {"owner": "province:20", "first_year_be": "2591", "regime": services.current_regime().pk},
    )
    assert response.status_code == 200
    assert not Plan.objects.filter(province_id="20", first_year_be=2591).exists()


def test_diff_page_shows_changed_target_and_dropped_project(demo_user):
    plan = make_plan(status=EditionStatus.APPROVED)
    user = demo_user("rayong")
    review = services.start_review(user, plan, plan.first_year_be)
    indicator = review.indicators.first()
    services.set_targets(user, indicator, {plan.last_year_be: Decimal("11")})
    dropped = review.projects.first()
    dropped.delete()
    page = client_for(user).get(f"/plans/editions/{review.pk}/diff/").content.decode()
    assert dropped.name in page
    assert str(plan.last_year_be) in page and "11" in page


def test_chain_page_traces_projects_up_to_national_targets(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    page = client_for(demo_user("rayong")).get(f"/plans/editions/{edition.pk}/chain/")
    html = page.content.decode()
    issue = StrategicIssue.objects.filter(edition=edition).first()
    target = issue.alignments.first()
    assert target.name_th in html
    assert edition.projects.first().name in html
    assert Goal.objects.filter(edition=edition).exists() and Indicator.objects.exists()
