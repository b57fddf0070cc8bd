"""Two people write in one proposal at the same moment, on two uvicorn processes joined by
PostgreSQL and Redis: both end with the same text, which the API returns and which
survives a restart of both processes (benchmarks/coedit_bench.py, scaled down)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import require
from tests.e2e.benchmarks import run_benchmark

pytestmark = pytest.mark.slow


def test_two_editors_on_two_processes_converge_and_their_text_survives_a_restart():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        require("REQUIRE_SERVICES", "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    done = run_benchmark(
        "coedit_bench.py", "netwerk_test_coedit",
        "--redis", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "--clients", "2", "--rate", "5", "--seconds", "5",
        "--load-edits", "1000", "--load-repeats", "3",
    )  # fmt: skip
    report = done.stdout + done.stderr
    for goal in (
        "every update acknowledged (0 not, 0 errors [])",
        "every editor holds the same text (1 differ)",
        "the stored document equals every editor's",
        "the API returns the stored text as body",
        "the text survives a restart",
    ):
        assert f"PASS  {goal}" in report, report
