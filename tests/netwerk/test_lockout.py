"""A locked-out login, on the page and on the token endpoint, served over ASGI (as uvicorn
serves it) and over WSGI-style requests, in Dutch and in English."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient, Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PAGE_TEXT = {"nl": "Te veel pogingen", "en": "Too many attempts"}
API_TEXT = {"nl": "Te veel mislukte pogingen", "en": "Too many failed attempts"}


class AsgiClient:
    """django.test.AsyncClient driven from a synchronous test: the request runs through
    the ASGI handler and the async middleware chain, and its database work on this
    thread, inside the test's transaction."""

    def __init__(self) -> None:
        self._client = AsyncClient()

    def post(self, path: str, data: dict[str, str], **extra: Any) -> Any:
        return async_to_sync(self._client.post)(path, data, **extra)


CLIENTS = {"asgi": AsgiClient, "sync": Client}


def lock_out(client: Any, url: str, language: str) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url,
            {"username": "teacher1", "password": "wrong"},
            headers={"Accept-Language": language},
        )


@pytest.mark.parametrize("kind", CLIENTS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_locked_out_login_page_answers_429_in_the_persons_language(
    demo, kind: str, language: str
) -> None:
    client = CLIENTS[kind]()
    lock_out(client, reverse("login"), language)
    response = client.post(
        reverse("login"),
        {"username": "teacher1", "password": PASSWORD},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert PAGE_TEXT[language] in page
    assert "15" in page  # the minutes left to wait
    assert response["Content-Language"] == language


@pytest.mark.parametrize("kind", CLIENTS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_locked_out_token_request_answers_429_json_in_the_persons_language(
    demo, kind: str, language: str
) -> None:
    client = CLIENTS[kind]()
    url = reverse("api-token")
    lock_out(client, url, language)
    response = client.post(
        url, {"username": "teacher1", "password": PASSWORD}, headers={"Accept-Language": language}
    )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    assert API_TEXT[language] in body["detail"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("kind", CLIENTS)
def test_the_lockout_of_one_username_leaves_another_free(demo, kind: str) -> None:
    client = CLIENTS[kind]()
    lock_out(client, reverse("login"), "nl")
    response = client.post(reverse("login"), {"username": "teacher2", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("kind", CLIENTS)
def test_a_lockout_from_the_page_holds_on_the_token_endpoint(demo, kind: str) -> None:
    client = CLIENTS[kind]()
    lock_out(client, reverse("login"), "en")
    response = client.post(reverse("api-token"), {"username": "TEACHER1", "password": PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json()
