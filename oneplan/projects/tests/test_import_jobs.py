"""Large proposal uploads run in the background with a progress page; the result is the
same all-or-nothing import, and a bad file is refused before anything is queued."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from oneplan.areas.models import Area
from oneplan.core import jobs
from oneplan.core.models import Job, JobStatus
from oneplan.cycles.models import Cycle
from oneplan.projects.excel import Source, build_template, import_proposals
from oneplan.projects.models import Proposal
from oneplan.projects.tests.test_excel import agency_row, fill

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def background(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    settings.ONEPLAN_INLINE_IMPORT_BYTES = 0  # every upload goes to the worker
    return tmp_path


def upload(client: Client, data: bytes, name: str = "โครงการ.xlsx"):
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    return client.post(
        "/projects/import/?province=21",
        {"cycle": cycle.pk, "source": "agency", "file": SimpleUploadedFile(name, data, XLSX)},
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def workbook(rows: list[dict]) -> bytes:
    cycle = Cycle.objects.get(fiscal_year_be=2570)
    return fill(build_template(Source.AGENCY, cycle, Area.objects.get(code="21")), rows)


def test_a_large_upload_runs_in_the_background_and_shows_its_result(background, demo_user):
    rayong = signed_in(demo_user("rayong"))
    response = upload(rayong, workbook([agency_row("BG-001"), agency_row("BG-002")]))
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.kind == "import:proposals" and job.filename == "โครงการ.xlsx"
    assert job.status == JobStatus.DONE and job.area_id == "21" and job.cluster_id is None
    assert (job.result["created"], job.result["errors"]) == (2, [])
    assert Proposal.objects.filter(reference_code__in=["BG-001", "BG-002"]).count() == 2
    assert not job.file and not list(background.rglob("*.xlsx"))  # the upload is deleted

    page = rayong.get(job.get_absolute_url()).content.decode()
    assert "นำเข้าเสร็จแล้ว เพิ่ม 2" in page and "hx-trigger" not in page  # finished: no polling
    # Only the user who started it sees it.
    other = signed_in(demo_user("secretariat"))
    assert other.get(job.get_absolute_url()).status_code == 404
    # The address before the one job page sends the user on to it.
    old = reverse("projects:import_job", kwargs={"job_id": job.pk})
    assert rayong.get(old)["Location"] == job.get_absolute_url()
    assert other.get(old).status_code == 404


def test_a_background_import_with_errors_saves_nothing_and_lists_them(background, demo_user):
    rayong = signed_in(demo_user("rayong"))
    rows = [agency_row("BG-101"), agency_row("BG-102", **{"งบประมาณ 2569": "หนึ่งล้าน"})]
    upload(rayong, workbook(rows))
    job = Job.objects.get()
    assert job.status == JobStatus.DONE
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "S (งบประมาณ 2569)")]
    assert not Proposal.objects.filter(reference_code__startswith="BG-1").exists()
    page = rayong.get(job.get_absolute_url()).content.decode()
    assert "ไม่มีข้อมูลใดถูกบันทึก" in page and "งบประมาณ 2569" in page


def test_a_bad_file_is_refused_before_anything_is_queued(background, demo_user):
    rayong = signed_in(demo_user("rayong"))
    response = upload(rayong, b"%PDF-1.7 not a workbook", name="โครงการ.xlsx")
    assert response.status_code == 200
    assert "ไม่ใช่ไฟล์ Excel" in response.content.decode()
    assert not Job.objects.exists() and not list(background.rglob("*"))
    # Nor does a user who may not import for the province get a job.
    response = upload(signed_in(demo_user("chonburi")), workbook([agency_row("BG-201")]))
    assert response.status_code == 404 and not Job.objects.exists()


def test_the_import_reports_its_progress_as_it_reads(demo_user):
    reports: list[tuple[int, str]] = []
    rows = [agency_row(f"PR-{n:04d}") for n in range(1, 1202)]
    result = import_proposals(
        demo_user("rayong"),
        Cycle.objects.get(fiscal_year_be=2570),
        Source.AGENCY,
        workbook(rows),
        owner=Area.objects.get(code="21"),
        progress=lambda percent, message: reports.append((percent, message)),
    )
    assert result.ok and result.created == 1201
    percents = [p for p, _m in reports]
    assert len(reports) >= 2 and percents == sorted(percents) and 0 < percents[-1] <= 95
    assert reports[-1][1].startswith("อ่านและตรวจสอบแล้ว")


def test_a_running_import_shows_the_workers_last_report_and_polls(demo_user):
    user = demo_user("rayong")
    job = Job.objects.create(
        requested_by=user,
        kind="import:proposals",
        params={"cycle_id": Cycle.objects.get(fiscal_year_be=2570).pk, "source": "agency"},
        area=Area.objects.get(code="21"),
        filename="ใหญ่.xlsx",
        status=JobStatus.RUNNING,
    )
    jobs.report(job.pk, 42, "อ่านและตรวจสอบแล้ว 42,000 แถว")
    client = signed_in(user)
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert 'value="42"' in body and "42,000 แถว" in body and 'hx-trigger="every 1s"' in body
    assert "<html" not in body  # htmx gets the fragment only
    assert "ปีงบประมาณ พ.ศ. 2570" in body and "ใหญ่.xlsx" in body

    progress = client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).json()
    assert (progress["status"], progress["percent"], progress["finished"]) == ("running", 42, False)
    assert progress["message"] == "อ่านและตรวจสอบแล้ว 42,000 แถว"
    assert progress["download_url"] is None  # an import's file is its upload, never offered
