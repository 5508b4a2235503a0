"""The project pipeline follows its cycle regime's rules: the proposal and action-plan
approval chains, the investment words of the budget category and the budget years of a
proposal without a plan; a regime without its own follows the named defaults."""

from __future__ import annotations

import io
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.projects import action_plans as ap
from oneplan.projects import services
from oneplan.projects.api.serializers import budget_years
from oneplan.projects.budget_words import (
    DEFAULT_INVESTMENT_WORDS,
    investment_words,
    is_investment_title,
)
from oneplan.projects.excel import Source, build_template, import_proposals
from oneplan.projects.models import (
    DEFAULT_ACTION_PLAN_CHAIN,
    DEFAULT_PROPOSAL_CHAIN,
    PROPOSAL_CHAIN,
    ActionPlan,
    ActionPlanStatus,
    BudgetCategory,
    Proposal,
    ProposalStatus,
)
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

PROPOSAL_STATUSES = list(ProposalStatus.values)


@contextmanager
def rolled_back():
    """One hypothesis example in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --------------------------------------------------------------------------- proposals

chains = st.dictionaries(
    st.sampled_from(PROPOSAL_STATUSES),
    st.lists(st.sampled_from(PROPOSAL_STATUSES), unique=True, max_size=4),
).map(lambda chain: {status: [n for n in nexts if n != status] for status, nexts in chain.items()})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    chain=chains,
    start=st.sampled_from(PROPOSAL_STATUSES),
    steps=st.lists(st.sampled_from(PROPOSAL_STATUSES), min_size=1, max_size=5),
)
def test_a_proposal_moves_by_its_regimes_chain(demo_user, chain, start, steps):
    with rolled_back():
        proposal = make_proposal(status=start)
        regime = proposal.cycle.regime
        regime.proposal_chain = chain
        regime.full_clean()
        regime.save()
        followed = PROPOSAL_CHAIN.of(regime)  # an empty chain: the named default
        assert followed == (
            {s: tuple(n) for s, n in chain.items()} if chain else PROPOSAL_CHAIN.of(None)
        )
        expected = start
        for step in steps:
            if step in services.MOVES and step in followed.get(expected, ()):
                services.move(demo_user("rayong"), proposal, step)
                expected = step
            else:
                with pytest.raises(ValidationError):
                    services.move(demo_user("rayong"), proposal, step)
            proposal.refresh_from_db()
            assert proposal.status == expected


def test_a_proposal_under_a_regime_without_its_own_chain_follows_the_default(demo_user):
    proposal = make_proposal(status=ProposalStatus.IDEA)
    regime = proposal.cycle.regime
    regime.proposal_chain = {}
    regime.save()
    assert PROPOSAL_CHAIN.of(regime)["idea"] == DEFAULT_PROPOSAL_CHAIN[ProposalStatus.IDEA]
    with pytest.raises(ValidationError):
        services.move(demo_user("rayong"), proposal, ProposalStatus.SCREENED)
    services.move(demo_user("rayong"), proposal, ProposalStatus.FULL)


def test_the_proposal_page_offers_the_regimes_next_statuses(demo_user):
    proposal = make_proposal(status=ProposalStatus.FULL)
    regime = proposal.cycle.regime
    client = Client()
    client.force_login(demo_user("rayong"))
    offered = [s for s, _label in client.get(proposal.get_absolute_url()).context["next_statuses"]]
    assert offered == ["screened", "returned"]
    regime.proposal_chain = {"full": ["clinic"]}  # screening skipped under this regime
    regime.save()
    offered = [s for s, _label in client.get(proposal.get_absolute_url()).context["next_statuses"]]
    assert offered == ["clinic"]


# --------------------------------------------------------------------------- action plans


@pytest.fixture
def draft_plan(demo_user) -> ActionPlan:
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    rayong = Area.objects.get(code="21")
    ActionPlan.objects.filter(cycle=cycle).delete()
    for proposal in Proposal.objects.filter(cycle=cycle, province=rayong).exclude(
        status=ProposalStatus.APPROVED
    )[:2]:
        proposal.status = ProposalStatus.APPROVED
        proposal.save(update_fields=["status"])
    ap.set_envelope(demo_user("secretariat"), cycle, rayong, Decimal("100000000"))
    return ap.assemble(demo_user("rayong"), cycle, rayong)


def test_an_action_plan_moves_by_its_regimes_chain(draft_plan, demo_user):
    user = demo_user("rayong")
    regime = draft_plan.cycle.regime
    regime.action_plan_chain = {"draft": ["cabinet"], "cabinet": []}  # no committee step
    regime.full_clean()
    regime.save()
    assert ap.next_statuses(draft_plan) == ("cabinet",)
    with pytest.raises(ValidationError):
        ap.transition(user, draft_plan, ActionPlanStatus.COMMITTEE, "ก.บ.จ.")
    ap.transition(user, draft_plan, ActionPlanStatus.CABINET, "มติคณะรัฐมนตรี")
    draft_plan.refresh_from_db()
    assert draft_plan.status == ActionPlanStatus.CABINET
    with pytest.raises(ValidationError):
        ap.transition(user, draft_plan, ActionPlanStatus.BUDGET_BUREAU, "สงป.")


def test_an_action_plan_under_a_regime_without_its_own_chain_follows_the_default(
    draft_plan, demo_user
):
    regime = draft_plan.cycle.regime
    regime.action_plan_chain = {}
    regime.save()
    assert ap.next_statuses(draft_plan) == DEFAULT_ACTION_PLAN_CHAIN[ActionPlanStatus.DRAFT]
    with pytest.raises(ValidationError):
        ap.transition(demo_user("rayong"), draft_plan, ActionPlanStatus.CABINET, "ครม.")
    ap.transition(demo_user("rayong"), draft_plan, ActionPlanStatus.COMMITTEE, "ก.บ.จ.")


# --------------------------------------------------------------------------- investment words

# Letters without combining marks (NFC leaves them as they are), spaces and both digit styles.
thai_words = st.text(alphabet="กขคงจดตทนบปมยรลวสหอะาเแโใไ 0123๐๑๒๓", min_size=1, max_size=8)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def compared(text: str) -> str:
    return "".join(text.split()).translate(THAI_DIGITS)


@given(words=st.lists(thai_words, max_size=6), title=thai_words, chosen=st.integers(0, 5))
def test_a_title_is_investment_exactly_when_it_has_one_of_the_words(words, title, chosen):
    given = [w for w in words if w.strip()]
    expected = any(compared(w) in compared(title) for w in given)
    assert is_investment_title(title, words) == expected
    if given:
        picked = given[chosen % len(given)]
        assert is_investment_title(f"โครงการ {picked} ระยะที่ ๒", words)


def test_investment_words_ignore_spacing_and_digit_style():
    assert is_investment_title("ก่อ สร้างถนน", ["ก่อสร้าง"])
    assert is_investment_title("ซ่อมถนนสาย ๓", ["สาย 3"])
    assert not is_investment_title("อบรมอาสาสมัคร", DEFAULT_INVESTMENT_WORDS)


def p02(cycle: Cycle, owner: Area, titles: list[str]) -> bytes:
    workbook = load_workbook(io.BytesIO(build_template(Source.LOCAL, cycle, owner)))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for number, title in enumerate(titles, start=2):
        row = {
            "ที่": number - 1,
            "โครงการ": title,
            "วัตถุประสงค์": "เพื่อประโยชน์ของประชาชน",
            f"งบประมาณ {cycle.fiscal_year_be}": "100,000",
            "หน่วยงานรับผิดชอบหลัก": "กองช่าง",
        }
        for header, value in row.items():
            sheet.cell(row=number, column=headers.index(header) + 1).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def categories(cycle: Cycle, titles: list[str]) -> dict[str, str]:
    lines = Proposal.objects.filter(cycle=cycle, title__in=titles).values_list(
        "title", "budget_lines__category"
    )
    return dict(lines)


def test_the_p02_import_asks_the_regime_which_titles_are_investment(demo_user):
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    rayong = Area.objects.get(code="21")
    officer = demo_user("rayong_lao")
    titles = ["ก่อสร้างลานกีฬาชุมชน", "อบรมอาสาสมัครป้องกันภัย"]
    regime = cycle.regime
    regime.investment_words = ["อบรม"]  # this regime's lexicon: training is investment
    regime.save()
    assert investment_words(regime) == ("อบรม",)
    template = build_template(Source.LOCAL, cycle, rayong)
    assert "อบรม เป็นงบลงทุน" in "\n".join(
        str(c.value) for ws in load_workbook(io.BytesIO(template)) for r in ws for c in r
    )
    result = import_proposals(
        officer, cycle, Source.LOCAL, p02(cycle, rayong, titles), owner=rayong
    )
    assert result.ok, [str(p) for p in result.errors]
    assert categories(cycle, titles) == {
        titles[0]: BudgetCategory.OPERATING,
        titles[1]: BudgetCategory.INVESTMENT,
    }


def test_the_p02_import_under_a_regime_without_words_uses_the_default(demo_user):
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    rayong = Area.objects.get(code="21")
    regime = cycle.regime
    regime.investment_words = []
    regime.save()
    assert investment_words(regime) == DEFAULT_INVESTMENT_WORDS
    titles = ["ก่อสร้างลานกีฬาชุมชน", "อบรมอาสาสมัครป้องกันภัย"]
    data = p02(cycle, rayong, titles)
    result = import_proposals(demo_user("rayong_lao"), cycle, Source.LOCAL, data, owner=rayong)
    assert result.ok, [str(p) for p in result.errors]
    assert categories(cycle, titles) == {
        titles[0]: BudgetCategory.INVESTMENT,
        titles[1]: BudgetCategory.OPERATING,
    }


# --------------------------------------------------------------------------- budget years


def test_budget_years_without_a_plan_follow_the_regime():
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    assert budget_years(cycle, None) == [2570, 2571, 2572]  # the default, 3
    cycle.regime.fallback_budget_years = 5
    assert budget_years(cycle, None) == [2570, 2571, 2572, 2573, 2574]
