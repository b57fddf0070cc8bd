"""Websocket routes. The rooms of the real-time protocol (docs/realtime-protocol.md) live here."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
