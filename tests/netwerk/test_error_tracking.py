"""Error tracking (Sentry) is off unless SENTRY_DSN is set; with it set, reports go to that
address. The DSN here points at a listener on 127.0.0.1: nothing leaves the machine."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

ROOT = Path(__file__).resolve().parents[2]
DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress}
PROBE = (
    "import sentry_sdk; print(sentry_sdk.is_initialized()); "
    "sentry_sdk.capture_message('probe from the test'); sentry_sdk.flush(5)"
)


def shell(**extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=ROOT,
        env=env | extra,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    received: list[bytes] = []

    class Envelopes(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            # The SDK compresses with Brotli when the module is installed, else gzip.
            decompress = DECOMPRESS.get(self.headers.get("Content-Encoding", ""))
            received.append(decompress(body) if decompress else body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()


def test_without_a_dsn_nothing_is_initialised(listener):
    _port, received = listener
    assert shell() == "False"
    assert received == []


def test_with_a_dsn_reports_go_to_it(listener):
    port, received = listener
    assert shell(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1") == "True"
    envelopes = b"\n".join(received)
    assert b"probe from the test" in envelopes
    assert b'"environment":"development"' in envelopes
