"""No 500 on any input (issue 12): every hostile file of `oneplan.core.hostile` is sent to
every import endpoint (the GFMIS page and API, the proposal, plan and calendar Excel
imports) and hostile JSON bodies to the API's POST endpoints. Every answer is a success or
a refusal (< 500), and a refusal writes nothing: the rows counted before and after are equal.

Each case runs in a savepoint that is rolled back, so the cases do not depend on each other
(a success is undone before the next case)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from oneplan.core import hostile

pytestmark = [
    pytest.mark.django_db,
    # openpyxl warns of the hostile date serials it reads; the answer is what is tested.
    pytest.mark.filterwarnings("ignore::UserWarning:openpyxl"),
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

GFMIS_HEADER = [
    "วันที่เอกสาร",
    "เลขที่เอกสาร",
    "รหัสงบประมาณ",
    "รหัสกิจกรรม",
    "หน่วยงาน",
    "ยอดผูกพัน",
    "ยอดเบิกจ่าย",
]
GFMIS_ROW = ["15/01/2569", "D1", "210001OPE", "", "สำนักงานเกษตรจังหวัดระยอง", "0", "100"]
GFMIS_KINDS = ["date", "text", "code", "code", "text", "number", "number"]


@contextmanager
def undone() -> Iterator[None]:
    """A savepoint rolled back at the end, whatever happened inside."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class Tally:
    """The cases sent and what went wrong, reported all at once."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.sent = 0
        self.failures: list[str] = []

    def send(
        self,
        label: str,
        request: Callable[[], Any],
        counts: Callable[[], Any],
        after: Callable[[Any], str | None] | None = None,
    ) -> None:
        """Send one case: no 500; a refusal (>= 400, or a page showing errors) writes nothing;
        `after(response)` may check a success further (the written rows read back)."""
        self.sent += 1
        with undone():
            before = counts()
            response = request()
            if response.status_code >= 500:
                self.failures.append(f"{label}: {response.status_code}")
                return
            if refused(response):
                if counts() != before:
                    self.failures.append(f"{label}: refused but wrote {before} → {counts()}")
                untranslated = not_thai(response)
                if untranslated:
                    self.failures.append(
                        f"{label}: {response.status_code} not in Thai: {untranslated}"
                    )
                return
            problem = after(response) if after else None
            if problem:
                self.failures.append(f"{label}: {problem}")

    def check(self) -> None:
        assert not self.failures, (
            f"{self.endpoint}: {len(self.failures)} of {self.sent} cases failed:\n"
            + "\n".join(self.failures[:60])
        )


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    context = getattr(response, "context", None)
    if response.status_code == 200 and context is not None:
        form = context.get("form")
        result = context.get("result")
        if form is not None and form.errors:
            return True
        return result is None or not getattr(result, "ok", True)
    return False


# Not messages: the names of the fields, codes and places (a sheet's name is the file's own).
NOT_MESSAGES = {"field", "reference_code", "index", "code", "row", "column", "sheet"}


def not_thai(response) -> list[str]:
    """The messages of a JSON refusal that have no Thai in them (a page's are not read)."""
    if "json" not in response.get("Content-Type", ""):
        return []
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in NOT_MESSAGES:
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif (
            isinstance(value, str) and value and not any("\u0e00" <= ch <= "\u0e7f" for ch in value)
        ):
            found.append(f"{key}: {value[:80]}")

    walk(response.json())
    return found


def page_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


@lru_cache(maxsize=1)
def gfmis_files() -> list[hostile.FileCase]:
    base = hostile.workbook([GFMIS_HEADER, GFMIS_ROW])
    return [
        *hostile.csv_cases(GFMIS_HEADER, GFMIS_ROW, GFMIS_KINDS),
        *hostile.workbook_cases(base, 2, GFMIS_KINDS, every_cell_together=True),
        hostile.big_csv(GFMIS_HEADER, GFMIS_ROW, 4),
        hostile.big_workbook(base, 2, 5),
    ]


def other_files(
    base: bytes, row: int, kinds: list[str], sheet: str | None
) -> list[hostile.FileCase]:
    """An Excel import's cases: its own workbook's, and the CSV files of every encoding and
    malformation (its cell values are the workbook's already)."""
    csvs = hostile.csv_cases(GFMIS_HEADER, GFMIS_ROW, GFMIS_KINDS)
    cells = {f"csv-{label}" for label, _row in hostile.row_variants(GFMIS_ROW, GFMIS_KINDS)}
    return [
        *hostile.workbook_cases(base, row, kinds, sheet, every_cell_together=True),
        hostile.big_workbook(base, row, 2, sheet),
        *[c for c in csvs if c.label not in cells],
    ]


# --------------------------------------------------------------------------- GFMIS


def gfmis_counts() -> tuple[int, int]:
    from oneplan.monitoring.models import DisbursementImport, Transaction

    return DisbursementImport.objects.count(), Transaction.objects.count()


def gfmis_readable(client: Client, url: str) -> Callable[[Any], str | None]:
    """After an import: every new import holds the rows it counts, and a page that reads the
    province's rows (`url`: the rows one by one, or the dashboard's sums) still answers."""
    from oneplan.monitoring.models import DisbursementImport

    last = DisbursementImport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def check(_response) -> str | None:
        for source in DisbursementImport.objects.filter(pk__gt=last):
            if source.transactions.count() != source.added:
                return f"import {source.pk} counts {source.added} rows, holds another number"
        status = client.get(url).status_code
        return None if status == 200 else f"{url} answers {status} after the import"

    return check


def test_the_gfmis_page_survives_every_hostile_file(demo_user, settings, tmp_path):
    from oneplan.core.models import Job
    from oneplan.projects.tasks import MESSAGE_ERROR

    settings.TASKS = IMMEDIATE  # the background import runs at once
    settings.MEDIA_ROOT = tmp_path
    client = page_client(demo_user("rayong"))
    tally = Tally("GFMIS page")
    readable = gfmis_readable(client, "/monitoring/2569/21/rows/")

    def check(response) -> str | None:
        """A file the page took: its job ran to its end (not a crash), its upload deleted."""
        job = Job.objects.order_by("-created_at").first()
        if job is None or response.get("Location") != job.get_absolute_url():
            return f"answered {response.status_code} without its job"
        if not job.is_finished or job.message == MESSAGE_ERROR.format(job_id=job.pk):
            return f"the job ended {job.status}: {job.message}"
        if job.file:
            return "the upload was kept"
        return readable(response)

    for case in gfmis_files():
        tally.send(
            case.label,
            lambda case=case: client.post(
                "/monitoring/2569/21/import/", {"file": SimpleUploadedFile(case.name, case.data)}
            ),
            gfmis_counts,
            check,
        )
    tally.check()
    assert tally.sent >= 100


def test_the_gfmis_api_survives_every_hostile_file(demo_user, settings):
    # Every file imported inside the request (a big one would go to the worker: 202).
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 2**40
    api = api_client(demo_user("rayong"))
    pages = page_client(demo_user("rayong"))
    tally = Tally("POST /api/v1/disbursement-imports")
    check = gfmis_readable(pages, "/monitoring/2569/21/")
    url = "/api/v1/disbursement-imports?province=21&fiscal_year=2569"
    for case in gfmis_files():
        tally.send(
            case.label,
            lambda case=case: api.post(
                url, {"file": SimpleUploadedFile(case.name, case.data)}, format="multipart"
            ),
            gfmis_counts,
            check,
        )
    for case in hostile.json_cases({"file": "15/01/2569,210001OPE,100", "province": "21"})[:10]:
        tally.send(
            case.label,
            lambda case=case: api.post(url, case.body, content_type="application/json"),
            gfmis_counts,
        )
    tally.check()


# --------------------------------------------------------------------------- Excel imports


AGENCY_ROW = {
    "รหัสอ้างอิง": "HOSTILE-001",
    "ชื่อโครงการ": "ก่อสร้างลานกิจกรรมชุมชน",
    "ประเด็นยุทธศาสตร์": 2,
    "วัตถุประสงค์": "1. เพื่อให้ชุมชนมีพื้นที่ทำกิจกรรม",
    "เป้าหมาย (ผลผลิต)": "1. ลานกิจกรรม 1 แห่ง",
    "ตัวชี้วัด": "ผู้ใช้พึงพอใจ ร้อยละ 80",
    "ผลลัพธ์ที่คาดว่าจะได้รับ": "ชุมชนมีรายได้เพิ่มขึ้น",
    "พื้นที่ดำเนินการ": "เมืองระยอง",
    "วันเริ่มต้น": "1/11/2569",
    "วันสิ้นสุด": "31/08/2570",
    "แหล่งงบประมาณ": "งบประมาณจังหวัด",
    "หมวดงบประมาณ": "งบลงทุน",
    "งบประมาณ 2570": "1,250,000",
    "หน่วยงานรับผิดชอบ": "สำนักงานโยธาธิการและผังเมืองจังหวัดระยอง",
}
AGENCY_KINDS = {
    "ประเด็นยุทธศาสตร์": "number",
    "วันเริ่มต้น": "date",
    "วันสิ้นสุด": "date",
    "รหัสอ้างอิง": "code",
    "พื้นที่ดำเนินการ": "code",
    "แหล่งงบประมาณ": "code",
    "หมวดงบประมาณ": "code",
    "ขอตั้งงบประมาณโดยตรง": "code",
}


def agency_workbook() -> tuple[bytes, list[str]]:
    from oneplan.areas.models import Area
    from oneplan.cycles.models import Cycle
    from oneplan.projects.excel import Source, build_template

    template = build_template(
        Source.AGENCY, Cycle.objects.get(fiscal_year_be=2570), Area.objects.get(code="21")
    )
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for header, value in AGENCY_ROW.items():
        sheet.cell(row=2, column=headers.index(header) + 1, value=value)
    kinds = [
        "number" if str(h).startswith("งบประมาณ ") else AGENCY_KINDS.get(h, "text") for h in headers
    ]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), kinds


