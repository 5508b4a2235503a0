"""One intake for proposals: `intake.validate` holds each invariant once, and the page form,
the API and the Excel upload refuse a bad draft with the same field and the same Thai
message; `do_save_proposal` asks the policy, claims the version and leaves its audit entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.audit.versioning import StaleVersion
from oneplan.cycles.models import Cycle
from oneplan.plans.chain import reference_edition
from oneplan.plans.models import Plan
from oneplan.projects import intake
from oneplan.projects.excel import Source, import_proposals
from oneplan.projects.intake import ProposalDraft, do_save_proposal, validate
from oneplan.projects.models import Proposal
from oneplan.projects.tests.factories import make_proposal
from oneplan.projects.tests.test_excel import agency_file, agency_row

pytestmark = pytest.mark.django_db


def thai(english: str) -> str:
    with translation.override("th"):
        return translation.gettext(english)


def rayong_links() -> tuple:
    """An issue of Rayong's plan and a strategy under another of its issues."""
    edition = reference_edition(Plan.objects.get(province_id="21", first_year_be=2566))
    issue = edition.issues.order_by("priority").first()
    foreign = edition.strategies.exclude(issue=issue).exclude(issue=None).first()
    return issue, foreign


# --------------------------------------------------------------------------- the three paths


CASES = {
    "end before start": {
        "form": {"start_date": "31/08/2570", "end_date": "01/11/2569"},
        "api": {"start_date": "2027-08-31", "end_date": "2026-11-01"},
        "excel": {"วันเริ่มต้น": "31/8/2570", "วันสิ้นสุด": "1/11/2569"},
        "field": "end_date",
        "column": "วันสิ้นสุด",
        "message": "The end date is before the start date.",
    },
    "strategy not under the issue": {
        "form": "links",
        "api": "links",
        "field": "strategy",
        "message": "This strategy is not under the chosen strategic issue.",
    },
}


def by_form(demo_user, case: dict) -> dict[str, list[str]]:
    fields = {
        "cycle": Cycle.objects.get(fiscal_year_be=2570).pk,
        "reference_code": "INTAKE-FORM-1",
        "title": "โครงการยกระดับผลผลิตทุเรียนคุณภาพ",
        "area": "21",
        "funding_channel": "province",
        "proposer_kind": "agency",
    }
    if case["form"] == "links":
        issue, foreign = rayong_links()
        fields.update(issue=issue.pk, strategy=foreign.pk)
    else:
        fields.update(case["form"])
    client = Client()
    client.force_login(demo_user("rayong"))
    response = client.post("/projects/new/", fields)
    assert response.status_code == 200
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def by_api(demo_user, case: dict) -> dict[str, list[str]]:
    from oneplan.api.tests.test_projects_api import body

    fields = case["api"]
    if fields == "links":
        issue, foreign = rayong_links()
        fields = {"issue": issue.pk, "strategy": foreign.pk}
    token, _created = Token.objects.get_or_create(user=demo_user("rayong"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/v1/proposals", body("INTAKE-API-1", **fields), format="json")
    assert response.status_code == 400, response.content
    # The API's shape: each field's messages, and all of them once more in detail/messages.
    data = response.json()
    assert data["messages"] == [
        f"{n}: {m}" for n, ms in data.items() if n not in ("detail", "messages") for m in ms
    ]
    return {n: ms for n, ms in data.items() if n not in ("detail", "messages")}


def by_excel(demo_user, case: dict) -> dict[str, list[str]]:
    cycle, rayong = Cycle.objects.get(fiscal_year_be=2570), Area.objects.get(code="21")
    content = agency_file(cycle, rayong, [agency_row("INTAKE-XL-1", **case["excel"])])
    result = import_proposals(demo_user("rayong"), cycle, Source.AGENCY, content, owner=rayong)
    assert not result.ok
    found: dict[str, list[str]] = {}
    for problem in result.errors:
        label = problem.column.split("(", 1)[-1].rstrip(")")
        found.setdefault(label, []).append(problem.message)
    return found


PATHS = {"form": by_form, "api": by_api, "excel": by_excel}


@pytest.mark.parametrize(
    ("case", "path"),
    [(name, path) for name, case in CASES.items() for path in PATHS if path in case],
)
def test_one_bad_draft_is_refused_alike_by_the_form_the_api_and_the_excel_upload(
    case, path, demo_user
):
    spec = CASES[case]
    before = Proposal.objects.count()
    errors = PATHS[path](demo_user, spec)
    where = spec["column"] if path == "excel" else spec["field"]
    assert errors == {where: [thai(spec["message"])]}
    assert Proposal.objects.count() == before


# --------------------------------------------------------------------------- validate


def rayong_draft(**fields) -> ProposalDraft:
    return ProposalDraft(
        cycle=Cycle.objects.get(fiscal_year_be=2570),
        reference_code="INTAKE-1",
        title="โครงการส่งเสริมการแปรรูปมังคุด",
        area=Area.objects.get(code="21"),
        funding_channel="province",
        proposer_kind="agency",
        **fields,
    )


def test_a_good_draft_has_no_problems():
    issue, _foreign = rayong_links()
    draft = rayong_draft(
        issue=issue,
        start_date=date(2026, 11, 1),
        end_date=date(2027, 8, 31),
        locations=[Area.objects.get(code="2101")],
        budget={(2570, "operating"): Decimal("1000")},
    )
    assert validate(draft) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"budget": {(2590, "operating"): Decimal(1)}}, "budget", "ปี พ.ศ. 2590 อยู่นอกช่วงปีของแผน"),
        ({"budget": {(2570, "operating"): Decimal(-1)}}, "budget", "ไม่สามารถ"),
        ({"locations": ["2001"]}, "locations", "ไม่อยู่ในจังหวัดระยอง"),
        ({"cluster": "east1"}, "cluster", "เฉพาะโครงการของกลุ่มจังหวัด"),
        ({"level": "cluster"}, "cluster", "ต้องระบุกลุ่มจังหวัด"),
        ({"issue": "chonburi"}, "issue", "ไม่ได้อยู่ในแผนพัฒนา"),
    ],
)
def test_each_invariant_names_its_field(fields, field, message):
    from oneplan.areas.models import Cluster

    values = dict(fields)
    if values.get("locations") == ["2001"]:
        values["locations"] = [Area.objects.get(code="2001")]
    if values.get("cluster") == "east1":
        values["cluster"] = Cluster.objects.get(
            regime__in_force=True, memberships__province_id="21"
        )
    if values.get("issue") == "chonburi":
        chonburi = Plan.objects.filter(province_id="20").order_by("-first_year_be").first()
        values["issue"] = reference_edition(chonburi).issues.first()
    if message == "ไม่สามารถ":
        message = thai("An amount cannot be negative.")
    with translation.override("th"):
        problems = validate(rayong_draft(**values))
    assert [p.column for p in problems] == [field]
    assert message in problems[0].message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    end=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    amounts=st.lists(st.decimals(min_value=-1000, max_value=1000, places=2), max_size=4),
)
def test_validate_names_exactly_the_broken_fields(start, end, amounts):
    budget = {(2570 + n, "operating"): amount for n, amount in enumerate(amounts)}
    problems = validate(ProposalDraft(start_date=start, end_date=end, budget=budget))
    on_end = [p for p in problems if p.column == "end_date"]
    on_budget = [p for p in problems if p.column == "budget"]
    assert len(on_end) == (1 if end < start else 0)
    assert len(on_budget) == (1 if any(a < 0 for a in amounts) else 0)
    assert len(problems) == len(on_end) + len(on_budget)


