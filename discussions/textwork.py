"""Where the room websockets check and render the text of a post: a small pool of threads
per process, off the event loop.

The personal-data check and the markdown rendering of one post cost 0.75 ms of CPU for a
typical chat line, 6 ms at the 99th percentile of a mix of posts and 26 ms for one of
10,000 characters (benchmarks/loop_blocking_bench.py, docs/benchmarks.md). On the event
loop, every frame relayed by the process waited that long; here the loop goes on relaying
while a pool thread works (the interpreter switches threads at least every 5 ms).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async

TEXT_THREADS = 2


@functools.cache
def executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=TEXT_THREADS, thread_name_prefix="rooms-text")


async def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run pure text work in the pool (the caller's language goes along with it)."""
    return await sync_to_async(function, thread_sensitive=False, executor=executor())(
        *args, **kwargs
    )
