"""The room socket's frames for decisions and moderation (docs/realtime-protocol.md):
`poll.vote` in, the live `poll.new` / `poll.updated` out (results hidden from a person who
has not voted where the poll hides them), and a removal that closes the removed person's
connections. A mixin of discussions.consumers.RoomConsumer; it only translates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from discussions import access, dbthreads, services
from discussions.models import Room
from schools.models import User

CLOSE_FORBIDDEN = 4403
Handler = Callable[[dict[str, Any]], Awaitable[None]]


if TYPE_CHECKING:
    from channels.generic.websocket import AsyncJsonWebsocketConsumer as Consumer
else:
    Consumer = object


class DecisionFrames(Consumer):  # type: ignore[misc]
    room: Room
    person: User

    if TYPE_CHECKING:

        async def send_error(self, code: str, detail: str, client_id: object = None) -> None:
            """RoomConsumer's."""

    def decision_handlers(self) -> dict[str, Handler]:
        return {"poll.vote": self.on_poll_vote}

    async def on_poll_vote(self, content: dict[str, Any]) -> None:
        """Vote or replace one's vote; answered with `poll.voted`, then everyone gets the
        live `poll.updated`."""
        poll = await dbthreads.call(
            access.poll_for_member, self.person, self.room, content.get("poll_id")
        )
        await dbthreads.call(
            services.vote,
            poll=poll,
            person=self.person,
            choices=content.get("choices"),
            reason=content.get("reason", ""),
        )
        reply: dict[str, Any] = {"type": "poll.voted", "poll_id": poll.pk}
        if isinstance(content.get("client_id"), str):
            reply["client_id"] = content["client_id"]
        await self.send_json(reply)

    async def poll_event(self, message: dict[str, Any]) -> None:
        """A poll's live copy, fitted to this connection's person."""
        poll = dict(message["poll"])
        voted = services.voter_key(poll["id"], self.person.pk) in message["voter_keys"]
        poll["voted"] = voted
        if message["hidden"] and not voted:
            poll["results"] = None
        await self.send_json({"type": message["kind"], "poll": poll})

    async def room_removal(self, message: dict[str, Any]) -> None:
        if message["person"] != self.person.pk:
            await self.send_json({"type": "member.removed", "user": message["user"]})
            return
        await self.send_error("forbidden", _("A coordinator removed you from this room."))
        await self.close(code=CLOSE_FORBIDDEN)
