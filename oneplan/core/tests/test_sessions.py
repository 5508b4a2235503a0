"""A session is kept alive by use but not rewritten on every request (`core.sessions`)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from oneplan.core.sessions import REFRESHED

pytestmark = pytest.mark.django_db


def _row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_is_written_at_most_once_per_interval(demo_user, settings):
    settings.ONEPLAN_SESSION_REFRESH_SECONDS = 300
    client = Client()
    client.force_login(demo_user("rayong"))
    client.get("/")  # the first request after signing in marks it refreshed
    first = _row(client)
    assert REFRESHED in first.get_decoded()
    for _ in range(3):
        assert client.get("/").status_code == 200
    again = _row(client)
    assert again.expire_date == first.expire_date  # not rewritten within the interval
    assert again.session_data == first.session_data


def test_a_session_in_use_is_kept_alive_after_the_interval(demo_user, settings):
    settings.ONEPLAN_SESSION_REFRESH_SECONDS = 300
    client = Client()
    client.force_login(demo_user("rayong"))
    client.get("/")
    session = client.session
    session[REFRESHED] = session[REFRESHED] - 301  # as if written over five minutes ago
    session.save()
    before = _row(client).expire_date
    client.get("/")
    row = _row(client)
    assert row.expire_date >= before
    assert row.get_decoded()[REFRESHED] > session[REFRESHED]


def test_an_anonymous_visit_writes_no_session(client):
    count = Session.objects.count()
    client.get("/")
    assert Session.objects.count() == count
