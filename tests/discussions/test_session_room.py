"""The live room of a network session: one per session, opened by any member of the
session's network, entered by the network's members, refused to everyone else."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.db import IntegrityError

from discussions import services
from discussions.models import Room, RoomKind
from meetings.models import NetworkSession
from tests.conftest import client_for
from tests.discussions.conftest import Rooms, joined, new_id, next_of, token_socket
from tests.meetings.conftest import plan

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@sync_to_async
def session_room(rooms: Rooms) -> Room:
    session = plan(rooms.demo, days=-1, title="Analyseren en concluderen")
    return services.open_session_room(session=session, person=rooms.demo.teacher1)


async def test_opening_the_session_room_twice_gives_the_one_room_of_the_session(rooms: Rooms):
    room = await session_room(rooms)
    assert room.kind == RoomKind.SESSION
    session = await NetworkSession.objects.aget(rooms=room)
    assert room.network_id == session.network_id
    assert room.title == session.title
    again = await sync_to_async(services.open_session_room)(
        session=session, person=rooms.demo.coordinator
    )
    assert again.pk == room.pk
    assert await Room.objects.filter(network_session=session).acount() == 1


async def test_the_database_holds_one_room_per_session(rooms: Rooms):
    room = await session_room(rooms)
    with pytest.raises(IntegrityError):
        await Room.objects.acreate(
            network_id=room.network_id,
            kind=RoomKind.SESSION,
            network_session_id=room.network_session_id,
            title="Tweede",
        )


async def test_members_of_the_network_enter_and_talk_in_the_session_room(rooms: Rooms):
    room = await session_room(rooms)
    lotte = token_socket(rooms, "teacher1", room.pk)
    jeroen = token_socket(rooms, "teacher2", room.pk)
    hello = await joined(lotte)
    assert hello["room"]["id"] == room.pk
    await joined(jeroen)
    await lotte.send_json_to(
        {"type": "message.send", "client_id": new_id(), "body": "Welkom allemaal"}
    )
    received = await next_of(jeroen, "message.new")
    assert received["message"]["body"] == "Welkom allemaal"
    await lotte.disconnect()
    await jeroen.disconnect()


async def test_outsiders_are_refused_the_session_room(rooms: Rooms):
    room = await session_room(rooms)
    outsider = token_socket(rooms, "outsider", room.pk)
    await outsider.connect()
    assert await outsider.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}
    page = await sync_to_async(
        lambda: client_for(rooms.demo.outsider).get(f"/ruimtes/{room.pk}/")
    )()
    assert page.status_code == 404


async def test_the_room_list_names_its_session_and_a_cancelled_session_gets_no_room(rooms: Rooms):
    room = await session_room(rooms)
    listed = await sync_to_async(
        lambda: client_for(rooms.demo.teacher2).get("/api/rooms/?kind=session").json()
    )()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(r["id"], r["network_session"]) for r in rows] == [(room.pk, room.network_session_id)]

    def cancelled_room() -> str:
        session = plan(rooms.demo, days=5, title="Afgelast", status="cancelled")
        with pytest.raises(services.RoomError) as refused:
            services.open_session_room(session=session, person=rooms.demo.teacher1)
        return refused.value.code

    assert await sync_to_async(cancelled_room)() == "invalid"
