"""The plan API: scoping through the policy, the writes through the services, the nested
edition in a bounded number of queries, the check, the diff and the schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.cycles.models import Regime
from oneplan.plans.models import (
    EditionStatus,
    Indicator,
    IndicatorTarget,
    PlanEdition,
    StrategicIssue,
)
from oneplan.plans.tests.factories import east1, fill_edition, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(demo_user):
    """An API client signed in with a token: client_for("rayong")."""

    def make(username: str) -> APIClient:
        token, _created = Token.objects.get_or_create(user=demo_user(username))
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make


@pytest.fixture
def plans():
    """A Rayong plan, a Chonburi plan and the East-1 cluster plan."""
    return {
        "rayong": make_plan("21"),
        "chonburi": make_plan("20"),
        "cluster": make_plan(cluster=east1()),
    }


def thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def the_message(english: str, **values) -> str:
    """A services message as the API's language (Thai) renders it, from the catalogue."""
    with translation.override("th"):
        text = translation.gettext(english)
        return text % {k: str(v) for k, v in values.items()} if values else text


# --------------------------------------------------------------------------- reading


def test_list_shows_only_what_each_user_may_read(client_for, plans):
    def ids(username: str, **params) -> set[int]:
        response = client_for(username).get("/api/v1/plans", params)
        assert response.status_code == 200, response.content
        return {p["id"] for p in response.json()}

    rayong, chonburi, cluster = plans["rayong"].pk, plans["chonburi"].pk, plans["cluster"].pk
    seen = ids("rayong")
    assert {rayong, cluster} <= seen and chonburi not in seen
    seen = ids("chonburi")
    assert {chonburi, cluster} <= seen and rayong not in seen
    assert {rayong, chonburi, cluster} <= ids("secretariat")
    assert {rayong, chonburi, cluster} <= ids("east1")


def test_demo_plans_read_through_the_api(client_for):
    """The demo's Rayong plan: original approved up the chain, the FY 2568 review under way."""
    api = client_for("rayong")
    listed = api.get("/api/v1/plans", {"year": 2568}).json()
    owners = {(p["kind"], p["owner_code"]) for p in listed}
    assert ("province", "21") in owners and ("cluster", str(east1().pk)) in owners
    assert {code for kind, code in owners if kind == "province"} == {"21"}
    rayong = next(p for p in listed if p["owner_code"] == "21")
    original, review = rayong["editions"]
    assert review["review_year_be"] == 2568
    for edition in (original, review):
        response = api.get(f"/api/v1/editions/{edition['id']}")
        assert response.status_code == 200, response.content
        assert response.json()["issues"]
    diff = api.get(f"/api/v1/plans/{rayong['id']}/diff", {"against": original["id"]}).json()
    assert diff["new"]["id"] == review["id"] and diff["items"]
    served = [
        ref
        for issue in api.get(f"/api/v1/editions/{original['id']}").json()["issues"]
        for ref in issue["cluster_issues"]
    ]
    assert served and all(ref["title"] for ref in served)


def test_list_needs_sign_in(plans):
    assert APIClient().get("/api/v1/plans").status_code in (401, 403)


def test_list_shape_and_filters(client_for, plans):
    api = client_for("secretariat")
    data = api.get("/api/v1/plans", {"province": "21", "year": 2591}).json()
    assert [p["id"] for p in data] == [plans["rayong"].pk]
    assert {p["owner_code"] for p in api.get("/api/v1/plans", {"province": "21"}).json()} == {"21"}
    plan = data[0]
    regime = Regime.objects.get(is_current=True)
    assert plan["kind"] == "province"
    assert plan["owner_code"] == "21" and plan["owner_name"] == "จังหวัดระยอง"
    assert plan["regime"] == regime.code
    assert plan["years"] == list(range(2591, 2591 + regime.span_years))
    assert [(e["number"], e["status"]) for e in plan["editions"]] == [(0, "draft")]
    assert {"id", "number", "label", "review_year_be", "status"} <= set(plan["editions"][0])

    data = api.get("/api/v1/plans", {"kind": "cluster"}).json()
    assert plans["cluster"].pk in {p["id"] for p in data}
    assert {p["kind"] for p in data} == {"cluster"}
    in_cluster = api.get("/api/v1/plans", {"cluster": east1().pk}).json()
    assert plans["cluster"].pk in {p["id"] for p in in_cluster}
    assert {p["owner_code"] for p in in_cluster} == {str(east1().pk)}
    covered = {p["id"] for p in api.get("/api/v1/plans", {"year": 2593}).json()}
    assert {plans["rayong"].pk, plans["chonburi"].pk, plans["cluster"].pk} <= covered
    assert not {p["id"] for p in api.get("/api/v1/plans", {"year": 2590}).json()} & covered

    bad = api.get("/api/v1/plans", {"year": "สองพัน"})
    assert bad.status_code == 400 and thai(bad.json()["detail"])
    assert api.get("/api/v1/plans", {"kind": "village"}).status_code == 400


