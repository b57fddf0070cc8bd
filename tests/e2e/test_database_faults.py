"""PostgreSQL restarted under API load. A cluster of its own is started for this test
(nothing else is disturbed), the platform is served by uvicorn against it, and a client
keeps calling the API while the database is stopped hard and started again: requests
fail cleanly with 503 and Retry-After while it is away, and succeed again once it is
back, without restarting the application."""

from __future__ import annotations

import glob
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import free_port
from tests.conftest import require
from tests.e2e.servers import uvicorn

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int

    def ctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1"
        self.ctl("-o", options, "-l", str(self.data.parent / "log"), "-w", "start")

    def stop_hard(self) -> None:
        self.ctl("-m", "immediate", "-w", "stop")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        require("REQUIRE_SERVICES", "needs PostgreSQL's server programs (initdb, pg_ctl)")
    root = Path(tempfile.mkdtemp(prefix="netwerk-pg-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data = root / "data"
    bin_dir = Path(found[-1]).parent
    subprocess.run(
        as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    cluster = Cluster(bin_dir, data, free_port())
    cluster.start()
    try:
        yield cluster
    finally:
        subprocess.run(
            as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def served(cluster: Cluster, tmp_path: Path) -> Iterator[str]:
    database = f"postgres://postgres@127.0.0.1:{cluster.port}/postgres"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "DATABASE_URL": database,
        "REDIS_URL": "",
        "NETWERK_VAR_DIR": str(tmp_path),
        "DEBUG": "0",  # as served: Django's error handlers, not its debug pages
        "NETWERK_MFA_REQUIRED_ROLES": "",  # leader1 browses without setting up two-factor
    }
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--password", "fault-pass-5"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    with uvicorn(env) as (url, server):
        yield url
        assert server.poll() is None, "the application died with the database"


@dataclass
class Outcome:
    at: float
    status: int | None  # None: no HTTP answer at all
    seconds: float
    retry_after: str | None
    body: str


def call(url: str, token: str) -> Outcome:
    started = time.monotonic()
    request = urllib.request.Request(
        url, headers={"Authorization": f"Token {token}", "Accept-Language": "en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return Outcome(started, response.status, time.monotonic() - started, None, "")
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        return Outcome(
            started, error.code, time.monotonic() - started, error.headers["Retry-After"], body
        )
    except OSError:
        return Outcome(started, None, time.monotonic() - started, None, "")


def logged_in(url: str, username: str, password: str) -> urllib.request.OpenerDirector:
    """A cookie-keeping client that logged in through the login page, as a browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    opener.open(urllib.request.Request(f"{url}/login/", data=form, headers={"Referer": url}))
    return opener


def test_api_requests_fail_cleanly_while_postgresql_restarts_and_then_recover(
    cluster: Cluster, served: str
) -> None:
    token_request = urllib.request.Request(
        f"{served}/api/auth/token/",
        data=json.dumps({"username": "leader1", "password": "fault-pass-5"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    token = json.load(urllib.request.urlopen(token_request, timeout=10))["token"]
    browser = logged_in(served, "leader1", "fault-pass-5")
    outcomes: list[Outcome] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            outcomes.append(call(f"{served}/api/schools/", token))
            time.sleep(0.05)

    clients = [threading.Thread(target=load) for _ in range(3)]
    for client in clients:
        client.start()
    time.sleep(2)
    stopping = time.monotonic()
    cluster.stop_hard()
    went_down = time.monotonic()  # stopped: pg_ctl waits until the server is gone
    time.sleep(3)
    try:
        browser.open(f"{served}/scholen/", timeout=15)
        page_status, page_body = 200, ""
    except urllib.error.HTTPError as error:
        page_status, page_body = error.code, error.read().decode()
    health = call(f"{served}/health/", token)
    starting = time.monotonic()
    cluster.start()
    came_back = time.monotonic()  # accepting connections: pg_ctl -w waited for it
    time.sleep(5)
    stop.set()
    for client in clients:
        client.join()

    before = [o for o in outcomes if o.at + o.seconds < stopping]
    during = [o for o in outcomes if went_down < o.at and o.at + o.seconds < starting]
    settled = [o for o in outcomes if o.at > came_back + 1]
    assert before
    assert during
    assert settled
    assert {o.status for o in before} == {200}
    # While the database is away: every request answered, quickly, with 503 and Retry-After.
    assert {o.status for o in during} == {503}, sorted({o.status for o in during}, key=str)
    assert all(o.retry_after == "5" for o in during)
    assert all(o.seconds < 5 for o in during)
    assert "unavailable" in json.loads(during[0].body)["detail"]
    assert page_status == 503
    assert "Netwerk" in page_body
    assert health.status == 503
    assert json.loads(health.body)["database"] == "failing"
    # Back without restarting the application.
    assert {o.status for o in settled} == {200}
