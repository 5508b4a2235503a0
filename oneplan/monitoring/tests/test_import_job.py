"""The GFMIS import in the background: the upload page refuses a bad file at once and
otherwise only stores it and queues a job; the worker runs the same all-or-nothing import,
and the job page shows its progress, then its result or every problem by row and column."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.core import jobs
from oneplan.core.models import Job, JobStatus
from oneplan.cycles.models import Cycle
from oneplan.documents.workbook import MB
from oneplan.monitoring import tasks
from oneplan.monitoring.models import DisbursementImport, Transaction

pytestmark = pytest.mark.django_db

URL = "/monitoring/2568/21/import/"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def gfmis(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["วันที่เอกสาร", "เลขที่เอกสาร", "รหัสงบประมาณ", "หน่วยงาน", "ยอดเบิกจ่าย"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


GOOD = [
    ["15/11/2567", "JB1", "21001", "สำนักงานการท่องเที่ยว", "300,000.00"],
    ["20/12/2567", "JB2", "21002", "สำนักงานเกษตร", "200,000"],
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, data: bytes, name: str = "gfmis.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_the_upload_only_queues_a_job_and_the_worker_imports_it(demo_user, media, settings):
    settings.TASKS = DATABASE_QUEUE  # no worker here: the job waits in the queue
    rayong = signed_in(demo_user("rayong"))
    before = Transaction.objects.count(), DisbursementImport.objects.count()

    response = post(rayong, gfmis(GOOD))

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.area_id, job.filename) == (
        tasks.KIND,
        JobStatus.QUEUED,
        "21",
        "gfmis.csv",
    )
    assert (Transaction.objects.count(), DisbursementImport.objects.count()) == before
    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(job.pk)]
    upload = Path(job.file.path)
    assert upload.read_bytes() == gfmis(GOOD)
    page = rayong.get(job.get_absolute_url()).content.decode()
    assert str(jobs.MESSAGE_NO_WORKER) in page and 'hx-trigger="every 1s"' in page

    assert jobs.run(job.pk) == JobStatus.DONE  # what the worker does with the queued task

    job.refresh_from_db()
    source = DisbursementImport.objects.get(file_name="gfmis.csv")
    assert source.transactions.count() == 2 and source.imported_by == demo_user("rayong")
    assert job.result["added"] == 2 and job.result["rows"] == 2 and job.result["errors"] == []
    assert job.result["import_id"] == source.pk and job.progress == 100
    assert not job.file and not upload.exists()  # the upload is deleted once read
    page = rayong.get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page and "/monitoring/2568/21/" in page and "gfmis.csv" in page

    progress = rayong.get(f"/jobs/{job.pk}/progress/").json()
    assert (progress["status"], progress["percent"], progress["finished"]) == ("done", 100, True)


def test_a_file_with_bad_rows_saves_nothing_and_its_job_lists_every_problem(
    demo_user, media, settings
):
    settings.TASKS = IMMEDIATE
    rayong = signed_in(demo_user("rayong"))
    before = Transaction.objects.count()
    data = gfmis([GOOD[0], ["31/02/2568", "JB3", "21001", "", "100"], ["", "JB4", "", "", "abc"]])

    response = post(rayong, data)

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.status == JobStatus.DONE
    assert Transaction.objects.count() == before  # all or nothing
    problems = {(e["row"], e["column"].split(" ")[0]) for e in job.result["errors"]}
    assert problems == {(3, "A"), (4, "A"), (4, "C"), (4, "E")}
    page = rayong.get(job.get_absolute_url()).content.decode()
    for error in job.result["errors"]:
        assert error["message"] in page and error["column"] in page
    assert 'role="alert"' in page and not list(media.rglob("*.csv"))


def test_a_file_that_is_no_export_is_refused_before_anything_is_queued(demo_user, media, settings):
    settings.TASKS = IMMEDIATE
    rayong = signed_in(demo_user("rayong"))
    response = post(rayong, b"%PDF-1.7 not a workbook", name="gfmis.xlsx")
    assert response.status_code == 200
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) หรือไฟล์เสียหาย" in response.content.decode()
    limits = settings.ONEPLAN_IMPORT_LIMITS
    settings.ONEPLAN_IMPORT_LIMITS = {**limits, "gfmis": {**limits["gfmis"], "file_bytes": MB}}
    response = post(rayong, gfmis(GOOD) + b" " * MB)
    assert "ไฟล์ใหญ่เกิน 1 MB" in response.content.decode()
    assert not Job.objects.exists() and not list(media.rglob("*"))
    # Nor does a user who may not import for the province get a job.
    assert post(signed_in(demo_user("chonburi")), gfmis(GOOD)).status_code == 404
    assert not Job.objects.exists()


def test_a_user_waits_for_unfinished_imports(demo_user, media, settings):
    settings.TASKS = DATABASE_QUEUE
    rayong = signed_in(demo_user("rayong"))
    for _ in range(tasks.MAX_UNFINISHED):
        assert post(rayong, gfmis(GOOD)).status_code == 302
    response = post(rayong, gfmis(GOOD))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Job.objects.count() == tasks.MAX_UNFINISHED


def test_the_worker_asks_the_policy_again(demo_user, media):
    """A job queued for a province its user may not import for (the rights changed since)
    fails with the import's own Thai refusal, and writes nothing."""
    job = Job.objects.create(
        requested_by=demo_user("chonburi"),
        kind=tasks.KIND,
        params={"cycle_id": Cycle.objects.get(fiscal_year_be=2568).pk},
        area=Area.objects.get(code="21"),
        filename="gfmis.csv",
        file=ContentFile(gfmis(GOOD), name="gfmis.csv"),
    )
    before = Transaction.objects.count()
    assert jobs.run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.message.startswith("คุณไม่มีสิทธิ์นำเข้าผลการเบิกจ่าย") and not job.file
    assert Transaction.objects.count() == before


