"""Decisions, topics and moderation on the room socket: votes and live results (hidden
from who has not voted), topics on posted messages, tombstones and removals, live."""

from __future__ import annotations

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from discussions import services
from discussions.decision_models import Poll, Vote
from tests.discussions.conftest import Rooms, joined, new_id, next_of, token_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@sync_to_async
def open_poll(rooms: Rooms, **extra: object) -> Poll:
    return services.create_poll(
        room=rooms.room,
        author=rooms.demo.teacher1,
        kind="proposal",
        title="Mentoruur",
        closes_at=timezone.now() + datetime.timedelta(days=1),
        **extra,  # type: ignore[arg-type]
    )


async def test_a_vote_on_the_socket_is_confirmed_and_everyone_sees_the_live_results(rooms: Rooms):
    first, second = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(first)
    await joined(second)
    poll = await open_poll(rooms)
    assert (await next_of(second, "poll.new"))["poll"]["title"] == "Mentoruur"
    await second.send_json_to(
        {"type": "poll.vote", "poll_id": poll.pk, "choices": {"stance": "agree"}, "client_id": "v"}
    )
    assert (await next_of(second, "poll.voted")) == {
        "type": "poll.voted",
        "poll_id": poll.pk,
        "client_id": "v",
    }
    seen = await next_of(first, "poll.updated")
    assert seen["poll"]["results"]["tally"]["agree"] == 1
    assert seen["poll"]["voted"] is False
    assert (await next_of(second, "poll.updated"))["poll"]["voted"] is True
    await first.disconnect()
    await second.disconnect()


async def test_hidden_results_reach_only_those_who_voted_until_the_close(rooms: Rooms):
    voter, waiting = token_socket(rooms, "teacher2"), token_socket(rooms, "teacher1")
    await joined(voter)
    await joined(waiting)
    poll = await open_poll(rooms, hide_results=True)
    await voter.send_json_to(
        {"type": "poll.vote", "poll_id": poll.pk, "choices": {"stance": "abstain"}}
    )
    assert (await next_of(voter, "poll.updated"))["poll"]["results"]["tally"]["abstain"] == 1
    assert (await next_of(waiting, "poll.updated"))["poll"]["results"] is None
    await sync_to_async(services.close_poll)(
        poll=poll, person=rooms.demo.teacher1, outcome="Geen besluit"
    )
    closed = await next_of(waiting, "poll.updated")
    assert closed["poll"]["outcome"] == "Geen besluit"
    assert closed["poll"]["results"]["tally"]["abstain"] == 1
    await voter.disconnect()
    await waiting.disconnect()


async def test_bad_votes_get_errors_and_the_connection_stays_open(rooms: Rooms):
    person = token_socket(rooms, "teacher2")
    await joined(person)
    poll = await open_poll(rooms)
    await person.send_json_to(
        {"type": "poll.vote", "poll_id": poll.pk, "choices": {"stance": "block"}, "client_id": "b"}
    )
    error = await next_of(person, "error")
    assert (error["code"], error["client_id"]) == ("invalid", "b")
    await person.send_json_to({"type": "poll.vote", "poll_id": 10**9, "choices": {}})
    assert (await next_of(person, "error"))["code"] == "invalid"
    await sync_to_async(services.close_poll)(poll=poll, person=rooms.demo.teacher1, outcome="Klaar")
    await person.send_json_to(
        {"type": "poll.vote", "poll_id": poll.pk, "choices": {"stance": "agree"}}
    )
    assert (await next_of(person, "error"))["code"] == "forbidden"
    assert not await Vote.objects.aexists()
    await person.send_json_to({"type": "typing"})
    await person.disconnect()


async def test_a_poll_of_another_room_is_not_voted_in(rooms: Rooms):
    elsewhere = await sync_to_async(services.open_theme_room)(
        network=rooms.demo.network_a, person=rooms.demo.coordinator, title="Rekenen"
    )
    person = token_socket(rooms, "teacher2", elsewhere.pk)
    await joined(person)
    poll = await open_poll(rooms)
    await person.send_json_to(
        {"type": "poll.vote", "poll_id": poll.pk, "choices": {"stance": "agree"}}
    )
    assert (await next_of(person, "error"))["code"] == "invalid"
    assert not await Vote.objects.aexists()
    await person.disconnect()


async def test_a_message_sent_with_a_topic_carries_it(rooms: Rooms):
    person = token_socket(rooms, "teacher1")
    await joined(person)
    await person.send_json_to(
        {"type": "message.send", "client_id": new_id(), "body": "Hoi", "topic": "Rooster"}
    )
    assert (await next_of(person, "message.new"))["message"]["topic"] == "Rooster"
    await person.send_json_to(
        {"type": "message.send", "client_id": "long", "body": "Hoi", "topic": "x" * 61}
    )
    assert (await next_of(person, "error"))["client_id"] == "long"
    await person.disconnect()


async def test_others_see_the_tombstone_of_a_hidden_message_live(rooms: Rooms):
    reader = token_socket(rooms, "teacher1")
    await joined(reader)
    posted = await sync_to_async(services.post_message)(
        room=rooms.room, author=rooms.demo.teacher2, client_id="m", body="Grof"
    )
    await next_of(reader, "message.new")
    await sync_to_async(services.hide_message)(
        message=posted.message, moderator=rooms.demo.coordinator, reason="Grof"
    )
    tombstone = (await next_of(reader, "message.updated"))["message"]
    assert (tombstone["id"], tombstone["hidden"], tombstone["body"]) == (
        posted.message.pk,
        True,
        "",
    )
    await reader.disconnect()


async def test_a_removed_member_is_disconnected_and_the_others_are_told(rooms: Rooms):
    removed, other = token_socket(rooms, "teacher2"), token_socket(rooms, "teacher1")
    await joined(removed)
    await joined(other)
    await sync_to_async(services.remove_member)(
        room=rooms.room, person=rooms.demo.teacher2, moderator=rooms.demo.coordinator
    )
    assert (await next_of(removed, "error"))["code"] == "forbidden"
    assert (await removed.receive_output(timeout=5))["code"] == 4403
    told = await next_of(other, "member.removed")
    assert told["user"]["id"] == rooms.demo.teacher2.pk
    again = token_socket(rooms, "teacher2")
    connected, _ = await again.connect()
    assert connected
    assert (await again.receive_output(timeout=5))["code"] == 4403
    await other.disconnect()
