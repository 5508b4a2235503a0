"""The plan import through the API: the template of an edition, and the filled-in file
posted back — all or nothing, every problem by sheet, row and column, only for those who may
change the edition."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from oneplan.plans import importing
from oneplan.plans.importing import SHEET_INDICATORS
from oneplan.plans.tests.factories import make_plan
from oneplan.plans.tests.test_importing import chain, edited, empty_edition

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _file(data: bytes) -> dict:
    return {"file": SimpleUploadedFile("plan.xlsx", data, importing.XLSX_CONTENT_TYPE)}


def test_a_token_client_imports_a_plan_all_or_nothing(demo_user):
    source = make_plan().editions.get()
    target = empty_edition()  # Chonburi's
    chonburi = api_for(demo_user("chonburi"))
    template = chonburi.get(f"/api/v1/editions/{source.pk}/import")
    assert template.status_code == 404  # Rayong's edition: not Chonburi's to change
    data = importing.build_template(source)
    bad = edited(data, {(SHEET_INDICATORS, "D2"): "ร" * 61})
    refused = chonburi.post(f"/api/v1/editions/{target.pk}/import", _file(bad), format="multipart")
    assert refused.status_code == 400
    problem = refused.json()["errors"][0]
    assert (problem["sheet"], problem["row"], problem["column"]) == (
        SHEET_INDICATORS,
        2,
        "D (หน่วยนับ)",
    )
    assert not target.issues.exists()  # nothing written
    answer = chonburi.post(f"/api/v1/editions/{target.pk}/import", _file(data), format="multipart")
    assert answer.status_code == 200, answer.content
    assert {c["sheet"]: c["created"] for c in answer.json()["counts"]}[SHEET_INDICATORS] == 2
    assert chain(target) == chain(source)
    again = chonburi.get(f"/api/v1/editions/{target.pk}/import")
    assert again.status_code == 200 and again.content.startswith(b"PK")
    rayong = api_for(demo_user("rayong"))
    other = rayong.post(f"/api/v1/editions/{target.pk}/import", _file(data), format="multipart")
    assert other.status_code == 404


def test_a_file_refused_whole_answers_in_the_imports_shape(demo_user):
    """Not a workbook, or no file at all: 400 with `errors`, as every import of the API."""
    target = empty_edition()  # Chonburi's
    chonburi = api_for(demo_user("chonburi"))
    url = f"/api/v1/editions/{target.pk}/import"
    for body in (_file(b"not a workbook"), {}):
        refused = chonburi.post(url, body, format="multipart")
        assert refused.status_code == 400
        problem = refused.json()["errors"][0]
        assert (problem["sheet"], problem["row"], problem["column"]) == ("", None, "")
        assert problem["message"] == refused.json()["detail"]
    assert not target.issues.exists()


def test_the_template_is_a_private_download_under_the_plans_name(demo_user):
    source = make_plan().editions.get()
    answer = api_for(demo_user("rayong")).get(f"/api/v1/editions/{source.pk}/import")
    assert answer.status_code == 200 and answer.content.startswith(b"PK")
    assert answer["Cache-Control"] == "private, no-store"
    assert answer["Content-Disposition"].startswith("attachment; filename*=utf-8''")
