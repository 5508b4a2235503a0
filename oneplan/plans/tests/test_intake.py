"""One intake per kind of plan component: the same bad component is refused with the same
field and message whether it comes through the page form, the API or the Excel import."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.audit.versioning import StaleVersion
from oneplan.plans import importing, intake
from oneplan.plans.forms import COMPONENT_KINDS
from oneplan.plans.importing import SHEET_INDICATORS, build_template, import_workbook
from oneplan.plans.models import EditionStatus, Goal, Indicator, PlanEdition
from oneplan.plans.tests.factories import make_plan
from oneplan.plans.views import _save_component

pytestmark = pytest.mark.django_db

Found = tuple[str, str]  # (the draft's field, the message)


# --------------------------------------------------------------------------- the channels


def _form_data(indicator: Indicator, **changes) -> dict[str, str]:
    targets = indicator.target_map()
    data = {
        "goal": str(indicator.goal_id or ""),
        "number": indicator.number,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": "" if indicator.baseline is None else str(indicator.baseline),
        "baseline_year_be": str(indicator.baseline_year_be or ""),
        "direction": indicator.direction,
        "data_source": indicator.data_source,
        "controllable": "on" if indicator.controllable else "",
        "order": str(indicator.order),
        "record_version": str(indicator.version),
        **{f"target_{y}": str(targets.get(y, "")) for y in indicator.edition.plan.years},
    }
    data.update(changes)
    return data


def via_form(user, indicator: Indicator, **changes) -> list[Found]:
    """The page form's path (`component_edit`): parse, then the intake, problems → errors."""
    spec = COMPONENT_KINDS["indicator"]
    edition = indicator.edition
    form = spec.form(
        _form_data(indicator, **changes), instance=indicator, edition=edition, user=user
    )
    assert form.is_valid(), form.errors
    try:
        _save_component(user, edition, spec, form, indicator)
    except intake.IntakeRefused as exc:
        form.add_problems(exc.problems)
    return [
        (intake.NON_FIELD if name == "__all__" else name, str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]


def via_api(user, indicator: Indicator, targets: dict[str, str]) -> list[Found]:
    token, _created = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.patch(f"/api/v1/indicators/{indicator.pk}/targets", targets, format="json")
    assert response.status_code == 400, response.content
    field = intake.NON_FIELD if indicator.edition.is_locked else "targets"
    return [(field, message) for message in response.json()["messages"]]


# The indicator sheet's columns by header, and the draft field each column holds.
COLUMN_FIELDS = {"ปีฐาน (พ.ศ.)": "baseline_year_be", importing.TARGET_PREFIX: "targets"}


def via_import(user, indicator: Indicator, cells: dict[str, object]) -> list[Found]:
    """The Excel import: the template of the edition with some indicator-sheet cells set
    ({"ปีฐาน (พ.ศ.)": 2600} sets the first indicator row; a header with a year → a target
    column header)."""
    edition = indicator.edition
    book = load_workbook(io.BytesIO(build_template(edition)))
    sheet = book[SHEET_INDICATORS]
    headers = {cell.value: cell.column for cell in sheet[1]}
    for header, value in cells.items():
        if header.startswith(importing.TARGET_PREFIX):
            first_target = next(c for h, c in headers.items() if str(h).startswith(header))
            sheet.cell(row=1, column=first_target).value = f"{importing.TARGET_PREFIX} {value}"
        else:
            sheet.cell(row=2, column=headers[header]).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("plan.xlsx", buffer.getvalue())
    try:
        result = import_workbook(user, edition, upload)
    except ValidationError as exc:
        return [(intake.NON_FIELD, message) for message in exc.messages]
    found = []
    for problem in result.errors:
        header = problem.column.partition(" (")[2].removesuffix(")")
        key = importing.TARGET_PREFIX if header.startswith(importing.TARGET_PREFIX) else header
        found.append((COLUMN_FIELDS.get(key, header), problem.message))
    return found


# --------------------------------------------------------------------------- the cases


def _locked(user, indicator: Indicator, channel: str) -> list[Found]:
    PlanEdition.objects.filter(pk=indicator.edition_id).update(status=EditionStatus.APPROVED)
    indicator.refresh_from_db()
    indicator.edition.refresh_from_db()
    year = indicator.edition.plan.first_year_be
    return {
        "form": lambda: via_form(user, indicator, **{f"target_{year}": "9"}),
        "api": lambda: via_api(user, indicator, {str(year): "9"}),
        "import": lambda: via_import(user, indicator, {}),
    }[channel]()


def _target_year_outside(user, indicator: Indicator, channel: str) -> list[Found]:
    year = indicator.edition.plan.last_year_be + 5
    return {
        "api": lambda: via_api(user, indicator, {str(year): "9"}),
        "import": lambda: via_import(user, indicator, {importing.TARGET_PREFIX: year}),
    }[channel]()


def _baseline_after_plan(user, indicator: Indicator, channel: str) -> list[Found]:
    year = indicator.edition.plan.last_year_be + 1
    return {
        "form": lambda: via_form(user, indicator, baseline_year_be=str(year)),
        "import": lambda: via_import(user, indicator, {"ปีฐาน (พ.ศ.)": year}),
    }[channel]()


def _expected_locked(indicator: Indicator) -> Found:
    return (
        intake.NON_FIELD,
        _("This edition is approved and read-only; start a yearly review to change the plan."),
    )


def _expected_target(indicator: Indicator) -> Found:
    year = indicator.edition.plan.last_year_be + 5
    return ("targets", _("Fiscal year %(year)s is not a year of this plan.") % {"year": year})


def _expected_baseline(indicator: Indicator) -> Found:
    plan = indicator.edition.plan
    message = _("The baseline year %(year)s is after the plan's last year %(last)s.") % {
        "year": plan.last_year_be + 1,
        "last": plan.last_year_be,
    }
    return ("baseline_year_be", message)


CASES: dict[str, tuple[Callable, Callable, tuple[str, ...]]] = {
    "locked edition": (_locked, _expected_locked, ("form", "api", "import")),
    "target year outside the plan": (_target_year_outside, _expected_target, ("api", "import")),
    "baseline year after the plan": (_baseline_after_plan, _expected_baseline, ("form", "import")),
}


@pytest.mark.parametrize(
    ("case", "channel"),
    [(case, channel) for case, (_r, _e, channels) in CASES.items() for channel in channels],
)
def test_the_same_bad_indicator_is_refused_alike_on_every_channel(demo_user, case, channel):
    run, expected, _channels = CASES[case]
    plan = make_plan()
    indicator = Indicator.objects.filter(edition__plan=plan).order_by("order", "pk").first()
    before = (indicator.target_map(), indicator.baseline_year_be, indicator.version)
    found = run(demo_user("rayong"), indicator, channel)
    assert found == [expected(indicator)]
    indicator.refresh_from_db()
    assert (indicator.target_map(), indicator.baseline_year_be, indicator.version) == before


# --------------------------------------------------------------------------- the rules


@pytest.fixture
def edition() -> PlanEdition:
    return make_plan().editions.get()


def test_a_number_is_unique_within_the_edition_on_the_form(demo_user, edition):
    first, second = edition.goals.order_by("order", "pk")[:2]
    spec = COMPONENT_KINDS["goal"]
    data = {
        "issue": str(second.issue_id),
        "number": f" {first.number} ",
        "text": second.text,
        "order": str(second.order),
        "record_version": str(second.version),
    }
    user = demo_user("rayong")
    form = spec.form(data, instance=second, edition=edition, user=user)
    assert form.is_valid(), form.errors
    with pytest.raises(intake.IntakeRefused) as refused:
        _save_component(user, edition, spec, form, second)
    message = _("Number %(number)s is already used in this edition.") % {"number": first.number}
    assert refused.value.problems == [intake.problem("number", message)]
    # Another edition may use the same number.
    other = make_plan("20").editions.get()
    draft = intake.GoalDraft(
        issue_id=other.issues.first().pk, number=first.number, text="เป้าประสงค์ใหม่"
    )
    assert [p.column for p in intake.validate_goal(draft, other)] == ["number"]
    draft.number = "9.9"
    assert intake.validate_goal(draft, other) == []


def test_a_goal_hangs_under_an_issue_of_its_own_edition(demo_user, edition):
    other_issue = make_plan("20").editions.get().issues.first()
    draft = intake.GoalDraft(issue_id=other_issue.pk, number="8.1", text="เป้าประสงค์")
    with pytest.raises(intake.IntakeRefused) as refused:
        intake.do_save_goal(demo_user("rayong"), edition, draft)
    assert [p.column for p in refused.value.problems] == ["issue"]
    assert not Goal.objects.filter(edition=edition, number="8.1").exists()


def test_do_save_goal_writes_the_normalised_draft_with_its_audit_entry(demo_user, edition):
    user = demo_user("rayong")
    issue = edition.issues.first()
    draft = intake.GoalDraft(issue_id=issue.pk, number="๗.๑.", text="  เป้าประสงค์\u200b ใหม่ ")
    goal = intake.do_save_goal(user, edition, draft)
    goal.refresh_from_db()
    assert (goal.number, goal.text, goal.issue_id) == ("7.1", "เป้าประสงค์ ใหม่", issue.pk)
    assert LogEntry.objects.get_for_object(goal).filter(actor=user).exists()
    # The version claim: a save from what was read before this one is refused.
    read = goal.version
    draft.text = "แก้ไข"
    intake.do_save_goal(user, edition, draft, goal, expected_version=read)
    with pytest.raises(StaleVersion):
        intake.do_save_goal(user, edition, draft, goal, expected_version=read)
    # Another province's officer may not add to this edition.
    with pytest.raises(PermissionDenied):
        intake.do_save_goal(demo_user("chonburi"), edition, intake.GoalDraft(issue.pk, "7.2", "x"))


def test_do_set_targets_refuses_a_value_that_is_not_a_decimal(demo_user, edition):
    indicator = edition.indicators.first()
    year = edition.plan.first_year_be
    with pytest.raises(intake.IntakeRefused) as refused:
        intake.do_set_targets(demo_user("rayong"), indicator, {year: 1.5})
    assert [p.column for p in refused.value.problems] == ["targets"]
    intake.do_set_targets(demo_user("rayong"), indicator, {year: Decimal("1.5")})
    assert indicator.target_map()[year] == Decimal("1.5")


@given(
    years=st.sets(st.integers(min_value=2400, max_value=2800), max_size=12),
    first=st.integers(min_value=2500, max_value=2700),
    span=st.integers(min_value=1, max_value=6),
)
def test_targets_are_refused_exactly_for_the_years_outside_the_plan(years, first, span):
    plan_years = range(first, first + span)
    problems = intake.target_year_problems(years, plan_years)
    outside = sorted(y for y in years if y not in plan_years)
    assert [p.column for p in problems] == ["targets"] * len(outside)
    assert [p.message for p in problems] == [
        _("Fiscal year %(year)s is not a year of this plan.") % {"year": y} for y in outside
    ]
