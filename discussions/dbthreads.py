"""Where the room websockets do their database work: a small pool of threads per process.

asgiref's default (`thread_sensitive=True`) runs every ORM call of a process in one
thread, so at ~40 posts/s the posts of a whole process queue behind each other. Room work
needs no thread affinity (each call opens and ends its own transactions), so it runs in
a bounded pool instead. Each pool thread keeps its own database connection, reused while
younger than CONN_MAX_AGE and closed by `close_old_connections` around every call (as
channels' `database_sync_to_async` does), so one process holds at most
`NETWERK_ROOM_DB_THREADS` connections here, beside the one of Django's own thread and
the event loop's pool (discussions.onloop, which takes the handshakes and plain posts):
size both so that processes x (threads + loop connections + 1) stays under PostgreSQL's
`max_connections`.

With CONN_HEALTH_CHECKS on, Django pings a reused connection (`SELECT 1`) at the start of
every "request"; here a request is one call, up to a hundred a second per thread. A
connection that finished a call cleanly less than FRESH_SECONDS ago is not pinged again:
were PostgreSQL to go away within that second, the call fails, its error marks the
connection, and the next call gets a new one.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connections

DEFAULT_THREADS = 4
FRESH_SECONDS = 1.0


def thread_count() -> int:
    return max(1, int(getattr(settings, "NETWERK_ROOM_DB_THREADS", DEFAULT_THREADS)))


@functools.cache
def executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=thread_count(), thread_name_prefix="rooms-db")


_calling = threading.local()


def event_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop whose call this pool thread is running now (None elsewhere), so
    that what a service publishes after commit can go out on that loop without holding
    the thread (discussions.broadcast)."""
    loop: asyncio.AbstractEventLoop | None = getattr(_calling, "loop", None)
    return loop


def _start() -> None:
    close_old_connections()
    if time.monotonic() - getattr(_calling, "clean_at", -FRESH_SECONDS) < FRESH_SECONDS:
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                # Django's own flag for "checked in this request" (not in its stubs).
                connection.health_check_done = True  # type: ignore[attr-defined]


def _end() -> None:
    close_old_connections()
    usable = all(c.connection is not None for c in connections.all(initialized_only=True))
    _calling.clean_at = time.monotonic() if usable else -FRESH_SECONDS


async def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service or access helper in the pool (connections closed as Django expects)."""
    loop = asyncio.get_running_loop()

    def in_thread() -> Any:
        _calling.loop = loop
        _start()
        try:
            return function(*args, **kwargs)
        finally:
            _end()
            _calling.loop = None

    return await sync_to_async(in_thread, thread_sensitive=False, executor=executor())()
