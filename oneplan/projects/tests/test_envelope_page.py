"""The budget-envelope page (/projects/envelopes/<B.E. year>/): the national secretariat sets a
province's or a cluster's envelope in the browser, through `action_plans.set_envelope` and the
one policy, audited; everyone else reads the envelopes the policy lets them read."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import translation

from oneplan.areas.models import Area, Cluster
from oneplan.cycles.models import Cycle
from oneplan.projects import action_plans
from oneplan.projects.models import Envelope

pytestmark = pytest.mark.django_db

YEAR = 2570  # the demo's envelopes: Rayong 120 M, Chonburi 150 M, Trat 110 M (Eastern 1)
PAGE = f"/projects/envelopes/{YEAR}/"
CHANTHABURI = "22"  # no envelope in the demo
BAD_AMOUNT = "The budget envelope must be an amount that is not negative, to the satang at most"
NOT_A_NUMBER = "“%(value)s” is not a number."


def th(message: str) -> str:
    with translation.override("th"):
        return translation.gettext(message)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows_of(html: str) -> set[str]:
    return set(re.findall(r'<tr id="envelope-(c?\d+)"', html))


@pytest.fixture
def cycle() -> Cycle:
    return Cycle.objects.get(fiscal_year_be=YEAR)


@pytest.fixture
def east1() -> Cluster:
    return Cluster.objects.get(regime__in_force=True, memberships__province_id="21")


def chanthaburi_envelope(cycle: Cycle) -> Envelope | None:
    return Envelope.objects.filter(cycle=cycle, province_id=CHANTHABURI).first()


@pytest.mark.parametrize("typed", ["1,500,000", "๑,๕๐๐,๐๐๐", "1500000", " 1 500 000.00 "])
def test_the_secretariat_sets_a_province_envelope_on_the_page(demo_user, cycle, typed):
    secretariat = demo_user("secretariat")
    client = client_for(secretariat)
    page = client.get(PAGE).content.decode()
    assert f'id="env-{CHANTHABURI}-amount"' in page  # the row offers its form
    entries = LogEntry.objects.count()

    response = client.post(PAGE, {"owner": CHANTHABURI, "amount": typed})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#envelope-{CHANTHABURI}"
    envelope = chanthaburi_envelope(cycle)
    assert isinstance(envelope.amount, Decimal) and envelope.amount == Decimal("1500000")
    assert LogEntry.objects.count() == entries + 1
    entry = LogEntry.objects.get_for_object(envelope).get()
    assert entry.actor == secretariat
    shown = client.get(response["Location"]).content.decode()
    assert "1,500,000.00" in shown
    # Chanthaburi is in a cluster: it plans with what is left after the cluster's 30 %.
    assert action_plans.envelope_of(cycle, Area.objects.get(code=CHANTHABURI)) == Decimal(
        "1050000.00"
    )
    assert "1,050,000.00" in shown


def test_changing_an_envelope_is_audited_and_the_same_amount_writes_nothing(demo_user, cycle):
    secretariat = demo_user("secretariat")
    client = client_for(secretariat)
    rayong = Envelope.objects.get(cycle=cycle, province_id="21")
    entries = LogEntry.objects.count()
    assert client.post(PAGE, {"owner": "21", "amount": "120,000,000"}).status_code == 302
    assert LogEntry.objects.count() == entries  # unchanged: nothing written
    assert client.post(PAGE, {"owner": "21", "amount": "125,000,000.50"}).status_code == 302
    rayong.refresh_from_db()
    assert rayong.amount == Decimal("125000000.50")
    entry = LogEntry.objects.get_for_object(rayong).latest("timestamp")
    assert entry.actor == secretariat and LogEntry.objects.count() == entries + 1


def test_the_secretariat_sets_a_cluster_envelope(demo_user, cycle, east1):
    client = client_for(demo_user("secretariat"))
    code = f"c{east1.pk}"
    page = client.get(PAGE).content.decode()
    assert "114,000,000.00" in page  # 30 % of 380 M, computed from its provinces
    response = client.post(PAGE, {"owner": code, "amount": "100,000,000"})
    assert response.status_code == 302
    assert Envelope.objects.get(cycle=cycle, cluster=east1).amount == Decimal("100000000")
    assert action_plans.envelope_of(cycle, east1) == Decimal("100000000")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", BAD_AMOUNT),
        ("(1,500)", BAD_AMOUNT),  # an accountant's negative
        ("1.005", BAD_AMOUNT),  # a fraction of a satang
        ("หนึ่งล้าน", NOT_A_NUMBER),
        ("12abc", NOT_A_NUMBER),
    ],
)
def test_a_bad_amount_is_refused_under_the_field_in_thai(demo_user, cycle, typed, message):
    client = client_for(demo_user("secretariat"))
    entries = LogEntry.objects.count()

    response = client.post(PAGE, {"owner": CHANTHABURI, "amount": typed})

    assert response.status_code == 200
    html = response.content.decode()
    expected = th(message) % {"value": typed} if message == NOT_A_NUMBER else th(message)
    assert re.search(r"[ก-๙]", expected)  # the message is in Thai
    errors = re.search(
        rf'<ul class="errorlist" id="env-{CHANTHABURI}-amount_error"><li>(.*?)</li>', html
    )
    assert errors is not None, html
    assert errors.group(1).replace("&ldquo;", "“").replace("&rdquo;", "”") == expected
    assert 'aria-invalid="true"' in html
    assert chanthaburi_envelope(cycle) is None
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize("username", ["rayong", "chonburi", "east1", "rayong_agency", "reviewer"])
def test_no_one_else_sets_an_envelope(demo_user, cycle, east1, username):
    client = client_for(demo_user(username))
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()  # no form offered
    entries = LogEntry.objects.count()
    amounts = dict(Envelope.objects.filter(cycle=cycle).values_list("pk", "amount"))
    for owner in (CHANTHABURI, "21", "20", f"c{east1.pk}"):
        for amount in ("1", "-1", "abc"):
            response = client.post(PAGE, {"owner": owner, "amount": amount})
            assert response.status_code == 404, (owner, amount)
    assert dict(Envelope.objects.filter(cycle=cycle).values_list("pk", "amount")) == amounts
    assert LogEntry.objects.count() == entries


def test_the_page_lists_only_what_the_user_may_read(demo_user, east1):
    regime_clusters = {
        f"c{pk}" for pk in Cluster.objects.filter(regime=east1.regime).values_list("pk", flat=True)
    }
    provinces = set(Area.objects.provinces().values_list("code", flat=True))

    def listed(username: str) -> set[str]:
        return rows_of(client_for(demo_user(username)).get(PAGE).content.decode())

    assert listed("secretariat") == provinces | regime_clusters
    assert listed("reviewer") == provinces | regime_clusters
    assert listed("rayong") == {"21", f"c{east1.pk}"}
    assert listed("rayong_agency") == {"21", f"c{east1.pk}"}
    assert listed("chonburi") == {"20", f"c{east1.pk}"}
    assert listed("east1") == {"20", "21", "24", f"c{east1.pk}"}
    html = client_for(demo_user("rayong")).get(PAGE).content.decode()
    assert "120,000,000.00" in html  # its envelope
    assert "84,000,000.00" in html  # what it plans with: 70 % share of 380 M, by its 120 M
    assert "150,000,000.00" not in html  # not Chonburi's


def test_anonymous_is_sent_to_log_in_and_an_unknown_year_is_404(client, demo_user):
    assert client.get(PAGE).status_code == 302
    assert client.post(PAGE, {"owner": "21", "amount": "1"}).status_code == 302
    assert client_for(demo_user("secretariat")).get("/projects/envelopes/2400/").status_code == 404


def test_the_envelopes_link_opens_a_fiscal_year(demo_user):
    response = client_for(demo_user("rayong")).get("/projects/envelopes/")
    assert response.status_code == 302
    assert re.fullmatch(r"/projects/envelopes/25\d\d/", response["Location"])
    projects = client_for(demo_user("rayong")).get("/projects/").content.decode()
    assert 'href="/projects/envelopes/"' in projects
    cycles = client_for(demo_user("rayong")).get("/calendars/cycles/").content.decode()
    assert f'href="{PAGE}"' in cycles


def test_the_action_plan_page_links_to_the_envelope_for_who_may_set_it(demo_user):
    secretariat = client_for(demo_user("secretariat"))
    html = secretariat.get(f"/projects/action-plans/2571/{CHANTHABURI}/").content.decode()
    assert th("No envelope has been set for this cycle yet.") in html
    link = f'<a class="btn" href="/projects/envelopes/2571/#envelope-{CHANTHABURI}">'
    assert link + th("Set the envelope") in html
    rayong = client_for(demo_user("rayong")).get("/projects/action-plans/2571/21/").content.decode()
    assert th("No envelope has been set for this cycle yet.") in rayong
    assert '<a class="btn" href="/projects/envelopes/' not in rayong  # no "Set the envelope"
    assert 'href="/projects/envelopes/2571/#envelope-21"' in rayong  # to read them


def test_what_each_row_plans_with_is_what_the_action_plan_ranks_within(demo_user, cycle, east1):
    from oneplan.projects.views_envelopes import _rows

    secretariat = demo_user("secretariat")
    action_plans.set_envelope(secretariat, cycle, Area.objects.get(code="10"), Decimal("9000000"))
    action_plans.set_envelope(secretariat, cycle, Area.objects.get(code="22"), Decimal("7000000"))
    rows = _rows(secretariat, cycle)
    assert len(rows) > 77
    for row in rows:
        assert row.plans_with == action_plans.envelope_of(cycle, row.owner), row.name
    assert {row.code: row.plans_with for row in rows}["10"] == Decimal("9000000")  # no cluster
