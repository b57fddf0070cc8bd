"""What rooms broadcast: group names, payload shapes, and the live copy of each room
event (discussions.events), sent once the change has committed.

The broadcast subscribes to the room services' domain events after commit, so it goes
out through the channel layer only once the data is stored: every process sees the same
stream and the sender receives its own event like everyone else.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db.models import Prefetch, QuerySet

from casestudies.models import SMALL_N
from discussions import dbthreads, events
from discussions.models import Adoption, Endorsement, Message, Proposal, Reaction, Room
from netwerk.events import Delivery, on_event_loop, subscribe
from schools.models import User

log = logging.getLogger(__name__)
AFTER_COMMIT = Delivery.AFTER_COMMIT

# The channel-layer message type each consumer relays as is (room_event): the event is
# encoded to JSON once, by the process that broadcasts it, not once per connection.
RELAY_TYPE = "room.event"
# Seconds a broadcast may wait for the channel layer before it is given up (and logged):
# a caller that waits for it (a page, the API) waits at most the short one; one handed to
# the event loop by a room database thread holds nobody up, so on a busy process it may
# take longer rather than lose the live copy.
BROADCAST_TIMEOUT = 2.0
BACKGROUND_BROADCAST_TIMEOUT = 10.0
# Characters of plain text a reply or the pinned list quotes from a message.
EXCERPT_CHARS = 140
TAG = re.compile(r"<[^>]*>")


class Person(TypedDict):
    id: int
    name: str


class MessagePayload(TypedDict):
    id: int
    seq: int | None
    client_id: str
    author: Person
    body: str
    body_html: str
    excerpt: str
    created_at: str
    reply_to: int | None
    edited_at: str | None
    deleted: bool
    hidden: bool
    pinned: bool
    topic: str
    reactions: dict[str, int]
    reacted_by: dict[str, list[int]]


class MeasuredPayload(TypedDict):
    """The adopting cycle's measured outcome. Numbers are decimal strings, "<10" when any
    point came from fewer than SMALL_N pupils; effect is a MeasuredEffect value."""

    measure: str
    unit: str
    effect: str
    goal_reached: bool | None
    baseline: str | None
    value: str | None
    change: str | None
    measured_on: str | None


class AdoptionPayload(TypedDict):
    school: Person
    outcome: str
    evaluated_at: str | None
    measured: MeasuredPayload | None


class ProposalPayload(TypedDict):
    id: int
    room: int
    client_id: str
    author: Person
    title: str
    body: str
    body_html: str
    version: int
    status: str
    from_message: int | None
    endorsements: int
    endorsed_by: list[int]
    adoptions: list[AdoptionPayload]
    created_at: str
    updated_at: str


class RoomPayload(TypedDict):
    id: int
    network: int
    kind: str
    title: str
    status: str
    last_seq: int


class MessageEvent(TypedDict):
    type: Literal["message.new", "message.updated"]
    message: MessagePayload


class ProposalEvent(TypedDict):
    type: Literal["proposal.new", "proposal.updated"]
    proposal: ProposalPayload


class RoomEvent(TypedDict):
    type: Literal["room.updated"]
    room: RoomPayload


class PresenceEvent(TypedDict):
    type: Literal["presence"]
    users: list[Person]


class TypingEvent(TypedDict):
    type: Literal["typing"]
    user: Person


# A message on the channel layer, to the room's consumers.
ChannelMessage = dict[str, Any]

Event = MessageEvent | ProposalEvent | RoomEvent | PresenceEvent | TypingEvent


def room_group(room_id: int) -> str:
    return f"room-{room_id}"


def person(user: User) -> Person:
    return {"id": user.pk, "name": user.display_name}


def room_payload(room: Room) -> RoomPayload:
    return {
        "id": room.pk,
        "network": room.network_id,
        "kind": room.kind,
        "title": room.title,
        "status": room.status,
        "last_seq": room.last_seq,
    }


def message_payload(
    message: Message, *, new: bool = False, reactors: dict[str, list[int]] | None = None
) -> MessagePayload:
    """The message as clients see it. A new message has no reactions yet: no query; a
    page of messages passes its reactions in (message_payloads)."""
    hidden = message.hidden_at is not None
    deleted = message.deleted_at is not None
    # A tombstone, for everyone: a hidden message keeps its place, not its text.
    gone = deleted or hidden
    if reactors is None:
        reactors = {} if new else reaction_people(message)
    return {
        "id": message.pk,
        "seq": message.seq,
        "client_id": message.client_id,
        "author": person(message.author),
        "body": "" if gone else message.body,
        "body_html": "" if gone else message.body_html,
        "excerpt": "" if gone else excerpt(message.body_html),
        "created_at": message.created_at.isoformat(),
        "reply_to": message.reply_to_id,
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": deleted,
        "hidden": hidden,
        "pinned": message.pinned,
        "topic": message.topic,
        "reactions": {emoji: len(people) for emoji, people in reactors.items()},
        "reacted_by": reactors,
    }


def excerpt(body_html: str) -> str:
    """A short plain-text quote of a message, for replies and the pinned list (clients
    show it as text). body_html is the renderer's sanitised output, in which every `<`
    and `>` outside a tag is escaped, so dropping the tags with a pattern is exact, and
    much cheaper than an HTML parser: a `sync` builds this for hundreds of messages."""
    plain = " ".join(html.unescape(TAG.sub("", body_html)).split())
    if len(plain) <= EXCERPT_CHARS:
        return plain
    return plain[: EXCERPT_CHARS - 1].rstrip() + "…"


def reaction_people(message: Message) -> dict[str, list[int]]:
    """Who reacted with which emoji, in emoji order."""
    return _reactors(Reaction.objects.filter(message=message))[message.pk]


def message_payloads(messages: list[Message]) -> list[MessagePayload]:
    """The payloads of a page of messages (a `sync` batch, a history page), with the
    reactions of all of them read in one query."""
    reactions = _reactors(Reaction.objects.filter(message__in=[m.pk for m in messages]))
    return [message_payload(m, reactors=reactions[m.pk]) for m in messages]


def _reactors(reactions: QuerySet[Reaction]) -> defaultdict[int, dict[str, list[int]]]:
    """Per message: who reacted with which emoji, in emoji order, then in order of time."""
    people: defaultdict[int, dict[str, list[int]]] = defaultdict(dict)
    rows = reactions.order_by("emoji", "pk").values_list("message_id", "emoji", "person_id")
    for message_id, emoji, person_id in rows:
        people[message_id].setdefault(emoji, []).append(person_id)
    return people


def proposals_for_payload(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Proposals with what their payloads show read along: a room's list in three queries,
    however many proposals it has."""
    return proposals.select_related("author").prefetch_related(
        Prefetch("endorsements", queryset=Endorsement.objects.order_by("pk")),
        Prefetch("adoptions", queryset=Adoption.objects.select_related("school")),
    )


