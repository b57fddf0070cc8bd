"""Rooms for the shared actors, and websocket clients that connect as them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from discussions import onloop, services
from discussions.models import Room
from netwerk.asgi import application
from tests.conftest import Demo, client_for

ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest_asyncio.fixture(autouse=True)
async def loop_clients_closed() -> AsyncIterator[None]:
    """After each test, the PostgreSQL connection and Redis client that consumers opened
    on the test's event loop are closed (in a server they live as long as the process)."""
    yield
    await onloop.close()


@dataclass
class Rooms:
    demo: Demo
    room: Room
    other_network_room: Room
    tokens: dict[str, str]
    cookies: dict[str, str]


@pytest.fixture
def rooms(demo: Demo) -> Rooms:
    cache.clear()
    room = services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Zittenblijven in havo 4"
    )
    other = services.open_theme_room(
        network=demo.network_b, person=demo.coordinator, title="Begrijpend lezen"
    )
    people = [demo.teacher1, demo.teacher2, demo.outsider, demo.coordinator, demo.leader1]
    tokens = {p.username: Token.objects.get_or_create(user=p)[0].key for p in people}
    cookies = {p.username: client_for(p).cookies["sessionid"].value for p in people}
    return Rooms(demo, room, other, tokens, cookies)


def socket(path: str, headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, path, headers=[ORIGIN, *headers])


def token_socket(rooms: Rooms, username: str, room_id: int | None = None) -> WebsocketCommunicator:
    header = (b"authorization", f"Token {rooms.tokens[username]}".encode())
    return socket(f"/ws/rooms/{room_id or rooms.room.pk}/", [header])


def cookie_socket(rooms: Rooms, username: str, room_id: int | None = None) -> WebsocketCommunicator:
    header = (b"cookie", f"sessionid={rooms.cookies[username]}".encode())
    return socket(f"/ws/rooms/{room_id or rooms.room.pk}/", [header])


async def joined(communicator: WebsocketCommunicator) -> dict[str, Any]:
    connected, _ = await communicator.connect()
    assert connected
    hello: dict[str, Any] = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "hello"
    return hello


async def next_of(
    communicator: WebsocketCommunicator, kind: str, timeout: float = 5
) -> dict[str, Any]:
    """The next frame of this type, skipping others (presence, typing, …)."""
    while True:
        frame: dict[str, Any] = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] == kind:
            return frame


async def frames_until(
    communicator: WebsocketCommunicator, kind: str, timeout: float = 5
) -> list[dict[str, Any]]:
    """Every frame up to and including the first of this type."""
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        frames.append(frame)
        if frame["type"] == kind:
            return frames


def new_id() -> str:
    return uuid.uuid4().hex
