"""The plan as documents (DOCX, PDF, XLSX), the annex of changes, and the document views.

Built on the factory plan (`make_plan`). The views are mounted by this module's own
urlconf (the project's plans/urls.py plus the three document routes), so the tests do
not depend on where the routes end up.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.test import override_settings
from django.urls import include, path, reverse

from oneplan import urls as root_urls
from oneplan.core.models import Job, JobStatus
from oneplan.core.thai import to_thai_digits
from oneplan.documents import blocks as b
from oneplan.documents import pdf as pdfmod
from oneplan.plans import documents as plan_documents
from oneplan.plans import services, views_documents
from oneplan.plans import urls as plans_urls
from oneplan.plans.models import EditionStatus, Indicator, PlanEdition, StrategicIssue
from oneplan.plans.tests.factories import make_plan

document_patterns = [
    path(
        "editions/<int:pk>/documents/<str:kind>/",
        views_documents.start,
        name="document_start",
    ),
    path("documents/<uuid:job_id>/", views_documents.job_status, name="document_job"),
    path(
        "documents/<uuid:job_id>/download/",
        views_documents.job_download,
        name="document_download",
    ),
]
urlpatterns = [
    *(p for p in root_urls.urlpatterns if not str(p.pattern).startswith("plans/")),
    path("plans/", include(([*document_patterns, *plans_urls.urlpatterns], "plans"))),
]
pytestmark = pytest.mark.urls(__name__)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
THAI_DIGITS = re.compile("[๐-๙]")
ARABIC_DIGITS = re.compile("[0-9]")


def docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The paragraphs and the table rows (cell texts) of a DOCX."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    return paragraphs, rows


def all_text(data: bytes) -> str:
    paragraphs, rows = docx_text(data)
    document = docx.Document(io.BytesIO(data))
    header = " ".join(p.text for s in document.sections for p in s.header.paragraphs)
    return "\n".join([*paragraphs, *("\t".join(r) for r in rows), header])


@pytest.fixture
def plan(db):
    return make_plan()


@pytest.fixture
def edition(plan) -> PlanEdition:
    return plan.editions.get()


@pytest.fixture
def data(edition) -> plan_documents.PlanData:
    return plan_documents.load_plan(edition.pk)


# --------------------------------------------------------------------------- DOCX


def test_docx_has_the_whole_plan_in_thai_digits(data, plan, edition):
    content = plan_documents.plan_docx(data, thai_digits=True)
    paragraphs, rows = docx_text(content)
    text = all_text(content)
    assert to_thai_digits(plan.title) in text
    for issue in StrategicIssue.objects.filter(edition=edition):
        assert to_thai_digits(issue.title) in text
    years = [to_thai_digits(str(y)) for y in plan.years]
    header = next(r for r in rows if r[0] == "ตัวชี้วัด")
    assert header[2:] == years
    for indicator in Indicator.objects.filter(edition=edition).prefetch_related("targets"):
        row = next(r for r in rows if r[0].startswith(to_thai_digits(indicator.number)))
        expected = [to_thai_digits(str(int(t.value))) for t in indicator.targets.all()]
        assert row[2:] == expected and len(expected) == len(plan.years)
    for part in ("ส่วนที่ ๑ ข้อมูลทั่วไป", "ส่วนที่ ๔ แผนงาน/โครงการ", "สารบัญ"):
        assert any(part in p for p in paragraphs), part
    assert "ผลการดำเนินงานที่ผ่านมา" in text and "TOWS" in text
    assert "สามล้านบาทถ้วน" in text  # the total budget in words
    assert "๓,๐๐๐,๐๐๐.๐๐" in text
    assert not ARABIC_DIGITS.search(text), ARABIC_DIGITS.findall(text)[:5]


def test_docx_layout_styles_and_toc(data):
    content = plan_documents.plan_docx(data)
    document = docx.Document(io.BytesIO(content))
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    assert defaults.xpath("w:sz/@w:val") == ["32"] and defaults.xpath("w:szCs/@w:val") == ["32"]
    fonts = defaults.xpath("w:rFonts")[0]
    assert fonts.get(docx.oxml.ns.qn("w:cs")) == "TH Sarabun New"
    normal = document.styles["Normal"].element.rPr
    assert normal.xpath("w:szCs/@w:val") == ["32"]
    assert 'TOC \\o "1-3" \\h \\z \\u' in document.element.body.xml
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"w:updateFields" in archive.read("word/settings.xml")
    # ส่วนที่ 4 and the summary are on landscape pages.
    assert any(s.page_width > s.page_height for s in document.sections)


def test_docx_in_arabic_digits(data, plan):
    text = all_text(plan_documents.plan_docx(data, thai_digits=False))
    assert plan.title in text and str(plan.first_year_be) in text
    assert not THAI_DIGITS.search(text)


def test_reading_the_plan_takes_a_fixed_number_of_queries(edition, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        loaded = plan_documents.load_plan(edition.pk)
        plan_documents.plan_blocks(loaded)
        plan_documents.plan_xlsx(loaded)


def test_progress_is_reported_per_part(data):
    seen: list[tuple[int, str]] = []
    plan_documents.plan_docx(data, progress=lambda p, m: seen.append((p, m)))
    percents = [p for p, _m in seen]
    assert percents == sorted(percents) and len(seen) >= 5
    assert all(0 < p < 100 for p in percents)


# --------------------------------------------------------------------------- PDF


def test_pdf_is_thai_and_embeds_sarabun(data, plan):
    content = plan_documents.plan_pdf(data)
    assert content.startswith(b"%PDF-")
    inflated = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            inflated.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+Sarabun", b"".join(inflated))

    blocks = b.with_thai_digits(plan_documents.plan_blocks(data), True)
    html = pdfmod.blocks_to_html(blocks, title=plan.title)
    pages = pdfmod.document_text(pdfmod.render_html(html))
    text = " ".join(pages)
    assert to_thai_digits(plan.title) in pages[0]
    assert "ส่วนที่ ๓ วิสัยทัศน์ พันธกิจ และประเด็นยุทธศาสตร์" in text
    assert "สามล้านบาทถ้วน" in text
    assert not ARABIC_DIGITS.search(text)


# --------------------------------------------------------------------------- XLSX


def test_xlsx_sheets(data, plan):
    workbook = openpyxl.load_workbook(io.BytesIO(plan_documents.plan_xlsx(data)))
    assert workbook.sheetnames == ["ประเด็นยุทธศาสตร์", "เป้าประสงค์", "ตัวชี้วัด", "กลยุทธ์", "โครงการ"]
    for name in workbook.sheetnames:
        assert workbook[name].max_row >= 3, name  # header + two rows
    indicators = workbook["ตัวชี้วัด"]
    header = [c.value for c in indicators[1]]
    year_columns = [header.index(f"เป้าหมาย {y}") for y in plan.years]
    first = [c.value for c in indicators[2]]
    assert [first[i] for i in year_columns] == [4, 5, 6, 7, 8]
    projects = workbook["โครงการ"]
    assert projects.cell(2, 11).value == 1500000


def test_xlsx_neutralises_formulas_typed_by_users(edition):
    StrategicIssue.objects.filter(edition=edition, priority=1).update(title="=cmd|'/c calc'!A1")
    loaded = plan_documents.load_plan(edition.pk)
    content = plan_documents.plan_xlsx(loaded)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in names)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["ประเด็นยุทธศาสตร์"]
    assert sheet["B2"].value == "=cmd|'/c calc'!A1" and sheet["B2"].data_type == "s"


# --------------------------------------------------------------------------- the diff annex


@pytest.fixture
def review(plan, edition, demo_user):
    """An approved edition, then a yearly review whose first indicator's target changed."""
    user = demo_user("rayong")
    PlanEdition.objects.filter(pk=edition.pk).update(status=EditionStatus.APPROVED)
    new = services.start_review(user, plan, plan.first_year_be + 1)
    indicator = new.indicators.order_by("order").first()
    services.set_targets(user, indicator, {plan.years[2]: Decimal("99")})
    return new


