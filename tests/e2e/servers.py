"""uvicorn serving the ASGI application in a process of its own, as in production."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def uvicorn(
    env: dict[str, str], *options: str, log_level: str = "warning", stderr: IO[bytes] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start uvicorn with `options`, wait until it answers (any HTTP status), and yield its
    address and process; stopped afterwards. Its log goes to `stderr` when given."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "netwerk.asgi:application",
            "--port",
            str(port),
            *options,
            "--log-level",
            log_level,
        ],
        cwd=ROOT,
        env=env,
        stderr=stderr,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/health/", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # answering, if not to this host name
        except OSError:
            time.sleep(0.2)
    try:
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=10)
