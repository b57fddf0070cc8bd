"""Posting a message: the one place that holds the posting rules.

Every post, from a page, the API or the websocket, is first prepared the same way
(`prepare`: the shape of what was sent, personal data, @mentions, the rendered text), and
is then stored under these rules, in this order:

1. a client_id the author used before returns the stored message and creates nothing;
2. the room must be open (`forbidden`);
3. the author must be within the rate limit (`rate_limited`);
4. the author's own held drafts in the room, and anyone's past the hold time, are
   discarded (a new message replaces a held draft);
5. a message that looks like personal data is held for its author, without a seq;
   anything else gets the room's next seq under the room's row lock.

`_store` applies them with the ORM in one transaction. A *plain* draft (no reply, no
@name, nothing to hold), the common case, can be stored by `PLAIN_INSERT` instead: one
statement that applies rules 2 to 5 itself and stores nothing when one of them would refuse
or discard, or when the client_id is a repeat (the unique constraint); `_store` then
decides and says which. The statement runs from a Django connection (`post_message`) or,
on the websocket's event loop, from the loop's own connection (`apost_message`), with the
same parameters from `_plain_params`. tests/discussions/test_posting_paths.py holds every
path to the same outcome for each rule, mentions included.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, replace
from typing import Any

import psycopg
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import dbthreads, limits, onloop, textwork
from discussions.events import MessagePosted
from discussions.models import Message, Room, RoomStatus
from discussions.services.messages import record_mentions
from discussions.services.rules import (
    RoomError,
    check_body,
    check_client_id,
    check_open,
    check_rate,
    hold_cutoff,
    hold_expired,
    lock,
    names_mentioned,
    next_seq,
    personal_data_in,
    render_message,
    reply_target,
    room_members_called,
    room_members_named,
)
from discussions.services.topics import clean_topic
from netwerk.events import emit, emit_from_loop
from netwerk.markdown import render_markdown
from schools.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool


@dataclass(frozen=True)
class Draft:
    """A message as sent, checked and prepared before anything is stored or locked."""

    client_id: str
    body: str
    reply_to: int | None
    findings: list[str]
    names: list[str]
    body_html: str = ""  # rendered in advance for a plain draft (prepare(render=True))
    topic: str = ""

    @property
    def plain(self) -> bool:
        """Nothing to hold, nobody named, no reply: what PLAIN_INSERT may store."""
        return not self.findings and not self.names and self.reply_to is None


def prepare(
    *,
    client_id: object,
    body: object,
    reply_to: int | None = None,
    confirmed: bool = False,
    render: bool = False,
    topic: object = None,
) -> Draft:
    """Check the shape of a post and look for personal data (unless its author confirmed
    it), and with `render` render a plain one; no query."""
    client_id = check_client_id(client_id)
    body = check_body(body)
    draft = Draft(
        client_id=client_id,
        body=body,
        reply_to=reply_to,
        findings=[] if confirmed else personal_data_in(body),
        names=names_mentioned(body),
        topic=clean_topic(topic),
    )
    if render and draft.plain:
        # A plain draft names nobody: rendered as render_message renders it for no one.
        return replace(draft, body_html=render_markdown(body))
    return draft


def post_message(
    *,
    room: Room,
    author: User,
    client_id: str,
    body: str,
    reply_to: int | None = None,
    confirmed: bool = False,
    fast: bool = True,
    topic: str | None = None,
) -> Posted:
    """Store a message under the posting rules and announce it (MessagePosted). Text that
    looks like personal data is held for its author (Posted.message.held) until
    confirm_message releases it. `fast=False` never tries PLAIN_INSERT."""
    draft = prepare(
        client_id=client_id, body=body, reply_to=reply_to, confirmed=confirmed, topic=topic
    )
    if fast and draft.plain:
        posted = _insert_plain(room, author, draft)
        if posted is not None:
            return posted
    return _store(room, author, draft)


async def apost_message(
    *,
    room: Room,
    author: User,
    client_id: object,
    body: object,
    reply_to: int | None = None,
    topic: object = None,
) -> Posted:
    """post_message for the room websocket, on its event loop: a plain draft is stored by
    PLAIN_INSERT over the loop's own connection (onloop.database); anything else, and
    whatever that declines, goes to `_store` in a database thread."""
    # The check and the rendering block for milliseconds: off the loop (discussions.textwork).
    draft: Draft = await textwork.call(
        prepare, client_id=client_id, body=body, reply_to=reply_to, render=True, topic=topic
    )
    if draft.plain and onloop.database_available():
        posted = await _ainsert_plain(room, author, draft)
        if posted is not None:
            return posted
    stored: Posted = await dbthreads.call(_store, room, author, draft)
    return stored


def _store(room: Room, author: User, draft: Draft) -> Posted:
    """The posting rules with the ORM, in one transaction of five queries: the room's row
    lock (which also reads its status), the client_id look-up (which also finds held
    messages to discard), the rate limit's count, the insert and the room's new seq."""
    # Rendered before the lock is taken, so the lock is held only for the writes.
    mentioned = room_members_called(room, draft.names)
    body_html = render_message(draft.body, mentioned)
    with transaction.atomic():
        locked = lock(room)
        existing, held = _by_client_id_and_held(locked, author, draft.client_id)
        if existing is not None:
            return Posted(existing, created=False)
        check_open(locked)
        check_rate(author)
        discard_held([m for m in held if m.author_id == author.pk or hold_expired(m)])
        message = Message(
            room=locked,
            author=author,
            client_id=draft.client_id,
            body=draft.body,
            body_html=body_html,
            reply_to=reply_target(locked, draft.reply_to),
            held=bool(draft.findings),
            held_findings=draft.findings,
            topic=draft.topic,
        )
        if not message.held:
            message.seq = next_seq(locked)
        # room, author and reply_to were just read (the locked room, the person posting,
        # a checked reply target): no need for full_clean to query each of them again.
        message.full_clean(
            exclude=["room", "author", "reply_to"],
            validate_unique=False,
            validate_constraints=False,
        )
        message.save()
        record_mentions(message, mentioned)
        if not message.held:
            emit(MessagePosted(message=message, mentioned=tuple(mentioned)))
    return Posted(message, created=True)


def _by_client_id_and_held(
    room: Room, author: User, client_id: str
) -> tuple[Message | None, list[Message]]:
    """In one query: the author's message with this client_id, if any, and the room's held
    messages (no seq yet: found through the (room, seq) index, normally none)."""
    found = list(
        Message.objects.filter(room=room)
        .filter(Q(author=author, client_id=client_id) | Q(seq__isnull=True))
        .order_by()
    )
    existing = None
    for message in found:
        if message.author_id == author.pk and message.client_id == client_id:
            existing, message.author = message, author
    return existing, [m for m in found if m is not existing and m.held]


# --- The plain statement -----------------------------------------------------------------

# Rules 2 to 5 for a plain draft, in one statement (so in one transaction of its own): the
# UPDATE takes the room's row lock, which orders the seqs; it matches only an open room
# with no held draft to discard (rule 4's condition, as `discard_held` is given it) and an
# author within the rate limit (limits.RECENT_POSTS_SQL, the count limits.check makes).
PLAIN_INSERT = f"""
WITH room AS (
    UPDATE "{Room._meta.db_table}" SET "last_seq" = "last_seq" + 1
    WHERE "id" = %(room)s AND "status" = %(open)s AND NOT EXISTS (
        SELECT 1 FROM "{Message._meta.db_table}" AS held
        WHERE held."room_id" = %(room)s AND held."seq" IS NULL AND held."held"
          AND (held."author_id" = %(author)s OR held."created_at" < %(expired)s)
    ) AND {limits.RECENT_POSTS_SQL} < %(limit)s
    RETURNING "id", "last_seq"
)
INSERT INTO "{Message._meta.db_table}" (
    "room_id", "seq", "author_id", "client_id", "body", "body_html", "reply_to_id",
    "held", "held_findings", "pinned", "topic", "created_at", "edited_at", "deleted_at"
)
SELECT room."id", room."last_seq", %(author)s, %(client_id)s, %(body)s, %(body_html)s,
       NULL, false, '[]'::jsonb, false, %(topic)s, %(now)s, NULL, NULL
