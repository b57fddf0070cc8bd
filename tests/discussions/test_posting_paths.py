"""Every way a message is stored follows the same posting rules (discussions.services.posting):
the websocket's statement on the event loop, the same statement on a Django connection (the
API, the pages), and the full transaction with the ORM. For each rule, each path must end
in the same outcome: what is stored, what is refused and why, who is mentioned and told,
and what the room hears."""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.utils import timezone

from discussions import onloop, services
from discussions.broadcast import room_group
from discussions.models import Message, Room
from notifications.models import Notification
from tests.discussions.conftest import Rooms

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

PATHS = ["event loop", "statement", "transaction"]
HELD_TEXT = "Piet de Vries (leerlingnummer 123456) blijft zitten."


@dataclass(frozen=True)
class Outcome:
    created: bool | None
    refused: str | None
    held: bool | None
    seq: int | None
    body_html: str | None
    mentioned: tuple[str, ...]
    notified: tuple[str, ...]
    held_left: tuple[str, ...]
    heard_seq: int | None


@dataclass
class Case:
    """A room prepared for one post, and the post."""

    rooms: Rooms
    room: Room
    settings: Any
    author: str = "teacher1"
    client_id: str = "final"
    body: Any = "Hoe **gaat** het?"
    reply_to: int | None = None

    def person(self, username: str) -> Any:
        return getattr(self.rooms.demo, username)


def post_sync(case: Case, path: str, client_id: str, body: Any, author: str) -> services.Posted:
    return services.post_message(
        room=case.room,
        author=case.person(author),
        client_id=client_id,
        body=body,
        reply_to=case.reply_to if client_id == case.client_id else None,
        fast=path == "statement",
    )


async def post(case: Case, path: str, client_id: str, body: Any, author: str) -> services.Posted:
    if path == "event loop":
        return await services.apost_message(
            room=case.room,
            author=case.person(author),
            client_id=client_id,
            body=body,
            reply_to=case.reply_to if client_id == case.client_id else None,
        )
    posted: services.Posted = await database_sync_to_async(post_sync)(
        case, path, client_id, body, author
    )
    return posted


async def outcome(case: Case, path: str) -> Outcome:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(room_group(case.room.pk), channel)
    posted: services.Posted | None = None
    refused: str | None = None
    try:
        posted = await post(case, path, case.client_id, case.body, case.author)
    except services.RoomError as error:
        refused = error.code
    heard = await heard_seq(layer, channel)
    await layer.group_discard(room_group(case.room.pk), channel)
    result: Outcome = await database_sync_to_async(stored)(case, posted, refused, heard)
    return result


async def heard_seq(layer: Any, channel: str) -> int | None:
    """The seq of the message.new the room heard, if any, within a moment."""
    try:
        async with asyncio.timeout(0.5):
            while True:
                event = json.loads((await layer.receive(channel))["text"])
                if event["type"] == "message.new":
                    return int(event["message"]["seq"])
    except TimeoutError:
        return None


def stored(case: Case, posted: Any, refused: str | None, heard: int | None) -> Outcome:
    message = None if posted is None else Message.objects.get(pk=posted.message.pk)
    held = Message.objects.filter(room=case.room, held=True).order_by("client_id")
    notified = Notification.objects.filter(key=f"message:{message.pk}") if message else []
    return Outcome(
        created=None if posted is None else posted.created,
        refused=refused,
        held=None if message is None else message.held,
        seq=None if message is None else message.seq,
        body_html=None if message is None else message.body_html,
        mentioned=tuple(sorted(m.person.username for m in message.mentions.all()))
        if message
        else (),
        notified=tuple(sorted(n.recipient.username for n in notified)),
        held_left=tuple(held.values_list("client_id", flat=True)),
        heard_seq=heard,
    )


# --- The rules, one scenario each ---------------------------------------------------------


async def plain(case: Case) -> None:
    await post(case, "transaction", "before", "Eerder", "teacher2")


async def repeated_client_id(case: Case) -> None:
    await post(case, "transaction", case.client_id, case.body, case.author)


async def closed_room(case: Case) -> None:
    await database_sync_to_async(services.close_room)(room=case.room)


async def over_the_rate_limit(case: Case) -> None:
    await post(case, "transaction", "first", "De eerste", case.author)
    case.settings.NETWERK_ROOM_RATE_LIMIT = 1  # what the author posted before counts too


async def own_held_draft(case: Case) -> None:
    await post(case, "transaction", "draft", HELD_TEXT, case.author)


async def someone_elses_fresh_draft(case: Case) -> None:
    await post(case, "transaction", "their-draft", HELD_TEXT, "teacher2")


