"""Production refuses unsafe configuration; the embedded defaults need no environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netwerk.settings import DEVELOPMENT_SECRET_KEY

STRONG_KEY = "k" * 20 + "-production-secret-0123456789-abcdefghij"


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "NETWERK_ENV"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import netwerk.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_development_secret_key():
    result = load_settings(NETWERK_ENV="production", ALLOWED_HOSTS="netwerk.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = load_settings(
        NETWERK_ENV="production", SECRET_KEY=STRONG_KEY, DEBUG="1", ALLOWED_HOSTS="x.example"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_safe_settings():
    result = load_settings(
        NETWERK_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_without_environment_the_platform_runs_on_sqlite():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import netwerk.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
    ]


def test_the_development_key_is_not_a_secret_anyone_could_use_in_production():
    assert "insecure" in DEVELOPMENT_SECRET_KEY


def database_settings(**env: str) -> subprocess.CompletedProcess[str]:
    program = (
        "import json, netwerk.settings as s; d = s.DATABASES['default'];"
        "print(json.dumps([d['ENGINE'], d['CONN_MAX_AGE'], d['OPTIONS'].get('pool')]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NETWERK_DB_")}
    clean.pop("NETWERK_ROOM_LOOP_CONNECTIONS", None)
    return subprocess.run(
        [sys.executable, "-c", program],
        env=clean | env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("url", ["postgres://postgres@127.0.0.1:5432/netwerk"])
def test_database_url_selects_postgresql_with_a_bounded_pool(url):
    result = database_settings(DATABASE_URL=url)
    engine, max_age, pool = json.loads(result.stdout)
    assert engine == "django.db.backends.postgresql"
    assert max_age == 0
    # 16 per process: 13 in Django's pool, 3 in the rooms' event loop pool.
    assert pool["max_size"] == 13
    assert pool["min_size"] == 0
    assert pool["max_idle"] == 4
    assert pool["timeout"] == 3


def test_the_connection_budget_is_configurable_and_must_leave_room_for_the_pools():
    url = "postgres://postgres@127.0.0.1:5432/netwerk"
    result = database_settings(
        DATABASE_URL=url, NETWERK_DB_CONNECTIONS="8", NETWERK_ROOM_LOOP_CONNECTIONS="2"
    )
    assert json.loads(result.stdout)[2]["max_size"] == 6
    refused = database_settings(DATABASE_URL=url, NETWERK_DB_CONNECTIONS="3")
    assert refused.returncode != 0
    assert "NETWERK_DB_CONNECTIONS must be larger" in refused.stderr
