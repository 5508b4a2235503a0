"""Shared fixtures for the unit suite: the real reference data, loaded once per session.

Tests run in transactions on top of it (SQLite or PostgreSQL, whichever DATABASE_URL
names), so every test sees all 77 provinces, both cluster sets and the Rayong demo.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from oneplan.core.reference import load_reference
    from oneplan.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_reference()
        load_demo()


@pytest.fixture(scope="module")
def session_data_restored(django_db_setup, django_db_blocker):
    """For a module of tests that commit for real (`django_db(transaction=True)`): Django
    empties the database after each of them, so the session's reference data and demo are
    loaded again after the module, for the tests that follow. Use it with
    `pytestmark = pytest.mark.usefixtures("session_data_restored")`."""
    yield
    from oneplan.core.reference import load_reference
    from oneplan.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_reference()
        load_demo()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Thai): a request answered in English (the
    language cookie, Accept-Language) leaves English active in the thread, as Django's
    LocaleMiddleware does not switch back, and would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo_user(db):
    """Get a demo user by name: demo_user("rayong")."""
    from oneplan.orgs.models import User

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get