def proposal_payload(proposal: Proposal) -> ProposalPayload:
    if "endorsements" in getattr(proposal, "_prefetched_objects_cache", {}):
        endorsers = [endorsement.person_id for endorsement in proposal.endorsements.all()]
        adoptions: Iterable[Adoption] = proposal.adoptions.all()
    else:
        endorsers = list(proposal.endorsements.order_by("pk").values_list("person_id", flat=True))
        adoptions = proposal.adoptions.select_related("school")
    return {
        "id": proposal.pk,
        "room": proposal.room_id,
        "client_id": proposal.client_id,
        "author": person(proposal.author),
        "title": proposal.title,
        "body": proposal.body,
        "body_html": proposal.body_html,
        "version": proposal.version,
        "status": proposal.status,
        "from_message": proposal.from_message_id,
        "endorsements": len(endorsers),
        "endorsed_by": endorsers,
        "adoptions": [adoption_payload(adoption) for adoption in adoptions],
        "created_at": proposal.created_at.isoformat(),
        "updated_at": proposal.updated_at.isoformat(),
    }


def adoption_payload(adoption: Adoption) -> AdoptionPayload:
    return {
        "school": {"id": adoption.school_id, "name": adoption.school.name},
        "outcome": adoption.outcome,
        "evaluated_at": adoption.evaluated_at.isoformat() if adoption.evaluated_at else None,
        "measured": measured_payload(adoption) if adoption.measured_at else None,
    }


def measured_payload(adoption: Adoption) -> MeasuredPayload:
    baseline, value = adoption.baseline_value, adoption.measured_value
    change = value - baseline if value is not None and baseline is not None else None
    hidden = f"<{SMALL_N}"
    return {
        "measure": adoption.measure_name,
        "unit": adoption.measure_unit,
        "effect": adoption.effect,
        "goal_reached": adoption.goal_reached,
        "baseline": hidden if adoption.small else number(baseline),
        "value": hidden if adoption.small else number(value),
        "change": hidden if adoption.small else number(change, signed=True),
        "measured_on": adoption.measured_on.isoformat() if adoption.measured_on else None,
    }


