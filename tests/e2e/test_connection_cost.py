"""The per-connection cost benchmark (benchmarks/rooms_connection_cost.py), scaled down:
it serves the platform from one uvicorn process, opens and closes token clients (or
browsers' session clients), and reports CPU per handshake and disconnect and the memory
with all of them open. The figures are in docs/benchmarks.md."""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import require
from tests.e2e.benchmarks import run_benchmark

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("auth", ["token", "session"])
def test_it_reports_the_cost_of_a_connection(auth: str):
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not url.startswith("postgres") or not redis_url:
        require("REQUIRE_SERVICES", "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    done = run_benchmark(
        "rooms_connection_cost.py", "netwerk_test_connection_cost",
        "--redis", redis_url, "--connections", "50", "--batch", "25", "--rounds", "2",
        "--auth", auth,
    )  # fmt: skip
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert f"deflate off, 50 connections ({auth} clients) opened 25 at a time" in report, report
    figures = {
        name: float(value)
        for name, value in re.findall(r"  (server CPU per \w+|server memory)\D+([\d.]+)", report)
    }
    assert set(figures) == {
        "server CPU per handshake",
        "server CPU per disconnect",
        "server memory",
    }, report
    # 50 disconnects may take less than one clock tick of CPU: only the others are sure.
    assert figures["server CPU per handshake"] > 0, report
    assert figures["server memory"] > 0, report
