"""Allocations, the GFMIS import (all or nothing; matched, or kept to resolve; counted once
when re-imported) and the rates against the regime's target curve."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.monitoring import services
from oneplan.monitoring.models import Allocation, Transaction
from oneplan.projects import action_plans
from oneplan.projects.models import ActionPlan, Envelope
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle() -> Cycle:
    return Cycle.objects.get(fiscal_year_be=2568)


@pytest.fixture
def rayong() -> Area:
    return Area.objects.get(code="21")


@pytest.fixture
def plan(cycle, rayong, demo_user) -> ActionPlan:
    Envelope.objects.get_or_create(cycle=cycle, province=rayong, defaults={"amount": D("50000000")})
    for title, amount in (
        ("โครงการพัฒนาเส้นทางท่องเที่ยวชุมชน", "3000000"),
        ("โครงการส่งเสริมการแปรรูปผลไม้", "2000000"),
    ):
        make_proposal(title=title, year=2568, status="approved", budget=D(amount))
    return action_plans.assemble(demo_user("rayong"), cycle, rayong)


@pytest.fixture
def allocated(plan, demo_user) -> list[Allocation]:
    items = list(plan.items.order_by("rank"))
    user = demo_user("rayong")
    return [
        services.allocate(
            user, items[0], "operating", D("3000000"), notice="สงป. 30 วัน", budget_code="21001"
        ),
        services.allocate(
            user, items[1], "operating", D("2000000"), budget_code="21002", activity_code="A1"
        ),
    ]


def gfmis(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["วันที่เอกสาร", "เลขที่เอกสาร", "รหัสงบประมาณ", "รหัสกิจกรรม", "หน่วยงาน", "ยอดผูกพัน", "ยอดเบิกจ่าย"]
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_rows_are_matched_kept_to_resolve_and_counted_once(allocated, cycle, rayong, demo_user):
    user = demo_user("rayong")
    first = gfmis(
        [
            ["15/11/2567", "D1", "21001", "", "สำนักงานการท่องเที่ยว", "500,000", "300,000.00"],
            ["20/12/2567", "D2", "21002", "A1", "สำนักงานเกษตร", "0", "๒๐๐,๐๐๐"],
            ["21/12/2567", "D3", "99999", "", "หน่วยงานอื่น", "0", "50,000"],
        ]
    )
    result = services.import_disbursements(user, rayong, cycle, first, "gfmis-dec.csv")
    assert result.ok, result.errors
    assert (result.added, result.matched, result.unmatched, result.repeated) == (3, 2, 1, 0)
    assert services.total(Allocation.objects.filter(cycle=cycle)).disbursed == D("500000")

    # The next export overlaps the last: its old rows are not counted again.
    second = gfmis(
        [
            ["20/12/2567", "D2", "21002", "A1", "สำนักงานเกษตร", "0", "200000"],
            ["10/01/2568", "D4", "21001", "", "สำนักงานการท่องเที่ยว", "0", "700000"],
        ]
    )
    again = services.import_disbursements(user, rayong, cycle, second, "gfmis-jan.csv")
    assert (again.added, again.repeated) == (1, 1)
    assert Transaction.objects.filter(cycle=cycle).count() == 4
    assert services.total(Allocation.objects.filter(cycle=cycle)).disbursed == D("1200000")

    # Nothing is dropped: the unmatched row waits for a person.
    stray = Transaction.objects.get(budget_code="99999")
    assert stray.allocation is None
    services.resolve(user, stray, allocated[1])
    assert services.total(Allocation.objects.filter(cycle=cycle)).disbursed == D("1250000")


def test_a_bad_export_is_refused_whole_with_row_and_column(allocated, cycle, rayong, demo_user):
    data = gfmis(
        [
            ["15/11/2567", "D1", "21001", "", "", "0", "300,000"],
            ["31/02/2568", "D2", "21001", "", "", "0", "100"],
            ["15/11/2567", "D3", "", "", "", "0", "abc"],
            ["15/11/2569", "D4", "21001", "", "", "0", "100"],
        ]
    )
    result = services.import_disbursements(demo_user("rayong"), rayong, cycle, data, "x.csv")
    assert {(p.row, p.column.split(" ")[0]) for p in result.errors} == {
        (3, "A"),
        (4, "C"),
        (4, "G"),
        (5, "A"),
    }
    assert "นอกปีงบประมาณ พ.ศ. 2568" in result.errors[-1].message
    assert not Transaction.objects.filter(cycle=cycle).exists()
    with pytest.raises(Exception, match="หัวตาราง"):
        services.import_disbursements(demo_user("rayong"), rayong, cycle, b"a,b\n1,2\n", "y.csv")


def test_only_the_province_imports_its_disbursement(allocated, cycle, rayong, demo_user):
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.import_disbursements(demo_user("chonburi"), rayong, cycle, gfmis([]), "z.csv")
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.allocate(demo_user("chonburi"), allocated[0].item, "operating", D("1"))


def test_rates_by_project_agency_issue_and_month(allocated, cycle, rayong, demo_user):
    data = gfmis(
        [
            ["15/11/2567", "D1", "21001", "", "", "0", "300000"],
            ["10/02/2568", "D2", "21001", "", "", "0", "600000"],
            ["10/02/2568", "D3", "21002", "A1", "", "0", "1000000"],
        ]
    )
    services.import_disbursements(demo_user("rayong"), rayong, cycle, data, "a.csv")
    allocations = Allocation.objects.filter(cycle=cycle)
    by_item = {r.key: r for r in services.rates_by(allocations, "item")}
    assert by_item[allocated[0].item_id].percent == D("30.00")
    assert by_item[allocated[1].item_id].percent == D("50.00")
    overall = services.total(allocations)
    assert (overall.allocated, overall.disbursed, overall.percent) == (
        D("5000000"),
        D("1900000"),
        D("38.00"),
    )
    points = services.monthly(allocations, cycle, date(2025, 9, 30))
    assert len(points) == 12
    assert [p.percent for p in points[:5]] == [
        D("0.00"),
        D("6.00"),
        D("6.00"),
        D("6.00"),
        D("38.00"),
    ]
    assert points[-1].target == D("100.00")
    assert sum(r.disbursed for r in services.rates_by(allocations, "agency")) == overall.disbursed


@given(st.dates(min_value=date(2024, 9, 1), max_value=date(2025, 11, 1)), st.integers(1, 60))
def test_the_target_curve_rises_from_0_to_the_last_quarter(day, later):
    cycle = Cycle(fiscal_year_be=2568)
    from oneplan.cycles.models import Regime

    cycle.regime = Regime(disbursement_targets=[30, 52, 75, 100])
    first, last = date(2024, 10, 1), date(2025, 9, 30)
    value = services.target_percent(cycle, day)
    assert D(0) <= value <= D(100)
    assert services.target_percent(cycle, day + timedelta(days=later)) >= value
    assert services.target_percent(cycle, last) == D(100)
    assert services.target_percent(cycle, first) == D(0)
    assert services.target_percent(cycle, date(2024, 12, 31)) == pytest.approx(D(30), abs=D("0.5"))


def test_the_dashboard_and_its_drill_down(allocated, cycle, rayong, demo_user):
    data = gfmis([["15/11/2567", "D1", "21001", "", "สำนักงาน", "0", "300000"]])
    services.import_disbursements(demo_user("rayong"), rayong, cycle, data, "a.csv")
    client = Client()
    client.force_login(demo_user("rayong"))
    page = client.get("/monitoring/2568/21/").content.decode()
    assert "<svg" in page and "300,000.00" in page and "<polyline" in page
    rows = client.get(f"/monitoring/2568/21/rows/?item={allocated[0].item_id}").content.decode()
    assert "21001" in rows and "300,000.00" in rows
    other_item = client.get(f"/monitoring/2568/21/rows/?item={allocated[1].item_id}").content
    assert "21001" not in other_item.decode()
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get("/monitoring/2568/21/").status_code == 404


def test_an_export_saved_in_tis_620_reads_the_same(allocated, cycle, rayong, demo_user):
    data = gfmis([["15/11/2567", "D1", "21001", "", "สำนักงานการท่องเที่ยว", "0", "300,000"]])
    thai = data.decode("utf-8-sig").encode("tis-620")
    result = services.import_disbursements(demo_user("rayong"), rayong, cycle, thai, "x.csv")
    assert result.ok and result.matched == 1
    assert Transaction.objects.get(cycle=cycle).agency == "สำนักงานการท่องเที่ยว"


def test_the_strategy_group_records_and_changes_allocations_on_the_page(plan, demo_user):
    from auditlog.models import LogEntry

    client = Client()
    client.force_login(demo_user("rayong"))
    item = plan.items.order_by("rank").first()
    url = "/monitoring/2568/21/allocations/"
    assert f'name="item" value="{item.pk}"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "item": item.pk,
            "category": "operating",
            "amount": "2500000",
            "budget_code": "21 009",
            "notice": "หนังสือ สงป.",
        },
    )
    allocation = Allocation.objects.get(item=item, category="operating")
    assert (allocation.amount, allocation.budget_code) == (D("2500000"), "21009")
    client.post(
        url, {"item": item.pk, "category": "operating", "amount": "2000000", "note": "ปรับลด"}
    )
    allocation.refresh_from_db()
    assert allocation.amount == D("2000000") and allocation.note == "ปรับลด"
    changes = LogEntry.objects.get_for_object(allocation).filter(action=LogEntry.Action.UPDATE)
    assert changes.exists() and changes.first().actor.username == "rayong"
    other = Client()
    other.force_login(demo_user("chonburi"))
    assert other.get(url).status_code == 404
