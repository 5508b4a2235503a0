"""The national dashboard: every province at once in a fixed number of queries, sortable,
exportable, each number linked to what is behind it; only national roles see it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.monitoring.models import Allocation, DisbursementImport, Transaction
from oneplan.plans.quality import GRADE_LABELS
from oneplan.projects.models import ActionPlanItem

pytestmark = pytest.mark.django_db


def page_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def more_data(province: str, rows: int, category: str) -> None:
    """Another province with an allocation and disbursement rows."""
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    item = ActionPlanItem.objects.filter(action_plan__cycle=cycle).first()
    area = Area.objects.get(code=province)
    allocation = Allocation.objects.create(
        item=item, cycle=cycle, category=category, amount=D("1000000"), province=area
    )
    source = DisbursementImport.objects.create(province=area, cycle=cycle, file_name="x.csv")
    Transaction.objects.bulk_create(
        Transaction(
            source=source,
            province=area,
            cycle=cycle,
            row_key=f"{province}-{n}",
            document_date="2026-01-15",
            budget_code="X",
            disbursement=D("1000"),
            allocation=allocation,
        )
        for n in range(rows)
    )


def test_the_national_view_costs_the_same_queries_as_the_data_grows(demo_user):
    client = Client()
    client.force_login(demo_user("secretariat"))
    url = "/monitoring/2569/national/"
    client.get(url)  # plan grades are computed once, then kept
    before, body = page_queries(client, url)
    assert "ระยอง" in body and "tilemap" in body and body.count('class="tile ') == 77
    more_data("20", 50, "personnel")
    more_data("24", 200, "subsidy")
    after, body = page_queries(client, url)
    assert after == before
    assert "5.00" in body or "5.0" in body  # Chonburi: 50,000 of 1,000,000


def test_sorting_the_export_and_who_may_see_it(demo_user):
    client = Client()
    client.force_login(demo_user("reviewer"))
    rows = client.get("/monitoring/2569/national/?sort=rate").content.decode()
    assert rows.index("ระยอง") < rows.index("กระบี่")  # Rayong has disbursed, Krabi not
    export = client.get("/monitoring/2569/national/?format=csv").content.decode("utf-8-sig")
    lines = export.splitlines()
    assert lines[0].startswith("รหัส,จังหวัด") and len(lines) == 78
    rayong = next(line for line in lines if line.startswith("21,"))
    assert "ระยอง" in rayong
    assert Client().get("/monitoring/2569/national/").status_code == 302
    province = Client()
    province.force_login(demo_user("rayong"))
    assert province.get("/monitoring/2569/national/").status_code == 404
    assert province.get("/monitoring/").url == "/monitoring/2569/21/"


def test_clusters_have_their_own_rate_and_page(demo_user):
    from oneplan.areas.models import Cluster

    east1 = Cluster.objects.get(regime__in_force=True, memberships__province_id="21")
    client = Client()
    client.force_login(demo_user("secretariat"))
    body = client.get("/monitoring/2569/national/").content.decode()
    assert east1.name_th in body and f"/monitoring/2569/c{east1.pk}/" in body
    assert client.get(f"/monitoring/2569/c{east1.pk}/").status_code == 200


def test_the_province_page_exports_its_tables_and_the_national_page_charts_clusters(demo_user):
    import io

    from openpyxl import load_workbook

    client = Client()
    client.force_login(demo_user("rayong"))
    data = client.get("/monitoring/2569/21/?format=xlsx").content
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["รายโครงการ", "รายหน่วยงาน", "รายประเด็น", "รายเดือน"]
    assert workbook["รายเดือน"].max_row == 13  # a header and twelve months
    national = Client()
    national.force_login(demo_user("secretariat"))
    body = national.get("/monitoring/2569/national/").content.decode()
    assert body.count("<rect") == 18  # one bar per cluster of the set in force


def test_clusters_show_their_plan_grade_and_have_their_reports(demo_user):
    import io

    import docx

    from oneplan.areas.models import Cluster
    from oneplan.cycles.models import Cycle
    from oneplan.monitoring import national

    east1 = Cluster.objects.get(regime__in_force=True, memberships__province_id="21")
    from datetime import date

    rows = {
        r.pk: r
        for r in national.clusters(Cycle.objects.get(fiscal_year_be=2569), date(2026, 11, 22))
    }
    assert rows[east1.pk].grade  # the demo's Eastern 1 plan has been checked
    client = Client()
    client.force_login(demo_user("east1"))
    content = client.get(f"/monitoring/2569/c{east1.pk}/report-year.docx").content
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    from oneplan.core.thai import to_thai_digits

    assert f"ของ{to_thai_digits(east1.name_th)} ประจำปี" in text
    assert "แผนพัฒนากลุ่มจังหวัด" in text


def test_the_export_keeps_a_zero_rate_and_opens_in_excel(demo_user):
    more_data("81", 0, "investment")  # Krabi: allocated, nothing disbursed yet
    client = Client()
    client.force_login(demo_user("secretariat"))
    response = client.get("/monitoring/2569/national/?format=csv")
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    krabi = next(
        line for line in response.content.decode("utf-8-sig").splitlines() if line.startswith("81,")
    )
    assert krabi.split(",")[2:5] == ["1000000.00", "0.00", "0.00"]  # zero, not "no rate"


def test_a_cached_grade_is_labelled_in_the_language_of_each_request(demo_user):
    """The grades are computed once and cached; their labels follow the reader's language
    (a grade first computed for an English reader is not shown in English to a Thai one)."""
    client = Client()
    client.force_login(demo_user("secretariat"))
    url = "/monitoring/2569/national/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    thai = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    labels_en, labels_th = set(), set()
    for label in GRADE_LABELS.values():
        with translation.override("en"):
            labels_en.add(str(label))
        with translation.override("th"):
            labels_th.add(str(label))
    assert any(label in english for label in labels_en - labels_th)
    assert any(label in thai for label in labels_th - labels_en)
    assert not any(label in thai for label in labels_en - labels_th)
