"""One log line per request, with its request id, from the servers as they run: uvicorn in
production (JSON logs, even with uvicorn's own access log asked for) and daphne through
runserver as `make run` starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import free_port
from tests.e2e.servers import uvicorn

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SENTRY_DSN"}
    }
    env |= {"NETWERK_VAR_DIR": str(var_dir), **extra}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    return env


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["X-Request-ID"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["X-Request-ID"]


PATHS = ["/login/", "/nothing-here/", "/static/frontend/css/netwerk.css", "/health/"]


def test_uvicorn_writes_one_json_line_per_request_with_its_id(tmp_path):
    # Redis is configured but away: the health check logs why, inside the request.
    env = environment(tmp_path, LOG_FORMAT="json", REDIS_URL="redis://127.0.0.1:1/0")
    log = tmp_path / "uvicorn.log"
    with log.open("wb") as stderr, uvicorn(env, log_level="info", stderr=stderr) as (url, _):
        answers = {path: fetch(url + path) for path in PATHS}
        time.sleep(0.5)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    for path, (status, request_id) in answers.items():
        mentions = [line for line in lines if line["request_id"] == request_id]
        requests = [line for line in mentions if line["logger"] == "netwerk.requests"]
        assert len(requests) == 1, (path, mentions)
        assert requests[0]["path"] == path
        assert requests[0]["status"] == status
    # uvicorn's access log and Django's own record of a 4xx or 5xx would repeat them.
    assert [line for line in lines if line["request_id"] == "-"] == []
    assert not any(
        line.startswith("INFO:") and "HTTP/1.1" in line for line in log.read_text().splitlines()
    )
    _status, health_id = answers["/health/"]
    health_lines = [line for line in lines if line["request_id"] == health_id]
    assert [line["logger"] for line in health_lines] == ["netwerk.health", "netwerk.requests"]
    assert health_lines[0]["message"] == "health: Redis check failed"


def test_runserver_as_make_run_starts_it_writes_one_line_per_request(tmp_path):
    env = environment(tmp_path, NETWERK_ASGI_RUNSERVER="true")
    port = free_port()
    log = tmp_path / "runserver.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--nostatic", "--noreload", f"{port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(f"{url}/health/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.3)
            answers = {path: fetch(url + path) for path in PATHS[:3]}
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = log.read_text()
    for path, (status, request_id) in answers.items():
        mentions = [line for line in text.splitlines() if path in line]
        assert mentions == [mentions[0]], (path, mentions)
        assert f"netwerk.requests [{request_id}] GET {path} {status}" in mentions[0]
    assert answers["/static/frontend/css/netwerk.css"][0] == 200
