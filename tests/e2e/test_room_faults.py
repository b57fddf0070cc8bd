"""The rooms' fault benchmark (benchmarks/rooms_faults_bench.py), scaled down to run in the
suite: two uvicorn processes and a redis-server of its own; one process is killed with
SIGKILL and started again, then Redis, while clients keep writing. Every acknowledged
message must be stored once and reach every member, and every message written must be
acknowledged in the end. The full-load figures are in docs/reliability.md."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import require
from tests.e2e.benchmarks import run_benchmark

pytestmark = pytest.mark.slow


def test_a_killed_process_and_a_redis_restart_lose_and_repeat_nothing():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or shutil.which("redis-server") is None:
        require("REQUIRE_SERVICES", "needs PostgreSQL (DATABASE_URL) and redis-server")
    done = run_benchmark(
        "rooms_faults_bench.py", "netwerk_test_room_faults",
        "--clients", "100", "--seconds", "20", "--kill-process-at", "5", "--down", "3",
        "--kill-redis-at", "12", "--redis-down", "2", "--drain", "30",
    )  # fmt: skip
    report = done.stdout + done.stderr
    assert "kill -9 uvicorn process 2" in report, report
    assert "kill -9 redis" in report, report
    for goal in (
        "no acknowledged message lost (0)",
        "no duplicates (0 client_ids stored twice)",
        "every client caught up (0 behind, 0 missing)",
        "every message acknowledged in the end (0 not)",
    ):
        assert f"PASS  {goal}" in report, report
    assert done.returncode == 0, report
