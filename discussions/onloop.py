"""Clients for the room work done on the event loop itself, without a thread: one asyncio
PostgreSQL connection (psycopg) and one asyncio Redis client per event loop.

The common post (a plain message, see services.apost_message) is one SQL statement and
one Redis round trip. Run from the event loop, it costs no hop to a database thread and
back, which at the target load was most of what a post added to a message's way from
sender to partners (docs/benchmarks.md, "Rooms").

One connection per loop is enough: in autocommit, each statement is its own short
transaction (well under a millisecond), and psycopg runs a connection's statements one
at a time, so concurrent posts of a process simply queue for it. A connection that broke
(PostgreSQL restarted) is replaced at the next use. Only PostgreSQL has such a
connection; with another database (SQLite in development) `database` is unavailable and
every post takes the database threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import psycopg
import redis.asyncio
from django.conf import settings
from django.db import connections

from discussions.redis_pool import TIMEOUT_SECONDS


@dataclass
class _LoopClients:
    database: psycopg.AsyncConnection[tuple[object, ...]] | None = None
    opened_at: float = 0.0
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


def _max_age() -> float:
    age = connections["default"].settings_dict.get("CONN_MAX_AGE") or 0
    return float("inf") if age is None else float(age)


async def _connect() -> psycopg.AsyncConnection[tuple[object, ...]]:
    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)  # Django's is for its own, synchronous connections
    return await psycopg.AsyncConnection.connect(
        autocommit=True, connect_timeout=TIMEOUT_SECONDS, **params
    )


@contextlib.asynccontextmanager
async def database() -> AsyncIterator[psycopg.AsyncConnection[tuple[object, ...]]]:
    """This loop's connection, in autocommit. Opened on first use, and again after it
    broke or grew older than CONN_MAX_AGE. An error inside, other than a constraint's,
    closes it."""
    clients = _for_this_loop()
    async with clients.opening:
        current = clients.database
        stale = current is not None and time.monotonic() - clients.opened_at > _max_age()
        if current is None or current.closed or current.broken or stale:
            if current is not None:
                await current.close()
            clients.database = None
            current = clients.database = await _connect()
            clients.opened_at = time.monotonic()
    try:
        yield current
    except psycopg.IntegrityError:
        raise  # a statement refused by a constraint leaves the connection as it was
    except BaseException:
        # Whatever else went wrong (a broken connection, a cancelled statement), the next
        # use starts afresh.
        await current.close()
        raise


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