def test_another_provinces_plan_is_not_found(client_for, plans):
    api = client_for("chonburi")
    plan = plans["rayong"]
    edition = plan.editions.get()
    indicator = Indicator.objects.filter(edition=edition).first()
    assert api.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    response = api.get(f"/api/v1/editions/{edition.pk}")
    assert response.status_code == 404 and thai(response.json()["detail"])
    assert api.get(f"/api/v1/plans/{plan.pk}/diff", {"against": edition.pk}).status_code == 404
    assert api.post(f"/api/v1/plans/{plan.pk}/check").status_code == 404
    assert api.post(f"/api/v1/plans/{plan.pk}/reviews", {"review_year_be": 2592}).status_code == 404
    response = api.post(
        f"/api/v1/editions/{edition.pk}/transition",
        {"to_status": "consulted", "decided_by": "ประชุม"},
        format="json",
    )
    assert response.status_code == 404
    response = api.patch(f"/api/v1/indicators/{indicator.pk}/targets", {"2592": "9"}, format="json")
    assert response.status_code == 404
    # ... while the plan of the cluster both provinces belong to is readable
    assert api.get(f"/api/v1/plans/{plans['cluster'].pk}").status_code == 200


def test_plan_detail(client_for, plans):
    plan = plans["rayong"]
    data = client_for("rayong").get(f"/api/v1/plans/{plan.pk}").json()
    assert data["id"] == plan.pk and data["title"] == plan.title
    assert data["committee"] == plan.regime.provincial_committee
    (edition,) = data["editions"]
    assert edition["status"] == "draft" and edition["is_locked"] is False


def test_edition_has_its_whole_chain(client_for, plans):
    plan = plans["rayong"]
    edition = plan.editions.get()
    data = client_for("rayong").get(f"/api/v1/editions/{edition.pk}").json()
    assert data["plan"]["id"] == plan.pk and data["status"] == "draft"
    assert data["vision"] == edition.vision and len(data["missions"]) == 3
    assert data["general_info"] and data["past_performance"]
    assert len(data["baseline"]) == 4 and data["baseline"][0]["value"] == "100.0000"
    assert sorted(s["kind"] for s in data["swot"]) == ["O", "S", "T", "W"]
    assert [t["quadrant"] for t in data["tows"]] == ["SO", "ST", "WO", "WT"]
    assert len(data["positioning"]) == 4

    issue = data["issues"][0]
    assert [i["priority"] for i in data["issues"]] == [1, 2]
    assert issue["category"]["code"] and issue["category"]["name"]
    (alignment,) = issue["alignments"]
    assert alignment["framework"] == "ns-2561-2580"
    assert isinstance(alignment["number"], int) and thai(alignment["name"])
    assert issue["cluster_issues"] == []
    (goal,) = issue["goals"]
    assert goal["number"] == "1.1"
    (indicator,) = goal["indicators"]
    assert indicator["unit"] == "ร้อยละ" and indicator["baseline"] == "3.0000"
    assert indicator["direction"] == "increase" and indicator["controllable"] is True
    assert indicator["targets"] == {str(year): f"{4 + k}.0000" for k, year in enumerate(plan.years)}
    (strategy,) = issue["strategies"]
    (project,) = strategy["projects"]
    assert project["budget"] == "1500000.00" and project["strategy"] == strategy["id"]
    (chain,) = issue["value_chains"]
    assert [s["name"] for s in chain["stages"]] == ["การผลิต"]
    assert project["stage"] == chain["stages"][0]["id"]
    assert data["indicators_without_goal"] == [] and data["projects_without_strategy"] == []


