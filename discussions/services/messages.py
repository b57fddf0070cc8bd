"""Changing a live message: editing, deleting and reacting (pinning: moderation)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.events import MessageChanged, MessageEdited
from discussions.models import Mention, Message, MessageRevision, Reaction
from discussions.services.rules import (
    MAX_EMOJI_CHARS,
    RoomError,
    check_body,
    check_live,
    check_no_personal_data,
    check_open_now,
    check_own_live_message,
    check_storable,
    render_message,
    room_members_named,
)
from netwerk.events import emit
from schools.models import User


@transaction.atomic
def edit_message(*, message: Message, editor: User, body: str) -> Message:
    check_own_live_message(message, editor)
    check_body(body)
    check_open_now(message.room)
    check_no_personal_data(body)
    MessageRevision.objects.create(message=message, body=message.body)
    mentioned = room_members_named(message.room, body)
    message.body, message.body_html = body, render_message(body, mentioned)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "body_html", "edited_at"])
    message.mentions.all().delete()
    record_mentions(message, mentioned)
    emit(MessageEdited(message=message, mentioned=tuple(mentioned)))
    return message


@transaction.atomic
def delete_message(*, message: Message, person: User) -> Message:
    check_own_live_message(message, person)
    MessageRevision.objects.create(message=message, body=message.body)
    message.deleted_at = timezone.now()
    message.save(update_fields=["deleted_at"])
    emit(MessageChanged(message=message))
    return message


@transaction.atomic
def react(*, message: Message, person: User, emoji: str, on: bool = True) -> Message:
    emoji = emoji.strip()
    if not emoji or len(emoji) > MAX_EMOJI_CHARS or any(c.isspace() for c in emoji):
        raise RoomError("invalid", _("A reaction is one short emoji or word."))
    check_storable(emoji)
    check_live(message)
    check_open_now(message.room)
    if on:
        Reaction.objects.get_or_create(message=message, person=person, emoji=emoji)
    else:
        Reaction.objects.filter(message=message, person=person, emoji=emoji).delete()
    emit(MessageChanged(message=message))
    return message


def record_mentions(message: Message, mentioned: list[User]) -> None:
    Mention.objects.bulk_create([Mention(message=message, person=u) for u in mentioned])
