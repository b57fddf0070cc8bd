"""Websocket authentication by API token, for clients without a browser session.

`Authorization: Token <key>` (a key from POST /api/auth/token/) sets the connection's user.
It sits inside the session middleware: a token, when sent, decides alone, and a wrong
token leaves the connection unauthenticated (closed with 4401), never falls back.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework.authtoken.models import Token

from discussions import dbthreads
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
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not isinstance(token.user, User) or not token.user.is_active:
        return AnonymousUser()
    return token.user


class TokenAuthMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        key = token_from_headers(scope.get("headers", []))
        if key is not None:
            user = await dbthreads.call(user_for_token, key) if key else AnonymousUser()
            scope = {**scope, "user": user}
        return await self.app(scope, receive, send)