def proposal_counts() -> tuple[int, ...]:
    from auditlog.models import LogEntry

    from oneplan.projects.models import Proposal, ProposalIndicator, ProposalOutput

    return (
        Proposal.objects.count(),
        ProposalOutput.objects.count(),
        ProposalIndicator.objects.count(),
        LogEntry.objects.count(),
    )


def test_the_proposal_import_page_survives_every_hostile_file(demo_user, settings, tmp_path):
    from oneplan.cycles.models import Cycle

    settings.TASKS = IMMEDIATE  # a large file goes through the background import at once
    settings.MEDIA_ROOT = tmp_path
    base, kinds = agency_workbook()
    client = page_client(demo_user("rayong"))
    cycle = Cycle.objects.get(fiscal_year_be=2570).pk
    tally = Tally("proposal import page")

    def readable(response) -> str | None:
        from oneplan.projects.models import Proposal

        newest = Proposal.objects.order_by("-pk").first()
        status = client.get(newest.get_absolute_url()).status_code
        return None if status == 200 else f"the proposal's page answers {status}"

    for case in other_files(base, 2, kinds, None):
        tally.send(
            case.label,
            lambda case=case: client.post(
                "/projects/import/?province=21",
                {
                    "cycle": cycle,
                    "source": "agency",
                    "file": SimpleUploadedFile(case.name, case.data, XLSX),
                },
            ),
            proposal_counts,
            readable,
        )
    tally.check()


