"""Reading a room's history in windows: the latest messages when a room opens, older ones
as the reader scrolls up, newer ones as they scroll down again, or the messages around one
a link points to. A window is one query on the room's (room, seq) index, whatever the
length of the history."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from discussions.models import Message, Room
from discussions.services.rules import RoomError

HISTORY_WINDOW = 50
MAX_HISTORY_WINDOW = 100


@dataclass(frozen=True)
class Window:
    messages: list[Message]
    more_above: bool
    more_below: bool
    last_seq: int


def history_window(
    *,
    room: Room,
    before_seq: int | None = None,
    after_seq: int | None = None,
    limit: int = HISTORY_WINDOW,
) -> Window:
    """Released messages in seq order: the `limit` before `before_seq`, the `limit` after
    `after_seq`, or (neither given) the room's latest `limit`."""
    if before_seq is not None and after_seq is not None:
        raise RoomError("invalid", _("Ask for messages before or after a seq, not both."))
    if not 1 <= limit <= MAX_HISTORY_WINDOW:
        raise RoomError("invalid", _("limit must be between 1 and %d.") % MAX_HISTORY_WINDOW)
    if min(before_seq or 0, after_seq or 0) < 0:
        raise RoomError("invalid", _("A seq must be 0 or more."))
    last_seq = Room.objects.values_list("last_seq", flat=True).get(pk=room.pk)
    released = Message.objects.filter(room=room, seq__isnull=False).select_related("author")
    if after_seq is not None:
        rows = list(released.filter(seq__gt=after_seq).order_by("seq")[: limit + 1])
        return Window(rows[:limit], after_seq > 0, len(rows) > limit, last_seq)
    upper = last_seq + 1 if before_seq is None else min(before_seq, last_seq + 1)
    rows = list(released.filter(seq__lt=upper).order_by("-seq")[: limit + 1])
    return Window(rows[:limit][::-1], len(rows) > limit, upper <= last_seq, last_seq)
