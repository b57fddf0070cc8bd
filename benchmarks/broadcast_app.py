"""The ceiling for the rooms benchmark: the smallest Channels app that does the rooms' fan-out.

No authentication, no database, no rendering: a websocket at `/ws/rooms/<room_id>/` says
`hello`, and every text frame it receives goes to everyone in the room (the sender too) as
`message.new {message: {client_id, body}}`, through the same channel layer the platform
uses (discussions.layers.ProcessChannelsPubSubLayer on REDIS_URL). Served by uvicorn exactly like
the platform; benchmarks/rooms_bench.py starts it.

    REDIS_URL=redis://127.0.0.1:6379/5 uvicorn benchmarks.broadcast_app:application
"""

from __future__ import annotations

import json
import os
from typing import Any

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "discussions.layers.ProcessChannelsPubSubLayer",
                "CONFIG": {
                    "hosts": [
                        {
                            "address": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
                            "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "20")),
                        }
                    ],
                    "prefix": "bench-ceiling",
                },
            }
        },
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.urls import path


class BroadcastConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        self.group = f"room-{self.scope['url_route']['kwargs']['room_id']}"
        await self.accept()
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send(text_data=json.dumps({"type": "hello"}))

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        frame = json.loads(text_data or "{}")
        message = {"client_id": frame.get("client_id"), "body": frame.get("body")}
        text = json.dumps({"type": "message.new", "message": message})
        await self.channel_layer.group_send(self.group, {"type": "room.event", "text": text})

    async def room_event(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/rooms/<int:room_id>/", BroadcastConsumer.as_asgi())])}
)
