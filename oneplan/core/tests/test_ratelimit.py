"""Redirects stay on the site (core.responses.safe_next); the client's address is what the
deployment's proxy setting allows (core.ratelimit.client_address), so a forged
X-Forwarded-For neither escapes the public comment limit nor the API's anonymous limit;
counts are kept in fixed windows."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from oneplan.api.throttling import AnonymousThrottle
from oneplan.core import ratelimit
from oneplan.core.ratelimit import client_address, hit
from oneplan.core.responses import safe_next
from oneplan.cycles.models import Cycle
from oneplan.monitoring.models import DisbursementImport, Transaction
from oneplan.participation import services
from oneplan.participation.models import Consultation, PlanComment

OFF_SITE = [
    "https://evil.example/",
    "http://evil.example/monitoring/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "  javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
]
ON_SITE = ["/monitoring/2568/21/rows/?unmatched=1", "/projects/", "?page=2"]


@pytest.fixture(autouse=True)
def _own_cache():
    """A cache of this process only: the file cache in var/ is shared with any other test
    run on the machine, whose cache.clear() would reset these counts."""
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rates"}
    with override_settings(CACHES={"default": memory}):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def frozen(monkeypatch):
    """The rate windows' clock, fixed (and moved by hand) so no test straddles a window."""
    now = {"t": 1_800_000_000.0}  # 15 Jan 2027, 08:00 UTC: the start of an hour
    monkeypatch.setattr(ratelimit, "clock", lambda: now["t"])
    return now


def request_from(remote: str = "203.0.113.7", forwarded: str | None = None, **post):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", post, **extra)


# --------------------------------------------------------------------------- next


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_off_site_next_is_never_followed(target):
    assert safe_next(request_from(next=target), "/home/") == "/home/"


@pytest.mark.parametrize("target", ON_SITE)
def test_a_page_of_the_site_is_followed(target):
    assert safe_next(request_from(next=target), "/home/") == target


def test_no_next_goes_to_the_default():
    assert safe_next(request_from(), "/home/") == "/home/"
    assert safe_next(RequestFactory().get("/", {"next": "/plans/"}), "/home/") == "/plans/"


@pytest.fixture
def stray_row(db) -> Transaction:
    cycle = Cycle.objects.get(fiscal_year_be=2568)
    source = DisbursementImport.objects.create(province_id="21", cycle=cycle, file_name="x.csv")
    return Transaction.objects.create(
        source=source,
        province_id="21",
        cycle=cycle,
        row_key="stray",
        document_date=date(2024, 12, 21),
        budget_code="99999",
    )


