"""Issue 11 in projects: a regime without eligibility rules refuses to screen, and says why
(it never calls an equipment purchase eligible, on the page or in the API); a cluster's
proposal follows the cycle's regime (its cluster set)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.api.tests.test_projects_api import body
from oneplan.cycles.models import Cycle, Regime
from oneplan.projects import reference
from oneplan.projects.models import ScreeningResult
from oneplan.projects.screening import NoEligibilityRules, ProposalFacts, screen
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

EQUIPMENT_TITLE = "โครงการจัดซื้อครุภัณฑ์คอมพิวเตอร์"
YEAR = 2599


@pytest.fixture(autouse=True)
def _reference(db):
    reference.load_all()


@pytest.fixture
def cycle() -> Cycle:
    current = Regime.objects.get(is_current=True)
    regime = Regime.objects.create(
        code="T-EMPTY",
        name_th="ชุดหลักเกณฑ์ใหม่ (ทดสอบ)",
        span_years=5,
        cluster_regime=current.cluster_regime,
        provincial_committee="ก.บ.จ.",
        cluster_committee="ก.บ.ก.",
        national_body="ก.บ.ภ.",
    )
    return Cycle.objects.create(fiscal_year_be=YEAR, regime=regime)


def facts(title: str) -> ProposalFacts:
    return ProposalFacts(
        title=title,
        funding_channel="province",
        fiscal_year_be=YEAR,
        budget_lines=((YEAR, "investment", Decimal("2500000")),),
    )


def test_a_new_regime_without_rules_refuses_to_screen_an_equipment_purchase(cycle):
    with pytest.raises(NoEligibilityRules) as refused:
        screen(facts(EQUIPMENT_TITLE), cycle.regime)
    assert "ชุดหลักเกณฑ์ใหม่ (ทดสอบ)" in refused.value.messages[0]


def test_the_screen_button_shows_the_refusal_and_saves_no_result(cycle, demo_user):
    proposal = make_proposal(title=EQUIPMENT_TITLE, year=YEAR)
    client = Client()
    client.force_login(demo_user("rayong"))
    response = client.post(f"/projects/{proposal.pk}/screen/", follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("ชุดหลักเกณฑ์ใหม่ (ทดสอบ)" in m for m in shown), shown
    assert not ScreeningResult.objects.filter(proposal=proposal).exists()


def test_the_api_answers_400_with_the_reason(cycle, demo_user):
    proposal = make_proposal(title=EQUIPMENT_TITLE, year=YEAR)
    token, _created = Token.objects.get_or_create(user=demo_user("rayong"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(f"/api/v1/proposals/{proposal.pk}/screening", format="json")
    assert response.status_code == 400, response.content
    assert "ชุดหลักเกณฑ์ใหม่ (ทดสอบ)" in response.json()["detail"]
    assert not ScreeningResult.objects.filter(proposal=proposal).exists()


def test_the_existing_regimes_still_screen():
    result = screen(facts(EQUIPMENT_TITLE), Regime.objects.get(code="2566"))
    assert not result.eligible


def test_a_cluster_proposal_takes_a_cluster_of_the_cycles_regime():
    """Under the 2551 regime (a year such as 2553) the clusters are the 2009 ones: a cluster
    of today's set is refused, naming the field, on every channel (one intake)."""
    from oneplan.areas.models import Area, Cluster
    from oneplan.projects.intake import ProposalDraft, validate

    cycle = Cycle.objects.get(fiscal_year_be=2553)
    old_set = cycle.regime.cluster_regime
    rayong = Area.objects.get(code="21")
    today = Cluster.objects.filter(regime__in_force=True, memberships__province=rayong).first()
    then = Cluster.objects.filter(regime=old_set, memberships__province=rayong).first()
    assert today.regime_id != old_set.pk

    def cluster_problems(cluster):
        draft = ProposalDraft(cycle=cycle, level="cluster", area=rayong, cluster=cluster)
        return [p for p in validate(draft) if p.column == "cluster"]

    assert cluster_problems(today)
    assert not cluster_problems(then)


def test_a_clusters_proposal_form_offers_the_years_of_its_cluster_sets_regime(demo_user):
    from oneplan.areas.models import Cluster
    from oneplan.projects.forms import ProposalForm

    old_year, new_year = (
        Cycle.objects.get(fiscal_year_be=2553),
        Cycle.objects.get(fiscal_year_be=2569),
    )
    then = Cluster.objects.filter(regime=old_year.regime.cluster_regime).first()
    today = Cluster.objects.filter(regime=new_year.regime.cluster_regime).first()
    user = demo_user("secretariat")
    offered_then = set(ProposalForm(user=user, owner=then).fields["cycle"].queryset)
    offered_today = set(ProposalForm(user=user, owner=today).fields["cycle"].queryset)
    assert old_year in offered_then and new_year not in offered_then
    assert new_year in offered_today and old_year not in offered_today


def test_the_budget_sources_are_those_of_the_cycles_regime(demo_user):
    regime = Cycle.objects.get(fiscal_year_be=2570).regime
    regime.funding_channels = ["province", "cluster", "function"]
    regime.full_clean()
    regime.save()
    api = APIClient()
    api.force_authenticate(demo_user("rayong"))
    refused = api.post(
        "/api/v1/proposals", body("SRC-70-1", funding_channel="local"), format="json"
    )
    assert refused.status_code == 400 and "funding_channel" in refused.json()
    taken = api.post("/api/v1/proposals", body("SRC-70-2"), format="json")
    assert taken.status_code == 201, taken.content
    page = Client()
    page.force_login(demo_user("rayong"))
    form = page.get("/projects/new/?province=21").context["form"]
    offered = {value for value, _label in form.fields["funding_channel"].choices if value}
    assert offered == {"province", "cluster", "function"}
    regime.funding_channels = ["nowhere"]
    with pytest.raises(Exception, match="nowhere"):
        regime.full_clean()
