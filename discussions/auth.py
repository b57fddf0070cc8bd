"""Websocket authentication by API token, for clients without a browser session.

`Authorization: Token <key>` (a key from POST /api/auth/token/) sets the connection's user.
A token, when sent, decides alone: a wrong one leaves the connection unauthenticated
(closed with 4401), never falls back to a session. Connections without one go through the
session stack (`otherwise`), so token clients skip the cookie, session and user look-ups.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject
from rest_framework.authtoken.models import Token

from schools.models import User

ASGIApp = Any


def token_from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, key = value.decode("latin-1").partition(" ")
            if scheme.lower() == "token" and key.strip():
                return key.strip()
            return ""
    return None


def user_for_token(key: str) -> User | AnonymousUser:
    """The active person with this API token (one query written out: it runs for every
    websocket handshake of a token client)."""
    users = User.objects.raw(TOKEN_USER_SQL, [key])
    found = list(users)
    return found[0] if found else AnonymousUser()


TOKEN_USER_SQL = (
    f'SELECT u.* FROM "{User._meta.db_table}" u '  # noqa: S608 (table names only)
    f'JOIN "{Token._meta.db_table}" t ON t."user_id" = u."id" '
    'WHERE t."key" = %s AND u."is_active"'
)


class TokenAuthMiddleware:
    def __init__(self, app: ASGIApp, *, otherwise: ASGIApp) -> None:
        self.app = app
        self.otherwise = otherwise

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        key = token_from_headers(scope.get("headers", []))
        if key is None:
            return await self.otherwise(scope, receive, send)
        # The room consumer looks the key up itself, with the room, in one statement
        # (discussions.access.entrant_with_token); anything else that reads the user looks
        # it up when first used, in a database thread, never on the event loop.
        user = SimpleLazyObject(partial(user_for_token, key)) if key else AnonymousUser()
        return await self.app({**scope, "user": user, "token": key}, receive, send)
