"""Who a room websocket belongs to: an API token, or a browser's session cookie.

`Authorization: Token <key>` (a key from POST /api/auth/token/) decides alone when sent: a
wrong one leaves the connection unauthenticated (closed with 4401) and never falls back
to the session. Without one, the session cookie names the session.

The middleware only reads the headers. The room consumer looks the person up itself,
with the room, on the event loop (discussions.access): a reconnect storm's handshakes
then cost no trip to a database thread. Anything else that reads `scope["user"]` gets
the person looked up when first used, in a database thread, with Django's own check.
"""

from __future__ import annotations

from functools import partial
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.utils.functional import SimpleLazyObject
from rest_framework.authtoken.models import Token

from schools.models import User

ASGIApp = Any


def header(headers: list[tuple[bytes, bytes]], wanted: bytes) -> str | None:
    for name, value in headers:
        if name.lower() == wanted:
            return value.decode("latin-1")
    return None


def token_from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The key of `Authorization: Token <key>`; "" for another scheme or no key (a wrong
    credential), None without the header."""
    value = header(headers, b"authorization")
    if value is None:
        return None
    scheme, _, key = value.partition(" ")
    return key.strip() if scheme.lower() == "token" else ""


def cookies_from_headers(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    cookies = header(headers, b"cookie")
    return parse_cookie(cookies) if cookies else {}


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


def user_for_session(key: str) -> Any:
    """The session's person as Django's authentication middleware finds them."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return get_user(request)


class WebsocketAuthMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        headers = scope.get("headers", [])
        # As Channels' CookieMiddleware: the consumer reads the language cookie here too.
        scope = {**scope, "cookies": cookies_from_headers(headers)}
        token = token_from_headers(headers)
        if token is not None:
            user = SimpleLazyObject(partial(user_for_token, token)) if token else AnonymousUser()
            return await self.app({**scope, "user": user, "token": token}, receive, send)
        session_key = scope["cookies"].get(settings.SESSION_COOKIE_NAME) or None
        if session_key is None:
            return await self.app({**scope, "user": AnonymousUser()}, receive, send)
        user = SimpleLazyObject(partial(user_for_session, session_key))
        return await self.app({**scope, "user": user, "session_key": session_key}, receive, send)
