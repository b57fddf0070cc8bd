"""Helpers for the tests of decisions, topics and moderation."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from tests.discussions.conftest import Rooms


def api(rooms: Rooms, username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {rooms.tokens[username]}")
    return client


def post(
    rooms: Rooms, username: str, path: str, data: dict[str, Any], room: int | None = None
) -> Any:
    url = f"/api/rooms/{room or rooms.room.pk}/{path}"
    return api(rooms, username).post(url, data, format="json")


def get(rooms: Rooms, username: str, path: str, room: int | None = None) -> Any:
    return api(rooms, username).get(f"/api/rooms/{room or rooms.room.pk}/{path}")


def later(**delta: float) -> str:
    return (timezone.now() + datetime.timedelta(**delta)).isoformat()


def new_poll(rooms: Rooms, kind: str = "proposal", username: str = "teacher1", **extra: Any) -> Any:
    data = {"kind": kind, "title": "Mentoruur in leerjaar 3", "closes_at": later(days=2)}
    return post(rooms, username, "polls/", data | extra)