@pytest.mark.parametrize("target", [*OFF_SITE, ""])
def test_resolving_a_row_never_redirects_off_site(stray_row, demo_user, target):
    client = Client()
    client.force_login(demo_user("rayong"))
    response = client.post(f"/monitoring/rows/{stray_row.pk}/resolve/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/monitoring/2568/21/rows/?unmatched=1"


def test_resolving_a_row_goes_back_to_the_page_it_came_from(stray_row, demo_user):
    client = Client()
    client.force_login(demo_user("rayong"))
    back = "/monitoring/2568/21/rows/?agency=x"
    response = client.post(f"/monitoring/rows/{stray_row.pk}/resolve/", {"next": back})
    assert response["Location"] == back


# --------------------------------------------------------------------------- addresses


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_address(request_from("203.0.113.7", "garbage, 10.0.0.1")) == "203.0.113.7"
    assert client_address(request_from("")) == "unknown"


@override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_one_proxy_the_rightmost_hop_is_the_client():
    # the client forged "198.51.100.1"; the proxy appended the address it saw
    assert client_address(request_from("10.0.0.2", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_address(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    assert client_address(request_from("10.0.0.2", " 2001:DB8::1 ")) == "2001:db8::1"
    # reached directly (no header) or a header that is no address: the connection's address
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", "198.51.100.1, evil")) == "10.0.0.2"


@override_settings(BEHIND_PROXY=True, PROXY_COUNT=2)
def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client():
    forwarded = "198.51.100.1, 203.0.113.7, 10.0.0.1"
    assert client_address(request_from("10.0.0.2", forwarded)) == "203.0.113.7"
    assert client_address(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"


# --------------------------------------------------------------------------- counting


def test_counts_are_kept_per_scope_address_and_window(frozen):
    assert [hit("a", "203.0.113.7", 3600) for _ in range(3)] == [1, 2, 3]
    assert hit("a", "203.0.113.8", 3600) == 1
    assert hit("b", "203.0.113.7", 3600) == 1
    frozen["t"] += 3599
    assert hit("a", "203.0.113.7", 3600) == 4
    frozen["t"] += 1  # the next window
    assert hit("a", "203.0.113.7", 3600) == 1
    assert ratelimit.window_end(3600, frozen["t"]) == frozen["t"] + 3600


def test_a_count_lost_between_add_and_incr_starts_again(frozen, monkeypatch):
    backend = caches["default"]
    real_incr, calls = backend.incr, []

    def incr_after_expiry(key, delta=1, version=None):
        calls.append(key)
        if len(calls) == 1:
            backend.delete(key)  # the window's key expired just now
        return real_incr(key, delta, version)

    monkeypatch.setattr(backend, "incr", incr_after_expiry)
    assert hit("a", "203.0.113.7", 3600) == 1 and len(calls) == 2


def test_the_file_cache_keeps_a_count_for_its_whole_window(frozen, monkeypatch, tmp_path):
    """Django's generic incr (the file cache's) rewrites the value with the default 5-minute
    timeout; the count must still last the hour."""
    from types import SimpleNamespace

    from django.core.cache.backends import base, filebased

    fake_time = SimpleNamespace(time=lambda: frozen["t"])
    monkeypatch.setattr(base, "time", fake_time)
    monkeypatch.setattr(filebased, "time", fake_time)
    files = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    with override_settings(CACHES={"default": {**files, "LOCATION": str(tmp_path)}}):
        assert [hit("c", "203.0.113.7", 3600) for _ in range(5)] == [1, 2, 3, 4, 5]
        frozen["t"] += 301
        assert hit("c", "203.0.113.7", 3600) == 6
        frozen["t"] += 3000
        assert hit("c", "203.0.113.7", 3600) == 7
        frozen["t"] += 299  # the next hour
        assert hit("c", "203.0.113.7", 3600) == 1


# --------------------------------------------------------------------------- public comments


@pytest.fixture
def comment_page(db):
    consultation = Consultation.objects.get(province_id="21", cycle__fiscal_year_be=2570)
    plan = services.plans_under_consultation(consultation)[0]
    return f"/participation/consultations/{consultation.pk}/public/", plan


def comment(client: Client, page, text: str, **headers):
    url, plan = page
    return client.post(url, {"plan": plan.pk, "text": text}, **headers)


def test_the_sixth_comment_in_the_hour_is_refused(comment_page, frozen):
    public = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(django_settings.ONEPLAN_PUBLIC_COMMENTS_PER_HOUR):
        assert comment(public, comment_page, f"ความเห็นที่ {n + 1}").status_code == 302
    refused = comment(public, comment_page, "ความเห็นที่ 6")
    assert refused.status_code == 429
    assert "ไม่เกิน 5 ครั้งต่อชั่วโมง" in refused.content.decode()
    assert not PlanComment.objects.filter(text="ความเห็นที่ 6").exists()
    frozen["t"] += 3600  # the next hour
    assert comment(public, comment_page, "ความเห็นชั่วโมงใหม่").status_code == 302


def test_the_deployment_sets_the_limit(comment_page, frozen, settings):
    settings.ONEPLAN_PUBLIC_COMMENTS_PER_HOUR = 2
    public = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(2):
        assert comment(public, comment_page, f"ความเห็นที่ {n + 1}").status_code == 302
    refused = comment(public, comment_page, "ความเห็นที่ 3")
    assert refused.status_code == 429
    assert "ไม่เกิน 2 ครั้งต่อชั่วโมง" in refused.content.decode()
    assert not PlanComment.objects.filter(text="ความเห็นที่ 3").exists()


def test_a_forged_forwarded_header_does_not_reset_the_limit(comment_page, frozen, settings):
    settings.BEHIND_PROXY = False
    public = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(django_settings.ONEPLAN_PUBLIC_COMMENTS_PER_HOUR):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert comment(public, comment_page, f"ความเห็น {n}", **forged).status_code == 302
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert comment(public, comment_page, "ความเห็นปลอม", **forged).status_code == 429


@override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_the_proxy_the_limit_follows_the_client_hop(comment_page, frozen):
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for n in range(django_settings.ONEPLAN_PUBLIC_COMMENTS_PER_HOUR):
        # the client forges a new leftmost entry each time; the proxy's hop stays the same
        hops = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}, 203.0.113.7"}
        assert comment(proxy, comment_page, f"ความเห็น {n}", **hops).status_code == 302
    same = {"HTTP_X_FORWARDED_FOR": "198.51.100.99, 203.0.113.7"}
    assert comment(proxy, comment_page, "ความเห็นเกิน", **same).status_code == 429
    # another client behind the same proxy is counted apart
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert comment(proxy, comment_page, "ความเห็นของอีกคน", **other).status_code == 302


# --------------------------------------------------------------------------- the API


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def test_the_anonymous_api_limit_ignores_a_forged_header(db, three_a_minute, frozen, settings):
    settings.BEHIND_PROXY = False
    api = APIClient(REMOTE_ADDR="203.0.113.7")
    url = "/api/v1/areas/provinces"
    for n in range(3):
        assert api.get(url, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200
    refused = api.get(url, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    frozen["t"] += 60
    assert api.get(url).status_code == 200


@override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_the_proxy_the_api_limit_follows_the_client_hop(db, three_a_minute, frozen):
    api = APIClient(REMOTE_ADDR="10.0.0.2")
    url = "/api/v1/areas/provinces"
    for n in range(3):
        hops = f"198.51.100.{n}, 203.0.113.7"
        assert api.get(url, HTTP_X_FORWARDED_FOR=hops).status_code == 200
    assert api.get(url, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7").status_code == 429
    assert api.get(url, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_signed_in_api_users_are_not_limited(db, three_a_minute, frozen, demo_user):
    api = APIClient(REMOTE_ADDR="203.0.113.7")
    api.force_authenticate(demo_user("rayong"))
    assert all(api.get("/api/v1/areas/provinces").status_code == 200 for _ in range(5))