def test_diff_annex_shows_the_changed_target(review, edition):
    diff = plan_documents.load_diff(edition.pk, review.pk)
    content = plan_documents.diff_docx(diff, thai_digits=True)
    paragraphs, rows = docx_text(content)
    changed = [r for r in rows if "๙๙" in r]
    assert changed, rows
    row = changed[0]
    assert row[3] == "๖" and row[4] == "๙๙"  # old → new
    assert "๒๕๙๓" in row[2]  # the year whose target changed
    assert any("แก้ไข" in r[0] for r in rows)
    assert "ตัวชี้วัดและค่าเป้าหมาย" in paragraphs
    pdf = plan_documents.diff_pdf(diff)
    assert pdf.startswith(b"%PDF-")


def test_diff_renderer_refuses_editions_of_two_plans(review, edition, immediate):
    from oneplan.documents.tasks import start_job

    other = make_plan(province_code="20").editions.get()
    job = start_job(None, "plan_diff.docx", {"old_id": other.pk, "new_id": review.pk})
    assert job.status == JobStatus.FAILED and "แผนเดียวกัน" in job.message


# --------------------------------------------------------------------------- jobs and views


@pytest.fixture
def immediate(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(TASKS=IMMEDIATE):
        yield


def test_missing_edition_fails_with_thai_message(db, immediate):
    from oneplan.documents.tasks import start_job

    job = start_job(None, "plan.pdf", {"edition_id": 999_999})
    assert job.status == JobStatus.FAILED and job.message == "ไม่พบแผนฉบับที่ขอ อาจถูกลบไปแล้ว"


def test_job_end_to_end_through_the_views(client, demo_user, edition, plan, immediate):
    client.force_login(demo_user("rayong"))
    url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": "plan.docx"})
    response = client.post(url, {"thai_digits": ["0", "1"]})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:job", kwargs={"job_id": job.pk})
    assert job.status == JobStatus.DONE and job.progress == 100
    assert job.area_id == plan.province_id and job.params["thai_digits"] is True

    page = client.get(response.url)
    assert page.status_code == 200
    assert b'<progress value="100" max="100"' in page.content
    assert reverse("jobs:download", kwargs={"job_id": job.pk}).encode() in page.content
    assert reverse("plans:edition", kwargs={"pk": edition.pk}).encode() in page.content  # back

    fragment = client.get(response.url, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b"hx-trigger" not in fragment.content

    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == plan_documents.DOCX
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "no-store" in download["Cache-Control"]
    body = b"".join(download.streaming_content)
    assert to_thai_digits(plan.title) in all_text(body)


def test_other_users_get_404(client, demo_user, edition, immediate):
    client.force_login(demo_user("rayong"))
    url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": "plan.xlsx"})
    client.post(url)
    job = Job.objects.get()
    job_url = reverse("jobs:job", kwargs={"job_id": job.pk})
    download_url = reverse("jobs:download", kwargs={"job_id": job.pk})
    assert client.get(download_url).status_code == 200
    # The addresses before the one job page send the user on to it.
    old_urls = [
        reverse(f"plans:document_{n}", kwargs={"job_id": job.pk}) for n in ("job", "download")
    ]
    assert [client.get(u)["Location"] for u in old_urls] == [job_url, download_url]

    for other in ("chonburi", "secretariat"):  # another province; a national reader
        client.force_login(demo_user(other))
        assert client.get(job_url).status_code == 404
        assert client.get(download_url).status_code == 404
        assert all(client.get(u).status_code == 404 for u in old_urls)

    client.force_login(demo_user("chonburi"))
    assert client.post(url).status_code == 404  # cannot read Rayong's plan: cannot print it
    client.logout()
    assert client.get(download_url).status_code == 302  # to the login page


def test_htmx_start_returns_the_progress_fragment(client, demo_user, edition, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(demo_user("rayong"))
    url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": "plan.pdf"})
    response = client.post(url, headers={"HX-Request": "true"})
    job = Job.objects.get()
    assert response.status_code == 200 and job.status == JobStatus.QUEUED
    poll = reverse("jobs:job", kwargs={"job_id": job.pk})
    assert f'hx-get="{poll}"'.encode() in response.content
    assert b'hx-trigger="every 1s"' in response.content
    assert b"<progress" in response.content and b"style=" not in response.content


def test_start_rejects_unknown_kinds_and_get(client, demo_user, edition):
    client.force_login(demo_user("rayong"))
    url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": "plan.exe"})
    assert client.post(url).status_code == 404
    url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": "plan.pdf"})
    assert client.get(url).status_code == 405


def test_diff_job_through_the_view(client, demo_user, review, edition, immediate):
    client.force_login(demo_user("rayong"))
    url = reverse("plans:document_start", kwargs={"pk": review.pk, "kind": "plan_diff.pdf"})
    client.post(url, {"against": str(edition.pk)})
    job = Job.objects.get()
    assert job.params == {"old_id": edition.pk, "new_id": review.pk, "thai_digits": True}
    assert job.status == JobStatus.DONE and job.filename.endswith(".pdf")
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_too_many_unfinished_jobs(client, demo_user, edition):
    user = demo_user("rayong")
    for _ in range(views_documents.MAX_UNFINISHED_JOBS):
        Job.objects.create(requested_by=user, kind="document:plan.pdf")
    client.force_login(user)
    url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": "plan.pdf"})
    assert client.post(url).status_code == 302
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b'role="alert"' in response.content
    assert Job.objects.count() == views_documents.MAX_UNFINISHED_JOBS


def test_action_partials_post_to_the_document_routes(rf, demo_user, review, edition):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = demo_user("rayong")
    html = render_to_string("plans/documents/_actions.html", {"edition": edition}, request)
    for kind in plan_documents.PLAN_KINDS:
        url = reverse("plans:document_start", kwargs={"pk": edition.pk, "kind": kind})
        assert f'formaction="{url}"' in html and f'hx-post="{url}"' in html
    assert "csrfmiddlewaretoken" in html and 'id="document-jobs"' in html

    context = {"edition": review, "against": edition}
    html = render_to_string("plans/documents/_diff_actions.html", context, request)
    for kind in plan_documents.DIFF_KINDS:
        assert reverse("plans:document_start", kwargs={"pk": review.pk, "kind": kind}) in html
    assert f'name="against" value="{edition.pk}"' in html
    assert render_to_string("plans/documents/_diff_actions.html", {"edition": review}).strip() == ""
