"""The room websocket, through the ASGI application as browsers and token clients use it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async

from discussions import services
from discussions.models import Message, Proposal
from tests.discussions.conftest import (
    Rooms,
    cookie_socket,
    frames_until,
    joined,
    new_id,
    next_of,
    socket,
    token_socket,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_it_closes_4401_for_a_connection_without_login(rooms: Rooms):
    communicator = socket(f"/ws/rooms/{rooms.room.pk}/", [])
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_it_closes_4401_for_a_wrong_token_without_falling_back_to_the_session(rooms: Rooms):
    headers = [
        (b"authorization", b"Token not-a-real-key"),
        (b"cookie", f"sessionid={rooms.cookies['teacher1']}".encode()),
    ]
    communicator = socket(f"/ws/rooms/{rooms.room.pk}/", headers)
    await communicator.connect()
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


@pytest.mark.parametrize(
    "case", ["other network", "unknown room", "id beyond bigint", "not a member"]
)
async def test_it_closes_4403_for_a_room_the_person_may_not_enter(rooms: Rooms, case: str):
    username, room_id = {
        "other network": ("teacher1", rooms.other_network_room.pk),
        "unknown room": ("teacher1", 999_999),
        "id beyond bigint": ("teacher1", 2**64),
        "not a member": ("outsider", rooms.room.pk),
    }[case]
    communicator = token_socket(rooms, username, room_id)
    await communicator.connect()
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_a_member_is_greeted_with_the_room_themselves_last_seq_and_presence(rooms: Rooms):
    communicator = cookie_socket(rooms, "teacher1")
    hello = await joined(communicator)
    assert hello["room"]["id"] == rooms.room.pk
    assert hello["user"] == {"id": rooms.demo.teacher1.pk, "name": "Lotte Jansen"}
    assert hello["last_seq"] == 0
    assert {"id": rooms.demo.teacher1.pk, "name": "Lotte Jansen"} in hello["presence"]
    await communicator.disconnect()


async def test_a_message_is_acknowledged_after_commit_and_reaches_everyone_with_its_seq(
    rooms: Rooms,
):
    sender, partner = cookie_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(sender)
    await joined(partner)
    client_id = new_id()
    body = "Wat doen jullie met **zittenblijvers**? <script>alert(1)</script>"
    await sender.send_json_to({"type": "message.send", "client_id": client_id, "body": body})

    ack = await next_of(sender, "ack")
    assert ack["client_id"] == client_id
    assert ack["seq"] == 1
    stored = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
    assert stored.seq == 1
    for communicator in (sender, partner):
        message = (await next_of(communicator, "message.new"))["message"]
        assert message["id"] == ack["id"]
        assert message["seq"] == 1
        assert message["client_id"] == client_id
        assert message["author"] == {"id": rooms.demo.teacher1.pk, "name": "Lotte Jansen"}
        assert "<strong>zittenblijvers</strong>" in message["body_html"]
        assert "<script>" not in message["body_html"]
        assert message["reply_to"] is None
        assert message["created_at"]
    await sender.disconnect()
    await partner.disconnect()


async def test_a_replayed_client_id_gets_the_same_ack_and_never_a_second_message(
    rooms: Rooms, settings
):
    settings.NETWERK_ROOM_RATE_LIMIT = 2
    settings.NETWERK_ROOM_RATE_WINDOW = 3600
    sender = token_socket(rooms, "teacher1")
    await joined(sender)
    frame = {"type": "message.send", "client_id": "same-id", "body": "Eén keer"}
    await sender.send_json_to(frame)
    first = await next_of(sender, "ack")
    await sender.send_json_to(frame)
    second = await next_of(sender, "ack")
    assert first == second
    count = await database_sync_to_async(Message.objects.filter(room=rooms.room).count)()
    assert count == 1
    # The replay did not count against the rate limit: one more post passes.
    await sender.send_json_to({"type": "message.send", "client_id": "other", "body": "Twee"})
    assert (await next_of(sender, "ack"))["seq"] == 2
    await sender.send_json_to({"type": "message.send", "client_id": "third", "body": "Drie"})
    assert (await next_of(sender, "error"))["code"] == "rate_limited"
    await sender.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        "{not json",
        "[1, 2, 3]",
        json.dumps({"type": "message.teleport"}),
        json.dumps({"body": "no type"}),
        json.dumps({"type": "message.send", "body": "no client_id"}),
        json.dumps({"type": "message.send", "client_id": "x"}),
        json.dumps({"type": "message.send", "client_id": "x", "body": "   "}),
        json.dumps({"type": "message.send", "client_id": "x" * 65, "body": "hi"}),
        json.dumps({"type": "message.send", "client_id": "x", "body": "hi", "reply_to": "1"}),
        json.dumps({"type": "message.send", "client_id": "x", "body": "hi", "reply_to": 999}),
        json.dumps({"type": "sync"}),
        json.dumps({"type": "sync", "after_seq": "0"}),
        json.dumps({"type": "sync", "after_seq": -1}),
        json.dumps({"type": "proposal.create", "client_id": "p"}),
        json.dumps({"type": "proposal.endorse"}),
        json.dumps({"type": "proposal.endorse", "proposal_id": 999_999}),
    ],
)
async def test_bad_frames_get_invalid_and_the_connection_stays_open(rooms: Rooms, frame: str):
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    await communicator.send_to(text_data=frame)
    error = await next_of(communicator, "error")
    assert error["code"] == "invalid"
    assert error["detail"]
    await communicator.send_json_to({"type": "message.send", "client_id": "ok", "body": "Nog hier"})
    assert (await next_of(communicator, "ack"))["seq"] == 1
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("headers", "unknown", "closed"),
    [
        ([], "Onbekend type.", "Deze ruimte is gesloten."),
        ([(b"cookie", b"django_language=en")], "Unknown type.", "This room is closed."),
        ([(b"accept-language", b"en-GB,en;q=0.9")], "Unknown type.", "This room is closed."),
        (
            [(b"cookie", b"django_language=nl"), (b"accept-language", b"en")],
            "Onbekend type.",
            "Deze ruimte is gesloten.",
        ),
    ],
)
async def test_errors_come_in_the_language_the_person_reads_the_site_in(
    rooms: Rooms, headers: list[tuple[bytes, bytes]], unknown: str, closed: str
):
    """The language cookie first, then Accept-Language, then Dutch; also for the texts
    made in a database thread (the closed room's)."""
    token = (b"authorization", f"Token {rooms.tokens['teacher1']}".encode())
    communicator = socket(f"/ws/rooms/{rooms.room.pk}/", [token, *headers])
    await joined(communicator)
    await communicator.send_json_to({"type": "message.teleport"})
    assert (await next_of(communicator, "error"))["detail"] == unknown
    await database_sync_to_async(services.close_room)(room=rooms.room)
    await communicator.send_json_to({"type": "proposal.create", "client_id": "p", "title": "Idee"})
    assert (await next_of(communicator, "error"))["detail"] == closed
    await communicator.disconnect()


async def test_a_body_over_10000_characters_gets_too_large_and_the_connection_stays_open(
    rooms: Rooms,
):
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    frame = {"type": "message.send", "client_id": "big", "body": "a" * 10_001}
    await communicator.send_json_to(frame)
    error = await next_of(communicator, "error")
    assert (error["code"], error["client_id"]) == ("too_large", "big")
    frame = {"type": "message.send", "client_id": "fits", "body": "a" * 10_000}
    await communicator.send_json_to(frame)
    assert (await next_of(communicator, "ack"))["client_id"] == "fits"
    await communicator.disconnect()


async def test_a_nul_character_is_refused_before_it_reaches_the_database(rooms: Rooms):
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    frame = {"type": "message.send", "client_id": "nul", "body": "<scr\x00ipt>x</script>"}
    await communicator.send_json_to(frame)
    error = await next_of(communicator, "error")
    assert (error["code"], error["client_id"]) == ("invalid", "nul")
    await communicator.send_json_to({"type": "message.send", "client_id": "ok", "body": "Goed"})
    assert (await next_of(communicator, "ack"))["client_id"] == "ok"
    await communicator.disconnect()


async def test_a_frame_over_64_kib_is_closed_with_1009(rooms: Rooms):
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    await communicator.send_to(text_data="x" * (64 * 1024 + 1))
    while (output := await communicator.receive_output(timeout=5))["type"] != "websocket.close":
        pass
    assert output["code"] == 1009


async def test_a_burst_of_ten_passes_and_a_flood_is_rate_limited(rooms: Rooms, settings):
    # A window longer than the flood takes even on a busy machine.
    settings.NETWERK_ROOM_RATE_WINDOW = 120
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    results = []
    for number in range(30):
        frame = {"type": "message.send", "client_id": f"f{number}", "body": f"bericht {number}"}
        await communicator.send_json_to(frame)
        reply = await next_of_any(communicator, {"ack", "error"})
        results.append(reply["code"] if reply["type"] == "error" else "ack")
    assert results[:10] == ["ack"] * 10
    assert "rate_limited" in results
    await communicator.send_json_to({"type": "sync", "after_seq": 0})
    assert (await next_of(communicator, "sync.done"))["last_seq"] == results.count("ack")
    await communicator.disconnect()


async def test_sync_replays_missed_messages_in_seq_order_then_sync_done(rooms: Rooms):
    await database_sync_to_async(post_many)(rooms, 7)
    communicator = token_socket(rooms, "teacher2")
    hello = await joined(communicator)
    assert hello["last_seq"] == 7
    await communicator.send_json_to({"type": "sync", "after_seq": 3})
    frames = await frames_until(communicator, "sync.done")
    seqs = [f["message"]["seq"] for f in frames if f["type"] == "message.new"]
    assert seqs == [4, 5, 6, 7]
    assert frames[-1] == {"type": "sync.done", "last_seq": 7}
    await communicator.disconnect()


async def test_sync_with_a_seq_from_the_future_gets_invalid(rooms: Rooms):
    await database_sync_to_async(post_many)(rooms, 2)
    communicator = token_socket(rooms, "teacher2")
    await joined(communicator)
    await communicator.send_json_to({"type": "sync", "after_seq": 3})
    assert (await next_of(communicator, "error"))["code"] == "invalid"
    await communicator.send_json_to({"type": "sync", "after_seq": 2})
    assert await next_of(communicator, "sync.done") == {"type": "sync.done", "last_seq": 2}
    await communicator.disconnect()


async def test_typing_and_presence_reach_the_others(rooms: Rooms):
    first, second = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(first)
    await joined(second)
    await presence_of(first, ["Jeroen Smit", "Lotte Jansen"])
    await second.send_json_to({"type": "typing"})
    typing = await next_of(first, "typing")
    assert typing["user"]["id"] == rooms.demo.teacher2.pk
    await second.disconnect()
    await presence_of(first, ["Lotte Jansen"])
    await first.disconnect()


async def test_proposals_are_created_and_endorsed_once_per_person(rooms: Rooms):
    author, partner = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(author)
    await joined(partner)
    frame = {
        "type": "proposal.create",
        "client_id": "p1",
        "title": "Mentorgesprekken in periode 2",
        "body": "Elke mentor spreekt **elke** leerling.",
    }
    await author.send_json_to(frame)
    proposal = (await next_of(partner, "proposal.new"))["proposal"]
    assert proposal["title"] == "Mentorgesprekken in periode 2"
    assert proposal["status"] == "idea"
    assert proposal["version"] == 1
    assert "<strong>elke</strong>" in proposal["body_html"]
    await author.send_json_to(frame)  # a repeat creates nothing
    assert (await next_of(author, "proposal.new"))["proposal"]["id"] == proposal["id"]

    await partner.send_json_to({"type": "proposal.endorse", "proposal_id": proposal["id"]})
    updated = (await next_of(author, "proposal.updated"))["proposal"]
    assert updated["endorsements"] == 1
    assert updated["endorsed_by"] == [rooms.demo.teacher2.pk]
    await partner.send_json_to({"type": "proposal.endorse", "proposal_id": proposal["id"]})
    assert (await next_of(partner, "error"))["code"] == "invalid"
    count = await database_sync_to_async(Proposal.objects.filter(room=rooms.room).count)()
    assert count == 1
    await author.disconnect()
    await partner.disconnect()


async def test_a_message_with_personal_data_is_held_until_its_author_confirms(rooms: Rooms):
    author, partner = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(author)
    await joined(partner)
    body = "Piet de Vries (leerlingnummer 123456) blijft zitten."
    await author.send_json_to({"type": "message.send", "client_id": "h1", "body": body})
    held = await next_of(author, "message.held")
    assert held["client_id"] == "h1"
    assert "name" in held["findings"]
    await partner.send_json_to({"type": "sync", "after_seq": 0})
    frames = await frames_until(partner, "sync.done")
    assert [f for f in frames if f["type"] == "message.new"] == []

    corrected = "Een leerling uit havo 4 blijft zitten."
    await author.send_json_to({"type": "message.confirm", "client_id": "h1", "body": corrected})
    ack = await next_of(author, "ack")
    assert ack["seq"] == 1
    message = (await next_of(partner, "message.new"))["message"]
    assert message["body"] == corrected
    await author.disconnect()
    await partner.disconnect()


async def test_a_closed_room_refuses_new_messages_with_forbidden(rooms: Rooms):
    communicator = token_socket(rooms, "teacher1")
    await joined(communicator)
    await database_sync_to_async(services.close_room)(room=rooms.room)
    assert (await next_of(communicator, "room.updated"))["room"]["status"] == "closed"
    await communicator.send_json_to({"type": "message.send", "client_id": "c", "body": "Hallo?"})
    assert (await next_of(communicator, "error"))["code"] == "forbidden"
    await communicator.disconnect()


async def presence_of(communicator, names: list[str]) -> None:
    """Wait for a presence event listing exactly these people."""
    while [u["name"] for u in (await next_of(communicator, "presence"))["users"]] != names:
        pass


async def next_of_any(communicator, kinds: set[str]) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = await communicator.receive_json_from(timeout=5)
        if frame["type"] in kinds:
            return frame


def post_many(rooms: Rooms, count: int) -> None:
    for number in range(count):
        services.post_message(
            room=rooms.room, author=rooms.demo.teacher1, client_id=f"m{number}", body=f"#{number}"
        )
