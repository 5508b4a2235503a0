"""Every list of the API answers one page at a time (issue 18): the body a JSON array as
before, the next and previous pages in the Link header; a page never holds more than the
cap, however many records the caller may read, and walking the pages gives each record the
caller may read once — and none it may not."""

from __future__ import annotations

import re

import pytest
from rest_framework import generics
from rest_framework.test import APIClient

from oneplan.api.pagination import CursorPagination, LinkHeaderPagination, PageNumberPagination
from oneplan.api.tests.test_lists import api_views
from oneplan.orgs.policy import Action
from oneplan.participation.models import Consultation
from oneplan.plans.models import Plan
from oneplan.projects.models import Proposal
from oneplan.projects.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<([^>]*)>;\s*rel="([^"]+)"')


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def links(response) -> dict[str, str]:
    """The Link header's URLs by relation."""
    return {rel: url for url, rel in LINK.findall(response.get("Link", ""))}


def walk(api: APIClient, url: str, params: dict | None = None) -> list[list[dict]]:
    """Every page of a list, following rel="next" from the first."""
    pages = []
    response = api.get(url, params or {})
    while True:
        assert response.status_code == 200, response.content
        assert isinstance(response.json(), list)
        pages.append(response.json())
        following = links(response).get("next")
        if following is None:
            return pages
        assert len(pages) < 1000, "the links go round"
        response = api.get(following)


def others_proposals() -> list[Proposal]:
    """Proposals outside Rayong (the demo's are all Rayong's): Chonburi's and Chiang Mai's."""
    return [make_proposal(area=area) for area in ("20", "20", "50", "50", "24")]


# --------------------------------------------------------------------------- walking


