"""Websocket routes. The rooms of the real-time protocol (docs/realtime-protocol.md) live here."""

from __future__ import annotations

from typing import Any

from django.urls import path, re_path

from discussions.consumers import NoRouteConsumer, RoomConsumer

# A room id is taken as sent: one that is no number names no room (4403, or 4401 when
# nobody is signed in), like an unknown one. Any other path is closed with 4404.
websocket_urlpatterns: list[Any] = [
    path("ws/rooms/<str:room_id>/", RoomConsumer.as_asgi()),
    re_path(r"", NoRouteConsumer.as_asgi()),
]
