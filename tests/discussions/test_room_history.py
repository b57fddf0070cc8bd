"""A room's history in windows (the latest messages, older and newer ones, the messages
around a link), the @mention search on the server, and proposals read in a constant
number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import services
from discussions.models import Message
from tests.discussions.conftest import Rooms, joined, next_of, token_socket
from tests.discussions.test_room_api import api


def post_many(rooms: Rooms, count: int, settings: Any) -> None:
    settings.NETWERK_ROOM_RATE_LIMIT = count
    for number in range(1, count + 1):
        services.post_message(
            room=rooms.room, author=rooms.demo.teacher1, client_id=f"m{number}", body=f"#{number}"
        )


async def window(communicator: Any, **frame: Any) -> dict[str, Any]:
    await communicator.send_json_to({"type": "history", **frame})
    return await next_of(communicator, "history")


def seqs(frame: dict[str, Any]) -> list[int]:
    return [message["seq"] for message in frame["messages"]]


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_history_gives_the_latest_window_then_older_and_newer_ones(rooms: Rooms, settings):
    await database_sync_to_async(post_many)(rooms, 120, settings)
    communicator = token_socket(rooms, "teacher2")
    assert (await joined(communicator))["last_seq"] == 120

    latest = await window(communicator)
    assert seqs(latest) == list(range(71, 121))
    assert (latest["more_above"], latest["more_below"], latest["last_seq"]) == (True, False, 120)
    assert latest["messages"][-1]["body"] == "#120"
    assert latest["messages"][-1]["author"]["name"]

    older = await window(communicator, before_seq=71)
    assert seqs(older) == list(range(21, 71))
    assert (older["more_above"], older["more_below"]) == (True, True)
    first = await window(communicator, before_seq=21, limit=30)
    assert seqs(first) == list(range(1, 21))
    assert (first["more_above"], first["more_below"]) == (False, True)

    around = await window(communicator, before_seq=37, limit=50)  # a link to #12
    assert seqs(around) == list(range(1, 37))
    newer = await window(communicator, after_seq=36)
    assert seqs(newer) == list(range(37, 87))
    assert (newer["more_above"], newer["more_below"]) == (True, True)
    end = await window(communicator, after_seq=100)
    assert seqs(end) == list(range(101, 121))
    assert end["more_below"] is False

    # sync {after_seq} works as before, beside the windows
    await communicator.send_json_to({"type": "sync", "after_seq": 118})
    assert (await next_of(communicator, "message.new"))["message"]["seq"] == 119
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "frame",
    [
        {"before_seq": 5, "after_seq": 1},
        {"limit": 0},
        {"limit": 101},
        {"before_seq": -1},
        {"after_seq": "3"},
        {"before_seq": 2**70},
    ],
)
async def test_a_bad_history_request_gets_invalid_and_the_connection_stays_open(
    rooms: Rooms, frame: dict[str, Any]
):
    communicator = token_socket(rooms, "teacher2")
    await joined(communicator)
    await communicator.send_json_to({"type": "history", **frame})
    assert (await next_of(communicator, "error"))["code"] == "invalid"
    assert seqs(await window(communicator)) == []
    await communicator.disconnect()


@pytest.mark.django_db
def test_a_window_is_two_queries_and_never_holds_a_held_draft(rooms: Rooms, settings):
    post_many(rooms, 60, settings)
    services.post_message(
        room=rooms.room, author=rooms.demo.teacher2, client_id="held", body="BSN 123456782"
    )
    assert Message.objects.filter(room=rooms.room, seq__isnull=True).count() == 1
    with CaptureQueriesContext(connection) as queries:
        latest = services.history_window(room=rooms.room)
    assert len(queries) == 2
    assert [m.seq for m in latest.messages] == list(range(11, 61))


@pytest.mark.django_db
def test_the_mention_search_finds_a_few_people_of_the_room_by_what_was_typed(rooms: Rooms):
    client = api(rooms, "teacher1")
    url = f"/api/rooms/{rooms.room.pk}/members/"
    by_username = client.get(url, {"q": "teach"}).data
    assert {"teacher1", "teacher2"} <= {p["username"] for p in by_username}
    assert len(by_username) <= 8
    by_name = client.get(url, {"q": "smit"}).data
    assert [p["username"] for p in by_name] == ["teacher2"]
    assert client.get(url, {"q": "@Jeroen S"}).data == by_name
    assert client.get(url, {"q": "outsider"}).data == []
    assert len(client.get(url, {"q": ""}).data) <= 8
    assert client.get(url, {"q": "x" * 151}).status_code == 400
    assert api(rooms, "outsider").get(url, {"q": "teach"}).status_code == 404


@pytest.mark.django_db
def test_a_rooms_proposals_load_in_a_constant_number_of_queries(rooms: Rooms):
    def create(number: int) -> None:
        created = services.create_proposal(
            room=rooms.room, author=rooms.demo.teacher1, client_id=f"p{number}", title=f"P{number}"
        )
        services.endorse_proposal(proposal=created.proposal, person=rooms.demo.teacher2)

    client = api(rooms, "teacher2")
    url = f"/api/rooms/{rooms.room.pk}/proposals/"
    create(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(2, 8):
        create(number)
    with CaptureQueriesContext(connection) as seven:
        listed = client.get(url).data["results"]
    assert len(listed) == 7
    assert all(p["endorsed_by"] == [rooms.demo.teacher2.pk] for p in listed)
    assert len(seven) == len(one)
