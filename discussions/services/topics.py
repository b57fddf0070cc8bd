"""Topics in rooms, as Zulip has them: every message belongs to one (the general topic,
"", when its author named none); a topic can be muted by a person, resolved by anyone in
the room, and a coordinator moves messages from one topic to another."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.events import MessagesMoved, TopicChanged
from discussions.models import Message, Room, Topic, TopicMute
from discussions.services.rules import RoomError, check_open_now, check_storable
from netwerk.access import is_coordinator
from netwerk.events import emit
from schools.models import User

MAX_TOPIC_CHARS = 60
MAX_MOVE = 1000
GENERAL = ""


@dataclass(frozen=True)
class TopicSummary:
    name: str
    messages: int
    last_seq: int
    resolved: bool
    muted: bool


def clean_topic(topic: object) -> str:
    """A topic's name: spaces collapsed, at most 60 characters; none is the general topic."""
    if topic is None:
        return GENERAL
    if not isinstance(topic, str):
        raise RoomError("invalid", _("A topic is a text."))
    name = " ".join(topic.split())
    if len(name) > MAX_TOPIC_CHARS:
        raise RoomError("invalid", _("A topic is at most %d characters long.") % MAX_TOPIC_CHARS)
    check_storable(name)
    return name


def topics_of(*, room: Room, person: User) -> list[TopicSummary]:
    """The room's topics, the most recently active first, with the person's mutes."""
    rows = (
        Message.objects.filter(room=room, seq__isnull=False)
        .values("topic")
        .annotate(messages=Count("pk"), last_seq=Max("seq"))
        .order_by("-last_seq")
    )
    resolved = set(
        Topic.objects.filter(room=room, resolved_at__isnull=False).values_list("name", flat=True)
    )
    muted = set(TopicMute.objects.filter(room=room, person=person).values_list("name", flat=True))
    return [
        TopicSummary(
            name=row["topic"],
            messages=row["messages"],
            last_seq=row["last_seq"],
            resolved=row["topic"] in resolved,
            muted=row["topic"] in muted,
        )
        for row in rows
    ]


def _existing(room: Room, name: object) -> str:
    topic = clean_topic(name)
    if not Message.objects.filter(room=room, topic=topic, seq__isnull=False).exists():
        raise RoomError("invalid", _("This room has no such topic."))
    return topic


@transaction.atomic
def resolve_topic(*, room: Room, person: User, topic: object, resolved: bool = True) -> Topic:
    name = _existing(room, topic)
    check_open_now(room)
    state, _created = Topic.objects.select_for_update().get_or_create(room=room, name=name)
    state.resolved_at = timezone.now() if resolved else None
    state.resolved_by = person if resolved else None
    state.save(update_fields=["resolved_at", "resolved_by"])
    emit(TopicChanged(topic=state))
    return state


@transaction.atomic
def mute_topic(*, room: Room, person: User, topic: object, muted: bool = True) -> bool:
    """Mute or unmute a topic for this person only; returns whether it is muted now."""
    name = _existing(room, topic)
    if muted:
        TopicMute.objects.get_or_create(room=room, person=person, name=name)
    else:
        TopicMute.objects.filter(room=room, person=person, name=name).delete()
    return muted


@transaction.atomic
def move_messages(*, room: Room, person: User, message_ids: object, topic: object) -> list[Message]:
    """A coordinator moves messages of the room to another topic (a new one or not)."""
    if not is_coordinator(person, room.network):
        raise RoomError("forbidden", _("Only a coordinator moves messages between topics."))
    name = clean_topic(topic)
    ids = _ids(message_ids)
    check_open_now(room)
    messages = list(
        Message.objects.select_for_update()
        .filter(room=room, pk__in=ids, seq__isnull=False)
        .select_related("author", "room")
        .order_by("seq")
    )
    if len(messages) != len(ids):
        raise RoomError("invalid", _("Not every message is a message of this room."))
    Message.objects.filter(pk__in=ids).update(topic=name)
    for message in messages:
        message.topic = name
    emit(MessagesMoved(room=room, messages=tuple(messages), moved_by=person))
    return messages


def _ids(message_ids: object) -> set[int]:
    if (
        not isinstance(message_ids, list)
        or not 0 < len(message_ids) <= MAX_MOVE
        or any(isinstance(i, bool) or not isinstance(i, int) or i < 1 for i in message_ids)
    ):
        raise RoomError("invalid", _("Name 1 to %d messages to move, by their ids.") % MAX_MOVE)
    return set(message_ids)
