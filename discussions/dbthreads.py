"""Where the room websockets do their database work: a small pool of threads per process.

asgiref's default (`thread_sensitive=True`) runs every ORM call of a process in one
thread, so at ~40 posts/s the posts of a whole process queue behind each other. Room work
needs no thread affinity (each call opens and ends its own transactions), so it runs in
a bounded pool instead. A pool thread takes a connection from Django's connection pool
for the length of one call and gives it back (`close_old_connections` around every call,
as channels' `database_sync_to_async` does), so these threads count against the process's
one budget of database connections (NETWERK_DB_CONNECTIONS, netwerk/settings.py) like
every other request. The pool checks a connection before handing it out, so a call after
a database restart gets a working one.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

DEFAULT_THREADS = 4


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


async def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service or access helper in the pool (connections closed as Django expects)."""
    loop = asyncio.get_running_loop()

    def in_thread() -> Any:
        _calling.loop = loop
        close_old_connections()
        try:
            return function(*args, **kwargs)
        finally:
            close_old_connections()
            _calling.loop = None

    return await sync_to_async(in_thread, thread_sensitive=False, executor=executor())()