API = "/api/v1/disbursement-imports?province=21&fiscal_year=2568"


def api_post(client, data: bytes, name: str = "gfmis.csv"):
    return client.post(API, {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_a_big_export_sent_through_the_api_is_imported_by_the_worker(demo_user, media, settings):
    """Over ONEPLAN_INLINE_IMPORT_BYTES the API answers 202 with the job, not after the
    import: the token client follows Location for the progress, then the counts."""
    settings.TASKS = DATABASE_QUEUE
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 10  # every file here is "big"
    api = APIClient()
    api.force_authenticate(demo_user("rayong"))
    before = Transaction.objects.count()

    response = api_post(api, gfmis(GOOD))

    job = Job.objects.get()
    assert response.status_code == 202, response.content
    assert response["Location"] == f"/api/v1/jobs/{job.pk}"
    assert (response.json()["status"], response.json()["finished"]) == ("queued", False)
    assert Transaction.objects.count() == before  # nothing imported inside the request

    assert jobs.run(job.pk) == JobStatus.DONE  # what the worker does
    state = api.get(response["Location"]).json()
    assert (state["status"], state["finished"], state["percent"]) == ("done", True, 100)
    assert state["result"]["added"] == 2 and state["result"]["errors"] == []
    assert Transaction.objects.count() == before + 2

    # The job is its requester's: another user, even of the same province, is told 404.
    other = APIClient()
    other.force_authenticate(demo_user("chonburi"))
    assert other.get(response["Location"]).status_code == 404


def test_the_api_refuses_a_big_export_it_may_not_import_before_queueing(demo_user, media, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 10
    chonburi = APIClient()
    chonburi.force_authenticate(demo_user("chonburi"))
    assert api_post(chonburi, gfmis(GOOD)).status_code == 403
    rayong = APIClient()
    rayong.force_authenticate(demo_user("rayong"))
    refused = api_post(rayong, b"%PDF-1.7 not a workbook", name="gfmis.xlsx")
    assert refused.status_code == 400 and refused.json()["errors"][0]["message"]
    assert not Job.objects.exists()
    for _ in range(tasks.MAX_UNFINISHED):
        assert api_post(rayong, gfmis(GOOD)).status_code == 202
    assert api_post(rayong, gfmis(GOOD)).status_code == 429


def test_the_import_says_how_far_it_has_got(demo_user, monkeypatch):
    """The check of every row fills the first half of the bar, the writing the second; the
    job runner shows each step on the job page."""
    from oneplan.monitoring import services

    monkeypatch.setattr(services, "BATCH", 1)
    heard: list[tuple[int, str]] = []
    rows = [[f"{day:02d}/11/2567", f"JB{day}", "21001", "สำนักงาน", "100"] for day in range(1, 9)]
    result = services.import_disbursements(
        demo_user("rayong"),
        Area.objects.get(code="21"),
        Cycle.objects.get(fiscal_year_be=2568),
        gfmis(rows),
        "gfmis.csv",
        lambda percent, message: heard.append((percent, message)),
    )
    assert result.ok and result.added == 8
    percents = [percent for percent, _message in heard]
    assert percents == sorted(percents) and all(0 <= p <= 99 for p in percents)
    checking = [p for p in percents if p < 50]
    saving = [p for p in percents if p >= 50]
    assert len(checking) == len(saving) == 8  # each row read, each (one-row) batch written
    assert checking[-1] > checking[0] and saving[-1] > saving[0]
    assert all(message for _percent, message in heard)


def test_an_import_job_speaks_the_language_of_whoever_asked(demo_user, media, settings):
    """The worker runs in the site's language, but an import's progress and result are for
    the user who sent the file: in English when they asked in English."""
    settings.TASKS = DATABASE_QUEUE
    rayong = signed_in(demo_user("rayong"))
    rayong.post(
        URL, {"file": SimpleUploadedFile("gfmis.csv", gfmis(GOOD))}, HTTP_ACCEPT_LANGUAGE="en"
    )
    post(rayong, gfmis(GOOD), name="again.csv")  # the same rows, asked in Thai
    english, thai = Job.objects.order_by("created_at")
    assert english.params["language"] == "en" and thai.params["language"] == "th"
    assert jobs.run(english.pk) == JobStatus.DONE and jobs.run(thai.pk) == JobStatus.DONE
    english.refresh_from_db()
    thai.refresh_from_db()
    assert english.message.startswith("Imported") and not re.search("[ก-๙]", english.message)
    assert thai.message.startswith("นำเข้าเสร็จแล้ว")
