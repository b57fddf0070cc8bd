"""The live copy of decisions, topics and moderation (discussions.events), sent to the
room's connections once committed. Poll results go out with the keys of those who voted,
so each connection can hide them from a person who has not voted where the poll says so
(discussions.consumers_decisions); a removal closes the removed person's connections."""

from __future__ import annotations

import json
from typing import Any

from discussions import events
from discussions.broadcast import RELAY_TYPE, ChannelMessage, message_event, person, relay, send
from discussions.poll_payloads import poll_payload
from netwerk.events import Delivery, subscribe

AFTER_COMMIT = Delivery.AFTER_COMMIT
POLL_RELAY = "poll.event"
REMOVAL_RELAY = "room.removal"


def poll_relay(poll: Any, kind: str) -> ChannelMessage:
    return {
        "type": POLL_RELAY,
        "kind": kind,
        "poll": poll_payload(poll),
        "hidden": poll.hide_results and poll.closed_at is None,
        "voter_keys": list(poll.votes.values_list("voter_key", flat=True)),
    }


@subscribe(events.PollChanged, delivery=AFTER_COMMIT)
def poll_changed(event: events.PollChanged) -> None:
    kind = "poll.new" if isinstance(event, events.PollCreated) else "poll.updated"
    relay(event.poll.room_id, poll_relay(event.poll, kind))


@subscribe(events.TopicChanged, delivery=AFTER_COMMIT)
def topic_changed(event: events.TopicChanged) -> None:
    topic = event.topic
    frame = {
        "type": "topic.updated",
        "topic": {"name": topic.name, "resolved": topic.resolved_at is not None},
    }
    relay(topic.room_id, {"type": RELAY_TYPE, "text": json.dumps(frame)})


@subscribe(events.MessagesMoved, delivery=AFTER_COMMIT)
def messages_moved(event: events.MessagesMoved) -> None:
    for message in event.messages:
        send(event.room.pk, message_event(message, new=False))


@subscribe(events.MemberRemoved, delivery=AFTER_COMMIT)
def member_removed(event: events.MemberRemoved) -> None:
    removal = event.removal
    message = {"type": REMOVAL_RELAY, "person": removal.person_id, "user": person(removal.person)}
    relay(removal.room_id, message)