def test_edition_shows_the_cluster_issues_it_serves(client_for, plans):
    cluster_issue = StrategicIssue.objects.filter(edition__plan=plans["cluster"]).first()
    issue = StrategicIssue.objects.filter(edition__plan=plans["rayong"]).first()
    issue.cluster_issues.add(cluster_issue)
    edition = plans["rayong"].editions.get()
    data = client_for("rayong").get(f"/api/v1/editions/{edition.pk}").json()
    refs = next(i for i in data["issues"] if i["id"] == issue.pk)["cluster_issues"]
    assert refs == [
        {
            "id": cluster_issue.pk,
            "key": str(cluster_issue.key),
            "priority": cluster_issue.priority,
            "title": cluster_issue.title,
            "edition": cluster_issue.edition_id,
        }
    ]


def test_edition_queries_do_not_grow_with_the_issues(client_for):
    small = make_plan("21", first_year_be=2591).editions.get()
    large = make_plan("21", first_year_be=2596).editions.get()
    fill_edition(large)
    fill_edition(large)
    assert large.issues.count() == 6 and small.issues.count() == 2
    api = client_for("rayong")

    def queries(edition: PlanEdition) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(f"/api/v1/editions/{edition.pk}")
        assert response.status_code == 200
        return len(captured)

    queries(small)  # warm whatever is cached once per process
    assert queries(large) == queries(small)


def test_list_queries_do_not_grow_with_the_plans(client_for):
    api = client_for("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/plans")
        assert response.status_code == 200
        return len(captured)

    make_plan("21", first_year_be=2591)
    few = queries()
    make_plan("20", first_year_be=2591)
    make_plan("24", first_year_be=2591)
    make_plan(cluster=east1())
    assert queries() == few


# --------------------------------------------------------------------------- writing


def test_agency_officer_may_not_create_a_plan(client_for):
    response = client_for("rayong_agency").post(
        "/api/v1/plans", {"province": "21", "first_year_be": 2601}, format="json"
    )
    assert response.status_code == 403


