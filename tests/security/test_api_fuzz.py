"""Schemathesis against the published OpenAPI schema: generated requests, valid and not,
to every operation as a signed-in school leader; the API never answers with a 5xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from casestudies.demo import seed_demo_cases
from tests.conftest import Demo

EXAMPLES_PER_OPERATION = 15

pytestmark = pytest.mark.slow


@pytest.fixture
def seeded(demo: Demo) -> Iterator[Demo]:
    seed_demo_cases()
    # As Django's test client does: the WSGI handler would close the test's connection
    # at the end of every request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield demo
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(seeded: Demo) -> None:
    # The schema as clients fetch it, through the WSGI entry point; requests go the same way.
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    token, _created = Token.objects.get_or_create(user=seeded.leader1)
    headers = {"Authorization": f"Token {token.key}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 50
    failures: list[str] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            cache.clear()  # throttle counts: each generated request is judged on its own
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        call()

    assert failures == []
