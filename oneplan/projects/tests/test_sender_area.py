"""A body proposes only where it works (`ScopeSpec.sender_within_area`, one rule in the
policy): an agency of Rayong may not enter a proposal for Chonburi, whether through the page
form, the API or the Excel import; the lists and the single answers agree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects import services
from oneplan.projects.excel import Source, build_template, import_proposals
from oneplan.projects.models import BudgetLine, Proposal
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

CHONBURI = "20"


@pytest.fixture
def agency(demo_user):
    return demo_user("rayong_agency")


@pytest.fixture
def cycle() -> Cycle:
    return Cycle.objects.get(fiscal_year_be=2570)


def _unsaved(agency, cycle: Cycle, area: str) -> Proposal:
    province = Area.objects.get(code=area[:2])
    return Proposal(
        cycle=cycle,
        level="province",
        province=province,
        area=Area.objects.get(code=area),
        reference_code="SENDER-1",
        title="โครงการส่งเสริมการท่องเที่ยวชุมชน",
        objectives="เพื่อเพิ่มรายได้ของชุมชน",
        funding_channel="province",
        proposer_kind="agency",
        proposer=agency.organisation,
    )


def test_the_policy_lets_a_body_act_only_in_the_area_it_reads(agency, cycle):
    assert policy.can(agency, Action.ADD, _unsaved(agency, cycle, "21"))
    assert not policy.can(agency, Action.ADD, _unsaved(agency, cycle, CHONBURI))
    # one that got there anyway (an old record, a move by the secretariat) is read-only to it
    stray = make_proposal(area=CHONBURI, proposer=agency.organisation)
    own = make_proposal(area="21", proposer=agency.organisation)
    assert not policy.can(agency, Action.CHANGE, stray)
    assert policy.can(agency, Action.CHANGE, own)
    changeable = Proposal.objects.filter(pk__in=[stray.pk, own.pk]).restrict(agency, "change")
    assert list(changeable) == [own]
    # the parts of a proposal follow it
    line = stray.budget_lines.get()
    assert not policy.can(agency, Action.CHANGE, line)
    assert not BudgetLine.objects.filter(pk=line.pk).restrict(agency, "change").exists()
    # it still reads what its body owns, wherever it is
    assert set(Proposal.objects.filter(pk__in=[stray.pk, own.pk]).restrict(agency)) == {stray, own}


def test_queryset_and_single_answers_agree_on_every_proposal(demo_user):
    proposals = list(Proposal.objects.select_related("area", "proposer", "cluster")[:300])
    for name in ("rayong_agency", "rayong_lao", "rayong", "rayong_district", "east1"):
        user = demo_user(name)
        allowed = set(
            Proposal.objects.filter(pk__in=[p.pk for p in proposals])
            .restrict(user, Action.CHANGE)
            .values_list("pk", flat=True)
        )
        assert allowed == {p.pk for p in proposals if policy.can(user, Action.CHANGE, p)}, name


def test_the_service_behind_the_form_refuses(agency, cycle):
    with pytest.raises(PermissionDenied):
        services.save_proposal(agency, _unsaved(agency, cycle, CHONBURI))
    assert not Proposal.objects.filter(reference_code="SENDER-1").exists()
    services.save_proposal(agency, _unsaved(agency, cycle, "21"))  # its own province: saved
    assert Proposal.objects.filter(reference_code="SENDER-1", area_id="21").exists()


def test_the_page_form_refuses(agency, cycle):
    client = Client()
    client.force_login(agency)
    data = {
        "cycle": cycle.pk,
        "reference_code": "SENDER-PAGE",
        "title": "โครงการส่งเสริมการท่องเที่ยวชุมชน",
        "objectives": "เพื่อเพิ่มรายได้ของชุมชน",
        "area": CHONBURI,
        "funding_channel": "province",
        "proposer_kind": "agency",
        "budget_2570_operating": "100000",
    }
    assert client.get(f"/projects/new/?province={CHONBURI}").status_code == 404
    response = client.post("/projects/new/", data)
    assert response.status_code == 200 and response.context["form"].errors.get("area")
    response = client.post(f"/projects/new/?province={CHONBURI}", data)
    assert response.status_code == 404
    assert not Proposal.objects.filter(reference_code="SENDER-PAGE").exists()
    # the control: the same form for its own province is saved
    response = client.post("/projects/new/", {**data, "area": "21"})
    assert response.status_code == 302
    assert Proposal.objects.get(reference_code="SENDER-PAGE").budget_lines.get().amount == (
        Decimal("100000")
    )


def _api(user) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_the_api_refuses_adding_and_moving_a_proposal_out_of_its_area(agency):
    api = _api(agency)
    body = {
        "cycle": 2570,
        "reference_code": "SENDER-API",
        "title": "โครงการส่งเสริมการท่องเที่ยวชุมชน",
        "objectives": "เพื่อเพิ่มรายได้ของชุมชน",
        "area": CHONBURI,
        "funding_channel": "province",
        "proposer_kind": "agency",
    }
    response = api.post("/api/v1/proposals", body, format="json")
    assert response.status_code == 403, response.content
    assert "ชลบุรี" in response.json()["detail"]
    bulk = api.post("/api/v1/proposals/bulk", [body], format="json")
    assert bulk.status_code == 400
    assert [e["field"] for e in bulk.json()["errors"]] == ["area"]
    assert "ชลบุรี" in bulk.json()["errors"][0]["message"]
    assert not Proposal.objects.filter(reference_code="SENDER-API").exists()
    own = make_proposal(area="21", proposer=agency.organisation)
    moved = api.patch(f"/api/v1/proposals/{own.pk}", {"area": CHONBURI}, format="json")
    assert moved.status_code == 403
    own.refresh_from_db()
    assert own.area_id == "21"


def test_the_excel_import_refuses(agency, cycle):
    """An agency of Rayong naming Chonburi as the owner of its upload: refused as a whole
    (before, the ownership rule alone let every row in)."""
    chonburi = Area.objects.get(code=CHONBURI)
    data = build_template(Source.AGENCY, cycle, chonburi)
    count = Proposal.objects.count()
    with pytest.raises(PermissionDenied, match="คุณไม่มีสิทธิ์นำเข้าโครงการของจังหวัดชลบุรี"):
        import_proposals(agency, cycle, Source.AGENCY, data, owner=chonburi)
    assert Proposal.objects.count() == count
