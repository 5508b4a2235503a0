"""The journey suite: a year of a province that the demo never touches, from an empty system.

Unlike the unit suite (whose session loads the Rayong demo), this session's database holds
what `oneplan migrate` and `oneplan load-reference` make and nothing else: the journey's
users are created through the admin, and everything after that through the pages or the API
as those users. Run with `.venv/bin/pytest tests/journey -q` (part of `make test`).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
