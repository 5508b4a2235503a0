"""New regime from an existing one (issue 11): everything a regime owns is copied, the copy
grades and screens like its source, and only the national secretariat may make one — in the
admin and in the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.cycles.models import Regime
from oneplan.cycles.regime_copy import NOT_COPIED, copiers, copy_regime
from oneplan.plans.quality import check_edition
from oneplan.plans.tests.factories import make_plan
from oneplan.projects import reference as project_reference
from oneplan.projects.screening import ProposalFacts, screen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference(db):
    project_reference.load_all()  # idempotent: the screening rules of both regimes


def owned_relations() -> list:
    """Every relation by which a regime *owns* records: a foreign key to it that deletes
    with it (CASCADE), or a many-to-many. (PROTECT ones — cycles, plans — only use it.)"""
    found = []
    for relation in Regime._meta.related_objects:
        if relation.many_to_many or relation.on_delete is models.CASCADE:
            found.append(relation)
    return found


def counts(regime: Regime) -> dict[str, int]:
    return {
        r.get_accessor_name(): getattr(regime, r.get_accessor_name()).count()
        for r in owned_relations()
    }


def test_every_app_registers_its_copier():
    assert {"cycles.phases", "plans", "projects", "committees"} <= set(copiers())


@pytest.mark.parametrize("code", ["2551", "2566"])
def test_a_copy_owns_as_much_as_its_source_of_every_kind(code, demo_user):
    source = Regime.objects.get(code=code)
    copy = copy_regime(demo_user("secretariat"), source, code=f"{code}-NEW", name_th="ชุดใหม่")
    before = counts(source)
    # Each kind the issue names is there, and not empty in the source.
    for kind in ("phases", "rules", "frameworks", "eligibility_rules", "criteria"):
        assert before[kind] > 0, kind
    assert "committee_types" in before
    assert counts(copy) == before
    assert not copy.is_current and copy.code == f"{code}-NEW" and copy.name_th == "ชุดใหม่"
    for field in Regime._meta.concrete_fields:
        if field.name not in NOT_COPIED:
            assert getattr(copy, field.attname) == getattr(source, field.attname), field.name
    # Copies, not moves: the source keeps its own.
    assert counts(Regime.objects.get(code=code)) == before
    rule = copy.rules.order_by("order").first()
    original = source.rules.get(code=rule.code)
    assert (rule.weight, rule.params, rule.severity) == (
        original.weight,
        original.params,
        original.severity,
    )
    assert rule.pk != original.pk


def test_the_copy_is_audited_as_the_secretariat(demo_user):
    copy = copy_regime(
        demo_user("secretariat"), Regime.objects.get(code="2566"), code="AUD", name_th="ชุดใหม่"
    )
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Regime), object_pk=str(copy.pk)
    )
    assert entry.actor.username == "secretariat"


def test_a_copy_grades_like_its_source(demo_user):
    plan = make_plan()
    edition = plan.editions.get()
    before = check_edition(edition)
    copy = copy_regime(demo_user("secretariat"), plan.regime, code="GRADE", name_th="ชุดใหม่")
    plan.regime = copy
    plan.save()
    edition.refresh_from_db()
    after = check_edition(edition)
    assert (after.score, after.grade, len(after.findings)) == (
        before.score,
        before.grade,
        len(before.findings),
    )


def test_a_copy_screens_like_its_source(demo_user):
    source = Regime.objects.get(code="2566")
    copy = copy_regime(demo_user("secretariat"), source, code="SCREEN", name_th="ชุดใหม่")
    facts = ProposalFacts(
        title="โครงการจัดซื้อครุภัณฑ์คอมพิวเตอร์",
        funding_channel="province",
        fiscal_year_be=2570,
        budget_lines=((2570, "investment", Decimal("2500000")),),
    )
    assert screen(facts, copy).as_dict() == screen(facts, source).as_dict()
    assert not screen(facts, copy).eligible


def test_only_the_national_secretariat_may_copy(demo_user):
    source = Regime.objects.get(code="2566")
    with pytest.raises(PermissionDenied):
        copy_regime(demo_user("rayong"), source, code="NO", name_th="ไม่ได้")
    assert not Regime.objects.filter(code="NO").exists()


def test_a_taken_or_missing_code_is_refused_by_field(demo_user):
    source = Regime.objects.get(code="2566")
    with pytest.raises(ValidationError) as taken:
        copy_regime(demo_user("secretariat"), source, code="2551", name_th="ชุดใหม่")
    assert "code" in taken.value.message_dict
    with pytest.raises(ValidationError) as missing:
        copy_regime(demo_user("secretariat"), source, code=" ", name_th="")
    assert {"code", "name_th"} <= set(missing.value.message_dict)


def _api(user) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_the_api_copies_a_regime_for_the_secretariat_only(demo_user):
    body = {"code": "API-NEW", "name_th": "ชุดหลักเกณฑ์ใหม่"}
    refused = _api(demo_user("rayong")).post("/api/v1/regimes/2566/copy", body, format="json")
    assert refused.status_code == 403
    api = _api(demo_user("secretariat"))
    assert api.post("/api/v1/regimes/NOPE/copy", body, format="json").status_code == 404
    response = api.post("/api/v1/regimes/2566/copy", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "API-NEW"
    assert response.json()["copied_from"] == "2566"
    assert counts(Regime.objects.get(code="API-NEW")) == counts(Regime.objects.get(code="2566"))
    again = api.post("/api/v1/regimes/2566/copy", body, format="json")
    assert again.status_code == 400
    assert "code" in again.json()["detail"] or again.json().get("messages")


def test_the_admin_action_asks_the_code_and_name_then_copies(demo_user):
    source = Regime.objects.get(code="2566")
    client = Client()
    client.force_login(demo_user("secretariat"))
    url = "/admin/cycles/regime/"
    chosen = {"action": "new_regime_from_this_one", "_selected_action": [source.pk]}
    asked = client.post(url, chosen)
    assert asked.status_code == 200
    assert b'id="regime-copy"' in asked.content
    wrong = client.post(url, {**chosen, "apply": "1", "code": "2551", "name_th": "x"})
    assert wrong.status_code == 200 and not Regime.objects.filter(name_th="x").exists()
    done = client.post(url, {**chosen, "apply": "1", "code": "ADM-NEW", "name_th": "ชุดใหม่"})
    regime = Regime.objects.get(code="ADM-NEW")
    assert done.status_code == 302 and done["Location"].endswith(f"/{regime.pk}/change/")
    assert counts(regime) == counts(source)