def plan_counts(edition) -> Callable[[], tuple[int, ...]]:
    from oneplan.plans.models import Goal, Indicator, IndicatorTarget, PlanProject, StrategicIssue

    def counts() -> tuple[int, ...]:
        models = (StrategicIssue, Goal, Indicator, IndicatorTarget, PlanProject)
        indicators = Indicator.objects.filter(edition=edition).values_list("name", "unit")
        return (*(model.objects.count() for model in models), sorted(indicators))

    return counts


def test_the_plan_import_page_survives_every_hostile_file(demo_user):
    from oneplan.plans.importing import SHEET_INDICATORS, build_template
    from oneplan.plans.tests.factories import make_plan

    edition = make_plan().editions.get()
    base = build_template(edition)
    kinds = ["code", "code", "text", "text", "number", "number", "code", "text", "code"]
    kinds += ["number"] * 5
    client = page_client(demo_user("rayong"))
    url = f"/plans/editions/{edition.pk}/import/"
    tally = Tally("plan import page")

    def readable(response) -> str | None:
        chain = client.get(f"/plans/editions/{edition.pk}/chain/")
        return None if chain.status_code == 200 else f"chain answers {chain.status_code}"

    for case in other_files(base, 2, kinds, SHEET_INDICATORS):
        tally.send(
            case.label,
            lambda case=case: client.post(
                url, {"file": SimpleUploadedFile(case.name, case.data, XLSX)}
            ),
            plan_counts(edition),
            readable,
        )
    tally.check()


def test_the_calendar_import_survives_every_hostile_file(demo_user):
    from oneplan.cycles import calendar_files
    from oneplan.cycles.models import Calendar

    calendar = Calendar.objects.filter(area_id="21").order_by("-cycle__fiscal_year_be").first()
    base = calendar_files.to_xlsx(calendar, date(2026, 1, 1))
    kinds = ["number", "code", "text", "text", "date", "text", "text", "code"]
    client = page_client(demo_user("rayong"))
    tally = Tally("calendar import page")

    def steps() -> list[tuple]:
        return list(
            calendar.steps.order_by("number").values_list("number", "action", "start", "end")
        )

    def readable(response) -> str | None:
        status = client.get(f"/calendars/{calendar.pk}/").status_code
        return None if status == 200 else f"the calendar answers {status}"

    for case in other_files(base, 2, kinds, "ปฏิทิน"):
        tally.send(
            case.label,
            lambda case=case: client.post(
                f"/calendars/{calendar.pk}/import/",
                {"file": SimpleUploadedFile(case.name, case.data, XLSX)},
            ),
            steps,
            readable,
        )
    tally.check()


