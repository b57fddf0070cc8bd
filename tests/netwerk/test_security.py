"""Login throttling, API throttling, the health endpoint and structured request logs,
through the interfaces people and operators use."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_wrong_passwords_lock_out_that_username_from_that_address(demo) -> None:
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "teacher1", "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert login(client, "teacher1", "wrong").status_code == 429
    locked = login(client, "teacher1", PASSWORD)
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The e-mail address of the same person counts as another identifier, but another
    # person logging in from the same address is not affected.
    assert login(Client(), "teacher2", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(demo) -> None:
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "Teacher1 ", "wrong")
    assert login(client, "teacher1", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "teacher1", "wrong")
    assert login(client, "teacher1", PASSWORD).status_code == 302


def test_the_token_endpoint_is_throttled_and_shares_the_lockout(demo) -> None:
    client = Client()
    url = reverse("api-token")
    statuses = [
        client.post(url, {"username": "teacher1", "password": "wrong"}).status_code
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    # Locked out now, even with the right password.
    response = client.post(url, {"username": "teacher1", "password": PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json()
    # The token scope allows 10 requests a minute from one address, whoever they are for.
    codes = [
        client.post(url, {"username": "teacher2", "password": PASSWORD}).status_code
        for _attempt in range(5)
    ]
    assert codes[:4] == [200] * 4
    assert codes[4] == 429


def test_health_reports_the_database(client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_reports_redis(redis_url, client, settings) -> None:
    settings.REDIS_URL = redis_url
    assert client.get("/health/").json()["redis"] == "ok"
    # Nothing listens on port 1: the check fails fast and the endpoint says which part.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert {key: body[key] for key in ("status", "database", "redis")} == {
        "status": "failing",
        "database": "ok",
        "redis": "failing",
    }


def test_each_request_is_logged_as_one_structured_record(demo, caplog) -> None:
    client = Client()
    client.force_login(demo.teacher1)
    with caplog.at_level(logging.INFO, logger="netwerk.requests"):
        client.get(reverse("school-detail", args=[demo.school1.pk]) + "?q=secret")
    record = next(r for r in caplog.records if r.name == "netwerk.requests")
    assert record.status == 200
    assert record.user_id == demo.teacher1.pk
    assert record.route == "scholen/<int:pk>/"
    # The production formatter turns it into one JSON object, query string left out.
    logging_config: dict[str, Any] = settings.LOGGING
    options: dict[str, Any] = dict(logging_config["formatters"]["json"])
    formatter = import_string(options.pop("()"))(**options)
    line = json.loads(formatter.format(record))
    assert line["level"] == "INFO"
    assert line["logger"] == "netwerk.requests"
    assert line["status"] == 200
    assert line["path"] == f"/scholen/{demo.school1.pk}/"
    assert "secret" not in json.dumps(line)
