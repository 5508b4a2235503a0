"""The pages a provincial officer uses, through the real URLs and templates."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from oneplan.areas.models import Cluster, ProvinceProfile
from oneplan.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def without_tokens(html: bytes) -> str:
    """The page without its per-request parts: CSRF tokens and the language switch's return URL."""
    pattern = r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|name="next" value=")[^"]+'
    return re.sub(pattern, r"\1", html.decode())


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_lists_the_18_clusters_of_the_regime_in_force(client):
    response = client.get("/")
    assert response.status_code == 200
    clusters = response.context["clusters"]
    assert len(clusters) == 18
    assert response.context["regime"].code == "2560"
    assert "กลุ่มจังหวัดภาคตะวันออก 1" in response.content.decode()


def test_home_switches_to_the_2552_set(client):
    response = client.get("/?regime=2552")
    assert response.context["regime"].code == "2552"
    names = [c.name_th for c in response.context["clusters"]]
    assert "กลุ่มจังหวัดภาคตะวันออก" in names and len(names) == 18


def test_province_page_shows_districts_and_cluster(client):
    response = client.get("/areas/21/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "จังหวัดระยอง" in body and "เมืองระยอง" in body
    assert response.context["cluster"].name_th == "กลุ่มจังหวัดภาคตะวันออก 1"
    assert len(response.context["children"]) == 8


def test_district_and_subdistrict_pages(client):
    assert "ท่าประดู่" in client.get("/areas/2101/").content.decode()
    response = client.get("/areas/210101/")
    assert response.status_code == 200
    assert [a.code for a in response.context["ancestors"]] == ["TH", "21", "2101"]


@pytest.mark.parametrize(
    ("query", "expected_code"),
    [
        ("ระยอง", "21"),
        ("Rayong", "21"),
        ("rayong", "21"),
        ("จังหวัดระยอง", "21"),
        ("อ.บ้านฉาง", "2102"),
        ("ban chang", "2102"),
        ("ท่าประดู่", "210101"),
        ("\u200bระยอง ", "21"),  # a zero-width space pasted from a document
        ("๒๑", "21"),  # Thai digits
    ],
)
def test_search_by_thai_or_english_name(client, query, expected_code):
    response = client.get("/areas/search/", {"q": query})
    codes = [a.code for a in response.context["areas"]]
    assert codes and codes[0] == expected_code, codes


def test_search_partial_for_htmx(client):
    response = client.get("/areas/search/", {"q": "ระยอง"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "จังหวัดระยอง" in response.content.decode()


def test_other_province_edit_page_looks_exactly_like_a_missing_one(demo_user):
    client = client_for(demo_user("rayong"))
    other = client.get("/areas/20/edit/")
    missing = client.get("/areas/99/edit/")
    assert other.status_code == missing.status_code == 404
    assert without_tokens(other.content) == without_tokens(missing.content)


def test_provincial_officer_edits_own_province_and_it_is_audited(demo_user):
    client = client_for(demo_user("rayong"))
    assert client.get("/areas/21/edit/").status_code == 200
    response = client.post(
        "/areas/21/edit/",
        {"letter_prefix": "รย", "phone": "0-3869-4999", "office_address": "ศาลากลางจังหวัดระยอง"},
    )
    assert response.status_code == 302
    assert ProvinceProfile.objects.get(province_id="21").phone == "0-3869-4999"
    page = client.get("/areas/21/").content.decode()
    assert "0-3869-4010" in page and "0-3869-4999" in page  # old → new in the trail


def test_post_to_other_province_changes_nothing(demo_user):
    client = client_for(demo_user("rayong"))
    before = ProvinceProfile.objects.get(province_id="20").phone
    response = client.post("/areas/20/edit/", {"phone": "hacked"})
    assert response.status_code == 404
    assert ProvinceProfile.objects.get(province_id="20").phone == before


def test_edit_requires_login(client):
    response = client.get("/areas/21/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_agency_officer_edits_only_their_own_body(demo_user):
    client = client_for(demo_user("rayong_agency"))
    own = Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")
    other = Organisation.objects.get(name_th="สำนักงานพัฒนาชุมชนจังหวัดระยอง")
    assert client.get(f"/organisations/{own.pk}/edit/").status_code == 200
    assert client.get(f"/organisations/{other.pk}/edit/").status_code == 404
    assert client.get(f"/organisations/{other.pk}/").status_code == 200  # may read


def test_organisation_list_is_filtered_by_scope(demo_user):
    listed = client_for(demo_user("chonburi")).get("/organisations/").context["organisations"]
    areas = {o.area_id[:2] for o in listed if o.area_id != "TH"}
    assert areas == {"20"}


def test_cannot_move_a_body_into_another_province(demo_user):
    client = client_for(demo_user("rayong"))
    own = Organisation.objects.get(name_th="สำนักงานพัฒนาชุมชนจังหวัดระยอง")
    response = client.post(
        f"/organisations/{own.pk}/edit/",
        {"name_th": own.name_th, "kind": own.kind, "area": "20"},
    )
    assert response.status_code == 200  # form shown again with an error
    own.refresh_from_db()
    assert own.area_id == "21"


def test_secretariat_sets_an_unconfirmed_operations_centre(demo_user):
    cluster = Cluster.objects.get(regime__code="2560", name_th="กลุ่มจังหวัดภาคใต้ชายแดน")
    assert cluster.operations_centre_id is None
    client = client_for(demo_user("secretariat"))
    response = client.post(
        f"/areas/clusters/{cluster.pk}/edit/",
        {
            "operations_centre": "95",
            "operations_centre_confirmed": "on",
            "head_title": cluster.head_title,
        },
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.operations_centre_id == "95"
    assert (
        client_for(demo_user("east1")).get(f"/areas/clusters/{cluster.pk}/edit/").status_code == 404
    )


def test_operations_centre_must_be_a_member(demo_user):
    cluster = Cluster.objects.get(regime__code="2560", name_th="กลุ่มจังหวัดภาคใต้ชายแดน")
    client = client_for(demo_user("secretariat"))
    response = client.post(f"/areas/clusters/{cluster.pk}/edit/", {"operations_centre": "21"})
    assert response.status_code == 200
    cluster.refresh_from_db()
    assert cluster.operations_centre_id is None


def test_district_officer_adds_a_village(demo_user):
    client = client_for(demo_user("rayong_district"))
    response = client.post(
        "/areas/210101/villages/add/", {"village_no": "3", "name_th": "หนองสนม", "name_en": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/areas/21010103/"
    again = client.post("/areas/210101/villages/add/", {"village_no": "3", "name_th": "ซ้ำ"})
    assert again.status_code == 200 and again.context["form"].errors
    chonburi = client_for(demo_user("chonburi"))
    assert chonburi.get("/areas/210101/villages/add/").status_code == 404


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_pages_are_thai_by_default(client):
    response = client.get("/")
    assert response.headers["Content-Language"] == "th"
    assert '<html lang="th">' in response.content.decode()


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_add_button_only_for_those_who_can_add(demo_user):
    assert client_for(demo_user("rayong")).get("/organisations/").context["can_add"]
    # An agency officer changes its own body but cannot create bodies.
    assert not client_for(demo_user("rayong_agency")).get("/organisations/").context["can_add"]
    assert client_for(demo_user("rayong_agency")).get("/organisations/new/").status_code == 404


def test_area_choices_stop_at_the_users_province(demo_user):
    form = client_for(demo_user("rayong")).get("/organisations/new/").context["form"]
    codes = set(form.fields["area"].queryset.values_list("code", flat=True))
    assert "21" in codes and "2101" in codes
    assert "20" not in codes and "TH" not in codes
