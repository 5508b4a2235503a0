"""Signing in: the form, throttling after repeated failures, and session expiry."""

from __future__ import annotations

import pytest
from django.conf import settings

from oneplan.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_the_demo_password(client):
    response = client.post("/accounts/login/", {"username": "rayong", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/organisations/me/").status_code == 200


def test_wrong_password_shows_a_thai_error(client):
    response = client.post("/accounts/login/", {"username": "rayong", "password": "wrong"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "rayong", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "rayong", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    other = client.post("/accounts/login/", {"username": "chonburi", "password": DEMO_PASSWORD})
    assert other.status_code == 302  # another account from the same address is not locked


def test_sessions_expire():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_behind_the_proxy_each_client_address_is_throttled_apart(client, settings):
    """With BEHIND_PROXY the lock is per username and *client* address, not the proxy's."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "rayong", "password": "wrong"}, **attacker)
    locked = client.post(
        "/accounts/login/", {"username": "rayong", "password": DEMO_PASSWORD}, **attacker
    )
    assert locked.status_code == 429
    owner = client.post(
        "/accounts/login/",
        {"username": "rayong", "password": DEMO_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1",
    )
    assert owner.status_code == 302