# --------------------------------------------------------------------------- JSON API


PROPOSAL = {
    "cycle": 2570,
    "reference_code": "HOSTILE-70-001",
    "title": "โครงการส่งเสริมการแปรรูปมังคุดเพื่อการส่งออก",
    "objectives": "1. เพื่อเพิ่มมูลค่ามังคุด\n2. เพื่อเพิ่มรายได้ของเกษตรกร",
    "area": "21",
    "funding_channel": "province",
    "proposer_kind": "agency",
    "start_date": "2026-11-01",
    "end_date": "2027-08-31",
    "outputs": [{"description": "เกษตรกรได้รับการพัฒนา", "unit": "ราย", "quantity": "200"}],
    "indicators": [{"name": "รายได้ของเกษตรกรเพิ่มขึ้น", "unit": "ร้อยละ", "target": "10"}],
    "budget_lines": [
        {"fiscal_year_be": 2570, "category": "operating", "amount": "1500000"},
        {"fiscal_year_be": 2570, "category": "investment", "amount": "500000.50"},
    ],
    "tags": ["agri_value"],
}
DRAFT = {
    "cycle": 2570,
    "title": "โครงการจัดซื้อครุภัณฑ์การเกษตรเพื่อกลุ่มเกษตรกร",
    "objectives": "เพื่อจัดซื้อรถแทรกเตอร์และเครื่องพ่นสารเคมีให้กลุ่มเกษตรกร",
    "area": "21",
    "budget_lines": [{"fiscal_year_be": 2570, "category": "investment", "amount": "7800000"}],
    "tags": ["equipment"],
}
NOMINEE = {
    "birth_date": "1980-01-01",
    "selection_date": "2026-06-01",
    "nationality": "Thai",
    "district_code": "2101",
    "inside_municipality": True,
    "registrations": [
        {"district_code": "2101", "inside_municipality": True, "start": "2020-01-01"}
    ],
    "positions": [{"kind": "local_executive"}],
    "community_leader": True,
}
PLAN = {"province": "21", "first_year_be": 2601, "title": "แผนพัฒนาจังหวัดระยอง (ทดสอบ)"}


def plan_rows() -> tuple[int, int]:
    from oneplan.plans.models import Plan, PlanEdition

    return Plan.objects.count(), PlanEdition.objects.count()


def nothing() -> int:
    return 0


def json_endpoint(api: APIClient, url: str, valid: Any, counts, read=None) -> Tally:
    tally = Tally(f"POST {url}")
    for case in [
        *hostile.json_cases(valid),
        hostile.big_json(valid if isinstance(valid, dict) else valid[0]),
    ]:
        tally.send(
            case.label,
            lambda case=case: api.post(url, case.body, content_type="application/json"),
            counts,
            read,
        )
    return tally


def test_the_json_endpoints_answer_every_hostile_body(demo_user):
    """Every hostile body to every POST endpoint that takes JSON: no 500; a refusal writes
    nothing; what is written reads back."""
    agency = api_client(demo_user("rayong_agency"))
    rayong = api_client(demo_user("rayong_district"))

    def proposal_readable(response) -> str | None:
        data = response.json()
        ids = [data["id"]] if "id" in data else []
        for pk in ids:
            status = agency.get(f"/api/v1/proposals/{pk}").status_code
            if status != 200:
                return f"the proposal written answers {status}"
        listing = agency.get("/api/v1/proposals").status_code
        return None if listing == 200 else f"the list answers {listing}"

    tallies = [
        json_endpoint(agency, "/api/v1/proposals", PROPOSAL, proposal_counts, proposal_readable),
        json_endpoint(
            agency, "/api/v1/proposals/bulk", [PROPOSAL], proposal_counts, proposal_readable
        ),
        json_endpoint(agency, "/api/v1/proposals/screen", DRAFT, proposal_counts),
        json_endpoint(rayong, "/api/v1/representatives/eligibility", NOMINEE, nothing),
        json_endpoint(api_client(demo_user("rayong")), "/api/v1/plans", PLAN, plan_rows),
    ]
    failures = [f"{t.endpoint}: {f}" for t in tallies for f in t.failures]
    assert not failures, f"{len(failures)} of {sum(t.sent for t in tallies)} failed:\n" + "\n".join(
        failures[:80]
    )