def test_province_creates_its_plan(client_for):
    regime = Regime.objects.get(is_current=True)
    response = client_for("rayong").post(
        "/api/v1/plans", {"province": "21", "first_year_be": 2601}, format="json"
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["kind"] == "province" and plan["owner_code"] == "21"
    assert plan["last_year_be"] - plan["first_year_be"] + 1 == regime.span_years
    assert plan["regime"] == regime.code
    assert thai(plan["title"])
    assert [(e["number"], e["status"]) for e in plan["editions"]] == [(0, "draft")]


def test_province_may_not_create_another_provinces_plan(client_for):
    response = client_for("chonburi").post(
        "/api/v1/plans", {"province": "21", "first_year_be": 2601}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == the_message("You may not change this plan.")


def test_cluster_office_creates_the_cluster_plan(client_for):
    response = client_for("east1").post(
        "/api/v1/plans", {"cluster": east1().pk, "first_year_be": 2601}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "cluster"


def test_create_needs_exactly_one_owner_and_one_plan_per_period(client_for):
    api = client_for("secretariat")
    both = api.post(
        "/api/v1/plans",
        {"province": "21", "cluster": east1().pk, "first_year_be": 2601},
        format="json",
    )
    assert both.status_code == 400 and thai(str(both.json()))
    assert (
        api.post("/api/v1/plans", {"province": "99", "first_year_be": 2601}, format="json")
    ).status_code == 400
    assert (
        api.post("/api/v1/plans", {"province": "21", "first_year_be": 2601}, format="json")
    ).status_code == 201
    again = api.post("/api/v1/plans", {"province": "21", "first_year_be": 2601}, format="json")
    assert again.status_code == 400 and again.json()["messages"]


def test_illegal_transition_is_a_400_with_the_rule(client_for, plans):
    edition = plans["rayong"].editions.get()
    response = client_for("rayong").post(
        f"/api/v1/editions/{edition.pk}/transition",
        {"to_status": "approved", "decided_by": "ประชุม ก.บ.จ. ครั้งที่ 1/2590"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == the_message(
        "A plan edition cannot go from “%(old)s” to “%(new)s”.",
        old=EditionStatus.DRAFT.label,
        new=EditionStatus.APPROVED.label,
    )
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


def test_transition_needs_an_editor(client_for, plans):
    edition = plans["rayong"].editions.get()
    body = {"to_status": "consulted", "decided_by": "ประชุม"}
    # the reviewer reads every plan but changes none
    url = f"/api/v1/editions/{edition.pk}/transition"
    assert client_for("reviewer").post(url, body, format="json").status_code == 403
    # the cluster office reads a province's plan but does not change it
    assert client_for("east1").post(url, body, format="json").status_code == 403
    bad = client_for("rayong").post(url, {"to_status": "nowhere"}, format="json")
    assert bad.status_code == 400 and {"to_status", "decided_by"} <= set(bad.json())


def transition(api: APIClient, edition_id: int, to_status: str) -> dict:
    response = api.post(
        f"/api/v1/editions/{edition_id}/transition",
        {
            "to_status": to_status,
            "decided_by": f"ประชุม ก.บ.จ. ({to_status})",
            "decided_on": "2047-06-01",
            "note": "",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_full_chain_review_targets_and_diff(client_for, plans):
    api = client_for("rayong")
    plan = plans["rayong"]
    original = plan.editions.get()

    record = transition(api, original.pk, "consulted")
    assert (record["from_status"], record["to_status"]) == ("draft", "consulted")
    assert record["actor"] == "rayong" and record["decided_on"] == "2047-06-01"
    record = transition(api, original.pk, "approved")
    assert record["edition_status"] == "approved"

    # an approved edition is read-only: its targets cannot change any more
    locked = Indicator.objects.filter(edition=original).first()
    response = api.patch(f"/api/v1/indicators/{locked.pk}/targets", {"2592": "9"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == _(
        "This edition is approved and read-only; start a yearly review to change the plan."
    )

    response = api.post(f"/api/v1/plans/{plan.pk}/reviews", {"review_year_be": 2592}, format="json")
    assert response.status_code == 201, response.content
    review = response.json()
    assert review["number"] == 1 and review["status"] == "draft"
    assert review["review_year_be"] == 2592 and review["based_on"] == original.pk
    assert len(review["issues"]) == 2
    indicator = review["issues"][0]["goals"][0]["indicators"][0]
    assert indicator["targets"]["2592"] == "5.0000"

    # a second review while this one is drafted is refused, with the rule's message
    again = api.post(f"/api/v1/plans/{plan.pk}/reviews", {"review_year_be": 2593}, format="json")
    assert again.status_code == 400
    assert again.json()["detail"] == the_message("This plan already has an edition being drafted.")

    response = api.patch(
        f"/api/v1/indicators/{indicator['id']}/targets",
        {"2592": "7", "2595": None},
        format="json",
    )
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["changes"] == [
        {"year_be": 2592, "old": "5.0000", "new": "7.0000"},
        {"year_be": 2595, "old": "8.0000", "new": None},
    ]
    assert "2595" not in result["targets"] and result["targets"]["2592"] == "7.0000"
    assert not IndicatorTarget.objects.filter(indicator_id=indicator["id"], year_be=2595).exists()

    response = api.get(f"/api/v1/plans/{plan.pk}/diff", {"against": original.pk})
    assert response.status_code == 200, response.content
    diff = response.json()
    assert diff["old"]["id"] == original.pk and diff["new"]["id"] == review["id"]
    assert diff["counts"] == {"added": 0, "removed": 0, "changed": 1}
    (item,) = diff["items"]
    assert item["model"] == "indicator" and item["kind"] == "changed"
    assert item["key"] == indicator["key"]
    changes = {c["field"]: (c["old"], c["new"]) for c in item["changes"]}
    assert (
        next(v for f, v in changes.items() if "2592" in f),
        next(v for f, v in changes.items() if "2595" in f),
    ) == (("5", "7"), ("8", "—"))

    # naming the newer edition explicitly gives the same; the other way round, reversed
    same = api.get(
        f"/api/v1/plans/{plan.pk}/diff", {"against": original.pk, "edition": review["id"]}
    ).json()
    assert same == diff
    back = api.get(
        f"/api/v1/plans/{plan.pk}/diff", {"against": review["id"], "edition": original.pk}
    ).json()
    assert back["items"][0]["changes"][0]["old"] == diff["items"][0]["changes"][0]["new"]


def test_review_needs_an_approved_edition(client_for, plans):
    plan = plans["rayong"]
    response = client_for("rayong").post(
        f"/api/v1/plans/{plan.pk}/reviews", {"review_year_be": 2592}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == the_message(
        "A review starts from an approved edition; none is approved yet."
    )


def test_targets_only_for_plan_years(client_for, plans):
    indicator = Indicator.objects.filter(edition__plan=plans["rayong"]).first()
    api = client_for("rayong")
    url = f"/api/v1/indicators/{indicator.pk}/targets"
    response = api.patch(url, {"2570": "7"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == the_message(
        "Fiscal year %(year)s is not a year of this plan.", year=2570
    )
    assert api.patch(url, {"next year": "7"}, format="json").status_code == 400
    assert api.patch(url, {"2592": "seven"}, format="json").status_code == 400
    assert api.patch(url, {}, format="json").status_code == 400
    unchanged = api.patch(url, {"2592": "5"}, format="json").json()
    assert unchanged["changes"] == []
    assert client_for("reviewer").patch(url, {"2592": "6"}, format="json").status_code == 403
    assert indicator.targets.get(year_be=2592).value == Decimal("5")


def test_diff_needs_an_edition_of_the_same_plan(client_for, plans):
    api = client_for("rayong")
    plan = plans["rayong"]
    missing = api.get(f"/api/v1/plans/{plan.pk}/diff")
    assert missing.status_code == 400 and thai(missing.json()["detail"])
    other = plans["cluster"].editions.get()
    foreign = api.get(f"/api/v1/plans/{plan.pk}/diff", {"against": other.pk})
    assert foreign.status_code == 400 and thai(foreign.json()["detail"])
    nonsense = api.get(f"/api/v1/plans/{plan.pk}/diff", {"against": "x"})
    assert nonsense.status_code == 400
    own = plan.editions.get()
    same = api.get(f"/api/v1/plans/{plan.pk}/diff", {"against": own.pk}).json()
    assert same["counts"] == {"added": 0, "removed": 0, "changed": 0}


# --------------------------------------------------------------------------- the check


def test_check_returns_score_grade_and_findings(client_for, plans):
    plan = plans["rayong"]
    edition = plan.editions.get()
    Indicator.objects.filter(edition=edition).update(goal=None)
    # the national reviewer only reads: checking writes nothing, so reading suffices
    response = client_for("reviewer").post(f"/api/v1/plans/{plan.pk}/check")
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["edition_id"] == edition.pk
    assert 0 <= result["score"] <= 100
    assert result["grade"] in {"very_good", "good", "fair", "needs_work"}
    assert thai(result["grade_label"])
    assert result["rules"] and result["findings"]
    finding = result["findings"][0]
    assert {"rule", "severity", "message", "component", "component_id", "anchor", "label"} <= set(
        finding
    )
    assert any(f["component"] == "goal" for f in result["findings"])


def test_check_of_a_named_edition(client_for, plans):
    plan = plans["rayong"]
    edition = plan.editions.get()
    api = client_for("rayong")
    url = f"/api/v1/plans/{plan.pk}/check"
    named = api.post(f"{url}?edition={edition.pk}")
    assert named.status_code == 200 and named.json()["edition_id"] == edition.pk
    other = plans["cluster"].editions.get()
    foreign = api.post(f"{url}?edition={other.pk}")
    assert foreign.status_code == 400 and thai(foreign.json()["detail"])
    assert APIClient().post(url).status_code in (401, 403)


# --------------------------------------------------------------------------- the schema


def test_openapi_schema_documents_the_plan_endpoints(client_for):
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/v1/plans": {"get", "post"},
        "/api/v1/plans/{id}": {"get"},
        "/api/v1/plans/{id}/reviews": {"post"},
        "/api/v1/plans/{id}/check": {"post"},
        "/api/v1/plans/{id}/diff": {"get"},
        "/api/v1/editions/{id}": {"get"},
        "/api/v1/editions/{id}/transition": {"post"},
        "/api/v1/indicators/{id}/targets": {"patch"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    diff_params = {p["name"]: p for p in paths["/api/v1/plans/{id}/diff"]["get"]["parameters"]}
    assert diff_params["against"]["required"] is True and "edition" in diff_params
    list_params = {p["name"] for p in paths["/api/v1/plans"]["get"]["parameters"]}
    assert {"kind", "province", "cluster", "year"} <= list_params
    assert "requestBody" in paths["/api/v1/editions/{id}/transition"]["post"]
    assert "requestBody" in paths["/api/v1/indicators/{id}/targets"]["patch"]
    components = response.json()["components"]["schemas"]
    assert {"EditionDetail", "CheckResult", "Diff", "PlanCreate"} <= set(components)
