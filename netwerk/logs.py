"""One structured log record per request, and a request id on every log record.

With LOG_FORMAT=json every field is a JSON key, so a log collector can count errors per
route or find slow requests without parsing text. Paths are logged without their query
string: queries can hold search terms typed by people.

Each request gets an id: the one a reverse proxy sent in `X-Request-ID` when it looks like
an id, a new one otherwise. It goes back in the response's `X-Request-ID` header, onto
every log record written while the request runs (`RequestIdFilter`), and onto error reports
(Sentry), so one id finds everything a request caused."""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import sentry_sdk
from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.db import DatabaseError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

logger = logging.getLogger("netwerk.requests")

HEADER = "X-Request-ID"
NO_REQUEST = "-"
# What a proxy may hand us: nginx's $request_id, a UUID, a trace id. Anything else (too
# long, spaces, control characters) could forge log lines, so it gets a fresh id instead.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (or "-") on each record, as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class SkipServerAccessLines(logging.Filter):
    """Drops the development server's own line per HTTP request (daphne's runserver logs
    one with the status): RequestLogMiddleware has logged that request already. Its
    websocket lines stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.args, dict) and "status" in record.args)


def request_id_for(request: HttpRequest) -> str:
    offered = request.headers.get(HEADER, "")
    return offered if ACCEPTED_ID.fullmatch(offered) else uuid.uuid4().hex


def user_id_of(request: HttpRequest) -> int | None:
    """The signed-in person's id, if the request looked at who it was: a log line is no
    reason to load a session (and in the event loop it could not)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    try:
        return user.pk if user.is_authenticated else None
    except DatabaseError:  # the database went away during this request
        return None


class RequestLogMiddleware:
    """First in MIDDLEWARE, so static files, redirects and errors are logged too."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.serve_async(request)
        token, started = self.start(request)
        try:
            response: HttpResponseBase = self.get_response(request)
            return self.finish(request, response, started)
        finally:
            current_request_id.reset(token)

    async def serve_async(self, request: HttpRequest) -> HttpResponseBase:
        token, started = self.start(request)
        try:
            get_response: Callable[[HttpRequest], Awaitable[HttpResponseBase]]
            get_response = self.get_response
            return self.finish(request, await get_response(request), started)
        finally:
            current_request_id.reset(token)

    def start(self, request: HttpRequest) -> tuple[contextvars.Token[str], float]:
        request_id = request_id_for(request)
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
        return current_request_id.set(request_id), time.perf_counter()

    def finish(
        self, request: HttpRequest, response: HttpResponseBase, started: float
    ) -> HttpResponseBase:
        response[HEADER] = current_request_id.get()
        # Django would log a 4xx or 5xx response once more (django.request), after this
        # middleware, without the id. An exception's traceback was logged before: it stays.
        response._has_been_logged = True  # type: ignore[attr-defined]
        match = request.resolver_match
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user_id_of(request),
            },
        )
        return response