async def someone_elses_expired_draft(case: Case) -> None:
    await post(case, "transaction", "old-draft", HELD_TEXT, "teacher2")
    long_ago = timezone.now() - datetime.timedelta(seconds=services.hold_seconds() + 60)
    await database_sync_to_async(
        Message.objects.filter(room=case.room, client_id="old-draft").update
    )(created_at=long_ago)


async def mentions_a_member(case: Case) -> None:
    case.body = "@teacher2 kijk **hier** eens naar"


async def mentions_someone_outside(case: Case) -> None:
    case.body = "@outsider en @niemand kijk hier eens naar"


async def replies(case: Case) -> None:
    first = await post(case, "transaction", "question", "Een vraag?", "teacher2")
    case.reply_to = first.message.pk


async def personal_data(case: Case) -> None:
    case.body = HELD_TEXT


async def too_long(case: Case) -> None:
    case.body = "x" * (services.MAX_BODY_CHARS + 1)


async def a_nul_character(case: Case) -> None:
    case.body = "a\x00b"


async def no_client_id(case: Case) -> None:
    case.client_id = ""


SCENARIOS: dict[str, Callable[[Case], Awaitable[None]]] = {
    "a plain message": plain,
    "a repeated client_id": repeated_client_id,
    "a closed room": closed_room,
    "a full rate window": over_the_rate_limit,
    "the author's own held draft": own_held_draft,
    "someone else's fresh held draft": someone_elses_fresh_draft,
    "someone else's expired held draft": someone_elses_expired_draft,
    "a mention of a member": mentions_a_member,
    "a mention of people outside the network": mentions_someone_outside,
    "a reply": replies,
    "personal data": personal_data,
    "a text over the limit": too_long,
    "a NUL character": a_nul_character,
    "no client_id": no_client_id,
}


async def run(rooms: Rooms, settings: Any, scenario: str, path: str) -> Outcome:
    settings.NETWERK_ROOM_RATE_LIMIT = 1000
    room = await database_sync_to_async(services.open_theme_room)(
        network=rooms.demo.network_a, person=rooms.demo.coordinator, title=f"{scenario} {path}"
    )
    case = Case(rooms, room, settings)
    await SCENARIOS[scenario](case)
    return await outcome(case, path)


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_every_path_ends_in_the_same_outcome(rooms: Rooms, settings, scenario: str):
    outcomes = {}
    for path in PATHS:
        outcomes[path] = await run(rooms, settings, scenario, path)
    await onloop.close()
    assert outcomes["event loop"] == outcomes["statement"] == outcomes["transaction"]


async def test_the_outcomes_are_the_rules(rooms: Rooms, settings):
    """What the paths agree on is what the rules say (checked on the fastest path)."""
    plain_post = await run(rooms, settings, "a plain message", "event loop")
    assert (plain_post.created, plain_post.seq, plain_post.heard_seq) == (True, 2, 2)
    assert plain_post.body_html == "<p>Hoe <strong>gaat</strong> het?</p>"
    repeat = await run(rooms, settings, "a repeated client_id", "event loop")
    assert (repeat.created, repeat.seq, repeat.heard_seq) == (False, 1, None)
    assert (await run(rooms, settings, "a closed room", "event loop")).refused == "forbidden"
    assert (
        await run(rooms, settings, "a full rate window", "event loop")
    ).refused == "rate_limited"
    assert (await run(rooms, settings, "the author's own held draft", "event loop")).held_left == ()
    fresh = await run(rooms, settings, "someone else's fresh held draft", "event loop")
    assert fresh.held_left == ("their-draft",)
    assert (
        await run(rooms, settings, "someone else's expired held draft", "event loop")
    ).held_left == ()
    member = await run(rooms, settings, "a mention of a member", "event loop")
    assert (member.mentioned, member.notified) == (("teacher2",), ("teacher2",))
    assert '<span class="mention">@teacher2</span>' in (member.body_html or "")
    outside = await run(rooms, settings, "a mention of people outside the network", "event loop")
    assert (outside.mentioned, outside.notified) == ((), ())
    reply = await run(rooms, settings, "a reply", "event loop")
    assert reply.notified == ("teacher2",)
    held = await run(rooms, settings, "personal data", "event loop")
    assert (held.held, held.seq, held.heard_seq) == (True, None, None)
    assert (
        await run(rooms, settings, "a text over the limit", "event loop")
    ).refused == "too_large"
    assert (await run(rooms, settings, "a NUL character", "event loop")).refused == "invalid"
    assert (await run(rooms, settings, "no client_id", "event loop")).refused == "invalid"
    await onloop.close()


async def test_the_event_loop_path_stores_on_its_own_connection_on_postgresql():
    """The comparison above is only worth its name where the fast paths run."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement post is PostgreSQL's")
    assert onloop.database_available()
