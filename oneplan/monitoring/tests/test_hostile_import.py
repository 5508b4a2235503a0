"""The GFMIS import answers every file with a success or a Thai problem naming the row and
column, never a crash, and writes nothing when it refuses (issue 12: no 500 on any input)."""

from __future__ import annotations

import csv
import io
import threading
import time
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.core import hostile
from oneplan.cycles.models import Cycle
from oneplan.monitoring import services
from oneplan.monitoring.models import DisbursementImport, Transaction

pytestmark = pytest.mark.django_db

HEADER = ["วันที่เอกสาร", "เลขที่เอกสาร", "รหัสงบประมาณ", "รหัสกิจกรรม", "หน่วยงาน", "ยอดผูกพัน", "ยอดเบิกจ่าย"]


def row(n: int = 1, **changes) -> list[str]:
    values = {
        "date": "15/01/2569",
        "no": f"D{n}",
        "code": "210001OPE",
        "activity": "",
        "agency": "สำนักงานเกษตรจังหวัดระยอง",
        "commitment": "0",
        "disbursement": "100",
    }
    values.update(changes)
    return list(values.values())


def gfmis(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def run(demo_user):
    """Import a file for Rayong FY 2569; (result, rows written)."""
    user = demo_user("rayong")
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    rayong = Area.objects.get(code="21")

    def go(data: bytes, name: str = "gfmis.csv"):
        before = Transaction.objects.count(), DisbursementImport.objects.count()
        result = services.import_disbursements(user, rayong, cycle, data, name)
        after = Transaction.objects.count(), DisbursementImport.objects.count()
        return result, (after[0] - before[0], after[1] - before[1])

    return go


def places(result) -> set[tuple[int | None, str]]:
    return {(p.row, p.column.split(" ")[0]) for p in result.errors}


def thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


# --------------------------------------------------------------------------- a) amounts


@pytest.mark.parametrize(
    "amount",
    [
        "99999999999999999999",
        "100000000000000",
        "99999999999999.99",
        "10000000000000",
        "1e400",
        "NaN",
        "Infinity",
        "-inf",
        "sNaN",
        "-99999999999999999999",
    ],
)
def test_an_amount_that_does_not_fit_is_refused_by_row_and_column(run, amount):
    result, written = run(gfmis([row(1), row(2, disbursement=amount)]))
    assert places(result) == {(3, "G")}, result.errors
    assert thai(result.errors[0].message)
    assert written == (0, 0)


def test_the_largest_amount_that_fits_and_reversals_are_kept(run):
    result, written = run(
        gfmis(
            [
                row(1, disbursement="9,999,999,999,999.99"),
                row(2, disbursement="-1500.50"),
                row(3, disbursement="(1,000.00)", commitment="-25"),
            ]
        )
    )
    assert result.ok, result.errors
    assert written == (3, 1)
    amounts = sorted(Transaction.objects.filter(source=result.source).values_list("disbursement"))
    assert [a for (a,) in amounts] == [D("-1500.50"), D("-1000.00"), D("9999999999999.99")]
    assert services.total(services.allocations_of(Area.objects.get(code="21"), result.source.cycle))


def test_an_infinite_number_in_a_workbook_is_refused(run):
    base = hostile.workbook([HEADER, row(1)])
    for case in hostile.raw_cell_cases(base, 2, 7):
        if case.label in ("xlsx-raw-number-1e999", "xlsx-raw-number-minus-1e999"):
            result, written = run(case.data, case.name)
            assert (2, "F") in places(result) and (2, "G") in places(result), result.errors
            assert written == (0, 0)


# --------------------------------------------------------------------------- b) NUL, c) size


def test_a_nul_after_the_first_4_kb_is_a_problem_of_its_row_and_column(run):
    rows = [row(n) for n in range(1, 200)]
    rows.append(row(200, agency="สำนักงาน\x00เกษตร"))
    data = gfmis(rows)
    assert data.index(b"\x00") > 4096
    result, written = run(data)
    assert places(result) == {(201, "E")}, result.errors
    assert "NUL" in result.errors[0].message or "U+0000" in result.errors[0].message
    assert written == (0, 0)


def test_other_control_characters_are_refused_too(run):
    result, written = run(gfmis([row(1, no="D\x01", code="2100\x1b01")]))
    assert places(result) == {(2, "B"), (2, "C")}, result.errors
    assert written == (0, 0)


def test_a_10_mb_field_is_a_problem_of_its_row(run):
    result, written = run(gfmis([row(1), row(2, agency=hostile.big_text())]))
    assert [p.row for p in result.errors] == [3], result.errors
    assert thai(result.errors[0].message)
    assert written == (0, 0)
    shown = "".join(p.message for p in result.errors)
    assert len(shown) < 500  # the value is not echoed whole


def test_a_huge_cell_value_is_shown_shortened(run):
    result, _written = run(gfmis([row(1, disbursement="9" * 50_000)]))
    assert places(result) == {(2, "G")}
    assert len(result.errors[0].message) < 300


# --------------------------------------------------------------------------- d) encodings


def test_a_file_in_neither_utf8_nor_thai_is_refused_by_row_and_column(run):
    data = gfmis([row(1), row(2)], "utf-8") + "21/01/2569,D3,210001OPE,,Café Ÿ,0,5\r\n".encode(
        "cp1252"
    )
    result, written = run(data)
    assert places(result) == {(4, "E")}, result.errors
    assert "UTF-8" in result.errors[0].message
    assert written == (0, 0)


def test_a_windows_thai_export_with_curly_quotes_is_read(run):
    data = gfmis([row(1, agency="สำนักงาน “เกษตร” จังหวัด…")], "cp874")
    result, _written = run(data)
    assert result.ok, result.errors
    assert Transaction.objects.get(source=result.source).agency == "สำนักงาน “เกษตร” จังหวัด…"


def test_utf16_and_garbage_are_refused_in_thai(run):
    for data in (gfmis([row(1)], "utf-16"), hostile.garbage(10_000, seed=5)):
        try:
            result, written = run(data)
        except ValidationError as exc:
            assert thai(" ".join(exc.messages))
            continue
        assert not result.ok and written == (0, 0)
        assert all(thai(p.message) for p in result.errors)


# --------------------------------------------------------------------------- broken workbooks


def test_a_broken_cell_in_a_workbook_is_a_problem_of_its_row(run):
    base = hostile.workbook([HEADER, row(1), row(2)])
    for case in hostile.raw_cell_cases(base, 3, 7):
        result, written = run(case.data, case.name)
        assert written == (0, 0) or result.ok, case.label
        if not result.ok:
            assert all(p.row in (None, 3) for p in result.errors), (case.label, result.errors)
            assert all(thai(p.message) for p in result.errors), (case.label, result.errors)


def test_a_workbook_claiming_every_row_and_column_is_read_quickly(run):
    base = hostile.workbook([HEADER, row(1)])
    start = time.monotonic()
    result, written = run(hostile.extremes(base), "extremes.xlsx")
    assert time.monotonic() - start < 20
    assert places(result) == {(1_048_576, "A"), (1_048_576, "C")}, result.errors
    assert written == (0, 0)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(run):
    base = hostile.workbook([HEADER, row(1)])
    with pytest.raises(Exception, match="ใหญ่"):
        run(hostile.declared_bomb(base), "bomb.xlsx")


# --------------------------------------------------------------------------- e) the same file twice


def test_the_same_rows_imported_at_the_same_moment_are_counted_once(run, monkeypatch):
    """Two imports of one file at once: both look for the rows already kept before either
    writes, so the second meets the first's rows in the unique constraint. It must answer
    as a re-import does (every row already imported), not crash."""
    data = gfmis([row(1), row(2), row(3)])
    first, written = run(data)
    assert first.ok and written == (3, 1)

    real = services._known_keys
    calls = []

    def stale(*args, **kwargs):  # what the second import saw before the first committed
        calls.append(1)
        return set() if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services, "_known_keys", stale)
    second, written = run(data)
    assert second.ok, second.errors
    assert (second.added, second.repeated) == (0, 3)
    assert written == (0, 1)
    assert len(calls) >= 2


