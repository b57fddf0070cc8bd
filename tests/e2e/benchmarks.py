"""Run a benchmark script from benchmarks/ as the suite's scaled-down end-to-end test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(script: str, database: str, *options: str) -> subprocess.CompletedProcess[str]:
    """Run benchmarks/<script> on a fresh database of that name, beside DATABASE_URL's (the
    script creates and migrates it), and drop it afterwards. Returns the finished process."""
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    try:
        return subprocess.run(
            [sys.executable, f"benchmarks/{script}", "--database", f"{base}/{database}",
             "--fresh-database", *options],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