# --------------------------------------------------------------------------- do_save


def test_do_save_creates_with_budget_and_audit_entry_then_writes_only_what_changed(demo_user):
    user = demo_user("rayong")
    draft = rayong_draft(budget={(2570, "operating"): Decimal("1500000")})
    proposal = do_save_proposal(user, draft)
    assert proposal.province_id == "21" and proposal.level == "province"
    assert proposal.created_by == user and proposal.version == 1
    assert [(b.fiscal_year_be, b.amount) for b in proposal.budget_lines.all()] == [
        (2570, Decimal("1500000"))
    ]
    created = LogEntry.objects.get_for_object(proposal)
    assert created.filter(action=LogEntry.Action.CREATE, actor=user).exists()

    # Someone else changes the title; a change of the dates read at version 1 is refused...
    Proposal.objects.filter(pk=proposal.pk).update(version=2, title="ชื่อใหม่")
    later = ProposalDraft.of(proposal, start_date=date(2026, 11, 1), sent=frozenset({"start_date"}))
    with pytest.raises(StaleVersion):
        do_save_proposal(user, later, Proposal.objects.get(pk=proposal.pk), expected_version=1)
    # ... and at version 2 writes only the dates, keeping the other's title.
    saved = do_save_proposal(user, later, Proposal.objects.get(pk=proposal.pk), expected_version=2)
    saved.refresh_from_db()
    assert (saved.title, saved.start_date, saved.version) == ("ชื่อใหม่", date(2026, 11, 1), 3)
    changes = LogEntry.objects.get_for_object(saved).filter(action=LogEntry.Action.UPDATE)
    assert changes.filter(actor=user).exists()


def test_do_save_refuses_another_province(demo_user):
    with pytest.raises(PermissionDenied):
        do_save_proposal(demo_user("chonburi"), rayong_draft())
    theirs = make_proposal(area="21")
    with pytest.raises(PermissionDenied):
        do_save_proposal(
            demo_user("chonburi"),
            ProposalDraft.of(theirs, title="เปลี่ยนชื่อ", sent=frozenset({"title"})),
            theirs,
        )
    theirs.refresh_from_db()
    assert theirs.title != "เปลี่ยนชื่อ"


def test_problem_is_the_shared_workbook_problem():
    from oneplan.documents.workbook import Problem

    assert intake.problem("end_date", "x") == Problem("", None, "end_date", "x")


def test_the_model_refuses_an_end_before_its_start_on_any_write():
    from django.core.exceptions import ValidationError

    proposal = make_proposal()
    proposal.start_date, proposal.end_date = date(2027, 8, 31), date(2026, 11, 1)
    with pytest.raises(ValidationError) as refused, translation.override("th"):
        proposal.full_clean(exclude=["locations", "tags"])
    assert refused.value.message_dict == {
        "end_date": [thai("The end date is before the start date.")]
    }
