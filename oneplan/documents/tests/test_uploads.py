"""Attached files are kept only when they are what their names say: each is opened as that
type (PDF, Word, Excel, JPEG, PNG) within size and expansion limits, and refused, in Thai
naming the file, when it is something else or carries scripts, macros or programs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from oneplan.documents import uploads
from oneplan.documents.tests import files

# ------------------------------------------------------------------ the checker on its own


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.check_attachment(SimpleUploadedFile(name, data))
    message = " ".join(caught.value.messages)
    assert f"“{name}”" in message, message  # names the file
    return message


SOUND = [
    ("แบบเสนอโครงการ.pdf", files.pdf),
    ("แบบเสนอโครงการ.docx", files.docx),
    ("ประมาณการ.xlsx", files.xlsx),
    ("หน้างาน.png", files.png),
    ("หน้างาน.jpg", files.jpeg),
    ("หน้างาน.JPEG", files.jpeg),
]


@pytest.mark.parametrize(("name", "build"), SOUND)
def test_sound_files_of_each_accepted_type_pass(name, build):
    upload = SimpleUploadedFile(name, build())
    uploads.check_attachment(upload)
    assert upload.tell() == 0  # ready to be stored from the start


FOUND_OUTSIDE = [
    ("แบบโครงการ.pdf", files.pdf_header_on_executable, "ไม่ใช่ไฟล์ PDF"),
    ("แบบโครงการ.pdf", files.pdf_header_on_html, "ไม่ใช่ไฟล์ PDF"),
    ("แบบโครงการ.docx", lambda: files.zip_of({"setup.exe": files.EXE}), "ไม่ใช่ไฟล์ Word"),
    ("ประมาณการ.xlsx", lambda: files.zip_of({"readme.txt": b"hello"}), "ไม่ใช่ไฟล์ Excel"),
]


@pytest.mark.parametrize(("name", "build", "says"), FOUND_OUTSIDE)
def test_the_files_found_from_outside_are_refused(name, build, says):
    assert says in refusal(name, build())


def test_a_pdf_with_a_script_or_an_embedded_file_is_refused():
    assert "สคริปต์" in refusal("a.pdf", files.pdf(javascript="app.alert(1)"))
    assert "สคริปต์" in refusal("b.pdf", files.pdf_open_action_script())  # #-escaped names
    assert "ฝัง" in refusal("c.pdf", files.pdf(attachment=files.EXE))


def test_a_pdf_with_something_after_its_end_is_refused():
    html = b"<html><script>alert(1)</script></html>"
    assert "ต่อท้าย" in refusal("a.pdf", files.pdf() + html)
    assert "ต่อท้าย" in refusal("b.pdf", files.pdf() + files.EXE)
    uploads.check_attachment(SimpleUploadedFile("c.pdf", files.pdf() + b"\r\n\x00"))


def test_a_pdf_without_a_sound_cross_reference_is_refused():
    broken = files.pdf().replace(b"startxref", b"startxrex")
    assert "ไม่ใช่ไฟล์ PDF" in refusal("a.pdf", broken)
    assert "ไม่ใช่ไฟล์ PDF" in refusal("b.pdf", b" " + files.pdf())  # %PDF- not at offset 0


def test_office_files_with_macros_programs_or_tricks_are_refused():
    assert "มาโคร" in refusal("a.docx", files.docm_named_docx())
    assert "รหัสผ่าน" in refusal("b.docx", files.encrypted_zip(files.docx()))
    assert "โปรแกรม" in refusal(
        "c.docx", files.rezip(files.docx(), add={"word/media/image1.png": files.EXE})
    )
    assert "โปรแกรม" in refusal(
        "d.xlsx", files.rezip(files.xlsx(), add={"xl/embeddings/run.vbs": b"MsgBox 1"})
    )
    assert "ไม่ปลอดภัย" in refusal(
        "e.docx", files.rezip(files.docx(), add={"../../etc/cron.d/x": b"x"})
    )
    assert "ไม่ใช่ไฟล์ Excel" in refusal("f.xlsx", files.docx())  # a Word file named .xlsx
    assert "ไม่ใช่ไฟล์ Word" in refusal("g.docx", files.xlsx())
    assert "รหัสผ่าน" in refusal("h.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_zip_bombs_are_refused_by_the_limits_in_settings(settings):
    # One member of zeros: 8 MB from a few kilobytes, far beyond the compression ratio allowed.
    bomb = files.rezip(files.docx(), add={"word/media/big.xml": b"\x00" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert "คลาย" in refusal("a.docx", bomb)
    # The whole package unpacked, and the count of its parts, come from the settings.
    settings.ONEPLAN_UPLOAD_LIMITS = {"max_unpacked_bytes": 20_000}
    assert "คลาย" in refusal("b.docx", files.docx())
    settings.ONEPLAN_UPLOAD_LIMITS = {"max_members": 3}
    assert "ส่วนประกอบ" in refusal("c.docx", files.docx())
    settings.ONEPLAN_UPLOAD_LIMITS = {}
    uploads.check_attachment(SimpleUploadedFile("d.docx", files.docx()))


def test_images_must_decode_as_the_type_named_within_the_pixel_limit(settings, monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint sets it
    assert "PNG" in refusal("a.png", files.png_that_does_not_decode())
    assert "PNG" in refusal("a2.png", files.png()[:-40] + files.png()[-12:])  # cut short
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as it was
    assert "พิกเซล" in refusal("b.png", files.png_bomb())
    assert "PNG" in refusal("c.png", files.jpeg())  # a JPEG named .png
    assert "JPEG" in refusal("d.jpg", files.png())
    assert "PNG" in refusal("e.png", files.gif())
    assert "PNG" in refusal("f.png", files.png() + files.EXE)  # a program after the image
    settings.ONEPLAN_UPLOAD_LIMITS = {"max_image_pixels": 1000}
    assert "พิกเซล" in refusal("g.jpg", files.jpeg())


def test_other_types_empty_and_large_files_are_refused(settings):
    assert "รับเฉพาะ" in refusal("setup.exe", files.EXE)
    assert "รับเฉพาะ" in refusal("page.html", b"<script>alert(1)</script>")
    assert "รับเฉพาะ" in refusal("แบบฟอร์ม.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert "รับเฉพาะ" in refusal("ไม่มีนามสกุล", files.pdf())
    assert "ว่าง" in refusal("a.pdf", b"")
    settings.ONEPLAN_UPLOAD_LIMITS = {"max_bytes": 1024 * 1024}
    assert "1 MB" in refusal("b.pdf", files.pdf() + b"\n" * (1024 * 1024))


# ------------------------------------------------------------------ every attachment endpoint


@dataclass
class Endpoint:
    client: Client
    url: str
    stored: Callable[[], int]


def _proposal_endpoint(demo_user) -> Endpoint:
    from oneplan.orgs.models import Organisation
    from oneplan.projects.tests.factories import make_proposal

    agri = Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")
    proposal = make_proposal(proposer=agri)
    client = Client()
    client.force_login(demo_user("rayong_agency"))
    return Endpoint(client, f"/projects/{proposal.pk}/attachments/", proposal.attachments.count)


def _report_endpoint(demo_user) -> Endpoint:
    from oneplan.monitoring.models import ReportPhoto
    from oneplan.projects.models import ActionPlanItem

    item = ActionPlanItem.objects.get(
        action_plan__cycle__fiscal_year_be=2569,
        action_plan__province_id="21",
        proposal__reference_code="RY69-PW-01",
    )
    client = Client()
    client.force_login(demo_user("rayong"))
    url = f"/monitoring/projects/{item.pk}/reports/2569-Q2/"  # returned: open again
    return Endpoint(client, url, ReportPhoto.objects.filter(report__item=item).count)


def _meeting_endpoint(demo_user) -> Endpoint:
    from oneplan.committees.models import Meeting

    meeting = Meeting.objects.get(committee__area_id="21", number="ครั้งที่ 3/2569")
    client = Client()
    client.force_login(demo_user("rayong"))
    return Endpoint(
        client, f"/committees/meetings/{meeting.pk}/documents/", meeting.documents.count
    )


ENDPOINTS = {
    "proposal": _proposal_endpoint,
    "progress report": _report_endpoint,
    "meeting": _meeting_endpoint,
}


@pytest.fixture(params=list(ENDPOINTS))
def endpoint(request, demo_user, settings, tmp_path) -> Endpoint:
    settings.MEDIA_ROOT = tmp_path
    return ENDPOINTS[request.param](demo_user)


def _stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "says"), FOUND_OUTSIDE)
def test_each_endpoint_refuses_the_files_found_and_stores_nothing(
    endpoint, settings, name, build, says
):
    before = endpoint.stored()
    response = endpoint.client.post(endpoint.url, {"file": SimpleUploadedFile(name, build())})
    assert response.status_code == 302
    assert endpoint.stored() == before
    assert _stored_files(settings.MEDIA_ROOT) == []
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"“{name}”" in m and says in m for m in shown), shown


@pytest.mark.django_db
def test_each_endpoint_keeps_sound_files(endpoint, settings):
    before = endpoint.stored()
    for name, build in SOUND[:5]:
        endpoint.client.post(endpoint.url, {"file": SimpleUploadedFile(name, build())})
    assert endpoint.stored() == before + 5
    assert len(_stored_files(settings.MEDIA_ROOT)) == 5


def _hostile_attachments() -> list[tuple[str, bytes]]:
    """The generator's hostile files (core/hostile.py), with hostile names beside them."""
    from oneplan.core import hostile

    base = hostile.workbook([["ชื่อโครงการ", "งบประมาณ"], ["ถนน", 1000]])
    # 110,000 empty formatted rows make a sound workbook to attach (a bomb only for an import)
    cases = [
        (case.name, case.data)
        for case in hostile.archive_cases(base)
        if case.label != "xlsx-110000-empty-rows"
    ]
    html = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    cases += [
        ("สคริปต์.pdf", html),
        ("ขยะ.pdf", hostile.garbage(4000, seed=7)),
        ("ขยะ.png", hostile.garbage(4000, seed=8)),
        ("ขยะ.docx", hostile.garbage(4000, seed=9)),
        ("ไม่มีอะไร.jpg", b""),
        ("ข้อความ.csv", "ก,ข\n=cmd|' /C calc'!A0,1\n".encode()),
        ("เว็บ.html", b"<script>alert(1)</script>"),
        ("โปรแกรม.exe", b"MZ" + bytes(500)),
        (f"รูป{hostile.RLO}gnp.exe", b"MZ" + bytes(500)),
        ("../../etc/passwd.pdf", html),
        ("ศูนย์" + hostile.ZERO_WIDTH + ".pdf", html),
        ("ก" * 300 + ".pdf", html),
    ]
    return cases


@pytest.mark.django_db
def test_every_attachment_endpoint_survives_the_hostile_files(endpoint, settings):
    """Each of the generator's broken, bomb and disguised files and hostile names, sent to each
    attachment endpoint: never a server error, nothing stored."""
    before = endpoint.stored()
    cases = _hostile_attachments()
    assert len(cases) >= 30
    for name, data in cases:
        response = endpoint.client.post(endpoint.url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code < 500, name
    assert endpoint.stored() == before
    assert _stored_files(settings.MEDIA_ROOT) == []