FROM room
RETURNING "id", "seq"
"""  # noqa: S608 (table names from the models; every value is a parameter)


def _plain_params(room: Room, author: User, draft: Draft, now: datetime.datetime) -> dict[str, Any]:
    return {
        "room": room.pk,
        "open": RoomStatus.OPEN.value,
        "author": author.pk,
        "expired": hold_cutoff(now),
        "client_id": draft.client_id,
        "body": draft.body,
        "body_html": draft.body_html or render_markdown(draft.body),
        "topic": draft.topic,
        "now": now,
        **limits.sql_params(now),
    }


def _insert_plain(room: Room, author: User, draft: Draft) -> Posted | None:
    """PLAIN_INSERT on Django's connection, outside any transaction block: one round trip
    instead of seven. None when `_store` must decide, or on another database than
    PostgreSQL, or inside a caller's transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    params = _plain_params(room, author, draft, timezone.now())
    try:
        with connection.cursor() as cursor:
            cursor.execute(PLAIN_INSERT, params)
            row = cursor.fetchone()
    except IntegrityError:
        row = None
    if row is None:
        return None
    posted = _plain_posted(row, room, author, params)
    emit(MessagePosted(message=posted.message))  # autocommit: it has committed
    return posted


async def _ainsert_plain(room: Room, author: User, draft: Draft) -> Posted | None:
    """PLAIN_INSERT on the event loop's own connection (autocommit)."""
    params = _plain_params(room, author, draft, timezone.now())
    try:
        async with onloop.database() as database:
            # Prepared on the connection's first post: later ones skip parsing and planning.
            cursor = await database.execute(PLAIN_INSERT, params, prepare=True)
            row = await cursor.fetchone()
    except psycopg.IntegrityError:
        row = None
    except psycopg.OperationalError:
        # The connection broke (PostgreSQL restarted, say): `_store`, with Django's
        # connection handling, decides, and finds the message if it was stored.
        log.warning("Room post on the event loop failed; trying a database thread", exc_info=True)
        row = None
    if row is None:
        return None
    posted = _plain_posted(row, room, author, params)
    emit_from_loop(MessagePosted(message=posted.message))
    return posted


