"""Clients for the room work done on the event loop itself, without a thread: a small
asyncio PostgreSQL pool (psycopg_pool) and an asyncio Redis client per event loop.

The websocket handshake (the token's person and the room) is one SQL statement, and so
is the common post (a plain message, see services.apost_message). Run from the event
loop, they cost no hop to a database thread and back, which at the target load was most
of what a post added to a message's way from sender to partners, and most of a handshake
(docs/benchmarks.md, "Rooms").

The connections are in autocommit: each statement is its own short transaction. A few
per loop (NETWERK_ROOM_LOOP_CONNECTIONS, part of the process's NETWERK_DB_CONNECTIONS) let
a reconnect storm's look-ups overlap instead of queueing for one. A connection that broke
(PostgreSQL restarted) is dropped by the pool when it comes back. Only PostgreSQL has these
connections; with another database (SQLite in development) `database_available()` is false
and the work takes the database threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
import redis.asyncio
from django.conf import settings
from django.db import connections
from psycopg_pool import AsyncConnectionPool

from discussions.redis_pool import TIMEOUT_SECONDS

DEFAULT_CONNECTIONS = 3
APPLICATION_NAME = "netwerk-rooms"
PREPARE_THRESHOLD = 5  # psycopg's own default


@dataclass
class _LoopClients:
    database: AsyncConnectionPool[psycopg.AsyncConnection[tuple[Any, ...]]] | None = None
    opening: asyncio.Lock = field(default_factory=asyncio.Lock)
    redis: redis.asyncio.Redis | None = None


_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopClients] = (
    weakref.WeakKeyDictionary()
)


def _for_this_loop() -> _LoopClients:
    loop = asyncio.get_running_loop()
    clients = _clients.get(loop)
    if clients is None:
        clients = _clients[loop] = _LoopClients()
    return clients


@functools.cache
def database_available() -> bool:
    """Whether the database is PostgreSQL (asked once: the settings do not change)."""
    return bool(connections["default"].vendor == "postgresql")


def connection_count() -> int:
    return max(1, int(getattr(settings, "NETWERK_ROOM_LOOP_CONNECTIONS", DEFAULT_CONNECTIONS)))


def _pool() -> AsyncConnectionPool[psycopg.AsyncConnection[tuple[Any, ...]]]:
    database = connections["default"]
    params = database.get_connection_params()
    params.pop("cursor_factory", None)  # Django's is for its own, synchronous connections
    params.setdefault("application_name", APPLICATION_NAME)
    if "prepare_threshold" not in database.settings_dict["OPTIONS"]:
        # Django turns psycopg's prepared statements off unless OPTIONS asks for them (for
        # poolers that cannot keep them); these few statements, run thousands of times,
        # are prepared once per connection (`prepare=True` where they are run).
        params["prepare_threshold"] = PREPARE_THRESHOLD
    return AsyncConnectionPool(
        kwargs={**params, "autocommit": True, "connect_timeout": TIMEOUT_SECONDS},
        # Part of the process's budget (NETWERK_DB_CONNECTIONS); like Django's pool it
        # gives back what a quiet minute leaves unused.
        min_size=0,
        max_size=connection_count(),
        max_idle=float(getattr(settings, "NETWERK_DB_IDLE_SECONDS", 4.0)),
        # psycopg_pool's default: renewed hourly (in the background; a renewed connection
        # prepares its statements again).
        max_lifetime=3600.0,
        timeout=TIMEOUT_SECONDS,
        name=APPLICATION_NAME,
        open=False,
    )


@contextlib.asynccontextmanager
async def database() -> AsyncIterator[psycopg.AsyncConnection[tuple[Any, ...]]]:
    """A connection of this loop's pool, in autocommit, opened when first needed."""
    clients = _for_this_loop()
    async with clients.opening:
        if clients.database is None:
            pool = _pool()
            await pool.open()
            clients.database = pool
    async with clients.database.connection() as connection:
        yield connection


def redis_client() -> redis.asyncio.Redis | None:
    """This loop's client for REDIS_URL (None without Redis)."""
    url = str(settings.REDIS_URL)
    if not url:
        return None
    clients = _for_this_loop()
    if clients.redis is None:
        # Bounded and blocking, like the threads' client (discussions.redis_pool): in a
        # reconnect storm, a thousand joins wait their turn for a connection.
        pool = redis.asyncio.BlockingConnectionPool.from_url(
            url,
            max_connections=int(settings.REDIS_MAX_CONNECTIONS),
            timeout=TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
            decode_responses=True,
        )
        clients.redis = redis.asyncio.Redis(connection_pool=pool)
    return clients.redis


async def close() -> None:
    """Close this loop's clients (at the end of a test's event loop)."""
    clients = _clients.pop(asyncio.get_running_loop(), None)
    if clients is None:
        return
    if clients.database is not None:
        await clients.database.close()
    if clients.redis is not None:
        await clients.redis.aclose(close_connection_pool=True)
