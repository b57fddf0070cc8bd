"""Frames and bodies no client of ours sends: each gets an `error` (or a 400 over REST),
and the connection stays open and still posts afterwards, as the protocol promises."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discussions import onloop
from tests.conftest import client_for
from tests.discussions.conftest import Rooms, joined, new_id, next_of, socket, token_socket

pytestmark = [pytest.mark.django_db(transaction=True)]

DEEP = "[" * 5_000 + "]" * 5_000
TYPES = ["message.send", "message.confirm", "sync", "typing", "proposal.create", "proposal.endorse"]
FIELDS = ["client_id", "body", "reply_to", "after_seq", "title", "proposal_id", "from_message"]

# Any JSON value, with any character (lone surrogates too, as `\ud800` escapes) and any
# whole number, however large.
texts = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()))
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4)
)
frames = json_values | st.fixed_dictionaries(
    {"type": st.sampled_from(TYPES)},
    optional={
        field: json_values | st.integers(min_value=-(2**70), max_value=2**70) for field in FIELDS
    },
)


async def still_posts(communicator: Any) -> None:
    """The connection is open and a message still goes through (its ack comes back)."""
    client_id = new_id()
    await communicator.send_json_to({"type": "message.send", "client_id": client_id, "body": "Hoi"})
    while True:
        frame = await communicator.receive_json_from(timeout=30)
        if frame.get("client_id") == client_id:
            assert frame["type"] == "ack", frame
            return


async def refused_with(rooms: Rooms, frame: str) -> dict[str, Any]:
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    await communicator.send_to(text_data=frame)
    error = await next_of(communicator, "error")
    await still_posts(communicator)
    await communicator.disconnect()
    return error


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "frame",
    [
        json.dumps({"type": "message.send", "client_id": "x", "body": "a\ud800b"}),
        json.dumps({"type": "message.send", "client_id": "a\ud800b", "body": "hoi"}),
        json.dumps({"type": "message.send", "client_id": "a\x00b", "body": "hoi"}),
        json.dumps({"type": "proposal.create", "client_id": "p", "title": "a\udfffb"}),
        json.dumps({"type": "message.send", "client_id": "x", "body": "hoi", "reply_to": 2**64}),
        json.dumps({"type": "proposal.endorse", "proposal_id": 2**64}),
        json.dumps({"type": "sync", "after_seq": 2**64}),
        DEEP,
        json.dumps(
            {"type": "message.send", "client_id": "x", "body": json.loads("[" * 900 + "]" * 900)}
        ),
    ],
    ids=[
        "lone surrogate in body",
        "lone surrogate in client_id",
        "NUL in client_id",
        "lone surrogate in a proposal title",
        "reply_to beyond bigint",
        "proposal_id beyond bigint",
        "after_seq beyond bigint",
        "5,000 nested arrays",
        "a nested body",
    ],
)
async def test_a_hostile_frame_gets_invalid_and_the_connection_still_posts(
    rooms: Rooms, frame: str
):
    error = await refused_with(rooms, frame)
    assert error["code"] == "invalid"
    await onloop.close()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("headers", "code"),
    [("teacher1", 4403), (None, 4401)],
    ids=["signed in", "anonymous"],
)
@pytest.mark.parametrize("path", ["/ws/rooms/abc/", "/ws/rooms/1x/", "/ws/rooms/%F0%9F%98%80/"])
async def test_a_room_id_that_is_no_number_is_refused_like_an_unknown_room(
    rooms: Rooms, path: str, headers: str | None, code: int
):
    auth = (
        [] if headers is None else [(b"authorization", f"Token {rooms.tokens[headers]}".encode())]
    )
    communicator = socket(path, auth)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": code}
    await onloop.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/ws/", "/ws/nothing/", "/ws/rooms/1/extra/"])
async def test_a_websocket_to_no_route_is_closed_cleanly(rooms: Rooms, path: str):
    auth = [(b"authorization", f"Token {rooms.tokens['teacher1']}".encode())]
    communicator = socket(path, auth)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        '{"client_id": "x", "body": "a\\ud800b"}',
        '{"client_id": "a\\u0000b", "body": "hoi"}',
        '{"client_id": "x", "body": "hoi", "reply_to": 18446744073709551616}',
    ],
    ids=["5,000 nested arrays", "lone surrogate", "NUL in client_id", "reply_to beyond bigint"],
)
def test_the_api_answers_400_to_a_hostile_body(rooms: Rooms, body: str):
    client = client_for(rooms.demo.teacher1)
    response = client.post(
        f"/api/rooms/{rooms.room.pk}/messages/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert (
        client.post(
            f"/api/rooms/{rooms.room.pk}/messages/",
            {"client_id": new_id(), "body": "Nog steeds hier"},
            content_type="application/json",
        ).status_code
        == 201
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sent=st.lists(frames, min_size=1, max_size=5))
def test_nothing_a_client_sends_escapes_the_consumer(
    rooms: Rooms, caplog, settings, sent: list[Any]
):
    """Whatever JSON arrives, the consumer answers or ignores it, logs no error, and the
    connection still posts afterwards."""
    settings.NETWERK_ROOM_RATE_LIMIT = 100_000  # the examples post many times a second
    caplog.set_level(logging.ERROR)

    async def exchange() -> None:
        communicator = token_socket(rooms, "teacher1")
        # Generous limits: a busy machine may be slow, and a slow answer is no failure here.
        connected, _ = await communicator.connect(timeout=30)
        assert connected
        assert (await communicator.receive_json_from(timeout=30))["type"] == "hello"
        for frame in sent:
            await communicator.send_to(text_data=json.dumps(frame))
        await still_posts(communicator)
        await communicator.disconnect()
        await onloop.close()

    async_to_sync(exchange)()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