def number(value: Decimal | None, *, signed: bool = False) -> str | None:
    """A decimal without trailing zeros: 12.5, 18, +3 or -6.25."""
    if value is None:
        return None
    text = f"{value.quantize(Decimal('0.01')).normalize():f}"
    return f"+{text}" if signed and value > 0 else text


def message_event(message: Message, *, new: bool) -> MessageEvent:
    kind: Literal["message.new", "message.updated"] = "message.new" if new else "message.updated"
    # A new message (or one just released from hold) cannot have reactions yet: reactions
    # need a live message, so its payload needs no query for them.
    return {"type": kind, "message": message_payload(message, new=new)}


# --- The room's domain events, broadcast once committed --------------------------------


@subscribe(events.MessagePosted, delivery=AFTER_COMMIT)
def message_posted(event: events.MessagePosted) -> None:
    send(event.message.room_id, message_event(event.message, new=True))


@subscribe(events.MessageChanged, delivery=AFTER_COMMIT)
def message_changed(event: events.MessageChanged) -> None:
    send(event.message.room_id, message_event(event.message, new=False))


@subscribe(events.ProposalCreated, delivery=AFTER_COMMIT)
def proposal_created(event: events.ProposalCreated) -> None:
    proposal = event.proposal
    send(proposal.room_id, {"type": "proposal.new", "proposal": proposal_payload(proposal)})


@subscribe(events.ProposalChanged, delivery=AFTER_COMMIT)
def proposal_changed(event: events.ProposalChanged) -> None:
    proposal = event.proposal
    send(proposal.room_id, {"type": "proposal.updated", "proposal": proposal_payload(proposal)})


@subscribe(events.RoomChanged, delivery=AFTER_COMMIT)
def room_changed(event: events.RoomChanged) -> None:
    send(event.room.pk, {"type": "room.updated", "room": room_payload(event.room)})


def send(room_id: int, event: Event) -> None:
    """Broadcast something committed: started on the event loop when announced there (the
    rooms' fast path), else handed to it from a room database thread, else waited for."""
    relay(room_id, relayed(event))


def relayed(event: Event) -> ChannelMessage:
    """The channel-layer message each consumer relays as is: encoded once, here."""
    return {"type": RELAY_TYPE, "text": json.dumps(event)}


def relay(room_id: int, message: ChannelMessage) -> None:
    """send() for any channel-layer message to the room's consumers."""
    if on_event_loop():
        relay_soon(room_id, message)
    else:
        _relay_from_thread(room_id, message)


# Broadcasts under way that were started from a database thread (kept until done).
_sending: set[asyncio.Task[None]] = set()


def _relay_from_thread(room_id: int, message: ChannelMessage) -> None:
    """In a room database thread (dbthreads.call): hand the broadcast to the event loop
    and free the thread at once, instead of holding it until the channel layer has the
    event; a busy loop then delays the event but never queues the posts behind it. It
    starts before the caller resumes, so a sender still gets its `ack` first. Anywhere
    else (a page, the API, a command): wait for it, as before."""
    loop = dbthreads.event_loop()
    if loop is None:
        async_to_sync(group_send)(room_id, message)
    else:
        loop.call_soon_threadsafe(relay_soon, room_id, message)


def broadcast_soon(room_id: int, event: Event) -> None:
    """On the event loop: start the broadcast of something committed, without waiting
    for it (it runs as soon as the caller yields; a sender gets its `ack` first)."""
    relay_soon(room_id, relayed(event))


def relay_soon(room_id: int, message: ChannelMessage) -> None:
    sending = group_send(room_id, message, BACKGROUND_BROADCAST_TIMEOUT)
    task = asyncio.get_running_loop().create_task(sending)
    _sending.add(task)
    task.add_done_callback(_sending.discard)


async def broadcast(room_id: int, event: Event, timeout: float = BROADCAST_TIMEOUT) -> None:
    await group_send(room_id, relayed(event), timeout)


async def group_send(
    room_id: int, message: ChannelMessage, timeout: float = BROADCAST_TIMEOUT
) -> None:
    """Send to every connection in the room, on every process. The data is committed
    already; a channel layer that is down costs only the live copy, which clients fetch
    again with `sync`, so a failure is logged and not raised."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async with asyncio.timeout(timeout):
            await layer.group_send(room_group(room_id), message)
    except Exception:
        log.warning("Could not broadcast to room %s", room_id, exc_info=True)
