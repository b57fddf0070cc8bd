"""What keeps rooms fast under load without changing what people see: a constant, small
number of queries per post, a rate limit that counts what is stored, throttled typing,
and held messages that do not linger."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest
import redis
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussions import onloop, services
from discussions.models import Message, Room
from tests.discussions.conftest import Rooms, frames_until, joined, next_of, token_socket

HELD_TEXT = "Piet de Vries (leerlingnummer 123456) blijft zitten."
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def statements(context: CaptureQueriesContext) -> list[str]:
    """The queries of a capture, without transaction control."""
    return [
        query["sql"]
        for query in context.captured_queries
        if not query["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]


def post(rooms: Rooms, username: str, client_id: str, body: str, **extra: Any) -> Any:
    author = getattr(rooms.demo, username)
    return services.post_message(
        room=rooms.room, author=author, client_id=client_id, body=body, **extra
    )


def test_a_post_makes_five_queries_however_long_the_room_has_been_talking(rooms: Rooms, settings):
    settings.NETWERK_ROOM_RATE_LIMIT = 1000
    counts = []
    for number in range(30):
        with CaptureQueriesContext(connection) as context:
            post(rooms, "teacher1" if number % 2 else "teacher2", f"q{number}", "Hoe gaat het?")
        counts.append(len(statements(context)))
    # The row lock (which also reads the room's status), the client_id look-up (which also
    # finds held messages), the rate limit's count, the insert and the room's last_seq.
    assert counts == [5] * 30
    sql = statements(context)
    assert "FOR UPDATE" in sql[0] or connection.vendor == "sqlite"
    assert Room.objects.get(pk=rooms.room.pk).last_seq == 30


def test_a_reply_adds_the_look_up_of_the_message_it_answers_and_its_notification(
    rooms: Rooms, django_capture_on_commit_callbacks
):
    first = post(rooms, "teacher1", "a", "Eerste").message
    with (
        CaptureQueriesContext(connection) as context,
        django_capture_on_commit_callbacks(execute=True),
    ):
        reply = post(rooms, "teacher2", "b", "Antwoord", reply_to=first.pk).message
    # The five of every post and the message answered; after commit, the notification:
    # the check that its author may still read the room, their preferences and the row.
    assert len(statements(context)) == 9
    assert reply.reply_to_id == first.pk


def test_a_repeated_client_id_makes_two_queries_and_counts_no_post(rooms: Rooms, settings):
    settings.NETWERK_ROOM_RATE_LIMIT = 1
    settings.NETWERK_ROOM_RATE_WINDOW = 3600
    first = post(rooms, "teacher1", "same", "Eén keer")
    with CaptureQueriesContext(connection) as context:
        again = post(rooms, "teacher1", "same", "Eén keer")
    assert (again.created, again.message.pk, again.message.seq) == (False, first.message.pk, 1)
    assert len(statements(context)) == 2
    with pytest.raises(services.RoomError) as refused:
        post(rooms, "teacher1", "other", "Nog een")
    assert refused.value.code == "rate_limited"


def test_a_closed_room_is_refused_under_the_same_lock_and_a_replay_still_gets_its_ack(
    rooms: Rooms,
):
    first = post(rooms, "teacher1", "before", "Voor het sluiten")
    services.close_room(room=rooms.room)
    with pytest.raises(services.RoomError) as refused:
        post(rooms, "teacher1", "after", "Na het sluiten")
    assert refused.value.code == "forbidden"
    assert post(rooms, "teacher1", "before", "Voor het sluiten").message.pk == first.message.pk
    assert Message.objects.filter(room=rooms.room).count() == 1


def test_the_rate_limit_counts_messages_and_proposals_of_the_last_window(rooms: Rooms, settings):
    settings.NETWERK_ROOM_RATE_LIMIT = 3
    settings.NETWERK_ROOM_RATE_WINDOW = 60
    post(rooms, "teacher1", "m1", "Eén")
    services.create_proposal(
        room=rooms.room, author=rooms.demo.teacher1, client_id="p1", title="Een idee"
    )
    post(rooms, "teacher1", "m2", "Twee")
    for refused_post in (
        lambda: post(rooms, "teacher1", "m3", "Drie"),
        lambda: services.create_proposal(
            room=rooms.room, author=rooms.demo.teacher1, client_id="p2", title="Nog een"
        ),
    ):
        with pytest.raises(services.RoomError) as refused:
            refused_post()
        assert refused.value.code == "rate_limited"
    # Another person has a window of their own.
    assert post(rooms, "teacher2", "m1", "Ik mag wel").created
    # Once the first post is older than the window, one more fits.
    older = timezone.now() - datetime.timedelta(seconds=61)
    Message.objects.filter(author=rooms.demo.teacher1, client_id="m1").update(created_at=older)
    assert post(rooms, "teacher1", "m3", "Drie").message.seq == 4
    with pytest.raises(services.RoomError):
        post(rooms, "teacher1", "m4", "Vier")


# --- The plain path: one statement ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_plain_message_outside_a_transaction_is_one_statement(rooms: Rooms, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement post is PostgreSQL's")
    settings.NETWERK_ROOM_RATE_LIMIT = 1000
    for number in range(1, 4):
        with CaptureQueriesContext(connection) as context:
            posted = post(rooms, "teacher1", f"p{number}", "Hoe **gaat** het?")
        assert len(context.captured_queries) == 1
        assert posted.created
        assert posted.message.seq == number
    stored = Message.objects.get(pk=posted.message.pk)
    assert (stored.seq, stored.client_id, stored.author_id, stored.held) == (
        3,
        "p3",
        rooms.demo.teacher1.pk,
        False,
    )
    assert stored.body_html == "<p>Hoe <strong>gaat</strong> het?</p>"
    assert stored.created_at == posted.message.created_at
    assert Room.objects.get(pk=rooms.room.pk).last_seq == 3


@pytest.mark.django_db(transaction=True)
def test_what_the_plain_path_declines_takes_the_full_one_and_counts_once(rooms: Rooms, settings):
    settings.NETWERK_ROOM_RATE_LIMIT = 3
    settings.NETWERK_ROOM_RATE_WINDOW = 3600
    first = post(rooms, "teacher1", "same", "Eén keer")
    # A repeat: the unique client_id stops the statement, the full path finds the message.
    again = post(rooms, "teacher1", "same", "Eén keer")
    assert (again.created, again.message.pk) == (False, first.message.pk)
    # A held draft of the author's counts while it is kept (two posts now) …
    assert post(rooms, "teacher1", "draft", HELD_TEXT).message.held
    # … and is discarded by the full path before the author's next message.
    assert post(rooms, "teacher1", "second", "Zonder namen").message.seq == 2
    assert not Message.objects.filter(room=rooms.room, client_id="draft").exists()
    assert post(rooms, "teacher1", "third", "Nog een").message.seq == 3
    # Three stored posts (the repeat stored nothing): the plain statement declines the
    # fourth, and the full path says why.
    with pytest.raises(services.RoomError) as refused:
        post(rooms, "teacher1", "fourth", "Nog een")
    assert refused.value.code == "rate_limited"
    # A closed room: refused, and nothing stored.
    settings.NETWERK_ROOM_RATE_LIMIT = 1000
    services.close_room(room=rooms.room)
    with pytest.raises(services.RoomError) as closed:
        post(rooms, "teacher2", "late", "Na het sluiten")
    assert closed.value.code == "forbidden"
    seqs = Message.objects.filter(room=rooms.room).order_by("seq").values_list("seq", flat=True)
    assert list(seqs) == [1, 2, 3]


def loop_connections(terminate: bool = False) -> int:
    """The event loops' connections to the test database (terminated, when asked)."""
    what = "pg_terminate_backend(pid)" if terminate else "pid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {what} FROM pg_stat_activity "  # noqa: S608 (one of two constants)
            "WHERE datname = current_database() AND application_name = %s",
            [onloop.APPLICATION_NAME],
        )
        return len(cursor.fetchall())


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_over_the_socket_a_post_survives_the_loss_of_the_event_loops_connections(
    rooms: Rooms, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("the event loop's own connections are PostgreSQL's")
    sender, partner = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(sender)
    await joined(partner)
    await sender.send_json_to({"type": "message.send", "client_id": "m1", "body": "Eén"})
    assert (await next_of(sender, "ack"))["seq"] == 1
    # Stored from the event loop: nothing fell back to a database thread.
    assert "trying a database thread" not in caplog.text
    assert await database_sync_to_async(loop_connections)(terminate=True) >= 1
    # The statement on a lost connection fails; a database thread stores the message.
    for seq, (client_id, body) in enumerate([("m2", "Twee"), ("m3", "Drie")], start=2):
        await sender.send_json_to({"type": "message.send", "client_id": client_id, "body": body})
        assert (await next_of(sender, "ack"))["seq"] == seq
    bodies = [(await next_of(partner, "message.new"))["message"]["body"] for _ in range(3)]
    assert bodies == ["Eén", "Twee", "Drie"]
    assert "trying a database thread" in caplog.text
    # And the loop has connections again.
    assert await database_sync_to_async(loop_connections)() >= 1
    await sender.disconnect()
    await partner.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_event_loops_statements_are_prepared_once_per_connection(rooms: Rooms, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the event loop's own connections are PostgreSQL's")
    settings.NETWERK_ROOM_LOOP_CONNECTIONS = 1
    sender = token_socket(rooms, "teacher1")
    await joined(sender)
    for number in range(3):
        await sender.send_json_to(
            {"type": "message.send", "client_id": f"p{number}", "body": "Hoi"}
        )
        assert (await next_of(sender, "ack"))["seq"] == number + 1
    async with onloop.database() as database:
        cursor = await database.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in await cursor.fetchall()]
    # The handshake's look-up and the plain post: parsed and planned once, not per use.
    assert len(prepared) == 2
    assert any("authtoken_token" in statement for statement in prepared)
    assert any("INSERT INTO" in statement for statement in prepared)
    await sender.disconnect()


# --- Held messages -----------------------------------------------------------------------


def test_writing_a_new_message_instead_of_confirming_discards_the_held_one(rooms: Rooms):
    held = post(rooms, "teacher1", "h1", HELD_TEXT).message
    assert held.held
    rewritten = post(rooms, "teacher1", "h2", "Een leerling uit havo 4 blijft zitten.").message
    assert rewritten.seq == 1
    assert not Message.objects.filter(pk=held.pk).exists()
    with pytest.raises(services.RoomError) as refused:
        services.confirm_message(message=held, author=rooms.demo.teacher1)
    assert refused.value.code == "invalid"
    assert list(Message.objects.filter(room=rooms.room).values_list("seq", flat=True)) == [1]


def test_a_rewrite_that_is_held_again_replaces_the_earlier_draft(rooms: Rooms):
    first = post(rooms, "teacher1", "h1", HELD_TEXT).message
    second = post(rooms, "teacher1", "h2", "Jan Bakker (leerlingnummer 654321) ook.").message
    assert second.held
    assert list(Message.objects.filter(held=True).values_list("pk", flat=True)) == [second.pk]
    assert not Message.objects.filter(pk=first.pk).exists()


def test_someone_elses_post_leaves_a_fresh_held_message_alone(rooms: Rooms):
    held = post(rooms, "teacher1", "h1", HELD_TEXT).message
    post(rooms, "teacher2", "x", "Goedemorgen allemaal")
    released = services.confirm_message(message=held, author=rooms.demo.teacher1)
    assert (released.held, released.seq) == (False, 2)


def test_a_held_message_older_than_the_hold_time_is_discarded_at_the_next_post(
    rooms: Rooms, settings
):
    settings.NETWERK_ROOM_HOLD_SECONDS = 600
    held = post(rooms, "teacher1", "h1", HELD_TEXT).message
    eleven_minutes_ago = timezone.now() - datetime.timedelta(minutes=11)
    Message.objects.filter(pk=held.pk).update(created_at=eleven_minutes_ago)
    post(rooms, "teacher2", "x", "Goedemorgen allemaal")
    assert not Message.objects.filter(pk=held.pk).exists()


def test_confirming_after_the_hold_time_is_refused_and_discards_the_message(rooms: Rooms, settings):
    settings.NETWERK_ROOM_HOLD_SECONDS = 600
    held = post(rooms, "teacher1", "h1", HELD_TEXT).message
    Message.objects.filter(pk=held.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    held.refresh_from_db()
    with pytest.raises(services.RoomError) as refused:
        services.confirm_message(message=held, author=rooms.demo.teacher1, body="Zonder naam")
    assert refused.value.code == "invalid"
    assert not Message.objects.filter(pk=held.pk).exists()
    assert Room.objects.get(pk=rooms.room.pk).last_seq == 0


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_over_the_socket_a_rewritten_held_message_cannot_be_confirmed_later(rooms: Rooms):
    author, partner = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(author)
    await joined(partner)
    await author.send_json_to({"type": "message.send", "client_id": "h1", "body": HELD_TEXT})
    await next_of(author, "message.held")
    rewritten = "Een leerling uit havo 4 blijft zitten."
    await author.send_json_to({"type": "message.send", "client_id": "h2", "body": rewritten})
    assert (await next_of(author, "ack"))["seq"] == 1
    await author.send_json_to({"type": "message.confirm", "client_id": "h1"})
    error = await next_of(author, "error")
    assert (error["code"], error["client_id"]) == ("invalid", "h1")
    assert (await next_of(partner, "message.new"))["message"]["body"] == rewritten
    await partner.send_json_to({"type": "sync", "after_seq": 0})
    assert await next_of(partner, "sync.done") == {"type": "sync.done", "last_seq": 1}
    assert await database_sync_to_async(Message.objects.filter(room=rooms.room).count)() == 1
    await author.disconnect()
    await partner.disconnect()


# --- Typing ------------------------------------------------------------------------------


async def typing_before_next_message(partner) -> int:
    """How many `typing` frames arrive before the next `message.new` (a marker the typist
    sends after typing: one connection's events reach the room in order)."""
    frames = await frames_until(partner, "message.new")
    return sum(frame["type"] == "typing" for frame in frames)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_typing_is_passed_on_at_most_once_per_interval_per_connection(rooms: Rooms, settings):
    settings.NETWERK_ROOM_TYPING_INTERVAL = 1.0
    typist, partner = token_socket(rooms, "teacher1"), token_socket(rooms, "teacher2")
    await joined(typist)
    await joined(partner)
    for _ in range(20):
        await typist.send_json_to({"type": "typing"})
    await typist.send_json_to({"type": "message.send", "client_id": "m1", "body": "Eén"})
    assert await typing_before_next_message(partner) == 1
    await asyncio.sleep(1.1)  # the interval has passed: the next one goes through
    for _ in range(3):
        await typist.send_json_to({"type": "typing"})
    await typist.send_json_to({"type": "message.send", "client_id": "m2", "body": "Twee"})
    assert await typing_before_next_message(partner) == 1
    # Dropped typing frames are no errors: the typist got its acks and nothing else.
    frames = await frames_until(typist, "message.new")
    frames += await frames_until(typist, "message.new")
    assert [f["type"] for f in frames if f["type"] in {"ack", "error"}] == ["ack", "ack"]
    await typist.disconnect()
    await partner.disconnect()


# --- Presence ----------------------------------------------------------------------------


def exec_calls(url: str) -> int:
    stats = redis.Redis.from_url(url).info("commandstats")
    return int(stats.get("cmdstat_exec", {}).get("calls", 0))


@pytest.mark.asyncio
async def test_the_presence_changes_of_one_moment_go_to_redis_together(redis_url):
    """A reconnect storm's joins: every connection gets its own room's list, in a few
    round trips rather than one each; leaves likewise."""
    from discussions import presence

    rooms = {9_100_001: [f"{n}|a.{n}|Deelnemer {n}" for n in range(30)],
             9_100_002: [f"{n}|b.{n}|Deelnemer {n}" for n in range(30, 50)]}  # fmt: skip
    client = redis.Redis.from_url(redis_url)
    client.delete(*(presence.RedisStore.key(room) for room in rooms))
    before = exec_calls(redis_url)
    joined_lists = await asyncio.gather(
        *(presence.touch(room, entry) for room, entries in rooms.items() for entry in entries)
    )
    pipelines = exec_calls(redis_url) - before
    everyone = {room: presence.people(entries) for room, entries in rooms.items()}
    assert joined_lists[:30] == [(0, everyone[9_100_001])] * 30
    assert joined_lists[30:] == [(0, everyone[9_100_002])] * 20
    assert 1 <= pipelines <= 3
    await asyncio.gather(*(presence.leave(9_100_001, entry) for entry in rooms[9_100_001][1:]))
    assert await presence.users(9_100_001) == everyone[9_100_001][:1]
    assert await presence.users(9_100_002) == everyone[9_100_002]
    client.delete(*(presence.RedisStore.key(room) for room in rooms))