def test_walking_the_proposals_gives_each_one_once_newest_first(demo_user):
    others_proposals()
    secretariat = demo_user("secretariat")
    expected = set(
        Proposal.objects.all().restrict(secretariat, Action.VIEW).values_list("pk", flat=True)
    )
    assert len(expected) > 2 * 7  # several pages

    pages = walk(api_for(secretariat), "/api/v1/proposals", {"page_size": 7})

    assert all(len(page) == 7 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 7
    ids = [p["id"] for page in pages for p in page]
    assert len(ids) == len(set(ids)), "a proposal came twice"
    assert set(ids) == expected, "a proposal was missed or one too many came"
    assert ids == sorted(ids, reverse=True)  # newest first, across the pages


def test_the_link_header_keeps_the_filters_and_goes_back(demo_user):
    others_proposals()
    api = api_for(demo_user("secretariat"))
    first = api.get("/api/v1/proposals", {"page_size": 3, "status": "full"})
    assert first.status_code == 200 and len(first.json()) == 3
    found = links(first)
    assert set(found) == {"next"}, first["Link"]  # no previous page on the first
    assert found["next"].startswith("http://testserver/api/v1/proposals?")
    assert "page_size=3" in found["next"] and "status=full" in found["next"]

    second = api.get(found["next"])
    assert second.status_code == 200 and len(second.json()) == 3
    assert {"next", "prev"} <= set(links(second))
    assert not {p["id"] for p in first.json()} & {p["id"] for p in second.json()}
    assert all(p["status"] == "full" for p in second.json())
    back = api.get(links(second)["prev"])
    assert [p["id"] for p in back.json()] == [p["id"] for p in first.json()]


def test_a_list_of_one_page_has_no_link(demo_user):
    response = api_for(demo_user("secretariat")).get("/api/v1/areas/provinces")
    assert response.status_code == 200 and len(response.json()) == 77  # under the default
    assert "Link" not in response


def test_a_page_number_list_keeps_its_own_order(demo_user):
    api = api_for(demo_user("secretariat"))
    whole = api.get("/api/v1/cycles", {"page_size": 1000}).json()
    assert len(whole) > 3
    years = [c["fiscal_year_be"] for c in whole]
    assert years == sorted(years, reverse=True)  # newest first, as documented
    pages = walk(api, "/api/v1/cycles", {"page_size": 3})
    assert [c["id"] for page in pages for c in page] == [c["id"] for c in whole]
    response = api.get("/api/v1/cycles", {"page_size": 3, "page": 2})
    assert [c["id"] for c in response.json()] == [c["id"] for c in whole[3:6]]
    assert {"next", "prev"} <= set(links(response))


# --------------------------------------------------------------------------- the page size


def test_the_page_size_is_capped(demo_user, settings):
    settings.ONEPLAN_API_MAX_PAGE_SIZE = 5
    api = api_for(demo_user("secretariat"))
    for url in ("/api/v1/proposals", "/api/v1/areas/provinces"):
        response = api.get(url, {"page_size": 100000})
        assert response.status_code == 200
        assert len(response.json()) == 5, url  # capped, not refused
        assert "next" in links(response)
        huge = api.get(url, {"page_size": "9" * 5000})  # too long for Python's int()
        assert huge.status_code == 200 and len(huge.json()) == 5


def test_the_default_page_size_and_what_is_not_a_page_size(demo_user, settings):
    settings.ONEPLAN_API_PAGE_SIZE = 4
    api = api_for(demo_user("secretariat"))
    for url in ("/api/v1/proposals", "/api/v1/areas/provinces"):
        assert len(api.get(url).json()) == 4, url
        for asked in ("abc", "0", "-3", "2.5", "๒", ""):
            response = api.get(url, {"page_size": asked})
            assert response.status_code == 200, (url, asked)
            assert len(response.json()) == 4, (url, asked)
        assert len(api.get(url, {"page_size": 2}).json()) == 2


def test_the_default_is_bounded_without_asking(demo_user, settings):
    """The secretariat's unbounded GET of the issue: without any parameter, one page."""
    settings.ONEPLAN_API_PAGE_SIZE = 10
    others_proposals()
    response = api_for(demo_user("secretariat")).get("/api/v1/proposals")
    assert len(response.json()) == 10 and "next" in links(response)


# --------------------------------------------------------------------------- the door


def test_every_page_keeps_to_what_a_province_may_read(demo_user):
    chonburi_and_beyond = {p.pk for p in others_proposals()}
    rayong = demo_user("rayong")
    expected = set(
        Proposal.objects.all().restrict(rayong, Action.VIEW).values_list("pk", flat=True)
    )

    pages = walk(api_for(rayong), "/api/v1/proposals", {"page_size": 2})

    ids = [p["id"] for page in pages for p in page]
    assert len(ids) == len(set(ids)) and set(ids) == expected
    assert not set(ids) & chonburi_and_beyond
    assert all(len(page) <= 2 for page in pages)


def test_every_page_of_a_page_number_list_keeps_to_what_a_province_may_read(demo_user):
    rayong = demo_user("rayong")
    expected = set(Plan.objects.all().restrict(rayong, Action.VIEW).values_list("pk", flat=True))
    assert expected and Plan.objects.exclude(pk__in=expected).exists()
    pages = walk(api_for(rayong), "/api/v1/plans", {"page_size": 1})
    ids = [p["id"] for page in pages for p in page]
    assert len(ids) == len(set(ids)) and set(ids) == expected


def test_a_cursor_or_a_page_that_is_not_one(demo_user):
    api = api_for(demo_user("secretariat"))
    response = api.get("/api/v1/proposals", {"cursor": "not-a-cursor"})
    assert response.status_code == 404 and response.json()["detail"]
    response = api.get("/api/v1/cycles", {"page": 999})
    assert response.status_code == 404 and response.json()["detail"]
    response = api.get("/api/v1/cycles", {"page": "last"})  # a page is a number
    assert response.status_code == 404


# --------------------------------------------------------------------------- every list

LISTS = [(route, view) for route, view in api_views() if issubclass(view, generics.ListAPIView)]

# The lists that grow with the country: one indexed query a page, however deep.
CURSOR_LISTS = {
    "api/v1/proposals",
    "api/v1/needs",
    "api/v1/allocations",
    "api/v1/disbursement-imports",
    "api/v1/progress-reports",
    "api/v1/indicator-results",
    "api/v1/performance-scores",
    "api/v1/letters",
    "api/v1/plan-comments",
    "api/v1/organisations",
}


def _url(route: str) -> str:
    """The list's address, its path's parameters taken from the Rayong demo."""
    url = "/" + route.replace("<str:code>", "21")
    if "<int:pk>" in url:
        url = url.replace("<int:pk>", str(Consultation.objects.get(province_id="21").pk))
    assert "<" not in url, f"give {route} its parameters here"
    return url


def test_the_lists_are_found():
    routes = {route for route, _view in LISTS}
    assert CURSOR_LISTS <= routes
    assert len(routes) >= 20


@pytest.mark.parametrize(
    ("route", "view"), LISTS, ids=lambda value: value if isinstance(value, str) else value.__name__
)
def test_every_list_is_paginated(route, view, demo_user):
    paginator = view().paginator
    assert paginator is not None, f"{view.__name__} ({route}) answers every record at once"
    assert isinstance(paginator, LinkHeaderPagination), view.__name__
    expected = CursorPagination if route in CURSOR_LISTS else PageNumberPagination
    assert type(paginator) is expected, (route, type(paginator).__name__)

    api = api_for(demo_user("secretariat"))
    url = _url(route)
    whole = api.get(url, {"page_size": 1000})
    assert whole.status_code == 200, whole.content
    one = api.get(url, {"page_size": 1})
    assert one.status_code == 200 and isinstance(one.json(), list)
    if len(whole.json()) >= 2:
        assert len(one.json()) == 1
        assert "next" in links(one), f"{route}: no Link to the next page"
        assert api.get(links(one)["next"]).json()[0] != one.json()[0]
    else:
        assert len(one.json()) == len(whole.json()) and "Link" not in one


# --------------------------------------------------------------------------- the schema


def test_the_schema_documents_the_pages():
    schema = APIClient().get("/api/v1/openapi.json").json()
    for path, parameter in (("/api/v1/proposals", "cursor"), ("/api/v1/plans", "page")):
        get = schema["paths"][path]["get"]
        names = {p["name"] for p in get["parameters"]}
        assert {parameter, "page_size"} <= names, (path, names)
        ok = get["responses"]["200"]
        assert "Link" in ok.get("headers", {}), path
        body = ok["content"]["application/json"]["schema"]
        assert body["type"] == "array" and "$ref" in body["items"], body  # the records
    assert not [name for name in schema["components"]["schemas"] if name.startswith("Paginated")]
    post = schema["paths"]["/api/v1/proposals"]["post"]
    assert "cursor" not in {p["name"] for p in post.get("parameters", [])}
