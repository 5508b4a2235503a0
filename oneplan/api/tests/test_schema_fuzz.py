"""The whole OpenAPI schema, fuzzed (schemathesis, a fixed seed and a bounded number of cases)
as the national secretariat and as a provincial officer: no server error and no response
that breaks the schema it documents, whatever is sent."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from oneplan.wsgi import application

pytestmark = pytest.mark.django_db

# Cases per operation and user: bounded for CI's time; derandomised, every run is the same.
CASES = 12


def _load_schema():
    """The schema `/api/v1/openapi.json` serves, generated without a request (no database),
    each operation called on the project's WSGI application."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = application
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI application is called directly, not through Django's test client: like the
    client, keep Django from closing the test's database connection (and its transaction)
    at the end of each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(case, username: str) -> None:
    from oneplan.orgs.models import User

    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[
            schemathesis.checks.not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
        ],
    )


FUZZ = settings(
    max_examples=CASES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_as_the_national_secretariat(case):
    _call(case, "secretariat")


@schema.parametrize()
@FUZZ
def test_as_a_provincial_officer(case):
    _call(case, "rayong")