def test_the_api_answers_a_concurrent_duplicate_cleanly(demo_user, monkeypatch):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(demo_user("rayong"))
    url = "/api/v1/disbursement-imports?province=21&fiscal_year=2569"
    data = gfmis([row(1), row(2)])

    def post():
        return api.post(url, {"file": SimpleUploadedFile("g.csv", data)}, format="multipart")

    assert post().status_code == 201
    real = services._known_keys
    calls = []

    def stale(*args, **kwargs):
        calls.append(1)
        return set() if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services, "_known_keys", stale)
    response = post()
    assert response.status_code == 201, response.content
    assert (response.json()["added"], response.json()["repeated"]) == (0, 2)


def test_the_api_and_the_page_never_answer_500(demo_user, settings):
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 100 * 1024 * 1024  # the import inside the request
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(demo_user("rayong"))
    url = "/api/v1/disbursement-imports?province=21&fiscal_year=2569"
    cases = [
        gfmis([row(1, disbursement="99999999999999999999")]),
        gfmis([row(1)] * 100 + [row(2, agency="a\x00b")]),
        gfmis([row(1, agency=hostile.big_text())]),
        gfmis([row(1)], "utf-8") + "x,Ÿ\r\n".encode("cp1252"),
    ]
    for data in cases:
        before = Transaction.objects.count()
        response = api.post(url, {"file": SimpleUploadedFile("g.csv", data)}, format="multipart")
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert errors and all(e["row"] for e in errors) and thai(errors[0]["message"])
        assert Transaction.objects.count() == before


def test_two_imports_of_one_file_at_the_same_moment_on_postgresql(demo_user, monkeypatch):
    """The real race, on PostgreSQL: two connections look for the file's rows before either
    writes (held together at that point), then both write; the second waits for the first
    and meets its rows in the unique constraint. Both answer; the rows are kept once."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (DATABASE_URL=postgres://...)")
    user = demo_user("rayong")
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    rayong = Area.objects.get(code="21")
    data = gfmis([row(n, agency="การแข่งกันนำเข้า") for n in range(1, 51)])
    both_looked = threading.Barrier(2)
    real = services._known_keys
    first_look = threading.local()

    def looked_together(*args, **kwargs):
        keys = real(*args, **kwargs)
        if not getattr(first_look, "done", False):
            first_look.done = True
            both_looked.wait(timeout=30)
        return keys

    monkeypatch.setattr(services, "_known_keys", looked_together)
    results: list = [None, None]

    def run(index: int) -> None:
        try:
            results[index] = services.import_disbursements(user, rayong, cycle, data, "g.csv")
        except BaseException as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert all(r.ok for r in results)
        assert sorted((r.added, r.repeated) for r in results) == [(0, 50), (50, 0)]
    finally:

        def clean() -> None:
            try:
                Transaction.objects.filter(agency="การแข่งกันนำเข้า").delete()
                DisbursementImport.objects.filter(
                    pk__in=[r.source.pk for r in results if getattr(r, "source", None)]
                ).delete()
            finally:
                connections.close_all()

        cleaner = threading.Thread(target=clean)
        cleaner.start()
        cleaner.join(timeout=60)
