"""Websocket routes. The rooms of the real-time protocol (docs/realtime-protocol.md) live here."""

from __future__ import annotations

from typing import Any

from django.urls import path

from discussions.consumers import RoomConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/rooms/<int:room_id>/", RoomConsumer.as_asgi()),
]
