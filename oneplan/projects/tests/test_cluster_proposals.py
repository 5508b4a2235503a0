"""Cluster projects: the cluster office (and a member province, for projects in it) enters
and imports proposals for the cluster's action plan, in the browser form and in Excel."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from oneplan.areas.models import Area, Cluster
from oneplan.cycles.models import Cycle
from oneplan.plans.models import PlanKind
from oneplan.projects import excel
from oneplan.projects.excel import SHEET_HELP, Source, build_template, import_proposals
from oneplan.projects.models import Level, Proposal
from oneplan.projects.tests.test_excel import agency_row, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle() -> Cycle:
    return Cycle.objects.get(fiscal_year_be=2570)


@pytest.fixture
def east1() -> Cluster:
    cluster = Cluster.objects.get(regime__in_force=True, memberships__province_id="21")
    assert cluster.province_codes() == ["20", "21", "24"]
    return cluster


def cluster_row(code: str, places: str, **extra) -> dict:
    return agency_row(
        code,
        **{
            "ชื่อโครงการ": f"พัฒนาเส้นทางท่องเที่ยวเชื่อมโยงกลุ่มจังหวัด {code}",
            "ประเด็นยุทธศาสตร์": 1,
            "พื้นที่ดำเนินการ": places,
            "แหล่งงบประมาณ": "งบประมาณกลุ่มจังหวัด",
            **extra,
        },
    )


def test_the_cluster_template_names_the_cluster_its_plan_and_all_its_districts(cycle, east1):
    workbook = load_workbook(io.BytesIO(build_template(Source.DISTRICT, cycle, east1)))
    help_text = "\n".join(
        str(c.value) for row in workbook[SHEET_HELP].iter_rows() for c in row if c.value
    )
    assert east1.name_th in help_text
    plan = east1.plans.filter(kind=PlanKind.CLUSTER).first()
    assert plan is not None and plan.title in help_text
    # Districts of every member province, each with its province.
    assert "บางละมุง (ชลบุรี)" in help_text and "บ้านฉาง (ระยอง)" in help_text
    assert excel.plan_years(cycle, east1) == plan.years


def test_the_cluster_office_imports_cluster_projects(cycle, east1, demo_user):
    office = demo_user("east1")
    rows = [
        cluster_row("EAST1-01", "ชลบุรี, ระยอง"),
        cluster_row("EAST1-02", "บ้านฉาง"),
        cluster_row("EAST1-03", "ทั้งกลุ่มจังหวัด"),
    ]
    data = fill(build_template(Source.AGENCY, cycle, east1), rows)
    result = import_proposals(office, cycle, Source.AGENCY, data, owner=east1)
    assert result.ok, [str(p) for p in result.errors]
    assert result.created == 3

    spanning = Proposal.objects.get(cycle=cycle, reference_code="EAST1-01")
    assert (spanning.level, spanning.cluster, spanning.province) == (Level.CLUSTER, east1, None)
    assert sorted(spanning.locations.values_list("code", flat=True)) == ["20", "21"]
    assert spanning.area == (east1.operations_centre or Area.objects.get(code="20"))
    assert spanning.issue.edition.plan.cluster == east1  # the cluster plan's issue 1
    # A project in one member province belongs to that province.
    in_rayong = Proposal.objects.get(cycle=cycle, reference_code="EAST1-02")
    assert in_rayong.area_id == "21"
    assert list(in_rayong.locations.values_list("code", flat=True)) == ["2102"]
    assert Proposal.objects.get(cycle=cycle, reference_code="EAST1-03").whole_area

    again = import_proposals(office, cycle, Source.AGENCY, data, owner=east1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_member_province_imports_cluster_projects_only_in_its_own_area(cycle, east1, demo_user):
    rayong = demo_user("rayong")
    data = fill(
        build_template(Source.AGENCY, cycle, east1),
        [cluster_row("EAST1-10", "เมืองระยอง"), cluster_row("EAST1-11", "บางละมุง")],
    )
    result = import_proposals(rayong, cycle, Source.AGENCY, data, owner=east1)
    assert not result.ok
    assert [(p.row, p.message) for p in result.errors] == [(3, "คุณไม่มีสิทธิ์เพิ่มโครงการของจังหวัดชลบุรี")]
    assert not Proposal.objects.filter(reference_code__startswith="EAST1-1").exists()

    data = fill(build_template(Source.AGENCY, cycle, east1), [cluster_row("EAST1-10", "เมืองระยอง")])
    assert import_proposals(rayong, cycle, Source.AGENCY, data, owner=east1).created == 1


def test_a_provincial_code_is_not_taken_over_by_a_cluster_import(cycle, east1, demo_user):
    rayong_area = Area.objects.get(code="21")
    rayong = demo_user("rayong")
    provincial = fill(build_template(Source.AGENCY, cycle, rayong_area), [agency_row("SAME-1")])
    assert import_proposals(rayong, cycle, Source.AGENCY, provincial, owner=rayong_area).ok
    clustered = fill(build_template(Source.AGENCY, cycle, east1), [cluster_row("SAME-1", "ระยอง")])
    result = import_proposals(demo_user("east1"), cycle, Source.AGENCY, clustered, owner=east1)
    assert not result.ok
    assert "ไม่ใช่โครงการของกลุ่มจังหวัด" in result.errors[0].message
    assert Proposal.objects.get(cycle=cycle, reference_code="SAME-1").level == Level.PROVINCE


def test_the_cluster_office_enters_a_cluster_proposal_in_the_browser(cycle, east1, demo_user):
    client = Client()
    client.force_login(demo_user("east1"))
    listing = client.get("/projects/").content.decode()
    assert f"/projects/new/?cluster={east1.pk}" in listing
    page = client.get(f"/projects/new/?cluster={east1.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert east1.name_th in body and "บางละมุง" in body and "บ้านฉาง" in body
    issue = east1.plans.get(kind=PlanKind.CLUSTER).editions.first().issues.order_by("priority")[0]
    response = client.post(
        f"/projects/new/?cluster={east1.pk}",
        {
            "cycle": cycle.pk,
            "reference_code": "EAST1-WEB-1",
            "title": "โครงการส่งเสริมการท่องเที่ยวเชิงสุขภาพกลุ่มจังหวัดภาคตะวันออก 1",
            "area": "24",
            "locations": ["2401"],
            "funding_channel": "cluster",
            "proposer_kind": "agency",
            "issue": issue.pk,
            "budget_2570_operating": "2,000,000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get(cycle=cycle, reference_code="EAST1-WEB-1")
    assert (proposal.level, proposal.cluster, proposal.area_id) == (Level.CLUSTER, east1, "24")
    assert proposal.budget_lines.get().amount == 2_000_000

    # A national reviewer reads every proposal but adds none: no form.
    outsider = Client()
    outsider.force_login(demo_user("reviewer"))
    assert outsider.get(f"/projects/new/?cluster={east1.pk}").status_code == 404


def test_the_form_links_a_proposal_to_the_goal_indicator_and_chain_stage_of_its_plan(
    cycle, east1, demo_user
):
    from oneplan.plans.chain import reference_edition
    from oneplan.plans.models import Plan

    edition = reference_edition(Plan.objects.get(province_id="21", first_year_be=2566))
    goal, indicator = edition.goals.first(), edition.indicators.first()
    stage = edition.chain_stages.first()
    issue = goal.issue
    other_issue = edition.issues.exclude(pk=issue.pk).first()
    foreign = edition.strategies.filter(issue=other_issue).first()
    client = Client()
    client.force_login(demo_user("rayong"))
    fields = {
        "cycle": cycle.pk,
        "reference_code": "LINK-1",
        "title": "โครงการยกระดับผลผลิตทุเรียนคุณภาพ",
        "area": "21",
        "funding_channel": "province",
        "proposer_kind": "agency",
        "issue": issue.pk,
        "goal": goal.pk,
        "indicator": indicator.pk,
        "stage": stage.pk,
    }
    refused = client.post("/projects/new/", {**fields, "strategy": foreign.pk})
    assert refused.status_code == 200 and "ไม่อยู่ภายใต้ประเด็นยุทธศาสตร์" in refused.content.decode()
    assert client.post("/projects/new/", fields).status_code == 302
    proposal = Proposal.objects.get(cycle=cycle, reference_code="LINK-1")
    assert (proposal.goal, proposal.indicator, proposal.stage) == (goal, indicator, stage)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert str(goal) in page and str(stage) in page and "จังหวัดระยอง" in page


def test_every_member_province_reads_the_cluster_proposals_it_sees_in_the_action_plan(
    cycle, east1, demo_user
):
    """One rule for cluster proposals: a cluster proposal in Chachoengsao is read by Rayong and
    Chonburi (members of Eastern 1, whose action plan lists it), changed only by the cluster
    office, and not read at all by a province outside the cluster."""
    from oneplan.orgs.models import Role, RoleAssignment, User

    proposal = Proposal.objects.get(cycle=cycle, reference_code="E1-70-ID-01")
    assert proposal.area.code.startswith("24") and proposal.cluster == east1
    plan_page = f"/projects/action-plans/{cycle.fiscal_year_be}/c{east1.pk}/"
    for name in ("rayong", "chonburi", "rayong_district", "rayong_agency"):
        client = Client()
        client.force_login(demo_user(name))
        assert client.get(f"/projects/{proposal.pk}/").status_code == 200, name
        assert client.get(f"/projects/{proposal.pk}/edit/").status_code == 404, name
    office = Client()
    office.force_login(demo_user("east1"))
    assert office.get(f"/projects/{proposal.pk}/edit/").status_code == 200
    outsider = User.objects.create_user("chiangmai", password="x")
    RoleAssignment.objects.create(user=outsider, role=Role.PROVINCIAL_STRATEGY, area_id="50")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/projects/{proposal.pk}/").status_code == 404
    listed = client.get(plan_page)
    assert listed.status_code == 404 or proposal.title not in listed.content.decode()
