"""The public area API, its OpenAPI schema, token auth and scoping."""

from __future__ import annotations

import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_clusters_of_2552(api):
    data = api.get("/api/v1/areas/clusters", {"regime": "2552"}).json()
    assert len(data) == 18
    east = next(c for c in data if c["name_th"] == "กลุ่มจังหวัดภาคตะวันออก")
    assert east["province_codes"] == ["20", "21", "22", "23"]
    assert east["operations_centre"] == "20"
    assert all(c["regime"] == "2552" for c in data)
    assert not any("10" in c["province_codes"] for c in data)


def test_clusters_default_to_the_regime_in_force(api):
    data = api.get("/api/v1/areas/clusters").json()
    assert len(data) == 18 and {c["regime"] for c in data} == {"2560"}
    east1 = next(c for c in data if c["name_th"] == "กลุ่มจังหวัดภาคตะวันออก 1")
    assert east1["province_codes"] == ["20", "21", "24"]
    assert east1["region"] == "ภาคตะวันออก"


def test_provinces_and_districts(api):
    provinces = api.get("/api/v1/areas/provinces").json()
    assert len(provinces) == 77
    assert {"code": "21", "name_th": "ระยอง", "name_en": "Rayong"}.items() <= provinces[
        [p["code"] for p in provinces].index("21")
    ].items()
    districts = api.get("/api/v1/areas/provinces/21/districts").json()
    assert [d["code"] for d in districts] == [f"21{n:02d}" for n in range(1, 9)]
    assert api.get("/api/v1/areas/provinces/99/districts").status_code == 404


def test_search(api):
    hits = api.get("/api/v1/areas/search", {"q": "บ้านฉาง"}).json()
    assert hits[0]["code"] == "2102" and hits[0]["kind"] == "district"
    hits = api.get("/api/v1/areas/search", {"q": "ตะวันออก 1"}).json()
    assert hits[0]["kind"] == "cluster"
    assert api.get("/api/v1/areas/search", {"q": ""}).json() == []


def test_openapi_schema_lists_the_area_endpoints(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/areas/clusters",
        "/api/v1/areas/provinces",
        "/api/v1/areas/provinces/{code}/districts",
        "/api/v1/areas/search",
    ]:
        assert path in schema["paths"], path


def test_docs_page_is_served_locally(api):
    """Swagger UI's scripts and styles come from OnePlan itself, not from a CDN.

    (Not a substring test on "cdn": the page carries a random CSRF token, which may spell it.)
    """
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any(url.startswith("/static/") for url in urls), urls
    external = [url for url in urls if re.match(r"^(https?:)?//", url)]
    assert not external, external


def test_organisations_need_auth_and_are_scoped(api, demo_user):
    assert api.get("/api/v1/organisations").status_code in (401, 403)
    token = Token.objects.create(user=demo_user("chonburi"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    data = api.get("/api/v1/organisations").json()
    names = {o["name_th"] for o in data}
    assert "สำนักงานเกษตรจังหวัดชลบุรี" in names
    assert "สำนักงานเกษตรจังหวัดระยอง" not in names
    visible = Organisation.objects.filter(name_th__in=names)
    assert all(o.area_id in ("TH",) or o.area_id.startswith("20") for o in visible)


def test_token_endpoint(api, demo_user):
    from oneplan.demo.loader import DEMO_PASSWORD

    response = api.post(
        "/api/v1/auth/token", {"username": "rayong", "password": DEMO_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Token.objects.get(user__username="rayong").key == response.json()["token"]