def _plain_posted(row: tuple[Any, ...], room: Room, author: User, params: dict[str, Any]) -> Posted:
    """The message PLAIN_INSERT stored (its id and seq in `row`)."""
    message = Message(
        pk=row[0],
        room=room,
        seq=row[1],
        author=author,
        client_id=params["client_id"],
        body=params["body"],
        body_html=params["body_html"],
        topic=params["topic"],
        created_at=params["now"],
    )
    message._state.adding = False
    message._state.db = connection.alias
    return Posted(message, created=True)


# --- Held drafts ------------------------------------------------------------------------


def confirm_message(*, message: Message, author: User, body: str | None = None) -> Message:
    """Release a held message, as written or with the author's corrected text. A message
    held for longer than the hold time is discarded instead (RoomError `invalid`)."""
    if message.author_id != author.pk:
        raise RoomError("forbidden", _("Only the author can release this message."))
    if not message.held:
        return message
    if body is not None:
        check_body(body)
    mentioned = room_members_named(message.room, body) if body is not None else []
    with transaction.atomic():
        locked = lock(message.room)
        found = Message.objects.select_for_update().filter(pk=message.pk).first()
        if found is None:
            raise RoomError("invalid", _("This message is no longer waiting for you."))
        message = found
        if not message.held:
            return message
        check_open(locked)
        expired = hold_expired(message)
        if expired:
            discard_held([message])
        else:
            _release(message, locked, body, mentioned)
    if expired:
        raise RoomError(
            "invalid", _("This message waited too long and was discarded; send it again.")
        )
    return message


def _release(message: Message, locked: Room, body: str | None, mentioned: list[User]) -> None:
    if body is not None:
        message.body, message.body_html = body, render_message(body, mentioned)
        message.mentions.all().delete()
        record_mentions(message, mentioned)
    else:
        mentioned = list(User.objects.filter(room_mentions__message=message))
    message.held, message.held_findings = False, []
    message.seq = next_seq(locked)
    message.save(update_fields=["body", "body_html", "held", "held_findings", "seq"])
    emit(MessagePosted(message=message, mentioned=tuple(mentioned)))


def held_drafts(*, room: Room, author: User) -> list[Message]:
    """The author's own messages in the room still held after a personal-data warning
    (never anyone else's), oldest first; none past the hold time."""
    drafts = Message.objects.filter(
        room=room, author=author, held=True, seq__isnull=True, created_at__gte=hold_cutoff()
    )
    return list(drafts.order_by("created_at", "pk"))


def discard_held(messages: list[Message]) -> None:
    """Delete held messages for good: never released, so nobody else saw them, and their
    text is what looked like personal data. Done when their author writes a new message
    in the room instead of confirming (the rewrite replaces the draft), and for any held
    message older than the hold time, at the next post in its room."""
    if messages:
        Message.objects.filter(pk__in=[m.pk for m in messages], held=True).delete()
